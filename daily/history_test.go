package daily

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestReadHistoryHostile: a history of bad lines ending in a long run of
// blanks is read in linear time (looking for a torn last line at every
// bad line once made it quadratic: 20,000 lines and 200 KB of blanks took
// 3 s, these 50,000 and 400 KB 15 s), with every bad line reported at its
// line (the blanks make no line of their own).
func TestReadHistoryHostile(t *testing.T) {
	data := strings.Repeat("x\n", 50_000) + strings.Repeat(" ", 400_000)
	start := time.Now()
	_, _, err := ReadHistory(strings.NewReader(data), "h")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v, over the 2 s budget", took)
	}
	var he *HistoryError
	if !errors.As(err, &he) || len(he.Problems) != 50_000 {
		t.Fatalf("want 50,000 bad lines reported, got %v", err)
	}
	if p := he.Problems[49_999]; p.Line != 50_000 {
		t.Errorf("the last bad line of x reported at line %d", p.Line)
	}
}

// TestReadHistoryQuoteIDs: a quote ID with a control or format character
// (a carriage return, ESC, a bidi override, bad UTF-8) is a bad line, at
// its line, where it would print back as something else than it is (a
// fuzzer found "0000-01-10 \r 0:0" taken as the quote ID "\r"); IDs the
// program writes, and other visible ones, read back as they are.
func TestReadHistoryQuoteIDs(t *testing.T) {
	for _, id := range []string{"\r", "q1\x1b[31m", "q\u202e1", "q\xff", "a\u2028b", "\u200b"} {
		data := HistoryHeader + "2026-11-24 q3f2a9c01b7e4 a.md:1\n2026-11-25 " + id + " b.md:2\n"
		_, _, err := ReadHistory(strings.NewReader(data), "h")
		var he *HistoryError
		if !errors.As(err, &he) || len(he.Problems) != 1 || he.Problems[0].Line != 3 || !strings.Contains(he.Problems[0].Message, "quote ID") {
			t.Errorf("quote ID %q: got %v", id, err)
		}
	}
	for _, id := range []string{"q3f2a9c01b7e4", "q3f2a9c01b7e4-2", "цитата"} {
		line := "2026-11-24 " + id + " a.md:1"
		r, err := ParseRecord(line)
		if err != nil || r.QuoteID != id || r.String() != line {
			t.Errorf("%q: read as %+v, %v", line, r, err)
		}
	}
}
