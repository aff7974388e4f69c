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
	f.Fuzz(func(t *testing.T, data string) {
		recs, _, err := ReadHistory(strings.NewReader(data), "h")
		if err != nil {
			if !strings.HasPrefix(err.Error(), "h:") {
				t.Fatalf("error without location: %v", err)
			}
			return
		}
		for _, r := range recs {
			back, err := ParseRecord(r.String())
			back.At = r.At
			if err != nil || back != r {
				t.Fatalf("%+v prints as %q, parses back as %+v, %v", r, r.String(), back, err)
			}
		}
	})
}
