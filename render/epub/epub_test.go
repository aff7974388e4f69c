package epub

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
)

var keep = flag.String("keep", "", "write the test books into this folder to look at them")

// fixture is a small collection built as model values: several scripts,
// verse, lists, links, footnotes, commentary and hostile strings.
func fixture() *model.Collection {
	return &model.Collection{
		Root: "",
		Settings: model.Settings{
			Title:    "A Commonplace Book & <Friends>",
			Subtitle: "Passages worth keeping",
			Compiler: "Jane Q. Reader",
			Language: "en",
		},
		Entries: []*model.Entry{
			{
				Path: "2015-11-16-from-mumbai-to-paris.md", Slug: "from-mumbai-to-paris", ID: "from-mumbai-to-paris",
				Title: "From Mumbai to Paris", Authors: []model.Name{{Given: "Ahmed", Family: "Rashid"}},
				Publication: "The New York Review of Books", Link: "https://www.nybooks.com/online/2015/11/16/isis-from-mumbai-to-paris/",
				Date: model.Date{Year: 2015, Month: 11, Day: 16}, Type: "article", Category: "politics",
				Quotes: []model.Quote{
					{ID: "q1", Mark: "quotes", Dir: "ltr", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{
						{Text: "Yet the recent string of ISIS attacks "}, {Text: "is", Italic: true}, {Text: " different."},
						{Note: "from-mumbai-to-paris-fn-1"},
					}}}},
					{ID: "q2", Mark: "quotes", Dir: "ltr", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{
						{Text: "In fact none of these targets is "}, {Text: "random", Bold: true}, {Text: ". See "},
						{Text: "this", Link: "https://example.com/a?b=1&c=2"}, {Text: " and ", Link: "javascript:alert(1)"},
						{Text: "that", Link: "#nowhere"}, {Text: "."},
					}}}},
				},
				Commentary: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "Read on the train, 2015."}}}},
				Notes:      []model.Note{{ID: "from-mumbai-to-paris-fn-1", Label: "1", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "Written after the Paris attacks."}}}}}},
			},
			{
				Path: "poems/iliad.md", Slug: "iliad", ID: "iliad", Title: "Ἰλιάς", Authors: []model.Name{{Family: "Homer"}},
				Type: "poem", Category: "poetry", Lang: "grc", Date: model.Date{Year: -700},
				Quotes: []model.Quote{{ID: "q3", Mark: "blockquote", Lang: "grc", Dir: "ltr", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{
					{Text: "μῆνιν ἄειδε θεὰ Πηληϊάδεω Ἀχιλῆος"}, {Break: true}, {Text: "οὐλομένην, ἣ μυρί᾽ Ἀχαιοῖς ἄλγε᾽ ἔθηκε"},
				}}}}},
			},
			{
				Path: "poems/rumi.md", Slug: "rumi", ID: "rumi", Title: "مثنوی معنوی", Authors: []model.Name{{Family: "Rumi"}},
				Type: "poem", Category: "poetry", Lang: "fa",
				Quotes: []model.Quote{{ID: "q4", Mark: "blockquote", Lang: "fa", Dir: "rtl", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{
					{Text: "بشنو این نی چون شکایت می‌کند"}, {Break: true}, {Text: "از جدایی‌ها حکایت می‌کند"},
				}}}}},
			},
			{
				Path: "tao.md", Slug: "tao", ID: "tao", Title: "道德經", Authors: []model.Name{{Family: "Laozi"}}, Category: "philosophy",
				Type: "book", Lang: "zh",
				Quotes: []model.Quote{{ID: "q5", Mark: "none", Lang: "zh", Dir: "ltr", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "道可道，非常道。名可名，非常名。"}}}}}},
			},
			{
				Path: "evil.md", Slug: "evil", ID: "evil", Title: `Evil <script>alert("x")</script> & "title"`, Category: "",
				Authors: []model.Name{{Given: "Bad\x00\x1b", Family: "Actor\u0085"}}, Lang: "not a tag!!", Type: "webpage",
				Quotes: []model.Quote{{ID: "q6", Mark: "blockquote", Lang: "xx-invalid-!!", Dir: "sideways", Blocks: []model.Block{
					{Kind: "p", Runs: []model.Run{{Text: `<script>alert(1)</script><img src="../../etc/passwd">`}, {Note: "missing-note"}}},
					{Kind: "li", Level: 1, Runs: []model.Run{{Text: "one"}}}, // as the loader gives a top-level list
					{Kind: "li", Level: 2, Runs: []model.Run{{Text: "one.one"}}},
					{Kind: "li", Level: 1, Runs: []model.Run{{Text: "two"}}},
					{Kind: "pre", Runs: []model.Run{{Text: "x := <y> && z"}}},
					{Kind: "hr"},
					{Kind: "h", Runs: []model.Run{{Text: "A heading"}}},
					{Kind: "p", Level: 2, Runs: []model.Run{{Text: "nested", Code: true}}},
				}}},
				Notes: []model.Note{
					{ID: "evil-fn-1", Label: "1", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "unreferenced"}}}}},
				},
			},
		},
	}
}

func encode(t *testing.T, c *model.Collection, o *Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, c, o); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return buf.Bytes()
}

// unzip returns the book's files by name, and their names in zip order.
func unzip(t *testing.T, book []byte) (map[string]string, []string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	var order []string
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = string(b)
		order = append(order, f.Name)
	}
	return files, order
}

func TestFixtureWellFormed(t *testing.T) {
	var warnings []model.Problem
	book := encode(t, fixture(), &Options{Warn: func(p model.Problem) { warnings = append(warnings, p) }})
	keepBook(t, "fixture.epub", book)
	files, order := unzip(t, book)
	if order[0] != "mimetype" || files["mimetype"] != "application/epub+zip" {
		t.Fatalf("mimetype is not first: %v", order[:3])
	}
	if !bytes.Equal(book[30:38], []byte("mimetype")) || !bytes.Equal(book[38:58], []byte("application/epub+zip")) {
		t.Errorf("mimetype is not stored at offset 30 without extra field")
	}
	for name, data := range files {
		if strings.HasSuffix(name, ".xhtml") || strings.HasSuffix(name, ".opf") || strings.HasSuffix(name, ".ncx") {
			d := xml.NewDecoder(strings.NewReader(data))
			d.Strict = true
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Errorf("%s is not well-formed XML: %v", name, err)
					break
				}
			}
		}
	}
	// the text of the book (the cover image's bytes may hold anything)
	var texts []string
	for name, data := range files {
		if !strings.HasPrefix(name, "EPUB/images/") && !strings.HasPrefix(name, "EPUB/fonts/") {
			texts = append(texts, data)
		}
	}
	all := strings.Join(texts, "\n")
	for _, bad := range []string{"<script", "<img src=\"../../etc/passwd\"", "javascript:", "\x00", "\x1b", "&ldquo;", "href=\"#nowhere\""} {
		if strings.Contains(all, bad) {
			t.Errorf("book contains %q", bad)
		}
	}
	if len(warnings) == 0 {
		t.Errorf("no warning for the malformed language tags")
	}
	opf := files["EPUB/package.opf"]
	for _, want := range []string{
		`<meta property="dcterms:modified">2015-11-16T00:00:00Z</meta>`,
		`<meta name="cover" content="`,
		`schema:accessibilitySummary`,
		`<dc:subject>poetry</dc:subject>`,
		`properties="cover-image"`,
		`scheme="marc:relators">com</meta>`,
	} {
		if !strings.Contains(opf, want) {
			t.Errorf("package document lacks %s", want)
		}
	}
	g := files["EPUB/xhtml/group001.xhtml"]
	for _, want := range []string{`epub:type="noteref"`, `epub:type="footnote"`, `role="doc-backlink"`, `<em>is</em>`, `<strong>random</strong>`, `href="https://example.com/a?b=1&amp;c=2"`, `lang="en" xml:lang="en"`} {
		if !strings.Contains(all, want) {
			t.Errorf("book lacks %s", want)
		}
	}
	_ = g
	if !strings.Contains(all, `dir="rtl"`) || !strings.Contains(all, `lang="fa"`) {
		t.Errorf("the Persian quote is not marked rtl")
	}
}

func keepBook(t *testing.T, name string, book []byte) {
	if *keep == "" {
		return
	}
	if err := os.WriteFile(filepath.Join(*keep, name), book, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDeterministic(t *testing.T) {
	now := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	a := encode(t, fixture(), &Options{Now: now, Config: &Config{Theme: "default", EmbedFonts: true}})
	b := encode(t, fixture(), &Options{Now: now, Config: &Config{Theme: "default", EmbedFonts: true}})
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of the same collection differ")
	}
	files, _ := unzip(t, a)
	if !strings.Contains(files["EPUB/package.opf"], "2024-05-06T07:08:09Z") {
		t.Error("dcterms:modified is not Options.Now")
	}
	for _, f := range []string{"EPUB/fonts/NotoSerif-Regular.ttf", "EPUB/fonts/NotoNaskhArabic-Regular.ttf", "EPUB/fonts/DroidSansFallback.ttf"} {
		if _, ok := files[f]; !ok {
			t.Errorf("embedded fonts lack %s", f)
		}
	}
	if !strings.Contains(files["EPUB/css/book.css"], "@font-face") {
		t.Error("no @font-face rules with embedded fonts")
	}
}

func TestIdentifierStable(t *testing.T) {
	s := model.Settings{Title: "T", Compiler: "C"}
	if identifier(s) != identifier(s) {
		t.Fatal("identifier is not stable")
	}
	if !regexp.MustCompile(`^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(identifier(s)) {
		t.Fatalf("identifier %s is not a version 5 UUID", identifier(s))
	}
	if identifier(s) == identifier(model.Settings{Title: "T2", Compiler: "C"}) {
		t.Fatal("different titles give the same identifier")
	}
}

func TestEPUBCheckFixture(t *testing.T) {
	t.Parallel() // EPUBCheck is slow; let the checks overlap
	epubcheck(t, "fixture.epub", encode(t, fixture(), &Options{}))
	epubcheck(t, "fixture-fonts-sans.epub", encode(t, fixture(), &Options{Config: &Config{Theme: "sans", EmbedFonts: true}, MaxDocBytes: 600}))
}

// TestOddCollections renders collections the loader would hardly return:
// none of them may panic, and the empty one must still be a valid book.
func TestOddCollections(t *testing.T) {
	t.Parallel() // EPUBCheck is slow; let the checks overlap
	long := make([]model.Block, 0, 400)
	for i := 0; i < 400; i++ {
		long = append(long, model.Block{Kind: "p", Runs: []model.Run{{Text: strings.Repeat("word ", 100)}}})
	}
	odd := map[string]*model.Collection{
		"empty":        {},
		"nil entry":    {Entries: []*model.Entry{nil, {Path: "a.md"}, nil}},
		"zero entry":   {Entries: []*model.Entry{{}, {}}},
		"bad settings": {Settings: model.Settings{Title: "\x00\x01", Language: "!!", Group: "nonsense", Sort: "??"}, Entries: []*model.Entry{{Path: "x.md", ID: "1 2 3", Slug: "x"}}},
		"huge entry":   {Entries: []*model.Entry{{Path: "big.md", ID: "big", Title: "Big", Quotes: []model.Quote{{Blocks: long}}}, {Path: "small.md", ID: "small", Title: "Small"}}},
		"same ids":     {Entries: []*model.Entry{{Path: "a.md", ID: "g1", Title: "A", Notes: []model.Note{{ID: "n"}, {ID: "n"}}, Quotes: []model.Quote{{Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Note: "n"}, {Note: "n"}}}}}}}, {Path: "b.md", ID: "g1", Title: "B"}}},
		"by year":      {Settings: model.Settings{Group: "year"}, Entries: []*model.Entry{{Path: "a.md", ID: "a", Date: model.Date{Year: 99999}}, {Path: "b.md", ID: "b", Date: model.Date{Year: -5}}}},
		"by author":    {Settings: model.Settings{Group: "author"}, Entries: []*model.Entry{{Path: "a.md", ID: "a", Authors: []model.Name{{}, {Family: "Ω"}}}}},
		"rtl book": {Settings: model.Settings{Language: "syr", Title: "ܟܬܒܐ"}, Entries: []*model.Entry{{Path: "s.md", ID: "s", Title: "ܫܠܡܐ", Lang: "syr",
			Quotes: []model.Quote{{Lang: "syr", Dir: "rtl", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "ܫܠܡܐ ܥܠܡܐ"}}}}}}}}},
	}
	for name, c := range odd {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Encode(&buf, c, &Options{Now: time.Date(20000, 1, 1, 0, 0, 0, 0, time.UTC)}); err != nil {
				t.Fatalf("Encode: %v", err)
			}
			if name == "empty" || name == "same ids" || name == "rtl book" {
				epubcheck(t, strings.ReplaceAll(name, " ", "-")+".epub", buf.Bytes())
			}
		})
	}
}

// withStyle returns c with the citation style set to style.
func withStyle(c *model.Collection, style string) *model.Collection {
	c.Settings.Style = style
	return c
}

func TestUnknownThemeAndStyle(t *testing.T) {
	var buf bytes.Buffer
	if err := Encode(&buf, fixture(), &Options{Config: &Config{Theme: "nope"}}); err == nil || !strings.Contains(err.Error(), `no theme "nope" (known: default, sans)`) || strings.Count(err.Error(), "known") != 1 {
		t.Errorf("unknown theme: %v", err)
	}
	if err := Encode(&buf, fixture(), &Options{Config: &Config{Theme: "../pdf/a5"}}); err == nil {
		t.Error("a theme outside layouts/epub/ was accepted")
	}
	if err := Encode(&buf, withStyle(fixture(), "harvard"), &Options{}); err == nil {
		t.Error("unknown style accepted")
	}
}

// TestCollectionTheme uses a theme from the collection's own layouts/.
func TestCollectionTheme(t *testing.T) {
	c := fixture()
	c.Root = t.TempDir()
	if err := os.MkdirAll(filepath.Join(c.Root, "layouts", "epub"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(c.Root, "layouts", "epub", "mine.css"), []byte("body { color: #123456; }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	files, _ := unzip(t, encode(t, c, &Options{Config: &Config{Theme: "mine"}}))
	if !strings.Contains(files["EPUB/css/book.css"], "#123456") {
		t.Error("the collection's theme was not used")
	}
}
