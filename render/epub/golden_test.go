package epub

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestGolden compares the text files of the fixture's book (package
// document, navigation, NCX, content documents) with testdata/golden/.
// Run with -update to rewrite them after an intended change, and read
// the diff.
func TestGolden(t *testing.T) {
	book := encode(t, fixture(), &Options{Now: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)})
	files, _ := unzip(t, book)
	dir := filepath.Join("testdata", "golden")
	var names []string
	for name := range files {
		if strings.HasSuffix(name, ".xhtml") || strings.HasSuffix(name, ".opf") || strings.HasSuffix(name, ".ncx") || strings.HasSuffix(name, ".svg") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if *update {
		os.RemoveAll(dir)
		for _, name := range names {
			p := filepath.Join(dir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(files[name]), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		return
	}
	for _, name := range names {
		want, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%s: %v (run go test -run TestGolden -update)", name, err)
			continue
		}
		if string(want) != files[name] {
			t.Errorf("%s differs from testdata/golden (run go test -run TestGolden -update and read the diff)", name)
		}
	}
}
