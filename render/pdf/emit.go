package pdf

import (
	"cmp"
	"github.com/commonplace-book/commonplace/internal/shaping"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// titlePage builds the title page's items.
func (bk *book) titlePage(b *builder) []item {
	set := bk.c.Settings.Defaults()
	b.s.at("commonplace.yaml", 0)
	b.items = nil
	b.items = append(b.items, item{h: bk.textH * 0.22, fixed: true})
	b.lines(b.text(plain(set.Title), "title", para{align: alignCenter}, b.st("title")), true)
	if set.Subtitle != "" {
		b.glue(float64(b.typ("subtitle").Leading)*0.6, true)
		b.lines(b.text(plain(set.Subtitle), "subtitle", para{align: alignCenter}, b.st("subtitle")), true)
	}
	if set.Compiler != "" {
		y := sumH(b.items)
		cl := b.text(plain(set.Compiler), "compiler", para{align: alignCenter}, b.st("compiler"))
		b.items = append(b.items, item{h: max(bk.textH*0.7-y, 12), fixed: true})
		b.lines(cl, true)
	}
	items := b.items
	b.items = nil
	return items
}

// colophon builds the items of the title page's verso, set at its foot:
// the compiler, the size of the book, the faces it is set in (those used)
// and the date.
func (bk *book) colophon(b *builder, used [numFaces]bool) []item {
	set := bk.c.Settings.Defaults()
	b.s.at("commonplace.yaml", 0)
	b.items = nil
	quotes := 0
	for _, e := range bk.c.Entries {
		quotes += len(e.Quotes)
	}
	lb := b.labels()
	var text []string
	if set.Compiler != "" {
		text = append(text, lb.CompiledByName(set.Compiler))
	}
	// the faces other than the text face, each with what it sets (a key
	// of Labels.Uses)
	use := map[shaping.Role]string{
		shaping.RoleArabic: "arabic", shaping.RoleHebrew: "hebrew", shaping.RoleDevanagari: "devanagari",
		shaping.RoleThai: "thai", shaping.RoleCJK: "cjk", shaping.RoleMath: "math",
		shaping.RoleMono: "mono", shaping.RoleSymbols: "symbols",
	}
	var others [][2]string
	named := map[string]bool{}
	for f, ok := range used {
		fc := bk.s.reg.Faces[f]
		if !ok || fc.Role == shaping.RoleSerif || named[fc.Family] {
			continue
		}
		named[fc.Family] = true
		others = append(others, [2]string{fc.Family, use[fc.Role]})
	}
	text = append(text, lb.Count(quotes, len(bk.c.Entries)), lb.Faces("Noto Serif", others), madeWith(bk.o, lb))
	var ls []*line
	for _, t := range text {
		ls = append(ls, b.text(plain(t), "citation", para{align: alignStart}, b.st("citation"))...)
	}
	h := 0.0
	for _, ln := range ls {
		h += ln.h
	}
	b.items = append(b.items, item{h: max(bk.textH-h-1, 0), fixed: true})
	b.lines(ls, true)
	items := b.items
	b.items = nil
	return items
}

// madeWith is the colophon's last line: the date only when it was given
// (SOURCE_DATE_EPOCH or Options.Now), not derived from the entries.
func madeWith(o *Options, lb model.Labels) string {
	return lb.Made(o.Now.UTC(), !o.nowDerived)
}

func sumH(items []item) float64 {
	h := 0.0
	for _, it := range items {
		h += it.h
	}
	return h
}

// left returns the left edge of the text block on page index i (0-based):
// centred on screen, mirrored with the gutter inside in print.
func (bk *book) left(i int) float64 {
	m := bk.l.Margins
	if !bk.o.Print {
		return float64(m.Inner+m.Outer) / 2
	}
	if i%2 == 0 { // a right-hand page: the binding is on the left
		return bk.inside()
	}
	return float64(m.Outer)
}

// start creates the PDF document: metadata, and a link for every anchor
// in the screen profile. Fonts are added when first drawn.
func (bk *book) start(b *builder) {
	l := bk.l
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: float64(l.Page.Width), Ht: float64(l.Page.Height)}})
	bk.f = f
	bk.d = &drawer{f: f, bk: bk, fonts: fontSet{reg: bk.s.reg}}
	bk.packer = newPacker()
	f.SetCatalogSort(true)
	f.SetCreationDate(bk.o.Now.UTC())
	f.SetModificationDate(bk.o.Now.UTC())
	f.SetCompression(false) // see recompress
	f.SetAutoPageBreak(false, 0)
	f.SetMargins(0, 0, 0)
	f.SetCellMargin(0)
	set := bk.c.Settings.Defaults()
	f.SetTitle(clean(set.Title), true)
	if set.Compiler != "" {
		f.SetAuthor(clean(set.Compiler), true)
	}
	subject := set.Subtitle
	if subject == "" {
		subject = "A commonplace book"
	}
	f.SetSubject(clean(subject), true)
	f.SetKeywords(clean(keywords(bk.c)), true)
	f.SetCreator("Commonplace", true)
	f.SetProducer("Commonplace with go-pdf/fpdf", true)
	f.SetLang(cmp.Or(books.Lang(set.Language), "en"))
	if !bk.o.Print {
		f.SetDisplayMode("fullpage", "continuous")
		for i := range b.anch {
			b.anch[i].link = f.AddLink()
		}
	}
}

// drawPage draws a page's running head, folio and lines, and in the
// screen profile its link targets and outline entries.
func (bk *book) drawPage(b *builder, rp rawPage, phys int, head, folio string) {
	l := bk.l
	f := bk.f
	if f.Err() {
		return // fpdf's error is sticky and it may panic if drawn on
	}
	d := bk.d
	top := float64(l.Margins.Top)
	left := bk.left(phys)
	lr := 0
	for _, pl := range rp.items {
		lr += letterBalance(pl.it.line)
	}
	lr += letterBalance(bk.setHead(head, "running")) + letterBalance(bk.setHead(folio, "folio"))
	d.ltrPage = lr >= 0
	d.text = textState{face: -1, color: -1}
	defer d.endText()
	if ln := bk.setHead(head, "running"); ln != nil {
		d.gray = true
		d.line(ln, left, top-float64(l.Spacing.Running)-ln.h)
		d.gray = false
	}
	if ln := bk.setHead(folio, "folio"); ln != nil {
		d.line(ln, left, float64(l.Page.Height-l.Margins.Bottom+l.Spacing.Running)-ln.h*0.6)
	}
	for _, pl := range rp.items {
		if a := pl.it.anchor; a != 0 && !bk.o.Print {
			an := &b.anch[a-1]
			f.SetLink(an.link, top+pl.y, -1)
			if an.level >= 0 && a != b.contentsAnchor {
				f.Bookmark(clean(an.title), an.level, top+pl.y)
			}
		}
		if pl.it.line != nil {
			d.line(pl.it.line, left, top+pl.y)
		}
	}
}

// setHead sets a running head or folio once and keeps it.
func (bk *book) setHead(text, role string) *line {
	if text == "" {
		return nil
	}
	key := role + "\x00" + text
	if ln, ok := bk.heads[key]; ok {
		return ln
	}
	t := bk.l.Text[role]
	st := style{italic: t.italic(), bold: t.bold(), size: float64(t.Size)}
	var ln *line
	if words := bk.s.shape(plain(text), st, nil, bk.width); len(words) > 0 {
		// only the first line of an over-long head
		ln = bk.s.setParagraph(words, para{width: bk.width, align: alignCenter, leading: float64(t.Leading), size: float64(t.Size)})[0]
	}
	bk.heads[key] = ln
	return ln
}

// drawer draws lines as glyphs of the book's own fonts (see fontSet),
// written into fpdf's page content.
type drawer struct {
	f  *fpdf.Fpdf
	bk *book
	// gray draws in gray (running heads).
	gray bool
	// added marks the faces drawn (the colophon names them).
	added [numFaces]bool
	fonts fontSet
	buf   []byte
	texts [][]rune
	order []int
	pos   []float64
	segs  []*seg
	// ltrPage is set when the page has more left-to-right letters than
	// right-to-left ones (see endsRun).
	ltrPage bool
	items   []rtlItem
	pens    []int
	comps   []glyphComp
	// links counts the links drawn (fpdf's document has an annotation
	// for each); linkOrder is lineLinks' buffer.
	links     int
	linkOrder []int
	// text is the state of the page's text object.
	text textState
}

// textState is what the content of the page being drawn has set: a page's
// text is one text object (BT … ET, closed only around a rule), its fill
// colour, font and size set only when they change, each run of glyphs
// placed with Td relative to the one before, in hundredths of a point as
// the absolute positions were.
type textState struct {
	open  bool    // BT written, ET not yet
	face  int     // font face set (-1: none yet on this page)
	size  float64 // its size
	color int     // fill colour set, index into colorOps (-1: none yet)
	x, y  int64   // the text line matrix's origin, in hundredths of a point
}

// testHookPlaced, set by tests, is told where each run of glyphs starts
// (page, and hundredths of a point from the page's lower left corner).
var testHookPlaced func(page int, x, y int64)

// endText closes the page's text object, if open.
func (d *drawer) endText() {
	if d.text.open {
		d.text.open = false
		d.bk.packer.write(d.f.PageNo(), []byte("ET\n"))
	}
}

// appendTenths appends v with one decimal, the bytes strconv.AppendFloat
// (v, 'f', 1) gives, without its general algorithm where the rounding is
// plain (every kerning and word-space adjustment of a page goes through
// here).
func appendTenths(b []byte, v float64) []byte {
	t := v * 10
	r := math.Round(t)
	if d := math.Abs(t - r); d > 0.5-1e-6 || r == 0 || math.Abs(r) >= 1<<53 || math.IsNaN(d) {
		// halfway (v*10 may have been rounded onto it), a zero that may
		// be negative, out of range: strconv rounds the exact value
		return strconv.AppendFloat(b, v, 'f', 1, 64)
	}
	n := int64(r)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/10, 10)
	return append(b, '.', byte('0'+n%10))
}

// appendHundredths appends v hundredths in the fewest characters ("12.3",
// "-0.05", "7").
func appendHundredths(b []byte, v int64) []byte {
	if v < 0 {
		b = append(b, '-')
		v = -v
	}
	b = strconv.AppendInt(b, v/100, 10)
	switch f := v % 100; {
	case f == 0:
	case f%10 == 0:
		b = append(b, '.', byte('0'+f/10))
	default:
		b = append(b, '.', byte('0'+f/10), byte('0'+f%10))
	}
	return b
}

// colorOps are the fill colours: black, link, gray.
var colorOps = [...]string{"0 g", "0.122 0.239 0.478 rg", "0.333 0.333 0.333 rg"}

// line draws ln with its top at y and the text block's left edge at left.
func (d *drawer) line(ln *line, left, y float64) {
	for _, c := range ln.cols {
		d.line(c.ln, left+c.dx, y+c.dy)
	}
	f := d.f
	print := d.bk.o.Print
	if ln.rule > 0 {
		// a rule 0.4 pt wide (what fpdf's SetLineWidth and Line write)
		mid := float64(d.bk.l.Page.Height) - (y + ln.h/2)
		x := left + (d.bk.width-ln.rule)/2
		r := d.buf[:0]
		if d.text.open {
			// path operators are not allowed in a text object
			r = append(r, "ET\n"...)
			d.text.open = false
		}
		r = append(r, "0.40 w\n"...)
		r = strconv.AppendFloat(r, x, 'f', 2, 64)
		r = append(r, ' ')
		r = strconv.AppendFloat(r, mid, 'f', 2, 64)
		r = append(r, " m "...)
		r = strconv.AppendFloat(r, x+ln.rule, 'f', 2, 64)
		r = append(r, ' ')
		r = strconv.AppendFloat(r, mid, 'f', 2, 64)
		r = append(r, " l S\n"...)
		d.bk.packer.write(f.PageNo(), r)
		d.buf = r
	}
	base := y + 0.5*ln.h + 0.32*ln.size
	pageH := float64(d.bk.l.Page.Height)
	color := func(sg *seg) int {
		switch {
		case d.gray:
			return 2
		case !print && (sg.st.link != "" || sg.st.dest != 0):
			return 1
		}
		return 0
	}
	d.lineMarks(ln, left, base, color)
	b := d.buf[:0]
	// segments in logical order: copying gives the text in that order
	segs := d.segs[:0]
	rtl := false
	for i := range ln.segs {
		segs = append(segs, &ln.segs[i])
		rtl = rtl || ln.segs[i].rtl
	}
	if rtl {
		slices.SortStableFunc(segs, func(a, b *seg) int {
			return cmp.Or(cmp.Compare(a.word, b.word), cmp.Compare(a.lg, b.lg))
		})
	}
	d.segs = segs
	var prev *seg
	for i := 0; i < len(segs); {
		sg := segs[i]
		c := color(sg)
		j := i + 1
		for j < len(segs) && segs[j].face == sg.face && segs[j].st.size == sg.st.size &&
			segs[j].st.rise == sg.st.rise && color(segs[j]) == c {
			j++
		}
		size := sg.st.size
		x0 := left + sg.x
		t := &d.text
		if !t.open {
			b = append(b, "BT\n"...)
			t.open, t.x, t.y = true, 0, 0
		}
		if c != t.color {
			b = append(b, colorOps[c]...)
			b = append(b, ' ')
			t.color = c
		}
		if int(sg.face) != t.face || size != t.size {
			b = append(b, '/')
			b = append(b, fontResource(sg.face)...)
			b = append(b, ' ')
			b = strconv.AppendFloat(b, size, 'f', -1, 64)
			b = append(b, " Tf "...)
			t.face, t.size = int(sg.face), size
		}
		x, y := int64(math.Round(x0*100)), int64(math.Round((pageH-(base-sg.st.rise))*100))
		b = appendHundredths(b, x-t.x)
		b = append(b, ' ')
		b = appendHundredths(b, y-t.y)
		b = append(b, " Td ["...)
		t.x, t.y = x, y
		if testHookPlaced != nil {
			testHookPlaced(f.PageNo(), x, y)
		}
		w := &glyphWriter{b: b, size: size}
		for k := i; k < j; k++ {
			var next *seg
			if k+1 < len(segs) {
				next = segs[k+1]
			}
			d.seg(w, segs[k], left-x0, prev, next)
			prev = segs[k]
		}
		w.close()
		b = append(w.b, "]TJ\n"...)
		d.added[sg.face] = true
		i = j
	}
	d.buf = b
	d.bk.packer.write(f.PageNo(), b)
	if !print {
		d.lineLinks(ln, left, base)
	}
	if ln.dest != 0 && !print {
		f.Link(left, y, d.bk.width, ln.h, d.bk.b.anch[ln.dest-1].link)
		d.links++
	}
}

// markColor is the fill of highlighted text: a highlighter's yellow on
// screen, a light grey in print.
const (
	markColor      = "1 0.93 0.55 rg"
	markColorPrint = "0.85 g"
)

// lineMarks draws the highlight behind a line's marked segments (text the
// collector highlighted, model.Run.Mark): one box for each run of them
// side by side, covering them and the spaces between, as high as a link's
// box. It draws the line through struck segments (model.Run.Strike) the
// same way, a rule for each run of them in one colour, through the middle
// of the lower-case letters, in the text's colour. Both are drawn before
// the line's text, which they must not cover.
func (d *drawer) lineMarks(ln *line, left, base float64, color func(*seg) int) {
	order := d.linkOrder[:0]
	marked, struck := false, false
	for i := range ln.segs {
		order = append(order, i)
		marked = marked || ln.segs[i].st.mark
		struck = struck || ln.segs[i].st.strike
	}
	d.linkOrder = order
	if !marked && !struck {
		return
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ln.segs[a].x, ln.segs[b].x) })
	pageH := float64(d.bk.l.Page.Height)
	r := d.buf[:0]
	if d.text.open {
		r = append(r, "ET\n"...) // path operators are not allowed in a text object
		d.text.open = false
	}
	r = append(r, "q "...)
	rect := func(x, y, w, h float64) {
		for _, v := range [...]float64{x, y, w, h} {
			r = strconv.AppendFloat(r, v, 'f', 2, 64)
			r = append(r, ' ')
		}
		r = append(r, "re f\n"...)
	}
	if marked {
		if d.bk.o.Print {
			r = append(r, markColorPrint...)
		} else {
			r = append(r, markColor...)
		}
		r = append(r, '\n')
	}
	if marked {
		eachSpan(ln, order, func(sg *seg) bool { return sg.st.mark }, nil, func(_ *seg, x0, x1, size, rise float64) {
			bottom := base - rise + 0.25*size
			rect(left+x0, pageH-bottom, x1-x0, 1.05*size)
		})
	}
	if struck {
		fill := -1
		sameColor := func(a, b *seg) bool { return color(a) == color(b) }
		eachSpan(ln, order, func(sg *seg) bool { return sg.st.strike }, sameColor, func(first *seg, x0, x1, size, rise float64) {
			if c := color(first); c != fill {
				r = append(r, colorOps[c]...)
				r = append(r, '\n')
				fill = c
			}
			// strikeHeight above the baseline, strikeWidth thick (in ems)
			bottom := base - rise - (strikeHeight-strikeWidth/2)*size
			rect(left+x0, pageH-bottom, x1-x0, strikeWidth*size)
		})
	}
	r = append(r, "Q\n"...)
	d.bk.packer.write(d.f.PageNo(), r)
	d.buf = r
}

// eachSpan calls f for each run of the line's segments side by side, in
// order (indexes into ln.segs sorted by place), that in accepts and that
// same (when not nil) groups with the run's first segment: with that first
// segment, the run's left and right edges, its largest type size and its
// lowest rise.
func eachSpan(ln *line, order []int, in func(*seg) bool, same func(a, b *seg) bool, f func(first *seg, x0, x1, size, rise float64)) {
	for k := 0; k < len(order); {
		sg := &ln.segs[order[k]]
		if !in(sg) {
			k++
			continue
		}
		x0, x1 := sg.x, sg.x+sg.w
		size, rise := sg.st.size, sg.st.rise
		for k++; k < len(order); k++ {
			nx := &ln.segs[order[k]]
			if !in(nx) || same != nil && !same(sg, nx) {
				break
			}
			x1 = max(x1, nx.x+nx.w)
			size, rise = max(size, nx.st.size), min(rise, nx.st.rise)
		}
		f(sg, x0, x1, size, rise)
	}
}

// The line through struck text: its middle above the baseline, and its
// thickness, in ems (about half the lower-case letters' height, and the
// faces' own strikeout thickness).
const (
	strikeHeight = 0.27
	strikeWidth  = 0.05
)

// lineLinks adds the link annotations of a line's segments: one for each
// run of segments side by side on the line that lead to the same place
// in the same size, covering them and the spaces between. A link set over
// several words is so one annotation a line, which a reader's Tab key
// visits once, not one a word. Segments are side by side in the order of
// their places on the line (a word of other text between two words of a
// link, as the bidi order may put it, parts them).
func (d *drawer) lineLinks(ln *line, left, base float64) {
	order := d.linkOrder[:0]
	for i := range ln.segs {
		if st := ln.segs[i].st; st.link != "" || st.dest != 0 {
			order = append(order, i)
		}
	}
	if len(order) == 0 {
		return
	}
	if len(order) < len(ln.segs) { // some segments are not links: all count
		order = order[:0]
		for i := range ln.segs {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(ln.segs[a].x, ln.segs[b].x) })
	d.linkOrder = order
	for k := 0; k < len(order); {
		st := ln.segs[order[k]].st
		x0, x1 := ln.segs[order[k]].x, ln.segs[order[k]].x+ln.segs[order[k]].w
		m := k + 1
		for ; m < len(order); m++ {
			nx := &ln.segs[order[m]]
			if nx.st.link != st.link || nx.st.dest != st.dest || nx.st.size != st.size || nx.st.rise != st.rise {
				break
			}
			x1 = max(x1, nx.x+nx.w)
		}
		k = m
		x, bl, size := left+x0, base-st.rise, st.size
		switch {
		case st.link != "":
			d.f.LinkString(x, bl-0.8*size, x1-x0, size*1.05, st.link)
		case st.dest != 0:
			d.f.Link(x, bl-0.8*size, x1-x0, size*1.05, d.bk.b.anch[st.dest-1].link)
		default:
			continue
		}
		d.links++
	}
}

// glyphWriter writes glyphs into a TJ array, tracking where the PDF's
// text position is (pen, in points from the start of the text object)
// and the text rise.
type glyphWriter struct {
	b    []byte
	size float64
	pen  float64
	rise float64
	open bool // a string is open
}

// at moves the text position to x, then draws gid of width adv (ems).
func (w *glyphWriter) glyph(gid uint16, x, rise float64, adv float32) {
	if rise != w.rise {
		w.close()
		w.b = append(w.b, "]TJ "...)
		w.b = strconv.AppendFloat(w.b, rise, 'f', 2, 64)
		w.b = append(w.b, " Ts ["...)
		w.rise = rise
	}
	if dx := x - w.pen; dx > 0.005 || dx < -0.005 {
		w.close()
		w.b = appendTenths(w.b, -dx*1000/w.size)
	}
	if !w.open {
		w.b = append(w.b, '(')
		w.open = true
	}
	// two bytes per glyph in a literal string, escaped where needed
	for _, c := range [2]byte{byte(gid >> 8), byte(gid)} {
		switch c {
		case '(', ')', '\\':
			w.b = append(w.b, '\\', c)
		case '\r':
			w.b = append(w.b, '\\', 'r')
		default:
			w.b = append(w.b, c)
		}
	}
	w.pen = x + float64(adv)*w.size
}

func (w *glyphWriter) close() {
	if w.open {
		w.b = append(w.b, ')')
		w.open = false
	}
}

// raw writes an operator sequence outside the TJ array (marked content).
func (w *glyphWriter) raw(ops string) {
	w.close()
	w.b = append(w.b, "]TJ "...)
	w.b = append(w.b, ops...)
	w.b = append(w.b, " ["...)
}

// seg draws a segment's glyphs; rel is the text object's start in the
// line's coordinates. After prev (the segment drawn before it, in
// logical order) a word space is drawn as a space glyph in the gap
// between them, so that copied text has its word spaces.
func (d *drawer) seg(w *glyphWriter, sg *seg, rel float64, prev, next *seg) {
	u := d.fonts.use(sg.face)
	size := sg.st.size
	rise := 0.0
	x := sg.x + rel
	if sg.space && prev != nil {
		at := -1.0
		gid := u.face.Glyph(' ')
		adv, _ := u.glyph(gid, []rune{' '}, gid != 0)
		switch {
		case sg.x > prev.x+prev.w+0.01: // after prev
			at = prev.x + prev.w
			if prev.rtl && !sg.rtl {
				// after a right-to-left run, just before the segment:
				// MuPDF starts a new line when a left-to-right letter
				// is far from the character before it
				at = max(at, sg.x-float64(adv)*size)
			}
		case prev.x > sg.x+sg.w+0.01: // before prev (right to left)
			at = sg.x + sg.w
		}
		if gid != 0 && at >= 0 {
			w.glyph(gid, at+rel, rise, adv)
		}
	}
	if sg.glyphs == nil {
		// leaders, page numbers: nominal glyphs
		for _, r := range sg.text {
			gid := u.face.Glyph(r)
			adv, _ := u.glyph(gid, []rune{r}, true)
			w.glyph(gid, x, rise, adv)
			x += float64(adv) * size
		}
		return
	}
	if sg.rtl && d.rtlSeg(w, u, sg, x, d.ltrPage && endsRun(sg, next)) {
		return
	}
	if !sg.rtl && drawPlainFirst && d.ltrPlain(w, u, sg, x) {
		return
	}
	texts := clusterTexts(u, sg, d.texts[:0])
	d.texts = texts
	if !sg.rtl && d.ltrSeg(w, u, sg, x, texts) {
		return
	}
	// No room for more glyphs in the font: the glyphs as shaped, with
	// ActualText where the per-glyph map cannot give the text back.
	// Does the per-glyph map give the text back in order? Then no
	// ActualText. Right-to-left text never has it: readers put the
	// glyphs' text in logical order themselves.
	simple := true
	for k, g := range sg.glyphs {
		if k > 0 && !sg.rtl && (g.Start < sg.glyphs[k-1].Start || g.Start == sg.glyphs[k-1].Start) {
			simple = false
		}
	}
	actual := false
	if !simple {
		w.raw("/Span <</ActualText <FEFF" + utf16Hex(string(sg.src)) + ">>> BDC")
		actual = true
	}
	// Positions first; then draw. In right-to-left text each cluster's
	// glyphs are drawn base first, then its marks, as readers expect to
	// attach a mark to the letter drawn before it.
	order := d.order[:0]
	pos := d.pos[:0]
	pen := x
	for k, g := range sg.glyphs {
		order = append(order, k)
		pos = append(pos, pen+float64(g.XOffset)*size)
		pen += float64(g.Advance) * size
	}
	if sg.rtl {
		for a := 0; a < len(order); {
			b := a + 1
			for b < len(order) && sg.glyphs[b].Start == sg.glyphs[a].Start {
				b++
			}
			for i, j := a, b-1; i < j; i, j = i+1, j-1 {
				order[i], order[j] = order[j], order[i]
			}
			a = b
		}
	}
	d.order, d.pos = order, pos
	for _, k := range order {
		g := sg.glyphs[k]
		adv, ok := u.glyph(g.ID, texts[k], len(texts[k]) > 0)
		if !ok && !actual && !sg.rtl {
			// the glyph already stands for other text: give this
			// segment's text explicitly from here on
			w.raw("/Span <</ActualText <FEFF" + utf16Hex(string(sg.src[g.Start:])) + ">>> BDC")
			actual = true
		}
		w.glyph(g.ID, pos[k], float64(g.YOffset)*size, adv)
	}
	if w.rise != 0 {
		w.glyph0()
	}
	if actual {
		w.raw("EMC")
	}
}

// clusterTexts returns the text each glyph of a segment stands for: a
// cluster of one glyph stands for all its characters (a ligature for its
// letters); in a cluster of several glyphs, a glyph that is a
// character's own glyph stands for it and the first other glyph with an
// advance for the rest.
func clusterTexts(u *fontUse, sg *seg, out [][]rune) [][]rune {
	gs := sg.glyphs
	for range gs {
		out = append(out, nil)
	}
	for a := 0; a < len(gs); {
		b := a + 1
		for b < len(gs) && gs[b].Start == gs[a].Start {
			b++
		}
		src := sg.src[gs[a].Start:gs[a].End]
		if b == a+1 {
			out[a] = src
			a = b
			continue
		}
		var rest []rune
		for i, r := range src {
			gid := u.face.Glyph(r)
			found := false
			for k := a; k < b; k++ {
				if len(out[k]) == 0 && gs[k].ID == gid {
					out[k] = src[i : i+1 : i+1]
					found = true
					break
				}
			}
			if !found {
				rest = append(rest, r)
			}
		}
		// unmatched letters go to the first unmatched glyph with an
		// advance, unmatched marks to the first unmatched glyph without
		var letters, marks []rune
		for _, r := range rest {
			if unicode.Is(unicode.Mn, r) {
				marks = append(marks, r)
			} else {
				letters = append(letters, r)
			}
		}
		for _, part := range [2][]rune{letters, marks} {
			if len(part) == 0 {
				continue
			}
			mark := unicode.Is(unicode.Mn, part[0])
			k := a
			for k < b && (len(out[k]) > 0 || (gs[k].Advance == 0) != mark) {
				k++
			}
			if k == b {
				for k = a; k < b && len(out[k]) > 0; k++ {
				}
			}
			if k < b {
				out[k] = part
			}
		}
		a = b
	}
	return out
}

// glyph0 returns the text rise to the baseline.
func (w *glyphWriter) glyph0() {
	w.close()
	w.b = append(w.b, "]TJ 0 Ts ["...)
	w.rise = 0
}

// clean makes s safe for document metadata and outline titles: no control
// characters, nothing above U+FFFF.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20 || r == 0x7F:
			return ' '
		case r > 0xFFFF:
			return 0xFFFD
		}
		return r
	}, s)
}

// keywords lists the collection's categories and tags.
func keywords(c *model.Collection) string {
	seen := map[string]bool{}
	var ks []string
	for _, e := range c.Entries {
		for _, k := range append([]string{e.Category}, e.Tags...) {
			k = strings.TrimSpace(k)
			if k != "" && !seen[strings.ToLower(k)] {
				seen[strings.ToLower(k)] = true
				ks = append(ks, k)
			}
		}
	}
	sort.Strings(ks)
	if len(ks) > 40 {
		ks = ks[:40]
	}
	return strings.Join(ks, ", ")
}

// rtlItem is one glyph of a right-to-left segment as rtlSeg draws it.
type rtlItem struct {
	comps []glyphComp // nil: a carrier of text
	x     int         // origin, in font units from the segment's start
	w     int         // advance, in font units
	text  []rune
}

// rtlSeg draws a right-to-left segment so that copying it, or searching
// it, gives its text in logical order, in readers that take text in the
// order it is drawn (MuPDF) and in those that order it by position
// (Poppler, which then reverses right-to-left runs).
//
// Each cluster (a letter with its marks, a ligature) is drawn as one
// glyph, right to left: the cluster's glyphs, each moved by its offset,
// become one composite glyph added to the font's subset (see
// fontUse.variant) that stands for the cluster's first character, set on
// the baseline at the cluster's origin. Each further character of the
// cluster (a vowel mark, the second letter of a ligature) follows as an
// empty glyph of no width that stands for it, a hair to the left of the
// one before: by position, as by drawing order, the characters are then
// in logical order. Text rise is not used, so that the marks stay on the
// line of their letters. It reports false, having drawn nothing, when the
// font has no room for the glyphs it would add; the caller then draws
// the glyphs as they are.
//
// When mark is set, a right-to-left mark (U+200F) follows, in the same
// way: see endsRun.
func (d *drawer) rtlSeg(w *glyphWriter, u *fontUse, sg *seg, x float64, mark bool) bool {
	gs := sg.glyphs
	if !u.room(len(gs) + len(sg.src)) {
		return false
	}
	upem := float64(u.face.UnitsPerEm())
	units := func(em float32) int { return int(math.Round(float64(em) * upem)) }
	// a hair: the distance between the characters of a cluster
	hair := max(2, int(math.Ceil(0.002*upem)))
	// a narrow cluster is given at least this width, so that Poppler
	// does not run the next character into it
	narrow := int(math.Ceil(0.11 * upem))
	items := d.items[:0]
	comps := d.comps[:0]
	// pen positions, from the left
	pen := append(d.pens[:0], make([]int, len(gs)+1)...)
	d.pens = pen
	for k, g := range gs {
		pen[k+1] = pen[k] + units(g.Advance)
	}
	last := pen[len(gs)] + hair
	for b := len(gs); b > 0; {
		a := b - 1
		for a > 0 && gs[a-1].Start == gs[b-1].Start {
			a--
		}
		origin := min(pen[a], last-hair)
		start := len(comps)
		for k := a; k < b; k++ {
			dx, dy := pen[k]-origin+units(gs[k].XOffset), units(gs[k].YOffset)
			if dx != int(int16(dx)) || dy != int(int16(dy)) {
				return false
			}
			comps = append(comps, glyphComp{gid: gs[k].ID, dx: int16(dx), dy: int16(dy)})
		}
		wd := pen[b] - pen[a]
		if wd > 0 && wd < narrow {
			wd = narrow
		}
		text := sg.src[gs[a].Start:gs[a].End]
		var first []rune
		if len(text) > 0 {
			first = text[:1]
		}
		c0 := len(items)
		items = append(items, rtlItem{comps: comps[start:len(comps):len(comps)], x: origin, w: wd, text: first})
		last = origin
		for i := 1; i < len(text); i++ {
			last -= hair
			items = append(items, rtlItem{x: last, w: carrierWidth(items[c0:], last, 0, text[i], upem), text: text[i : i+1]})
		}
		b = a
	}
	if mark {
		items = append(items, rtlItem{x: last - hair, text: rlm[:]})
	}
	d.items, d.comps = items, comps
	size := sg.st.size
	for _, it := range items {
		gid, ok := u.variant(it.comps, float32(float64(it.w)/upem), it.text)
		if !ok {
			// cannot happen: room was checked
			continue
		}
		w.glyph(gid, x+float64(it.x)/upem*size, 0, float32(float64(it.w)/upem))
	}
	return true
}

// carrierWidth is the width of a carrier of r at x following the items
// of its cluster: base, made wider when the cluster already has r. Poppler
// drops a character as a duplicate (fake bold) when one of the same text
// has nearly the same box; the width makes the boxes differ.
func carrierWidth(cluster []rtlItem, x, base int, r rune, upem float64) int {
	apart := int(0.11 * upem)
	for _, extra := range [...]int{0, int(0.15 * upem), int(0.3 * upem), int(0.45 * upem)} {
		w := base + extra
		ok := true
		for _, it := range cluster {
			if len(it.text) == 1 && it.text[0] == r && abs(it.x-x) < apart && abs(it.x+it.w-x-w) < apart {
				ok = false
			}
		}
		if ok {
			return w
		}
	}
	return base
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

var rlm = [1]rune{0x200F}

// endsRun reports whether a right-to-left segment, followed by next on
// its line in logical order, ends a right-to-left run with a combining
// mark. On a page where left-to-right letters prevail (ltrPage), Poppler
// orders a line's characters by position and reverses each run that
// starts, on the left, with a right-to-left letter: a vowel mark at a
// run's left end (the last one of its last word) would be left out of it.
// A right-to-left mark (invisible) after it keeps the run whole.
func endsRun(sg, next *seg) bool {
	if len(sg.src) == 0 || !unicode.Is(unicode.Mn, sg.src[len(sg.src)-1]) {
		return false
	}
	return next == nil || !next.rtl
}

// letterBalance is the number of left-to-right letters of a line less
// its right-to-left ones, as Poppler counts them to find a page's main
// direction.
func letterBalance(ln *line) int {
	if ln == nil {
		return 0
	}
	n := 0
	for _, c := range ln.cols {
		n += letterBalance(c.ln)
	}
	count := func(r rune) {
		switch {
		case r < utf8.RuneSelf:
			// ASCII, most of most books: letters are A–Z and a–z
			if c := r | 0x20; c >= 'a' && c <= 'z' {
				n++
			}
		case isRTL(r):
			n--
		case unicode.IsLetter(r):
			n++
		}
	}
	for i := range ln.segs {
		sg := &ln.segs[i]
		if sg.glyphs == nil {
			for _, r := range sg.text {
				count(r)
			}
			continue
		}
		for _, r := range sg.src {
			count(r)
		}
	}
	return n
}

// ltrSeg draws a left-to-right segment cluster by cluster: a cluster of
// one glyph that stands for its text is drawn as shaped; another one (a
// letter with marks, Devanagari's reph and vowel signs drawn before their
// consonant, a glyph that already stands for other text) as one composite
// glyph standing for its first character, its further characters
// following as empty glyphs a hair apart, the last reaching the cluster's
// end (see rtlSeg). Readers that take text in drawing order
// (MuPDF ignores ActualText) and those that order it by position then
// give the cluster's text in order. It reports false, having drawn
// nothing, when the font has no room for the glyphs it may add or the
// clusters are not in order.
func (d *drawer) ltrSeg(w *glyphWriter, u *fontUse, sg *seg, x float64, texts [][]rune) bool {
	gs := sg.glyphs
	for k := 1; k < len(gs); k++ {
		if gs[k].Start < gs[k-1].Start {
			return false
		}
	}
	if !u.room(len(gs) + len(sg.src)) {
		return false
	}
	size := sg.st.size
	upem := float64(u.face.UnitsPerEm())
	units := func(em float32) int { return int(math.Round(float64(em) * upem)) }
	hair := max(2, int(math.Ceil(0.002*upem)))
	pen := x
	for a := 0; a < len(gs); {
		b := a + 1
		for b < len(gs) && gs[b].Start == gs[a].Start {
			b++
		}
		src := sg.src[gs[a].Start:gs[a].End]
		if plainCluster(u, gs[a:b], texts[a:b], src) {
			for k := a; k < b; k++ {
				g := gs[k]
				adv, _ := u.glyph(g.ID, texts[k], true)
				w.glyph(g.ID, pen+float64(g.XOffset)*size, float64(g.YOffset)*size, adv)
				pen += float64(g.Advance) * size
			}
			a = b
			continue
		}
		// one composite at the cluster's pen (moved left when the
		// cluster is too narrow for its characters), a hair wide, then
		// the carriers a hair apart, the last one reaching the cluster's
		// end: the pen never moves back (MuPDF starts a new line when
		// it moves back more than 0.8 em)
		wd, p := 0, 0
		for k := a; k < b; k++ {
			wd += units(gs[k].Advance)
		}
		n := max(1, len(src))
		start := min(0, wd-n*hair)
		comps := d.comps[:0]
		for k := a; k < b; k++ {
			dx, dy := p-start+units(gs[k].XOffset), units(gs[k].YOffset)
			if dx != int(int16(dx)) || dy != int(int16(dy)) {
				dx, dy = 0, 0 // cannot happen with a real font
			}
			comps = append(comps, glyphComp{gid: gs[k].ID, dx: int16(dx), dy: int16(dy)})
			p += units(gs[k].Advance)
		}
		d.comps = comps
		items := d.items[:0]
		for i := range n {
			cx := start + i*hair
			cw := hair
			if i == n-1 {
				cw = wd - cx
			}
			var text []rune
			if i < len(src) {
				text = src[i : i+1]
			}
			if i == 0 {
				items = append(items, rtlItem{comps: comps, x: cx, w: cw, text: text})
				continue
			}
			items = append(items, rtlItem{x: cx, w: carrierWidth(items, cx, cw, src[i], upem), text: text})
		}
		d.items = items
		for _, it := range items {
			gid, ok := u.variant(it.comps, float32(float64(it.w)/upem), it.text)
			if !ok {
				continue // cannot happen: room was checked
			}
			w.glyph(gid, pen+float64(it.x)/upem*size, 0, float32(float64(it.w)/upem))
		}
		for k := a; k < b; k++ {
			pen += float64(gs[k].Advance) * size
		}
		a = b
	}
	if w.rise != 0 {
		w.glyph0()
	}
	return true
}

// drawPlainFirst turns on drawing plain segments with ltrPlain (tests
// turn it off to compare).
var drawPlainFirst = true

// ltrPlain draws a left-to-right segment whose glyphs are one per
// character, in order (no ligature, no mark, no reordering), each able to
// stand for its character: exactly what ltrSeg draws for it, without
// working out the clusters' texts first (most words are such). It
// reports false, having drawn nothing, for any other segment, and when
// ltrSeg would not draw it.
func (d *drawer) ltrPlain(w *glyphWriter, u *fontUse, sg *seg, x float64) bool {
	gs, src := sg.glyphs, sg.src
	if len(gs) != len(src) || !u.room(len(gs)+len(src)) {
		return false
	}
	for k, g := range gs {
		if g.Start != int32(k) || g.End != int32(k+1) {
			return false
		}
		r := src[k]
		if int(g.ID) < len(u.set) && u.set[g.ID] {
			if !u.textIs(g.ID, r) {
				return false // plainCluster would say no
			}
			continue
		}
		// not yet set: its first use in the segment sets it
		for j := range k {
			if gs[j].ID == g.ID {
				if r < 0 || oneRune(src[j:j+1]) != r {
					return false
				}
				break
			}
		}
	}
	size := sg.st.size
	pen := x
	for k, g := range gs {
		adv, _ := u.glyph(g.ID, src[k:k+1], true)
		w.glyph(g.ID, pen+float64(g.XOffset)*size, float64(g.YOffset)*size, adv)
		pen += float64(g.Advance) * size
	}
	if w.rise != 0 {
		w.glyph0()
	}
	return true
}

// plainCluster reports whether a cluster's glyphs can be drawn as they
// are: it is one glyph that stands for the cluster's text, and that
// glyph does not already stand for other text.
func plainCluster(u *fontUse, gs []shaping.Glyph, texts [][]rune, src []rune) bool {
	if len(gs) > 1 {
		// a mark drawn at an offset from the pen would make readers
		// that follow the pen (MuPDF) or the glyphs' boxes (Poppler)
		// see gaps in the word
		return false
	}
	n := 0
	for k, g := range gs {
		t := texts[k]
		if len(t) == 0 || n+len(t) > len(src) || !slices.Equal(t, src[n:n+len(t)]) {
			return false
		}
		n += len(t)
		if int(g.ID) < len(u.set) && u.set[g.ID] && !sameText(u.text[g.ID], t) {
			return false
		}
		for j := range k {
			if gs[j].ID == g.ID && !slices.Equal(texts[j], t) {
				return false
			}
		}
	}
	return n == len(src)
}
