package daily

import (
	"strings"
	"testing"
)

// FuzzReadHistory: any file either parses or is an error naming a line;
// every record parsed prints back to a line that parses to itself.
func FuzzReadHistory(f *testing.F) {
	f.Add(HistoryHeader + "2026-11-24 q1 a b.md:12\n")
	f.Add("2026-11-24 q1 a.md:1\n2026-11-2")
	f.Add("\n\n# x\n2026-02-30 q a:1\n")
	f.Add("2026-11-24 q1 \"b\\nx.md\":3\n2026-11-25 q2 \"\\x1b[31m\\u202e.md\":4\n")
	f.Fuzz(func(t *testing.T, data string) {
		recs, _, err := ReadHistory(strings.NewReader(data), "h")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "h:") {
				t.Fatalf("error without location: %v", err)
			}
			return
		}
		for _, r := range recs {
			if strings.ContainsAny(r.String(), "\n\r") {
				t.Fatalf("%+v prints as more than one line: %q", r, r.String())
			}
			back, err := ParseRecord(r.String())
			back.At = r.At
			if err != nil || back != r {
				t.Fatalf("%+v prints as %q, parses back as %+v, %v", r, r.String(), back, err)
			}
		}
	})
}

// FuzzHistoryPath: whatever an entry's file name holds, its record is one
// line that reads back to the same path.
func FuzzHistoryPath(f *testing.F) {
	for _, s := range []string{"a.md", "b\nx.md:1: error: y", "c\x1b[31m\u202e.md", `"q".md`, " a ", "a\\b", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, path string) {
		r := Record{Day: 20000, QuoteID: "q1", Path: path, Line: 3}
		s := r.String()
		if strings.ContainsAny(s, "\n\r") {
			t.Fatalf("%q prints as more than one line: %q", path, s)
		}
		recs, _, err := ReadHistory(strings.NewReader(s+"\n"), "h")
		if err != nil || len(recs) != 1 || recs[0].Path != path || recs[0].Line != 3 {
			t.Fatalf("%q prints as %q, reads back as %+v, %v", path, s, recs, err)
		}
	})
}
