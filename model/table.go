package model

import (
	"strings"
	"unicode"

	east "github.com/yuin/goldmark/extension/ast"
	"golang.org/x/text/width"
)

// table returns a Markdown table (GitHub's pipes) as a table of text and
// as its cells. The text is kept the way a code block is: one line a row,
// the cells' plain text in columns padded to the widest cell and aligned
// as the delimiter row says (left, right or centred), separated by " | ",
// with a rule of hyphens under the header, so that the outputs that show
// it in a monospace block keep the columns; the cells are for those that
// show a table as one (Block.Table). Emphasis and links inside cells keep
// their text only.
func (p *bodyParser) table(t *east.Table) (string, *Table) {
	var rows [][]string
	header := false
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		var row []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			text := Plain(p.inlines(c, Run{}))
			row = append(row, strings.Join(strings.Fields(text), " "))
		}
		if _, ok := r.(*east.TableHeader); ok {
			header = true
		}
		rows = append(rows, row)
	}
	cols := len(t.Alignments)
	for _, row := range rows {
		cols = max(cols, len(row))
	}
	if len(rows) == 0 || cols == 0 {
		return "", nil
	}
	tbl := &Table{Header: header, Rows: rows}
	for i := 0; i < cols; i++ {
		a := ""
		if i < len(t.Alignments) {
			switch t.Alignments[i] {
			case east.AlignLeft:
				a = "left"
			case east.AlignRight:
				a = "right"
			case east.AlignCenter:
				a = "center"
			}
		}
		tbl.Align = append(tbl.Align, a)
	}
	widths := make([]int, cols)
	for _, row := range rows {
		for i, cell := range row {
			widths[i] = max(widths[i], textWidth(cell))
		}
	}
	var lines []string
	line := func(cells []string, pad func(i int, s string) string) {
		var b strings.Builder
		for i := 0; i < cols; i++ {
			if i > 0 {
				b.WriteString(" | ")
			}
			cell := ""
			if i < len(cells) {
				cell = cells[i]
			}
			b.WriteString(pad(i, cell))
		}
		// No spaces at a line's end: the last column is not padded out.
		lines = append(lines, strings.TrimRight(b.String(), " "))
	}
	align := func(i int, s string) string {
		gap := widths[i] - textWidth(s)
		a := east.AlignNone
		if i < len(t.Alignments) {
			a = t.Alignments[i]
		}
		switch a {
		case east.AlignRight:
			return strings.Repeat(" ", gap) + s
		case east.AlignCenter:
			return strings.Repeat(" ", gap/2) + s + strings.Repeat(" ", gap-gap/2)
		}
		return s + strings.Repeat(" ", gap)
	}
	for k, row := range rows {
		line(row, align)
		if k == 0 && header {
			line(nil, func(i int, _ string) string { return strings.Repeat("-", max(widths[i], 1)) })
		}
	}
	return strings.Join(lines, "\n"), tbl
}

// textWidth is how many columns s takes in a monospace font: two for a
// wide or full-width character (CJK), none for a combining mark or a
// format character, one otherwise.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		case width.LookupRune(r).Kind() == width.EastAsianWide, width.LookupRune(r).Kind() == width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}
