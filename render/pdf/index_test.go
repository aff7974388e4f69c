package pdf

import (
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// indexCollection has n entries, each by its own author (two by the
// first), with a quote long enough that entries fall on many pages.
func indexCollection(n int) *model.Collection {
	givens := []string{"Anna", "Bruno", "Clara", "Dmitri", "Elena", "Farid", "Grete", "Hugo", "Iris", "Jonas", "Kofi", "Lena"}
	families := []string{"Abbott", "de Beauvoir", "Castro", "al-Dabbagh", "Eriksen", "van Fleet", "Garcia", "Holm", "Ivanova", "Jansen", "Kowalski", "Lind", "Moreau"}
	c := &model.Collection{Settings: model.Settings{Title: "Index", Language: "en"}}
	for i := 0; i < n; i++ {
		name := givens[i%len(givens)] + " " + families[(i/len(givens))%len(families)]
		text := strings.Repeat("Words of some length to fill the page with text. ", 3+i%9)
		e := &model.Entry{Path: fmt.Sprintf("e%03d.md", i), Slug: fmt.Sprintf("e%03d", i), Title: fmt.Sprintf("Entry %d", i),
			Authors: []model.Name{model.ParseName(name)},
			Quotes:  []model.Quote{{Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: text}}}}}}}
		if i == n-1 {
			e.Authors = c.Entries[0].Authors
		}
		c.Entries = append(c.Entries, e)
	}
	return c
}

// TestAuthorIndexColumnsAndFolios sets a long index on A5: two columns,
// filled down then across, the last page balanced, and every folio the
// index gives is a page where an entry by that author starts.
func TestAuthorIndexColumnsAndFolios(t *testing.T) {
	c := indexCollection(150)
	for _, layout := range []string{"a5", "a4"} {
		heads := map[int][]*model.Entry{} // physical page → entries starting there
		var front int
		type idxLine struct {
			text   string
			dx, dy float64
			phys   int
		}
		var index []idxLine
		pageHook = func(bk *book, rp rawPage) {
			phys := bk.npages - 1
			front = bk.front
			for _, pl := range rp.items {
				if a := pl.it.anchor; a != 0 {
					for e, ea := range bk.b.entryAnchor {
						if ea == a {
							heads[phys] = append(heads[phys], e)
						}
					}
				}
				if pl.it.line == nil {
					continue
				}
				for _, cl := range pl.it.line.cols {
					index = append(index, idxLine{cl.ln.text(), cl.dx, cl.dy, phys})
				}
			}
		}
		if err := Encode(io.Discard, c, &Options{Config: &Config{Layout: layout}, Now: rendertest.Now}); err != nil {
			t.Fatal(err)
		}
		pageHook = nil
		if len(index) < 149 {
			t.Fatalf("%s: %d index lines, want one per author at least", layout, len(index))
		}
		// two columns on every page, the second to the right
		colsOn := map[int]map[float64]int{}
		for _, l := range index {
			if colsOn[l.phys] == nil {
				colsOn[l.phys] = map[float64]int{}
			}
			colsOn[l.phys][l.dx]++
		}
		if len(colsOn) < 2 {
			t.Errorf("%s: the index fits one page; make the test longer", layout)
		}
		last := 0
		for p, cols := range colsOn {
			if len(cols) != 2 {
				t.Errorf("%s: page %d has %d columns, want 2", layout, p, len(cols))
			}
			last = max(last, p)
		}
		// the last page balanced: its columns differ by a few lines at most
		var n [2]int
		for dx, k := range colsOn[last] {
			if dx == 0 {
				n[0] = k
			} else {
				n[1] = k
			}
		}
		if d := n[0] - n[1]; d < 0 || d > 3 {
			t.Errorf("%s: last index page columns of %d and %d lines", layout, n[0], n[1])
		}
		// folios
		folio := regexp.MustCompile(`, (\d+)`)
		checked := 0
		for _, l := range index {
			name, _, _ := strings.Cut(l.text, ", ")
			for _, m := range folio.FindAllStringSubmatch(l.text, -1) {
				f, _ := strconv.Atoi(m[1])
				phys := f + front - 1
				ok := false
				for _, e := range heads[phys] {
					for _, a := range e.Authors {
						if strings.Contains(a.Family, strings.TrimSpace(name)) {
							ok = true
						}
					}
				}
				if !ok {
					t.Errorf("%s: index line %q gives page %d, where no entry by %s starts", layout, l.text, f, name)
				}
				checked++
			}
		}
		if checked < 150 {
			t.Errorf("%s: only %d folios checked", layout, checked)
		}
	}
}
