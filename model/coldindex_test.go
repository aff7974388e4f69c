package model

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

// TestIndexWithoutCache: LoadOptions.Index without a Cache serves the
// collection from an index of this run only, whose file is gone from
// the temporary folder at once, with the results of a plain load.
func TestIndexWithoutCache(t *testing.T) {
	dir := cacheFixture(t)
	want, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, sortBy := range []string{"", "author", "title"} {
		got, err := Load(dir, LoadOptions{Index: true, Override: &Settings{Sort: sortBy}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Index() == nil {
			t.Fatalf("sort %q: not served from an index", sortBy)
		}
		plain, _ := Load(dir, LoadOptions{Override: &Settings{Sort: sortBy}})
		sameCollection(t, "no cache, sort "+sortBy, plain, got)
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("files left in the temporary folder: %v", left)
		}
	}
	// Where no temporary file can be written, it loads as Lazy says
	// (here: whole).
	t.Setenv("TMPDIR", filepath.Join(tmp, "missing"))
	got, err := Load(dir, LoadOptions{Index: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Index() != nil || got.IsLazy() {
		t.Errorf("no temporary folder: index %v, lazy %v; want a whole load", got.Index() != nil, got.IsLazy())
	}
	sameCollection(t, "no temporary folder", want, got)
}

// TestIndexUnwritableCache: a cache folder that cannot be written still
// gives an index of this run (a temporary file), else a load as Lazy
// says; the results are the same.
func TestIndexUnwritableCache(t *testing.T) {
	dir := cacheFixture(t)
	want, _ := Load(dir, LoadOptions{})
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, []byte("not a folder"), 0o644)
	cache := &Cache{Dir: filepath.Join(blocker, "cache"), Version: "test"}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	got, err := Load(dir, LoadOptions{Cache: cache, Index: true})
	if err != nil {
		t.Fatal(err)
	}
	if got.Index() == nil {
		t.Error("unwritable cache: not served from a temporary index")
	}
	sameCollection(t, "unwritable cache", want, got)
	t.Setenv("TMPDIR", filepath.Join(tmp, "missing"))
	for _, lazy := range []bool{true, false} {
		got, err = Load(dir, LoadOptions{Cache: cache, Index: true, Lazy: lazy})
		if err != nil {
			t.Fatal(err)
		}
		if got.Index() != nil || got.IsLazy() != lazy {
			t.Errorf("nothing writable: index %v, lazy %v; want a load as Lazy %v says", got.Index() != nil, got.IsLazy(), lazy)
		}
		sameCollection(t, "nothing writable", want, got)
	}
}

// TestIndexColdThenWarm: the run that writes the index and the runs that
// find it up to date serve the same entries, quotes and problems, and a
// stale cache (one file changed) is reused for the other files.
func TestIndexColdThenWarm(t *testing.T) {
	dir := cacheFixture(t)
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	o := LoadOptions{Cache: cache, Index: true}
	want, _ := Load(dir, LoadOptions{})
	cold, err := Load(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	parsed.Store(0)
	warm, _ := Load(dir, o)
	if n := parsed.Load(); n != 0 || warm.Index() == nil {
		t.Fatalf("warm run: %d files parsed, index %v", n, warm.Index() != nil)
	}
	sameCollection(t, "cold", want, cold)
	sameCollection(t, "warm", want, warm)
	cx, wx := cold.Index(), warm.Index()
	if cx.Entries() != wx.Entries() || cx.Quotes() != wx.Quotes() {
		t.Fatalf("cold: %d entries, %d quotes; warm: %d, %d", cx.Entries(), cx.Quotes(), wx.Entries(), wx.Quotes())
	}
	for j := 0; j < cx.Quotes(); j++ {
		if cx.Quote(j) != wx.Quote(j) {
			t.Errorf("quote %d: cold %+v, warm %+v", j, cx.Quote(j), wx.Quote(j))
		}
	}
}

// TestIndexStreamOrder: a streaming load of many files, read on several
// workers in batches that finish out of order, writes the index in path
// order: names made unique across batches (the same slug in every
// folder), problems and entries as a plain load gives them, cold, warm
// and stale.
func TestIndexStreamOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for i := 0; i < 600; i++ {
		var body string
		switch {
		case i%97 == 0:
			body = "---\ntitle: [broken\n---\n\n\"Never.\"\n" // an error
		case i%13 == 0:
			body = fmt.Sprintf("---\ntitle: Untitled %d\n---\n\nA note, no quote %d.\n", i, i) // warnings
		default:
			body = fmt.Sprintf("---\ntitle: Entry %d\nauthor: Author %d\ndate: %d-01-02\ntags: [t%d]\n---\n\n\"Quote %d.\"\n\n> Another %d.\n", i, i%7, 1900+i%50, i%5, i, i)
		}
		p := filepath.Join(dir, fmt.Sprintf("f%02d", i%20), fmt.Sprintf("same-%d.md", i/20%3))
		if i%20 == 5 {
			p = filepath.Join(dir, fmt.Sprintf("f%02d", i%20), fmt.Sprintf("n%03d", i), "same-0.md")
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	for _, sortBy := range []string{"", "author"} {
		o := LoadOptions{Override: &Settings{Sort: sortBy}}
		want, err := Load(dir, o)
		if err != nil {
			t.Fatal(err)
		}
		o.Index = true
		got, _ := Load(dir, o)
		sameCollection(t, "no cache, sort "+sortBy, want, got)
		o.Cache = cache
		for _, step := range []string{"cold", "warm"} {
			got, _ := Load(dir, o)
			if got.Index() == nil {
				t.Fatalf("%s: not served from the index", step)
			}
			sameCollection(t, step+", sort "+sortBy, want, got)
		}
	}
	p := filepath.Join(dir, "f03", "same-1.md")
	os.WriteFile(p, []byte("---\ntitle: Changed\n---\n\n\"Changed.\"\n"), 0o644)
	os.Chtimes(p, old.Add(time.Minute), old.Add(time.Minute))
	want, _ := Load(dir, LoadOptions{})
	parsed.Store(0)
	got, _ := Load(dir, LoadOptions{Cache: cache, Index: true})
	if n := parsed.Load(); n != 1 || got.Index() == nil {
		t.Errorf("stale cache: %d files parsed, index %v", n, got.Index() != nil)
	}
	sameCollection(t, "stale", want, got)
}
