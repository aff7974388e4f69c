package model

import (
	"bytes"
	"regexp"
	"strings"
)

// HTML never passes through, but notes written in Obsidian and pages
// clipped from the web use a few inline tags for what Markdown says
// otherwise: a line break in verse (<br>), emphasis (<i>, <em>, <cite>),
// strong text (<b>, <strong>), a highlight (<mark>), struck-through text
// (<s>, <del>, <strike>), code (<code>,
// <kbd>), a link (<a href="…">; http, https and mailto only). inlineTag reads those as the runs' style, so a poem's lines
// stay lines; tags that only dress text (<u>, <span>, <sup>, <sub>,
// <small>, <font>, <ins>, <abbr>) leave it as it is, and comments
// (<!-- -->) are left out, all without a warning. Any other tag is
// dropped with one, as before.

var (
	htmlTagRE  = regexp.MustCompile(`^<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s[^<>]*)?)\s*(/?)>$`)
	htmlHrefRE = regexp.MustCompile(`(?i)\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))`)
)

// inlineTag reads the inline HTML raw: it sets the style st of the text
// after it (parent is the style around the tag, which a closing tag
// brings back) and reports whether it is a line break; ok is false for a
// tag to warn about.
func inlineTag(raw []byte, st *Run, parent Run) (brk, ok bool) {
	if bytes.HasPrefix(raw, []byte("<!--")) {
		return false, true
	}
	m := htmlTagRE.FindSubmatch(raw)
	if m == nil {
		return false, false
	}
	closing := len(m[1]) > 0
	switch strings.ToLower(string(m[2])) {
	case "br":
		return !closing, true
	case "i", "em", "cite", "dfn", "var":
		st.Italic = !closing || parent.Italic
	case "b", "strong":
		st.Bold = !closing || parent.Bold
	case "mark":
		st.Mark = !closing || parent.Mark
	case "s", "del", "strike":
		st.Strike = !closing || parent.Strike
	case "code", "kbd", "samp", "tt":
		st.Code = !closing || parent.Code
	case "a":
		if closing {
			st.Link = parent.Link
			break
		}
		st.Link = ""
		if h := htmlHrefRE.FindSubmatch(m[3]); h != nil {
			if st.Link = safeLink(string(bytes.Join(h[1:], nil))); st.Link == "" {
				return false, false // a target not kept: said as for any tag
			}
		}
	case "u", "span", "sup", "sub", "small", "font", "ins", "abbr", "q", "bdi", "bdo", "time", "wbr":
	default:
		return false, false
	}
	return false, true
}
