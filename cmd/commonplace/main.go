// Command commonplace turns a commonplace book — a folder of Markdown
// entries, one source per file — into a PDF anthology, an EPUB and
// quote-of-the-day feeds, every quotation carrying its citation.
//
// Exit codes: 0 ok, 1 input problems, 2 usage errors.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"

	"github.com/spf13/cobra"

	_ "github.com/commonplace-book/commonplace/render/all" // the formats
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

func main() { os.Exit(profiled()) }

// profiled runs the command line and returns its exit code, profiling it
// as the environment asks.
func profiled() int {
	// COMMONPLACE_CPUPROFILE=FILE writes a CPU profile of the run (for
	// developers: go tool pprof bin/commonplace FILE).
	if p := os.Getenv("COMMONPLACE_CPUPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "commonplace: cpu profile:", err)
			return 2
		}
		defer f.Close()
		defer pprof.StopCPUProfile()
	}
	code := run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	// COMMONPLACE_MEMPROFILE=FILE writes a heap profile at the end of
	// the run (go tool pprof -sample_index=alloc_space … shows where the
	// run allocated).
	if p := os.Getenv("COMMONPLACE_MEMPROFILE"); p != "" {
		f, err := os.Create(p)
		if err == nil {
			err = pprof.WriteHeapProfile(f)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "commonplace: memory profile:", err)
			code = 2
		}
	}
	return code
}

// run executes the command line args and returns the exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.Execute()
	if err == nil {
		return 0
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintln(stderr, "commonplace:", ee.err)
		}
		return ee.code
	}
	// Anything cobra itself reports (unknown flag, bad argument) is usage.
	fmt.Fprintln(stderr, "commonplace:", err)
	fmt.Fprintln(stderr, "Run 'commonplace help' for usage.")
	return 2
}

func newRootCmd() *cobra.Command {
	root := &cobra.Command{
		Use:   "commonplace",
		Short: "Turn a folder of Markdown quotations into a PDF anthology, an EPUB and daily-quote feeds",
		Long: `Commonplace turns a commonplace book — a folder of Markdown entries, one source
per file, whose front matter describes the source and whose body holds the
passages quoted from it — into a printable PDF anthology, an EPUB e-book and
quote-of-the-day feeds, every quotation carrying a citation built from the
front matter (Chicago, MLA, APA or short).

DIR defaults to the current folder; settings come from DIR/commonplace.yaml,
and flags win over them. SOURCE_DATE_EPOCH pins every timestamp.

Exit codes: 0 ok, 1 input problems, 2 usage errors.

Start with:
  commonplace check notes/                  # every problem as FILE:LINE
  commonplace build notes/                  # notes/out/book.pdf, book.epub, feeds
  commonplace feed notes/                   # today's quote
  commonplace cite --style mla notes/walden.md

An entry is a Markdown file with front matter:
  ---
  author: Henry David Thoreau
  title: Walden
  date: 1854
  ---

  "I went to the woods because I wished to live deliberately."

Shell completion: source <(commonplace completion bash)   (also zsh, fish)`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	root.SetVersionTemplate("commonplace {{.Version}}\n")
	root.AddCommand(
		newCheckCmd(),
		newCiteCmd(),
		newListCmd(),
		newFormatsCmd(),
		newRenderCmd(),
		newBuildCmd(),
		newFeedCmd(),
		newImportCmd(),
		newVersionCmd(),
	)
	return root
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(cmd.OutOrStdout(), "commonplace %s\n", version)
			return nil
		},
	}
}
