package pdf

import (
	"strings"
	"testing"
	"unicode"

	"github.com/commonplace-book/commonplace/model"
)

// TestLetterBalance: a line's letter balance counts its left-to-right
// letters less its right-to-left ones, as Poppler does — every printable
// ASCII character (the fast path), accented Latin, Greek, Hebrew and
// Arabic, digits and punctuation among them.
func TestLetterBalance(t *testing.T) {
	var ascii strings.Builder
	for r := rune(0x21); r < 0x7f; r++ {
		ascii.WriteRune(r)
		if r%8 == 0 {
			ascii.WriteByte(' ')
		}
	}
	for _, text := range []string{ascii.String(), "Ça déjà vu, Ἀχιλῆος 42!", "שלום עולם 1948", "قال Abu 123 كلمة (word) نعم.", "ÆØÅ ß ĳ ﬁ"} {
		s, err := newShaper(nil)
		if err != nil {
			t.Fatal(err)
		}
		words := s.shape([]model.Run{{Text: text}}, style{size: 10}, nil, 5000)
		ls := s.setParagraph(words, para{width: 5000, align: alignStart, size: 10, leading: 12})
		got := 0
		for _, ln := range ls {
			got += letterBalance(ln)
		}
		want := 0
		for _, r := range text {
			switch {
			case isRTL(r):
				want--
			case unicode.IsLetter(r):
				want++
			}
		}
		if got != want {
			t.Errorf("%q: letter balance %d, want %d", text, got, want)
		}
	}
}
