package pdf

import (
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestStanzasKeptTogether sets many poems whose stanzas have 2 to 9
// lines: a page never breaks inside a stanza of up to six lines, and
// poems longer than a stanza do break, between stanzas.
func TestStanzasKeptTogether(t *testing.T) {
	c := &model.Collection{Settings: model.Settings{Title: "Stanzas", Language: "en"}}
	for i := 0; i < 60; i++ {
		var blocks []model.Block
		for s := 0; s < 3+i%3; s++ {
			n := 2 + (i+s)%8 // lines in this stanza
			var runs []model.Run
			for l := 0; l < n; l++ {
				if l > 0 {
					runs = append(runs, model.Run{Break: true})
				}
				runs = append(runs, model.Run{Text: fmt.Sprintf("s%dx%d line %d of %d, and the rest of the verse", i, s, l+1, n)})
			}
			blocks = append(blocks, model.Block{Kind: "p", Runs: runs})
		}
		c.Entries = append(c.Entries, &model.Entry{Path: fmt.Sprintf("p%02d.md", i), Slug: fmt.Sprintf("p%02d", i),
			Title: fmt.Sprintf("Poem %d", i), Quotes: []model.Quote{{Blocks: blocks}}})
	}
	stanzaPages := map[string]map[int]bool{} // stanza → pages its lines are on
	stanzaLen := map[string]int{}
	pageHook = func(bk *book, rp rawPage) {
		for _, pl := range rp.items {
			if pl.it.line == nil {
				continue
			}
			txt := pl.it.line.text()
			if !strings.HasPrefix(txt, "s") || !strings.Contains(txt, " line ") {
				continue
			}
			key, _, _ := strings.Cut(txt, " ")
			var l, n int
			fmt.Sscanf(txt[strings.Index(txt, " line ")+6:], "%d of %d", &l, &n)
			if stanzaPages[key] == nil {
				stanzaPages[key] = map[int]bool{}
			}
			stanzaPages[key][bk.npages] = true
			stanzaLen[key] = n
		}
	}
	if err := Encode(io.Discard, c, &Options{Now: rendertest.Now}); err != nil {
		t.Fatal(err)
	}
	pageHook = nil
	splitLong := 0
	for key, pages := range stanzaPages {
		if len(pages) > 1 {
			if stanzaLen[key] <= maxStanza {
				t.Errorf("stanza %s of %d lines split across pages", key, stanzaLen[key])
			}
			if stanzaLen[key] > maxStanza {
				splitLong++
			}
		}
	}
	if len(stanzaPages) < 200 {
		t.Fatalf("only %d stanzas seen", len(stanzaPages))
	}
	// poems do run over pages: between stanzas, or inside one longer
	// than six lines
	pagesOfPoem := map[string]map[int]bool{}
	for key, pages := range stanzaPages {
		poem, _, _ := strings.Cut(key, "x")
		if pagesOfPoem[poem] == nil {
			pagesOfPoem[poem] = map[int]bool{}
		}
		for p := range pages {
			pagesOfPoem[poem][p] = true
		}
	}
	across := 0
	for _, pages := range pagesOfPoem {
		if len(pages) > 1 {
			across++
		}
	}
	if across < 5 {
		t.Errorf("only %d poems run over a page; the test does not exercise breaks", across)
	}
	t.Logf("%d stanzas, %d poems over two pages, %d long stanzas split (none of ≤ %d lines)", len(stanzaPages), across, splitLong, maxStanza)
}
