package build

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestWriteEntriesJSON: the entries written a window at a time on every
// core are the bytes of encoding Entries whole, on 1 and 4 cores, for a
// collection loaded whole, lazily or from the cache's index; an entry
// that cannot be read stops it with the first such entry's error, in
// order, whatever the scheduling.
func TestWriteEntriesJSON(t *testing.T) {
	var style string
	checkEntryWriter(t, func(whole *model.Collection) []byte {
		style = whole.Settings.Defaults().Style
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(Entries(whole, style)); err != nil {
			t.Fatal(err)
		}
		return want.Bytes()
	}, func(w io.Writer, c *model.Collection) error { return WriteEntriesJSON(w, c, style) }, "[]\n")
}

// TestWriteEntriesText: the list of entries written on every core, a
// window at a time, is the bytes of every entry formatted one by one, the
// same ways.
func TestWriteEntriesText(t *testing.T) {
	checkEntryWriter(t, func(whole *model.Collection) []byte {
		var want bytes.Buffer
		for _, e := range whole.Entries {
			entryText(&want, e)
		}
		if !strings.HasPrefix(want.String(), whole.Entries[0].Path+"\t") || strings.Count(want.String(), "\n  q") < len(whole.Entries) {
			t.Fatalf("the list does not start with the first entry's path, or lists too few quotes:\n%.300s", want.String())
		}
		return want.Bytes()
	}, WriteEntriesText, "")
}

// checkEntryWriter checks a writer of every entry against want (what it
// writes for the entries of a collection loaded whole) over three windows
// of generated entries, on 1 and 4 cores, from whole, lazy and index
// loads; what it writes for no entries (none); and that it stops with the
// error of the first entry, in order, that cannot be read.
func checkEntryWriter(t *testing.T, want func(whole *model.Collection) []byte, write func(io.Writer, *model.Collection) error, none string) {
	t.Helper()
	dir := t.TempDir()
	if err := corpus.Generate(dir, 2*jsonWindow+50, 3); err != nil {
		t.Fatal(err)
	}
	whole, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	wantBytes := want(whole)
	rendertest.EachLoad(t, dir, func(procs int, how string, c *model.Collection) {
		var got bytes.Buffer
		if err := write(&got, c); err != nil {
			t.Fatalf("%d cores, %s: %v", procs, how, err)
		}
		if !bytes.Equal(got.Bytes(), wantBytes) {
			t.Errorf("%d cores, %s: not the bytes of the entries written whole", procs, how)
		}
	})
	var empty bytes.Buffer
	if err := write(&empty, &model.Collection{}); err != nil || empty.String() != none {
		t.Errorf("no entries: %q (%v), want %q", empty.String(), err, none)
	}
	// Two entries of one window changed after a lazy load read them.
	c, err := model.Load(dir, model.LoadOptions{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	first, second := c.Entries[jsonWindow+2].Path, c.Entries[jsonWindow+200].Path
	for _, p := range []string{second, first} {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(p)), []byte("---\ntitle: Changed\n---\n\n\"Changed.\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		err := write(&bytes.Buffer{}, c)
		if err == nil || !strings.Contains(err.Error(), first) {
			t.Fatalf("error %v, want one naming %s", err, first)
		}
	}
}
