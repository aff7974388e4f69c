package model

import (
	"bytes"
	"regexp"
)

// Zotero writes a note's annotations as Markdown (Zotero 7's export, the
// Zotero Integration plugin of Obsidian) with links into the collector's
// own library after each one:
//
//	“I went to the woods…” ([Thoreau, 1854, p. 90](zotero://select/library/items/AB12)) ([pdf](zotero://open-pdf/library/items/CD34?page=90)) My comment.
//
// Those links lead nowhere outside that library. rewriteZotero keeps the
// citation as text, "(Thoreau, 1854, p. 90)", which then gives the quote
// its page (parenCitation), and leaves out the "(pdf)" link; any other
// zotero: link is its text. No warning is given for them: every
// annotation has them. Code blocks are kept as typed, and the lines keep
// their places.

var (
	zoteroPDF      = regexp.MustCompile(`[ \t]*\(\[pdf\]\(zotero://open-pdf/[^()\s]*\)\)`)
	zoteroCitation = regexp.MustCompile(`\(\[([^\[\]]*)\]\(zotero://[^()\s]*\)\)`)
	zoteroLink     = regexp.MustCompile(`\[([^\[\]]*)\]\(zotero://[^()\s]*\)`)
)

// rewriteZotero rewrites the zotero: links of body (see above).
func rewriteZotero(body []byte) []byte {
	if !bytes.Contains(body, []byte("zotero://")) {
		return body
	}
	lines := bytes.Split(body, []byte("\n"))
	var fence []byte
	for i, l := range lines {
		switch {
		case fence != nil:
			if closesFence(l, fence) {
				fence = nil
			}
		case openFence(l) != nil:
			fence = openFence(l)
		case bytes.Contains(l, []byte("zotero://")):
			l = zoteroPDF.ReplaceAll(l, nil)
			l = zoteroCitation.ReplaceAll(l, []byte("($1)"))
			lines[i] = zoteroLink.ReplaceAll(l, []byte("$1"))
		}
	}
	return bytes.Join(lines, []byte("\n"))
}
