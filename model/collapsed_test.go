package model

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCollapsed: collapsed says whether collapsing white space would
// change s, for random text of spaces, tabs, newlines, no-break and
// ideographic spaces, letters and invalid UTF-8; citeTypo gives the same
// with and without the shortcut.
func TestCollapsed(t *testing.T) {
	pool := []string{"a", "b", " ", "  ", "\t", "\n", "\u00a0", "\u3000", "é", "\xff", "--", "...", `"`, "'"}
	rng := rand.New(rand.NewPCG(9, 4))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(7) {
			b.WriteString(pool[rng.IntN(len(pool))])
		}
		s := b.String()
		want := strings.Join(strings.Fields(s), " ")
		if collapsed(s) != (want == s) {
			t.Fatalf("collapsed(%q) = %v, but collapsing gives %q", s, collapsed(s), want)
		}
		if got, want := citeTypo(s), citeTypoRef(s); got != want {
			t.Fatalf("citeTypo(%q) = %q, want %q", s, got, want)
		}
	}
}

// citeTypoRef is citeTypo without its shortcuts.
func citeTypoRef(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return ""
	}
	s = citeDashes.Replace(s)
	if !strings.ContainsAny(s, `"'`) {
		return s
	}
	return citeTypo(s) // s is collapsed, its dashes made: only the quotes are left to do
}
