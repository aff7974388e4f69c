package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/feed"
)

// defaultOutputs are the outputs `build` makes when settings name none,
// in the order they are reported.
var defaultOutputs = []string{"pdf", "epub", "text", "fortune", "rss", "atom", "json"}

// defaultNames are the file names of the outputs in OUTDIR.
var defaultNames = map[string]string{
	"pdf": "book.pdf", "epub": "book.epub", "text": "today.txt", "fortune": "quotes",
	"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json",
}

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
			watch(ctx, dir, f.outDir(dir, nil), 500*time.Millisecond, func() {
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
	cmd.Flags().StringVarP(&f.out, "output", "o", "", "output folder (default DIR/out, or build.dir)")
	cmd.Flags().StringVar(&f.only, "only", "", "comma-separated outputs to build (pdf, epub, text, fortune, rss, atom, json)")
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
func (f *buildFlags) outDir(dir string, s *model.Settings) string {
	if f.out != "" {
		return f.out
	}
	d := "out"
	if s == nil {
		st, _ := model.ReadSettings(dir)
		s = &st
	}
	if s.Build.Dir != "" {
		d = s.Build.Dir
	}
	if filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(dir, d)
}

// buildResult is what one output did.
type buildResult struct {
	name, path string
	changed    bool
	size       int64
	err        error
	took       time.Duration
}

// runBuild loads the collection once and renders the outputs in parallel.
func runBuild(cmd *cobra.Command, dir string, f *buildFlags) error {
	stderr := cmd.ErrOrStderr()
	start := time.Now()
	prog := newProgress(stderr, f.quiet)
	defer prog.finish()

	c, err := model.Load(dir, model.LoadOptions{Drafts: f.drafts, Override: &model.Settings{Style: f.style},
		Progress: func(done, total int) { prog.step("loading", done, total) }})
	if err != nil {
		return inputErr(err)
	}
	prog.finish()
	printProblems(stderr, c.Problems, false)

	outputs, err := chooseOutputs(f.only, c.Settings.Build.Outputs)
	if err != nil {
		return usageErr("%v", err)
	}
	outDir := f.outDir(dir, &c.Settings)
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return &exitError{code: 1, err: fmt.Errorf("build: %w", err)}
	}
	now, err := sourceDateEpoch()
	if err != nil {
		return err
	}
	loc, err := feedLocation(f.tz, c)
	if err != nil {
		return inputErr(err)
	}
	day := now
	if day.IsZero() {
		day = time.Now()
	}
	day = day.In(loc)

	var warnMu sync.Mutex
	opts := render.Options{Style: f.style, Now: now, Warn: func(p model.Problem) {
		warnMu.Lock()
		defer warnMu.Unlock()
		fmt.Fprintln(stderr, p.String())
	}}
	opts.Feed = render.FeedOptions{Date: day, Location: loc}
	if c.Settings.Feed.History != "" {
		opts.Feed.History = filepath.Join(dir, c.Settings.Feed.History)
	}
	// The schedule is resolved once, with the history, for every feed
	// output: they show the same days and the history is written once.
	if usesDays(outputs) {
		is, err := feed.Resolve(c, feed.FromRender(opts), feed.WindowDays(c, 0))
		if err != nil {
			return feedErr(err)
		}
		opts.Feed.Issued = is
	}

	results := make([]buildResult, len(outputs))
	var wg sync.WaitGroup
	var doneMu sync.Mutex
	done := 0
	running := map[string]bool{}
	// status names the outputs still running, for the progress bar.
	status := func() string {
		var names []string
		for _, n := range outputs {
			if running[n] {
				names = append(names, n)
			}
		}
		return "rendering " + strings.Join(names, ", ")
	}
	for _, name := range outputs {
		running[name] = true
	}
	prog.step(status(), 0, len(outputs))
	for i, name := range outputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			t0 := time.Now()
			res := buildOne(cmd, c, name, outDir, opts)
			res.took = time.Since(t0)
			results[i] = res
			doneMu.Lock()
			done++
			delete(running, name)
			prog.step(status(), done, len(outputs))
			doneMu.Unlock()
		}()
	}
	// Tick so the bar appears after a second even while nothing finishes.
	stopTick := make(chan struct{})
	go func() {
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stopTick:
				return
			case <-t.C:
				doneMu.Lock()
				prog.step(status(), done, len(outputs))
				doneMu.Unlock()
			}
		}
	}()
	wg.Wait()
	close(stopTick)
	prog.finish()

	var failed []string
	for _, r := range results {
		switch {
		case r.err != nil:
			failed = append(failed, r.name)
			fmt.Fprintf(stderr, "build: %s failed: %v\n", r.name, r.err)
		case f.quiet:
		case r.changed:
			fmt.Fprintf(stderr, "wrote     %s (%s, %s)\n", r.path, humanSize(r.size), r.took.Round(time.Millisecond))
		default:
			fmt.Fprintf(stderr, "unchanged %s\n", r.path)
		}
	}
	if !f.quiet {
		fmt.Fprintf(stderr, "built %d of %d outputs from %d %s in %s\n", len(outputs)-len(failed), len(outputs),
			len(c.Entries), plural(len(c.Entries), "entry", "entries"), time.Since(start).Round(time.Millisecond))
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

// buildOne renders one output into outDir (fortune with its .dat).
func buildOne(cmd *cobra.Command, c *model.Collection, name, outDir string, opts render.Options) (res buildResult) {
	res.name = name
	defer func() {
		if r := recover(); r != nil {
			res.err = fmt.Errorf("internal error (please report): %v", r)
		}
	}()
	r, err := render.Lookup(name)
	if err != nil {
		res.err = err
		return res
	}
	file := defaultNames[name]
	if n := c.Settings.Build.Names[name]; n != "" {
		file = n
	}
	if file == "" {
		file = "book" + r.Extension()
	}
	res.path = filepath.Join(outDir, file)
	res.changed, res.err = writeFormat(cmd.OutOrStdout(), res.path, name, func(w io.Writer) error {
		return r.Render(w, c, opts)
	})
	if info, err := os.Stat(res.path); err == nil {
		res.size = info.Size()
	}
	return res
}

// chooseOutputs returns the outputs to build: --only, else settings, else
// all; unknown names are an error listing the known ones.
func chooseOutputs(only string, configured []string) ([]string, error) {
	list := configured
	if only != "" {
		list = strings.Split(only, ",")
	}
	if len(list) == 0 {
		return defaultOutputs, nil
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range list {
		n = strings.TrimSpace(n)
		if n == "" || seen[n] {
			continue
		}
		if _, err := render.Lookup(n); err != nil {
			return nil, fmt.Errorf("unknown output %q (known: %s)", n, strings.Join(render.Names(), ", "))
		}
		seen[n] = true
		out = append(out, n)
	}
	sort.SliceStable(out, func(i, j int) bool { return outputRank(out[i]) < outputRank(out[j]) })
	return out, nil
}

func outputRank(n string) int {
	for i, d := range defaultOutputs {
		if d == n {
			return i
		}
	}
	return len(defaultOutputs)
}

// feedLocation returns the time zone of calendar days: --tz, else
// feed.tz, else local time.
func feedLocation(tz string, c *model.Collection) (*time.Location, error) {
	if tz == "" {
		tz = c.Settings.Feed.TZ
	}
	if tz == "" {
		return time.Local, nil
	}
	loc, err := time.LoadLocation(tz)
	if err != nil {
		return nil, fmt.Errorf("settings: feed.tz %q is not a time zone: %v", tz, err)
	}
	return loc, nil
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

// usesDays reports whether one of the outputs shows days of the schedule.
func usesDays(outputs []string) bool {
	for _, o := range outputs {
		switch o {
		case "text", "rss", "atom", "json":
			return true
		}
	}
	return false
}
