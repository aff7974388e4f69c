package pdf

import (
	"sort"
	"strconv"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// indexColumnEms is the narrowest column of the author index, in ems of
// its type: a text block that holds two columns at least this wide gets
// two (A5 and every larger layout), a narrower one a single column.
const indexColumnEms = 15

// indexItems builds the index of authors (books.AuthorIndex: filed and
// collated as the book's language and citation style have it), each name
// followed by the folios of its entries, linked to them. On a text block
// wide enough the index is set in two columns, filled down the first and
// then the second, balanced on its last page; a right-to-left book's
// columns run from the right.
func (b *builder) indexItems(label func(anchor int) string) {
	b.at = books.Place{Kind: books.PlaceIndex, Item: -1}
	b.chapter(b.labels().Index, b.indexAnchor, brkRecto)
	b.s.at("", 0)
	st := b.st("index")
	t := b.typ("index")
	indent := float64(b.l.Spacing.Indent)
	gap := 1.5 * float64(t.Size)
	cols := 1
	if (b.width-gap)/2 >= indexColumnEms*float64(t.Size) {
		cols = 2
	}
	colW := (b.width - gap*float64(cols-1)) / float64(cols)

	// The index as one column of items.
	var col []item
	letter := ""
	for k, ref := range books.AuthorIndex(b.c, b.style) {
		at := books.Place{Kind: books.PlaceIndex, Item: int32(k)}
		name := curly(ref.Display)
		if letter != "" && ref.Letter != letter {
			col = append(col, item{h: float64(t.Leading) * 0.5})
		}
		letter = ref.Letter
		runs := []model.Run{{Text: name}}
		// folios in order, each once, linked to the entry
		type pageRef struct {
			page int
			a    int
		}
		var refs []pageRef
		for _, e := range ref.Entries {
			if a := b.entryAnchor[e]; a != 0 {
				refs = append(refs, pageRef{b.anch[a-1].page, a})
			}
		}
		sort.SliceStable(refs, func(i, j int) bool { return refs[i].page < refs[j].page })
		for i, r := range refs {
			if i > 0 && r.page == refs[i-1].page {
				continue
			}
			runs = append(runs, model.Run{Text: ", "}, model.Run{Text: label(r.a), Link: destPrefix + strconv.Itoa(r.a)})
		}
		ls := b.text(runs, "index", para{width: colW, align: alignStart, rest: indent, fixedDir: true}, st)
		for i, ln := range ls {
			// no single line of a name left at a column's top or foot
			keep := i == 0 && len(ls) > 1 || i == len(ls)-2
			col = append(col, item{line: ln, h: ln.h, keep: keep, at: at})
		}
	}

	// Cut the column into pages of cols columns each.
	avail := b.textH - sumH(b.items)
	for i := 0; i < len(col); {
		ends := cutColumns(col, i, avail, cols)
		h := avail
		if ends[len(ends)-1] == len(col) {
			// the last page: the shortest columns that hold the rest
			h = balance(col, i, avail, cols)
			ends = cutColumns(col, i, h, cols)
		}
		block := &line{h: h}
		start := i
		for k, end := range ends {
			dx := float64(k) * (colW + gap)
			if b.rtlBook {
				dx = float64(cols-1-k) * (colW + gap)
			}
			y := 0.0
			for j := start; j < end; j++ {
				it := &col[j]
				if it.line == nil {
					if y > 0 {
						y += it.h
					}
					continue
				}
				block.cols = append(block.cols, colLine{ln: it.line, dx: dx, dy: y})
				y += it.h
			}
			start = end
		}
		// the page begins with the first name of its first column
		var at books.Place
		for j := i; j < ends[len(ends)-1] && at.Kind == 0; j++ {
			at = col[j].at
		}
		b.items = append(b.items, item{line: block, h: h, at: at})
		b.bk.pump(b, false)
		i = ends[len(ends)-1]
		avail = b.textH
	}
	b.bk.pump(b, true)
}

// cutColumns fills up to cols columns of height h from col[start:] and
// returns where each column ends (exclusive); glue at a column's top is
// dropped.
func cutColumns(col []item, start int, h float64, cols int) []int {
	ends := make([]int, 0, cols)
	i := start
	for k := 0; k < cols; k++ {
		for i < len(col) && col[i].line == nil {
			i++
		}
		end := nextPage(col, i, h)
		if end < 0 || i >= len(col) {
			end = len(col)
		}
		ends = append(ends, end)
		i = end
	}
	return ends
}

// balance returns the least column height, at most h, at which cols
// columns hold col[start:] whole.
func balance(col []item, start int, h float64, cols int) float64 {
	total := sumH(col[start:])
	lo := total / float64(cols)
	for c := lo; c < h; c++ {
		if ends := cutColumns(col, start, c, cols); ends[len(ends)-1] == len(col) {
			return c
		}
	}
	return h
}
