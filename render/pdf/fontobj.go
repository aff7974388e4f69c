package pdf

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/internal/panics"
	"github.com/commonplace-book/commonplace/internal/shaping"
)

// The book's fonts are written by this package, not by fpdf: fpdf's
// UTF-8 fonts draw characters (not glyphs), only up to U+FFFF, and carry
// no subset tag. Each face used becomes a Type 0 font with a
// CIDFontType2 descendant (CIDs are glyph IDs, Identity-H), its
// TrueType subset (only the glyphs drawn, composites' parts included,
// glyph IDs unchanged) as FontFile2, and a ToUnicode CMap from glyphs
// back to the text they stand for (a ligature to its letters). Text that
// a per-glyph map cannot give back in order (marks reordered by the
// shaper, right-to-left words, glyphs shared by clusters) is also wrapped
// in ActualText.

// fontUse records the glyphs of one face drawn in the book.
type fontUse struct {
	face *shaping.Face
	used []bool
	text []string
	set  []bool
	// one[g] is the rune text[g] holds when it is one rune, else -1
	// (see textIs).
	one   []rune
	adv   []float32 // advance in ems, when known (adv < 0: not yet read)
	count int
	// base is the font's own number of glyphs; glyphs from base on are
	// the book's own (synth[g-base]), added to the subset.
	base     int
	synth    []synthGlyph
	synthIdx map[string]uint16
}

// synthGlyph is a glyph the book adds to a font's subset: a composite of
// the font's glyphs, each moved by an offset in font units, or, without
// components, an empty glyph that only carries text (see drawer.rtlSeg).
type synthGlyph struct {
	comps []glyphComp
	adv   uint16 // advance in font units
}

// glyphComp is one component of a synthetic glyph.
type glyphComp struct {
	gid    uint16
	dx, dy int16
}

// maxGlyphs is the number of glyph IDs a font can have.
const maxGlyphs = 0xFFFF

// fontSet is every face's glyph use.
type fontSet struct {
	faces [numFaces]*fontUse
	reg   *shaping.Registry
}

func (fs *fontSet) use(f face) *fontUse {
	u := fs.faces[f]
	if u == nil {
		fc := fs.reg.Faces[f]
		n := numGlyphs(fc.Data)
		u = &fontUse{face: fc, used: make([]bool, n), text: make([]string, n), set: make([]bool, n), one: make([]rune, n), adv: make([]float32, n), base: n}
		for i := range u.adv {
			u.adv[i] = -1
		}
		fs.faces[f] = u
	}
	return u
}

// glyph marks gid as drawn and returns its advance in ems. text, when
// want is set, is what the glyph stands for; it reports false when the
// glyph already stands for other text (the caller then adds ActualText).
func (u *fontUse) glyph(gid uint16, text []rune, want bool) (float32, bool) {
	if int(gid) >= len(u.used) {
		return 0, false
	}
	if !u.used[gid] {
		u.used[gid] = true
		u.count++
	}
	a := u.adv[gid]
	if a < 0 {
		a = u.face.Advance(gid)
		u.adv[gid] = a
	}
	if !want {
		return a, true
	}
	if !u.set[gid] {
		u.set[gid] = true
		u.text[gid] = string(text)
		u.one[gid] = oneRune(text)
		return a, true
	}
	if len(text) == 1 {
		return a, u.textIs(gid, text[0])
	}
	return a, sameText(u.text[gid], text)
}

// textIs reports whether the text of glyph g, which is set, is the one
// rune r: sameText(u.text[g], []rune{r}), without reading the string.
func (u *fontUse) textIs(g uint16, r rune) bool {
	return r >= 0 && u.one[g] == r
}

// oneRune returns what fontUse.one holds for a glyph standing for text:
// the rune string(text) decodes to when text is one rune, else -1.
func oneRune(text []rune) rune {
	if len(text) != 1 {
		return -1
	}
	if !utf8.ValidRune(text[0]) {
		return utf8.RuneError
	}
	return text[0]
}

// variant returns a glyph that draws comps (glyphs of the font, each
// moved by its offset) with advance w (ems) and stands for text: the
// font's own glyph when comps is one unmoved glyph of that advance whose
// text is text or not yet set, else a synthetic glyph. It reports false
// when the font has no glyph ID left.
func (u *fontUse) variant(comps []glyphComp, w float32, text []rune) (uint16, bool) {
	if len(comps) == 1 && comps[0].dx == 0 && comps[0].dy == 0 && int(comps[0].gid) < u.base {
		g := comps[0].gid
		adv, _ := u.glyph(g, nil, false)
		if math.Abs(float64(adv-w)*float64(u.face.UnitsPerEm())) < 0.5 && (!u.set[g] || sameText(u.text[g], text)) {
			u.glyph(g, text, true)
			return g, true
		}
	}
	key := make([]byte, 0, 6*len(comps)+4+4*len(text))
	for _, c := range comps {
		key = append(key, byte(c.gid>>8), byte(c.gid), byte(uint16(c.dx)>>8), byte(c.dx), byte(uint16(c.dy)>>8), byte(c.dy))
	}
	key = binary.BigEndian.AppendUint32(key, math.Float32bits(w))
	key = append(key, string(text)...)
	if g, ok := u.synthIdx[string(key)]; ok {
		return g, true
	}
	if u.base+len(u.synth) >= maxGlyphs {
		return 0, false
	}
	for _, c := range comps {
		if int(c.gid) >= u.base {
			return 0, false
		}
		u.glyph(c.gid, nil, false)
	}
	if u.synthIdx == nil {
		u.synthIdx = map[string]uint16{}
	}
	g := uint16(u.base + len(u.synth))
	u.synthIdx[string(key)] = g
	adv := uint16(max(0, math.Round(float64(w)*float64(u.face.UnitsPerEm()))))
	u.synth = append(u.synth, synthGlyph{comps: slices.Clone(comps), adv: adv})
	u.used = append(u.used, true)
	u.text = append(u.text, string(text))
	u.set = append(u.set, true)
	u.one = append(u.one, oneRune(text))
	u.adv = append(u.adv, w)
	u.count++
	return g, true
}

// room reports whether n more synthetic glyphs fit in the font.
func (u *fontUse) room(n int) bool { return u.base+len(u.synth)+n < maxGlyphs }

// sameText reports whether s holds the runes rs.
func sameText(s string, rs []rune) bool {
	i := 0
	for _, r := range s {
		if i == len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return i == len(rs)
}

// numGlyphs reads maxp.numGlyphs of a TrueType font.
func numGlyphs(b []byte) int {
	t := tables(b)
	if off, ok := t["maxp"]; ok && off[0]+6 <= len(b) {
		return int(binary.BigEndian.Uint16(b[off[0]+4:]))
	}
	return 0
}

// tables returns the offset and length of each table of a TrueType font.
func tables(b []byte) map[string][2]int {
	m := map[string][2]int{}
	if len(b) < 12 {
		return m
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	for i := 0; i < n && 12+16*i+16 <= len(b); i++ {
		rec := b[12+16*i:]
		off, l := int(binary.BigEndian.Uint32(rec[8:])), int(binary.BigEndian.Uint32(rec[12:]))
		if off >= 0 && l >= 0 && off+l <= len(b) {
			m[string(rec[:4])] = [2]int{off, l}
		}
	}
	return m
}

// subsetTTF returns the font with only the glyphs marked in used (and
// glyph 0, and the parts of composite glyphs) keeping their outlines;
// glyph IDs are unchanged, and the synthetic glyphs follow the font's
// own. Only the tables a PDF TrueType font needs are kept.
func subsetTTF(b []byte, used []bool, synth []synthGlyph) ([]byte, error) {
	be := binary.BigEndian
	t := tables(b)
	for _, name := range []string{"head", "hhea", "hmtx", "maxp", "loca", "glyf"} {
		if _, ok := t[name]; !ok {
			return nil, fmt.Errorf("no %s table", name)
		}
	}
	head, loca, glyf := t["head"], t["loca"], t["glyf"]
	long := be.Uint16(b[head[0]+50:]) != 0
	n := numGlyphs(b)
	if len(used) != n+len(synth) {
		return nil, fmt.Errorf("%d glyphs marked for %d", len(used), n+len(synth))
	}
	offset := func(g int) int {
		if long {
			return int(be.Uint32(b[loca[0]+4*g:]))
		}
		return 2 * int(be.Uint16(b[loca[0]+2*g:]))
	}
	if (long && loca[1] < 4*(n+1)) || (!long && loca[1] < 2*(n+1)) {
		return nil, fmt.Errorf("loca too short")
	}
	keep := make([]bool, n)
	var add func(g, depth int)
	add = func(g, depth int) {
		if g >= n || keep[g] || depth > 8 {
			return
		}
		keep[g] = true
		a, z := offset(g), offset(g+1)
		if z-a < 10 || glyf[0]+z > glyf[0]+glyf[1] {
			return
		}
		d := b[glyf[0]+a : glyf[0]+z]
		if int16(be.Uint16(d)) >= 0 {
			return
		}
		p := 10
		for p+4 <= len(d) {
			flags := be.Uint16(d[p:])
			add(int(be.Uint16(d[p+2:])), depth+1)
			p += 4
			if flags&1 != 0 {
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x8 != 0:
				p += 2
			case flags&0x40 != 0:
				p += 4
			case flags&0x80 != 0:
				p += 8
			}
			if flags&0x20 == 0 {
				break
			}
		}
	}
	add(0, 0)
	for g, u := range used[:n] {
		if u {
			add(g, 0)
		}
	}
	for _, sg := range synth {
		for _, c := range sg.comps {
			add(int(c.gid), 0)
		}
	}
	var newGlyf bytes.Buffer
	total := n + len(synth)
	newLoca := make([]byte, 4*(total+1))
	for g := 0; g < n; g++ {
		be.PutUint32(newLoca[4*g:], uint32(newGlyf.Len()))
		if !keep[g] {
			continue
		}
		a, z := offset(g), offset(g+1)
		if z > a && a >= 0 && z <= glyf[1] {
			newGlyf.Write(b[glyf[0]+a : glyf[0]+z])
			for newGlyf.Len()%4 != 0 {
				newGlyf.WriteByte(0)
			}
		}
	}
	// a glyph's bounding box, from its header (ok false: no outline)
	bbox := func(g int) (box [4]int16, ok bool) {
		a, z := offset(g), offset(g+1)
		if z-a < 10 || a < 0 || z > glyf[1] {
			return box, false
		}
		for i := range box {
			box[i] = int16(be.Uint16(b[glyf[0]+a+2+2*i:]))
		}
		return box, true
	}
	lsb := make([]int16, len(synth))
	maxComps := 0
	for i, sg := range synth {
		be.PutUint32(newLoca[4*(n+i):], uint32(newGlyf.Len()))
		var box [4]int16
		have := false
		for _, c := range sg.comps {
			cb, ok := bbox(int(c.gid))
			if !ok {
				continue
			}
			cb = [4]int16{cb[0] + c.dx, cb[1] + c.dy, cb[2] + c.dx, cb[3] + c.dy}
			if !have {
				box, have = cb, true
				continue
			}
			box = [4]int16{min(box[0], cb[0]), min(box[1], cb[1]), max(box[2], cb[2]), max(box[3], cb[3])}
		}
		if !have {
			continue // no outline: an empty glyph
		}
		maxComps = max(maxComps, len(sg.comps))
		lsb[i] = box[0]
		d := be.AppendUint16(nil, 0xFFFF) // numberOfContours -1: composite
		for _, v := range box {
			d = be.AppendUint16(d, uint16(v))
		}
		for k, c := range sg.comps {
			flags := uint16(0x0001 | 0x0002) // ARG_1_AND_2_ARE_WORDS, ARGS_ARE_XY_VALUES
			if k < len(sg.comps)-1 {
				flags |= 0x0020 // MORE_COMPONENTS
			}
			d = be.AppendUint16(d, flags)
			d = be.AppendUint16(d, c.gid)
			d = be.AppendUint16(d, uint16(c.dx))
			d = be.AppendUint16(d, uint16(c.dy))
		}
		newGlyf.Write(d)
		for newGlyf.Len()%4 != 0 {
			newGlyf.WriteByte(0)
		}
	}
	be.PutUint32(newLoca[4*total:], uint32(newGlyf.Len()))
	newHead := bytes.Clone(b[head[0] : head[0]+head[1]])
	be.PutUint32(newHead[8:], 0)
	be.PutUint16(newHead[50:], 1)
	// a cmap that maps nothing (PDF draws by glyph ID; font parsers
	// other than a PDF reader's want the table)
	cmap := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12,
		0, 4, 0, 24, 0, 0, 0, 2, 0, 2, 0, 0, 0, 0, // format 4, one segment
		0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 1, 0, 0}
	out := map[string][]byte{"head": newHead, "loca": newLoca, "glyf": newGlyf.Bytes(), "cmap": cmap}
	for _, name := range []string{"hhea", "hmtx", "maxp", "cvt ", "fpgm", "prep"} {
		if r, ok := t[name]; ok {
			out[name] = b[r[0] : r[0]+r[1]]
		}
	}
	if hh, ok := t["hhea"]; ok && hh[1] >= 36 && len(synth) > 0 {
		// every glyph gets its own advance, the synthetic ones theirs
		// (readers such as MuPDF take advances from the font, not the
		// PDF's widths)
		old := out["hmtx"]
		nh := int(be.Uint16(b[hh[0]+34:]))
		if nh < 1 || nh > n || len(old) < 4*nh+2*(n-nh) {
			return nil, fmt.Errorf("hmtx too short")
		}
		hmtx := make([]byte, 0, 4*total)
		maxAdv := uint16(0)
		for g := 0; g < n; g++ {
			var adv, side uint16
			if g < nh {
				adv, side = be.Uint16(old[4*g:]), be.Uint16(old[4*g+2:])
			} else {
				adv, side = be.Uint16(old[4*(nh-1):]), be.Uint16(old[4*nh+2*(g-nh):])
			}
			maxAdv = max(maxAdv, adv)
			hmtx = be.AppendUint16(be.AppendUint16(hmtx, adv), side)
		}
		for i, sg := range synth {
			maxAdv = max(maxAdv, sg.adv)
			hmtx = be.AppendUint16(be.AppendUint16(hmtx, sg.adv), uint16(lsb[i]))
		}
		out["hmtx"] = hmtx
		hhea := bytes.Clone(out["hhea"])
		be.PutUint16(hhea[10:], maxAdv)
		be.PutUint16(hhea[34:], uint16(total))
		out["hhea"] = hhea
		maxp := bytes.Clone(out["maxp"])
		be.PutUint16(maxp[4:], uint16(total))
		if be.Uint32(maxp) == 0x00010000 && len(maxp) >= 32 && maxComps > 0 {
			be.PutUint16(maxp[28:], max(be.Uint16(maxp[28:]), uint16(maxComps)))
			be.PutUint16(maxp[30:], be.Uint16(maxp[30:])+1)
		}
		out["maxp"] = maxp
	}
	names := make([]string, 0, len(out))
	for k := range out {
		names = append(names, k)
	}
	sort.Strings(names)
	var w bytes.Buffer
	nt := len(names)
	es := 0
	for 1<<(es+1) <= nt {
		es++
	}
	hdr := make([]byte, 12+16*nt)
	be.PutUint32(hdr, 0x00010000)
	be.PutUint16(hdr[4:], uint16(nt))
	be.PutUint16(hdr[6:], uint16(16<<es))
	be.PutUint16(hdr[8:], uint16(es))
	be.PutUint16(hdr[10:], uint16(16*nt-16<<es))
	off := len(hdr)
	for i, name := range names {
		d := out[name]
		rec := hdr[12+16*i:]
		copy(rec, name)
		be.PutUint32(rec[4:], checksum(d))
		be.PutUint32(rec[8:], uint32(off))
		be.PutUint32(rec[12:], uint32(len(d)))
		off += (len(d) + 3) &^ 3
	}
	w.Write(hdr)
	for _, name := range names {
		d := out[name]
		w.Write(d)
		for i := len(d); i%4 != 0; i++ {
			w.WriteByte(0)
		}
	}
	return w.Bytes(), nil
}

func checksum(d []byte) uint32 {
	var s uint32
	for i := 0; i < len(d); i += 4 {
		var v [4]byte
		copy(v[:], d[i:])
		s += binary.BigEndian.Uint32(v[:])
	}
	return s
}

// fontResource is the name pages use for face f.
func fontResource(f face) string { return fontResources[f] }

// fontResources holds the faces' resource names, made once (a page
// names a font every time the face changes).
var fontResources = func() (names [numFaces]string) {
	for f := range names {
		names[f] = fmt.Sprintf("CP%d", f)
	}
	return names
}()

// madeFont is a face's font objects but for their numbers: what
// fontSet.make leaves for fontObjects.
type madeFont struct {
	f         face
	name      string // subset tag + PostScript name
	widths    string // the /W array's contents
	descFlags string // the descriptor's entries before /FontFile2
	toUnicode []byte // compressed ToUnicode CMap
	file      []byte // compressed subset
	fileLen   int    // the subset's length uncompressed
}

// make subsets, measures and compresses every face used, in face order:
// the slow part of writing the fonts, which needs no object numbers, so
// that it can run while fpdf writes its part of the document.
func (fs *fontSet) make() ([]madeFont, error) {
	var made []madeFont
	var zbuf bytes.Buffer
	compress := func(d []byte) []byte {
		zbuf.Reset()
		zw, _ := zlib.NewWriterLevel(&zbuf, zlib.BestCompression)
		zw.Write(d)
		zw.Close()
		return bytes.Clone(zbuf.Bytes())
	}
	for f, u := range fs.faces {
		if u == nil || u.count == 0 {
			continue
		}
		fc := u.face
		sub, err := subsetTTF(fc.Data, u.used, u.synth)
		if err != nil {
			return nil, fmt.Errorf("pdf: subsetting %s: %w", fc.File, err)
		}
		h := fnv.New64a()
		h.Write([]byte(fc.PSName))
		for g, ok := range u.used {
			if ok {
				h.Write([]byte{byte(g >> 8), byte(g)})
			}
		}
		for _, sg := range u.synth {
			for _, c := range sg.comps {
				h.Write([]byte{byte(c.gid >> 8), byte(c.gid), byte(uint16(c.dx) >> 8), byte(c.dx), byte(uint16(c.dy) >> 8), byte(c.dy)})
			}
			h.Write([]byte{0})
		}
		sum := h.Sum64()
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = 'A' + byte(sum%26)
			sum /= 26
		}
		m := madeFont{f: face(f), name: string(tag) + "+" + fc.PSName, fileLen: len(sub)}
		var wd strings.Builder
		for g, ok := range u.used {
			if ok {
				fmt.Fprintf(&wd, "%d [%d] ", g, int(u.adv[g]*1000+0.5))
			}
		}
		m.widths = wd.String()
		be := binary.BigEndian
		t := tables(fc.Data)
		hd := fc.Data[t["head"][0]:]
		sc := func(v uint16) int { return int(float32(int16(v)) * 1000 / fc.UnitsPerEm()) }
		flags := 32
		if fc.Italic {
			flags |= 64
		}
		angle := 0
		if fc.Italic {
			angle = -12
		}
		m.descFlags = fmt.Sprintf("/Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /Ascent %d /Descent %d /CapHeight %d /StemV 80",
			flags, sc(be.Uint16(hd[36:])), sc(be.Uint16(hd[38:])), sc(be.Uint16(hd[40:])), sc(be.Uint16(hd[42:])), angle,
			int(fc.Ascent()*1000), int(fc.Descent()*1000), int(fc.Ascent()*700))
		m.toUnicode = compress(toUnicode(u))
		m.file = compress(sub)
		made = append(made, m)
	}
	return made, nil
}

// fontObjects returns the PDF objects of the fonts made, numbered from
// first, and the entries they add to the page resources' /Font
// dictionary.
func fontObjects(made []madeFont, first int) ([][]byte, string) {
	var objs [][]byte
	var dict strings.Builder
	for _, m := range made {
		n := first + len(objs)
		fmt.Fprintf(&dict, "/%s %d 0 R\n", fontResource(m.f), n)
		objs = append(objs, fmt.Appendf(nil, "<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", m.name, n+1, n+3))
		objs = append(objs, fmt.Appendf(nil, "<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /CIDToGIDMap /Identity /DW 0 /W [%s]>>", m.name, n+2, m.widths))
		objs = append(objs, fmt.Appendf(nil, "<</Type /FontDescriptor /FontName /%s %s /FontFile2 %d 0 R>>", m.name, m.descFlags, n+4))
		objs = append(objs, append(fmt.Appendf(nil, "<</Filter /FlateDecode /Length %d>>\nstream\n", len(m.toUnicode)), append(slices.Clip(m.toUnicode), "\nendstream"...)...))
		objs = append(objs, append(fmt.Appendf(nil, "<</Filter /FlateDecode /Length %d /Length1 %d>>\nstream\n", len(m.file), m.fileLen), append(slices.Clip(m.file), "\nendstream"...)...))
	}
	return objs, dict.String()
}

// makeAsync starts make on its own goroutine and returns what objects
// returns, waiting for it. A panic in make comes back as an error naming
// it (or goes through, for fuzz targets; see panics).
func (fs *fontSet) makeAsync() func(first int) ([][]byte, string, error) {
	type result struct {
		made []madeFont
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		defer func() {
			if !panics.Recover() {
				return // a fuzz target sees the panic
			}
			if p := recover(); p != nil {
				ch <- result{err: fmt.Errorf("pdf: internal error while writing the fonts: %v", p)}
			}
		}()
		made, err := fs.make()
		ch <- result{made, err}
	}()
	return func(first int) ([][]byte, string, error) {
		r := <-ch
		if r.err != nil {
			return nil, "", r.err
		}
		objs, dict := fontObjects(r.made, first)
		return objs, dict, nil
	}
}

// toUnicode writes the CMap from the glyphs drawn to their text.
func toUnicode(u *fontUse) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var entries []string
	for g, ok := range u.used {
		if !ok || !u.set[g] || u.text[g] == "" {
			continue
		}
		entries = append(entries, fmt.Sprintf("<%04X> <%s>", g, utf16Hex(u.text[g])))
	}
	for i := 0; i < len(entries); i += 100 {
		e := entries[i:min(i+100, len(entries))]
		fmt.Fprintf(&b, "%d beginbfchar\n%s\nendbfchar\n", len(e), strings.Join(e, "\n"))
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// utf16Hex is s in UTF-16BE, in hexadecimal.
func utf16Hex(s string) string {
	var b strings.Builder
	for _, c := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", c)
	}
	return b.String()
}
