package epub

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
)

// load loads a collection from dir, failing the test when it cannot.
func load(t testing.TB, dir string) *model.Collection {
	t.Helper()
	c, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestHostileEntryThroughLoader renders an entry whose body carries raw
// HTML and checks, as a reader would, that none of it reaches the book.
func TestHostileEntryThroughLoader(t *testing.T) {
	t.Parallel() // EPUBCheck is slow; let the checks overlap
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"commonplace.yaml": "title: Hostile\ncompiler: Tester\n",
		"2020-01-02-hostile.md": "---\ntitle: \"<b>Bold</b> & <script>alert(1)</script>\"\nauthor: \"Mallory <mallory@example.com>\"\n" +
			"link: javascript:alert(1)\n---\n\n" +
			"> Before <script>alert('x')</script> after.\n>\n> <img src=\"../../etc/passwd\"> and <iframe src=\"https://evil.example\"></iframe>\n\n" +
			"\"A quoted paragraph with a [link](javascript:alert(2)) and a footnote.[^1]\"\n\n" +
			"<script>document.write('raw block')</script>\n\n<img src=\"../../etc/passwd\">\n\n" +
			"[^1]: A note with <script>x()</script> inside.\n",
		"2021-05-06-normal.md": "---\ntitle: Normal\nauthor: Henry David Thoreau\ncategory: nature\n---\n\n> I went to the woods because I wished to live deliberately.\n",
	})
	c := load(t, dir)
	book := encode(t, c, &Options{})
	keepBook(t, "hostile.epub", book)
	files, _ := unzip(t, book)
	for name, data := range files {
		low := strings.ToLower(data)
		for _, bad := range []string{"<script", "<iframe", "etc/passwd", `href="javascript`, `src="javascript`, "evil.example"} {
			if strings.Contains(low, bad) {
				t.Errorf("%s contains %q", name, bad)
			}
		}
		if name != "EPUB/xhtml/cover.xhtml" && strings.Contains(low, "<img") {
			t.Errorf("%s contains an image", name)
		}
	}
	all := ""
	for name, data := range files {
		if strings.HasPrefix(name, "EPUB/xhtml/group") {
			all += data
		}
	}
	if !strings.Contains(all, "Before") || !strings.Contains(all, "after.") || !strings.Contains(all, "deliberately") {
		t.Errorf("the quotes' text is missing:\n%s", all)
	}
	epubcheck(t, "hostile.epub", book)
}

// TestCoverOutsideRoot refuses cover images outside the collection and
// uses one inside it.
func TestCoverOutsideRoot(t *testing.T) {
	t.Parallel() // EPUBCheck is slow; let the checks overlap
	outside := t.TempDir()
	secret := filepath.Join(outside, "secret.png")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")
	if err := os.WriteFile(secret, png, 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md":          "---\ntitle: A\n---\n\n> Text.\n",
		"img/cover.png": string(png),
	})
	if err := os.Symlink(secret, filepath.Join(dir, "link.png")); err != nil {
		t.Skip("no symlinks here")
	}
	for _, cover := range []string{secret, "../" + filepath.Base(outside) + "/secret.png", "link.png", "missing.png", "a.md"} {
		c := load(t, dir)
		var warned []string
		book := encode(t, c, &Options{Config: &Config{Theme: "default", Cover: cover}, Warn: func(p model.Problem) { warned = append(warned, p.Message) }})
		files, _ := unzip(t, book)
		if _, ok := files["EPUB/images/cover.jpg"]; !ok {
			t.Errorf("cover %q: the generated cover was not used", cover)
		}
		if len(warned) == 0 {
			t.Errorf("cover %q: no warning", cover)
		}
	}
	c := load(t, dir)
	if err := c.Settings.Set("epub.cover", "img/cover.png"); err != nil {
		t.Fatal(err)
	}
	book := encode(t, c, &Options{})
	files, _ := unzip(t, book)
	if files["EPUB/images/cover.png"] != string(png) {
		t.Errorf("the collection's cover image was not used")
	}
	if !strings.Contains(files["EPUB/package.opf"], `href="images/cover.png" media-type="image/png" properties="cover-image"`) {
		t.Errorf("package document does not name the PNG cover:\n%s", files["EPUB/package.opf"])
	}
	epubcheck(t, "png-cover.epub", book)
}

// TestSamples renders the project's sample collection, checks it with
// EPUBCheck and reads it as a reader would: every entry is in the book,
// with its language marked.
func TestSamples(t *testing.T) {
	t.Parallel() // EPUBCheck is slow; let the checks overlap
	dir := filepath.Join("..", "..", "samples")
	ents, _ := os.ReadDir(dir)
	if len(ents) == 0 {
		t.Skip("samples/ is empty")
	}
	c := load(t, dir)
	if len(c.Entries) == 0 {
		t.Skip("samples/ has no entries")
	}
	var warned []string
	o := &Options{Warn: func(p model.Problem) { warned = append(warned, p.String()) }}
	book := encode(t, c, o)
	keepBook(t, "samples.epub", book)
	epubcheck(t, "samples.epub", book)
	for _, w := range warned {
		t.Log("warning:", w)
	}
	files, _ := unzip(t, book)
	var text strings.Builder
	for name, data := range files {
		if strings.HasPrefix(name, "EPUB/xhtml/group") {
			text.WriteString(data)
		}
	}
	n := strings.Count(text.String(), `<article class="entry"`)
	if n != len(c.Entries) {
		t.Errorf("%d entries in the book, %d in the collection", n, len(c.Entries))
	}
	for _, e := range c.Entries {
		for _, q := range e.Quotes {
			if q.Dir == "rtl" && !regexp.MustCompile(`<blockquote class="quote"[^>]* dir="rtl"`).MatchString(text.String()) {
				t.Errorf("%s: right-to-left quote without dir=rtl", e.Path)
			}
		}
	}
	again := encode(t, load(t, dir), &Options{Warn: func(model.Problem) {}})
	if !bytes.Equal(book, again) {
		t.Error("two renders of samples/ differ")
	}
	sans := encode(t, c, &Options{Config: &Config{Theme: "sans", EmbedFonts: true}, Now: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)})
	keepBook(t, "samples-sans-fonts.epub", sans)
	epubcheck(t, "samples-sans-fonts.epub", sans)
}

// TestGeneratedCorpus checks a generated collection big enough to split
// groups across documents.
func TestGeneratedCorpus(t *testing.T) {
	t.Parallel() // EPUBCheck is slow; let the checks overlap
	if testing.Short() {
		t.Skip("short")
	}
	dir := t.TempDir()
	if err := corpus.Generate(dir, 600, 7); err != nil {
		t.Fatal(err)
	}
	c := load(t, dir)
	book := encode(t, c, &Options{MaxDocBytes: 64 << 10})
	files, _ := unzip(t, book)
	split := 0
	for name := range files {
		if regexp.MustCompile(`group\d+-\d+\.xhtml$`).MatchString(name) {
			split++
		}
	}
	if split == 0 {
		t.Error("no group was split")
	}
	keepBook(t, "corpus.epub", book)
	epubcheck(t, "corpus.epub", book)
}

func benchCollection(b *testing.B, n int) *model.Collection {
	c, err := corpus.Collection(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkEncode(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			c := benchCollection(b, n)
			runtime.GC()
			b.ReportAllocs()
			b.ResetTimer()
			var size int
			for i := 0; i < b.N; i++ {
				var buf bytes.Buffer
				if err := Encode(&buf, c, &Options{}); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
}
