package model

import (
	"html"
	"strings"
)

// Plain returns the runs as plain text: styles dropped, hard breaks as
// "\n", footnote references omitted, struck-through text between ~~ (the
// plain-text way of showing it).
func Plain(runs []Run) string {
	var b strings.Builder
	struck := false
	for _, r := range runs {
		switch {
		case r.Break:
			b.WriteByte('\n')
		case r.Note != "":
		default:
			b.WriteString(StrikeMark(&struck, r.Strike))
			b.WriteString(r.Text)
		}
	}
	b.WriteString(StrikeMark(&struck, false))
	return b.String()
}

// StrikeMark returns the "~~" that plain text writes where struck-through
// text starts or ends, going from text whose Strike is *struck to a run
// whose Strike is strike, and records strike in *struck; "" when nothing
// starts or ends there. After the last run, strike is false.
func StrikeMark(struck *bool, strike bool) string {
	if *struck == strike {
		return ""
	}
	*struck = strike
	return "~~"
}

// PlainBlocks returns blocks as plain text, blocks separated by a blank line.
func PlainBlocks(blocks []Block) string {
	parts := make([]string, 0, len(blocks))
	for _, bl := range blocks {
		parts = append(parts, Plain(bl.Runs))
	}
	return strings.Join(parts, "\n\n")
}

// HTML returns the runs as an XHTML fragment: <em>, <strong>, <code>,
// <mark>, <s>, <a href>, <br/>; every text escaped. Footnote references become
// <sup><a href="#ID">label</a></sup> when noteHref is nil, else the href
// noteHref returns.
func HTML(runs []Run, noteLabel func(id string) string) string {
	var b strings.Builder
	for _, r := range runs {
		switch {
		case r.Break:
			b.WriteString("<br/>")
			continue
		case r.Note != "":
			label := r.Note
			if noteLabel != nil {
				label = noteLabel(r.Note)
			}
			b.WriteString(`<sup><a href="#` + html.EscapeString(r.Note) + `">` + html.EscapeString(label) + `</a></sup>`)
			continue
		}
		t := html.EscapeString(r.Text)
		if r.Code {
			t = "<code>" + t + "</code>"
		}
		if r.Mark {
			t = "<mark>" + t + "</mark>"
		}
		if r.Strike {
			t = "<s>" + t + "</s>"
		}
		if r.Bold {
			t = "<strong>" + t + "</strong>"
		}
		if r.Italic {
			t = "<em>" + t + "</em>"
		}
		if r.Link != "" {
			t = `<a href="` + html.EscapeString(r.Link) + `">` + t + "</a>"
		}
		b.WriteString(t)
	}
	return b.String()
}

// mdEscaper escapes the characters that would otherwise start Markdown
// markup inside text.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "`", "\\`", "<", `\<`, "==", `\=\=`, "~~", `\~\~`)

// Markdown returns the runs as Markdown: *italic*, **bold**, `code`,
// [text](link), hard breaks as a backslash and newline.
func Markdown(runs []Run) string {
	var b strings.Builder
	for _, r := range runs {
		switch {
		case r.Break:
			b.WriteString("\\\n")
			continue
		case r.Note != "":
			b.WriteString("[^" + r.Note + "]")
			continue
		}
		t := r.Text
		if r.Code {
			t = "`" + t + "`"
		} else {
			t = mdEscaper.Replace(t)
		}
		if r.Mark {
			t = "==" + t + "=="
		}
		if r.Strike {
			t = "~~" + t + "~~"
		}
		if r.Bold {
			t = "**" + t + "**"
		}
		if r.Italic {
			t = "*" + t + "*"
		}
		if r.Link != "" {
			t = "[" + t + "](" + r.Link + ")"
		}
		b.WriteString(t)
	}
	return b.String()
}
