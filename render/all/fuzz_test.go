package all

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/internal/panics"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/epub"
	"github.com/commonplace-book/commonplace/render/feed"
	"github.com/commonplace-book/commonplace/render/pdf"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// watchdog panics, from its own goroutine, when the input has not been
// handled within d: the fuzzer then records the input (a hang would
// otherwise stall the fuzzer without a report). The returned function
// stops it.
func watchdog(d time.Duration, data []byte) func() bool {
	start := time.Now()
	tm := time.AfterFunc(d, func() {
		panic(fmt.Sprintf("input not handled in %v (started %v ago): %q", d, time.Since(start), data))
	})
	return tm.Stop
}

// lineCount returns the number of lines of data as the parsers count
// them: LF, CRLF and a lone CR each end a line (a last line without one
// counts).
func lineCount(data []byte) int {
	n := 1
	for i, c := range data {
		if c == '\n' || (c == '\r' && (i+1 == len(data) || data[i+1] != '\n')) {
			n++
		}
	}
	return n
}

// FuzzSettings feeds commonplace.yaml files to the settings parser and to
// every renderer's section parser (render.ResolveConfigs): nothing may
// panic (panics are let through: internal/panics), and every problem
// names commonplace.yaml and a line inside the file.
func FuzzSettings(f *testing.F) {
	panics.Propagate(true)
	f.Cleanup(func() { panics.Propagate(false) })
	for _, p := range []string{"../../samples/commonplace.yaml", "../../examples/*/commonplace.yaml"} {
		files, _ := filepath.Glob(p)
		for _, file := range files {
			if b, err := os.ReadFile(file); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte("title: T\npdf:\n  layout: a4\nepub:\n  cover: c.svg\nfeed:\n  link: https://x.org/\n  days: 7\n  history: h.txt\nbuild:\n  dir: out\n  names: {pdf: b.pdf}\n"))
	f.Add([]byte("feed: {days: 100000000, link: 'javascript:x'}\nbuild: {dir: /tmp, names: {rss: ../x}}\n"))
	f.Add([]byte("a: &a [*a]\n"))
	f.Add([]byte("labels:\n  contents: [1, {2: 3}]\nlanguage: 12\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(10*time.Second, data)()
		s, probs := model.ParseSettings(data)
		c := &model.Collection{Settings: s}
		_, more := render.ResolveConfigs(c)
		n := lineCount(data)
		for _, p := range append(probs, more...) {
			if p.Path != model.SettingsFile || p.Line < 0 || p.Line > n+1 {
				t.Errorf("problem %q: want commonplace.yaml and a line from 0 to %d", p.String(), n+1)
			}
		}
	})
}

// FuzzLayout feeds PDF layout files to the layout parser: it must never
// panic, and a layout it accepts has finite lengths in range, a text
// block of at least 30% of the page each way, and types that fit it.
func FuzzLayout(f *testing.F) {
	for _, n := range []string{"a5", "a4", "6x9", "letter"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "layouts", "pdf", n+".yaml"))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		f.Add(bytes.Replace(b, []byte("size: 10,"), []byte("size: NaN,"), 1))
	}
	f.Add([]byte("page: {width: 72, height: 72}\nmargins: {inner: 5mm}\ntext: {body: {size: 200, leading: 1e5}}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(10*time.Second, data)()
		l, err := pdf.ParseLayout(data)
		if err != nil {
			var le *pdf.LayoutError
			if !asLayoutError(err, &le) || len(le.Problems) == 0 {
				t.Fatalf("error %v is not a *pdf.LayoutError with problems", err)
			}
			n := lineCount(data)
			for _, p := range le.Problems {
				if p.Line < 0 || p.Line > n+1 || p.Message == "" {
					t.Errorf("problem %+v: want a line from 0 to %d and a message", p, n+1)
				}
			}
			return
		}
		w, h := float64(l.Page.Width), float64(l.Page.Height)
		tw := w - float64(l.Margins.Inner+l.Margins.Outer)
		th := h - float64(l.Margins.Top+l.Margins.Bottom)
		if !(w >= 72 && w <= pdf.MaxLayoutSide && h >= 72 && h <= pdf.MaxLayoutSide) || !(tw >= 0.3*w && th >= 0.3*h) {
			t.Fatalf("accepted page %v×%v with a text block %v×%v", w, h, tw, th)
		}
		for role, ty := range l.Text {
			if !(ty.Size >= 4 && float64(ty.Size) <= tw/3 && ty.Leading >= 0.8*ty.Size && float64(ty.Leading) <= th/3) {
				t.Fatalf("accepted %s: size %v leading %v in a %v×%v text block", role, ty.Size, ty.Leading, tw, th)
			}
		}
	})
}

func asLayoutError(err error, le **pdf.LayoutError) bool {
	e, ok := err.(*pdf.LayoutError)
	*le = e
	return ok
}

// FuzzRenderEntry runs the whole render path of a one-entry collection:
// the entry file is parsed (model.ParseEntry) and the collection made into
// a PDF, an EPUB and the RSS, Atom, JSON and text feeds. Panics are let
// through (internal/panics) so the fuzzer sees them. Each output must be
// well formed: a PDF that ends with %%EOF, an EPUB that is a zip whose
// XHTML is well-formed XML, feeds that parse.
func FuzzRenderEntry(f *testing.F) {
	panics.Propagate(true)
	f.Cleanup(func() { panics.Propagate(false) })
	files, _ := filepath.Glob("../../samples/*.md")
	for i, p := range files {
		if i >= 8 {
			break
		}
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("---\ntitle: x\nlink: javascript:alert(1)\n---\n\n\"A [q](javascript:x) *b **c***\"\n"))
	f.Add([]byte("+++\ntitle = \"ش\"\nlang = \"ar\"\n+++\n\n> مرحبا  \n> بالعالم\n"))
	f.Add([]byte("---\ntitle: L\n---\n\n- a\n  - b\n    > c\n\n\"d[^1]\"\n\n[^1]: e\n"))
	s, _ := model.ParseSettings([]byte("title: Fuzz\nfeed:\n  link: https://example.com/\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(60*time.Second, data)()
		e, _ := model.ParseEntry("fuzz.md", data)
		if e == nil {
			return
		}
		c := &model.Collection{Settings: s, Entries: []*model.Entry{e}}
		o := render.Options{Now: rendertest.Now}
		var b bytes.Buffer
		if err := (pdf.Renderer{}).Render(&b, c, o); err != nil {
			t.Fatalf("pdf: %v", err)
		}
		if !bytes.HasPrefix(b.Bytes(), []byte("%PDF-")) || !bytes.HasSuffix(bytes.TrimRight(b.Bytes(), "\r\n"), []byte("%%EOF")) {
			t.Fatal("pdf: not a whole PDF file")
		}
		b.Reset()
		if err := (epub.Renderer{}).Render(&b, c, o); err != nil {
			t.Fatalf("epub: %v", err)
		}
		checkEPUB(t, b.Bytes())
		for _, r := range []render.Renderer{feed.RSS{}, feed.Atom{}, feed.JSON{}, feed.Text{}} {
			b.Reset()
			if err := r.Render(&b, c, o); err != nil {
				if strings.Contains(err.Error(), "no quote") {
					continue // an entry whose quotes are all empty
				}
				t.Fatalf("%s: %v", r.Name(), err)
			}
			switch r.Name() {
			case "rss", "atom":
				checkXML(t, r.Name(), b.Bytes())
			case "json":
				if !json.Valid(b.Bytes()) {
					t.Fatalf("json: not valid JSON")
				}
			}
		}
	})
}

// checkEPUB checks that book is a zip whose XML files are well formed.
func checkEPUB(t *testing.T, book []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatalf("epub: %v", err)
	}
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, ".xhtml") && !strings.HasSuffix(f.Name, ".opf") && !strings.HasSuffix(f.Name, ".ncx") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("epub: %s: %v", f.Name, err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		checkXML(t, "epub "+f.Name, data)
	}
}

// checkXML checks that data is well-formed XML.
func checkXML(t *testing.T, what string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v", what, err)
		}
	}
}
