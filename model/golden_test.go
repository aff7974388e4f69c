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

// TestSplitGolden parses each testdata/split/*.md and compares its quotes,
// commentary, notes and problems with the .golden JSON beside it.
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
			var msgs []string
			for _, p := range probs {
				msgs = append(msgs, p.String())
			}
			got, err := json.MarshalIndent(map[string]any{
				"type": e.Type, "quotes": e.Quotes, "commentary": e.Commentary, "notes": e.Notes, "problems": msgs,
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
