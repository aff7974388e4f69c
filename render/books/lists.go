package books

import (
	"strconv"
	"strings"

	"github.com/commonplace-book/commonplace/model"
)

// Lists is the HTML lists open while the EPUB or a feed writes a run of
// blocks, outermost first: for each, whether it is ordered and the
// number its next item would have. The zero value has none open.
type Lists []openList

// openList is a list open while blocks are written.
type openList struct {
	ordered bool
	next    int // the number the list's next item would have
}

// Close closes the open lists deeper than depth (0: all of them).
func (ls *Lists) Close(b *strings.Builder, depth int) {
	for len(*ls) > depth {
		top := (*ls)[len(*ls)-1]
		*ls = (*ls)[:len(*ls)-1]
		if top.ordered {
			b.WriteString("</li></ol>")
		} else {
			b.WriteString("</li></ul>")
		}
	}
}

// Item opens the list item bl (an "li" block) at its depth (Level 1 is a
// top-level list; deeper levels nest in the item before): a new item of
// the list open there when it is of the same kind and, ordered, goes on
// from its number; else a new list, <ul>, or <ol> with start="N" when it
// does not count from 1. Depths skipped over are bulleted lists. The
// caller then writes the item's runs, and closes what is open with
// Close before any block that is not an item, and at the end.
//
// It reports whether bl continues the item open at its depth instead
// (model.Block.More): nothing is written, and the caller writes bl as a
// paragraph inside that item.
func (ls *Lists) Item(b *strings.Builder, bl model.Block) (more bool) {
	want := min(max(bl.Level, 1), 9)
	ls.Close(b, want)
	ordered := bl.Ordered
	if len(*ls) == want {
		top := &(*ls)[want-1]
		if bl.More {
			return true
		}
		if top.ordered == ordered && (!ordered || bl.Number == top.next) {
			b.WriteString("</li><li>")
			top.next = bl.Number + 1
			return false
		}
		ls.Close(b, want-1)
	}
	for len(*ls) < want {
		o := ordered && len(*ls) == want-1
		switch {
		case o && bl.Number != 1: // start="0" included
			b.WriteString(`<ol start="` + strconv.Itoa(bl.Number) + `"><li>`)
		case o:
			b.WriteString("<ol><li>")
		default:
			b.WriteString("<ul><li>")
		}
		*ls = append(*ls, openList{ordered: o, next: bl.Number + 1})
	}
	return false
}
