package build

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// TestSameFromTheIndex: every output, an external renderer's document
// included, is the same bytes built from a collection loaded whole,
// lazily from the cache, and from the cache's quote index (as the build
// command loads it), cold and warm.
func TestSameFromTheIndex(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	root := samples(t).Root
	old := time.Now().Add(-time.Hour)
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			os.Chtimes(p, old, old) // settled files, as the cache wants them
		}
		return nil
	})
	dump := script(t, t.TempDir(), "dump", "cd \"$COMMONPLACE_DEST\"\ncat > \"$COMMONPLACE_FILE\"\n")
	// Without the external renderer, no output needs the bodies all at
	// once: the collection stays lazy or index-loaded, the PDF reads each
	// body as it sets the entry (model.Collection.Heads), and the EPUB
	// must still find the PDF's pages by entry for its page list.
	for _, outputs := range [][]string{
		{"pdf", "epub", "text", "fortune", "json", "rss", "atom", "post", "dump"},
		{"pdf", "epub", "text", "fortune", "json", "rss", "atom", "post"},
	} {
		sameFromTheIndex(t, root, dump, outputs)
	}
}

func sameFromTheIndex(t *testing.T, root, dump string, outputs []string) {
	t.Helper()
	external := slices.Contains(outputs, "dump")
	cache := &model.Cache{Dir: t.TempDir(), Version: "test"}
	loads := []struct {
		name string
		opts model.LoadOptions
	}{
		{"whole", model.LoadOptions{}},
		{"lazy", model.LoadOptions{Cache: cache, Lazy: true}},
		{"index cold", model.LoadOptions{Cache: &model.Cache{Dir: t.TempDir(), Version: "test"}, Lazy: true, Index: true}},
		{"index warm", model.LoadOptions{Cache: cache, Lazy: true, Index: true}},
	}
	var want map[string][]byte
	for _, l := range loads {
		c, err := model.Load(root, l.opts)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Index() != nil; got != l.opts.Index {
			t.Fatalf("%s: loaded from the index: %v", l.name, got)
		}
		c.Settings.Renderers = map[string]model.RendererSettings{
			"dump": {Command: []string{dump}, Extension: ".json", File: "dump.json"}}
		dir := t.TempDir()
		var stderr bytes.Buffer
		res, err := Run(context.Background(), c, Plan{Dir: dir, Outputs: outputs, Options: render.Options{Stderr: &stderr}})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]byte{}
		for _, r := range res {
			if r.Err != nil {
				t.Fatalf("%s: %s: %v\n%s", l.name, r.Output, r.Err, stderr.String())
			}
			for _, p := range r.Files {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				// The document names the renderer's own temporary
				// folder, different every run.
				b = destination.ReplaceAll(b, []byte(`"destination":"DEST"`))
				got[r.Output+"/"+filepath.Base(p)] = b
			}
		}
		if len(got) < len(outputs) || external && len(got["dump/dump.json"]) < 10000 {
			t.Fatalf("%s: %d files, the document %d bytes", l.name, len(got), len(got["dump/dump.json"]))
		}
		if lazy := l.opts.Lazy && !external; lazy != (c.IsLazy() || c.Index() != nil) {
			t.Errorf("%s, external renderer %v: collection lazy after the build: %v, want %v", l.name, external, !lazy, lazy)
		}
		if !hasPageList(t, got["epub/book.epub"]) {
			t.Errorf("%s, external renderer %v: the EPUB has no page list", l.name, external)
		}
		if want == nil {
			want = got
			continue
		}
		for name, b := range want {
			if !bytes.Equal(got[name], b) {
				t.Errorf("%s: %s differs from the whole collection's (%d bytes, want %d)", l.name, name, len(got[name]), len(b))
			}
		}
	}
}

// hasPageList reports whether the EPUB b has a page list with pages in
// one of its documents.
func hasPageList(t *testing.T, b []byte) bool {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the EPUB: %v", err)
	}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		doc, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if i := bytes.Index(doc, []byte(`epub:type="page-list"`)); i >= 0 && bytes.Contains(doc[i:], []byte(`<a href=`)) {
			return true
		}
	}
	return false
}

// destination is the external renderer's destination in its document.
var destination = regexp.MustCompile(`"destination": ?"[^"]*"`)

// TestPagesOnceInAnyOrder: with one job or several, and the EPUB named
// first, a run that makes the PDF and the EPUB ends (the EPUB waits for
// the pages the PDF claimed, which starts first) and gives the EPUB its
// page list.
func TestPagesOnceInAnyOrder(t *testing.T) {
	c, err := model.Load(samples(t).Root, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, jobs := range []int{1, 2} {
		done := make(chan []Result, 1)
		dir := t.TempDir()
		go func() {
			res, err := Run(context.Background(), c, Plan{Dir: dir, Outputs: []string{"epub", "pdf"}, Jobs: jobs})
			if err != nil {
				t.Error(err)
			}
			done <- res
		}()
		select {
		case res := <-done:
			for _, r := range res {
				if r.Err != nil {
					t.Fatalf("%d jobs: %s: %v", jobs, r.Output, r.Err)
				}
			}
			b, err := os.ReadFile(filepath.Join(dir, "book.epub"))
			if err != nil {
				t.Fatal(err)
			}
			if !hasPageList(t, b) {
				t.Errorf("%d jobs: the EPUB has no page list", jobs)
			}
		case <-time.After(2 * time.Minute):
			t.Fatalf("%d jobs: the run did not end", jobs)
		}
	}
}
