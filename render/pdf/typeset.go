package pdf

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync/atomic"

	"codeberg.org/go-pdf/fpdf"

	"github.com/commonplace-book/commonplace/internal/panics"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// book is a collection being typeset and drawn page by page.
type book struct {
	c      *model.Collection
	l      *Layout
	o      *Options
	s      *shaper
	title  string
	groups []model.Group
	width  float64
	textH  float64
	gutter float64
	// count only counts pages (the print profile's first passes);
	// otherwise pages are drawn on f as they are filled.
	count bool
	f     *fpdf.Fpdf
	d     *drawer
	// npages is the number of physical pages so far; front is the
	// number of front-matter pages (title, colophon, contents).
	npages  int
	front   int
	curHead string
	heads   map[string]*line
	b       *builder
	packer  *packer
	// body is set once the front matter is laid out; pages are where
	// each numbered page begins (books.Pages).
	body  bool
	pages []books.PageBreak
	// laidOut, when set, is called once every numbered page is laid out
	// (see typeset).
	laidOut func()
}

// typesets counts the books typeset (tests check that a run sets its book
// once).
var typesets atomic.Int64

// keptStore, when set (by tests), holds the line breaks of every book
// typeset, in place of those kept in its cache.
var keptStore *breakStore

// pageHook, when set (by tests), sees every page before it is drawn.
var pageHook func(bk *book, rp rawPage)

// gutterFor returns the print gutter for a book of n pages, as
// print-on-demand services require it.
func gutterFor(n int) float64 {
	switch {
	case n <= 150:
		return 0.375 * 72
	case n <= 300:
		return 0.5 * 72
	case n <= 500:
		return 0.625 * 72
	case n <= 700:
		return 0.75 * 72
	}
	return 0.875 * 72
}

// typeset lays out and draws the book, then writes it to w. In the print
// profile the gutter depends on the page count, which depends on the
// gutter: pages are first counted with the narrowest gutter, then drawn
// with the gutter for that count, and drawn again with a wider one in the
// rare case that the wider gutter added enough pages to need it (a wider
// gutter only adds pages, so this ends).
//
// With w nil nothing is drawn: the pages are only counted, with the same
// passes, and where each numbered page begins is returned (as it is when
// drawing).
func typeset(w io.Writer, c *model.Collection, l *Layout, o *Options) (pages []books.PageBreak, err error) {
	typesets.Add(1)
	s, err := newShaper(nil)
	if err != nil {
		return nil, err
	}
	loadShapes(o.Cache, s.shared, s.reg)
	bkey := breaksKey(c, o)
	s.breaks = loadBreaks(o.Cache, bkey)
	if keptStore != nil {
		s.breaks = keptStore
	}
	defer func() {
		if err == nil {
			keepShapes(o.Cache, s.shared, s.reg)
			keepBreaks(o.Cache, bkey, s.breaks)
		}
	}()
	defer func() {
		// A bug must not take the command down: report it with the entry
		// being set.
		if !panics.Recover() {
			return // a fuzz target sees the panic
		}
		if r := recover(); r != nil {
			where := ""
			if s.path != "" {
				where = " " + s.path
				if s.line > 0 {
					where += ":" + strconv.Itoa(s.line)
				}
			}
			err = fmt.Errorf("pdf: internal error while typesetting%s: %v", where, r)
		}
	}()
	if o.Warn != nil {
		seen := map[string]bool{}
		s.warn = func(path string, line int, msg string) {
			k := path + "\x00" + strconv.Itoa(line) + "\x00" + msg
			if !seen[k] {
				seen[k] = true
				o.warnf(path, line, "%s", msg)
			}
		}
	}
	gutter := 0.0
	if o.Print {
		// count the pages with the narrowest gutter first
		warn := s.warn
		s.warn = nil
		bk := newBook(c, l, o, s, gutterFor(0), true)
		if err := bk.run(); err != nil {
			return nil, err
		}
		s.warn = warn
		gutter = gutterFor(bk.npages)
	}
	var bk *book
	defer func() {
		if bk != nil {
			bk.packer.close()
		}
	}()
	for pass := 0; ; pass++ {
		if bk != nil {
			bk.packer.close() // a pass drawn with a gutter now too narrow
		}
		bk = newBook(c, l, o, s, gutter, w == nil)
		if o.breaksReady != nil && w != nil {
			// The breaks are final once the back matter is laid out in
			// the last pass: give them out before the contents are drawn
			// and the book written.
			bk.laidOut = func() {
				if !o.Print || pass == 4 || gutterFor(bk.npages) <= gutter {
					o.breaksReady(slices.Clone(bk.pageBreaks()))
				}
			}
		}
		if err := bk.run(); err != nil {
			return nil, err
		}
		if !o.Print || pass == 4 || gutterFor(bk.npages) <= gutter {
			break
		}
		gutter = gutterFor(bk.npages)
	}
	pages = bk.pageBreaks()
	if w == nil {
		return pages, nil
	}
	var doc capture
	streams, err := bk.packer.finish()
	if err != nil {
		return nil, err
	}
	// Every glyph is drawn: the fonts are subset and compressed while
	// fpdf writes its part, and numbered after it.
	fonts := bk.d.fonts.makeAsync()
	if err := bk.f.Output(&doc); err != nil {
		return nil, fmt.Errorf("pdf: writing: %w", err)
	}
	bk.f = nil
	// Page labels, so that viewers number pages as the folios do: roman
	// in the front matter, arabic from the body on.
	labels := fmt.Sprintf("/PageLabels <</Nums [0 <</S /r>> %d <</S /D>>]>>", bk.front)
	return pages, recompress(w, doc.b, labels, streams, fonts)
}

// pageBreaks returns the numbered pages with the places they begin at: a
// page that sets nothing (the blank verso before a chapter) begins where
// the next page does.
func (bk *book) pageBreaks() []books.PageBreak {
	out := bk.pages
	for i := len(out) - 2; i >= 0; i-- {
		if out[i].At.Kind == 0 {
			out[i].At = out[i+1].At
		}
	}
	for len(out) > 0 && out[len(out)-1].At.Kind == 0 {
		out = out[:len(out)-1]
	}
	return out
}

// mark records where the numbered page at physical index phys begins.
func (bk *book) mark(phys int, at books.Place) {
	if bk.body {
		bk.pages = append(bk.pages, books.PageBreak{Label: strconv.Itoa(phys - bk.front + 1), At: at})
	}
}

func newBook(c *model.Collection, l *Layout, o *Options, s *shaper, gutter float64, count bool) *book {
	set := c.Settings.Defaults()
	bk := &book{c: c, l: l, o: o, s: s, title: set.Title, gutter: gutter, count: count, heads: map[string]*line{}}
	bk.width = float64(l.Page.Width) - bk.inside() - float64(l.Margins.Outer)
	bk.textH = float64(l.Page.Height - l.Margins.Top - l.Margins.Bottom)
	bk.groups = c.Groups(set.Group)
	return bk
}

// run lays out every part in reading order and draws each page as soon as
// it is full. The contents come before the body but need its page numbers:
// their pages are reserved first (their length does not depend on the
// numbers) and drawn last.
func (bk *book) run() error {
	set := bk.c.Settings.Defaults()
	b := &builder{c: bk.c, l: bk.l, o: bk.o, s: bk.s, bk: bk, width: bk.width, textH: bk.textH,
		style: set.Style, title: set.Title, entryAnchor: map[*model.Entry]int{}, rtlBook: books.RTL(set.Language)}
	bk.b = b
	b.anchors(bk.groups)
	if !bk.count {
		bk.start(b)
		defer bk.packer.finish()
	}
	// Title page; its verso, the colophon, is drawn last, when the faces
	// the book uses are known.
	for _, rp := range paginate(bk.titlePage(b), bk.textH) {
		rp.opening = true
		bk.emit(b, rp, "")
	}
	colophonPage := bk.npages
	bk.blank()
	// Contents: reserve their pages.
	placeholder := func(int) string { return "000" }
	b.items = nil
	b.contentsItems(bk.groups, placeholder)
	contents := paginate(b.items, bk.textH)
	b.items = nil
	firstContents := bk.npages
	for i := range contents {
		if !bk.count {
			bk.f.AddPage()
			if i == 0 && !bk.o.Print {
				// the outline lists the contents first, where they are
				bk.f.Bookmark(b.labels().Contents, 0, float64(bk.l.Margins.Top))
			}
		}
		bk.npages++
	}
	if bk.o.Print && bk.npages%2 == 1 {
		bk.blank()
	}
	bk.front = bk.npages
	bk.body = true
	// Body and back matter.
	b.body(bk.groups)
	if b.failed != nil {
		return b.failed
	}
	if len(bk.c.Entries) > 0 {
		label := func(a int) string { return strconv.Itoa(b.anch[a-1].page - bk.front + 1) }
		b.indexItems(label)
		b.sourcesItems()
	}
	bk.s.at("", 0)
	bk.body = false
	if bk.count {
		return nil
	}
	if bk.laidOut != nil {
		bk.laidOut()
	}
	// Contents, now that every page number is known.
	last := bk.npages
	bk.npages = firstContents
	bk.curHead = ""
	label := func(a int) string {
		p := b.anch[a-1].page
		if p < bk.front {
			return roman(p + 1)
		}
		return strconv.Itoa(p - bk.front + 1)
	}
	b.items = nil
	b.contentsItems(bk.groups, label)
	for i, rp := range paginate(b.items, bk.textH) {
		if i >= len(contents) {
			break // cannot happen: page numbers do not change the layout
		}
		bk.emit(b, rp, roman(bk.npages+1))
	}
	bk.npages = colophonPage
	for i, rp := range paginate(bk.colophon(b, bk.d.added), bk.textH) {
		if i == 0 {
			rp.opening = true
			bk.emit(b, rp, "")
		}
	}
	bk.s.at("", 0)
	bk.npages = last // the page count typeset weighs the gutter by
	bk.f.SetPage(last)
	if err := bk.f.Error(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// rawPage is a page as the paginator leaves it.
type rawPage struct {
	items   []placed
	opening bool
	recto   bool
}

// placed is an item at a distance y below the top of the text block.
type placed struct {
	it *item
	y  float64
}

// droppable reports whether an item is glue that disappears at the top of
// a page.
func droppable(it *item) bool {
	return it.line == nil && !it.fixed && it.brk == brkNone && it.anchor == 0 && it.head == ""
}

// nextPage finds the end of the page that starts at items[start]: a page
// breaks only after an item that allows it, unless a run of kept items is
// longer than a page. It returns -1 when the items run out before the
// page is full.
func nextPage(items []item, start int, textH float64) int {
	y := 0.0
	for j := start; j < len(items); j++ {
		it := &items[j]
		if j > start && it.brk != brkNone {
			return j
		}
		if j > start && y+it.h > textH+0.01 {
			for k := j - 1; k > start; k-- {
				if !items[k].keep {
					if hasLine(items[start : k+1]) {
						return k + 1
					}
					break
				}
			}
			return j
		}
		y += it.h
	}
	return -1
}

// paginate cuts a whole list of items into pages.
func paginate(items []item, textH float64) []rawPage {
	var pages []rawPage
	i := 0
	for i < len(items) {
		for i < len(items) && droppable(&items[i]) {
			i++
		}
		if i >= len(items) {
			break
		}
		end := nextPage(items, i, textH)
		if end < 0 {
			end = len(items)
		}
		pages = append(pages, makePage(items[i:end]))
		i = end
	}
	return pages
}

func makePage(items []item) rawPage {
	rp := rawPage{opening: items[0].brk != brkNone || items[0].fixed, recto: items[0].brk == brkRecto}
	y := 0.0
	rp.items = make([]placed, 0, len(items))
	for k := range items {
		rp.items = append(rp.items, placed{&items[k], y})
		y += items[k].h
	}
	return rp
}

// pump draws every page that the builder's queue fills; with final set it
// also draws the last, partly filled page.
func (bk *book) pump(b *builder, final bool) {
	for {
		i := 0
		for i < len(b.items) && droppable(&b.items[i]) {
			i++
		}
		if i == len(b.items) {
			b.taken += int64(len(b.items))
			clear(b.items)
			b.items = b.items[:0]
			return
		}
		end := nextPage(b.items, i, bk.textH)
		if end < 0 {
			if !final {
				if i > 0 {
					n := copy(b.items, b.items[i:])
					clear(b.items[n:])
					b.items = b.items[:n]
					b.taken += int64(i)
				}
				return
			}
			end = len(b.items)
		}
		bk.emit(b, makePage(b.items[i:end]), "")
		n := copy(b.items, b.items[end:])
		clear(b.items[n:])
		b.items = b.items[:n]
		b.taken += int64(end)
	}
}

func hasLine(items []item) bool {
	for i := range items {
		if items[i].line != nil {
			return true
		}
	}
	return false
}

// blank adds an empty left-hand page.
func (bk *book) blank() {
	if !bk.count {
		bk.f.AddPage()
	}
	bk.mark(bk.npages, books.Place{})
	bk.npages++
}

// emit places a page: a blank page first when it must start on a
// right-hand page, anchors and running heads recorded, and in drawing mode
// the page drawn. folio overrides the page label when not "".
func (bk *book) emit(b *builder, rp rawPage, folio string) {
	if bk.o.Print && rp.recto && bk.npages%2 == 1 {
		bk.blank()
	}
	phys := bk.npages
	bk.npages++
	if pageHook != nil {
		pageHook(bk, rp)
	}
	var at books.Place
	for _, pl := range rp.items {
		if pl.it.at.Kind != 0 {
			at = pl.it.at
			break
		}
	}
	bk.mark(phys, at)
	head := bk.curHead
	for _, pl := range rp.items {
		if pl.it.head != "" {
			bk.curHead = pl.it.head
			if pl.y == 0 || head == "" {
				head = bk.curHead
			}
		}
		if pl.it.anchor != 0 {
			b.anch[pl.it.anchor-1].page = phys
			b.anch[pl.it.anchor-1].y = pl.y
		}
	}
	if bk.count {
		return
	}
	switch {
	case phys < 2: // title page and colophon
		head, folio = "", ""
	case folio != "":
	case phys >= bk.front:
		folio = strconv.Itoa(phys - bk.front + 1)
		if verso(phys, bk.front) {
			head = bk.title
		}
	}
	if rp.opening {
		head = ""
	}
	if phys < bk.f.PageCount() {
		bk.f.SetPage(phys + 1)
	} else {
		bk.f.AddPage()
	}
	bk.drawPage(b, rp, phys, head, folio)
	if phys >= bk.front {
		// body and back pages are never drawn on again
		bk.packer.pack(phys + 1)
	}
}

// inside returns the inner margin: the layout's, or the print gutter when
// that is wider (the gutter is the least inside margin binding needs, not
// an addition to it).
func (bk *book) inside() float64 {
	return max(float64(bk.l.Margins.Inner), bk.gutter)
}

// verso reports whether the body page at physical index phys carries an
// even folio (a left-hand page, with the book's title as running head);
// odd folios carry the current heading. Heads follow the folio, not the
// physical page, so they stay put whatever the length of the front
// matter.
func verso(phys, front int) bool {
	return (phys-front+1)%2 == 0
}
