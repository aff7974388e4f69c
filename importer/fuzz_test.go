package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/rogpeppe/go-internal/txtar"
)

// FuzzImport feeds any bytes to each text format's reader (Kindle,
// Readwise, KOReader JSON and Lua, Hypothes.is) and writes what it reads:
// no reader or writer may panic or hang, every problem names where it is,
// the entries written must load without errors, one per source written,
// and a second import of the same input must change nothing. The corpus
// is seeded from the import scenarios in cmd/commonplace/testdata.
func FuzzImport(f *testing.F) {
	files, _ := filepath.Glob("../cmd/commonplace/testdata/import_*.txtar")
	for _, p := range files {
		a, err := txtar.ParseFile(p)
		if err != nil {
			continue
		}
		for _, file := range a.Files {
			if !strings.HasSuffix(file.Name, ".sqlite") && len(file.Data) < 64<<10 {
				f.Add(uint8(0), file.Data)
			}
		}
	}
	f.Add(uint8(0), []byte("Book (Author)\n- Your Highlight on page 3 | Location 10-12 | Added on Monday\n\nText.\n==========\n"))
	f.Add(uint8(1), []byte("Highlight,Book Title,Book Author,Amazon Book ID,Note,Color,Tags,Location Type,Location,Highlighted at,Document tags\n\"a\",\"B\",\"C\",,,,,,,,\n"))
	f.Add(uint8(2), []byte(`{"title":"T","author":"A","entries":[{"text":"x","page":1}]}`))
	f.Add(uint8(3), []byte("return { [\"doc_props\"] = { [\"title\"] = \"T\" }, [\"annotations\"] = { [1] = { [\"text\"] = \"x\" } } }"))
	f.Add(uint8(4), []byte(`{"rows":[{"uri":"https://e.org","text":"n","target":[{"selector":[{"type":"TextQuoteSelector","exact":"x"}]}]}]}`))
	type format struct {
		file string
		read func(string) ([]*Source, []Problem, error)
	}
	formats := []format{
		{"My Clippings.txt", ReadKindle}, {"export.csv", ReadReadwise}, {"book.json", ReadKOReader},
		{"metadata.epub.lua", ReadKOReader}, {"annotations.json", ReadHypothesis},
	}
	f.Fuzz(func(t *testing.T, which uint8, data []byte) {
		fm := formats[int(which)%len(formats)]
		dir := t.TempDir()
		in := filepath.Join(dir, fm.file)
		if err := os.WriteFile(in, data, 0o600); err != nil {
			t.Fatal(err)
		}
		tm := time.AfterFunc(20*time.Second, func() {
			panic(fmt.Sprintf("%s: input not handled in 20 s: %q", fm.file, data))
		})
		defer tm.Stop()
		sources, probs, err := fm.read(in)
		for _, p := range probs {
			if !strings.HasPrefix(p.Where, fm.file) {
				t.Errorf("problem %q does not name %s", p, fm.file)
			}
		}
		if err != nil || len(sources) == 0 {
			return
		}
		out := filepath.Join(dir, "book")
		res, err := Write(out, sources, Options{})
		if err != nil {
			t.Fatalf("%s: writing what was read: %v", fm.file, err)
		}
		c, err := model.Load(out, model.LoadOptions{})
		if err != nil {
			t.Fatalf("loading what was written: %v", err)
		}
		for _, p := range c.Problems {
			if p.Severity == model.Error {
				b, _ := os.ReadFile(filepath.Join(out, p.Path))
				t.Fatalf("%s: an entry written does not load: %s\n%s", fm.file, p, b)
			}
		}
		created := 0
		for _, ch := range res.Changes {
			if ch.Created {
				created++
			}
		}
		if len(c.Entries) != created {
			t.Errorf("%s: %d entries created, %d load", fm.file, created, len(c.Entries))
		}
		again, err := Write(out, sources, Options{})
		if err != nil || len(again.Changes) != 0 {
			t.Errorf("%s: a second import changed %d entries (%v): %+v", fm.file, len(again.Changes), err, again.Changes)
		}
	})
}
