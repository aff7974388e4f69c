package epub

import (
	"maps"
	"strings"
	"unicode"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// A page list from the print edition: when the PDF is made in the same
// run (Options.Pages), each of its numbered pages gets a page break
// marker where its first line begins — before a heading, or inside a
// paragraph before the word the page starts with, found by counting the
// paragraph's countable runes as the PDF does (books.Place) — and the
// navigation document lists them (page-list), so that "p. 112" means the
// same passage in both editions.

// placeKey is a books.Place without its offset: a heading or a block.
type placeKey struct {
	kind  uint8
	entry int32 // the entry's number (book.src)
	part  int32
	block int32
	item  int32
}

// pageMark is one page break inside a block.
type pageMark struct {
	offset int32
	label  string
}

// pager hands out the page breaks of the print edition as the book's
// documents are written, and remembers which document each went into.
type pager struct {
	marks   map[placeKey][]pageMark
	byEntry map[int32][]placeKey
	// order is every page label in the print edition's order; file maps
	// the labels written to their documents; pending are the labels
	// written since the last call of placed.
	order   []string
	file    map[string]string
	pending []string
}

// newPager returns the pager of the page breaks p; number gives the
// number of an entry a break names (a break in an entry the book does
// not have is left out).
func newPager(p *books.Pages, number func(*model.Entry) (int32, bool)) *pager {
	if p == nil || len(p.Breaks) == 0 {
		return nil
	}
	pg := &pager{marks: map[placeKey][]pageMark{}, byEntry: map[int32][]placeKey{}, file: map[string]string{}}
	for _, br := range p.Breaks {
		at := br.At
		k := placeKey{kind: at.Kind, part: at.Part, block: at.Block, item: at.Item}
		if at.Entry != nil {
			i, ok := number(at.Entry)
			if !ok {
				continue
			}
			k.entry = i
			if _, ok := pg.marks[k]; !ok {
				pg.byEntry[i] = append(pg.byEntry[i], k)
			}
		}
		pg.marks[k] = append(pg.marks[k], pageMark{offset: at.Offset, label: br.Label})
		pg.order = append(pg.order, br.Label)
	}
	return pg
}

// forEntry moves the page breaks of entry e to a pager of their own, for
// writing e on another goroutine; its pending labels are then handed
// back with addPending.
func (pg *pager) forEntry(i int32) *pager {
	if pg == nil {
		return nil
	}
	ep := &pager{marks: map[placeKey][]pageMark{}, byEntry: map[int32][]placeKey{i: pg.byEntry[i]}}
	for _, k := range pg.byEntry[i] {
		if m, ok := pg.marks[k]; ok {
			ep.marks[k] = m
			delete(pg.marks, k)
		}
	}
	return ep
}

// clone returns a copy of an entry's pager (forEntry) that writing with
// pg leaves as it is.
func (pg *pager) clone() *pager {
	if pg == nil {
		return nil
	}
	return &pager{marks: maps.Clone(pg.marks), byEntry: pg.byEntry}
}

// addPending adds labels written elsewhere (an entry's pager) to those
// written since the last call of placed.
func (pg *pager) addPending(labels []string) {
	if pg != nil {
		pg.pending = append(pg.pending, labels...)
	}
}

// taken returns the labels of the markers written since the last call of
// placed or taken, and forgets them: for text whose document is chosen
// later.
func (pg *pager) taken() []string {
	if pg == nil || len(pg.pending) == 0 {
		return nil
	}
	out := append([]string(nil), pg.pending...)
	pg.pending = pg.pending[:0]
	return out
}

// take returns the page breaks at k and forgets them.
func (pg *pager) take(k placeKey) []pageMark {
	if pg == nil {
		return nil
	}
	m := pg.marks[k]
	delete(pg.marks, k)
	return m
}

// rest returns the page breaks of an entry not taken yet (in a note the
// e-book leaves out because nothing refers to it).
func (pg *pager) rest(i int32) []pageMark {
	if pg == nil {
		return nil
	}
	var out []pageMark
	for _, k := range pg.byEntry[i] {
		out = append(out, pg.take(k)...)
	}
	return out
}

// write writes page break markers.
func (pg *pager) write(b *strings.Builder, marks []pageMark) {
	if pg == nil {
		return
	}
	for _, m := range marks {
		b.WriteString(`<span epub:type="pagebreak" role="doc-pagebreak" id="page-`)
		b.WriteString(m.label)
		b.WriteString(`" aria-label="`)
		b.WriteString(m.label)
		b.WriteString(`"></span>`)
		pg.pending = append(pg.pending, m.label)
	}
}

// at writes the page breaks at k.
func (pg *pager) at(b *strings.Builder, k placeKey) {
	if pg != nil {
		pg.write(b, pg.take(k))
	}
}

// placed records that the markers written since the last call went into
// the document file.
func (pg *pager) placed(file string) {
	if pg == nil {
		return
	}
	for _, l := range pg.pending {
		pg.file[l] = file
	}
	pg.pending = pg.pending[:0]
}

// blockMarks follows one block of text as it is written: the page breaks
// inside it, and the countable runes written so far.
type blockMarks struct {
	pg    *pager
	marks []pageMark
	count int32
	// space is set at the start and after white space: a word may start.
	space bool
	prev  rune
}

// text writes s escaped, with the page breaks that fall inside it before
// the word they fall in or, mid-word (a hyphenated line), before the
// next one.
func (bm *blockMarks) text(b *strings.Builder, s string) {
	if bm == nil || len(bm.marks) == 0 {
		esc(b, s)
		bm.advance(s)
		return
	}
	start := 0
	for i, r := range s {
		if books.Countable(r) {
			wordStart := bm.space || isCJK(r) || isCJK(bm.prev)
			if wordStart && len(bm.marks) > 0 && bm.marks[0].offset <= bm.count {
				esc(b, s[start:i])
				start = i
				bm.flush(b, bm.count)
			}
			bm.count++
		}
		bm.space = unicode.IsSpace(r)
		bm.prev = r
	}
	esc(b, s[start:])
}

// advance counts s as written.
func (bm *blockMarks) advance(s string) {
	if bm == nil {
		return
	}
	for _, r := range s {
		if books.Countable(r) {
			bm.count++
		}
		bm.space = unicode.IsSpace(r)
		bm.prev = r
	}
}

// flush writes the page breaks at or before offset (all of them when
// offset is -1, at the block's end).
func (bm *blockMarks) flush(b *strings.Builder, offset int32) {
	if bm == nil {
		return
	}
	n := 0
	for n < len(bm.marks) && (offset < 0 || bm.marks[n].offset <= offset) {
		n++
	}
	bm.pg.write(b, bm.marks[:n])
	bm.marks = bm.marks[n:]
}
