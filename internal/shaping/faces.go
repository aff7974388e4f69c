// Package shaping turns text into positioned glyphs of the embedded fonts,
// for every renderer that draws text itself (the PDF book, raster covers,
// quote cards).
//
// It holds the registry of embedded faces (package fonts) with a fallback
// chain per script and style, and shapes text with
// github.com/go-text/typesetting (the pure-Go port of HarfBuzz): kerning,
// standard ligatures, Arabic joining with its marks (lam-alef with a mark
// between, shadda with a vowel), Indic conjuncts, Thai and Hebrew marks.
// It also gives the Unicode bidi algorithm (UAX #9) with isolates, line
// break opportunities (UAX #14) and the glyph outlines that a rasteriser
// needs.
//
// Typical use, one Shaper per goroutine:
//
//	reg, err := shaping.Default()      // parsed once per process
//	sh := reg.NewShaper()              // not safe for concurrent use
//	runs := sh.Shape([]rune(text), shaping.Style{Bold: true}, shaping.Options{Lang: "en"})
//	for _, r := range shaping.Visual(runs) { // left-to-right drawing order
//		for _, g := range r.Glyphs {
//			// g.ID in r.Face at pen + g.XOffset*size, baseline - g.YOffset*size
//			// then pen += g.Advance*size
//		}
//	}
//
// Every length in this package is in ems (multiply by the type size); y
// grows upwards, as in fonts.
package shaping

import (
	"bytes"
	"fmt"
	"math"
	"sync"
	"sync/atomic"

	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/go-text/typesetting/language"

	"github.com/commonplace-book/commonplace/fonts"
)

// Role says what a face is for in the fallback chain.
type Role uint8

// Roles of the embedded faces.
const (
	RoleSerif      Role = iota // the book face: Latin, Greek, Cyrillic, Vietnamese
	RoleArabic                 // Arabic and Persian
	RoleHebrew                 // Hebrew with its points
	RoleDevanagari             // Hindi, Sanskrit, Marathi, Nepali
	RoleThai                   // Thai
	RoleCJK                    // Chinese, Japanese and Korean
	RoleMath                   // mathematical operators, arrows
	RoleMono                   // code
	RoleSymbols                // symbols, dingbats and emoji (monochrome outlines)
)

// Face is one embedded font face. Its fields are read-only.
type Face struct {
	// ID is the face's index in its Registry.
	ID int
	// File is the embedded file name (see package fonts).
	File string
	// Family is the family name shown to readers ("Noto Serif").
	Family string
	// PSName is the PostScript name, for embedding (no spaces).
	PSName       string
	Role         Role
	Bold, Italic bool
	// Data is the font file.
	Data []byte

	// The font is parsed when first used (see parse): a book in one
	// script never parses the faces of the others. Its metrics are read
	// apart (see readMetrics): drawing and embedding glyphs already
	// shaped needs only them, not the outlines and layout tables that
	// parsing the whole font reads.
	once        sync.Once
	parsed      atomic.Bool
	font        *font.Font
	metricsOnce sync.Once
	m           faceMetrics

	mu      sync.Mutex
	outline *font.Face // used by Outline, under mu
}

// parse parses the face's font the first time it is called. The
// embedded fonts are checked by the tests; a font that does not parse
// (which cannot happen with them) panics with the file's name.
func (f *Face) parse() {
	f.once.Do(func() {
		ff, err := font.ParseTTF(bytes.NewReader(f.Data))
		if err != nil {
			panic(fmt.Sprintf("shaping: font %s: %v", f.File, err))
		}
		f.font = ff.Font
		f.parsed.Store(true)
	})
}

// Parsed reports whether the face's font has been parsed whole (for
// shaping or outlines), not only its metrics. It is safe for concurrent
// use.
func (f *Face) Parsed() bool { return f.parsed.Load() }

// Font returns the parsed font, safe for concurrent use.
func (f *Face) Font() *font.Font { f.parse(); return f.font }

// UnitsPerEm returns the size of the em in font units.
func (f *Face) UnitsPerEm() float32 { return f.metrics().upem }

// Ascent returns the typographic ascender in ems (positive).
func (f *Face) Ascent() float32 { return f.metrics().ascent }

// Descent returns the typographic descender in ems (negative).
func (f *Face) Descent() float32 { return f.metrics().descent }

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool {
	g, ok := f.metrics().cmap.Lookup(r)
	return ok && g != 0
}

// Glyph returns the glyph of r in the face (0 when missing).
func (f *Face) Glyph(r rune) uint16 {
	g, _ := f.metrics().cmap.Lookup(r)
	return uint16(g)
}

// Advance returns the advance width of glyph gid, in ems. It is safe for
// concurrent use.
func (f *Face) Advance(gid uint16) float32 {
	m := f.metrics()
	// as go-text's Face.HorizontalAdvance gives it for a font that is not
	// variable: half an em without metrics, 0 past the glyphs
	adv := int16(m.units / 2)
	if !m.hmtx.IsEmpty() {
		adv = m.hmtx.Advance(tables.GlyphID(gid))
	}
	return float32(adv) / m.upem
}

// faceMetrics is what drawing a face's glyphs reads of it: its cmap,
// advances, em and extents, as go-text's Font gives them for a font that
// is not variable (TestMetricsMatchFont checks every embedded face).
type faceMetrics struct {
	cmap            font.Cmap
	hmtx            tables.Hmtx
	units           uint16 // units per em
	upem            float32
	ascent, descent float32 // in ems
}

// metrics reads the face's metrics the first time it is called; like
// parse, it panics with the file's name on a font that does not read.
func (f *Face) metrics() *faceMetrics {
	f.metricsOnce.Do(func() {
		m, err := readMetrics(f.Data)
		if err != nil {
			panic(fmt.Sprintf("shaping: font %s: %v", f.File, err))
		}
		f.m = m
	})
	return &f.m
}

// readMetrics reads a font's cmap, head, hhea, hmtx and OS/2 tables the
// way go-text's font.NewFont does, without the glyph outlines and layout
// tables it also parses (a hundredth of the time and memory for the CJK
// face).
func readMetrics(data []byte) (faceMetrics, error) {
	var m faceMetrics
	ld, err := ot.NewLoader(bytes.NewReader(data))
	if err != nil {
		return m, err
	}
	raw, _ := ld.RawTable(ot.MustNewTag("OS/2"))
	os2, _, os2Err := tables.ParseOs2(raw)
	raw, err = ld.RawTable(ot.MustNewTag("cmap"))
	if err != nil {
		return m, err
	}
	cm, _, err := tables.ParseCmap(raw)
	if err != nil {
		return m, err
	}
	if m.cmap, _, err = font.ProcessCmap(cm, os2.FontPage()); err != nil {
		return m, err
	}
	head, _, err := font.LoadHeadTable(ld, nil)
	if err != nil {
		return m, err
	}
	m.units = head.Upem()
	m.upem = float32(m.units)
	raw, err = ld.RawTable(ot.MustNewTag("maxp"))
	if err != nil {
		return m, err
	}
	maxp, _, err := tables.ParseMaxp(raw)
	if err != nil {
		return m, err
	}
	// hhea counts only with its hmtx, as in go-text
	var hhea *tables.Hhea
	rawHhea, errHhea := ld.RawTable(ot.MustNewTag("hhea"))
	rawHmtx, errHmtx := ld.RawTable(ot.MustNewTag("hmtx"))
	if errHhea == nil && errHmtx == nil {
		if h, _, err := tables.ParseHhea(rawHhea); err == nil {
			long := int(h.NumOfLongMetrics)
			if hm, _, err := tables.ParseHmtx(rawHmtx, long, int(maxp.NumGlyphs)-long); err == nil {
				hhea, m.hmtx = &h, hm
			}
		}
	}
	// The extents: OS/2's typographic ones when the font asks for them
	// (and its table is whole), else hhea's.
	typo := os2Err == nil && os2.FsSelection&(1<<7) != 0 &&
		(os2.USWeightClass != 0 || os2.USWidthClass != 0 || os2.USFirstCharIndex != 0 || os2.USLastCharIndex != 0) &&
		(os2.Version < 2 || len(os2.HigherVersionData) >= 12)
	var asc, desc float64
	switch {
	case typo:
		asc, desc = float64(os2.STypoAscender), float64(os2.STypoDescender)
	case hhea != nil:
		asc, desc = float64(hhea.Ascender), float64(hhea.Descender)
	default:
		return m, nil // no extents: 0, as go-text gives none
	}
	m.ascent = float32(math.Abs(asc)) / m.upem
	m.descent = float32(-math.Abs(desc)) / m.upem
	return m, nil
}

// Segment is one drawing operation of an outline (see Outline).
type Segment = font.Segment

// Segment operations, as in font.Segment.Op.
const (
	MoveTo = ot.SegmentOpMoveTo
	LineTo = ot.SegmentOpLineTo
	QuadTo = ot.SegmentOpQuadTo
	CubeTo = ot.SegmentOpCubeTo
)

// Outline returns the outline of glyph gid in font units (divide by
// UnitsPerEm for ems), y up, origin at the glyph's pen position. A glyph
// without an outline (a space) has no segments. It is safe for concurrent
// use.
func (f *Face) Outline(gid uint16) []Segment {
	f.mu.Lock()
	defer f.mu.Unlock()
	o, ok := f.outlineFace().GlyphDataOutline(font.GID(gid))
	if !ok {
		return nil
	}
	return o.Segments
}

func (f *Face) outlineFace() *font.Face {
	if f.outline == nil {
		f.outline = font.NewFace(f.Font())
	}
	return f.outline
}

// Registry is the set of embedded faces.
type Registry struct {
	// Faces are every face, by ID.
	Faces []*Face
	// serif[bold][italic], and the face of each role by weight.
	serif [2][2]*Face
	role  [RoleSymbols + 1][2]*Face
}

// faceSpecs lists the embedded faces: file, family, PostScript name,
// role, bold, italic.
var faceSpecs = []struct {
	file, family, ps string
	role             Role
	bold, italic     bool
}{
	{fonts.SerifRegular, "Noto Serif", "NotoSerif", RoleSerif, false, false},
	{fonts.SerifItalic, "Noto Serif", "NotoSerif-Italic", RoleSerif, false, true},
	{fonts.SerifBold, "Noto Serif", "NotoSerif-Bold", RoleSerif, true, false},
	{fonts.SerifBoldItalic, "Noto Serif", "NotoSerif-BoldItalic", RoleSerif, true, true},
	{fonts.Arabic, "Noto Naskh Arabic", "NotoNaskhArabic", RoleArabic, false, false},
	{fonts.ArabicBold, "Noto Naskh Arabic", "NotoNaskhArabic-Bold", RoleArabic, true, false},
	{fonts.Hebrew, "Noto Serif Hebrew", "NotoSerifHebrew", RoleHebrew, false, false},
	{fonts.HebrewBold, "Noto Serif Hebrew", "NotoSerifHebrew-Bold", RoleHebrew, true, false},
	{fonts.Devanagari, "Noto Serif Devanagari", "NotoSerifDevanagari", RoleDevanagari, false, false},
	{fonts.DevanagariBold, "Noto Serif Devanagari", "NotoSerifDevanagari-Bold", RoleDevanagari, true, false},
	{fonts.Thai, "Noto Serif Thai", "NotoSerifThai", RoleThai, false, false},
	{fonts.ThaiBold, "Noto Serif Thai", "NotoSerifThai-Bold", RoleThai, true, false},
	{fonts.CJK, "Droid Sans Fallback", "DroidSansFallback", RoleCJK, false, false},
	{fonts.Math, "Noto Sans Math", "NotoSansMath", RoleMath, false, false},
	{fonts.Mono, "Noto Sans Mono", "NotoSansMono", RoleMono, false, false},
	{fonts.MonoBold, "Noto Sans Mono", "NotoSansMono-Bold", RoleMono, true, false},
	{fonts.Symbols, "Symbola", "Symbola", RoleSymbols, false, false},
}

var (
	defaultOnce sync.Once
	defaultReg  *Registry
	defaultErr  error
)

// Default returns the registry of the embedded faces, parsed once per
// process.
func Default() (*Registry, error) {
	defaultOnce.Do(func() { defaultReg, defaultErr = load() })
	return defaultReg, defaultErr
}

// load reads the embedded faces; each is parsed when first used.
func load() (*Registry, error) {
	r := &Registry{Faces: make([]*Face, len(faceSpecs))}
	for i, sp := range faceSpecs {
		data, err := fonts.Bytes(sp.file)
		if err != nil {
			return nil, fmt.Errorf("shaping: %w", err)
		}
		r.Faces[i] = &Face{ID: i, File: sp.file, Family: sp.family, PSName: sp.ps, Role: sp.role, Bold: sp.bold, Italic: sp.italic, Data: data}
	}
	for i, sp := range faceSpecs {
		f := r.Faces[i]
		if sp.role == RoleSerif {
			r.serif[b2i(sp.bold)][b2i(sp.italic)] = f
		} else if !sp.italic {
			r.role[sp.role][b2i(sp.bold)] = f
		}
	}
	for ro := range r.role {
		if r.role[ro][1] == nil {
			r.role[ro][1] = r.role[ro][0]
		}
	}
	return r, nil
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Serif returns the book face of a style.
func (r *Registry) Serif(st Style) *Face { return r.serif[b2i(st.Bold)][b2i(st.Italic)] }

// Role returns the face of a role, bold when asked and there is one.
func (r *Registry) Role(ro Role, bold bool) *Face { return r.role[ro][b2i(bold)] }

// scriptRole is the face role for a script, and whether there is one.
func scriptRole(s language.Script) (Role, bool) {
	switch s {
	case language.Arabic, language.Syriac, language.Thaana:
		return RoleArabic, true
	case language.Hebrew:
		return RoleHebrew, true
	case language.Devanagari:
		return RoleDevanagari, true
	case language.Thai:
		return RoleThai, true
	case language.Han, language.Hiragana, language.Katakana, language.Hangul, language.Bopomofo:
		return RoleCJK, true
	}
	return 0, false
}

// isEmoji reports whether r is best drawn by the symbols face (emoji and
// pictographs, which the book face does not have in any case).
func isEmoji(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r >= 0x2B00 && r <= 0x2BFF
}

// isMath reports whether r is in the blocks the maths face is preferred
// for.
func isMath(r rune) bool {
	return r >= 0x2190 && r <= 0x21FF || r >= 0x2200 && r <= 0x22FF || r >= 0x27C0 && r <= 0x27EF ||
		r >= 0x2980 && r <= 0x2AFF || r >= 0x1D400 && r <= 0x1D7FF
}

// candidates lists the faces to try for r in a style, best first.
func (r *Registry) candidates(c rune, st Style, buf []*Face) []*Face {
	buf = buf[:0]
	if st.Mono {
		buf = append(buf, r.Role(RoleMono, st.Bold))
	}
	switch {
	case isEmoji(c):
		buf = append(buf, r.Role(RoleSymbols, false))
	case isMath(c):
		buf = append(buf, r.Role(RoleMath, false))
	default:
		if ro, ok := scriptRole(language.LookupScript(c)); ok {
			buf = append(buf, r.Role(ro, st.Bold))
		}
	}
	buf = append(buf, r.Serif(st), r.Serif(Style{}),
		r.Role(RoleArabic, false), r.Role(RoleHebrew, false), r.Role(RoleDevanagari, false), r.Role(RoleThai, false),
		r.Role(RoleMath, false), r.Role(RoleCJK, false), r.Role(RoleSymbols, false), r.Role(RoleMono, false))
	return buf
}

// FaceFor returns the face that draws c in a style, or nil when no face
// has it.
func (r *Registry) FaceFor(c rune, st Style) *Face {
	var buf [16]*Face
	for _, f := range r.candidates(c, st, buf[:0]) {
		if f.Has(c) {
			return f
		}
	}
	return nil
}
