package pdf

import (
	"strconv"
	"strings"

	"github.com/commonplace-book/commonplace/model"
)

// page is one physical page of the book.
type page struct {
	items   []placed
	head    string // running head; "" for none
	folio   string // page label; "" for none
	opening bool   // the first page of a part: no running head
}

// placed is an item at a distance y below the top of the text block.
type placed struct {
	it *item
	y  float64
}

// book is a typeset collection, ready to be written.
type book struct {
	c      *model.Collection
	l      *Layout
	o      *Options
	s      *shaper
	title  string
	pages  []page
	anch   []anchor
	width  float64
	textH  float64
	gutter float64
	groups []model.Group
}

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

// typeset lays the book out. In the print profile the gutter depends on
// the page count, which depends on the gutter: it is widened until it
// suits the page count (a wider gutter only adds pages, so this ends).
func typeset(c *model.Collection, l *Layout, o *Options) (*book, error) {
	s, err := newShaper(func(path string, line int, msg string) { o.warnf(path, line, "%s", msg) })
	if err != nil {
		return nil, err
	}
	// Warnings are sent once, from the final pass.
	warn := s.warn
	seen := map[string]bool{}
	s.warn = nil
	gutter := 0.0
	if o.Print {
		gutter = gutterFor(0)
	}
	for pass := 0; ; pass++ {
		bk := layoutBook(c, l, o, s, gutter)
		need := gutter
		if o.Print {
			need = gutterFor(len(bk.pages))
		}
		if need <= gutter || pass >= 5 {
			if warn != nil {
				// re-run the final pass with warnings on (cheap
				// compared with writing, and keeps the passes pure)
				s.warn = func(path string, line int, msg string) {
					k := path + "\x00" + strconv.Itoa(line) + "\x00" + msg
					if !seen[k] {
						seen[k] = true
						warn(path, line, msg)
					}
				}
				bk = layoutBook(c, l, o, s, gutter)
			}
			return bk, nil
		}
		gutter = need
	}
}

// layoutBook builds and paginates every part of the book for a gutter.
func layoutBook(c *model.Collection, l *Layout, o *Options, s *shaper, gutter float64) *book {
	set := c.Settings.Defaults()
	bk := &book{c: c, l: l, o: o, s: s, title: set.Title, gutter: gutter}
	bk.width = float64(l.Page.Width-l.Margins.Inner-l.Margins.Outer) - gutter
	bk.textH = float64(l.Page.Height - l.Margins.Top - l.Margins.Bottom)
	b := &builder{c: c, l: l, o: o, s: s, width: bk.width, textH: bk.textH, style: o.Style,
		title: set.Title, entryAnchor: map[*model.Entry]int{}, rtlBook: rtlLanguage(set.Language)}
	bk.groups = c.Groups(set.Group)

	// Body, from page 1 (a right-hand page), then the back matter. Their
	// anchors are numbered from page 1 of the body until the front
	// matter is known.
	b.body()
	rest := b.assemble(paginate(b.items, bk.textH), o.Print, 0)
	var backAnchors []int
	label := func(p int) string { return strconv.Itoa(p + 1) }
	if len(c.Entries) > 0 {
		b.items = nil
		backAnchors = append(backAnchors, b.indexItems(label), b.sourcesItems())
		rest = append(rest, b.assemble(paginate(b.items, bk.textH), o.Print, len(rest))...)
	}
	for i := range rest {
		rest[i].folio = strconv.Itoa(i + 1)
	}
	restAnchors := len(b.anch)

	// Front matter: title page, its verso, contents.
	front := bk.titlePages(b)
	b.items = nil
	b.contentsItems(bk.groups, backAnchors, label)
	front = append(front, b.assemble(paginate(b.items, bk.textH), false, len(front))...)
	if o.Print && len(front)%2 == 1 {
		front = append(front, page{opening: true})
	}
	for i := range front {
		if i >= 2 {
			front[i].folio = roman(i + 1)
		}
	}
	for i := 0; i < restAnchors; i++ {
		b.anch[i].page += len(front)
	}
	bk.pages = append(front, rest...)
	bk.anch = b.anch
	// Running heads: the book's title on left-hand pages of the body,
	// the part on right-hand ones; none on a part's first page.
	for i := range bk.pages {
		p := &bk.pages[i]
		switch {
		case p.opening || len(p.items) == 0 || i < 2:
			p.head = ""
		case i%2 == 1 && i >= len(front):
			p.head = bk.title
		}
	}
	return bk
}

// rtlLanguage reports whether a BCP 47 tag names a language written right
// to left.
func rtlLanguage(tag string) bool {
	lang, _, _ := strings.Cut(strings.ToLower(tag), "-")
	switch lang {
	case "ar", "fa", "he", "iw", "ur", "ps", "yi", "sd", "ug", "ku", "dv":
		return true
	}
	return false
}

// rawPage is a page as the paginator leaves it.
type rawPage struct {
	items   []placed
	opening bool
	recto   bool
}

// paginate fills pages with items: a page breaks only after an item that
// allows it, unless a run of kept items is longer than a page; glue at the
// top of a page is dropped.
func paginate(items []item, textH float64) []rawPage {
	var pages []rawPage
	i := 0
	for i < len(items) {
		for i < len(items) && items[i].line == nil && !items[i].fixed && items[i].brk == brkNone && items[i].anchor == 0 && items[i].head == 0 {
			i++
		}
		if i >= len(items) {
			break
		}
		start := i
		end := len(items)
		y := 0.0
		for j := start; j < len(items); j++ {
			it := &items[j]
			if j > start && it.brk != brkNone {
				end = j
				break
			}
			if j > start && y+it.h > textH+0.01 {
				end = j
				for k := j - 1; k > start; k-- {
					if !items[k].keep {
						if hasLine(items[start : k+1]) {
							end = k + 1
						}
						break
					}
				}
				break
			}
			y += it.h
		}
		rp := rawPage{opening: items[start].brk != brkNone || items[start].fixed, recto: items[start].brk == brkRecto}
		y = 0
		for k := start; k < end; k++ {
			rp.items = append(rp.items, placed{&items[k], y})
			y += items[k].h
		}
		pages = append(pages, rp)
		i = end
	}
	return pages
}

func hasLine(items []item) bool {
	for i := range items {
		if items[i].line != nil {
			return true
		}
	}
	return false
}

// assemble turns raw pages into pages, inserting a blank left-hand page
// before a part that must start on a right-hand page (print profile), and
// records where anchors and running heads fall. first is the index of the
// first page, counted from a right-hand page.
func (b *builder) assemble(raw []rawPage, print bool, first int) []page {
	out := make([]page, 0, len(raw))
	for _, rp := range raw {
		if print && rp.recto && (first+len(out))%2 == 1 {
			out = append(out, page{opening: true})
		}
		p := page{items: rp.items, opening: rp.opening, head: b.curHead}
		for _, pl := range rp.items {
			if pl.it.head != 0 {
				b.curHead = b.heads[pl.it.head-1]
				if pl.y == 0 || p.head == "" {
					p.head = b.curHead
				}
			}
			if pl.it.anchor != 0 {
				b.anch[pl.it.anchor-1].page = first + len(out)
				b.anch[pl.it.anchor-1].y = pl.y
			}
		}
		out = append(out, p)
	}
	return out
}
