package build

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/feed"
)

// quotesCollection returns a collection of n one-quote entries.
func quotesCollection(n int) *model.Collection {
	c := &model.Collection{Settings: model.Settings{Title: "Crash"}}
	for i := 0; i < n; i++ {
		path := fmt.Sprintf("e%02d.md", i)
		c.Entries = append(c.Entries, &model.Entry{Path: path, Title: fmt.Sprintf("Entry %d", i),
			Authors: []model.Name{{Given: "Ann", Family: "Author"}},
			Quotes: []model.Quote{{ID: fmt.Sprintf("q%02d", i), Line: 5, Blocks: []model.Block{{Kind: "p",
				Runs: []model.Run{{Text: fmt.Sprintf("Quote number %d, %s", i, strings.Repeat("and more words ", i))}}}}}}})
	}
	return c
}

// A process killed between the renames of fortune's two files leaves a
// pair that the next run repairs; afterwards fortune reads every record.
func TestFortunePairSurvivesCrash(t *testing.T) {
	if dir := os.Getenv("COMMONPLACE_CRASH_DIR"); dir != "" {
		// the child: killed right after the first rename
		betweenRenames = func(string) { os.Exit(7) }
		writeOutput(dir, "quotes", true, false, feed.Fortune{}, quotesCollection(9), render.Options{})
		t.Fatal("not killed")
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "quotes")
	if res := writeOutput(dir, "quotes", true, false, feed.Fortune{}, quotesCollection(3), render.Options{}); res.Err != nil {
		t.Fatal(res.Err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestFortunePairSurvivesCrash$")
	cmd.Env = append(os.Environ(), "COMMONPLACE_CRASH_DIR="+dir)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 7 {
		t.Fatalf("the child was not killed between the renames: %v\n%s", err, out)
	}
	// killed between the renames: one file is new, the other old
	text, _ := os.ReadFile(db)
	dat, _ := os.ReadFile(db + ".dat")
	if consistent(t, text, dat) {
		t.Fatal("the pair is consistent after the kill: the hook did not run between the renames")
	}
	// the next run repairs the pair
	if res := writeOutput(dir, "quotes", true, false, feed.Fortune{}, quotesCollection(9), render.Options{}); res.Err != nil {
		t.Fatal(res.Err)
	}
	text, _ = os.ReadFile(db)
	dat, _ = os.ReadFile(db + ".dat")
	if !consistent(t, text, dat) || strings.Count(string(text), "\n%\n") != 9 {
		t.Fatalf("the next run left an inconsistent pair:\n%s", text)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".quotes*"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
	fortune := "/usr/games/fortune"
	if _, err := os.Stat(fortune); err != nil {
		t.Skip("fortune not installed (apt-get install fortune-mod)")
	}
	for i := 0; i < 9; i++ {
		// fortune -m prints the matching records (and exits 1 even then)
		out, _ := exec.Command(fortune, "-m", fmt.Sprintf("Quote number %d,", i), db).Output()
		want := fmt.Sprintf("Quote number %d,", i)
		if !strings.HasPrefix(string(out), want) || !strings.Contains(string(out), "-- Ann Author") {
			t.Fatalf("fortune read record %d as:\n%s", i, out)
		}
	}
}

// consistent reports whether dat is the strfile index of text.
func consistent(t *testing.T, text, dat []byte) bool {
	t.Helper()
	var want bytes.Buffer
	if err := feed.WriteDat(&want, text); err != nil {
		t.Fatal(err)
	}
	return bytes.Equal(want.Bytes(), dat)
}
