// Package pdf renders a collection as a PDF anthology on
// codeberg.org/go-pdf/fpdf: a title page and contents, the entries grouped
// and typeset (justified paragraphs with italic, bold and links inside
// them, verse that keeps its lines, citations under the quotes), an index
// of authors and a list of sources.
//
// Pages follow a layout read from layouts/pdf/NAME.yaml (a5 by default; a
// collection's own layouts/ folder overrides by name). The screen profile
// adds an outline, links and cross-references; the print profile leaves
// them out (print-on-demand services reject annotations) and mirrors the
// margins with a gutter that grows with the page count.
//
// Text is set by this package, not by fpdf: words are shaped by
// internal/shaping (kerning, ligatures, Arabic marks, each script in its
// face), lines are broken from the shaped widths, and glyphs are drawn by
// ID in this package's own Type 0 fonts (subset, tagged, with ToUnicode
// maps), which fpdf's output is given at the end (see fontobj.go). What no
// face can draw is reported through Options.Warn.
package pdf

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/commonplace-book/commonplace/internal/parallel"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/books"
)

// Options control Encode. The zero value renders with the collection's
// settings.
type Options struct {
	// Config is the pdf: section resolved (layout, print profile); nil
	// means the collection's, as ParseConfig resolves it.
	*Config
	// Now is the creation and modification date written into the PDF;
	// zero means the date of the newest entry (or 1 January 2000 when no
	// entry has a date), so that output is reproducible.
	Now time.Time
	// nowDerived is set when Now was taken from the newest entry, which
	// is a reproducible stamp for the metadata but not a date to print.
	nowDerived bool
	// pagesReady, when set, is given the pages as soon as they are laid
	// out, before the book is finished and written (see Render).
	pagesReady func(*books.Pages, error)
	// breaksReady is what typeset calls with the page breaks when they
	// are final.
	breaksReady func([]books.PageBreak)
	// headings are the headings of the entries whose heading comes from
	// their body (bodyHeadings), when the collection holds them without.
	headings map[*model.Entry]string
	// Warn receives non-fatal problems (characters replaced, letters not
	// joined), each naming the entry and the quote's line; nil drops them.
	Warn func(model.Problem)
	// Cache, when set, keeps the words the book shapes between runs
	// (see shapes.go); the book is the same bytes with it and without.
	Cache *model.Cache
}

func (o *Options) warnf(path string, line int, format string, args ...any) {
	if o.Warn != nil {
		o.Warn(model.Problem{Path: path, Line: line, Severity: model.Warning, Message: fmt.Sprintf(format, args...)})
	}
}

// Renderer is the pdf format for the render registry.
type Renderer struct{}

// Name returns "pdf".
func (Renderer) Name() string { return "pdf" }

// MediaType returns "application/pdf".
func (Renderer) MediaType() string { return "application/pdf" }

// Extension returns ".pdf".
func (Renderer) Extension() string { return ".pdf" }

// Render writes c to w as a PDF with the config of the pdf: section in
// o.Configs (else the collection's), o.Now and o.Warn. Where its pages
// begin is kept in o.Shared for the other outputs of the run (Pages) as
// soon as the pages are laid out, before the book is written: an EPUB
// made in the same run need not wait for the PDF's last pages to be
// drawn, compressed and written.
func (Renderer) Render(w io.Writer, c *model.Collection, o render.Options) error {
	cfg, err := render.ConfigOf(c, o, "pdf", ParseConfig)
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	opt := &Options{Config: &cfg, Now: o.Now, Warn: o.Warn, Cache: o.Cache}
	pr, err := sharedPages(c, opt, o.Shared)
	if err != nil {
		return err
	}
	if !pr.forRender.CompareAndSwap(true, false) && !pr.claim() {
		// The pages were counted already, or are being counted (Pages
		// came first): draw the book.
		return Encode(w, c, opt)
	}
	opt.pagesReady = pr.set
	pages, err := encode(w, c, opt)
	pr.set(pages, err)
	return err
}

// ReadsLazily declares that the PDF reads each entry's body when it sets
// the entry (model.Collection.Full), holding only the entries' heads
// (model.Collection.Heads), so that a collection loaded lazily or from the
// cache's index is never held whole.
func (Renderer) ReadsLazily() {}

// ClaimPages claims the laying out of the pages of the PDF that Render
// makes with o for that Render (render.PagesClaimer), so that Pages, asked
// meanwhile by another output of the run, waits for them. release tells
// whoever still waits that there are no pages, unless Render gave them.
func (Renderer) ClaimPages(c *model.Collection, o render.Options) (release func()) {
	cfg, err := render.ConfigOf(c, o, "pdf", ParseConfig)
	if err != nil {
		return func() {} // Render fails the same way; Pages lays out alone
	}
	pr, err := sharedPages(c, &Options{Config: &cfg, Now: o.Now}, o.Shared)
	if err != nil || !pr.claim() {
		return func() {}
	}
	pr.forRender.Store(true)
	return func() { pr.set(nil, errors.New("pdf: the book was not made")) }
}

// Pages returns where the pages of the PDF that Render makes with o begin
// (render.Paginator): from o.Shared when this run's PDF has laid them out
// or is laying them out, else counted (without drawing) and kept there
// for Render.
func (Renderer) Pages(c *model.Collection, o render.Options) (*books.Pages, error) {
	cfg, err := render.ConfigOf(c, o, "pdf", ParseConfig)
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	opt := &Options{Config: &cfg, Now: o.Now, Cache: o.Cache}
	pr, err := sharedPages(c, opt, o.Shared)
	if err != nil {
		return nil, err
	}
	if pr.claim() {
		pr.set(encode(nil, c, opt))
	}
	<-pr.done
	return pr.pages, pr.err
}

// pagesPromise is where the pages of one PDF begin, shared by the outputs
// of a run: the first to claim it lays the pages out (drawing the book,
// or only counting) and sets it; the others wait for it.
type pagesPromise struct {
	claimed atomic.Bool
	// forRender is set when ClaimPages claimed the pages for a Render to
	// come, which takes them over.
	forRender atomic.Bool
	once      sync.Once
	done      chan struct{}
	pages     *books.Pages
	err       error
}

// claim reports whether the caller is the first, which must then set p.
func (p *pagesPromise) claim() bool { return p.claimed.CompareAndSwap(false, true) }

// set records the pages (or why there are none) the first time it is
// called, and releases the waiters.
func (p *pagesPromise) set(pages *books.Pages, err error) {
	p.once.Do(func() {
		p.pages, p.err = pages, err
		if err != nil {
			p.pages = nil
		}
		close(p.done)
	})
}

// sharedPages returns the run's promise of the pages of the PDF of c made
// with o (a new one when sh is nil).
func sharedPages(c *model.Collection, o *Options, sh *render.Shared) (*pagesPromise, error) {
	key, err := pagesKey(c, o)
	if err != nil {
		return nil, err
	}
	v, _ := sh.Do(key, func() (any, error) { return &pagesPromise{done: make(chan struct{})}, nil })
	return v.(*pagesPromise), nil
}

// pagesKey is the render.Shared key of the pages of the PDF of c made
// with o: what changes them (layout, profile, style).
func pagesKey(c *model.Collection, o *Options) (string, error) {
	if c == nil {
		c = &model.Collection{}
	}
	opt, err := resolve(c, o)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("pdf.pages\x00%s\x00%t\x00%s", opt.Layout, opt.Print, c.Settings.Defaults().Style), nil
}

// Encode writes c to w as a PDF book. It never panics on a collection the
// loader returns; the same collection and options give byte-identical
// output. An error names what failed; nothing is written to w before the
// whole book has been typeset and drawn.
func Encode(w io.Writer, c *model.Collection, o *Options) error {
	_, err := encode(w, c, o)
	return err
}

// resolve returns o with the collection's settings and the defaults
// filled in.
func resolve(c *model.Collection, o *Options) (Options, error) {
	opt := *o
	if opt.Config == nil {
		cfg, probs := ParseConfig(c)
		if err := model.ErrorOf(probs); err != nil {
			return opt, fmt.Errorf("pdf: %w", err)
		}
		opt.Config = &cfg
	}
	if style := c.Settings.Defaults().Style; !slices.Contains(model.Styles, style) {
		return opt, fmt.Errorf("pdf: unknown citation style %q", style)
	}
	if opt.Now.IsZero() {
		opt.Now = books.Newest(c)
		opt.nowDerived = true
	}
	return opt, nil
}

// encode writes c to w as Encode does and returns where its pages begin;
// with w nil it only counts the pages.
func encode(w io.Writer, c *model.Collection, o *Options) (*books.Pages, error) {
	if o == nil {
		o = &Options{}
	}
	if c == nil {
		c = &model.Collection{}
	}
	// The book's faces are parsed (once per process, on every core) while
	// the entries' heads are read; typeset waits for them.
	go registry()
	// Every entry's head at once, each body when its entry is set.
	c, err := c.Heads()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	opt, err := resolve(c, o)
	if err != nil {
		return nil, err
	}
	opt.headings = bodyHeadings(c)
	l, err := LoadLayout(c.Root, opt.Layout)
	if err != nil {
		return nil, err
	}
	profile := "screen"
	if opt.Print {
		profile = "print"
	}
	pages := &books.Pages{Edition: fmt.Sprintf("%s, PDF, %s layout, %s profile", c.Settings.Defaults().Title, opt.Layout, profile)}
	if w == nil {
		pages.Breaks, err = typeset(nil, c, l, &opt)
		return pages, err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if ready := opt.pagesReady; ready != nil {
		opt.breaksReady = func(breaks []books.PageBreak) {
			early := *pages
			early.Breaks = breaks
			ready(&early, nil)
		}
	}
	if pages.Breaks, err = typeset(bw, c, l, &opt); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, fmt.Errorf("pdf: write: %w", err)
	}
	return pages, nil
}

// bodyHeadings returns the headings as written (books.HeadingText) of the
// entries of a lazily loaded collection whose heading comes from their
// body (books.NeedsBodyForHeading), which the heads do not hold but the
// contents, the outline and the order of the sources need before the
// body is set. Those bodies are read on every core; an entry whose body
// cannot be read keeps the heading of its head (the book then fails when
// it sets the entry).
func bodyHeadings(c *model.Collection) map[*model.Entry]string {
	if !c.IsLazy() {
		return nil
	}
	var untitled []*model.Entry
	for _, e := range c.Entries {
		if e != nil && books.NeedsBodyForHeading(e) {
			untitled = append(untitled, e)
		}
	}
	if len(untitled) == 0 {
		return nil
	}
	hs := make([]string, len(untitled))
	parallel.For(len(untitled), 16, func(i int) {
		e, err := c.Full(untitled[i])
		if err != nil {
			e = untitled[i]
		}
		hs[i] = books.HeadingText(e)
	})
	m := make(map[*model.Entry]string, len(untitled))
	for i, e := range untitled {
		m[e] = hs[i]
	}
	return m
}
