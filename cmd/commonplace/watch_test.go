package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWatch checks that a change in a nested entry, an atomic save (write
// a temporary file, rename it over the entry), a settings change and a
// layout change each give one rebuild once the tree is quiet for a poll,
// and that changes in the output folder, hidden files and files that are
// not entries give none. The polls are driven by the test: no clock, no
// sleeps.
func TestWatch(t *testing.T) {
	dir := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(dir, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a/b/entry.md", "---\ntitle: A\n---\n\n\"q\"\n")
	out := filepath.Join(dir, "site")
	os.MkdirAll(out, 0o755)
	w := newWatcher(dir, out, false)

	// expect polls three times: a change is seen, then it settles (one
	// rebuild), then nothing more.
	expect := func(what string, rebuild bool) {
		t.Helper()
		var got []bool
		for range 3 {
			got = append(got, w.poll())
		}
		want := []bool{false, rebuild, false}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("%s: polls = %v, want %v", what, got, want)
			}
		}
	}
	expect("nothing changed", false)

	write("a/b/entry.md", "---\ntitle: A changed, longer\n---\n\n\"q\"\n")
	expect("entry edited", true)

	write("a/.entry.md.swp", "editor temp")
	expect("hidden file", false)
	write("a/b/.tmp-save", "---\ntitle: saved atomically\n---\n\n\"q\"\n")
	if err := os.Rename(filepath.Join(dir, "a/b/.tmp-save"), filepath.Join(dir, "a/b/entry.md")); err != nil {
		t.Fatal(err)
	}
	expect("atomic save", true)

	write("commonplace.yaml", "title: T\n")
	expect("settings", true)

	write("layouts/pdf/a5.yaml", "page: a5\n")
	expect("layout", true)

	write("site/book.md", "output changes are ignored")
	write("notes.txt", "not an entry")
	write("_site/x.md", "skipped by the loader")
	expect("output, non-entries and _site", false)

	write("_drafts/d.md", "---\ntitle: D\n---\n")
	expect("drafts not loaded", false)
}
