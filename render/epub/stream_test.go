package epub

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
)

// encodeWarn renders c and returns the book and its warnings.
func encodeWarn(t *testing.T, c *model.Collection, o Options) ([]byte, []string) {
	t.Helper()
	var warns []string
	o.Warn = func(p model.Problem) { warns = append(warns, p.String()) }
	var buf bytes.Buffer
	if err := Encode(&buf, c, &o); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), warns
}

// TestSameFromTheIndex renders a collection loaded whole (no cache),
// lazily (the bodies read one entry at a time) and from the cache's quote
// index (nothing but the index is held),
// grouped and sorted every way (and from a cold cache, which loads as
// the cache's own code decides), and checks that the books and their
// warnings are the same bytes. The collection spans several windows of
// entries and documents, and has an entry with errors (left out), an
// entry in another language, two entries citing one source, and two entries whose
// anchors collide (the second is written again with a free one). Then an
// entry file changes after the cache was written: it is read again, and
// the book is the one the changed collection gives without a cache.
func TestSameFromTheIndex(t *testing.T) {
	dir := t.TempDir()
	if err := corpus.Generate(dir, 2*entryWindow+30, 5); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, dir, map[string]string{
		"broken.md":  "---\ntitle: [unclosed\n---\n\n> Never shown.\n",
		"badlang.md": "---\ntitle: Bad Tag\nauthor: Zed Zedson\nlang: \"not a tag!\"\ndate: 1901\n---\n\n> A passage.\n",
		"greek.md":   "---\ntitle: Ἰλιάς\nauthor: Ὅμηρος\nlang: grc\ndate: 1904\n---\n\n> μῆνιν ἄειδε θεὰ Πηληϊάδεω Ἀχιλῆος\n",
		// IDs e-foo-2 (foo.md, after foo.markdown took e-foo) and
		// e-foo-2 (foo-2.md): the same anchor
		"foo.md":       "---\ntitle: Foo\nauthor: Ann Alpha\ndate: 1902\n---\n\n> First of two.[^1]\n\n[^1]: A note.\n",
		"foo.markdown": "---\ntitle: Foo Again\nauthor: Ann Alpha\ndate: 1903\n---\n\n> Second of two.\n",
		"foo-2.md":     "---\ntitle: Foo Two\nauthor: Ann Alpha\ndate: 1904\n---\n\n> Third.[^1]\n\n[^1]: Another note.\n",
		"notes.md":     "---\ntitle: Notes\nauthor: Bo Beta\n---\n\n\"A passage with a note.[^1]\"\n\n[^1]: The note.\n",
		"same-src.md":  "---\ntitle: Notes\nauthor: Bo Beta\ndate: 1700\n---\n\n> The same source as notes.md, cited first.\n",
	})
	base, err := os.ReadFile(filepath.Join(dir, "commonplace.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	base = append(base, "epub:\n  cover: missing.png\n"...)
	// Files written in the last two seconds are taken as changed: these
	// were written an hour ago.
	past := time.Now().Add(-time.Hour)
	filepath.Walk(dir, func(p string, _ os.FileInfo, err error) error {
		if err == nil {
			err = os.Chtimes(p, past, past)
		}
		return err
	})
	cacheDir := t.TempDir()
	cache := &model.Cache{Dir: cacheDir, Version: "test"}
	o := Options{Now: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), MaxDocBytes: 48 << 10}
	check := func(name string) []byte {
		t.Helper()
		whole, err := model.Load(dir, model.LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want, wantWarns := encodeWarn(t, whole, o)
		if len(wantWarns) == 0 {
			t.Errorf("%s: no warning about the missing cover", name)
		}
		loads := []struct {
			how  string
			opts model.LoadOptions
		}{
			{"lazily", model.LoadOptions{Cache: cache, Lazy: true}},
			{"from a cold cache", model.LoadOptions{Cache: cache, Lazy: true, Index: true}},
			{"from the index", model.LoadOptions{Cache: cache, Lazy: true, Index: true}},
		}
		os.RemoveAll(cacheDir)
		for _, l := range loads {
			c, err := model.Load(dir, l.opts)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case l.how == "lazily" && (!c.IsLazy() || c.Index() != nil):
				t.Fatalf("%s: not loaded lazily", name)
			case l.how == "from the index" && c.Index() == nil:
				t.Fatalf("%s: not loaded from the index", name)
			}
			got, warns := encodeWarn(t, c, o)
			if !bytes.Equal(got, want) {
				t.Errorf("%s: the book loaded %s differs from the book loaded whole", name, l.how)
			}
			if fmt.Sprint(warns) != fmt.Sprint(wantWarns) {
				t.Errorf("%s: loaded %s, warnings\n%q\nwant\n%q", name, l.how, warns, wantWarns)
			}
		}
		return want
	}
	for _, group := range []string{"category", "author", "year", "none"} {
		for _, sort := range []string{"date", "author", "title"} {
			name := group + "/" + sort
			settings := string(base) + "group: " + group + "\nsort: " + sort + "\n"
			if err := os.WriteFile(filepath.Join(dir, "commonplace.yaml"), []byte(settings), 0o644); err != nil {
				t.Fatal(err)
			}
			os.Chtimes(filepath.Join(dir, "commonplace.yaml"), past, past)
			book := check(name)
			if group == "category" && sort == "date" {
				files, _ := unzip(t, book)
				all := ""
				for _, data := range files {
					all += string(data)
				}
				for _, want := range []string{`id="e-foo"`, `id="e-foo-2"`, `id="e-foo-2-2"`, `href="#e-foo-2-2-n1"`, "Bad Tag", "The same source as notes.md"} {
					if !strings.Contains(all, want) {
						t.Errorf("the book lacks %s", want)
					}
				}
				if strings.Contains(all, "Never shown") {
					t.Error("the entry with errors is in the book")
				}
			}
		}
	}

	// An entry changed since the cache was written is read again.
	p := filepath.Join(dir, "foo.md")
	if err := os.WriteFile(p, []byte("---\ntitle: Foo, Revised\nauthor: Ann Alpha\ndate: 1902\n---\n\n> First of two, rewritten.\n\n> And a new passage.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	later := past.Add(time.Minute)
	if err := os.Chtimes(p, later, later); err != nil {
		t.Fatal(err)
	}
	c, err := model.Load(dir, model.LoadOptions{Cache: cache, Lazy: true, Index: true})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := encodeWarn(t, c, o)
	whole, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := encodeWarn(t, whole, o)
	if !bytes.Equal(got, want) {
		t.Error("after an entry changed, the book from the cache differs from the book loaded whole")
	}
	files, _ := unzip(t, got)
	all := ""
	for _, data := range files {
		all += string(data)
	}
	if !strings.Contains(all, "And a new passage") || strings.Contains(all, "First of two.<") || !strings.Contains(all, "Foo, Revised") {
		t.Error("the changed entry was not read again")
	}
	c, err = model.Load(dir, model.LoadOptions{Cache: cache, Lazy: true, Index: true})
	if err != nil {
		t.Fatal(err)
	}
	if c.Index() == nil {
		t.Fatal("the rewritten cache's index is not used")
	}
	if got, _ := encodeWarn(t, c, o); !bytes.Equal(got, want) {
		t.Error("from the rewritten index, the book differs from the book loaded whole")
	}
}

// TestDeflatedInTheirShell checks that the content documents, deflated as
// they are written in the shell go-epub is expected to give them, are
// taken as they are (go-epub gave every one that shell), and that when
// the shell expected is wrong the documents are made again in the shell
// go-epub gave: the same book either way.
func TestDeflatedInTheirShell(t *testing.T) {
	c, err := corpus.Collection(entryWindow+20, 7)
	if err != nil {
		t.Fatal(err)
	}
	c.Settings.Title = `A "Title" with <marks> & an apostrophe's` + "\ttab"
	o := Options{Now: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), MaxDocBytes: 32 << 10}
	before := reshelled.Load()
	want, _ := encodeWarn(t, c, o)
	if n := reshelled.Load() - before; n != 0 {
		t.Errorf("%d documents had another shell than the one expected", n)
	}
	probed = func(sh *docShell) { sh.after += " " }
	defer func() { probed = nil }()
	before = reshelled.Load()
	got, _ := encodeWarn(t, c, o)
	if reshelled.Load() == before {
		t.Error("no document was made again in go-epub's shell")
	}
	if !bytes.Equal(got, want) {
		t.Error("the book made again in go-epub's shells differs")
	}
}
