package pdf

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/commonplace-book/commonplace/internal/hyphen"
	"github.com/commonplace-book/commonplace/internal/shaping"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// item is one piece of a vertical list: a line, or glue (vertical space)
// when line is nil.
type item struct {
	line *line
	h    float64
	// keep forbids a page break right after this item.
	keep bool
	// brk starts a new page before this item; brkRecto a right-hand page
	// in the print profile.
	brk int8
	// fixed glue is kept at the top of a page (a chapter's sink).
	fixed bool
	// anchor is the index + 1 of the anchor this item starts.
	anchor int
	// head is the running head from this item on ("" = unchanged).
	head string
	// at is the place of the book this item sets (its Kind is 0 for
	// front matter and glue): the page list of an e-book built with the
	// PDF (books.Pages).
	at books.Place
}

const (
	brkNone int8 = iota
	brkPage
	brkRecto
)

// anchor is a place in the book that the contents, the index and the
// outline point to.
type anchor struct {
	title string
	level int // outline level; -1 keeps it out of the outline
	page  int // physical page index, once paginated
	y     float64
	link  int // fpdf link id
}

// builder turns the collection into vertical lists, which it hands to
// the book page by page (pump) so that only a page or so of lines is held
// at a time.
type builder struct {
	c     *model.Collection
	l     *Layout
	o     *Options
	s     *shaper
	bk    *book
	width float64 // text block width
	textH float64 // text block height
	style string
	title string
	// items is the queue of items not yet on a page; taken counts the
	// items that have left it (drawn, or dropped at the top of a page).
	items []item
	taken int64
	anch  []anchor
	notes map[string]string
	// entryAnchor maps an entry to its anchor index + 1, groupAnchor a
	// group's index to its anchor index + 1; contentsAnchor, indexAnchor
	// and sourcesAnchor are those parts' anchors.
	entryAnchor                                map[*model.Entry]int
	groupAnchor                                []int
	contentsAnchor, indexAnchor, sourcesAnchor int
	// rtlBook is set when the collection's language is written right to
	// left: citations, contents and index then run right to left too.
	rtlBook bool
	// at is the place of the text being set (books.Place): lines take
	// it, with their offsets.
	at books.Place
	// lbl caches labels().
	lbl *model.Labels
	// lang is the language of the text being set (a quote's, an entry's
	// or the collection's), which chooses the hyphenation patterns.
	lang string
	// failed is why an entry's body could not be read (entry): the book
	// fails with the first such error in reading order.
	failed error
}

// anchors creates every anchor up front, so that the contents can be laid
// out before the body.
func (b *builder) anchors(groups []model.Group) {
	lb := b.labels()
	b.contentsAnchor = b.addAnchor(lb.Contents, 0)
	if len(b.c.Entries) == 0 {
		b.groupAnchor = append(b.groupAnchor, b.addAnchor(b.title, 0))
		return
	}
	for _, g := range groups {
		b.groupAnchor = append(b.groupAnchor, b.addAnchor(curly(g.Title), 0))
		for _, e := range g.Entries {
			if b.entryAnchor[e] == 0 {
				b.entryAnchor[e] = b.addAnchor(clean(curly(b.heading(e))), 1)
			}
		}
	}
	b.indexAnchor = b.addAnchor(lb.Index, 0)
	b.sourcesAnchor = b.addAnchor(lb.Sources, 0)
}

// labels returns the book's fixed words (books.Labels), read once.
func (b *builder) labels() model.Labels {
	if b.lbl == nil {
		l := books.Labels(b.c)
		b.lbl = &l
	}
	return *b.lbl
}

func (b *builder) typ(role string) Type { return b.l.Text[role] }

func (b *builder) st(role string) style {
	t := b.typ(role)
	return style{italic: t.italic(), bold: t.bold(), size: float64(t.Size)}
}

func (b *builder) glue(h float64, keep bool) {
	b.items = append(b.items, item{h: h, keep: keep})
}

// lines appends a paragraph's lines with no single line left at the top or
// foot of a page; keepAll keeps them all together. Each line is placed
// at b.at, offset by the countable runes of the lines before it.
func (b *builder) lines(ls []*line, keepAll bool) {
	n := len(ls)
	at := b.at
	for i, ln := range ls {
		keep := keepAll && i < n-1 || i == 0 && n > 1 || i == n-2
		b.items = append(b.items, item{line: ln, h: ln.h, keep: keep, at: at})
		at.Offset += int32(ln.countable())
	}
}

// countable returns the number of the line's source runes that count in
// a books.Place offset (the hyphen drawn at a break has no source).
func (ln *line) countable() int {
	n := 0
	for _, sg := range ln.segs {
		if len(sg.glyphs) == 0 {
			continue
		}
		for _, r := range sg.src {
			if books.Countable(r) {
				n++
			}
		}
	}
	return n
}

// keepLast forbids a break after the last item.
func (b *builder) keepLast() {
	if n := len(b.items); n > 0 {
		b.items[n-1].keep = true
	}
}

// text sets rich text in a role and returns its lines.
func (b *builder) text(runs []model.Run, role string, p para, st style) []*line {
	t := b.typ(role)
	if p.width == 0 {
		p.width = b.width
	}
	p.leading = float64(t.Leading)
	p.size = float64(t.Size)
	switch {
	case p.citation:
		p.rtl = books.CitationRTL()
	case p.fixedDir:
		p.rtl = b.rtlBook
	case p.align == alignJustify || p.align == alignStart:
		p.rtl = p.rtl || paragraphRTL(runs)
	}
	maxW := p.width - max(p.first, p.rest) - p.right
	words := b.s.shape(runs, st, b.notes, maxW)
	if len(words) == 0 {
		return nil
	}
	// Justified text is hyphenated in its language; soft hyphens are
	// honoured everywhere.
	var h *hyphen.Hyphenator
	if p.align == alignJustify {
		h = hyphen.For(b.lang)
	}
	words = b.s.hyphenate(words, h)
	return b.s.setParagraph(words, p)
}

func plain(s string) []model.Run { return []model.Run{{Text: s}} }

func (b *builder) addAnchor(title string, level int) int {
	b.anch = append(b.anch, anchor{title: title, level: level})
	return len(b.anch)
}

// chapter starts a new page (a right-hand one in print) with a sunk
// heading in the group role.
func (b *builder) chapter(title string, a int, brk int8) {
	st := b.st("group")
	ls := b.text(plain(curly(title)), "group", para{align: alignCenter}, st)
	b.items = append(b.items, item{h: b.textH * 0.1, fixed: true, brk: brk, anchor: a, head: title, at: b.at})
	b.lines(ls, true)
	b.keepLast()
	b.glue(float64(b.typ("group").Leading)*1.2, true)
}

// body builds the groups and entries.
func (b *builder) body(groups []model.Group) {
	if len(b.c.Entries) == 0 {
		b.chapter(b.title, b.groupAnchor[0], brkRecto)
		b.lines(b.text(plain(b.labels().NoEntries), "body", para{align: alignCenter}, b.st("body")), false)
		b.bk.pump(b, true)
		return
	}
	// Entries are set in parallel (see inOrder); chapters, pages and
	// drawing follow in order.
	type ref struct{ group, index int }
	var refs []ref
	for gi, g := range groups {
		for i := range g.Entries {
			refs = append(refs, ref{gi, i})
		}
	}
	b.inOrder(len(refs), func(wb *builder, k int) {
		wb.entry(groups[refs[k].group].Entries[refs[k].index])
	}, func(k int, items []item) {
		gi, i := refs[k].group, refs[k].index
		if i == 0 {
			b.s.at(groups[gi].Entries[0].Path, 0)
			b.at = books.Place{Kind: books.PlaceGroup, Item: int32(gi)}
			b.chapter(groups[gi].Title, b.groupAnchor[gi], brkRecto)
		} else {
			b.glue(float64(b.l.Spacing.Entry), false)
		}
		b.items = append(b.items, items...)
		b.bk.pump(b, false)
	})
	b.bk.pump(b, true)
}

// heading returns the heading of entry e as the collection holds it
// (books.Heading of the whole entry).
func (b *builder) heading(e *model.Entry) string {
	if h, ok := b.o.headings[e]; ok {
		return books.Curly(h)
	}
	return books.Heading(e)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// entry sets the entry whose head the collection holds: when the
// collection was loaded lazily or from the index (model.Collection.Heads)
// its body is read here, by the worker, and let go once the entry is set.
// Anchors and places name head, the entry the contents, the index and the
// other outputs of the run know.
func (b *builder) entry(head *model.Entry) {
	b.s.at(head.Path, 0)
	e, err := b.c.Full(head)
	if err != nil {
		b.failed = fmt.Errorf("pdf: %w", err)
		return
	}
	b.lang = firstNonEmpty(e.Lang, b.c.Settings.Language)
	b.notes = map[string]string{}
	for _, n := range e.Notes {
		b.notes[n.ID] = n.Label
	}
	title := curly(books.Heading(e))
	a := b.entryAnchor[head]
	b.at = books.Place{Kind: books.PlaceHeading, Entry: head}
	ls := b.text(plain(title), "heading", para{align: alignStart}, b.st("heading"))
	start := len(b.items)
	b.lines(ls, true)
	if len(b.items) > start {
		b.items[start].anchor = a
	}
	b.keepLast()
	if au := curly(books.Names(b.labels(), e.Authors)); au != "" {
		st := b.st("citation")
		st.italic = !st.italic
		b.lines(b.text(plain(au), "citation", para{align: alignStart}, st), true)
		b.keepLast()
	}
	b.glue(float64(b.l.Spacing.Heading), true)

	indent := float64(b.l.Spacing.Indent)
	// The body in file order: commentary stays where it was written; the
	// citation follows the last quote and stays with its end.
	parts := e.Parts()
	last := model.LastQuote(parts)
	ci, err := books.Cite(e, b.style)
	if err != nil {
		b.s.warnf("pdf: citation: %v", err)
		ci = books.Citation{Runs: plain(books.Names(b.labels(), e.Authors) + ", " + title)}
	}
	part := func(i int) {
		pt := parts[i]
		b.s.at(e.Path, pt.Line)
		if i > 0 || last < 0 {
			b.glue(float64(b.l.Spacing.Quote), false)
		}
		b.at = books.Place{Kind: books.PlaceBody, Entry: head, Part: int32(i)}
		if pt.Kind == model.PartQuote {
			q := e.Quotes[pt.Quote]
			b.lang = firstNonEmpty(q.Lang, e.Lang, b.c.Settings.Language)
			b.blocks(ci.QuoteBlocks(e, pt.Quote), "body", q.Dir == "rtl", 0)
			return
		}
		b.lang = firstNonEmpty(e.Lang, b.c.Settings.Language)
		b.blocks(pt.Blocks, "commentary", false, 1)
	}
	for i := 0; i <= last; i++ {
		part(i)
	}
	b.s.at(e.Path, 0)
	b.lang = firstNonEmpty(e.Lang, b.c.Settings.Language)
	if last >= 0 {
		b.keepLast()
		b.glue(float64(b.l.Spacing.Citation), true)
	}
	if cite := ci.Runs; len(cite) > 0 {
		// each field written in the other direction is a bidi isolate
		cite = books.IsolateFields(e, cite, books.CitationRTL())
		const dash = "— "
		// the offset counts the citation's own text, not the dash
		b.at = books.Place{Kind: books.PlaceCitation, Entry: head, Offset: -int32(books.CountRunes(dash))}
		runs := append([]model.Run{{Text: dash}}, cite...)
		b.lines(b.text(runs, "citation", para{align: alignStart, first: indent, rest: indent * 2, citation: true}, b.st("citation")), true)
	}
	for i := last + 1; i < len(parts); i++ {
		part(i)
	}
	for k, n := range e.Notes {
		b.glue(float64(b.l.Spacing.Paragraph), false)
		for i, bl := range n.Blocks {
			runs := bl.Runs
			b.at = books.Place{Kind: books.PlaceNote, Entry: head, Item: int32(k), Block: int32(i)}
			if i == 0 {
				runs = append([]model.Run{{Text: n.Label + ". "}}, runs...)
				b.at.Offset = -int32(books.CountRunes(n.Label + "."))
			}
			b.lines(b.text(runs, "note", para{align: alignJustify, first: indent, rest: indent}, b.st("note")), false)
		}
	}
}

// blocks sets the paragraphs of a quote or of commentary. Verse (a
// paragraph with hard line breaks) keeps its lines, turned-over lines
// indented; code blocks keep their lines.
func (b *builder) blocks(blocks []model.Block, role string, rtl bool, extraIndent int) {
	indent := float64(b.l.Spacing.Indent)
	st := b.st(role)
	for i, bl := range blocks {
		if i > 0 {
			b.glue(float64(b.l.Spacing.Paragraph), false)
		}
		b.at.Block, b.at.Offset = int32(i), 0
		// deep nesting stops indenting at a third of the line
		left := min(indent*float64(bl.Level+extraIndent), b.width/3)
		p := para{align: alignJustify, rtl: rtl, first: left, rest: left}
		r := role
		bst := st
		runs := bl.Runs
		switch bl.Kind {
		case "hr":
			t := b.typ(role)
			b.items = append(b.items, item{line: &line{h: float64(t.Leading), size: float64(t.Size), rule: b.width / 5}, h: float64(t.Leading), at: b.at})
			continue
		case "h":
			bst.bold = true
			p.align = alignStart
		case "li":
			// an item hangs its bullet, or its number in an ordered
			// list, in the indent, so that its text starts where its
			// turned lines and its later paragraphs (More, which have
			// neither) do
			left = min(indent*float64(bl.Level+extraIndent+1), b.width/3+indent)
			p.first, p.rest = left, left
			label := "•"
			if bl.Ordered {
				label = strconv.Itoa(bl.Number) + "."
			}
			if !bl.More {
				runs = append([]model.Run{{Text: label + "\u00a0"}}, runs...)
				b.at.Offset = -int32(books.CountRunes(label))
				p.first = max(left-b.s.width(serifFace(&bst), bst.size, label+"\u00a0"), 0)
			}
		case "pre":
			// code keeps its lines and its spaces; one wider than the
			// measure (a table kept as text, long code) is set smaller
			p.align = alignStart
			p.rest = left + indent
			runs = preRuns(runs)
			bst.size = b.preFit(bl.Runs, bst.size, b.width-left-p.right)
		default:
			if isVerse(bl.Runs) && role == "body" {
				r = "verse"
				bst = b.st("verse")
				p.align = alignStart
				p.rest = left + indent
			}
		}
		ls := b.text(runs, r, p, bst)
		if bl.Kind == "h" {
			b.lines(ls, true)
			b.keepLast()
			continue
		}
		// a stanza of up to six lines stays on one page
		b.lines(ls, r == "verse" && len(ls) <= maxStanza)
	}
}

// preRuns turns the newlines of code into hard breaks and its spaces into
// no-break spaces, which are kept.
func preRuns(runs []model.Run) []model.Run {
	var out []model.Run
	for _, r := range runs {
		if r.Break || r.Note != "" {
			out = append(out, r)
			continue
		}
		for i, part := range strings.Split(strings.TrimRight(r.Text, "\n"), "\n") {
			if i > 0 {
				out = append(out, model.Run{Break: true})
			}
			c := r
			c.Text = strings.ReplaceAll(strings.ReplaceAll(part, "\t", "    "), " ", "\u00a0")
			out = append(out, c)
		}
	}
	return out
}

// preFitMin is the smallest a code block is set to fit the measure, as a
// share of its type size: a block still wider turns its long lines over.
const preFitMin = 0.6

// preFit returns the type size at which the widest line of a code block
// (or of a table, which the model keeps as one) fits in width, in the
// monospace face: size when it fits, else smaller, down to preFitMin of
// it. A character the face lacks (CJK, set in another face) counts an em.
func (b *builder) preFit(runs []model.Run, size, width float64) float64 {
	fc := b.s.reg.Role(shaping.RoleMono, false)
	widest, w := 0.0, 0.0
	for _, r := range runs {
		for _, c := range r.Text {
			switch c {
			case '\n':
				widest, w = max(widest, w), 0
				continue
			case '\t':
				c = ' '
				w += 3 * float64(fc.Advance(fc.Glyph(c))) // a tab is four spaces (preRuns)
			}
			if g := fc.Glyph(c); g != 0 {
				w += float64(fc.Advance(g))
			} else {
				w += 1
			}
		}
	}
	widest = max(widest, w)
	if widest*size <= width || widest == 0 {
		return size
	}
	return max(width/widest, preFitMin*size)
}

// maxStanza is the most lines of a stanza kept together on a page.
const maxStanza = 6

func isVerse(runs []model.Run) bool {
	for _, r := range runs {
		if r.Break {
			return true
		}
	}
	return false
}

// sourcesItems builds the list of sources in bibliography form, sorted
// and without duplicates.
func (b *builder) sourcesItems() {
	b.at = books.Place{Kind: books.PlaceSources, Item: -1}
	b.chapter(b.labels().Sources, b.sourcesAnchor, brkPage)
	indent := float64(b.l.Spacing.Indent)
	sources := books.Sources(b.c, b.style, b.o.headings)
	b.inOrder(len(sources), func(wb *builder, i int) {
		s := sources[i]
		wb.s.at(s.Entries[0].Path, 0)
		wb.at = books.Place{Kind: books.PlaceSources, Item: int32(i)}
		wb.lines(wb.text(books.IsolateFields(s.Entries[0], s.Citation, books.CitationRTL()), "sources", para{align: alignStart, rest: indent, citation: true}, wb.st("sources")), false)
	}, func(i int, items []item) {
		if i > 0 {
			b.glue(float64(b.l.Spacing.Paragraph), false)
		}
		b.items = append(b.items, items...)
		b.bk.pump(b, false)
	})
	b.bk.pump(b, true)
}

// contentsItems builds the table of contents: groups, and entries when
// there are not too many, with their page labels.
func (b *builder) contentsItems(groups []model.Group, label func(anchor int) string) {
	b.at = books.Place{}
	st := b.st("contents")
	b.chapter(b.labels().Contents, b.contentsAnchor, brkNone)
	indent := float64(b.l.Spacing.Indent)
	listEntries := len(b.c.Entries) <= b.l.ContentsEntries
	row := func(title, path string, anchor int, left float64, st style) {
		b.s.at(path, 0)
		pg := label(anchor)
		numW := b.s.width(faceRegular, st.size, "0000")
		ls := b.text(plain(title), "contents", para{align: alignStart, first: left, rest: left + indent, right: numW + st.size, fixedDir: true}, st)
		if len(ls) == 0 {
			return
		}
		last := ls[len(ls)-1]
		f := serifFace(&st)
		pw := b.s.width(f, st.size, pg)
		dots := b.s.width(faceRegular, st.size, " .")
		stc := st
		stc.bold = false
		sp := &st
		if b.rtlBook {
			// Right to left: the title flush right, the page number flush
			// left, the leaders between them lined up from the left.
			start := b.width
			for _, sg := range last.segs {
				start = min(start, sg.x)
			}
			from := numW + st.size*0.3
			to := start - st.size*0.5
			if n := int((to - from) / dots); n > 0 {
				last.segs = append(last.segs, seg{x: from, w: float64(n) * dots, text: strings.Repeat(". ", n), face: faceRegular, st: &stc})
			}
			last.segs = append(last.segs, seg{x: 0, w: pw, text: pg, face: f, st: sp})
		} else {
			end := 0.0
			if n := len(last.segs); n > 0 {
				end = last.segs[n-1].x + last.segs[n-1].w
			}
			// leaders and the page number, flush right
			from := end + st.size*0.5
			to := b.width - numW - st.size*0.3
			if n := int((to - from) / dots); n > 0 {
				last.segs = append(last.segs, seg{x: to - float64(n)*dots, w: float64(n) * dots, text: strings.Repeat(" .", n), face: faceRegular, st: &stc})
			}
			last.segs = append(last.segs, seg{x: b.width - pw, w: pw, text: pg, face: f, st: sp})
		}
		for _, ln := range ls {
			ln.dest = anchor
		}
		b.lines(ls, false)
	}
	for gi, g := range groups {
		if gi > 0 && listEntries {
			b.glue(float64(b.typ("contents").Leading)*0.5, false)
		}
		gst := st
		gst.bold = listEntries
		ga := b.groupAnchor[gi]
		row(g.Title, "", ga, 0, gst)
		if listEntries {
			b.keepLast()
			for _, e := range g.Entries {
				if ea := b.entryAnchor[e]; ea > 0 {
					row(b.heading(e), e.Path, ea, indent, st)
				}
			}
		}
	}
	if b.indexAnchor != 0 {
		b.glue(float64(b.typ("contents").Leading)*0.5, false)
		row(b.labels().Index, "", b.indexAnchor, 0, st)
		row(b.labels().Sources, "", b.sourcesAnchor, 0, st)
	}
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"m", "cm", "d", "cd", "c", "xc", "l", "xl", "x", "ix", "v", "iv", "i"}
	var sb strings.Builder
	for i, v := range vals {
		for n >= v {
			sb.WriteString(syms[i])
			n -= v
		}
	}
	return sb.String()
}
