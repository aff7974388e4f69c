package books

import (
	"strings"

	"github.com/commonplace-book/commonplace/model"
)

// WriteTable writes t as an XHTML table, as the EPUB and the feeds' HTML
// show a Markdown table: a <thead> of <th scope="col"> cells when the
// first row is a header, a <tbody> of the other rows, each cell with the
// class of its column's alignment ("right", "center"; none for left or
// unsaid) when cellClass is set, else with a style attribute first, that
// says it ("text-align:right"; empty for left or unsaid) and that the
// e-mail's styles extend. Every row has a cell for each column. esc
// writes text escaped.
func WriteTable(b *strings.Builder, t *model.Table, cellClass bool, esc func(*strings.Builder, string)) {
	cols := len(t.Align)
	for _, row := range t.Rows {
		cols = max(cols, len(row))
	}
	cell := func(tag string, i int, text string) {
		b.WriteString("<" + tag)
		align := ""
		if i < len(t.Align) && (t.Align[i] == "right" || t.Align[i] == "center") {
			align = t.Align[i]
		}
		switch {
		case !cellClass:
			b.WriteString(` style="`)
			if align != "" {
				b.WriteString("text-align:" + align)
			}
			b.WriteString(`"`)
		case align != "":
			b.WriteString(` class="` + align + `"`)
		}
		if tag == "th" {
			b.WriteString(` scope="col"`)
		}
		b.WriteString(">")
		esc(b, text)
		b.WriteString("</" + tag + ">")
	}
	row := func(tag string, cells []string) {
		b.WriteString("<tr>")
		for i := 0; i < cols; i++ {
			text := ""
			if i < len(cells) {
				text = cells[i]
			}
			cell(tag, i, text)
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("<table>\n")
	rows := t.Rows
	if t.Header && len(rows) > 0 {
		b.WriteString("<thead>")
		row("th", rows[0])
		b.WriteString("</thead>\n")
		rows = rows[1:]
	}
	if len(rows) > 0 {
		b.WriteString("<tbody>")
		for _, r := range rows {
			row("td", r)
		}
		b.WriteString("</tbody>\n")
	}
	b.WriteString("</table>\n")
}
