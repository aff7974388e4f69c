package epub

import (
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
