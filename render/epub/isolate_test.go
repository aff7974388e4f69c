package epub

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// TestCitationFieldsIsolated: in an English book, each field of a mixed
// Arabic/English citation written right to left is a bdi element, the
// same fields the PDF isolates (books.IsolateFields), in the citations
// and in the list of sources, with the language marked inside when the
// entry is known to be Arabic.
func TestCitationFieldsIsolated(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{
		"aghani.md":    "---\nauthor: Abu al-Faraj al-Isfahani\ntitle: كتاب الأغاني\npublisher: دار الكتب\nplace: Cairo\ndate: 1927\n---\n\n> The book of songs, in twenty-one volumes.\n",
		"mutanabbi.md": "---\nauthor: المتنبي\ntitle: الديوان\ntranslator: A. J. Arberry\nlang: ar\n---\n\n> الخيل والليل والبيداء تعرفني\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := load(t, dir)
	files, _ := unzip(t, encode(t, c, &Options{Warn: func(model.Problem) {}}))
	var body, sources string
	for name, data := range files {
		switch {
		case strings.HasPrefix(name, "EPUB/xhtml/group"):
			body += data
		case strings.HasPrefix(name, "EPUB/xhtml/sources"):
			sources += data
		}
	}
	bdi := regexp.MustCompile(`<bdi>(.*?)</bdi>`)
	tags := regexp.MustCompile(`<[^>]*>`)
	for _, e := range c.Entries {
		cite, err := model.Cite(e, c.Settings.Defaults().Style)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, f := range strings.Split(model.Plain(books.IsolateFields(e, cite, false)), string(books.FSI))[1:] {
			want = append(want, strings.Split(f, string(books.PDI))[0])
		}
		if len(want) == 0 {
			t.Fatalf("%s: nothing isolated in %q", e.Path, model.Plain(cite))
		}
		for where, text := range map[string]string{"citation": body, "sources": sources} {
			var got []string
			for _, m := range bdi.FindAllStringSubmatch(text, -1) {
				got = append(got, tags.ReplaceAllString(m[1], ""))
			}
			for _, w := range want {
				found := false
				for _, g := range got {
					found = found || g == w
				}
				if !found {
					t.Errorf("%s: %s: no <bdi>%s</bdi> (bdi: %q)", e.Path, where, w, got)
				}
			}
		}
	}
	for _, want := range []string{
		`<bdi>كتاب الأغاني</bdi>`,
		`<bdi><span lang="ar" xml:lang="ar" dir="rtl">المتنبي</span></bdi>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("citation: no %s", want)
		}
	}
	if strings.ContainsAny(body+sources, string(books.FSI)+string(books.PDI)) {
		t.Error("isolation marks left in the text")
	}
}

// TestCitationLeftToRightInRTLBook: citations are English
// (books.CitationLang), so in an Arabic book every citation and every
// item of the list of sources runs left to right (dir="ltr"), with the
// Arabic fields isolated inside, as the PDF sets them.
func TestCitationLeftToRightInRTLBook(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"commonplace.yaml": "title: كتاب\nlanguage: ar\n",
		"analects.md":      "---\ntitle: The Analects\nauthor: Confucius\ntranslator: James Legge\npublisher: Trübner\nplace: London\ndate: 1861\n---\n\n> Is it not pleasant to learn?\n",
		"mutanabbi.md":     "---\nauthor: المتنبي\ntitle: الديوان\ntranslator: A. J. Arberry\nlang: ar\n---\n\n> الخيل والليل والبيداء تعرفني\n",
	}
	for name, src := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c := load(t, dir)
	if c.Settings.Language != "ar" {
		t.Fatalf("language %q, want ar", c.Settings.Language)
	}
	docs, _ := unzip(t, encode(t, c, &Options{Warn: func(model.Problem) {}}))
	cites, items := 0, 0
	for name, data := range docs {
		switch {
		case strings.HasPrefix(name, "EPUB/xhtml/group"):
			cites += strings.Count(data, `<p class="citation" dir="ltr">`)
			if n := strings.Count(data, `<p class="citation"`); n != strings.Count(data, `<p class="citation" dir="ltr">`) {
				t.Errorf("%s: %d citations, not all left to right:\n%s", name, n, data)
			}
		case strings.HasPrefix(name, "EPUB/xhtml/sources"):
			items += strings.Count(data, `<li dir="ltr">`)
			if !strings.Contains(data, "<bdi") {
				t.Errorf("%s: the Arabic fields are not isolated:\n%s", name, data)
			}
		}
	}
	if cites != 2 || items != 2 {
		t.Errorf("%d citations and %d sources left to right, want 2 and 2", cites, items)
	}
}
