package pdf

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/internal/hyphen"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// The breaker's shortcuts, each of which must change no break: passing
// over too loose lines at first (passLoose), and weighing only the line
// starts a paragraph's first word can reach (lazyBreaks).
var breakShortcuts = []struct {
	name string
	on   *bool
}{{"passing over loose lines", &passLoose}, {"weighing reachable starts only", &lazyBreaks}}

// TestPassLooseSame: each shortcut of the breaker changes no break:
// generated entries and the odd ones, in every layout and both profiles,
// make the same bytes with it and without.
func TestPassLooseSame(t *testing.T) {
	books := map[string]*model.Collection{"generated": generated(t, 300), "odd": rendertest.LoadOdd(t)}
	for _, sc := range breakShortcuts {
		for name, c := range books {
			for _, layout := range []string{"a5", "letter"} {
				for _, print := range []bool{false, true} {
					render := func(on bool) []byte {
						defer func(old bool) { *sc.on = old }(*sc.on)
						*sc.on = on
						var buf bytes.Buffer
						if err := Encode(&buf, c, &Options{Now: rendertest.Now, Config: &Config{Layout: layout, Print: print}}); err != nil {
							t.Fatal(err)
						}
						return buf.Bytes()
					}
					if a, b := render(false), render(true); !bytes.Equal(a, b) {
						t.Errorf("%s, %s, print %v: %d bytes %s, %d without", name, layout, print, len(b), sc.name, len(a))
					}
				}
			}
		}
	}
}

// TestPassLooseSameBreaks: the same breaks with each shortcut of the
// breaker and without, for hyphenated paragraphs, with hard breaks or
// not, at every width from very narrow (where most lines are too loose
// and the words are weighed again) to wide; and for a paragraph longer
// than maxLazyWords.
func TestPassLooseSameBreaks(t *testing.T) {
	texts := []string{longText,
		"It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, tell me.",
		"A short one.",
		"Hyphenation-ready compounds, e.g. well-known state-of-the-art self-contained twenty-one-year-old pre-eminent words, and Unbreakableextraordinarilylongwordwithoutanyhyphenationpoints too.",
		"Shall I compare thee to a summer’s day?\nThou art more lovely and more temperate:\nRough winds do shake the darling buds of May,\nAnd summer’s lease hath all too short a date."}
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, sc := range breakShortcuts {
		defer func(old bool) { *sc.on = old }(*sc.on)
		rescued := 0
		same := func(words []word, width float64) {
			set := func(on bool) []string {
				*sc.on = on
				var out []string
				for _, ln := range s.setParagraph(words, para{width: width, align: alignJustify, size: 10, leading: 12}) {
					out = append(out, ln.text())
				}
				return out
			}
			without, with := set(false), set(true)
			if !slices.Equal(without, with) {
				t.Fatalf("width %.1f: %s breaks\n%q\nwithout\n%q", width, sc.name, with, without)
			}
			if width < 80 && len(without) > 1 {
				rescued++
			}
		}
		for _, text := range texts {
			words := s.shape([]model.Run{{Text: text}}, style{size: 10}, nil, 1000)
			words = s.hyphenate(words, hyphen.For("en"))
			for width := 40.0; width < 320; width += 0.5 {
				same(words, width)
			}
		}
		if rescued == 0 {
			t.Errorf("%s: no narrow width set: the test weighs nothing again", sc.name)
		}
		long := strings.Repeat(longText+" ", maxLazyWords/10)
		words := s.hyphenate(s.shape([]model.Run{{Text: long}}, style{size: 10}, nil, 1000), hyphen.For("en"))
		if len(words) <= maxLazyWords {
			t.Fatalf("the long paragraph has %d words, not more than %d", len(words), maxLazyWords)
		}
		same(words, 250)
		same(words[:maxLazyWords], 250)
	}
}

// FuzzBreakShortcuts: the breaker's shortcuts change no break, for any
// text at any width, justified.
func FuzzBreakShortcuts(f *testing.F) {
	f.Add(longText, 120.0)
	f.Add("Shall I compare thee to a summer’s day?\nThou art more lovely and more temperate:", 60.0)
	f.Add("a b c d e f g h i j k l m n o p q r s t u v w x y z", 30.0)
	s, err := newShaper(nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string, width float64) {
		if len(text) > 4000 || !(width >= 10 && width <= 1000) {
			return
		}
		words := s.hyphenate(s.shape([]model.Run{{Text: text}}, style{size: 10}, nil, 1000), hyphen.For("en"))
		for _, sc := range breakShortcuts {
			set := func(on bool) []string {
				defer func(old bool) { *sc.on = old }(*sc.on)
				*sc.on = on
				var out []string
				for _, ln := range s.setParagraph(words, para{width: width, align: alignJustify, size: 10, leading: 12}) {
					out = append(out, ln.text())
				}
				return out
			}
			if without, with := set(false), set(true); !slices.Equal(without, with) {
				t.Fatalf("width %v: %s breaks\n%q\nwithout\n%q", width, sc.name, with, without)
			}
		}
	})
}
