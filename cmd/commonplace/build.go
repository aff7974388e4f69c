package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/build"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/feed"
)

type buildFlags struct {
	collectionFlags
	out   string
	only  string
	quiet bool
	watch bool
	tz    string
}

func newBuildCmd() *cobra.Command {
	var f buildFlags
	cmd := &cobra.Command{
		Use:   "build [-o OUTDIR] [--only LIST] [--watch] [--quiet] [DIR]",
		Short: "Render every configured output into OUTDIR",
		Long: `Build loads the collection once and renders every output configured in
commonplace.yaml (build.outputs; default all) in parallel into OUTDIR
(default DIR/out, or build.dir):

  book.pdf    the anthology (pdf)          book.epub  the e-book (epub)
  today.txt   today's quote (text)         quotes     fortune database,
  feed.xml    RSS 2.0 (rss)                           with quotes.dat
  atom.xml    Atom (atom)                  feed.json  JSON Feed (json)

Names can be changed with build.names (for example "pdf: anthology.pdf").
Each file is written to a temporary name and renamed when complete; a file
whose content did not change is not rewritten. One output failing does not
stop the others; the exit status is 1 when any output failed or any entry
was rejected.

On a terminal, progress bars show loading and rendering when a build takes
more than about a second (never with --quiet or when output is not a
terminal; NO_COLOR is respected). --watch rebuilds whenever an entry,
commonplace.yaml or a layout changes, reporting problems without exiting;
stop it with Ctrl-C.`,
		Example: `  commonplace build                 # ./out/book.pdf, ./out/book.epub, …
  commonplace build -o site/ notes/ # build notes/ into site/
  commonplace build --only pdf,epub
  commonplace build --watch`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir := dirArg(args)
			if f.style != "" && !validStyle(f.style) {
				return usageErr("unknown style %q (known: %s)", f.style, strings.Join(model.Styles, ", "))
			}
			if info, err := os.Stat(dir); err != nil || !info.IsDir() {
				return usageErr("%s is not a folder", dir)
			}
			if f.tz != "" {
				if _, err := time.LoadLocation(f.tz); err != nil {
					return usageErr("--tz %q is not a time zone", f.tz)
				}
			}
			if !f.watch {
				return runBuild(cmd, dir, &f)
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			err := runBuild(cmd, dir, &f)
			if err != nil && exitCode(err) == 2 {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "watching %s for changes (Ctrl-C to stop)\n", dir)
			settings, _ := model.ReadSettings(dir)
			watch(ctx, dir, f.outDir(dir, nil), f.drafts || settings.Drafts, 500*time.Millisecond, func() {
				fmt.Fprintf(cmd.ErrOrStderr(), "change detected; rebuilding\n")
				if err := runBuild(cmd, dir, &f); err != nil {
					if ee, ok := err.(*exitError); ok && ee.err != nil {
						fmt.Fprintln(cmd.ErrOrStderr(), "commonplace:", ee.err)
					}
				}
			})
			return nil
		},
	}
	f.add(cmd, true)
	f.addCache(cmd)
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "output folder (default DIR/out, or build.dir)")
	cmd.Flags().StringVar(&f.only, "only", "", "comma-separated outputs to build (see 'commonplace formats')")
	cmd.Flags().BoolVarP(&f.quiet, "quiet", "q", false, "no progress bars and no report of written files")
	cmd.Flags().BoolVarP(&f.watch, "watch", "w", false, "rebuild when entries, settings or layouts change")
	cmd.Flags().StringVar(&f.tz, "tz", "", "time zone of calendar days for today's quote and feeds (default feed.tz, else local)")
	return cmd
}

func exitCode(err error) int {
	if ee, ok := err.(*exitError); ok {
		return ee.code
	}
	return 1
}

// outDir returns the output folder: -o, else build.dir under DIR.
func (f *buildFlags) outDir(dir string, c *model.Collection) string {
	if f.out != "" {
		return f.out
	}
	if c == nil {
		s, _ := model.ReadSettings(dir)
		c = &model.Collection{Root: dir, Settings: s}
	}
	return build.OutDir(c, "")
}

// runBuild loads the collection once and builds its outputs with package
// build, showing progress and reporting each output.
func runBuild(cmd *cobra.Command, dir string, f *buildFlags) error {
	stderr := cmd.ErrOrStderr()
	start := time.Now()
	prog := newProgress(stderr, f.quiet)
	defer prog.finish()

	// With the cache (with --no-cache, a cache file of this run only),
	// the collection is served from the cache's quote index, as the
	// single-format commands are: each output reads the entries it needs
	// one at a time (the feeds only the days they show) and keeps none,
	// so that memory does not grow with the collection; an output that
	// needs them all at once (an external renderer's document) has them
	// read whole first.
	cache := f.entryCache()
	epubOnly := strings.TrimSpace(f.only) == "epub"
	if epubOnly && os.Getenv("GOGC") == "" {
		debug.SetGCPercent(50) // as load does for the index
	}
	c, err := model.Load(dir, model.LoadOptions{Drafts: f.drafts, Override: &model.Settings{Style: f.style},
		Cache: cache, Lazy: cache != nil, Index: cache != nil || epubOnly,
		Progress: func(done, total int) { prog.step("loading", done, total) }})
	if err != nil {
		return inputErr(err)
	}
	if epubOnly {
		boundEPUBMemory(c)
	}
	prog.finish()
	printProblems(stderr, c.Problems, false)

	var only []string
	if f.only != "" {
		only = strings.Split(f.only, ",")
	}
	outputs, err := build.Outputs(c, only)
	if err != nil {
		return usageErr("%v", err)
	}
	// Default outputs that cannot be built for this collection (RSS and
	// Atom without a link) are left out, each reason said once.
	skipped := build.Skipped(c, only)
	reasons := make([]string, 0, len(skipped))
	for why := range skipped {
		reasons = append(reasons, why)
	}
	sort.Strings(reasons)
	for _, why := range reasons {
		fmt.Fprintf(stderr, "build: %s; not built: %s\n", why, strings.Join(skipped[why], ", "))
	}
	now, err := sourceDateEpoch()
	if err != nil {
		return err
	}
	// Every section resolved once (a section with errors has no config:
	// its outputs fail with them), then the flags over them.
	configs, _ := render.ResolveConfigs(c)
	if f.tz != "" {
		loc, err := time.LoadLocation(f.tz)
		if err != nil {
			return usageErr("--tz %q is not a time zone: %v", f.tz, err)
		}
		if cfg, ok := configs[feed.Section].(feed.Config); ok {
			cfg.Location = loc
			configs[feed.Section] = cfg
		}
	}
	if cfg, ok := configs[feed.Section].(feed.Config); ok && f.style != "" {
		cfg.ShortStyle = f.style // the posts' and cards' style too
		configs[feed.Section] = cfg
	}
	opts := render.Options{Now: now, Stderr: stderr, Configs: configs, Cache: cache,
		Warn: func(p model.Problem) { fmt.Fprintln(stderr, p.String()) }}
	outDir := f.outDir(dir, c)
	if f.out == "" {
		if err := build.CheckOutDir(c, outDir); err != nil {
			return &exitError{code: 1, err: err}
		}
	}
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return &exitError{code: 1, err: fmt.Errorf("build: %w", err)}
	}

	// Tick so the bar appears after a second even while nothing finishes.
	var mu sync.Mutex
	status := fmt.Sprintf("rendering %s", strings.Join(outputs, ", "))
	done := 0
	stopTick := make(chan struct{})
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopTick:
				return
			case <-t.C:
				mu.Lock()
				prog.step(status, done, len(outputs))
				mu.Unlock()
			}
		}
	}()
	results, err := build.Run(cmd.Context(), c, build.Plan{Dir: outDir, Outputs: outputs, Options: opts,
		Progress: func(d, total int, running []string) {
			mu.Lock()
			defer mu.Unlock()
			done, status = d, "rendering "+strings.Join(running, ", ")
			prog.step(status, done, total)
		}})
	close(stopTick)
	prog.finish()
	if err != nil {
		return usageErr("%v", err)
	}

	var failed []string
	for _, r := range results {
		switch {
		case r.Err != nil:
			failed = append(failed, r.Output)
			fmt.Fprintf(stderr, "build: %s failed: %v\n", r.Output, r.Err)
		case f.quiet:
		case r.Changed:
			fmt.Fprintf(stderr, "wrote     %s (%s, %s)\n", r.Path(), humanSize(r.Size), r.Took.Round(time.Millisecond))
		default:
			fmt.Fprintf(stderr, "unchanged %s\n", r.Path())
		}
	}
	if !f.quiet {
		n, _ := c.Count()
		fmt.Fprintf(stderr, "built %d of %d outputs from %d %s in %s\n", len(outputs)-len(failed), len(outputs),
			n, plural(n, "entry", "entries"), time.Since(start).Round(time.Millisecond))
	}
	if len(failed) > 0 {
		return &exitError{code: 1, err: fmt.Errorf("build: %d of %d outputs failed: %s", len(failed), len(outputs), strings.Join(failed, ", "))}
	}
	if model.Errors(c.Problems) > 0 {
		n := countRejected(c.Problems)
		return inputErr(fmt.Errorf("build: %d %s rejected (see above); the others were built", n, plural(n, "file", "files")))
	}
	return nil
}

func countRejected(ps []model.Problem) int {
	files := map[string]bool{}
	for _, p := range ps {
		if p.Severity == model.Error {
			files[p.Path] = true
		}
	}
	return len(files)
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// progress shows a bar on a terminal once a phase has run for a second.
type progress struct {
	mu      sync.Mutex
	w       io.Writer
	enabled bool
	phase   string
	started time.Time
	bar     *progressbar.ProgressBar
}

func newProgress(w io.Writer, quiet bool) *progress {
	return &progress{w: w, enabled: !quiet && isTerminal(w)}
}

// step records progress in phase; the bar appears once the phase has
// taken longer than a second.
func (p *progress) step(phase string, done, total int) {
	if !p.enabled {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	// A phase is named by its first word; the rest of the text is a
	// description that may change as the phase goes on.
	key, _, _ := strings.Cut(phase, " ")
	if p.phase != key {
		p.finishLocked()
		p.phase, p.started = key, time.Now()
	}
	if p.bar == nil {
		if time.Since(p.started) < time.Second {
			return
		}
		p.bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(phase),
			progressbar.OptionShowCount(),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionEnableColorCodes(os.Getenv("NO_COLOR") == ""),
		)
	}
	p.bar.Describe(phase)
	p.bar.Set(done)
}

func (p *progress) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.finishLocked()
}

func (p *progress) finishLocked() {
	if p.bar != nil {
		p.bar.Finish()
		p.bar = nil
	}
	p.phase = ""
}
