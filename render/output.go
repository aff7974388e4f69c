package render

import (
	"io"
	"sync"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// Output describes what a renderer writes when a collection is built into
// a folder (package build): the name of its main file, the files it
// writes beside it, whether `build` makes it when the settings name no
// outputs, and the section of commonplace.yaml it reads.
type Output struct {
	// File is the default name of the main file ("book.pdf", "quotes").
	File string
	// Companions are the suffixes of further files written beside File
	// (".dat" for fortune: its index is FILE.dat); documentation for
	// `formats` and the README, the files themselves come from
	// FileRenderer.
	Companions []string
	// Default reports whether `build` makes this output when neither
	// the command line nor build.outputs names any.
	Default bool
	// Section is the key of the settings section the renderer reads
	// ("pdf", "epub", "feed"), or "" for none.
	Section string
}

// Describer is implemented by renderers that declare their Output. A
// renderer that does not is built as "book" + its extension, and only
// when asked for by name.
type Describer interface {
	Output() Output
}

// OutputOf returns r's Output: what it declares, else "book" + its
// extension, not built by default.
func OutputOf(r Renderer) Output {
	if d, ok := r.(Describer); ok {
		return d.Output()
	}
	return Output{File: "book" + r.Extension()}
}

// Create opens a file of an output for writing. name is the main file's
// name or a companion's (main + ".dat"); the files become visible
// together, and only when the render succeeds.
type Create func(name string) (io.Writer, error)

// FileRenderer is implemented by renderers whose output is more than one
// file (fortune: the database and its index). RenderFiles writes c as the
// files of one output, main being the main file's name; every file is
// opened through create. When the output goes to standard output only
// the main file is shown and the others are discarded.
type FileRenderer interface {
	Renderer
	RenderFiles(create Create, main string, c *model.Collection, o Options) error
}

// Preparer is implemented by renderers that share work resolved once per
// run, before any output renders (the feeds' schedule with its history:
// every feed of a build shows the same days, and the history is read and
// written once). Package build calls Prepare once for each distinct
// PrepareKey among the outputs of a run, on a copy of the run's Options,
// and renders each output with that key from the prepared copy. When
// Prepare fails, the outputs with its key fail with its error and the
// others are still built.
type Preparer interface {
	PrepareKey() string
	Prepare(c *model.Collection, o *Options) error
}

// LazyReader is implemented by renderers that take a lazily loaded
// collection (model.LoadOptions.Lazy: entries without their bodies) or
// one loaded from the cache's index (model.LoadOptions.Index), and load
// the bodies they use with Collection.Full or Index.Entry — the feeds,
// which show a few days of a large collection, and the EPUB and the PDF,
// which read each body when they set its entry. Package build loads every
// body first when any output of a run is not a LazyReader. The
// conformance suite (render/rendertest) checks that a LazyReader makes
// the same bytes from every kind of load.
type LazyReader interface {
	ReadsLazily()
}

// Paginator is implemented by renderers of a paged edition (the PDF) that
// can say where its pages begin. Pages returns that for the output Render
// makes with the same collection and options; it keeps what it finds in
// o.Shared, and Render uses and fills the same entry, so that a run lays
// the pages out once.
type Paginator interface {
	Pages(c *model.Collection, o Options) (*books.Pages, error)
}

// PagesClaimer is implemented by Paginators whose Render lays the pages
// out for the whole run. A run that renders such an output calls
// ClaimPages before any other output can ask for its pages (package build
// starts it first): Pages then waits for the pages Render lays out instead
// of laying them out apart, which would set the book twice. The run calls
// release once the output's Render has returned, or when it will not be
// called: whoever still waits is then told there are no pages.
type PagesClaimer interface {
	Paginator
	ClaimPages(c *model.Collection, o Options) (release func())
}

// Skipper is implemented by renderers that cannot make a valid output for
// some collections (RSS and Atom without a feed link). When a build makes
// the default outputs, it leaves out each renderer whose SkipReason is
// not "" and says why once per reason; named explicitly, the output is
// built and fails with its own error.
type Skipper interface {
	SkipReason(c *model.Collection) string
}

// SettingsProblem returns an error (or, with warn, a warning) about the
// setting key ("feed.tz") at its line of commonplace.yaml.
func SettingsProblem(c *model.Collection, key string, warn bool, format string, args ...any) model.Problem {
	return c.Settings.SectionProblem(key, warn, format, args...)
}

// Shared holds values computed once per run and used by several outputs
// (the quote-of-the-day schedule with its history, resolved once and
// handed to every feed). The zero value is ready; a nil *Shared computes
// every time. It is safe for concurrent use.
type Shared struct {
	mu   sync.Mutex
	vals map[string]*sharedVal
}

type sharedVal struct {
	once sync.Once
	v    any
	err  error
}

// Do returns the value stored under key, computing it with fn the first
// time; concurrent callers with the same key wait for the one
// computation and all get its result.
func (s *Shared) Do(key string, fn func() (any, error)) (any, error) {
	if s == nil {
		return fn()
	}
	s.mu.Lock()
	if s.vals == nil {
		s.vals = map[string]*sharedVal{}
	}
	sv := s.vals[key]
	if sv == nil {
		sv = &sharedVal{}
		s.vals[key] = sv
	}
	s.mu.Unlock()
	sv.once.Do(func() { sv.v, sv.err = fn() })
	return sv.v, sv.err
}
