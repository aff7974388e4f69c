package importer

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
)

// A notebook exported from a Kindle app ("Export Notebook": iOS, Android,
// Kindle for PC and Mac), an HTML file: the book's title and authors,
// then for each highlight or note a heading ("Highlight (yellow) - Page
// 12 · Location 590", "Note - Location 590", localised as the app is) and
// its text, under the book's section headings. The apps' files are not
// always well-formed (a heading opened as <h3> and closed as </div>), so
// each part is read from the start tag that names its class to the next
// such tag, its tags dropped and its entities decoded.

// notebookPartRE is the start tag of a part of a notebook, by its class.
var notebookPartRE = regexp.MustCompile(`<(?:div|h[1-6]|p|span)\b[^<>]*?\bclass\s*=\s*["']\s*(bookTitle|authors|citation|sectionHeading|noteHeading|noteText)\s*["'][^<>]*>`)

// notebookCitationRE is the end of the citation an app's notebook may
// give ("Ashdown, Mira. The Lantern Keeper. Harbour Press, 2019. Kindle
// Edition."): the publisher and the year.
var notebookCitationRE = regexp.MustCompile(`(?:^|\.\s+)([^.]+?),\s*(\d{4})\.(?:\s*Kindle Edition\.?)?\s*$`)

var (
	htmlBreakRE = regexp.MustCompile(`(?i)<br\s*/?>|</p\s*>`)
	htmlTagsRE  = regexp.MustCompile(`<[^<>]*>`)
)

// isKindleNotebook reports whether data is a Kindle app's notebook rather
// than My Clippings.txt: markup, with a part named noteText.
func isKindleNotebook(data []byte) bool {
	head := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\ufeff")))
	return bytes.HasPrefix(head, []byte("<")) && bytes.Contains(data, []byte("noteText"))
}

// notebookText is the text of a part: line breaks (<br>, paragraphs) kept
// as newlines, other tags dropped, entities decoded, white space within
// lines collapsed.
func notebookText(raw []byte) string {
	s := htmlBreakRE.ReplaceAllLiteralString(string(raw), "\x00")
	s = html.UnescapeString(htmlTagsRE.ReplaceAllLiteralString(s, " "))
	var lines []string
	for _, l := range strings.Split(s, "\x00") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// readKindleNotebook reads a Kindle app's notebook (see above). Bookmarks
// are skipped, a note is attached to the highlight it was made on, and a
// heading without its text, or one of another kind, is a problem at its
// line.
func readKindleNotebook(name string, data []byte) ([]*Source, []Problem, error) {
	var starts []int // where each line starts
	starts = append(starts, 0)
	for i, c := range data {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	lineOf := func(off int) int { return sort.SearchInts(starts, off+1) }
	var probs []Problem
	var clips []kindleClip
	var title, author, publisher, date string
	titleLine := 0
	parts := notebookPartRE.FindAllSubmatchIndex(data, -1)
	var pending *kindleClip // a heading waiting for its text
	flush := func() {
		if pending != nil {
			probs = append(probs, Problem{Where: where(name, pending.line), Warning: true, Message: "empty " + pending.kind + "; skipped"})
			pending = nil
		}
	}
	for k, m := range parts {
		end := len(data)
		if k+1 < len(parts) {
			end = parts[k+1][0]
		}
		class := string(data[m[2]:m[3]])
		text := notebookText(data[m[1]:end])
		line := lineOf(m[0])
		switch class {
		case "bookTitle":
			flush()
			title, author, publisher, date, titleLine = text, "", "", "", line
		case "authors":
			author = text
		case "citation":
			if m := notebookCitationRE.FindStringSubmatch(text); m != nil {
				publisher, date = strings.TrimSpace(m[1]), m[2]
			}
		case "noteHeading":
			flush()
			c := kindleClip{line: line, title: title, author: author, publisher: publisher, date: date}
			switch c.kind = kindleKind(text); c.kind {
			case "bookmark":
				continue
			case "":
				probs = append(probs, Problem{Where: where(name, line), Message: fmt.Sprintf("unknown kind of note heading %q (not a highlight, note or bookmark); skipped", clipText(text, 60))})
				continue
			}
			c.where(text)
			pending = &c
		case "noteText":
			if pending == nil {
				probs = append(probs, Problem{Where: where(name, line), Message: fmt.Sprintf("text %q without a heading (\"Highlight - Location …\") before it; skipped", clipText(text, 60))})
				continue
			}
			c := *pending
			pending = nil
			if text == "" {
				probs = append(probs, Problem{Where: where(name, c.line), Warning: true, Message: "empty " + c.kind + "; skipped"})
				continue
			}
			c.text = text
			clips = append(clips, c)
		}
	}
	flush()
	switch {
	case titleLine == 0:
		return nil, probs, fmt.Errorf("kindle: %s: not a notebook from a Kindle app: it names no book (no part of class bookTitle)", name)
	case title == "":
		return nil, probs, fmt.Errorf("kindle: %s:%d: the notebook's book title is empty", name, titleLine)
	}
	return kindleSources(name, clips), probs, nil
}
