package books

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/model"
)

// Curly turns the straight quotes and apostrophes of a heading, byline or
// index name into typographic ones (the PDF and the EPUB show the same): a mark after a letter or digit closes
// (an apostrophe inside a word is a closing single quote: O’Connell,
// don’t), one at the start or after a space, dash or opening bracket opens,
// except an apostrophe for letters left out ’Tis, ’90s (model.Elided), as
// in the citations.
func Curly(s string) string {
	if !strings.ContainsAny(s, `"'`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	prev := rune(-1)
	for i, r := range s {
		if r == '"' || r == '\'' {
			next, _ := utf8.DecodeRuneInString(s[i+1:])
			opening := prev < 0 || unicode.IsSpace(prev) || strings.ContainsRune("([{‘“—–-/", prev)
			if r == '\'' && opening && (unicode.IsDigit(next) || model.Elided(s[i+1:])) {
				opening = false // ’90s, ’Tis
			}
			switch {
			case r == '"' && opening:
				b.WriteRune('“')
			case r == '"':
				b.WriteRune('”')
			case opening:
				b.WriteRune('‘')
			default:
				b.WriteRune('’')
			}
		} else {
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}
