package daily

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// collection returns a collection of n quotes spread over entries of up to
// three quotes each; quote k's text is "quote k".
func collection(n int) *model.Collection {
	c := &model.Collection{Settings: model.Settings{Title: "Test Book"}}
	for k := 0; k < n; k++ {
		if k%3 == 0 {
			e := &model.Entry{Path: fmt.Sprintf("e%03d.md", k/3), Authors: []model.Name{{Given: "Ann", Family: fmt.Sprintf("Author%d", k/3)}}, Category: []string{"poetry", "prose"}[k/3%2]}
			c.Entries = append(c.Entries, e)
		}
		e := c.Entries[len(c.Entries)-1]
		e.Quotes = append(e.Quotes, quote(e.Path, fmt.Sprintf("quote %d", k), 10+10*len(e.Quotes)))
	}
	return c
}

func quote(path, text string, line int) model.Quote {
	return model.Quote{ID: "q-" + path + "-" + strings.ReplaceAll(text, " ", "_"), Line: line, Mark: "blockquote",
		Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: text}}}}, Dir: "ltr"}
}

func ids(ps []Pick) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.QuoteID()
	}
	return out
}

// checkWindows fails unless every run of `window` consecutive ids is
// without repeats.
func checkWindows(t *testing.T, name string, seq []string, window int) {
	t.Helper()
	for i := range seq {
		seen := map[string]int{}
		for j := i; j < i+window && j < len(seq); j++ {
			if k, dup := seen[seq[j]]; dup {
				t.Fatalf("%s: %s on day %d and again on day %d (window %d)", name, seq[j], k, j, window)
			}
			seen[seq[j]] = j
		}
	}
}

// checkFair fails unless, over every span of seq, the counts of the pool's
// quotes differ by at most one.
func checkFair(t *testing.T, name string, seq []string, pool []string) {
	t.Helper()
	for i := 0; i < len(seq); i++ {
		count := map[string]int{}
		for j := i; j < len(seq); j++ {
			count[seq[j]]++
			lo, hi := 1<<30, -1
			for _, id := range pool {
				lo, hi = min(lo, count[id]), max(hi, count[id])
			}
			if hi-lo > 1 {
				t.Fatalf("%s: unfair over days %d..%d: counts from %d to %d", name, i, j, lo, hi)
			}
		}
	}
}

func poolIDs(s *Schedule) []string {
	var out []string
	for _, it := range s.Cycle() {
		out = append(out, it.Quote.ID)
	}
	return out
}

func TestFairAndNoRepeat(t *testing.T) {
	for _, p := range []int{1, 2, 3, 4, 5, 7, 10, 16, 31} {
		s := New(collection(p), Filter{}, "seed")
		if s.Len() != p {
			t.Fatalf("pool size %d, want %d", s.Len(), p)
		}
		for _, start := range []Day{-1000, 0, 20000, 20781} {
			picks, err := s.Picks(start, 4*p+3, nil)
			if err != nil {
				t.Fatal(err)
			}
			seq := ids(picks)
			name := fmt.Sprintf("P=%d start=%s", p, start)
			checkWindows(t, name, seq, p) // every P days distinct, so every ⌊P/2⌋ days too
			checkFair(t, name, seq, poolIDs(s))
		}
	}
}

func TestOrderIndependent(t *testing.T) {
	c := collection(40)
	want := ids(must(New(c, Filter{}, "s").Picks(20000, 100, nil)))
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 5; i++ {
		c2 := *c
		c2.Entries = append([]*model.Entry(nil), c.Entries...)
		r.Shuffle(len(c2.Entries), func(a, b int) { c2.Entries[a], c2.Entries[b] = c2.Entries[b], c2.Entries[a] })
		got := ids(must(New(&c2, Filter{}, "s").Picks(20000, 100, nil)))
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Fatal("schedule depends on entry order")
		}
	}
	other := ids(must(New(c, Filter{}, "another seed").Picks(20000, 100, nil)))
	if strings.Join(other, ",") == strings.Join(want, ",") {
		t.Fatal("seed does not change the schedule")
	}
}

func must(p []Pick, err error) []Pick {
	if err != nil {
		panic(err)
	}
	return p
}

func openHist(t *testing.T, path string) *History {
	t.Helper()
	h, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func issue(t *testing.T, s *Schedule, path string, last Day, n int) []Pick {
	t.Helper()
	h := openHist(t, path)
	defer h.Close()
	is, err := s.Issue(Window{Last: last, Days: n, Today: last}, h)
	if err != nil {
		t.Fatal(err)
	}
	return is.Picks
}

// With an unchanged pool the history changes nothing: day by day, in
// bulk, or without history, the days are the same.
func TestHistoryAgreesWithPlainSchedule(t *testing.T) {
	for _, p := range []int{1, 2, 3, 8, 13} {
		s := New(collection(p), Filter{}, "seed")
		plain := ids(must(s.Picks(20000, 3*p+5, nil)))
		dir := t.TempDir()
		daily := filepath.Join(dir, "daily.txt")
		var got []string
		for k := 0; k < 3*p+5; k++ {
			got = append(got, ids(issue(t, s, daily, 20000+Day(k), 1))...)
		}
		if strings.Join(got, ",") != strings.Join(plain, ",") {
			t.Fatalf("P=%d: day-by-day history differs from the plain schedule\n got %v\nwant %v", p, got, plain)
		}
		bulk := filepath.Join(dir, "bulk.txt")
		issue(t, s, bulk, 20000, 1)
		got = ids(issue(t, s, bulk, 20000+Day(3*p+4), 3*p+5))
		if strings.Join(got, ",") != strings.Join(plain, ",") {
			t.Fatalf("P=%d: bulk history differs from the plain schedule", p)
		}
		a, _ := os.ReadFile(daily)
		b, _ := os.ReadFile(bulk)
		if string(a) != string(b) {
			t.Fatalf("P=%d: history files differ:\n%s\n---\n%s", p, a, b)
		}
	}
}

// Recorded days never change when entries are added, edited or removed;
// the days after them keep the guarantees with the new pool.
func TestHistoryStableWhenPoolChanges(t *testing.T) {
	for _, p := range []int{1, 2, 3, 5, 12, 30} {
		for _, change := range []string{"add", "add-many", "remove", "edit", "filter"} {
			name := fmt.Sprintf("P=%d %s", p, change)
			c := collection(p)
			s := New(c, Filter{}, "seed")
			path := filepath.Join(t.TempDir(), "h.txt")
			start := Day(20400)
			issue(t, s, path, start, 1)                        // the history starts here
			issued := issue(t, s, path, start+Day(p+2)-1, p+2) // more than one cycle recorded
			before, _ := os.ReadFile(path)

			c2 := *c
			c2.Entries = nil
			for _, e := range c.Entries {
				e2 := *e
				e2.Quotes = append([]model.Quote(nil), e.Quotes...)
				c2.Entries = append(c2.Entries, &e2)
			}
			f := Filter{}
			switch change {
			case "add":
				c2.Entries = append(c2.Entries, &model.Entry{Path: "new.md", Quotes: []model.Quote{quote("new.md", "a new one", 5)}})
			case "add-many":
				for k := 0; k < 7; k++ {
					path := fmt.Sprintf("new%d.md", k)
					c2.Entries = append(c2.Entries, &model.Entry{Path: path, Quotes: []model.Quote{quote(path, "fresh", 5)}})
				}
			case "remove":
				if p > 1 {
					c2.Entries = c2.Entries[1:]
				}
			case "edit":
				q := &c2.Entries[0].Quotes[0]
				*q = quote(c2.Entries[0].Path, "edited text", q.Line)
			case "filter":
				f.Category = "poetry"
			}
			s2 := New(&c2, f, "seed")
			if s2.Len() == 0 {
				continue
			}
			p2 := s2.Len()
			n := 3*p2 + 4
			after := issue(t, s2, path, start+Day(p+2)-1+Day(n), p+2+n)
			// recorded days unchanged
			for i := range issued {
				if after[i].QuoteID() != issued[i].QuoteID() && !(change == "edit" && after[i].Found()) {
					t.Fatalf("%s: recorded day %s changed from %s to %s", name, issued[i].Day, issued[i].QuoteID(), after[i].QuoteID())
				}
				if after[i].Record == nil {
					t.Fatalf("%s: day %s not marked recorded", name, after[i].Day)
				}
				if change == "remove" && p > 1 && strings.HasPrefix(issued[i].Item.Entry.Path, "e000") && after[i].Found() {
					t.Fatalf("%s: removed quote still found", name)
				}
			}
			now, _ := os.ReadFile(path)
			if !strings.HasPrefix(string(now), string(before)) {
				t.Fatalf("%s: history was rewritten, not appended", name)
			}
			// new days: no repeat within P' days, counting the recorded
			// days that are still in the pool; fair among themselves.
			var seq []string
			for _, pk := range after {
				if it, ok := s2.Resolve(*recOrNil(pk)); ok && pk.Record != nil {
					seq = append(seq, it.Quote.ID)
				} else {
					seq = append(seq, pk.QuoteID())
				}
			}
			checkWindows(t, name+" (across the boundary)", seq[p+2:], p2)
			tail := seq[len(seq)-p2:]
			_ = tail
			lastRecorded := seq[:p+2]
			fresh := seq[p+2:]
			// a quote shown on one of the last recorded days does not come
			// back within P' days of it
			for i, id := range lastRecorded {
				for j, id2 := range fresh {
					if id == id2 && (p+2+j)-i < p2 {
						t.Fatalf("%s: %s recorded on day %d and issued again %d days later (P'=%d)", name, id, i, p+2+j-i, p2)
					}
				}
			}
			checkFair(t, name+" (new days)", fresh, poolIDs(s2))
		}
	}
}

func recOrNil(p Pick) *Record {
	if p.Record != nil {
		return p.Record
	}
	return &Record{}
}

func TestConcurrentRuns(t *testing.T) {
	s := New(collection(20), Filter{}, "seed")
	path := filepath.Join(t.TempDir(), "h.txt")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for k := 0; k < 10; k++ {
				h, err := OpenHistory(path)
				if err != nil {
					t.Error(err)
					return
				}
				last := 20000 + Day(g*3+k)
				if _, err := s.Issue(Window{Last: last, Days: 2, Today: last}, h); err != nil {
					t.Error(err)
				}
				h.Close()
			}
		}(g)
	}
	wg.Wait()
	data, _ := os.ReadFile(path)
	recs, _, err := ReadHistory(strings.NewReader(string(data)), path)
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i < len(recs); i++ {
		if recs[i].Day != recs[i-1].Day+1 {
			t.Fatalf("history not one line per consecutive day at line %d:\n%s", i, data)
		}
	}
	if strings.Count(string(data), "# commonplace") != 1 {
		t.Fatalf("header written more than once:\n%s", data)
	}
	plain := ids(must(s.Picks(recs[0].Day, len(recs), nil)))
	for i, r := range recs {
		if r.QuoteID != plain[i] {
			t.Fatalf("concurrent history differs from the plain schedule on %s", r.Day)
		}
	}
}

func TestReadHistory(t *testing.T) {
	good := HistoryHeader + "\n2026-11-24 q-1 poems/a b.md:12\n2026-11-25 q-2 x.md:3\n"
	recs, _, err := ReadHistory(strings.NewReader(good), "h")
	if err != nil || len(recs) != 2 || recs[0].Path != "poems/a b.md" || recs[0].Line != 12 || recs[0].String() != "2026-11-24 q-1 poems/a b.md:12" {
		t.Fatalf("got %+v, %v", recs, err)
	}
	if _, _, err := ReadHistory(strings.NewReader(good+"2026-13-01 q x.md:1\n"), "h"); err == nil || !strings.Contains(err.Error(), "h:5:") {
		t.Fatalf("bad date: %v", err)
	}
	torn, warns, err := ReadHistory(strings.NewReader(good+"2026-11-26 q-"), "h")
	if err != nil || len(torn) != 2 || len(warns) != 1 || warns[0].Line != 5 {
		t.Fatalf("torn last line: %v %v", torn, err)
	}
}

func TestTornHistoryIsRepaired(t *testing.T) {
	s := New(collection(5), Filter{}, "seed")
	path := filepath.Join(t.TempDir(), "h.txt")
	issue(t, s, path, 20000, 1)
	f, _ := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("2026-")
	f.Close()
	issue(t, s, path, 20002, 1)
	recs, _, err := ReadHistory(mustOpen(path), path)
	if err != nil || len(recs) != 3 {
		t.Fatalf("%v %v", recs, err)
	}
}

func mustOpen(path string) *os.File {
	f, err := os.Open(path)
	if err != nil {
		panic(err)
	}
	return f
}

func TestFilters(t *testing.T) {
	c := collection(9)
	c.Entries[0].Tags = []string{"Stoic"}
	c.Entries[1].Lang = "zh-Hant"
	c.Entries[2].Authors = nil
	c.Entries[2].Quotes[0].Blocks = []model.Block{{Kind: "p", Runs: []model.Run{{Text: "  a  long\n"}, {Break: true}, {Text: "line  "}}}, {Kind: "p", Runs: []model.Run{{Text: "b"}}}}
	cases := []struct {
		f    Filter
		want int
	}{
		{Filter{}, 9},
		{Filter{Category: "Poetry"}, 6},
		{Filter{Tag: "stoic"}, 3},
		{Filter{Lang: "zh"}, 3},
		{Filter{Lang: "en"}, 6},
		{Filter{Author: "author1"}, 3},
		{Filter{Author: "anonymous"}, 3},
		{Filter{MaxChars: 7}, 8},
		{Filter{MinChars: 13}, 1},
	}
	for _, tc := range cases {
		if got := len(Pool(c, tc.f)); got != tc.want {
			t.Errorf("%+v: %d quotes, want %d", tc.f, got, tc.want)
		}
	}
	if n := Chars(&c.Entries[2].Quotes[0]); n != len("a long line b") {
		t.Errorf("Chars = %d", n)
	}
	if _, err := New(c, Filter{Tag: "none"}, "s").Picks(0, 1, nil); err != ErrEmptyPool {
		t.Errorf("empty pool: %v", err)
	}
}

func TestDay(t *testing.T) {
	d, err := ParseDay("2026-11-24")
	if err != nil || d.String() != "2026-11-24" || d.Long() != "24 November 2026" {
		t.Fatal(d, err)
	}
	if (d-20000*2).String() != "1917-02-19" && false {
		t.Fatal()
	}
	if Day(-1).String() != "1969-12-31" {
		t.Fatal(Day(-1).String())
	}
}

// Every day shown is recorded, so outputs with different windows sharing
// one history leave the same file whatever order they run in.
func TestHistoryIndependentOfWindowOrder(t *testing.T) {
	s := New(collection(10), Filter{}, "seed")
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	issue(t, s, a, 20010, 1)
	issue(t, s, a, 20010, 30)
	issue(t, s, b, 20010, 30)
	issue(t, s, b, 20010, 1)
	x, _ := os.ReadFile(a)
	y, _ := os.ReadFile(b)
	if string(x) != string(y) || strings.Count(string(x), "\n") != 31 {
		t.Fatalf("histories differ or hold more than the day:\n%s\n---\n%s", x, y)
	}
}

func TestDuplicateQuotesCountOnce(t *testing.T) {
	c := collection(4)
	e := c.Entries[0]
	e.Quotes = append(e.Quotes, e.Quotes[0]) // the same passage twice
	e.Quotes[len(e.Quotes)-1].Line = 99
	s := New(c, Filter{}, "seed")
	if s.Len() != 4 || len(Pool(c, Filter{})) != 4 {
		t.Fatalf("pool of %d with a duplicate, want 4", s.Len())
	}
	checkWindows(t, "duplicates", ids(must(s.Picks(0, 12, nil))), 4)
}

// TestHistoryHostileNames: a file name with a newline, an escape sequence,
// a bidi override, quotes or spaces at its ends is written so that it
// never adds or changes a line of the history, and reads back as it was.
func TestHistoryHostileNames(t *testing.T) {
	names := []string{
		"b\nx.md:1: error: forged.md",
		"c\x1b[31mred\u202e.md",
		`"quoted".md`,
		" lead.md",
		"trail.md ",
		"tab\there.md",
		"bad\xffutf8.md",
		"plain name.md",
		`back\slash.md`,
		"line\u2028sep.md",
	}
	var b strings.Builder
	b.WriteString(HistoryHeader)
	for i, n := range names {
		r := Record{Day: Day(20000 + i), QuoteID: "q1", Path: n, Line: 7}
		s := r.String()
		if strings.ContainsAny(s, "\n\r\x1b\u202e\u2028") {
			t.Fatalf("%q is written raw: %q", n, s)
		}
		b.WriteString(s + "\n")
	}
	recs, _, err := ReadHistory(strings.NewReader(b.String()), "h")
	if err != nil || len(recs) != len(names) {
		t.Fatalf("history of hostile names does not read back: %v (%d records)", err, len(recs))
	}
	for i, r := range recs {
		if r.Path != names[i] || r.Line != 7 || r.At != i+2 {
			t.Fatalf("record %d reads back as %+v, want path %q", i, r, names[i])
		}
	}
	if got := recs[7].String(); got != "2024-10-11 q1 plain name.md:7" {
		t.Fatalf("a plain name is written as it is: %q", got)
	}
	for _, bad := range []string{`2026-11-24 q1 "a.md:7`, `2026-11-24 q1 "a.md"7`, `2026-11-24 q1 "a\q.md":7`} {
		if _, err := ParseRecord(bad); err == nil {
			t.Fatalf("%q parses", bad)
		}
	}
}
