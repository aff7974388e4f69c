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
