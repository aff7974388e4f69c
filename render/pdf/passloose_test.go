package pdf

import (
	"bytes"
	"slices"
	"testing"

	"github.com/commonplace-book/commonplace/internal/hyphen"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestPassLooseSame: passing over too loose lines at first when breaking
// paragraphs (passLoose) changes no break: generated entries and the odd
// ones, in every layout and both profiles, make the same bytes with it
// and without.
func TestPassLooseSame(t *testing.T) {
	books := map[string]*model.Collection{"generated": generated(t, 300), "odd": rendertest.LoadOdd(t)}
	for name, c := range books {
		for _, layout := range []string{"a5", "letter"} {
			for _, print := range []bool{false, true} {
				render := func(pass bool) []byte {
					defer func(old bool) { passLoose = old }(passLoose)
					passLoose = pass
					var buf bytes.Buffer
					if err := Encode(&buf, c, &Options{Now: rendertest.Now, Config: &Config{Layout: layout, Print: print}}); err != nil {
						t.Fatal(err)
					}
					return buf.Bytes()
				}
				if a, b := render(false), render(true); !bytes.Equal(a, b) {
					t.Errorf("%s, %s, print %v: %d bytes passing over loose lines, %d weighing them all", name, layout, print, len(b), len(a))
				}
			}
		}
	}
}

// TestPassLooseSameBreaks: the same breaks, with and without passing over
// loose lines, for hyphenated paragraphs at every width from very narrow
// (where most lines are too loose and the words are weighed again) to
// wide.
func TestPassLooseSameBreaks(t *testing.T) {
	texts := []string{longText,
		"It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, tell me.",
		"A short one.",
		"Hyphenation-ready compounds, e.g. well-known state-of-the-art self-contained twenty-one-year-old pre-eminent words, and Unbreakableextraordinarilylongwordwithoutanyhyphenationpoints too."}
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func(old bool) { passLoose = old }(passLoose)
	rescued := 0
	for _, text := range texts {
		words := s.shape([]model.Run{{Text: text}}, style{size: 10}, nil, 1000)
		words = s.hyphenate(words, hyphen.For("en"))
		for width := 40.0; width < 320; width += 0.5 {
			set := func(pass bool) []string {
				passLoose = pass
				var out []string
				for _, ln := range s.setParagraph(words, para{width: width, align: alignJustify, size: 10, leading: 12}) {
					out = append(out, ln.text())
				}
				return out
			}
			all, passed := set(false), set(true)
			if !slices.Equal(all, passed) {
				t.Fatalf("width %.1f: passing over loose lines breaks\n%q\nweighing them all\n%q", width, passed, all)
			}
			if width < 80 && len(all) > 1 {
				rescued++
			}
		}
	}
	if rescued == 0 {
		t.Error("no narrow width set: the test weighs nothing again")
	}
}
