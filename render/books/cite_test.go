package books

import (
	"reflect"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestCiteQuotePages: a book cites the quotes' own pages — in the
// citation when every quote has the same page, else after each quote.
func TestCiteQuotePages(t *testing.T) {
	const head = "---\ntitle: The Lantern Keeper\nauthor: Mira Ashdown\npublisher: Harbour Press\ndate: 2019\n%s---\n\n"
	quote := func(text, where string) string {
		s := "> " + text + "\n"
		if where != "" {
			s += "> — " + where + "\n"
		}
		return s + "\n"
	}
	tests := []struct {
		name, style, front string
		quotes             [][2]string
		cite               string
		locators           []string
	}{
		{"one page each", "chicago", "",
			[][2]string{{"The sea was patient.", "page 12, location 180-183"}, {"Every keeper is kept.", "page 30"}},
			"Mira Ashdown, The Lantern Keeper (Harbour Press, 2019).", []string{"(12)", "(30)"}},
		{"the same page", "chicago", "",
			[][2]string{{"The sea was patient.", "page 12"}, {"And so was the keeper.", "p. 12"}},
			"Mira Ashdown, The Lantern Keeper (Harbour Press, 2019), 12.", nil},
		{"one quote", "mla", "",
			[][2]string{{"The sea was patient.", "page 12-14"}},
			"Ashdown, Mira. The Lantern Keeper. Harbour Press, 2019, pp. 12–14.", nil},
		{"apa", "apa", "",
			[][2]string{{"The sea was patient.", "page 12"}, {"Every keeper is kept.", "page 30-31"}, {"No page.", "location 95"}},
			"Ashdown, M. (2019). The Lantern Keeper. Harbour Press.", []string{"(p. 12)", "(pp. 30–31)", ""}},
		{"some without", "mla", "",
			[][2]string{{"The sea was patient.", ""}, {"Every keeper is kept.", "page 30"}},
			"Ashdown, Mira. The Lantern Keeper. Harbour Press, 2019.", []string{"", "(30)"}},
		{"a chapter's pages, quotes on other pages", "chicago", "publication: Tales\npages: 100-150\n",
			[][2]string{{"The sea was patient.", "page 112"}, {"Every keeper is kept.", "page 130"}},
			"Mira Ashdown, “The Lantern Keeper,” in Tales (Harbour Press, 2019), 100–150.", []string{"(112)", "(130)"}},
		{"a chapter, one page: the note's locator", "chicago", "publication: Tales\npages: 100-150\n",
			[][2]string{{"The sea was patient.", "page 112"}},
			"Mira Ashdown, “The Lantern Keeper,” in Tales (Harbour Press, 2019), 112.", nil},
		{"a bibliography gives no locator", "chicago-bib", "",
			[][2]string{{"The sea was patient.", "page 12"}},
			"Ashdown, Mira. The Lantern Keeper. Harbour Press, 2019.", []string{"(12)"}},
		{"no pages", "chicago", "",
			[][2]string{{"The sea was patient.", "location 180"}, {"Every keeper is kept.", ""}},
			"Mira Ashdown, The Lantern Keeper (Harbour Press, 2019).", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(head, "%s", tt.front, 1)
			for _, q := range tt.quotes {
				src += quote(q[0], q[1])
			}
			e, probs := model.ParseEntry("lantern.md", []byte(src))
			if e == nil || model.Errors(probs) > 0 || len(e.Quotes) != len(tt.quotes) {
				t.Fatalf("parse: %v %+v", probs, e)
			}
			c, err := Cite(e, tt.style)
			if err != nil {
				t.Fatal(err)
			}
			if got := model.Plain(c.Runs); got != tt.cite {
				t.Errorf("citation %q, want %q", got, tt.cite)
			}
			var locs []string
			for i := range e.Quotes {
				if i < len(c.Locators) {
					locs = append(locs, c.Locators[i])
				}
				bl := c.QuoteBlocks(e, i)
				text := model.Plain(bl[len(bl)-1].Runs)
				want := tt.quotes[i][0]
				if i < len(tt.locators) && tt.locators[i] != "" {
					want += "\u00a0" + tt.locators[i]
				}
				if text != want {
					t.Errorf("quote %d prints %q, want %q", i, text, want)
				}
				if model.Plain(e.Quotes[i].Blocks[0].Runs) != tt.quotes[i][0] {
					t.Errorf("QuoteBlocks changed the entry's quote %d", i)
				}
			}
			if !reflect.DeepEqual(locs, tt.locators) {
				t.Errorf("locators %q, want %q", locs, tt.locators)
			}
		})
	}
}
