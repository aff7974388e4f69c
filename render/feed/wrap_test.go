package feed

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzWrap checks that wrapping never loses or reorders text, and that a
// line is only wider than the width when it holds a single unbreakable
// piece: words and URLs are never split.
func FuzzWrap(f *testing.F) {
	for _, s := range []string{"one two three", "道可道，非常道。名可名", "https://example.org/x y", "a\tb\nc  d", "«\u00a0mot\u00a0»", "ééé e\u0301"} {
		f.Add(s, 8)
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, width int) {
		if !utf8.ValidString(s) || width > 200 || width < -1 {
			return
		}
		lines := wrap(s, width, "", "")
		squash := func(x string) string {
			return strings.Map(func(r rune) rune {
				if r == ' ' || r == '\t' || r == '\n' {
					return -1
				}
				return r
			}, x)
		}
		if got, want := squash(strings.Join(lines, "")), squash(s); got != want {
			t.Fatalf("wrap(%q, %d) lost text: %q", s, width, lines)
		}
		if width <= 0 {
			return
		}
		for _, l := range lines {
			if cols(l) <= width {
				continue
			}
			if strings.ContainsAny(strings.TrimSpace(l), " \t") {
				t.Fatalf("wrap(%q, %d): line %q is %d columns and could break", s, width, l, cols(l))
			}
		}
	})
}
