package shaping

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func shaper(t testing.TB) *Shaper {
	t.Helper()
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return r.NewShaper()
}

// Scripts has one sample per writing system the embedded faces cover.
var Scripts = map[string]string{
	"arabic-vowelled": "بِسْمِ ٱللَّهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ لَا إِلَٰهَ",
	"persian":         "می‌خواهم کتاب‌ها را بخوانم",
	"hebrew-niqqud":   "בְּרֵאשִׁית בָּרָא אֱלֹהִים",
	"devanagari":      "क्षत्रिय श्रद्धा द्वार हिन्दी",
	"thai":            "ภาษาไทยเป็นภาษาที่สวยงาม",
	"korean":          "한국어는 아름답습니다",
	"japanese":        "吾輩は猫である。名前はまだ無い。",
	"chinese":         "学而时习之，不亦说乎？",
	"greek":           "Ἐν ἀρχῇ ἦν ὁ λόγος, καὶ ὁ λόγος ἦν πρὸς τὸν θεόν",
	"vietnamese":      "Tiếng Việt có dấu thanh: ặ ẫ ổ ữ ị",
	"latin":           "The office affixed AVAT Wave To fjord",
	"symbols":         "≠ ≤ ≥ ± ∞ → ★ ∑ √",
	"emoji":           "I ❤ books 😀 📚 👍",
	"cyrillic":        "Съешь же ещё этих мягких французских булок",
}

func TestEveryScriptHasGlyphs(t *testing.T) {
	s := shaper(t)
	for name, text := range Scripts {
		rs := []rune(text)
		runs := s.Shape(rs, Style{}, Options{})
		end := 0
		for _, r := range runs {
			if r.Start != end {
				t.Errorf("%s: runs not contiguous at %d", name, r.Start)
			}
			end = r.End
			if len(r.Missing) > 0 {
				t.Errorf("%s: missing %q", name, string(r.Missing))
			}
			for _, g := range r.Glyphs {
				if g.ID == 0 {
					t.Errorf("%s: .notdef in face %s for %q", name, r.Face.File, string(rs[r.Start+int(g.Start):r.Start+int(g.End)]))
				}
			}
		}
		if end != len(rs) {
			t.Errorf("%s: runs end at %d of %d", name, end, len(rs))
		}
		for _, st := range []Style{{Bold: true}, {Italic: true}, {Mono: true}} {
			for _, r := range s.Shape(rs, st, Options{}) {
				if len(r.Missing) > 0 {
					t.Errorf("%s %+v: missing %q", name, st, string(r.Missing))
				}
			}
		}
	}
}

func TestLigaturesAndKerning(t *testing.T) {
	s := shaper(t)
	runs := s.Shape([]rune("office"), Style{}, Options{Lang: "en"})
	if len(runs) != 1 || len(runs[0].Glyphs) >= 6 {
		t.Fatalf("office: want a ligature, got %d runs, glyphs %+v", len(runs), runs[0].Glyphs)
	}
	lig := false
	for _, g := range runs[0].Glyphs {
		if g.End-g.Start >= 2 {
			lig = true
		}
	}
	if !lig {
		t.Errorf("office: no glyph covers two letters: %+v", runs[0].Glyphs)
	}
	av := Width(s.Shape([]rune("AV"), Style{}, Options{}))
	a := Width(s.Shape([]rune("A"), Style{}, Options{}))
	v := Width(s.Shape([]rune("V"), Style{}, Options{}))
	if av >= a+v-0.01 {
		t.Errorf("AV not kerned: %v >= %v + %v", av, a, v)
	}
}

func TestArabicMarks(t *testing.T) {
	s := shaper(t)
	// lam, fatha, alef: the lam-alef ligature forms across the mark.
	text := []rune("لَا")
	runs := s.Shape(text, Style{}, Options{})
	if len(runs) != 1 || !runs[0].RTL() || runs[0].Face.Role != RoleArabic {
		t.Fatalf("runs %+v", runs)
	}
	// The letters are drawn by the same glyphs as lam-alef without the
	// mark (Noto Naskh draws the ligature as two glyphs), and the mark is
	// placed above them.
	plain := s.Shape([]rune("لا"), Style{}, Options{})[0].Glyphs
	var letters []uint16
	marks := 0
	for _, g := range runs[0].Glyphs {
		if g.End-g.Start == 1 && text[g.Start] == 'َ' || g.ID == runs[0].Face.Glyph('َ') {
			marks++
			if g.YOffset <= 0 {
				t.Errorf("fatha not raised: %+v", g)
			}
			continue
		}
		letters = append(letters, g.ID)
	}
	var want []uint16
	for _, g := range plain {
		want = append(want, g.ID)
	}
	if fmt.Sprint(letters) != fmt.Sprint(want) || marks != 1 {
		t.Errorf("lam-alef with fatha: letters %v (%d marks), want %v as without the mark", letters, marks, want)
	}
	if want[0] == runs[0].Face.Glyph('ل') || want[len(want)-1] == runs[0].Face.Glyph('ا') {
		t.Errorf("lam-alef not formed: %v", want)
	}
	// shadda with a vowel: two marks, not at the same place.
	runs = s.Shape([]rune("رَبَّنَا"), Style{}, Options{})
	type pos struct{ x, y float32 }
	var pen float32
	seen := map[pos]uint16{}
	for _, g := range runs[0].Glyphs {
		if g.Advance == 0 {
			p := pos{pen + g.XOffset, g.YOffset}
			if id, ok := seen[p]; ok && id != g.ID {
				t.Errorf("marks %d and %d drawn at the same place", id, g.ID)
			}
			seen[p] = g.ID
		}
		pen += g.Advance
	}
}

func TestBidi(t *testing.T) {
	s := shaper(t)
	text := []rune("see שלום עולם, 2024 here")
	runs := s.Shape(text, Style{}, Options{})
	var levels []int8
	for _, r := range runs {
		levels = append(levels, r.Level)
	}
	if fmt.Sprint(levels) != "[0 1 1 2 0]" {
		t.Fatalf("levels %v, want [0 1 1 2 0]", levels)
	}
	vis := Visual(runs)
	if vis[0].Start != 0 || vis[len(vis)-1].End != len(text) {
		t.Errorf("visual order wrong: %+v", vis)
	}
	// An isolated Arabic title inside English: the comma after it stays
	// at the end.
	text = []rune("In " + Isolate("كتاب الأغاني") + ", 1905.")
	runs = Visual(s.Shape(text, Style{}, Options{}))
	last := runs[len(runs)-1]
	if got := string(text[last.Start:last.End]); !strings.HasSuffix(got, "1905.") {
		t.Errorf("last visual run %q", got)
	}
	// A right-to-left paragraph.
	runs = s.Shape([]rune("مرحبا"), Style{}, Options{Dir: RTL})
	if !runs[0].RTL() {
		t.Errorf("RTL paragraph gave level %d", runs[0].Level)
	}
}

func TestBreaks(t *testing.T) {
	s := shaper(t)
	check := func(text string, want []int) {
		t.Helper()
		b := s.Breaks([]rune(text))
		var got []int
		for i := 1; i < len(b)-1; i++ {
			if b[i] != NoBreak {
				got = append(got, i)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%q: breaks %v, want %v", text, got, want)
		}
	}
	check("one two", []int{4})
	check("한국어는 아름답습니다", []int{5})
	check("学而时习", []int{1, 2, 3})
	check("word。学", []int{5})
}

func TestOutline(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	f := r.Serif(Style{})
	a := f.Outline(f.Glyph('a'))
	if len(a) < 3 || a[0].Op != MoveTo {
		t.Errorf("outline of a: %v", a)
	}
	if sp := f.Outline(f.Glyph(' ')); len(sp) != 0 {
		t.Errorf("outline of space: %v", sp)
	}
	if f.Advance(f.Glyph('m')) <= f.Advance(f.Glyph('i')) {
		t.Errorf("advances: m %v, i %v", f.Advance(f.Glyph('m')), f.Advance(f.Glyph('i')))
	}
}

func TestConcurrentDeterministic(t *testing.T) {
	r, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprint(r.NewShaper().Shape([]rune(Scripts["arabic-vowelled"]), Style{}, Options{}))
	var wg sync.WaitGroup
	got := make([]string, 4)
	for i := range got {
		wg.Go(func() {
			s := r.NewShaper()
			for range 20 {
				got[i] = fmt.Sprint(s.Shape([]rune(Scripts["arabic-vowelled"]), Style{}, Options{}))
			}
		})
	}
	wg.Wait()
	for _, g := range got {
		if g != want {
			t.Fatal("shapers disagree")
		}
	}
}
