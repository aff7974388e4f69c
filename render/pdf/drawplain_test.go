package pdf

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/internal/shaping"
)

// TestLtrPlainDrawsAsLtrSeg: a segment drawn through ltrPlain gives the
// very bytes, and leaves the fonts in the very state, that the cluster by
// cluster drawing (clusterTexts, then ltrSeg or the glyphs as shaped)
// gives: for words of one glyph per character, glyphs already standing
// for other text, a glyph used for two characters in one word,
// ligatures, marks, reordered glyphs, raised glyphs and invalid runes.
func TestLtrPlainDrawsAsLtrSeg(t *testing.T) {
	reg, err := shaping.Default()
	if err != nil {
		t.Fatal(err)
	}
	fc := reg.Faces[0]
	letters := []rune("abcdefghiJKLéß\uFFFD\xff")
	letters = append(letters, 0xD800) // a surrogate: not a valid rune
	rng := rand.New(rand.NewPCG(7, 11))
	st := &style{size: 10}
	plain := 0
	for trial := range 3000 {
		n := 1 + rng.IntN(8)
		src := make([]rune, n)
		gs := make([]shaping.Glyph, n)
		for k := range src {
			src[k] = letters[rng.IntN(len(letters))]
			id := fc.Glyph(src[k])
			if rng.IntN(20) == 0 {
				id = fc.Glyph('a') // two characters drawn with one glyph
			}
			gs[k] = shaping.Glyph{ID: id, Advance: 0.5, Start: int32(k), End: int32(k + 1)}
			if rng.IntN(15) == 0 {
				gs[k].YOffset = 0.1
			}
			if rng.IntN(15) == 0 {
				gs[k].XOffset = 0.02
			}
		}
		switch rng.IntN(12) {
		case 0: // a ligature of the first two characters
			if n >= 2 {
				gs[0].End = 2
				gs = slices.Delete(gs, 1, 2)
				for k := 1; k < len(gs); k++ {
					gs[k].Start, gs[k].End = int32(k+1), int32(k+2)
				}
			}
		case 1: // a mark: two glyphs in one cluster
			gs = append(gs, shaping.Glyph{ID: fc.Glyph(0x0301), Start: int32(n - 1), End: int32(n)})
		case 2: // glyphs out of order
			if n >= 2 {
				gs[0], gs[1] = gs[1], gs[0]
			}
		}
		// what the fonts already hold: some glyphs standing for other text
		pre := func(u *fontUse) {
			r := rand.New(rand.NewPCG(uint64(trial), 3))
			for range r.IntN(4) {
				g := fc.Glyph(letters[r.IntN(len(letters))])
				switch r.IntN(3) {
				case 0:
					u.glyph(g, []rune{letters[r.IntN(len(letters))]}, true)
				case 1:
					u.glyph(g, []rune("fi"), true)
				default:
					u.glyph(g, nil, true)
				}
			}
		}
		sg := &seg{x: 3, face: 0, st: st, glyphs: gs, src: src}
		draw := func(fast bool) ([]byte, *fontUse) {
			drawPlainFirst = fast
			defer func() { drawPlainFirst = true }()
			d := &drawer{fonts: fontSet{reg: reg}}
			u := d.fonts.use(0)
			pre(u)
			w := &glyphWriter{size: 10}
			d.seg(w, sg, 1, nil, nil)
			return w.b, u
		}
		got, gu := draw(true)
		want, wu := draw(false)
		if !bytes.Equal(got, want) {
			t.Fatalf("trial %d, %q %v:\n got %q\nwant %q", trial, string(src), gs, got, want)
		}
		if !slices.Equal(gu.used, wu.used) || !slices.Equal(gu.text, wu.text) || !slices.Equal(gu.set, wu.set) ||
			!slices.Equal(gu.one, wu.one) || gu.count != wu.count || len(gu.synth) != len(wu.synth) {
			t.Fatalf("trial %d, %q: the fonts differ after drawing", trial, string(src))
		}
		for g := range gu.set {
			if gu.set[g] && gu.one[g] != oneRune([]rune(gu.text[g])) {
				t.Fatalf("trial %d: glyph %d stands for %q but one is %q", trial, g, gu.text[g], gu.one[g])
			}
		}
		d := &drawer{fonts: fontSet{reg: reg}}
		if d.ltrPlain(&glyphWriter{size: 10}, d.fonts.use(0), sg, 3) {
			plain++
		}
	}
	// the fast way must have been taken often, and not always
	if plain < 1000 || plain > 2900 {
		t.Errorf("ltrPlain drew %d of 3000 segments", plain)
	}
}

// TestTextIs: textIs says what sameText says of one rune, whatever text
// the glyph stands for.
func TestTextIs(t *testing.T) {
	texts := [][]rune{nil, {'a'}, {'b'}, []rune("ab"), {0xD800}, {utf8.RuneError}, {-1}, {0x10FFFF}, {0x110000}}
	for _, text := range texts {
		u := &fontUse{used: make([]bool, 1), text: make([]string, 1), set: make([]bool, 1), one: make([]rune, 1), adv: []float32{0}}
		u.glyph(0, text, true)
		for _, r := range []rune{'a', 'b', 0xD800, utf8.RuneError, -1, 0x10FFFF, 0x110000} {
			if got, want := u.textIs(0, r), sameText(u.text[0], []rune{r}); got != want {
				t.Errorf("glyph standing for %q, rune %U: textIs %v, sameText %v", string(text), r, got, want)
			}
		}
	}
}

// TestRunesBefore: utf8Len and runesBefore give the length of the
// string the runes make and the runes before a byte of it, invalid runes
// included.
func TestRunesBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pool := []rune{'a', 'é', '€', '𝄞', 0xD800, -5, 0x110000, utf8.RuneError}
	for range 2000 {
		rs := make([]rune, rng.IntN(7))
		for k := range rs {
			rs[k] = pool[rng.IntN(len(pool))]
		}
		s := string(rs)
		if got := utf8Len(rs); got != len(s) {
			t.Fatalf("%q: utf8Len %d, want %d", s, got, len(s))
		}
		for p := 0; p <= len(s); p++ {
			if got, want := runesBefore(rs, p), int32(utf8.RuneCountInString(s[:p])); got != want {
				t.Fatalf("%q at %d: %d runes before, want %d", s, p, got, want)
			}
		}
	}
}
