package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/commonplace-book/commonplace/build"
	"github.com/commonplace-book/commonplace/layouts"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/epub"
	"github.com/commonplace-book/commonplace/render/feed"
	"github.com/commonplace-book/commonplace/render/pdf"
)

func newRenderCmd() *cobra.Command {
	var f collectionFlags
	var to, out, layout string
	var print, embedFonts bool
	cmd := &cobra.Command{
		Use:   "render --to FORMAT [-o FILE|-] [--layout NAME] [--style STYLE] [DIR]",
		Short: "Render the collection in one format",
		Long: `Render writes the whole collection in one format (see 'commonplace formats')
to FILE, or to standard output with -o - (the default for text formats).
The file is written to a temporary name and renamed only when complete;
with --to fortune, FILE.dat (its strfile index) is written beside it.
A FILE that is a device or a named pipe (/dev/null, a FIFO) is written
into once the output is complete, without FILE.dat.
Entries with errors are reported and left out; the others still render,
and the exit status is then 1.`,
		Example: `  commonplace render --to pdf -o book.pdf notes/
  commonplace render --to pdf --layout 6x9 --print -o print.pdf notes/
  commonplace render --to epub --layout sans --embed-fonts -o book.epub notes/
  commonplace render --to rss notes/ > feed.xml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if to == "" {
				return usageErr("render needs --to FORMAT (see 'commonplace formats')")
			}
			if to == "epub" || to == "pdf" {
				// The EPUB and the PDF read each entry's body when they
				// set it, from the cache's quote index (with --no-cache, a
				// cache file of this run only).
				f.lazy = f.entryCache() != nil
				f.index = true
			}
			c, err := f.load(cmd, dirArg(args), false)
			if err != nil {
				return err
			}
			switch {
			case to == "epub":
				boundEPUBMemory(c)
			case to == "pdf" && os.Getenv("GOGC") == "":
				// The PDF allocates as it sets every entry: the usual
				// headroom costs less time than the index's half.
				debug.SetGCPercent(100)
			}
			r, err := build.Lookup(c, to)
			if err != nil {
				return usageErr("%v", err)
			}
			if (out == "" || out == "-") && isBinary(r) && isTerminal(cmd.OutOrStdout()) {
				return usageErr("refusing to write %s to a terminal; use -o FILE", r.MediaType())
			}
			now, err := sourceDateEpoch()
			if err != nil {
				return err
			}
			opts := render.Options{Now: now, Cache: f.entryCache(),
				Context: cmd.Context(), Stderr: cmd.ErrOrStderr(), Shared: &render.Shared{},
				Warn: func(p model.Problem) { fmt.Fprintln(cmd.ErrOrStderr(), p.String()) }}
			// The format's own section, resolved once, then the flags
			// over it: a flag given wins either way (--print=false
			// turns off pdf.print: true).
			fl := cmd.Flags()
			switch to {
			case "pdf":
				cfg, probs := pdf.ParseConfig(c)
				if err := model.ErrorOf(probs); err != nil {
					return inputErr(fmt.Errorf("render pdf: %w", err))
				}
				if layout != "" {
					cfg.Layout = layout
				}
				if fl.Changed("print") {
					cfg.Print = print
				}
				opts.Configs = render.Configs{"pdf": cfg}
			case "epub":
				cfg, probs := epub.ParseConfig(c)
				if err := model.ErrorOf(probs); err != nil {
					return inputErr(fmt.Errorf("render epub: %w", err))
				}
				if layout != "" {
					cfg.Theme = layout
				}
				if fl.Changed("embed-fonts") {
					cfg.EmbedFonts = embedFonts
				}
				opts.Configs = render.Configs{"epub": cfg}
			case "post", "card", "email", "eml":
				// --style is the citation style of the posts and cards
				// too (default short).
				if f.style != "" {
					cfg, probs := feed.ParseConfig(c)
					if err := model.ErrorOf(probs); err != nil {
						return inputErr(fmt.Errorf("render %s: %w", to, err))
					}
					cfg.ShortStyle = f.style
					opts.Configs = render.Configs{feed.Section: cfg}
				}
			}
			if _, err := build.WriteFile(cmd.OutOrStdout(), out, r, c, opts); err != nil {
				return &exitError{code: 1, err: fmt.Errorf("render %s: %w", to, err)}
			}
			if model.Errors(c.Problems) > 0 {
				return inputErr(nil)
			}
			return nil
		},
	}
	f.add(cmd, true)
	f.addCache(cmd)
	cmd.Flags().StringVar(&to, "to", "", "output format (see 'commonplace formats')")
	cmd.Flags().StringVarP(&out, "output", "o", "", "output file, or - for standard output")
	cmd.Flags().StringVar(&layout, "layout", "", "layout: a PDF page layout (a5, 6x9, letter, a4) or an EPUB theme")
	cmd.Flags().BoolVar(&print, "print", false, "PDF print profile: no links or outline, mirrored margins with a gutter")
	cmd.Flags().BoolVar(&embedFonts, "embed-fonts", false, "EPUB: embed the fonts")
	cmd.RegisterFlagCompletionFunc("to", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
		return render.Names(), cobra.ShellCompDirectiveNoFileComp
	})
	cmd.RegisterFlagCompletionFunc("layout", func(c *cobra.Command, args []string, _ string) ([]string, cobra.ShellCompDirective) {
		dir := dirArg(args)
		return append(layouts.Names(dir, "pdf", ".yaml"), layouts.Names(dir, "epub", ".css")...), cobra.ShellCompDirectiveNoFileComp
	})
	return cmd
}

// boundEPUBMemory sets a soft memory limit (debug.SetMemoryLimit) for a
// run that writes the EPUB of c entry by entry, unless GOMEMLIMIT is set.
// What the book keeps of an entry (its line of the contents, its source)
// and the cache's index take about 1.1 KB per entry, beside the fonts of
// the cover (50 MB); the garbage of reading and writing entries is taken
// back before the heap grows half as large again (at 100,000 entries:
// 248 MB at most instead of 290 MB, in the same time).
func boundEPUBMemory(c *model.Collection) {
	if os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	n, _ := c.Count()
	debug.SetMemoryLimit(max(200<<20, 96<<20+int64(n)*1280))
}

// isBinary reports whether a format's output is not text.
func isBinary(r render.Renderer) bool {
	mt := r.MediaType()
	return !strings.HasPrefix(mt, "text/") && !strings.HasPrefix(mt, "message/") && !strings.Contains(mt, "xml") && !strings.Contains(mt, "json")
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
