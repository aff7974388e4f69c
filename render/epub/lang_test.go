package epub

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestForeignNamesAndTitles: in the samples (an English book), the
// names and titles of entries in another language are marked with it in
// the byline, the citations, the index and the list of sources (and the
// letters they are filed under), so a screen reader switches voice; names in Latin letters of a Greek or
// Russian entry (Homer, the English editors) are not.
func TestForeignNamesAndTitles(t *testing.T) {
	c := load(t, filepath.Join("..", "..", "samples"))
	files, _ := unzip(t, encode(t, c, &Options{Warn: func(model.Problem) {}}))
	var body, index, sources string
	for name, data := range files {
		switch {
		case strings.HasPrefix(name, "EPUB/xhtml/group"):
			body += data
		case strings.HasPrefix(name, "EPUB/xhtml/index"):
			index += data
		case strings.HasPrefix(name, "EPUB/xhtml/sources"):
			sources += data
		}
	}
	for _, c := range []struct{ where, in, want string }{
		{"byline", body, `<p class="byline"><span lang="ru" xml:lang="ru">Александр Пушкин</span></p>`},
		// a byline all in a right-to-left script runs right to left, as the
		// PDF sets it and as the heading above it does
		{"byline", body, `<p class="byline" dir="rtl"><span lang="ar" xml:lang="ar" dir="rtl">المتنبي</span></p>`},
		{"citation", body, `<span lang="ru" xml:lang="ru">Я вас любил: любовь ещё, быть может…</span>`},
		{"citation", body, `<span lang="ar" xml:lang="ar" dir="rtl">المتنبي</span>`},
		{"index", index, `<span class="name" lang="ru" xml:lang="ru">Толстой, Лев</span>`},
		{"index", index, `<span class="name" lang="zh" xml:lang="zh">孔子</span>`},
		{"sources", sources, `<span lang="ru" xml:lang="ru">Анна Каренина</span>`},
		{"sources", sources, `<span lang="el" xml:lang="el">Ἰλιάς</span>`},
		// the letters the index and the sources file them under
		{"index", index, `<h2 lang="ru" xml:lang="ru">Т</h2>`},
		{"index", index, `<h2 lang="zh" xml:lang="zh">孔</h2>`},
		{"index", index, `<h2 lang="ar" xml:lang="ar" dir="rtl">م</h2>`},
		{"sources", sources, `<h2 lang="ar" xml:lang="ar" dir="rtl">ا</h2>`},
	} {
		if !strings.Contains(c.in, c.want) {
			t.Errorf("%s: no %s", c.where, c.want)
		}
	}
	for _, bad := range []string{`lang="el" xml:lang="el">Homer`, `lang="el" xml:lang="el">D. B. Monro`, `<span lang="en"`} {
		if strings.Contains(body+index+sources, bad) {
			t.Errorf("marked wrongly: %s", bad)
		}
	}
}

// TestBylineMixedScripts: a byline that names an author in Latin letters
// beside one in the entry's right-to-left script keeps the book's
// direction; only the Arabic name is marked.
func TestBylineMixedScripts(t *testing.T) {
	dir := t.TempDir()
	entry := "---\ntitle: ديوان\nauthor:\n  - المتنبي\n  - A. J. Arberry\nlang: ar\n---\n\n> الخيل والليل والبيداء تعرفني\n"
	if err := os.WriteFile(filepath.Join(dir, "a.md"), []byte(entry), 0o644); err != nil {
		t.Fatal(err)
	}
	files, _ := unzip(t, encode(t, load(t, dir), &Options{Warn: func(model.Problem) {}}))
	var body string
	for name, data := range files {
		if strings.HasPrefix(name, "EPUB/xhtml/group") {
			body += data
		}
	}
	want := `<p class="byline"><span lang="ar" xml:lang="ar" dir="rtl">المتنبي</span> and A. J. Arberry</p>`
	if !strings.Contains(body, want) {
		i := strings.Index(body, `class="byline"`)
		t.Errorf("byline %q, want %s", body[max(i-3, 0):min(i+160, len(body))], want)
	}
}
