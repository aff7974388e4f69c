package model

import "testing"

// TestCiteQuoteLocator: the page of one quote reaches its citation. The
// Chicago notes are what pandoc --citeproc gives with
// chicago-fullnote-bibliography.csl for [@key, p. N].
func TestCiteQuoteLocator(t *testing.T) {
	tests := []struct {
		name, style, src, want string
	}{
		{"book, chicago", "chicago",
			"---\ntitle: The Lantern Keeper\nauthor: Mira Ashdown\npublisher: Harbour Press\ndate: 2019\nlink: https://example.org/lantern\n---\n\n> The sea was patient.\n> — page 12\n",
			"Mira Ashdown, The Lantern Keeper (Harbour Press, 2019), 12, https://example.org/lantern."},
		{"chapter, chicago: the locator replaces the range", "chicago",
			"---\ntitle: The Keeper\nauthor: Mira Ashdown\npublication: Tales\npublisher: Harbour Press\npages: 100-150\ndate: 2019\n---\n\n> The sea was patient.\n> — p. 112\n",
			"Mira Ashdown, “The Keeper,” in Tales (Harbour Press, 2019), 112."},
		{"web page, chicago: before the access date", "chicago",
			"---\ntitle: On Notes\nauthor: Jane Roe\npublication: Example Essays\ntype: webpage\nlink: https://example.org/notes\naccessed: 2022-03-09\n---\n\n> Notes.\n> — page 3\n",
			"Jane Roe, “On Notes,” Example Essays, 3, accessed March 9, 2022, https://example.org/notes."},
		{"range, chicago", "chicago",
			"---\ntitle: The Lantern Keeper\nauthor: Mira Ashdown\npublisher: Harbour Press\ndate: 2019\n---\n\n> The sea was patient.\n> — page 12-14\n",
			"Mira Ashdown, The Lantern Keeper (Harbour Press, 2019), 12–14."},
		{"book, mla", "mla",
			"---\ntitle: The Lantern Keeper\nauthor: Mira Ashdown\npublisher: Harbour Press\ndate: 2019\n---\n\n> The sea was patient.\n> — page 12\n",
			"Ashdown, Mira. The Lantern Keeper. Harbour Press, 2019, p. 12."},
		{"book, apa", "apa",
			"---\ntitle: The Lantern Keeper\nauthor: Mira Ashdown\npublisher: Harbour Press\ndate: 2019\n---\n\n> The sea was patient.\n> — page 12\n",
			"Ashdown, M. (2019). The Lantern Keeper (p. 12). Harbour Press."},
		{"bibliography: no locator", "chicago-bib",
			"---\ntitle: The Lantern Keeper\nauthor: Mira Ashdown\npublisher: Harbour Press\ndate: 2019\n---\n\n> The sea was patient.\n> — page 12\n",
			"Ashdown, Mira. The Lantern Keeper. Harbour Press, 2019."},
		{"no page", "chicago",
			"---\ntitle: The Lantern Keeper\nauthor: Mira Ashdown\npublisher: Harbour Press\ndate: 2019\n---\n\n> The sea was patient.\n> — location 95\n",
			"Mira Ashdown, The Lantern Keeper (Harbour Press, 2019)."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, probs := ParseEntry("e.md", []byte(tt.src))
			if e == nil || Errors(probs) > 0 || len(e.Quotes) != 1 {
				t.Fatalf("parse: %v", probs)
			}
			runs, err := CiteQuote(e, e.Quotes[0], tt.style)
			if err != nil {
				t.Fatal(err)
			}
			if got := Plain(runs); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}
