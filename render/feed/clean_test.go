package feed

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"
)

// TestCleanAsBefore: clean gives what collapsing spaces and dropping
// control characters rune by rune gives (cleanCopy, which TestWrap and
// the outputs' golden files test), on random text mixing spaces,
// tabs, newlines, controls, C1 controls, no-break and ideographic spaces,
// wide and combining characters and invalid UTF-8; text that needs
// nothing is returned as it is, not copied.
func TestCleanAsBefore(t *testing.T) {
	pool := []string{"a", "Z", " ", " ", "  ", "\t", "\n", "\r", "\x00", "\x7f", "\u0085", "\u009f", "\u00a0", "\u00a1",
		"\u3000", "é", "e\u0301", "中", "\xff", "\xe2\x82", "€", "\U0001D11E", "\u200b"}
	rng := rand.New(rand.NewPCG(3, 5))
	copied := 0
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(9) {
			b.WriteString(pool[rng.IntN(len(pool))])
		}
		s := b.String()
		got, want := clean(s), cleanCopy(s)
		if got != want {
			t.Fatalf("clean(%q) = %q, want %q", s, got, want)
		}
		if isClean(s) != (want == s) {
			t.Fatalf("isClean(%q) = %v, but cleaning gives %q", s, isClean(s), want)
		}
		if got == s && len(s) > 0 && unsafe.StringData(got) != unsafe.StringData(s) {
			copied++
		}
	}
	if copied > 0 {
		t.Errorf("%d clean strings copied", copied)
	}
}
