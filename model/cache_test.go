package model

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestCodecCoversEveryField fails when a model type gains a field the
// cache codec does not write (add it to codec.go and codecFields).
func TestCodecCoversEveryField(t *testing.T) {
	types := map[string]reflect.Type{
		"Entry": reflect.TypeOf(Entry{}), "Quote": reflect.TypeOf(Quote{}), "Part": reflect.TypeOf(Part{}),
		"Block": reflect.TypeOf(Block{}), "Run": reflect.TypeOf(Run{}), "Note": reflect.TypeOf(Note{}),
		"Name": reflect.TypeOf(Name{}), "Date": reflect.TypeOf(Date{}), "Problem": reflect.TypeOf(Problem{}),
	}
	for name, typ := range types {
		var got []string
		for i := 0; i < typ.NumField(); i++ {
			got = append(got, typ.Field(i).Name)
		}
		if !reflect.DeepEqual(got, codecFields[name]) {
			t.Errorf("%s has fields %v, the cache codec writes %v: update codec.go", name, got, codecFields[name])
		}
	}
}

// copyTree copies the collection in src to a new folder, every file
// dated an hour ago (files modified in the last seconds are not cached).
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return err
		}
		return os.Chtimes(target, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// cacheFixture is the samples plus files with problems of every kind.
func cacheFixture(t *testing.T) string {
	dir := copyTree(t, "../samples")
	extra := map[string]string{
		"bad-yaml.md":      "---\ntitle: [unclosed\n---\n\n\"Quote.\"\n",
		"empty.md":         "",
		"unpublished.md":   "---\ntitle: Hidden\npublished: false\n---\n\n\"Never seen.\"\n",
		"no-front.md":      "Just text.\n",
		"warn.md":          "---\ntitle: Warned\n---\n\n\"Unclosed opening\n\nand more.\n",
		"dup/walden.md":    "---\ntitle: Walden Again\nauthor: Henry David Thoreau\ndate: 1854\nrating: 5\nnested: {a: [1, 2.5, true, null]}\n---\n\nA note[^1].\n\n\"Quoted.\"\n\n[^1]: The footnote.\n",
		"dup/walden.mdown": "---\ntitle: Walden Thrice\ndate: 1854\n---\n\n> Quoted[^a].\n\n[^a]: Another.\n",
		"toml.md":          "+++\ntitle = \"TOML\"\ndate = 1999-01-02T03:04:05Z\n+++\n\n\"A TOML entry.\"\n",
	}
	old := time.Now().Add(-time.Hour)
	for name, content := range extra {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	return dir
}

// sameCollection fails unless a and b load the same entries and problems;
// a lazy b is compared entry by entry through Full.
func sameCollection(t *testing.T, what string, a, b *Collection) {
	t.Helper()
	if !reflect.DeepEqual(a.Problems, b.Problems) {
		t.Fatalf("%s: problems differ:\n%v\n%v", what, a.Problems, b.Problems)
	}
	if x := b.Index(); x != nil {
		sameIndex(t, what, a, x)
		return
	}
	if len(a.Entries) != len(b.Entries) {
		t.Fatalf("%s: %d entries, want %d", what, len(b.Entries), len(a.Entries))
	}
	for i := range a.Entries {
		e, err := b.Full(b.Entries[i])
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !reflect.DeepEqual(a.Entries[i], e) {
			t.Fatalf("%s: entry %s differs:\n%#v\n%#v", what, a.Entries[i].Path, a.Entries[i], e)
		}
	}
}

// sameIndex fails unless the index x lists the entries of a, and their
// quotes, in the same order with the same fields, and reads each whole as
// a holds it, directly and through a head and Full.
func sameIndex(t *testing.T, what string, a *Collection, x *Index) {
	t.Helper()
	if x.Entries() != len(a.Entries) {
		t.Fatalf("%s: index of %d entries, want %d", what, x.Entries(), len(a.Entries))
	}
	j := 0
	for i, want := range a.Entries {
		e, err := x.Entry(i, true)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if !reflect.DeepEqual(want, e) {
			t.Fatalf("%s: index entry %s differs:\n%#v\n%#v", what, want.Path, want, e)
		}
		h, err := x.Entry(i, false)
		if err != nil {
			t.Fatal(err)
		}
		if h2, _ := x.Entry(i, false); h2 != h {
			t.Errorf("%s: Entry(%d, false) gives another *Entry each call", what, i)
		}
		if len(h.Quotes) > 0 && len(h.Quotes[0].Blocks) > 0 {
			t.Errorf("%s: the head of %s has its body", what, h.Path)
		}
		if e, err = x.c.Full(h); err != nil || !reflect.DeepEqual(want, e) {
			t.Fatalf("%s: Full of the head of %s differs (%v):\n%#v\n%#v", what, want.Path, err, want, e)
		}
		if x.Date(i) != want.Date {
			t.Errorf("%s: entry %d has date %v, want %v", what, i, x.Date(i), want.Date)
		}
		if x.Path(i) != want.Path || x.Category(i) != want.Category || x.Lang(i) != want.Lang {
			t.Errorf("%s: entry %d is %s %q %q, want %s %q %q", what, i, x.Path(i), x.Category(i), x.Lang(i), want.Path, want.Category, want.Lang)
		}
		var tags []string
		x.Tags(i, func(tag string) bool { tags = append(tags, tag); return false })
		if len(tags) != len(want.Tags) || len(tags) > 0 && !reflect.DeepEqual(tags, want.Tags) {
			t.Errorf("%s: %s has tags %q, want %q", what, want.Path, tags, want.Tags)
		}
		var names []string
		n, _ := x.Authors(i, func(name, inv string) bool { names = append(names, name, inv); return false })
		var wantNames []string
		for _, au := range want.Authors {
			wantNames = append(wantNames, strings.ToLower(au.String()), strings.ToLower(au.Inverted()))
		}
		if n != len(want.Authors) || !reflect.DeepEqual(names, wantNames) {
			t.Errorf("%s: %s has authors %q, want %q", what, want.Path, names, wantNames)
		}
		for k, q := range want.Quotes {
			got := x.Quote(j)
			if got != (QuoteRef{Entry: i, N: k, ID: q.ID, Line: q.Line, Lang: q.Lang}) || x.QuoteID(j) != q.ID || x.QuoteEntry(j) != i {
				t.Errorf("%s: quote %d is %+v, want %s:%d %s", what, j, got, want.Path, q.Line, q.ID)
			}
			j++
		}
	}
	if j != x.Quotes() {
		t.Errorf("%s: index of %d quotes, want %d", what, x.Quotes(), j)
	}
}

func TestCacheSameResult(t *testing.T) {
	dir := cacheFixture(t)
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	want, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{"cold", "warm", "warm lazy", "warm again"} {
		parsed.Store(0)
		got, err := Load(dir, LoadOptions{Cache: cache, Lazy: strings.Contains(step, "lazy")})
		if err != nil {
			t.Fatal(err)
		}
		sameCollection(t, step, want, got)
		n := parsed.Load()
		if step == "cold" && n == 0 || step != "cold" && n != 0 {
			t.Errorf("%s: %d files parsed", step, n)
		}
	}
	// Lazy without a cache reads each body from its file.
	lazy, err := Load(dir, LoadOptions{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(lazy.Entries[0].Quotes[0].Blocks) != 0 || lazy.Entries[0].Body != nil {
		t.Error("a lazy entry has its body")
	}
	sameCollection(t, "lazy, no cache", want, lazy)
}

// TestCacheChangedFileReread: a changed file is parsed again, even one of
// the same size, and a removed one is gone.
func TestCacheChangedFileReread(t *testing.T) {
	dir := cacheFixture(t)
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	if _, err := Load(dir, LoadOptions{Cache: cache}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "dup", "walden.md")
	data, _ := os.ReadFile(p)
	data = []byte(strings.Replace(string(data), "Quoted.", "Changd.", 1)) // same size
	os.WriteFile(p, data, 0o644)
	later := time.Now().Add(-30 * time.Minute)
	os.Chtimes(p, later, later)
	os.Remove(filepath.Join(dir, "toml.md"))
	for _, lazy := range []bool{false, true} {
		parsed.Store(0)
		got, err := Load(dir, LoadOptions{Cache: cache, Lazy: lazy})
		if err != nil {
			t.Fatal(err)
		}
		n := parsed.Load()
		want, _ := Load(dir, LoadOptions{})
		sameCollection(t, "after a change", want, got)
		if !lazy && n != 1 || lazy && n != 0 {
			t.Errorf("lazy %v: %d files parsed, want %d", lazy, n, map[bool]int{false: 1, true: 0}[lazy])
		}
	}
	// A file changed a moment ago is read, and not cached (another change
	// within the same clock tick would go unseen).
	os.WriteFile(p, []byte(strings.Replace(string(data), "Changd.", "Again!.", 1)), 0o644)
	for i := 0; i < 2; i++ {
		parsed.Store(0)
		got, _ := Load(dir, LoadOptions{Cache: cache})
		n := parsed.Load()
		want, _ := Load(dir, LoadOptions{})
		sameCollection(t, "recent change", want, got)
		if n != 1 {
			t.Errorf("recent change, run %d: %d files parsed, want 1", i, n)
		}
	}
}

// TestCacheCorrupt: a damaged cache file is ignored and rebuilt; a cache
// of another version is not used.
func TestCacheCorrupt(t *testing.T) {
	dir := cacheFixture(t)
	want, _ := Load(dir, LoadOptions{})
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	Load(dir, LoadOptions{Cache: cache})
	file, _ := cache.path(dir)
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	damage := map[string]func([]byte) []byte{
		"empty":     func([]byte) []byte { return nil },
		"truncated": func(b []byte) []byte { return b[:len(b)/2] },
		"no footer": func(b []byte) []byte { return b[:len(b)-3] },
		"garbage":   func(b []byte) []byte { return []byte(strings.Repeat("x", len(b))) },
	}
	for i := 0; i < len(good); i += max(1, len(good)/40) {
		damage[fmt.Sprintf("byte %d flipped", i)] = func(b []byte) []byte { b[i] ^= 0x55; return b }
	}
	defer func(n int64) { blobsAlone = n }(blobsAlone)
	for _, alone := range []int64{blobsAlone, 0} {
		// piece by piece, then the cache file read whole at once
		blobsAlone = alone
		cacheDamaged(t, dir, cache, want, good, damage)
	}
	parsed.Store(0)
	Load(dir, LoadOptions{Cache: &Cache{Dir: cache.Dir, Version: "other"}})
	if n := parsed.Load(); n == 0 {
		t.Error("a cache of another version was used")
	}
}

// cacheDamaged writes each damage of the good cache file in place and
// loads dir with it: the collection loaded is want, and the cache is
// rebuilt.
func cacheDamaged(t *testing.T, dir string, cache *Cache, want *Collection, good []byte, damage map[string]func([]byte) []byte) {
	t.Helper()
	file, _ := cache.path(dir)
	for name, f := range damage {
		// (A lazy load reads bodies only when used, so it may leave a bad
		// body for the next full load to find and rebuild; Full then
		// reads the entry's file.)
		for _, mode := range []int{1, 2, 0} { // lazy, index, whole (which rebuilds)
			os.WriteFile(file, f(append([]byte(nil), good...)), 0o644)
			got, err := Load(dir, LoadOptions{Cache: cache, Lazy: mode == 1, Index: mode == 2})
			if err != nil {
				t.Fatal(err)
			}
			if mode == 2 && got.Index() == nil {
				t.Errorf("%s: not served from the index rewritten", name)
			}
			sameCollection(t, name, want, got)
		}
		parsed.Store(0)
		got, _ := Load(dir, LoadOptions{Cache: cache})
		sameCollection(t, name+", rebuilt", want, got)
		if n := parsed.Load(); n != 0 {
			t.Errorf("%s: the cache was not rebuilt (%d files parsed)", name, n)
		}
	}
}

// TestCacheConcurrent runs loads in parallel on one cache while files
// change (run with -race): every load is whole and right.
func TestCacheConcurrent(t *testing.T) {
	dir := cacheFixture(t)
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	want, _ := Load(dir, LoadOptions{})
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 4; i++ {
				got, err := Load(dir, LoadOptions{Cache: cache, Lazy: (g+i)%3 == 0, Index: (g+i)%3 == 1})
				if err != nil {
					t.Error(err)
					return
				}
				if x := got.Index(); x != nil {
					if x.Entries() != len(want.Entries) || !reflect.DeepEqual(got.Problems, want.Problems) {
						t.Errorf("run %d/%d: index of %d entries, want %d", g, i, x.Entries(), len(want.Entries))
					}
					for k := 0; k < x.Entries(); k++ {
						if _, err := x.Entry(k, true); err != nil {
							t.Error(err)
						}
					}
					continue
				}
				if len(got.Entries) != len(want.Entries) || !reflect.DeepEqual(got.Problems, want.Problems) {
					t.Errorf("run %d/%d: %d entries, want %d", g, i, len(got.Entries), len(want.Entries))
				}
				for _, e := range got.Entries {
					if _, err := got.Full(e); err != nil {
						t.Error(err)
					}
				}
			}
		}(g)
	}
	wg.Wait()
	got, _ := Load(dir, LoadOptions{Cache: cache})
	sameCollection(t, "after concurrent runs", want, got)
	left, _ := filepath.Glob(filepath.Join(cache.Dir, "*.tmp"))
	if len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestIndexSameResult: a collection loaded from the quote index is the
// collection loaded otherwise, in every sort order, and the index is used
// only when no file changed.
func TestIndexSameResult(t *testing.T) {
	dir := cacheFixture(t)
	for _, sortBy := range []string{"", "date", "author", "title"} {
		cache := &Cache{Dir: t.TempDir(), Version: "test"}
		o := LoadOptions{Override: &Settings{Sort: sortBy}}
		want, err := Load(dir, o)
		if err != nil {
			t.Fatal(err)
		}
		o.Cache, o.Index = cache, true
		for _, step := range []string{"cold", "warm", "warm again"} {
			parsed.Store(0)
			got, err := Load(dir, o)
			if err != nil {
				t.Fatal(err)
			}
			// A cold run is served from the index it writes.
			if got.Index() == nil {
				t.Fatalf("sort %q, %s: not loaded from the index", sortBy, step)
			}
			if got.Index() != nil && got.Entries != nil {
				t.Errorf("a collection loaded from the index has Entries")
			}
			sameCollection(t, "sort "+sortBy+", "+step, want, got)
			if n := parsed.Load(); (step != "cold") != (n == 0) {
				t.Errorf("%s: %d files parsed", step, n)
			}
		}
	}
}

// TestIndexDatesSaved: the quote index does not depend on the setting
// `dates: saved`; a collection with it is served from the index, with
// the dates, problems and order it has when loaded otherwise, cold and
// warm, and switching the setting reuses the index without parsing.
func TestIndexDatesSaved(t *testing.T) {
	dir := cacheFixture(t)
	old := time.Now().Add(-time.Hour)
	for name, content := range map[string]string{
		// The link's date far from the entry's: a warning dropped.
		"saved/2020-05-03-far.md": "---\ntitle: Far\nauthor: A B\nlink: https://example.org/2015/11/16/far/\n---\n\n\"Q.\"\n",
		// No date but the link's: the warning that there is none dropped.
		"saved/undated.md": "---\ntitle: Undated\nauthor: C D\nlink: https://example.org/2019/01/20/undated/\n---\n\n\"Q.\"\n",
		// A link without a date: the date becomes the access date.
		"saved/plain.md": "---\ntitle: Plain\nauthor: E F\nlink: https://example.org/essays/plain\ndate: 2022-03-09\n---\n\n\"Q.\"\n",
		// A link with a date close to the entry's: dates move, no warning.
		"saved/near.md": "---\ntitle: Near\nauthor: G H\nlink: https://example.org/2019/01/20/near/\ndate: 2019-02-02\n---\n\n\"Q.\"\n",
		// An error: no entry, and its problems as they are.
		"saved/broken.md": "---\ntitle: Broken\nlink: https://example.org/2015/11/16/broken/\ndate: 2020-05-03\ncategory: [a, b]\n---\n\n\"Q.\"\n",
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	for _, sortBy := range []string{"", "author", "title"} {
		cache := &Cache{Dir: t.TempDir(), Version: "test"}
		for _, step := range []string{"saved cold", "saved warm", "published warm", "saved again"} {
			dates := DatesSaved
			if strings.HasPrefix(step, "published") {
				dates = DatesPublished
			}
			o := LoadOptions{Override: &Settings{Sort: sortBy, Dates: dates}}
			want, err := Load(dir, o)
			if err != nil {
				t.Fatal(err)
			}
			o.Cache, o.Index = cache, true
			parsed.Store(0)
			got, err := Load(dir, o)
			if err != nil {
				t.Fatal(err)
			}
			what := "sort " + sortBy + ", " + step
			if got.Index() == nil {
				t.Fatalf("%s: not loaded from the index", what)
			}
			sameCollection(t, what, want, got)
			if n := parsed.Load(); (step != "saved cold") != (n == 0) {
				t.Errorf("%s: %d files parsed", what, n)
			}
			if dates == DatesSaved {
				var found bool
				for _, e := range want.Entries {
					if e.Slug == "far" {
						found = e.Date == Date{2015, 11, 16} && e.Accessed == Date{2020, 5, 3}
					}
				}
				if !found {
					t.Fatalf("%s: the fixture's entry far does not have the dates dates: saved gives", what)
				}
				for _, p := range want.Problems {
					if strings.Contains(p.Path, "saved/") && p.Severity == Warning {
						t.Errorf("%s: warning left: %v", what, p)
					}
				}
			}
		}
	}
}

// TestIndexChangedFile: a file changed with the same size (only its time
// differs), added, removed or changed a moment ago is never taken from
// the index; the run after it rewrites the index.
func TestIndexChangedFile(t *testing.T) {
	dir := cacheFixture(t)
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	o := LoadOptions{Cache: cache, Index: true}
	Load(dir, o)
	if c, _ := Load(dir, o); c.Index() == nil {
		t.Fatal("index not used")
	}
	p := filepath.Join(dir, "dup", "walden.md")
	data, _ := os.ReadFile(p)
	changes := []struct {
		name   string
		parsed int64 // files read again
		change func()
	}{
		{"same size, new time", 1, func() {
			data = []byte(strings.Replace(string(data), "Quoted.", "Changd.", 1))
			os.WriteFile(p, data, 0o644)
			later := time.Now().Add(-30 * time.Minute)
			os.Chtimes(p, later, later)
		}},
		{"removed", 0, func() { os.Remove(filepath.Join(dir, "toml.md")) }},
		{"added", 1, func() {
			q := filepath.Join(dir, "zz", "new.md")
			os.MkdirAll(filepath.Dir(q), 0o755)
			os.WriteFile(q, []byte("---\ntitle: New\n---\n\n\"New.\"\n"), 0o644)
			old := time.Now().Add(-time.Hour)
			os.Chtimes(q, old, old)
		}},
		{"renamed", 1, func() { os.Rename(filepath.Join(dir, "warn.md"), filepath.Join(dir, "warn2.md")) }},
	}
	for _, ch := range changes {
		ch.change()
		want, _ := Load(dir, LoadOptions{})
		parsed.Store(0)
		got, err := Load(dir, o)
		if err != nil {
			t.Fatal(err)
		}
		if n := parsed.Load(); n != ch.parsed {
			t.Errorf("%s: %d files parsed, want %d", ch.name, n, ch.parsed)
		}
		if got.Index() == nil {
			t.Fatalf("%s: not served from the index written", ch.name)
		}
		sameCollection(t, ch.name, want, got)
		parsed.Store(0)
		got, _ = Load(dir, o)
		if got.Index() == nil || parsed.Load() != 0 {
			t.Fatalf("%s: the index was not rewritten", ch.name)
		}
		sameCollection(t, ch.name+", next run", want, got)
	}
	// Changed a moment ago: read, never taken from the cache.
	os.WriteFile(p, []byte(strings.Replace(string(data), "Changd.", "Again!.", 1)), 0o644)
	want, _ := Load(dir, LoadOptions{})
	for i := 0; i < 2; i++ {
		parsed.Store(0)
		got, _ := Load(dir, o)
		if n := parsed.Load(); n != 1 || got.Index() == nil {
			t.Errorf("run %d after a recent change: %d files parsed, want 1; index %v", i, n, got.Index() != nil)
		}
		sameCollection(t, "recent change", want, got)
	}
}

// TestIndexConcurrentUse: one collection loaded from the index serves
// several goroutines at once (run with -race).
func TestIndexConcurrentUse(t *testing.T) {
	dir := cacheFixture(t)
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	Load(dir, LoadOptions{Cache: cache, Index: true})
	c, _ := Load(dir, LoadOptions{Cache: cache, Index: true})
	x := c.Index()
	if x == nil {
		t.Fatal("index not used")
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < x.Entries(); i++ {
				h, err := x.Entry(i, g%2 == 0)
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := c.Full(h); err != nil {
					t.Error(err)
				}
				x.Category(i)
				x.Authors(i, func(string, string) bool { return false })
			}
		}(g)
	}
	wg.Wait()
}

// TestLoadBodies: LoadBodies makes a lazy or index-loaded collection the
// one a whole load gives, on one core or several; when entries cannot be
// read, the error is the first in collection order and the collection is
// left as it was.
func TestLoadBodies(t *testing.T) {
	dir := cacheFixture(t)
	want, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, procs := range []int{1, 4} {
		old := runtime.GOMAXPROCS(procs)
		for _, how := range []string{"lazy", "lazy cached", "index"} {
			opts := LoadOptions{Lazy: true}
			if how != "lazy" {
				opts.Cache = &Cache{Dir: t.TempDir(), Version: "test"}
				opts.Index = how == "index"
			}
			c, err := Load(dir, opts)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.LoadBodies(); err != nil {
				t.Fatalf("%s, %d cores: %v", how, procs, err)
			}
			if c.IsLazy() || c.Index() != nil {
				t.Errorf("%s, %d cores: still lazy after LoadBodies", how, procs)
			}
			sameCollection(t, fmt.Sprintf("%s, %d cores", how, procs), want, c)
		}
		runtime.GOMAXPROCS(old)
	}
	// Two files gone after a lazy load without a cache: their bodies
	// cannot be read.
	c, err := Load(dir, LoadOptions{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	n := len(c.Entries)
	first, last := c.Entries[1].Path, c.Entries[n-1].Path
	for _, p := range []string{first, last} {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for range 20 {
		err := c.LoadBodies()
		if err == nil || !strings.Contains(err.Error(), first) || strings.Contains(err.Error(), last) {
			t.Fatalf("LoadBodies with %s and %s gone: %v; want the error of %s", first, last, err, first)
		}
		if !c.IsLazy() || len(c.Entries) != n || c.Entries[0].Body != nil {
			t.Fatal("a failed LoadBodies changed the collection")
		}
	}
}

// TestHeads: Heads gives a collection loaded whole or lazily as it is,
// and one loaded from the index as the lazy collection a lazy load gives
// (the same entries, problems and bodies through Full), leaving it
// loaded from the index; HeadNumbers then finds each of its entries by
// number.
func TestHeads(t *testing.T) {
	dir := cacheFixture(t)
	want, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	for _, opts := range []LoadOptions{{}, {Lazy: true}, {Lazy: true, Cache: cache}} {
		c, err := Load(dir, opts)
		if err != nil {
			t.Fatal(err)
		}
		if h, err := c.Heads(); err != nil || h != c {
			t.Errorf("lazy %v: Heads gave another collection (%v)", opts.Lazy, err)
		}
	}
	for _, procs := range []int{1, 4} {
		old := runtime.GOMAXPROCS(procs)
		c, err := Load(dir, LoadOptions{Lazy: true, Index: true, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		h, err := c.Heads()
		if err != nil {
			t.Fatal(err)
		}
		if c.Index() == nil || h.Index() != nil || !h.IsLazy() || h.Root != c.Root {
			t.Fatalf("%d cores: Heads: index %v, lazy %v; the collection: index %v", procs, h.Index() != nil, h.IsLazy(), c.Index() != nil)
		}
		for _, e := range h.Entries {
			if e.Body != nil {
				t.Fatalf("%s: a head with its body", e.Path)
			}
		}
		sameCollection(t, fmt.Sprintf("heads, %d cores", procs), want, h)
		nums := c.Index().HeadNumbers()
		if len(nums) != len(h.Entries) {
			t.Fatalf("%d head numbers for %d entries", len(nums), len(h.Entries))
		}
		for i, e := range h.Entries {
			if n, ok := nums[e]; !ok || n != i {
				t.Errorf("%s: number %d, %v; want %d", e.Path, n, ok, i)
			}
			if again, _ := c.Index().Entry(i, false); again != e {
				t.Errorf("%s: the index gives another head than Heads did", e.Path)
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestExtrasReadAtOnce: an index reads its entries' extras one at a time
// for a few entries (the quote of the day), all at once for a run that
// reads entry after entry, and gives the same entries either way.
func TestExtrasReadAtOnce(t *testing.T) {
	dir := cacheFixture(t)
	os.MkdirAll(filepath.Join(dir, "many"), 0o755)
	for i := range int(blobsAlone) + 10 {
		p := filepath.Join(dir, fmt.Sprintf("many/e%03d.md", i))
		os.WriteFile(p, []byte(fmt.Sprintf("---\ntitle: E%d\n---\n\n\"Quote %d.\"\n", i, i)), 0o644)
		old := time.Now().Add(-time.Hour)
		os.Chtimes(p, old, old)
	}
	want, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cache := &Cache{Dir: t.TempDir(), Version: "test"}
	if _, err := Load(dir, LoadOptions{Cache: cache, Lazy: true, Index: true}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(dir, LoadOptions{Cache: cache, Lazy: true, Index: true})
	if err != nil {
		t.Fatal(err)
	}
	x := c.Index()
	if x == nil || x.Entries() <= int(blobsAlone)+1 {
		t.Fatalf("index %v, %d entries", x != nil, len(want.Entries))
	}
	// the first entry alone, as the quote of the day reads it
	if _, err := x.Entry(0, true); err != nil {
		t.Fatal(err)
	}
	if x.extras.all.Load() != nil {
		t.Error("one entry read: every extra was read")
	}
	if x.blobs.all.Load() != nil {
		t.Error("one entry read: the whole cache file was read")
	}
	for i := range x.Entries() {
		e, err := x.Entry(i, true)
		if err != nil {
			t.Fatal(err)
		}
		if e.Path != want.Entries[i].Path || e.Title != want.Entries[i].Title {
			t.Fatalf("entry %d: %s %q, want %s %q", i, e.Path, e.Title, want.Entries[i].Path, want.Entries[i].Title)
		}
	}
	if x.extras.all.Load() == nil {
		t.Errorf("%d entries read one after another: the extras were not read at once", x.Entries())
	}
	if x.blobs.all.Load() == nil {
		t.Errorf("%d entries read one after another: the cache file was not read at once", x.Entries())
	}
	sameCollection(t, "index read through", want, c)
}

// TestCacheWriteBlocks: a cache file written in blocks (writeBlock) holds
// what was parsed when the bodies cross block boundaries and when one
// body is larger than a block: lazy and index loads, cold and warm, and
// after one file changed (bodies copied from the old file), give the
// collection loaded without a cache.
func TestCacheWriteBlocks(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	write := func(name, text string) {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	for i := range 400 {
		write(fmt.Sprintf("e%03d.md", i), fmt.Sprintf("---\ntitle: E%d\n---\n\n\"%s\"\n\nA note %d.\n", i, strings.Repeat(fmt.Sprintf("Word%d ", i), 150), i))
	}
	write("big.md", "---\ntitle: Big\n---\n\n\""+strings.Repeat("A long quote. ", writeBlock/10)+"\"\n")
	for step, change := range []string{"", "e123.md"} {
		if change != "" {
			write(change, "---\ntitle: Changed\n---\n\n\"Changed.\"\n")
		}
		want, err := Load(dir, LoadOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range []LoadOptions{{Lazy: true}, {Index: true, Lazy: true}} {
			o.Cache = &Cache{Dir: t.TempDir(), Version: "test"}
			if step == 1 {
				o.Cache.Dir = filepath.Join(t.TempDir(), "x")
				prev := o
				prev.Cache = &Cache{Dir: o.Cache.Dir, Version: "test"}
				write(change, "---\ntitle: Before\n---\n\n\"Before.\"\n")
				if _, err := Load(dir, prev); err != nil {
					t.Fatal(err)
				}
				write(change, "---\ntitle: Changed\n---\n\n\"Changed.\"\n")
				os.Chtimes(filepath.Join(dir, change), old.Add(time.Minute), old.Add(time.Minute))
			}
			for k, run := range []string{"first", "second"} {
				parsed.Store(0)
				got, err := Load(dir, o)
				if err != nil {
					t.Fatal(err)
				}
				// cold: every file; after a change: that one; warm: none
				if n, want := parsed.Load(), [][]int64{{401, 0}, {1, 0}}[step][k]; n != want {
					t.Errorf("step %d, index %v, %s run: %d files parsed, want %d", step, o.Index, run, n, want)
				}
				if o.Index && got.Index() == nil {
					t.Fatalf("step %d, %s run: not loaded from the index", step, run)
				}
				if got.Index() == nil {
					es := make([]*Entry, 0, len(got.Entries))
					for _, e := range got.Entries {
						full, err := got.Full(e)
						if err != nil {
							t.Fatal(err)
						}
						es = append(es, full)
					}
					got = &Collection{Root: got.Root, Settings: got.Settings, Entries: es, Problems: got.Problems}
				}
				sameCollection(t, fmt.Sprintf("step %d, index %v, %s run", step, o.Index, run), want, got)
			}
		}
	}
}
