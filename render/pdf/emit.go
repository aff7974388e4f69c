package pdf

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"github.com/commonplace-book/commonplace/fonts"
	"github.com/commonplace-book/commonplace/model"
)

// titlePages builds the title page and its verso (the colophon).
func (bk *book) titlePages(b *builder) []page {
	set := bk.c.Settings.Defaults()
	var out []page
	// Title page.
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
	for _, rp := range paginate(b.items, bk.textH) {
		out = append(out, page{items: rp.items, opening: true})
	}
	// Colophon, at the foot of the verso.
	b.items = nil
	quotes := 0
	for _, e := range bk.c.Entries {
		quotes += len(e.Quotes)
	}
	var text []string
	if set.Compiler != "" {
		text = append(text, "Compiled by "+set.Compiler+".")
	}
	text = append(text,
		fmt.Sprintf("%s, %s.", plural(len(bk.c.Entries), "entry", "entries"), plural(quotes, "quotation", "quotations")),
		"Set in Noto Serif, with Droid Sans Fallback for Chinese, Japanese and Korean and Noto Naskh Arabic for Arabic script.",
		"Made with Commonplace, "+bk.o.Now.UTC().Format("2 January 2006")+".")
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
	for _, rp := range paginate(b.items, bk.textH) {
		out = append(out, page{items: rp.items, opening: true})
	}
	b.items = nil
	return out
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

// write draws the typeset book with fpdf and writes it to w.
func (bk *book) write(w io.Writer) error {
	l := bk.l
	pw, ph := float64(l.Page.Width), float64(l.Page.Height)
	print := bk.o.Print

	// Running heads and folios are set first, so that every face they use
	// is known before the fonts are added.
	heads := map[string]*line{}
	setOne := func(text, role string) *line {
		if text == "" {
			return nil
		}
		t := l.Text[role]
		st := style{italic: t.italic(), bold: t.bold(), size: float64(t.Size)}
		words := bk.s.shape(plain(text), st, nil, bk.width)
		if len(words) == 0 {
			return nil
		}
		// only the first line of an over-long head
		ls := bk.s.setParagraph(words, para{width: bk.width, align: alignCenter, leading: float64(t.Leading), size: float64(t.Size)})
		return ls[0]
	}
	bk.s.at("", 0)
	for _, p := range bk.pages {
		for _, k := range []string{"h:" + p.head, "f:" + p.folio} {
			if _, ok := heads[k]; !ok {
				if strings.HasPrefix(k, "h:") {
					heads[k] = setOne(p.head, "running")
				} else {
					heads[k] = setOne(p.folio, "folio")
				}
			}
		}
	}

	bk.s.at("", 0)
	f := fpdf.NewCustom(&fpdf.InitType{UnitStr: "pt", Size: fpdf.SizeType{Wd: pw, Ht: ph}})
	f.SetCatalogSort(true)
	f.SetCreationDate(bk.o.Now.UTC())
	f.SetModificationDate(bk.o.Now.UTC())
	f.SetCompression(true)
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
	if !print {
		f.SetDisplayMode("fullpage", "continuous")
	}

	bk.s.used[faceRegular] = true
	for fc := face(0); fc < numFaces; fc++ {
		if !bk.s.used[fc] {
			continue
		}
		b, err := fonts.Bytes(faceFiles[fc])
		if err != nil {
			return fmt.Errorf("pdf: %w", err)
		}
		f.AddUTF8FontFromBytes(faceNames[fc], "", b)
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: adding fonts: %w", err)
	}
	if !print {
		for i := range bk.anch {
			bk.anch[i].link = f.AddLink()
		}
	}
	top := float64(l.Margins.Top)
	d := &drawer{f: f, bk: bk}
	for pi := range bk.pages {
		p := &bk.pages[pi]
		f.AddPage()
		f.SetFont(faceNames[faceRegular], "", 10)
		d.font = numFaces
		left := bk.left(pi)
		if ln := heads["h:"+p.head]; ln != nil && p.head != "" {
			d.gray = true
			d.line(ln, left, top-float64(l.Spacing.Running)-ln.h)
			d.gray = false
		}
		if ln := heads["f:"+p.folio]; ln != nil && p.folio != "" {
			d.line(ln, left, ph-float64(l.Margins.Bottom)+float64(l.Spacing.Running)-ln.h*0.6)
		}
		for _, pl := range p.items {
			if a := pl.it.anchor; a != 0 && !print {
				an := &bk.anch[a-1]
				f.SetLink(an.link, top+pl.y, -1)
				if an.level >= 0 {
					f.Bookmark(clean(an.title), an.level, top+pl.y)
				}
			}
			if pl.it.line != nil {
				d.line(pl.it.line, left, top+pl.y)
			}
		}
		if err := f.Error(); err != nil {
			return fmt.Errorf("pdf: drawing page %d: %w", pi+1, err)
		}
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing: %w", err)
	}
	return nil
}

// drawer draws lines, remembering the current font and colour.
type drawer struct {
	f     *fpdf.Fpdf
	bk    *book
	font  face
	size  float64
	gray  bool
	color int // 0 black, 1 link, 2 gray
}

func (d *drawer) setFont(fc face, size float64) {
	if fc != d.font || size != d.size {
		d.f.SetFont(faceNames[fc], "", size)
		d.font, d.size = fc, size
	}
}

func (d *drawer) setColor(c int) {
	if c == d.color {
		return
	}
	d.color = c
	switch c {
	case 1:
		d.f.SetTextColor(0x1f, 0x3d, 0x7a)
	case 2:
		d.f.SetTextColor(0x55, 0x55, 0x55)
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
		if sg.justify {
			f.SetXY(x, bl-0.3*size)
			f.CellFormat(sg.w, 0, sg.text, "", 0, "J", false, 0, "")
		} else {
			f.Text(x, bl, sg.text)
		}
		if !print {
			if sg.st.link != "" {
				f.LinkString(x, bl-0.8*size, sg.w, size*1.05, sg.st.link)
			} else if sg.st.dest != 0 {
				f.Link(x, bl-0.8*size, sg.w, size*1.05, d.bk.anch[sg.st.dest-1].link)
			}
		}
	}
	if ln.dest != 0 && !print {
		f.Link(left, y, d.bk.width, ln.h, d.bk.anch[ln.dest-1].link)
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
