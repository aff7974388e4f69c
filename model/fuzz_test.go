package model

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/commonplace-book/commonplace/internal/panics"
)

// FuzzParseEntry feeds entry files to the parser: it must never panic
// (panics reach the fuzzer: internal/panics),
// every problem must name a line inside the file, and whatever parses
// must round-trip through JSON unchanged. The corpus is seeded from
// samples/ and testdata/.
func FuzzParseEntry(f *testing.F) {
	panics.Propagate(true) // ParseEntry's recover lets the panic through
	f.Cleanup(func() { panics.Propagate(false) })
	for _, pattern := range []string{"../samples/*.md", "../samples/*/*.md", "testdata/split/*.md"} {
		files, _ := filepath.Glob(pattern)
		for _, p := range files {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("---\ntitle: x\n---\n\n\"q\"\n"))
	f.Add([]byte("+++\ntitle = \"x\"\n+++\n\n> a  \n> b\n"))
	f.Add([]byte("---\na: &a [1]\nb: *a\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, probs := ParseEntry("fuzz.md", data)
		// lines end at LF, CRLF or a lone CR, as the parser reads them
		lines := 1
		for i, c := range data {
			if c == '\n' || c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
				lines++
			}
		}
		for _, p := range probs {
			if p.Line < 0 || p.Line > lines+1 {
				t.Errorf("problem at line %d of a %d-line file: %s", p.Line, lines, p)
			}
		}
		if e == nil {
			return
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		// Numbers are read back as written (json.Number): an unknown
		// field's 10000000000000001 is exact in the JSON, and only a
		// reader that makes every number a float64 rounds it.
		var back Entry
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&back); err != nil {
			t.Fatalf("unmarshal: %v", err)
		}
		b2, _ := json.Marshal(&back)
		if string(b) != string(b2) {
			t.Errorf("JSON round trip changed the entry:\n%s\n%s", b, b2)
		}
		if !reflect.DeepEqual(len(back.Quotes), len(e.Quotes)) {
			t.Errorf("quotes lost in JSON")
		}
	})
}
