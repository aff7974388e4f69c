package feed

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestFortuneParallel: the fortune database, formatted on every core a
// window of entries at a time, is the same bytes on 1 and 4 cores and
// from a collection loaded whole, lazily or from the cache's index; an
// entry that cannot be read stops it with the first such entry's error,
// in the file's order, whatever the scheduling.
func TestFortuneParallel(t *testing.T) {
	dir := t.TempDir()
	n := 2*fortuneWindow + 100 // three windows
	if err := corpus.Generate(dir, n, 7); err != nil {
		t.Fatal(err)
	}
	var want []byte
	rendertest.EachLoad(t, dir, func(procs int, how string, c *model.Collection) {
		if (how == "index") != (c.Index() != nil) {
			t.Fatalf("%s: loaded from the index: %v", how, c.Index() != nil)
		}
		var b bytes.Buffer
		if err := EncodeFortune(&b, c, opts(c, 1)); err != nil {
			t.Fatalf("%d cores, %s: %v", procs, how, err)
		}
		if want == nil {
			want = serialFortune(t, c)
			if recs := len(fortuneRecords(string(want))); recs < n {
				t.Fatalf("%d records for %d entries", recs, n)
			}
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%d cores, %s: the database differs from the quotes' records one by one", procs, how)
		}
	})

	// Two entries changed after a lazy load read them, in the second
	// window: the error names the first in path order.
	c, err := model.Load(dir, model.LoadOptions{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range c.Entries {
		paths = append(paths, e.Path)
	}
	sort.Strings(paths)
	first, second := paths[fortuneWindow+3], paths[fortuneWindow+300]
	for _, p := range []string{second, first} {
		f := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.WriteFile(f, []byte("---\ntitle: Changed\n---\n\n\"Changed.\"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		err := EncodeFortune(&bytes.Buffer{}, c, opts(c, 1))
		if err == nil || !strings.Contains(err.Error(), first) {
			t.Fatalf("error %v, want one naming %s", err, first)
		}
	}
}

// serialFortune returns the fortune database of the whole collection c
// made one record at a time, in path and line order.
func serialFortune(t *testing.T, c *model.Collection) []byte {
	s, err := newSetup(c, opts(c, 1))
	if err != nil {
		t.Fatal(err)
	}
	pool := daily.Pool(c, s.cfg.Filter)
	sort.SliceStable(pool, func(i, j int) bool {
		if pool[i].Entry.Path != pool[j].Entry.Path {
			return pool[i].Entry.Path < pool[j].Entry.Path
		}
		return pool[i].Quote.Line < pool[j].Quote.Line
	})
	width := s.width
	if width <= 0 || width > FortuneWidth {
		width = FortuneWidth
	}
	var b []byte
	for _, it := range pool {
		if b, err = appendFortuneRecords(b, []daily.Item{it}, width, s.style); err != nil {
			t.Fatal(err)
		}
	}
	return b
}
