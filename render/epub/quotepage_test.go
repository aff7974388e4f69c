package epub

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestQuotePages: imported highlights carry their own pages; the EPUB
// prints each quote's page after it when they differ, and the one page
// in the citation when they agree.
func TestQuotePages(t *testing.T) {
	parse := func(name, src string) *model.Entry {
		e, probs := model.ParseEntry(name, []byte(src))
		if e == nil || model.Errors(probs) > 0 {
			t.Fatalf("parse %s: %v", name, probs)
		}
		return e
	}
	two := parse("two.md", "---\ntitle: The Lantern Keeper\nauthor: Mira Ashdown\npublisher: Harbour Press\ndate: 2019\n---\n\n> FIRST passage.\n> — page 12, location 180-183\n\n> SECOND passage.\n> — page 30\n")
	one := parse("one.md", "---\ntitle: Old Roads\nauthor: Eli Tarn\npublisher: Harbour Press\ndate: 2020\n---\n\n> ONLY passage.\n> — page 77\n")
	c := &model.Collection{Settings: model.Settings{Title: "T", Language: "en", Group: "none"}, Entries: []*model.Entry{two, one}}
	files, _ := unzip(t, encode(t, c, &Options{}))
	var page string
	for _, f := range files {
		if strings.Contains(f, "FIRST passage") {
			page = f
		}
	}
	for _, w := range []string{
		"FIRST passage.\u00a0(12)</p>",
		"SECOND passage.\u00a0(30)</p>",
		`<p class="citation">Mira Ashdown, <em>The Lantern Keeper</em> (Harbour Press, 2019).`,
		"ONLY passage.</p>",
		`<p class="citation">Eli Tarn, <em>Old Roads</em> (Harbour Press, 2020), 77.`,
	} {
		if !strings.Contains(page, w) {
			t.Errorf("%q missing from:\n%s", w, page)
		}
	}
}
