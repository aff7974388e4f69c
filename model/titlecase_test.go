package model

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// citeTitleCaseRuneWise is citeTitleCase as it was first written, rune by
// rune with a copy of every word: the reference the faster one must agree
// with.
func citeTitleCaseRuneWise(s string) string {
	rs := []rune(s)
	var b strings.Builder
	start := true
	isWordRune := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
	}
	word := func(w string, start bool) string {
		for _, r := range w {
			if unicode.IsUpper(r) {
				return w
			}
		}
		core, _, _ := strings.Cut(strings.ReplaceAll(w, "'", "’"), "’")
		first, size := utf8.DecodeRuneInString(w)
		if !unicode.IsLower(first) {
			return w
		}
		if !start && (citeStopWords[w] || utf8.RuneCountInString(core) == 1) {
			return w
		}
		return string(unicode.ToUpper(first)) + w[size:]
	}
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) || rs[i] == '\'' || rs[i] == '’' {
			r := rs[i]
			switch {
			case r == ':' || r == '?' || r == '!':
				start = true
			case r == '.' && i+1 < len(rs) && unicode.IsSpace(rs[i+1]):
				start = true
			}
			b.WriteRune(r)
			i++
			continue
		}
		j := i
		for j < len(rs) && isWordRune(rs[j]) {
			j++
		}
		b.WriteString(word(string(rs[i:j]), start))
		start = false
		i = j
	}
	return b.String()
}

// TestCiteTitleCaseSame: citeTitleCase gives what the rune-wise reference
// gives, for titles built from words, stop words, single letters,
// apostrophes, capitals, sentence ends, other scripts, digits and bytes
// that are not UTF-8.
func TestCiteTitleCaseSame(t *testing.T) {
	pieces := []string{"the", "of", "a", "i", "war", "peace", "iPhone", "NASA", "d’hier", "l'amour", "it’s", "'tis",
		"x", "über", "élan", "ǆungla", "война", "мир", "العربية", "日本", "42", "2nd", "state-of-the-art", "and/or",
		" ", " ", " ", ": ", ". ", ".", "?", "!", "—", "\t", "\u00a0", "’", "'", "\xff", "\xe2\x80", "Of", "about", "von"}
	rnd := rand.New(rand.NewPCG(7, 8))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rnd.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[rnd.IntN(len(pieces))])
			if rnd.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		s := b.String()
		if got, want := citeTitleCase(s), citeTitleCaseRuneWise(s); got != want {
			t.Fatalf("citeTitleCase(%q) = %q, want %q", s, got, want)
		}
	}
	for _, s := range []string{"", "a", "the art of war", "war and peace: a novel", "on the origin of species. by means of natural selection"} {
		if got, want := citeTitleCase(s), citeTitleCaseRuneWise(s); got != want {
			t.Errorf("citeTitleCase(%q) = %q, want %q", s, got, want)
		}
	}
}

// FuzzCiteTitleCase: citeTitleCase agrees with the rune-wise reference on
// any text.
func FuzzCiteTitleCase(f *testing.F) {
	f.Add("the art of war: a treatise. in thirteen chapters")
	f.Add("d’hier et l'amour \xff it’s")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := citeTitleCase(s), citeTitleCaseRuneWise(s); got != want {
			t.Fatalf("citeTitleCase(%q) = %q, want %q", s, got, want)
		}
	})
}

// BenchmarkCiteTitleCase title-cases the titles of generated entries'
// kind, once with the reference (b.Run "rune-wise") to compare.
func BenchmarkCiteTitleCase(b *testing.B) {
	titles := []string{"the wealth of nations", "On the Origin of Species", "a room of one’s own", "war and peace",
		"letters from a stoic: epistles to lucilius", "Meditations", "the federalist papers. number ten"}
	for _, c := range []struct {
		name string
		f    func(string) string
	}{{"fast", citeTitleCase}, {"rune-wise", citeTitleCaseRuneWise}} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				c.f(titles[i%len(titles)])
			}
		})
	}
}
