// Package build renders a collection into a folder: every output the
// settings ask for (by default the book as PDF and EPUB, today's quote,
// the fortune database and the RSS, Atom and JSON feeds), in parallel,
// each file written atomically. It is what `commonplace build` runs, and
// how another Go program builds a book:
//
//	import (
//		"github.com/commonplace-book/commonplace/build"
//		"github.com/commonplace-book/commonplace/model"
//		_ "github.com/commonplace-book/commonplace/render/all" // the built-in formats
//	)
//
//	c, err := model.Load("notes", model.LoadOptions{})
//	if err != nil { … }
//	results, err := build.Run(ctx, c, build.Plan{Dir: "site"})
//	if err != nil { … }                  // a bad plan: unknown output, folder not writable
//	for _, r := range results {
//		if r.Err != nil { … }            // this output failed; the others were still built
//	}
//
// # Outputs
//
// An output is a renderer (package render) writing its files into the
// folder. Each renderer declares its default file name, the files it
// writes beside it (fortune's quotes.dat) and whether it is built by
// default (render.Output). Plan.Outputs, else the settings' build.outputs,
// chooses; Plan.Names, else build.names, renames.
//
// A format that is not built in is run out of process (see External):
// one declared in the settings (renderers: {NAME: {command: [...]}}) or
// an executable commonplace-render-NAME on PATH.
//
// # Settings
//
// Each renderer owns its section of commonplace.yaml (pdf:, epub:, feed:)
// and resolves it into its own Config (pdf.Config, epub.Config,
// feed.Config): every field a value, no zero standing for a default.
// Run resolves each section once when Plan.Options.Configs does not hold
// it; to change a setting from code, resolve them with
// render.ResolveConfigs, set fields, and pass them in Options.Configs
// (CheckSettings reports what is wrong with them, at their lines):
//
//	cfgs, _ := render.ResolveConfigs(c)
//	p := cfgs["pdf"].(pdf.Config)
//	p.Print = true                      // as --print does
//	cfgs = cfgs.With("pdf", p)
//	results, err := build.Run(ctx, c, build.Plan{Dir: "site", Options: render.Options{Configs: cfgs}})
//
// # Page numbers
//
// When a run makes the PDF (a render.Paginator) and the EPUB, the EPUB
// gets the PDF's page numbers through Options.PrintPages: its page list
// and page break markers say on which printed page each passage is. The
// pages are laid out once per run (render.Shared), whichever output asks
// first.
//
// # Writing
//
// Every file goes to a temporary file in its final folder, is flushed to
// disk and renamed over the old file only when its whole output
// succeeded, keeping the old file's mode. A file whose bytes did not
// change is left untouched (its time too), and temporary files that
// killed runs left behind are removed. No output ever leaves a partial
// file, and one output failing does not stop the others.
package build

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/books"
)

// Plan says what to build and where. The zero Plan builds what the
// collection's settings ask for into their build.dir (default "out"
// under the collection root).
type Plan struct {
	// Dir is the output folder; "" means the settings' build.dir,
	// relative to the collection root, else "out" there.
	Dir string
	// Outputs names the outputs to build; empty means the settings'
	// build.outputs, else every renderer built by default.
	Outputs []string
	// Names maps an output to its main file's name in Dir, over the
	// settings' build.names and the renderer's default.
	Names map[string]string
	// Options are handed to every renderer. A nil Options.Shared gets one
	// for the run, so that what several outputs need (the feeds'
	// schedule) is computed once.
	Options render.Options
	// Jobs bounds how many outputs render at once; 0 means all.
	Jobs int
	// Progress, when set, is called (never concurrently) each time an
	// output starts or finishes, with the number finished, the total and
	// the names still running.
	Progress func(done, total int, running []string)
}

// Result is what one output did.
type Result struct {
	// Output is the output's name ("pdf").
	Output string
	// Files are the paths of its files, the main one first.
	Files []string
	// Changed is true when any file was written; false when every file
	// already had these bytes and was left untouched.
	Changed bool
	// Size is the total size of the files in bytes.
	Size int64
	// Took is how long the output took to render and write.
	Took time.Duration
	// Err is why the output failed, or nil; nothing was written then.
	Err error
}

// Path returns the main file's path ("" when the output failed before
// naming it).
func (r Result) Path() string {
	if len(r.Files) == 0 {
		return ""
	}
	return r.Files[0]
}

// ErrUnknownFormat is wrapped by the error for a format or output name
// that is neither built in nor found as an external renderer.
var ErrUnknownFormat = errors.New("unknown format")

// unknownError names an unknown format ("format") or output ("output")
// and lists the known ones.
type unknownError struct {
	kind, name string
	known      []string
}

func (e *unknownError) Error() string {
	return fmt.Sprintf("unknown %s %q (known: %s)", e.kind, model.Safe(e.name, 40), strings.Join(e.known, ", "))
}

func (e *unknownError) Is(target error) bool { return target == ErrUnknownFormat }

// Run builds the outputs of p from c and returns one Result per output,
// in the order the outputs were chosen. The error is for the plan itself
// (an unknown output, a folder that cannot be made); each output's
// failure is in its Result. Cancelling ctx stops outputs that have not
// started and is passed to the running ones through Options.Context.
func Run(ctx context.Context, c *model.Collection, p Plan) ([]Result, error) {
	if c == nil {
		return nil, errors.New("build: no collection")
	}
	names, err := Outputs(c, p.Outputs)
	if err != nil {
		return nil, err
	}
	renderers := make([]render.Renderer, len(names))
	for i, n := range names {
		if renderers[i], err = Lookup(c, n); err != nil {
			return nil, err
		}
	}
	if err := loadBodies(c, renderers); err != nil {
		return nil, err
	}
	dir := OutDir(c, p.Dir)
	if p.Dir == "" {
		if err := CheckOutDir(c, dir); err != nil {
			return nil, err
		}
	}
	opts := p.Options
	if opts.Shared == nil {
		opts.Shared = &render.Shared{}
	}
	if opts.Context == nil {
		opts.Context = ctx
	}
	if opts.Configs == nil {
		// Every section resolved once for the run (a section with errors
		// has no config: its outputs fail with those errors).
		opts.Configs, _ = render.ResolveConfigs(c)
	}
	if opts.Files == nil {
		// Outputs refer to the others by these names (the feeds to the
		// day's card they are built with).
		opts.Files = make(map[string]string, len(names))
		for i, n := range names {
			opts.Files[n] = fileName(c, p, n, renderers[i])
		}
	}
	if opts.Warn != nil {
		var mu sync.Mutex
		warn := opts.Warn
		opts.Warn = func(pr model.Problem) {
			mu.Lock()
			defer mu.Unlock()
			warn(pr)
		}
	}

	// The first paged edition of the run gives the others its page
	// numbers (the EPUB's page list).
	for _, r := range renderers {
		if pg, ok := r.(render.Paginator); ok && opts.PrintPages == nil {
			po := opts
			opts.PrintPages = func() (*books.Pages, error) { return pg.Pages(c, po) }
		}
	}
	results := make([]Result, len(names))
	outOpts, prepErr := prepare(c, renderers, opts)
	jobs := p.Jobs
	if jobs <= 0 || jobs > len(names) {
		jobs = len(names)
	}
	var (
		mu      sync.Mutex
		done    int
		running = map[string]bool{}
	)
	report := func() {
		if p.Progress == nil {
			return
		}
		var still []string
		for _, n := range names {
			if running[n] {
				still = append(still, n)
			}
		}
		p.Progress(done, len(names), still)
	}
	sem := make(chan struct{}, max(jobs, 1))
	var wg sync.WaitGroup
	// A paged edition starts first and claims its pages, which the others
	// then wait for (render.PagesClaimer) rather than have them laid out
	// apart: the book is set once, whatever the scheduling.
	order := make([]int, 0, len(names))
	for i := range names {
		if _, ok := renderers[i].(render.PagesClaimer); ok {
			order = append(order, i)
		}
	}
	for i := range names {
		if _, ok := renderers[i].(render.PagesClaimer); !ok {
			order = append(order, i)
		}
	}
	for _, i := range order {
		name := names[i]
		results[i].Output = name
		if prepErr[i] != nil {
			results[i].Err = prepErr[i]
			continue
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			results[i].Err = fmt.Errorf("build: %s: %w", name, ctx.Err())
			continue
		}
		mu.Lock()
		running[name] = true
		report()
		mu.Unlock()
		release := func() {}
		if pc, ok := renderers[i].(render.PagesClaimer); ok {
			release = pc.ClaimPages(c, outOpts[i])
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			defer release()
			t0 := time.Now()
			file := fileName(c, p, name, renderers[i])
			res := writeOutput(dir, file, true, false, renderers[i], c, outOpts[i])
			res.Output, res.Took = name, time.Since(t0)
			results[i] = res
			mu.Lock()
			done++
			delete(running, name)
			report()
			mu.Unlock()
		}()
	}
	wg.Wait()
	return results, nil
}

// prepare runs each distinct render.Preparer once and returns, for each
// renderer, the options to render it with and the error of its
// preparation.
func prepare(c *model.Collection, renderers []render.Renderer, opts render.Options) ([]render.Options, []error) {
	outOpts := make([]render.Options, len(renderers))
	errs := make([]error, len(renderers))
	type prepared struct {
		o   render.Options
		err error
	}
	byKey := map[string]prepared{}
	for i, r := range renderers {
		outOpts[i] = opts
		pr, ok := r.(render.Preparer)
		if !ok {
			continue
		}
		key := pr.PrepareKey()
		got, done := byKey[key]
		if !done {
			got.o = opts
			got.err = safePrepare(pr, c, &got.o)
			byKey[key] = got
		}
		outOpts[i], errs[i] = got.o, got.err
	}
	return outOpts, errs
}

// safePrepare calls Prepare, turning a panic into an error.
func safePrepare(pr render.Preparer, c *model.Collection, o *render.Options) (err error) {
	defer func() {
		if rec := recover(); rec != nil {
			err = fmt.Errorf("internal error (please report): %v", rec)
		}
	}()
	return pr.Prepare(c, o)
}

// fileName returns the main file's name of an output.
func fileName(c *model.Collection, p Plan, name string, r render.Renderer) string {
	if n := p.Names[name]; n != "" {
		return n
	}
	if n := c.Settings.Build.Names[name]; n != "" {
		return n
	}
	return render.OutputOf(r).File
}

// Skipped returns, for the default outputs of c (no names given, none in
// build.outputs), the reasons the renderers that cannot be built for c
// give (render.Skipper), each with the outputs it leaves out; nil when
// outputs are named. Outputs leaves these out already.
func Skipped(c *model.Collection, names []string) map[string][]string {
	if len(names) > 0 || len(c.Settings.Build.Outputs) > 0 {
		return nil
	}
	var out map[string][]string
	for _, r := range render.Registered() {
		if !render.OutputOf(r).Default {
			continue
		}
		if why := skipReason(r, c); why != "" {
			if out == nil {
				out = map[string][]string{}
			}
			out[why] = append(out[why], r.Name())
		}
	}
	return out
}

func skipReason(r render.Renderer, c *model.Collection) string {
	if s, ok := r.(render.Skipper); ok {
		return s.SkipReason(c)
	}
	return ""
}

// Outputs returns the outputs to build: names when not empty, else the
// settings' build.outputs, else every built-in renderer that declares
// itself built by default and can be built for c (see Skipped), in
// registration order. Names are trimmed,
// empty ones and repeats dropped; an unknown name is an error wrapping
// ErrUnknownFormat that lists the known ones. Built-in outputs come in
// registration order, then the others as named.
func Outputs(c *model.Collection, names []string) ([]string, error) {
	if len(names) == 0 {
		names = c.Settings.Build.Outputs
	}
	if len(names) == 0 {
		var out []string
		for _, r := range render.Registered() {
			if render.OutputOf(r).Default && skipReason(r, c) == "" {
				out = append(out, r.Name())
			}
		}
		return out, nil
	}
	rank := map[string]int{}
	for i, r := range render.Registered() {
		rank[r.Name()] = i
	}
	seen := map[string]bool{}
	var builtin, other []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" || seen[n] {
			continue
		}
		seen[n] = true
		if _, ok := rank[n]; ok {
			builtin = append(builtin, n)
			continue
		}
		if _, err := Lookup(c, n); err != nil {
			var u *unknownError
			if errors.As(err, &u) {
				u.kind = "output"
			}
			return nil, err
		}
		other = append(other, n)
	}
	// Built-in outputs in registration order (insertion sort: few).
	for i := 1; i < len(builtin); i++ {
		for j := i; j > 0 && rank[builtin[j]] < rank[builtin[j-1]]; j-- {
			builtin[j], builtin[j-1] = builtin[j-1], builtin[j]
		}
	}
	return append(builtin, other...), nil
}

// OutDir returns the output folder: dir when not empty, else the
// settings' build.dir (default "out") relative to the collection root.
func OutDir(c *model.Collection, dir string) string {
	if dir != "" {
		return dir
	}
	d := c.Settings.Build.Dir
	if d == "" {
		d = "out"
	}
	if filepath.IsAbs(d) {
		return d
	}
	return filepath.Join(c.Root, d)
}

// writeOutput renders one output into dir, its main file named file;
// confined: see fileSet.
func writeOutput(dir, file string, confined, mainOnly bool, r render.Renderer, c *model.Collection, o render.Options) (res Result) {
	set := &fileSet{dir: dir, confined: confined}
	create := set.create
	if mainOnly {
		create = func(name string) (io.Writer, error) {
			if name == file {
				return set.create(name)
			}
			return io.Discard, nil
		}
	}
	defer func() {
		if rec := recover(); rec != nil {
			set.abort()
			res = Result{Err: fmt.Errorf("internal error (please report): %v", rec)}
		}
	}()
	if err := renderFiles(create, file, r, c, o); err != nil {
		set.abort()
		return Result{Files: []string{filepath.Join(dir, file)}, Err: err}
	}
	paths, changed, size, err := set.commit()
	if err != nil {
		return Result{Files: []string{filepath.Join(dir, file)}, Err: err}
	}
	return Result{Files: paths, Changed: changed, Size: size}
}

// loadBodies makes a lazily loaded collection whole unless every renderer
// takes it lazily (render.LazyReader).
func loadBodies(c *model.Collection, rs []render.Renderer) error {
	if !c.IsLazy() {
		return nil
	}
	for _, r := range rs {
		if _, ok := r.(render.LazyReader); !ok {
			if err := c.LoadBodies(); err != nil {
				return fmt.Errorf("build: %w", err)
			}
			return nil
		}
	}
	return nil
}

// renderFiles runs r into create: RenderFiles for a FileRenderer, else
// Render into the main file.
func renderFiles(create render.Create, main string, r render.Renderer, c *model.Collection, o render.Options) error {
	if fr, ok := r.(render.FileRenderer); ok {
		return fr.RenderFiles(create, main, c, o)
	}
	w, err := create(main)
	if err != nil {
		return err
	}
	return r.Render(w, c, o)
}

// WriteFile renders c with r to path, as Run writes one output: the
// renderer's other files (fortune's .dat) beside it, every file
// atomically, unchanged files untouched. A path of "" or "-" writes the
// main file to stdout instead (the others are discarded); so does a path
// that names a device, a named pipe or a socket, which is written into,
// never replaced. It reports
// whether a file changed.
func WriteFile(stdout io.Writer, path string, r render.Renderer, c *model.Collection, o render.Options) (changed bool, err error) {
	if err := loadBodies(c, []render.Renderer{r}); err != nil {
		return false, err
	}
	if path == "" || path == "-" {
		main := &spool{limit: spoolMemory}
		defer main.close()
		create := func(name string) (io.Writer, error) {
			if name == "main" {
				return main, nil
			}
			return io.Discard, nil
		}
		if err := renderFiles(create, "main", r, c, o); err != nil {
			return false, err
		}
		return true, main.writeTo(stdout)
	}
	// A device, named pipe or socket (-o /dev/null, a FIFO) takes the
	// main file, written into it once complete; the others are
	// discarded, as with standard output (nothing is put beside it).
	special := false
	if info, err := os.Stat(path); err == nil && !info.Mode().IsRegular() && !info.IsDir() {
		special = true
	}
	res := writeOutput(filepath.Dir(path), filepath.Base(path), false, special, r, c, o)
	return res.Changed, res.Err
}
