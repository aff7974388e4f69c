// Package rendertest is the conformance suite every renderer runs, like
// restic's backend tests: each renderer's own test calls Run, so a new
// format gets the same checks for free.
package rendertest

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// Now is the fixed time the suite renders at.
var Now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// Options returns the render options the suite uses: a fixed Now (the
// day of the feeds, whose time zone is UTC in the samples and in the odd
// entries), warnings collected into *warnings when it is not nil.
func Options(warnings *[]model.Problem) render.Options {
	o := render.Options{Now: Now}
	if warnings != nil {
		o.Warn = func(p model.Problem) { *warnings = append(*warnings, p) }
	}
	return o
}

// SamplesDir returns the path of the project's samples/ folder.
func SamplesDir(t testing.TB) string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		t.Fatal("rendertest: cannot locate the samples folder")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "samples")
}

// CopySamples copies samples/ into a new temporary folder, whose path it
// returns, for tests that change or add files.
func CopySamples(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	src := SamplesDir(t)
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		return os.WriteFile(dst, b, 0o644)
	})
	if err != nil {
		t.Fatalf("rendertest: copying the samples: %v", err)
	}
	return dir
}

// EachLoad loads the collection in dir on 1 and 4 cores, whole, lazily
// and from the cache's index ("whole", "lazy", "index"; one cache for them
// all, so later loads are warm) and calls f with each. It fails the test
// on a load error and restores GOMAXPROCS.
func EachLoad(t testing.TB, dir string, f func(procs int, how string, c *model.Collection)) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	cache := &model.Cache{Dir: t.TempDir(), Version: "test"}
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		for _, how := range []string{"whole", "lazy", "index"} {
			c, err := model.Load(dir, model.LoadOptions{Lazy: how == "lazy", Index: how == "index", Cache: cache})
			if err != nil {
				t.Fatal(err)
			}
			f(procs, how, c)
		}
	}
}

// LoadSamples loads samples/ and fails the test on any error in it.
func LoadSamples(t testing.TB) *model.Collection {
	t.Helper()
	c, err := model.Load(SamplesDir(t), model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Problems {
		if p.Severity == model.Error {
			t.Errorf("samples: %s", p)
		}
	}
	if len(c.Entries) == 0 {
		t.Fatal("samples: no entries loaded")
	}
	return c
}

// OddEntries are entry files that stress renderers: every script, emoji,
// empty and giant quotes, deep nesting, footnotes, links and raw HTML.
var OddEntries = map[string]string{
	"empty-body.md":  "---\ntitle: Nothing\n---\n",
	"no-meta.md":     "---\n---\n\nJust a paragraph, no fields at all.\n",
	"emoji.md":       "---\ntitle: \"Emoji 🎉 in a title\"\nauthor: Ann Emoji\n---\n\n\"A quote with emoji 🙂 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters.\"\n",
	"scripts.md":     "---\ntitle: Scripts\nauthor: Polyglot, Pat\ndate: 2001-02-03\n---\n\n> Μῆνιν ἄειδε θεὰ Πηληϊάδεω Ἀχιλῆος\n\n> Все счастливые семьи похожи друг на друга.\n\n> 道可道，非常道。名可名，非常名。\n\n> الخيل والليل والبيداء تعرفني\n\n> שלום עולם\n\n> いろはにほへと 日本語\n\n> 한국어 문장\n",
	"mixed-rtl.md":   "---\ntitle: Mixed\nlang: ar\n---\n\n\"قال Abu 123 كلمة (word) نعم.\"\n",
	"long-word.md":   "---\ntitle: Long\nauthor: L W\nlink: https://example.org/" + strings.Repeat("very-long-path-segment/", 20) + "\n---\n\n\"" + strings.Repeat("Unbreakable", 60) + " and " + strings.Repeat("x", 500) + ".\"\n",
	"nested.md":      "---\ntitle: Nested\nauthor: N N\n---\n\n" + nestedQuote(60) + "\n",
	"footnotes.md":   "---\ntitle: Notes\nauthor: F N\n---\n\n\"One[^a] two[^b].\"\n\nCommentary with a [link](https://example.org) and `code`.\n\n# A heading in commentary\n\n- a list item\n- another\n\n[^a]: First *note*.\n[^b]: Second note.\n",
	"html.md":        "---\ntitle: \"<b>Bold</b> & <i>html</i>\"\nauthor: \"<script>alert(1)</script>\"\n---\n\n\"Text <script>alert(1)</script> and <img src=\\\"../../etc/passwd\\\"> here & there.\"\n\n<div>raw block</div>\n",
	"verse.md":       "---\ntitle: Verse\nauthor: V Poet\ntype: poem\n---\n\n> Line one  \n> line two\\\n> line three\n>\n> Second stanza  \n> ends here\n",
	"big.md":         "---\ntitle: Big\nauthor: B B\n---\n\n\"" + strings.Repeat("A long sentence that goes on and on for the sake of length. ", 400) + "\"\n",
	"many-quotes.md": "---\ntitle: Many\nauthor: M Q\n---\n\n" + strings.Repeat("\"Short quote.\"\n\n", 40),
	"control.md":     "---\ntitle: \"Tab\\there\"\nauthor: C C\n---\n\n\"Zero\u200bwidth and soft\u00adhyphen and nbsp\u00a0here.\"\n",
}

func nestedQuote(depth int) string {
	var b strings.Builder
	for i := 1; i <= depth; i++ {
		b.WriteString(strings.Repeat(">", i) + " level\n")
	}
	return b.String()
}

// LoadOdd writes OddEntries into a temporary folder and loads it.
func LoadOdd(t testing.TB) *model.Collection {
	t.Helper()
	dir := t.TempDir()
	for name, body := range OddEntries {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Settings.Set("feed.tz", "UTC"); err != nil {
		t.Fatal(err)
	}
	return c
}

// Run checks the renderer contract: the samples render, and render the
// same bytes twice; odd and empty collections render without panic; a
// render.LazyReader renders the same bytes from whole, lazy and index
// loads, and fails cleanly when bodies cannot be read (see lazy); Name,
// MediaType and Extension are set. (That every renderer is
// registered, under its name, is render/all's test.)
func Run(t *testing.T, r render.Renderer) {
	t.Helper()
	if r.Name() == "" || r.MediaType() == "" {
		t.Fatalf("%T: Name and MediaType must not be empty", r)
	}
	if ext := r.Extension(); ext != "" && !strings.HasPrefix(ext, ".") {
		t.Errorf("%s: Extension %q must start with a dot or be empty", r.Name(), ext)
	}
	t.Run("samples", func(t *testing.T) {
		c := LoadSamples(t)
		var a, b bytes.Buffer
		if err := r.Render(&a, c, Options(nil)); err != nil {
			t.Fatalf("%s: render samples: %v", r.Name(), err)
		}
		if a.Len() == 0 {
			t.Fatalf("%s: empty output for the samples", r.Name())
		}
		c2 := LoadSamples(t)
		if err := r.Render(&b, c2, Options(nil)); err != nil {
			t.Fatalf("%s: second render: %v", r.Name(), err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two renders of the samples differ (%d and %d bytes)", r.Name(), a.Len(), b.Len())
		}
	})
	t.Run("odd", func(t *testing.T) {
		c := LoadOdd(t)
		var warnings []model.Problem
		var a, b bytes.Buffer
		if err := r.Render(&a, c, Options(&warnings)); err != nil {
			t.Fatalf("%s: render odd entries: %v", r.Name(), err)
		}
		if err := r.Render(&b, LoadOdd(t), Options(nil)); err != nil {
			t.Fatalf("%s: second render of odd entries: %v", r.Name(), err)
		}
		if !bytes.Equal(a.Bytes(), b.Bytes()) {
			t.Errorf("%s: two renders of the odd entries differ", r.Name())
		}
		for _, bad := range []string{"<script", "etc/passwd"} {
			if bytes.Contains(a.Bytes(), []byte(bad)) {
				t.Errorf("%s: output contains %q", r.Name(), bad)
			}
		}
	})
	if _, ok := r.(render.LazyReader); ok {
		t.Run("lazy", func(t *testing.T) { lazy(t, r) })
	}
	t.Run("empty", func(t *testing.T) {
		c := &model.Collection{Root: t.TempDir()}
		var buf bytes.Buffer
		// An error is allowed (nothing to render); a panic is not.
		_ = r.Render(&buf, c, Options(nil))
	})
}

// lazy checks a render.LazyReader: the samples and the odd entries
// render the same bytes from a collection loaded whole, lazily (bodies
// from the files, then from the cache) and from the cache's index, cold
// and warm; with two entry files gone after a lazy load, rendering ends
// without a panic or a hang, and an error, if any, names a file that is
// gone.
func lazy(t *testing.T, rr render.Renderer) {
	dir := CopySamples(t)
	for name, body := range OddEntries {
		if err := os.WriteFile(filepath.Join(dir, "odd-"+name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// settled files, as the cache wants them
	old := time.Now().Add(-time.Hour)
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			os.Chtimes(p, old, old)
		}
		return nil
	})
	render1 := func(how string, opts model.LoadOptions) ([]byte, *model.Collection, error) {
		c, err := model.Load(dir, opts)
		if err != nil {
			t.Fatalf("%s: %v", how, err)
		}
		if opts.Index != (c.Index() != nil) || opts.Lazy != c.IsLazy() {
			t.Fatalf("%s: loaded from the index %v, lazily %v", how, c.Index() != nil, c.IsLazy())
		}
		var buf bytes.Buffer
		err = rr.Render(&buf, c, Options(nil))
		return buf.Bytes(), c, err
	}
	want, _, err := render1("whole", model.LoadOptions{})
	if err != nil {
		t.Fatalf("%s: whole: %v", rr.Name(), err)
	}
	cache := &model.Cache{Dir: t.TempDir(), Version: "rendertest"}
	for _, l := range []struct {
		how  string
		opts model.LoadOptions
	}{
		{"lazy", model.LoadOptions{Lazy: true}},
		{"lazy, cold cache", model.LoadOptions{Lazy: true, Cache: cache}},
		{"lazy, warm cache", model.LoadOptions{Lazy: true, Cache: cache}},
		{"index, cold", model.LoadOptions{Lazy: true, Index: true, Cache: &model.Cache{Dir: t.TempDir(), Version: "rendertest"}}},
		{"index, warm", model.LoadOptions{Lazy: true, Index: true, Cache: cache}},
	} {
		got, _, err := render1(l.how, l.opts)
		if err != nil {
			t.Fatalf("%s: %s: %v", rr.Name(), l.how, err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %s: %d bytes differ from the whole collection's %d", rr.Name(), l.how, len(got), len(want))
		}
	}
	c, err := model.Load(dir, model.LoadOptions{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	gone := []string{c.Entries[0].Path, c.Entries[len(c.Entries)-1].Path}
	for _, p := range gone {
		os.Remove(filepath.Join(dir, filepath.FromSlash(p)))
	}
	done := make(chan error, 1)
	go func() { done <- rr.Render(io.Discard, c, Options(nil)) }()
	select {
	case err := <-done:
		if err != nil && !strings.Contains(err.Error(), gone[0]) && !strings.Contains(err.Error(), gone[1]) {
			t.Errorf("%s: with %s gone: %v; want an error naming one of them", rr.Name(), strings.Join(gone, " and "), err)
		}
	case <-time.After(time.Minute):
		t.Fatalf("%s: rendering with two files gone did not end", rr.Name())
	}
}
