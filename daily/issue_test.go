package daily

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

func issueW(t *testing.T, s *Schedule, path string, w Window) (*Issued, error) {
	t.Helper()
	h, err := OpenHistory(path)
	if err != nil {
		return nil, err
	}
	defer h.Close()
	return s.Issue(w, h)
}

// Every day of a 30-day window up to today is recorded on first showing,
// so adding or removing entries changes none of the days already shown.
func TestWindowStableWhenEntriesChange(t *testing.T) {
	c := collection(40)
	path := filepath.Join(t.TempDir(), "h.txt")
	today := Day(20500)
	w := Window{Last: today, Days: 30, Today: today}
	first, err := issueW(t, New(c, Filter{}, "seed"), path, w)
	if err != nil {
		t.Fatal(err)
	}
	if first.Recorded != 30 {
		t.Fatalf("recorded %d days of a 30-day window, want 30", first.Recorded)
	}
	// add entries
	c2 := *c
	c2.Entries = append([]*model.Entry(nil), c.Entries...)
	for _, p := range []string{"new1.md", "new2.md", "new3.md"} {
		c2.Entries = append(c2.Entries, &model.Entry{Path: p, Quotes: []model.Quote{quote(p, "fresh "+p, 5)}})
	}
	// remove one entry
	removed := c2.Entries[4]
	c2.Entries = append(c2.Entries[:4], c2.Entries[5:]...)
	again, err := issueW(t, New(&c2, Filter{}, "seed"), path, w)
	if err != nil {
		t.Fatal(err)
	}
	if again.Recorded != 0 {
		t.Fatalf("a second run recorded %d days", again.Recorded)
	}
	for i := range first.Picks {
		a, b := first.Picks[i], again.Picks[i]
		if a.QuoteID() != b.QuoteID() {
			t.Fatalf("day %s changed from %s to %s", a.Day, a.QuoteID(), b.QuoteID())
		}
		if !b.Found() && a.Item.Entry != removed {
			t.Fatalf("day %s lost its quote", a.Day)
		}
	}
	// the next day continues with the new pool
	next, err := issueW(t, New(&c2, Filter{}, "seed"), path, Window{Last: today + 1, Days: 31, Today: today + 1})
	if err != nil || next.Recorded != 1 {
		t.Fatalf("next day: %v, recorded %d", err, next.Recorded)
	}
}

// Days after today are shown but never recorded: a preview writes nothing
// and creates no file.
func TestPreviewNeverWrites(t *testing.T) {
	s := New(collection(10), Filter{}, "seed")
	dir := t.TempDir()
	path := filepath.Join(dir, "h.txt")
	is, err := issueW(t, s, path, Window{Last: 30000, Days: 30, Today: 20000})
	if err != nil || len(is.Picks) != 30 || is.Recorded != 0 {
		t.Fatalf("preview: %v, %d picks, recorded %d", err, len(is.Picks), is.Recorded)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("a preview created the history: %v", err)
	}
	if _, err := issueW(t, s, path, Window{Last: 20000, Days: 1, Today: 20000}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	if _, err := issueW(t, s, path, Window{Last: 2932896, Days: 1, Today: 20000}); err != nil { // 9999-12-31
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatalf("a preview changed the history:\n%s", after)
	}
	// a window across today records up to today only
	is, err = issueW(t, s, path, Window{Last: 20010, Days: 20, Today: 20003})
	if err != nil {
		t.Fatal(err)
	}
	recs, _, _ := ReadHistory(mustOpen(path), path)
	if recs[0].Day != 19991 || recs[len(recs)-1].Day != 20003 || len(recs) != 13 || is.Recorded != 12 {
		t.Fatalf("history %s..%s (%d days), recorded %d", recs[0].Day, recs[len(recs)-1].Day, len(recs), is.Recorded)
	}
}

func TestAtMost366NewDays(t *testing.T) {
	s := New(collection(10), Filter{}, "seed")
	path := filepath.Join(t.TempDir(), "h.txt")
	if _, err := issueW(t, s, path, Window{Last: 20000, Days: 1, Today: 20000}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)
	_, err := issueW(t, s, path, Window{Last: 20367, Days: 1, Today: 20367})
	if !errors.Is(err, ErrTooManyDays) || !strings.Contains(err.Error(), "367 new days") {
		t.Fatalf("367 new days: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Fatal("a refused run wrote the history")
	}
	if _, err := issueW(t, s, path, Window{Last: 20366, Days: 1, Today: 20366}); err != nil {
		t.Fatalf("366 new days: %v", err)
	}
	is, err := issueW(t, s, path, Window{Last: 21000, Days: 1, Today: 21000, Force: true})
	if err != nil || is.Recorded != 634 {
		t.Fatalf("forced: %v, recorded %d", err, is.Recorded)
	}
}

func TestCorruptHistory(t *testing.T) {
	s := New(collection(3), Filter{}, "seed")
	for _, tc := range []struct{ name, body, want string }{
		{"gap", "2026-11-01 a x.md:1\n2026-11-03 b x.md:2\n", "h.txt:3: gap: day 2026-11-02 is missing"},
		{"gap of days", "2026-11-01 a x.md:1\n2026-11-05 b x.md:2\n", "h.txt:3: gap: days 2026-11-02 to 2026-11-04 are missing"},
		{"duplicate", "2026-11-01 a x.md:1\n2026-11-01 b x.md:2\n", "h.txt:3: day 2026-11-01 recorded twice (first on line 2)"},
		{"order", "2026-11-02 a x.md:1\n2026-11-01 b x.md:2\n", "h.txt:3: day 2026-11-01 out of order"},
		{"bad line", "2026-11-01 a x.md:1\nnonsense\n2026-11-02 a x.md:1\n", "h.txt:3: want DATE QUOTE-ID"},
	} {
		path := filepath.Join(t.TempDir(), "h.txt")
		body := HistoryHeader + tc.body
		os.WriteFile(path, []byte(body), 0o644)
		_, err := issueW(t, s, path, Window{Last: 20400, Days: 3, Today: 20400})
		var he *HistoryError
		if !errors.As(err, &he) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", tc.name, err)
		}
		if got, _ := os.ReadFile(path); string(got) != body {
			t.Errorf("%s: history written", tc.name)
		}
	}
	// several problems: all reported at once
	_, _, err := ReadHistory(strings.NewReader("2026-11-01 a x.md:1\n2026-11-03 a x.md:1\nbad\n2026-11-03 a x.md:1\n"), "h")
	var he *HistoryError
	if !errors.As(err, &he) || len(he.Problems) != 3 {
		t.Fatalf("want 3 problems, got %v", err)
	}
	// a torn last line and an unknown quote are warnings naming their line
	path := filepath.Join(t.TempDir(), "h.txt")
	os.WriteFile(path, []byte(HistoryHeader+"1970-01-01 gone x.md:1\n1970-01-02 go"), 0o644)
	is, err := issueW(t, s, path, Window{Last: 2, Days: 3, Today: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(is.Warnings) != 2 || is.Warnings[0].Line != 3 || !strings.Contains(is.Warnings[0].Message, "torn") ||
		is.Warnings[1].Line != 2 || !strings.Contains(is.Warnings[1].Message, "no longer in the collection") {
		t.Fatalf("warnings: %v", is.Warnings)
	}
	recs, _, err := ReadHistory(mustOpen(path), path)
	if err != nil || len(recs) != 3 {
		t.Fatalf("repaired history: %v %v", recs, err)
	}
}
