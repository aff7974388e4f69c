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
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/books"
)

// Options control Encode. The zero value means defaults: the a5 layout,
// the screen profile, the collection's citation style.
type Options struct {
	// Layout names a layout in layouts/pdf/ ("a5", "6x9", "letter", "a4"
	// or one of the collection's own); "" means the collection's
	// settings, then "a5".
	Layout string
	// Print selects the print profile: no outline, links or annotations,
	// and mirrored margins with a gutter for binding.
	Print bool
	// Style is the citation style; "" means the collection's, then
	// chicago.
	Style string
	// Now is the creation and modification date written into the PDF;
	// zero means the date of the newest entry (or 1 January 2000 when no
	// entry has a date), so that output is reproducible.
	Now time.Time
	// nowDerived is set when Now was taken from the newest entry, which
	// is a reproducible stamp for the metadata but not a date to print.
	nowDerived bool
	// Warn receives non-fatal problems (characters replaced, letters not
	// joined), each naming the entry and the quote's line; nil drops them.
	Warn func(model.Problem)
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

// Render writes c to w as a PDF, mapping o onto Options: o.Layout, else
// the collection's pdf.layout; o.Print or the collection's pdf.print;
// o.Style, else the collection's style; o.Now and o.Warn as given.
func (Renderer) Render(w io.Writer, c *model.Collection, o render.Options) error {
	return Encode(w, c, &Options{Layout: o.Layout, Print: o.Print, Style: o.Style, Now: o.Now, Warn: o.Warn})
}

// Encode writes c to w as a PDF book. It never panics on a collection the
// loader returns; the same collection and options give byte-identical
// output. An error names what failed; nothing is written to w before the
// whole book has been typeset and drawn.
func Encode(w io.Writer, c *model.Collection, o *Options) (err error) {
	if o == nil {
		o = &Options{}
	}
	if c == nil {
		c = &model.Collection{}
	}
	opt := *o
	set := c.Settings.Defaults()
	if opt.Layout == "" {
		opt.Layout = set.PDF.Layout
	}
	opt.Print = opt.Print || c.Settings.PDF.Print
	if opt.Style == "" {
		opt.Style = set.Style
	}
	if !slices.Contains(model.Styles, opt.Style) {
		return fmt.Errorf("pdf: unknown citation style %q", opt.Style)
	}
	if opt.Now.IsZero() {
		opt.Now = books.Newest(c)
		opt.nowDerived = true
	}
	l, err := LoadLayout(c.Root, opt.Layout)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := typeset(bw, c, l, &opt); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("pdf: write: %w", err)
	}
	return nil
}
