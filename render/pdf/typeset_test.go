package pdf

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestNothingOutsideTheMargins lays out the samples and the odd entries
// in every layout and profile and checks that every segment of every line
// lies inside the text block and every page's items inside its height
// (unless one kept run is longer than a page).
func TestNothingOutsideTheMargins(t *testing.T) {
	colls := map[string]*model.Collection{"samples": rendertest.LoadSamples(t), "odd": rendertest.LoadOdd(t)}
	for _, layout := range []string{"a5", "6x9", "letter", "a4"} {
		for _, print := range []bool{false, true} {
			for name, c := range colls {
				lines := 0
				pageHook = func(bk *book, rp rawPage) {
					for _, pl := range rp.items {
						if pl.y+pl.it.h > bk.textH+0.01 && len(rp.items) > 1 {
							t.Errorf("%s %s print=%v: item at %.1f+%.1f below the text block (%.1f)", name, layout, print, pl.y, pl.it.h, bk.textH)
						}
						ln := pl.it.line
						if ln == nil {
							continue
						}
						lines++
						for _, sg := range ln.segs {
							if sg.x < -0.01 || sg.x+sg.w > bk.width+0.01 {
								t.Errorf("%s %s print=%v: segment %q at %.2f–%.2f outside 0–%.2f", name, layout, print, sg.str(), sg.x, sg.x+sg.w, bk.width)
							}
						}
					}
				}
				if err := Encode(io.Discard, c, &Options{Config: &Config{Layout: layout, Print: print}, Now: rendertest.Now}); err != nil {
					t.Fatal(err)
				}
				pageHook = nil
				if lines == 0 {
					t.Errorf("%s %s: no lines seen", name, layout)
				}
			}
		}
	}
}

func TestDeterministic(t *testing.T) {
	c := rendertest.LoadSamples(t)
	for _, print := range []bool{false, true} {
		var a, b bytes.Buffer
		o := &Options{Config: &Config{Layout: "a5", Print: print}}
		if err := Encode(&a, c, o); err != nil {
			t.Fatal(err)
		}
		if err := Encode(&b, rendertest.LoadSamples(t), o); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("print=%v: two renders differ", print)
		}
		// Now zero: the date of the newest entry, not the clock
		if !bytes.Contains(a.Bytes(), []byte("/CreationDate (D:"+books.Newest(c).Format("20060102150405")+")")) {
			t.Errorf("print=%v: creation date is not the newest entry's", print)
		}
	}
}

func TestWarningsNameEntryAndLine(t *testing.T) {
	c := rendertest.LoadOdd(t)
	var ws []model.Problem
	if err := Encode(io.Discard, c, &Options{Warn: func(p model.Problem) { ws = append(ws, p) }}); err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		t.Logf("%s", w)
		if w.Severity != model.Warning || !strings.HasPrefix(w.Message, "pdf: ") {
			t.Errorf("not a pdf warning: %+v", w)
		}
		// emoji and Hebrew have faces now (Symbola, Noto Serif Hebrew)
		if (w.Path == "emoji.md" || w.Path == "scripts.md") && strings.Contains(w.Message, "no font has a glyph") {
			t.Errorf("warning for a script with a shipped face: %+v", w)
		}
	}
	// A character no face has is reported with its place.
	var got []string
	s, err := newShaper(func(path string, line int, msg string) { got = append(got, fmt.Sprintf("%s:%d: %s", path, line, msg)) })
	if err != nil {
		t.Fatal(err)
	}
	s.at("x.md", 3)
	s.shape([]model.Run{{Text: "Phoenician 𐤀 here"}}, style{size: 10}, nil, 300)
	s.flush()
	if len(got) != 1 || !strings.Contains(got[0], "x.md:3: pdf: no font has a glyph for U+10900") {
		t.Errorf("warnings %q", got)
	}
	// once each
	seen := map[string]bool{}
	for _, w := range ws {
		k := w.String()
		if seen[k] {
			t.Errorf("warning repeated: %s", k)
		}
		seen[k] = true
	}
}

func TestLayouts(t *testing.T) {
	sizes := map[string][2]float64{"a5": {419.53, 595.28}, "6x9": {432, 648}, "letter": {612, 792}, "a4": {595.28, 841.89}}
	for name, want := range sizes {
		l, err := LoadLayout("", name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := float64(l.Page.Width) - want[0]; d > 0.01 || d < -0.01 {
			t.Errorf("%s: width %.2f, want %.2f", name, l.Page.Width, want[0])
		}
		if d := float64(l.Page.Height) - want[1]; d > 0.01 || d < -0.01 {
			t.Errorf("%s: height %.2f, want %.2f", name, l.Page.Height, want[1])
		}
	}
	if _, err := LoadLayout("", "b7"); err == nil || !strings.Contains(err.Error(), "a5.yaml") {
		t.Errorf("unknown layout: error %v should list the known ones", err)
	}
	if _, err := LoadLayout("", "../x"); err == nil {
		t.Error("a layout name with a slash is accepted")
	}
}

func TestCollectionLayoutOverrides(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "layouts", "pdf")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join("..", "..", "layouts", "pdf", "a5.yaml"))
	square := strings.Replace(string(b), "page: {width: 148mm, height: 210mm}", "page: {width: 400pt, height: 400pt}", 1)
	if err := os.WriteFile(filepath.Join(dir, "a5.yaml"), []byte(square), 0o644); err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(b), "size: 10,", "size: 1000,", 1)
	if err := os.WriteFile(filepath.Join(dir, "bad.yaml"), []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	c := rendertest.LoadSamples(t)
	c.Root = root
	var out bytes.Buffer
	if err := Encode(&out, c, &Options{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(out.Bytes(), []byte("/MediaBox [0 0 400.00 400.00]")) {
		t.Error("the collection's layouts/pdf/a5.yaml does not override the default")
	}
	if err := Encode(io.Discard, c, &Options{Config: &Config{Layout: "bad"}}); err == nil || !strings.Contains(err.Error(), "text.body") {
		t.Errorf("a bad layout gives error %v, want one naming text.body", err)
	}
}

func TestGutter(t *testing.T) {
	for _, tc := range []struct {
		pages int
		in    float64
	}{{0, 0.375}, {150, 0.375}, {151, 0.5}, {300, 0.5}, {500, 0.625}, {700, 0.75}, {701, 0.875}, {5000, 0.875}} {
		if got := gutterFor(tc.pages) / 72; got != tc.in {
			t.Errorf("gutterFor(%d) = %.3f in, want %.3f", tc.pages, got, tc.in)
		}
	}
	// mirrored margins: the gutter is on the inside of each page
	c := rendertest.LoadSamples(t)
	l, _ := LoadLayout("", "a5")
	// the gutter is the least inside margin: A5's 14 mm inner margin
	// holds 0.375 in; 0.875 in widens it
	for _, g := range []float64{gutterFor(0), gutterFor(1000)} {
		bk := newBook(c, l, &Options{Config: &Config{Layout: "a5", Print: true}}, nil, g, true)
		inside := max(float64(l.Margins.Inner), g)
		if r, v := bk.left(0), bk.left(1); r != inside || v != float64(l.Margins.Outer) {
			t.Errorf("gutter %.1f: right-hand page left %.1f, left-hand page left %.1f", g, r, v)
		}
		if bk.width != float64(l.Page.Width-l.Margins.Outer)-inside {
			t.Errorf("gutter %.1f: print text width %.1f", g, bk.width)
		}
	}
}

func TestEmptyAndNil(t *testing.T) {
	for _, c := range []*model.Collection{nil, {}, {Entries: []*model.Entry{{Path: "x.md"}}}} {
		var out bytes.Buffer
		if err := Encode(&out, c, nil); err != nil {
			t.Errorf("%v: %v", c, err)
		}
		if !bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) {
			t.Errorf("%v: not a PDF", c)
		}
	}
	if err := Encode(io.Discard, &model.Collection{Settings: model.Settings{Style: "harvard"}}, &Options{}); err == nil {
		t.Error("an unknown citation style is accepted")
	}
}

// TestRandomTextNoPanic sets entries of random text drawn from every kind
// of character the shaper treats specially, in every profile.
func TestRandomTextNoPanic(t *testing.T) {
	pool := []rune("abc XYZ 019 ,.;:!?()[]«»—–-/ \t\nΜῆνινΑἀ Всё 道可道，。「」 いろは 한국 سلامكلمةلأإآ ًٌَُّ ٠١٢ ۱۲ پچژگکی \u200c\u200d\u200b\u00ad\u00a0\ufeff\ufe0f 🙂𝔘 שלום \x00\x1b\u0085\u202e\u2066\ufffd")
	rnd := uint64(1)
	next := func(n int) int {
		rnd ^= rnd << 13
		rnd ^= rnd >> 7
		rnd ^= rnd << 17
		return int(rnd % uint64(n))
	}
	text := func(n int) string {
		var b strings.Builder
		for i := 0; i < n; i++ {
			b.WriteRune(pool[next(len(pool))])
		}
		return b.String()
	}
	c := &model.Collection{Settings: model.Settings{Title: text(20)}}
	for i := 0; i < 60; i++ {
		e := &model.Entry{Path: "e" + strings.Repeat("x", i) + ".md", Title: text(next(30)), Category: text(3),
			Authors: []model.Name{{Given: text(5), Family: text(6)}}, Link: "https://example.org/" + text(40)}
		for q := 0; q < 1+next(3); q++ {
			var runs []model.Run
			for r := 0; r < 1+next(12); r++ {
				runs = append(runs, model.Run{Text: text(next(60)), Italic: next(2) == 0, Bold: next(3) == 0, Break: next(8) == 0})
			}
			dir := "ltr"
			if next(3) == 0 {
				dir = "rtl"
			}
			e.Quotes = append(e.Quotes, model.Quote{Line: q + 1, Dir: dir, Blocks: []model.Block{{Kind: []string{"p", "li", "h", "pre", "hr"}[next(5)], Level: next(4), Runs: runs}}})
		}
		c.Entries = append(c.Entries, e)
	}
	for _, print := range []bool{false, true} {
		for _, layout := range []string{"a5", "letter"} {
			var a, b bytes.Buffer
			if err := Encode(&a, c, &Options{Config: &Config{Layout: layout, Print: print}, Warn: func(model.Problem) {}}); err != nil {
				t.Fatalf("print=%v %s: %v", print, layout, err)
			}
			if err := Encode(&b, c, &Options{Config: &Config{Layout: layout, Print: print}}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("print=%v %s: output depends on whether warnings are collected", print, layout)
			}
			if !print && layout == "a5" {
				keepFile(t, "random.pdf", a.Bytes())
			}
		}
	}
}
