package pdf

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/commonplace-book/commonplace/fonts"
	"github.com/commonplace-book/commonplace/model"
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
	var text []string
	if set.Compiler != "" {
		text = append(text, set.Labels.CompiledBy+" "+set.Compiler+".")
	}
	faces := "Set in Noto Serif"
	var fallbacks []string
	if used[faceCJK] {
		fallbacks = append(fallbacks, "Droid Sans Fallback for Chinese, Japanese and Korean")
	}
	if used[faceArabic] {
		fallbacks = append(fallbacks, "Noto Naskh Arabic for Arabic script")
	}
	if len(fallbacks) > 0 {
		faces += ", with " + strings.Join(fallbacks, " and ")
	}
	text = append(text,
		fmt.Sprintf("%s, %s.", plural(len(bk.c.Entries), "entry", "entries"), plural(quotes, "quotation", "quotations")),
		faces+".",
		madeWith(bk.o))
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
func madeWith(o *Options) string {
	if o.nowDerived {
		return "Made with Commonplace."
	}
	return "Made with Commonplace, " + o.Now.UTC().Format("2 January 2006") + "."
}

func sumH(items []item) float64 {
	h := 0.0
	for _, it := range items {
		h += it.h
	}
	return h
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// left returns the left edge of the text block on page index i (0-based):
// centred on screen, mirrored with the gutter inside in print.
func (bk *book) left(i int) float64 {
	m := bk.l.Margins
	if !bk.o.Print {
		return float64(m.Inner+m.Outer) / 2
	}
	if i%2 == 0 { // a right-hand page: the binding is on the left
		return float64(m.Inner) + bk.gutter
	}
	return float64(m.Outer)
}

// start creates the PDF document: metadata, and a link for every anchor
// in the screen profile. Fonts are added when first drawn.
func (bk *book) start(b *builder) {
	l := bk.l
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: float64(l.Page.Width), Ht: float64(l.Page.Height)}})
	bk.f = f
	bk.d = &drawer{f: f, bk: bk, font: numFaces}
	bk.packer = newPacker(f)
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
	f.SetLang(langTag(set.Language))
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
	d.setFont(faceRegular, float64(l.Text["body"].Size))
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

// drawer draws lines, remembering the current font and colour.
type drawer struct {
	f     *fpdf.Fpdf
	bk    *book
	font  face
	size  float64
	gray  bool
	color int // 0 black, 1 link, 2 gray
	added [numFaces]bool
	// used marks the characters fpdf has drawn in each face: fpdf keeps
	// them in a font subset. Text made only of such characters is written
	// directly (raw), in a more compact form than fpdf's.
	used [numFaces]*[0x10000]bool
	buf  []byte
}

// known reports whether every character of text has already been drawn
// by fpdf in face fc, and marks them (fpdf is about to draw them when it
// returns false).
func (d *drawer) known(fc face, text string) bool {
	u := d.used[fc]
	if u == nil {
		u = new([0x10000]bool)
		d.used[fc] = u
	}
	all := true
	for _, r := range text {
		if r >= 0x10000 {
			continue
		}
		if !u[r] {
			u[r] = true
			all = false
		}
	}
	return all
}

// raw writes a segment's text operators directly: one string per word
// with its space, and the justification as a kern after each space. The
// font is already selected.
func (d *drawer) raw(sg *seg, x, bl float64, color int) {
	b := d.buf[:0]
	if color != 0 {
		b = append(b, "q "...)
		b = append(b, colorOps[color]...)
		b = append(b, ' ')
	}
	b = append(b, "BT "...)
	b = strconv.AppendFloat(b, x, 'f', 2, 64)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, float64(d.bk.l.Page.Height)-bl, 'f', 2, 64)
	b = append(b, " Td "...)
	if sg.justify && sg.spaces > 0 {
		natural := d.bk.s.width(sg.face, sg.st.size, sg.text)
		kern := -(sg.w - natural) / float64(sg.spaces) * 1000 / sg.st.size
		b = append(b, "[("...)
		for _, r := range sg.text {
			b = appendUTF16(b, r)
			if r == ' ' {
				b = append(b, ')')
				b = strconv.AppendFloat(b, kern, 'f', 1, 64)
				b = append(b, '(')
			}
		}
		b = append(b, ")]TJ ET"...)
	} else {
		b = append(b, '(')
		for _, r := range sg.text {
			b = appendUTF16(b, r)
		}
		b = append(b, ")Tj ET"...)
	}
	if color != 0 {
		b = append(b, " Q"...)
	}
	d.buf = b
	d.f.RawWriteBuf(bytes.NewReader(b))
}

// colorOps are the fill colours of colorOps indexes: link, gray.
var colorOps = [...]string{"", "0.122 0.239 0.478 rg", "0.333 0.333 0.333 rg"}

// appendUTF16 appends r as a UTF-16BE code unit (r is below U+10000),
// escaped for a PDF literal string.
func appendUTF16(b []byte, r rune) []byte {
	if r >= 0x10000 {
		r = 0xFFFD
	}
	for _, c := range [2]byte{byte(r >> 8), byte(r)} {
		switch c {
		case '(', ')', '\\':
			b = append(b, '\\', c)
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return b
}

// setFont selects a face and size, adding the face to the document the
// first time it is used: a book without Chinese or Arabic text embeds
// neither fallback face.
func (d *drawer) setFont(fc face, size float64) {
	if fc == d.font && size == d.size {
		return
	}
	if !d.added[fc] {
		b, err := fonts.Bytes(faceFiles[fc])
		if err != nil {
			d.f.SetError(err)
			return
		}
		d.f.AddUTF8FontFromBytes(faceNames[fc], "", b)
		d.added[fc] = true
	}
	d.f.SetFont(faceNames[fc], "", size)
	d.font, d.size = fc, size
}

// reset forgets the current font after going back to an earlier page,
// whose content stream has none selected: a different size is set first
// so that fpdf writes the selection again.
func (d *drawer) reset() {
	if d.font < numFaces {
		d.f.SetFont(faceNames[d.font], "", d.size+1)
	}
	d.font = numFaces
}

func (d *drawer) setColor(c int) {
	if c == d.color {
		return
	}
	d.color = c
	switch c {
	case 1:
		d.f.SetTextColor(0x1f, 0x3d, 0x7a) // colorOps[1]
	case 2:
		d.f.SetTextColor(0x55, 0x55, 0x55) // colorOps[2]
	default:
		d.f.SetTextColor(0, 0, 0)
	}
}

// line draws ln with its top at y and the text block's left edge at left.
func (d *drawer) line(ln *line, left, y float64) {
	f := d.f
	print := d.bk.o.Print
	if ln.rule > 0 {
		f.SetLineWidth(0.4)
		mid := y + ln.h/2
		x := left + (d.bk.width-ln.rule)/2
		f.Line(x, mid, x+ln.rule, mid)
	}
	base := y + 0.5*ln.h + 0.32*ln.size
	for i := range ln.segs {
		sg := &ln.segs[i]
		size := sg.st.size
		bl := base - sg.st.rise
		d.setFont(sg.face, size)
		c := 0
		switch {
		case d.gray:
			c = 2
		case !print && (sg.st.link != "" || sg.st.dest != 0):
			c = 1
		}
		d.setColor(c)
		x := left + sg.x
		switch {
		case d.known(sg.face, sg.text):
			d.raw(sg, x, bl, c)
		case sg.justify:
			f.SetXY(x, bl-0.3*size)
			f.CellFormat(sg.w, 0, sg.text, "", 0, "J", false, 0, "")
		default:
			f.Text(x, bl, sg.text)
		}
		if !print {
			if sg.st.link != "" {
				f.LinkString(x, bl-0.8*size, sg.w, size*1.05, sg.st.link)
			} else if sg.st.dest != 0 {
				f.Link(x, bl-0.8*size, sg.w, size*1.05, d.bk.b.anch[sg.st.dest-1].link)
			}
		}
	}
	if ln.dest != 0 && !print {
		f.Link(left, y, d.bk.width, ln.h, d.bk.b.anch[ln.dest-1].link)
	}
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

// langTag keeps only the characters a BCP 47 tag has.
func langTag(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return -1
	}, s)
	if s == "" {
		return "en"
	}
	return s
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
