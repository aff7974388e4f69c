package main

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"
)

// TestWatch checks that a change in a nested entry, an atomic save (write
// a temporary file, rename it over the entry) and a layout change each
// give one rebuild, and that changes in the output folder give none.
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
	out := filepath.Join(dir, "out")
	os.MkdirAll(out, 0o755)

	var rebuilds atomic.Int32
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go watch(ctx, dir, out, 20*time.Millisecond, func() { rebuilds.Add(1) })
	wait := func(want int32) {
		t.Helper()
		deadline := time.Now().Add(3 * time.Second)
		for rebuilds.Load() < want && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond) // no extra rebuilds after settling
		if got := rebuilds.Load(); got != want {
			t.Fatalf("rebuilds = %d, want %d", got, want)
		}
	}
	time.Sleep(300 * time.Millisecond) // let the watcher take its first snapshot

	write("a/b/entry.md", "---\ntitle: A changed\n---\n\n\"q\"\n")
	wait(1)

	write("a/.entry.md.swp", "editor temp")
	write("a/b/.tmp-save", "---\ntitle: saved atomically\n---\n\n\"q\"\n")
	os.Rename(filepath.Join(dir, "a/b/.tmp-save"), filepath.Join(dir, "a/b/entry.md"))
	wait(2)

	write("layouts/pdf/a5.yaml", "page: a5\n")
	wait(3)

	write("out/book.pdf", "output changes are ignored")
	write("notes.txt", "not an entry")
	wait(3)
}
