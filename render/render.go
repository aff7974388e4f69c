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

	"github.com/commonplace-book/commonplace/daily"
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

// Options are the settings every renderer receives. The zero value means
// defaults: the collection's settings, then each renderer's own defaults.
type Options struct {
	// Style is the citation style; "" means the collection's.
	Style string
	// Layout names a layout (pdf page layout, epub theme); "" = settings.
	Layout string
	// Print selects the pdf print profile.
	Print bool
	// EmbedFonts embeds fonts in the epub.
	EmbedFonts bool
	// Now pins "now" for timestamps (from SOURCE_DATE_EPOCH); zero means
	// the renderer derives a reproducible time from the collection.
	Now time.Time
	// Feed holds the quote-of-the-day options.
	Feed FeedOptions
	// Warn receives non-fatal problems (a glyph replaced, say); nil drops
	// them.
	Warn func(model.Problem)
	// Shared holds what is computed once per run for several outputs
	// (package build sets one per run); nil computes it per output.
	Shared *Shared
	// PrintPages, when set, returns where the pages of the paged edition
	// made in the same run (the PDF) begin, so that the EPUB can carry
	// its page numbers (a page list). Package build sets it when the
	// run makes an output whose renderer is a Paginator.
	PrintPages func() (*books.Pages, error)
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

// FeedOptions select the quote-of-the-day days and their presentation.
type FeedOptions struct {
	// Date is the last day of the window, in Location; zero means today.
	Date time.Time
	// Days is the window length; 0 means the renderer's default.
	Days int
	// Width wraps text; -1 means no wrap, 0 means default (72).
	Width int
	// MaxChars and MinChars filter the pool by quote length (0 = none).
	MaxChars, MinChars int
	// Category, Tag, Author and Lang filter the pool ("" = all).
	Category, Tag, Author, Lang string
	// History is the history file path ("" = none).
	History string
	// Force lets one run record more than 366 new days in the history.
	Force bool
	// Issued is the schedule resolved once for a run (feed.Resolve):
	// every feed output shows its days and none touches the history.
	Issued *daily.Issued
	// Location is the time zone of calendar days; nil means settings,
	// then local.
	Location *time.Location
	// MaxGraphemes is the longest post (0 = settings, else 300).
	MaxGraphemes int
	// CardWidth and CardHeight are the card's size in pixels (0 =
	// settings, else 1080×1080).
	CardWidth, CardHeight int
	// Image is the file name of the day's card in a build (build sets
	// it when the build writes one): the feeds refer to it.
	Image string
	// Note receives informational messages (how many quotes fit a
	// post); nil drops them.
	Note func(string)
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
