package pdf

import (
	"bytes"
	"testing"

	"github.com/go-text/typesetting/font"

	"github.com/commonplace-book/commonplace/internal/shaping"
)

// TestSyntheticGlyphs: a subset with glyphs the book adds parses as a
// font; a composite draws its components moved by their offsets, an
// empty glyph draws nothing, and each has its own advance.
func TestSyntheticGlyphs(t *testing.T) {
	reg, err := shaping.Default()
	if err != nil {
		t.Fatal(err)
	}
	fs := fontSet{reg: reg}
	u := fs.use(faceArabic)
	fc := u.face
	beh, fatha := fc.Glyph('ب'), fc.Glyph(0x064E)
	if beh == 0 || fatha == 0 {
		t.Fatal("no glyphs for beh and fatha")
	}
	comp, ok := u.variant([]glyphComp{{gid: beh}, {gid: fatha, dx: 120, dy: -40}}, 0.5, []rune("ب"))
	if !ok || int(comp) < u.base {
		t.Fatalf("composite: gid %d (font has %d)", comp, u.base)
	}
	empty, ok := u.variant(nil, 0, []rune{0x064E})
	if !ok || empty == comp {
		t.Fatalf("carrier: gid %d", empty)
	}
	if again, _ := u.variant(nil, 0, []rune{0x064E}); again != empty {
		t.Errorf("the same carrier twice: %d and %d", empty, again)
	}
	// the font's own glyph when it is drawn as it is and stands for its text
	if g, _ := u.variant([]glyphComp{{gid: beh}}, fc.Advance(beh), []rune("ب")); g != beh {
		t.Errorf("plain glyph: %d, want %d", g, beh)
	}
	sub, err := subsetTTF(fc.Data, u.used, u.synth)
	if err != nil {
		t.Fatal(err)
	}
	face, err := font.ParseTTF(bytes.NewReader(sub))
	if err != nil {
		t.Fatalf("subset does not parse: %v", err)
	}
	if n := numGlyphs(sub); n != u.base+2 {
		t.Errorf("%d glyphs, want %d", n, u.base+2)
	}
	outline := func(g uint16) []font.Segment {
		o, _ := face.GlyphDataOutline(font.GID(g))
		return o.Segments
	}
	want := append([]font.Segment(nil), fc.Outline(beh)...)
	for _, s := range fc.Outline(fatha) {
		n := 1 // MoveTo, LineTo
		switch s.Op {
		case shaping.QuadTo:
			n = 2
		case shaping.CubeTo:
			n = 3
		}
		for i := range n {
			s.Args[i].X += 120
			s.Args[i].Y -= 40
		}
		want = append(want, s)
	}
	got := outline(comp)
	if len(got) != len(want) {
		t.Fatalf("composite has %d segments, want %d", len(got), len(want))
	}
	for i := range got {
		if got[i].Op != want[i].Op || got[i].Args != want[i].Args {
			t.Fatalf("segment %d: %v, want %v", i, got[i], want[i])
		}
	}
	if len(outline(empty)) != 0 {
		t.Error("the carrier draws something")
	}
	if a := face.HorizontalAdvance(font.GID(comp)); a != 0.5*fc.UnitsPerEm() {
		t.Errorf("composite advance %v, want %v", a, 0.5*fc.UnitsPerEm())
	}
	if a := face.HorizontalAdvance(font.GID(beh)); a != fc.Advance(beh)*fc.UnitsPerEm() {
		t.Errorf("beh's advance changed: %v", a)
	}
}

// TestFontsMadeAsync: the fonts made on their own goroutine are the
// objects made in line, numbered from where they are asked for; a font
// that cannot be subset and a bug (a panic) in making them come back as
// errors of the call, not a crash.
func TestFontsMadeAsync(t *testing.T) {
	reg, err := shaping.Default()
	if err != nil {
		t.Fatal(err)
	}
	fs := &fontSet{reg: reg}
	for _, f := range []face{faceRegular, faceItalic} {
		u := fs.use(f)
		for _, r := range "Commonplace" {
			u.glyph(u.face.Glyph(r), []rune{r}, true)
		}
	}
	made, err := fs.make()
	if err != nil {
		t.Fatal(err)
	}
	want, wantDict := fontObjects(made, 40)
	got, dict, err := fs.makeAsync()(40)
	if err != nil || dict != wantDict || len(got) != len(want) || len(got) != 10 {
		t.Fatalf("async: %d objects, %v, dict %q; want %d, dict %q", len(got), err, dict, len(want), wantDict)
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("object %d differs", i)
		}
	}
	if !bytes.Contains([]byte(dict), []byte(" 45 0 R")) {
		t.Errorf("the second font is not numbered 45: %q", dict)
	}

	// a font whose data cannot be subset
	it := fs.faces[faceItalic].face
	fs.faces[faceItalic].face = &shaping.Face{ID: it.ID, File: it.File, PSName: it.PSName, Italic: true, Data: it.Data[:64]}
	if _, _, err := fs.makeAsync()(1); err == nil || !bytes.Contains([]byte(err.Error()), []byte("subsetting")) {
		t.Errorf("broken font: %v", err)
	}
	// a bug
	fs.faces[faceItalic].face = nil
	if _, _, err := fs.makeAsync()(1); err == nil || !bytes.Contains([]byte(err.Error()), []byte("internal error while writing the fonts")) {
		t.Errorf("panic: %v", err)
	}
}
