package shaping

import (
	"bytes"
	"testing"

	"github.com/go-text/typesetting/font"
)

// TestEveryFaceParses checks that every embedded face parses (faces are
// parsed when first used, and a face that did not would panic then) and
// that none is parsed up front.
func TestEveryFaceParses(t *testing.T) {
	r, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Faces {
		if f.Parsed() {
			t.Errorf("%s: parsed up front", f.File)
		}
		if f.Font() == nil || f.UnitsPerEm() <= 0 || f.Ascent() <= 0 || f.Descent() >= 0 {
			t.Errorf("%s: font %v, %v units per em, ascent %v, descent %v", f.File, f.Font() != nil, f.UnitsPerEm(), f.Ascent(), f.Descent())
		}
	}
}

// TestMetricsMatchFont checks, for every embedded face, that the metrics
// read without parsing the font (readMetrics) are go-text's: the em, the
// extents, the glyph of every code point and the advance of every glyph
// (and past the last). It also checks that reading them parses nothing.
func TestMetricsMatchFont(t *testing.T) {
	r, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Faces {
		upem, asc, desc := f.UnitsPerEm(), f.Ascent(), f.Descent()
		f.Glyph('a')
		f.Advance(1)
		if f.Parsed() {
			t.Fatalf("%s: reading the metrics parsed the font", f.File)
		}
		ff, err := font.ParseTTF(bytes.NewReader(f.Data))
		if err != nil {
			t.Fatalf("%s: %v", f.File, err)
		}
		wantUpem := float32(ff.Font.Upem())
		var wantAsc, wantDesc float32
		if ext, ok := ff.FontHExtents(); ok {
			wantAsc, wantDesc = ext.Ascender/wantUpem, ext.Descender/wantUpem
		}
		if upem != wantUpem || asc != wantAsc || desc != wantDesc {
			t.Errorf("%s: em %v ascent %v descent %v, want %v %v %v", f.File, upem, asc, desc, wantUpem, wantAsc, wantDesc)
		}
		glyphs := 0
		for c := rune(0); c <= 0x10FFFF; c++ {
			if c == 0x30000 {
				c = 0xE0000 // no embedded face maps the planes between
			}
			g, ok := ff.Font.NominalGlyph(c)
			if got := f.Glyph(c); got != uint16(g) {
				t.Fatalf("%s: glyph of %U %d, want %d", f.File, c, got, g)
			}
			if f.Has(c) != (ok && g != 0) {
				t.Fatalf("%s: has %U %v, want %v", f.File, c, f.Has(c), ok && g != 0)
			}
			if ok && g != 0 {
				glyphs++
			}
		}
		if glyphs == 0 {
			t.Errorf("%s: maps no code point", f.File)
		}
		for g := 0; g <= 0xFFFF; g++ { // every glyph, and past the last
			want := ff.HorizontalAdvance(font.GID(g)) / wantUpem
			if got := f.Advance(uint16(g)); got != want {
				t.Fatalf("%s: advance of glyph %d %v, want %v", f.File, g, got, want)
			}
		}
	}
}

// TestMetricsTypoExtents checks readMetrics against go-text on faces
// changed to ask for OS/2's typographic extents (fsSelection bit 7, which
// no embedded face sets), and with no OS/2 table at all.
func TestMetricsTypoExtents(t *testing.T) {
	r, err := load()
	if err != nil {
		t.Fatal(err)
	}
	differ := false
	for _, f := range r.Faces {
		for _, change := range []string{"typo", "no OS/2"} {
			data := bytes.Clone(f.Data)
			off, ok := tableOffset(data, "OS/2")
			if !ok {
				t.Fatalf("%s: no OS/2 table", f.File)
			}
			if change == "typo" {
				data[off+63] |= 1 << 7 // fsSelection's low byte
			} else {
				dir := bytes.Index(data[:12+16*int(data[5])], []byte("OS/2"))
				copy(data[dir:], "XS/2")
			}
			m, err := readMetrics(data)
			if err != nil {
				t.Fatalf("%s, %s: %v", f.File, change, err)
			}
			ff, err := font.ParseTTF(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("%s, %s: %v", f.File, change, err)
			}
			var asc, desc float32
			upem := float32(ff.Font.Upem())
			if ext, ok := ff.FontHExtents(); ok {
				asc, desc = ext.Ascender/upem, ext.Descender/upem
			}
			if m.ascent != asc || m.descent != desc {
				t.Errorf("%s, %s: ascent %v descent %v, want %v %v", f.File, change, m.ascent, m.descent, asc, desc)
			}
			if change == "typo" && (asc != f.Ascent() || desc != f.Descent()) {
				differ = true
			}
		}
	}
	if !differ {
		t.Error("no face's typographic extents differ from its hhea ones: the test shows nothing")
	}
}

// tableOffset returns where table tag starts in a TrueType font.
func tableOffset(data []byte, tag string) (int, bool) {
	n := int(data[4])<<8 | int(data[5])
	for i := 0; i < n; i++ {
		rec := data[12+16*i:]
		if string(rec[:4]) == tag {
			return int(rec[8])<<24 | int(rec[9])<<16 | int(rec[10])<<8 | int(rec[11]), true
		}
	}
	return 0, false
}
