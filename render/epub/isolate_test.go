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
