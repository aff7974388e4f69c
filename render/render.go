// Package render defines the Renderer interface that every output format
// implements, and the registry through which formats are looked up by name.
// Formats are registered explicitly, in one place: package render/all.
package render

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// Renderer is a named output format that writes a whole collection.
type Renderer interface {
	// Name is the format's name as used with --to ("pdf", "epub", "rss").
	Name() string
	// MediaType is the IANA media type of the output.
	MediaType() string
	// Extension is the usual file extension, with its dot (".pdf"), or ""
	// when the format has none (fortune).
	Extension() string
	// Render writes c to w. It must not panic on any collection the
	// loader returns, must be deterministic for the same input and
	// options, and reports non-fatal problems through o.Warn.
	Render(w io.Writer, c *model.Collection, o Options) error
}

// Options are what every renderer of a run receives: run-wide values,
// and the resolved config of each renderer's section of commonplace.yaml.
// The zero value renders with the collection's settings.
type Options struct {
	// Now pins "now" for timestamps (from SOURCE_DATE_EPOCH); zero means
	// the renderer derives a reproducible time from the collection.
	Now time.Time
	// Configs holds resolved section configs by section key ("pdf": a
	// pdf.Config), as ResolveConfigs returns them, with the command
	// line's flags applied over them. A renderer whose section is not
	// there parses it from the collection's settings (ConfigOf).
	Configs Configs
	// Warn receives non-fatal problems (a glyph replaced, say); nil drops
	// them.
	Warn func(model.Problem)
	// Note receives informational messages (how many quotes of the pool
	// fit a post); nil drops them.
	Note func(string)
	// Files are the file names of the outputs a build writes, by output
	// name ("card": "card.png"), so that one output can refer to another
	// beside it (the feeds to the day's card). Package build sets it;
	// nil outside a build.
	Files map[string]string
	// Shared holds what is computed once per run for several outputs
	// (package build sets one per run); nil computes it per output.
	Shared *Shared
	// PrintPages, when set, returns where the pages of the paged edition
	// made in the same run (the PDF) begin, so that the EPUB can carry
	// its page numbers (a page list). Package build sets it when the
	// run makes an output whose renderer is a Paginator.
	PrintPages func() (*books.Pages, error)
	// Cache, when set, is the run's cache folder and program version:
	// renderers keep there what they make from a few settings alone
	// (Keep), so that the next run reads it instead. Nil keeps nothing.
	Cache *model.Cache
	// Context bounds long work (an out-of-process renderer); nil means
	// context.Background().
	Context context.Context
	// Stderr receives the messages of out-of-process renderers, each
	// line prefixed with the format's name; nil means os.Stderr.
	Stderr io.Writer
}

// Ctx returns o.Context, or context.Background() when it is nil.
func (o Options) Ctx() context.Context {
	if o.Context == nil {
		return context.Background()
	}
	return o.Context
}

// Warnf sends a warning to o.Warn when it is set.
func (o Options) Warnf(path string, line int, format string, args ...any) {
	if o.Warn != nil {
		o.Warn(model.Problem{Path: path, Line: line, Severity: model.Warning, Message: fmt.Sprintf(format, args...)})
	}
}

var (
	mu       sync.RWMutex
	registry = map[string]Renderer{}
	order    []string // names in registration order
)

// Register makes r available under r.Name(). It panics when the name is
// empty or already taken: registration happens once, in render/all.
func Register(r Renderer) {
	mu.Lock()
	defer mu.Unlock()
	name := r.Name()
	if name == "" {
		panic("render: Register with an empty name")
	}
	if _, dup := registry[name]; dup {
		panic("render: Register called twice for " + name)
	}
	registry[name] = r
	order = append(order, name)
}

// Registered returns the registered renderers in the order they were
// registered (render/all registers them in the order `build` reports
// them).
func Registered() []Renderer {
	mu.RLock()
	defer mu.RUnlock()
	rs := make([]Renderer, 0, len(order))
	for _, n := range order {
		rs = append(rs, registry[n])
	}
	return rs
}

// Lookup returns the renderer registered under name, or an error that
// lists the known names.
func Lookup(name string) (Renderer, error) {
	mu.RLock()
	r, ok := registry[name]
	mu.RUnlock()
	if !ok {
		known := Names()
		if len(known) == 0 {
			return nil, fmt.Errorf("render: unknown format %q (no formats are registered)", name)
		}
		return nil, fmt.Errorf("render: unknown format %q (known: %s)", name, strings.Join(known, ", "))
	}
	return r, nil
}

// IsRegistered reports whether a format is registered under name.
func IsRegistered(name string) bool {
	mu.RLock()
	defer mu.RUnlock()
	_, ok := registry[name]
	return ok
}

// Names returns the registered format names, sorted.
func Names() []string {
	mu.RLock()
	defer mu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// All returns the registered renderers sorted by name.
func All() []Renderer {
	var rs []Renderer
	for _, n := range Names() {
		r, _ := Lookup(n)
		rs = append(rs, r)
	}
	return rs
}
