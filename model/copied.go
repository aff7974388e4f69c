package model

import (
	"regexp"
	"strings"
)

// Text copied from an e-book reader carries the reader's own citation,
// which a collector pasting quotes into an entry brings along after each
// one:
//
//	Excerpt From
//	Walden
//	Henry David Thoreau
//	This material may be protected by copyright.
//
// (Apple Books; older versions write "Excerpt From: Henry David Thoreau.
// “Walden.” Apple Books."), or
//
//	Thoreau, Henry David. Walden (p. 92). Independently published. Kindle Edition.
//
// (the Kindle apps, with "(Kindle Locations 1234-1235)" where the book
// has no pages). Printed after every quote it would repeat the entry's
// citation: a paragraph that is such a citation, right after a quote, and
// names the entry's source (an author's family name or the title) is left
// out, its page or location going to the quote (copiedCitation). One that
// names another source stays as written.

var (
	appleExcerpt = regexp.MustCompile(`(?i)^Excerpt From:?\s+(.+?)(?:\s+(?:Apple Books|iBooks)\.?)?(?:\s+https?://\S+)?(?:\s+This material may be protected by copyright\.?)?\s*$`)
	kindleCopied = regexp.MustCompile(`(?i)^(.+?)\s+\((?:(pp?\.\s*[0-9ivxlcdm]+(?:\s*[-–]\s*[0-9ivxlcdm]+)?)|Kindle Locations?\s+([0-9]+(?:\s*[-–]\s*[0-9]+)?)|Locations?\s+([0-9]+(?:\s*[-–]\s*[0-9]+)?))\)\.(?:\s+.*?)?\s+Kindle Edition\.?\s*$`)
)

// copiedCitation reports whether text, a paragraph right after a quote,
// is an e-book reader's citation of e's source (see above), and returns
// the page or location it gives ("p. 92", "location 1234-1235"), or "".
func copiedCitation(e *Entry, text string) (loc string, ok bool) {
	if len(text) > 600 {
		return "", false
	}
	if low := strings.ToLower(text); !strings.Contains(low, "excerpt") && !strings.Contains(low, "kindle edition") {
		return "", false // most paragraphs: no need for the expressions
	}
	text = strings.TrimSpace(text)
	if m := appleExcerpt.FindStringSubmatch(text); m != nil && namesSource(e, m[1]) {
		return "", true
	}
	if m := kindleCopied.FindStringSubmatch(text); m != nil && namesSource(e, m[1]) {
		switch {
		case m[2] != "":
			return m[2], true
		case m[3] != "":
			return "location " + m[3], true
		default:
			return "location " + m[4], true
		}
	}
	return "", false
}
