package model

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMain registers -update (rewrite golden files) unless another test
// file of the package already did.
func TestMain(m *testing.M) {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
	os.Exit(m.Run())
}

func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// TestSplitGolden parses each testdata/split/*.md and compares its body
// (quotes and commentary in file order), quotes, notes and problems with
// the .golden JSON beside it. It also checks that Commentary holds the
// body's commentary blocks and that every quote is in the body once.
func TestSplitGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/split/*.md")
	if len(files) == 0 {
		t.Fatal("no testdata/split/*.md")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			e, probs := ParseEntry(filepath.Base(f), src)
			if e == nil {
				t.Fatalf("rejected: %v", probs)
			}
			checkBody(t, e)
			var msgs []string
			for _, p := range probs {
				msgs = append(msgs, p.String())
			}
			got, err := json.MarshalIndent(map[string]any{
				"type": e.Type, "body": e.Body, "quotes": e.Quotes, "notes": e.Notes, "problems": msgs,
			}, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := strings.TrimSuffix(f, ".md") + ".golden"
			if updating() {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; run go test -update and review the diff.\ngot:\n%s", f, got)
			}
		})
	}
}

// checkBody checks that e.Body refers to every quote once, in order, and
// that e.Commentary is the blocks of its commentary parts.
func checkBody(t *testing.T, e *Entry) {
	t.Helper()
	var comm []Block
	next := 0
	for _, p := range e.Body {
		switch p.Kind {
		case PartQuote:
			if p.Quote != next || p.QuoteID != e.Quotes[p.Quote].ID || p.Line != e.Quotes[p.Quote].Line {
				t.Errorf("body part %+v: want quote %d (%s, line %d)", p, next, e.Quotes[next].ID, e.Quotes[next].Line)
			}
			next++
		case PartCommentary:
			if len(p.Blocks) == 0 {
				t.Errorf("empty commentary part at line %d", p.Line)
			}
			comm = append(comm, p.Blocks...)
		default:
			t.Errorf("body part of kind %q", p.Kind)
		}
	}
	if next != len(e.Quotes) {
		t.Errorf("body refers to %d quotes, entry has %d", next, len(e.Quotes))
	}
	a, _ := json.Marshal(comm)
	b, _ := json.Marshal(e.Commentary)
	if len(comm) == 0 && len(e.Commentary) == 0 {
		return
	}
	if !bytes.Equal(a, b) {
		t.Errorf("Commentary differs from the body's commentary:\n%s\n%s", b, a)
	}
}
