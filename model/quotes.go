package model

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	gast "github.com/yuin/goldmark/ast"
)

// This file reads an entry's body as a person does: which top-level blocks
// are passages quoted from the source and which are the collector's
// commentary, in the order they were written.
//
// A quote is
//   - a top-level > blockquote;
//   - a paragraph that starts with an opening double quotation mark and
//     ends with a closing one;
//   - a span of consecutive top-level blocks, from a paragraph whose
//     opening mark is not closed within it to the first later paragraph
//     whose final closing mark closes nothing opened within that paragraph
//     (or closes the mark the paragraph opens with: the English convention,
//     where every paragraph of a long quotation opens with a mark and only
//     the last one closes). Paragraphs, lists and code blocks may stand
//     between; a heading, a thematic break or a blockquote ends the search,
//     and an opening mark never closed leaves its paragraph as commentary,
//     with a warning naming its line.
//
// A paragraph "ends" with its closing mark also when a location follows
// it, on the same line or the next ("…mind.” — p. 35"): the location goes
// to the quote's Location, as one written on the quote's last line does.
//
// An entry with no quote so marked is one passage: its paragraphs, lists
// and code blocks together; its headings stay commentary.

// topBlock is one top-level Markdown block of an entry's body.
type topBlock struct {
	node gast.Node
	line int
	// runs and marks describe a paragraph (nil and zero for other blocks):
	// runs as written, marks of body.
	runs  []Run
	marks markInfo
	// body is runs without a location written after the closing mark
	// ("…mind.” — p. 35", on the same line or the next), which is loc;
	// without one, body is runs and loc is nil (see splitLocation).
	body []Run
	loc  []Run
	// attr is an attribution written after the closing mark ("…mind.”
	// — Wittgenstein", see attribution), kept as commentary after the
	// quote; nil without one.
	attr []Run
}

// paragraph sets the runs of a paragraph block, its marks and, when the
// paragraph ends with a location after a closing mark, its body and
// location: the mark then closes the quote, as it would without the
// location, which goes on to the quote's Location (takeLocations). A
// paragraph without a closing mark before the location keeps it as text.
func (t *topBlock) paragraph(e *Entry, runs []Run) {
	t.runs, t.body, t.loc, t.attr = runs, runs, nil, nil
	t.marks = scanMarks(runs)
	if t.marks.closes || !slices.ContainsFunc(runs, hasLocationMark) {
		return // most paragraphs: no location to look for
	}
	text := Plain(runs)
	start, loc, attr, attrStart := -1, "", false, -1
	if m := findLocation(text); m != nil {
		start, loc = m[0], text[m[0]:]
	} else if at, page := findMLAPage(text); at >= 0 {
		// MLA's page without a word: the location says what it is
		start, loc = at, " (p. "+page+")"
	} else if at, kept, page := parenCitation(e, text); at >= 0 {
		// a citation in parentheses: its page is the location; what it
		// says the entry's citation does not (a chapter), or a comment
		// after it, stays after the quote
		start, attr, attrStart = at, kept >= 0, kept
		if page != "" {
			loc = " (" + page + ")"
		}
	} else if at := attribution(e, text, true); at > 0 {
		start, attr = at, true
		if page := attributionPage(text[at:]); page != "" {
			loc = " — " + page // the quote's Location
		}
	}
	if start < 0 {
		return
	}
	body := trimRuns(slices.Clone(runs), len(text)-start)
	marks := scanMarks(body)
	if !marks.closes {
		return
	}
	t.body, t.marks = body, marks
	if loc != "" {
		t.loc = []Run{{Text: loc}}
	}
	if attr {
		if attrStart < 0 {
			attrStart = start
		}
		t.attr = tailRuns(runs, len(text)-attrStart)
	}
}

// attribution returns where an attribution starts at the end of text, or
// -1: the last dash (— ― –) that opens a line, or follows the end of a
// sentence (. ! ? … or a closing mark, then a space), when the words after
// it name one of e's authors (their family name) or its title ("…becomes
// the way. — Marcus Aurelius, *Meditations*"). With afterMark (a
// paragraph in quotation marks) the dash must follow the closing mark.
// Such a line says whose words the quote are, which the citation says
// already: it is kept as commentary after the quote, not in it. Words
// after a dash naming neither (French dialogue opens lines with a dash)
// stay as written.
func attribution(e *Entry, text string, afterMark bool) int {
	at := -1
	for i, r := range text {
		// a hyphen or a tilde stands for a dash only between spaces after
		// a closing mark, as typed in haste: "…we ask." - Thoreau
		hyphen := (r == '-' || r == '~') && afterMark && i > 0 && text[i-1] == ' ' && i+1 < len(text) && text[i+1] == ' '
		if r != '—' && r != '―' && r != '–' && !hyphen {
			continue
		}
		before := strings.TrimRight(text[:i], " \t\n")
		last, _ := utf8.DecodeLastRuneInString(before)
		closed := endsQuotation(last)
		switch {
		case afterMark:
			if !closed {
				continue
			}
		case before == "" || strings.Contains(text[len(before):i], "\n"):
			// it opens a line
		case len(before) < i && (closed || strings.ContainsRune(".!?…»", last)):
			// it follows a sentence
		default:
			continue
		}
		at = i
	}
	if at < 0 {
		return -1
	}
	if _, dash := utf8.DecodeRuneInString(text[at:]); !namesSource(e, text[at+dash:]) {
		return -1
	}
	return at
}

// endsQuotation reports whether r may be the mark that closes a
// quotation: a closing double mark (isCloseQuote) or a curly single one.
func endsQuotation(r rune) bool { return isCloseQuote(r) || r == '’' }

// namesSource reports whether s names one of e's authors (a family name,
// as a whole word, in any case) or e's title (its main part, before a
// colon).
func namesSource(e *Entry, s string) bool {
	if e == nil || strings.TrimSpace(s) == "" {
		return false
	}
	low := strings.ToLower(s)
	has := func(word string) bool {
		word = strings.ToLower(strings.TrimSpace(word))
		if word == "" {
			return false
		}
		for from := 0; ; {
			k := strings.Index(low[from:], word)
			if k < 0 {
				return false
			}
			k += from
			before, _ := utf8.DecodeLastRuneInString(low[:k])
			after, _ := utf8.DecodeRuneInString(low[k+len(word):])
			if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
				return true
			}
			from = k + len(word)
		}
	}
	for _, a := range e.Authors {
		if has(a.Family) {
			return true
		}
	}
	title, _, _ := strings.Cut(e.Title, ":")
	return len([]rune(strings.TrimSpace(title))) >= 3 && has(title)
}

// tailRuns returns the runs of the last n bytes of runs' plain text (a
// hard break counting as one byte), without the spaces and breaks it
// starts with; runs are not changed.
func tailRuns(runs []Run, n int) []Run {
	k := len(runs)
	for k > 0 && n > 0 {
		size := len(runs[k-1].Text)
		if runs[k-1].Break {
			size = 1
		}
		k--
		if size >= n {
			out := slices.Clone(runs[k:])
			if !out[0].Break {
				out[0].Text = out[0].Text[size-n:]
			}
			for len(out) > 0 && (out[0].Break || strings.TrimLeft(out[0].Text, " \t\n") == "" && out[0].Note == "") {
				out = out[1:]
			}
			if len(out) > 0 {
				out[0].Text = strings.TrimLeft(out[0].Text, " \t\n")
			}
			return out
		}
		n -= size
	}
	return slices.Clone(runs[k:])
}

// calloutTitle splits the title line off the blocks of an Obsidian
// callout that has one (rewriteCallouts ends it with a hard break): the
// title as a block of its own, and the callout's content. Nothing is
// dropped but the "[!type]" marker.
func calloutTitle(head calloutHead, blocks []Block) (title, content []Block) {
	if len(blocks) == 0 || !head.titled || blocks[0].Kind != "p" {
		return nil, blocks
	}
	content = slices.Clone(blocks)
	first := blocks[0].Runs
	k := slices.IndexFunc(first, func(r Run) bool { return r.Break })
	if k < 0 {
		k = len(first)
	}
	if runs := trimRuns(slices.Clone(first[:k]), 0); len(runs) > 0 {
		title = []Block{{Kind: "p", Runs: runs}}
	}
	rest := first[min(k+1, len(first)):]
	for len(rest) > 0 && rest[0].Break {
		rest = rest[1:]
	}
	if len(rest) == 0 {
		return title, content[1:]
	}
	content[0].Runs = rest
	return title, content
}

// splitAttribution takes an attribution (see attribution) off the end of
// a blockquote's blocks: the dash line that ends its last paragraph, or
// that paragraph when it is the line alone and not the whole quote.
func splitAttribution(e *Entry, blocks []Block) ([]Block, []Run) {
	last := &blocks[len(blocks)-1]
	if last.Kind != "p" {
		return blocks, nil
	}
	text := Plain(last.Runs)
	at := attribution(e, text, false)
	if at < 0 {
		return blocks, nil
	}
	attr := tailRuns(last.Runs, len(text)-at)
	var out []Block
	if strings.TrimSpace(text[:at]) == "" {
		if len(blocks) == 1 {
			return blocks, nil // the whole quote: leave it
		}
		out = slices.Clone(blocks[:len(blocks)-1])
	} else {
		out = slices.Clone(blocks)
		out[len(out)-1].Runs = trimRuns(slices.Clone(last.Runs), len(text)-at)
	}
	// A page the attribution ends with is the quote's Location: written
	// as a location line, takeLocations takes it.
	if page := attributionPage(text[at:]); page != "" && out[len(out)-1].Kind == "p" {
		l := &out[len(out)-1]
		l.Runs = append(slices.Clip(l.Runs), Run{Break: true}, Run{Text: "— " + page})
	}
	return out, attr
}

// attributionPageRE is a page at the end of an attribution ("— Marcus
// Aurelius, *Meditations*, p. 12").
var attributionPageRE = regexp.MustCompile(`(?i)[,;][ \t]*((?:pages|page|pp\.|p\.)[ \t]*[^\s,;]+?)[ \t]*\.?$`)

// attributionPage returns the page an attribution ends with ("p. 12"),
// or "".
func attributionPage(attr string) string {
	if m := attributionPageRE.FindStringSubmatch(attr); m != nil {
		return m[1]
	}
	return ""
}

// hasLocationMark reports whether r's text has what a location or an
// attribution after a closing mark starts with: a dash, or the
// parenthesis of a location in parentheses (locationLine, mlaPage).
func hasLocationMark(r Run) bool {
	return strings.Contains(r.Text, " - ") || strings.Contains(r.Text, " ~ ") || strings.Contains(r.Text, "—") || strings.Contains(r.Text, "–") || strings.Contains(r.Text, "―") || strings.Contains(r.Text, "(") || strings.Contains(r.Text, "[")
}

// maxParenTail is the most of a paragraph's end parenCitation reads: a
// note of 160 bytes, its marks, spaces and a full stop.
const maxParenTail = 200

var (
	// parenTail is a note in parentheses or brackets ending a paragraph.
	parenTail = regexp.MustCompile(`[ \t]*([(\[])([^()\[\]\n]{1,160})([)\]])\.?[ \t]*$`)
	// citeLocator is a locator in a parenthetical citation: a page, a
	// chapter, a section, a line …, and its number (arabic or roman).
	citeLocator = regexp.MustCompile(`(?i)^(pp|p|pg|pages|page|chapters|chapter|chap|ch|sections|section|sec|§|location|loc|lines|line|ll|l|book|bk|part|pt|volume|vol|act|scene|sc|canto|stanza|st|paragraph|para|par|¶)\.?[ \t]*([0-9]+[a-z]?|[ivxlcdm]+)(?:[ \t]*[-–][ \t]*([0-9]+[a-z]?|[ivxlcdm]+))?$`)
	citeYear    = regexp.MustCompile(`(?i)^(?:1[0-9]{3}|20[0-9]{2})[a-z]?$|^n\.[ \t]?d\.$`)
	citeNumber  = regexp.MustCompile(`^[0-9]{1,4}(?:[ \t]*[-–][ \t]*[0-9]{1,4})?$`)
	// citeDivisions is a classical reference by book and section, or
	// more levels, without a word: "IV.3", "4.3", "2.1.5", "IV.3-4" (as
	// Marcus Aurelius, Plato or the Bible are cited).
	citeDivisions = regexp.MustCompile(`^(?:[0-9]{1,4}|[IVXLCDM]{1,7}|[ivxlcdm]{1,7})(?:\.[0-9]{1,4}[a-e]?){1,3}(?:[-–][0-9]{1,4}[a-e]?)?$`)
	// citeWordsNumber is a part such as "Thoreau 92" (MLA) or "Thoreau
	// 1854" (author-date): words, then a number.
	citeWordsNumber = regexp.MustCompile(`^(.*[^0-9 \t])[ \t]+([0-9]{1,4}(?:[ \t]*[-–][ \t]*[0-9]{1,4})?)$`)
)

// parenCitation reads a citation in parentheses or brackets after a
// closing mark — (Thoreau, 1854, p. 90), (Thoreau 1854: 92), (Thoreau
// 92), (Walden, p. 92), [p. 330], (ch. 16) — at the end of text, or
// followed by the collector's comment when it gives a year or a locator
// (Zotero writes its annotations so: "“…” (Thoreau, 1854, p. 90) My
// comment"). It returns where the citation starts (its leading spaces
// included), where what is kept after the quote starts, and the page it
// gives ("p. 90", "pp. 4–5"). A citation that says only what the entry's
// citation says (its authors or title, its year, a page) is left out,
// and kept is then where the comment after it starts, or -1 without one;
// a citation that says more (a chapter, another year) is kept with the
// comment (kept is at). at is -1 when there is no such citation. See
// readCitation for what a citation holds.
func parenCitation(e *Entry, text string) (at, kept int, page string) {
	// only the end can hold a final note: the regexp reads no more than
	// it, whatever the paragraph's length
	off := max(0, len(text)-maxParenTail)
	if m := parenTail.FindStringSubmatchIndex(text[off:]); m != nil && (text[off+m[2]] == '(') == (text[off+m[6]] == ')') {
		before := strings.TrimRight(text[:off+m[0]], " \t")
		last, _ := utf8.DecodeLastRuneInString(before)
		if c, ok := readCitation(e, text[off+m[4]:off+m[5]]); ok && endsQuotation(last) {
			if c.other || c.otherYear {
				return off + m[0], off + m[0], c.page
			}
			return off + m[0], -1, c.page
		}
	}
	// a citation followed by a comment: the first after a closing mark
	// (of the first few, which bounds the work) that gives a year or a
	// locator
	for from, tries := 0, 0; tries < 64; tries++ {
		k := strings.IndexAny(text[from:], "([")
		if k < 0 {
			break
		}
		i := from + k
		from = i + 1
		before := strings.TrimRight(text[:i], " \t")
		if last, _ := utf8.DecodeLastRuneInString(before); !endsQuotation(last) {
			continue
		}
		closer := byte(')')
		if text[i] == '[' {
			closer = ']'
		}
		end := strings.IndexAny(text[i+1:min(len(text), i+1+160)], "()[]")
		if end < 0 || text[i+1+end] != closer {
			continue
		}
		if c, ok := readCitation(e, text[i+1:i+1+end]); ok && (c.dated || c.other || c.page != "") {
			if c.other || c.otherYear {
				return len(before), len(before), c.page
			}
			return len(before), i + 1 + end + 1, c.page
		}
	}
	return -1, -1, ""
}

// sameYear reports whether year, as a parenthetical citation gives it
// ("1854", "1854a", "n.d."), is the entry's.
func sameYear(e *Entry, year string) bool {
	if strings.HasPrefix(strings.ToLower(year), "n") {
		return e.Date.IsZero()
	}
	y, err := strconv.Atoi(strings.TrimRight(year, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"))
	return err == nil && y == e.Date.Year
}

// citation is what readCitation found in a parenthetical citation.
type citation struct {
	page                string // "p. 90", "pp. 4–5", or ""
	named, dated, other bool   // it names the entry, gives a year, another locator
	otherYear           bool   // the year is not the entry's
}

// readCitation reads the inside of a parenthetical citation: every part
// (between commas, semicolons or a colon) must be a name of the entry's
// authors or its title, a year, a locator (p., pp., ch., sec., §, l.,
// book, part, vol., act, scene, canto, stanza …) or a page number after a
// name or a year; "She smiled." is not a citation.
func readCitation(e *Entry, inner string) (citation, bool) {
	var c citation
	pageOf := func(n string) string {
		if strings.ContainsAny(n, "-–") {
			return "pp. " + n
		}
		return "p. " + n
	}
	for _, part := range strings.FieldsFunc(inner, func(r rune) bool { return r == ',' || r == ';' || r == ':' }) {
		part = strings.TrimSpace(part)
		if w := citeWordsNumber.FindStringSubmatch(part); w != nil && namesSource(e, w[1]) && !strings.ContainsAny(w[1], "0123456789") {
			c.named = true
			if citeYear.MatchString(w[2]) {
				c.dated = true
				c.otherYear = c.otherYear || !sameYear(e, w[2])
			} else if c.page == "" {
				c.page = pageOf(w[2])
			} else {
				return c, false
			}
			continue
		}
		switch l := citeLocator.FindStringSubmatch(part); {
		case l != nil:
			switch strings.ToLower(l[1]) {
			case "p", "pp", "pg", "page", "pages":
				if c.page != "" {
					return c, false
				}
				c.page = pageOf(strings.TrimLeft(part[len(l[1]):], ". \t"))
			default:
				c.other = true
			}
		case citeYear.MatchString(part):
			c.dated = true
			c.otherYear = c.otherYear || !sameYear(e, part)
		case citeDivisions.MatchString(part):
			c.other = true // a place the entry's citation does not give: kept
		case citeNumber.MatchString(part) && (c.named || c.dated) && c.page == "":
			c.page = pageOf(part)
		case !strings.ContainsAny(part, "0123456789") && namesSource(e, part):
			c.named = true
		default:
			return c, false
		}
	}
	return c, c.named || c.dated || c.other || c.page != ""
}

// withLocation returns runs followed by the location written after them,
// if any.
func withLocation(runs, loc []Run) []Run {
	if len(loc) == 0 {
		return runs
	}
	return append(slices.Clip(runs), loc...)
}

// markInfo describes the double quotation marks at the edges of a
// paragraph, matched within the paragraph as a reader pairs them.
type markInfo struct {
	opens  bool // the text starts with an opening mark
	closes bool // the text ends with a closing mark (not the same one)
	// firstFree: the opening mark at the start is not closed within the
	// paragraph.
	firstFree bool
	// lastFree: the closing mark at the end closes nothing opened within
	// the paragraph.
	lastFree bool
	// pair: the closing mark at the end closes the opening one at the start.
	pair bool
	// single: the marks are single ones (‘…’, as British English quotes),
	// read only in a paragraph without double marks: such a paragraph may
	// be a quote on its own, never part of a span.
	single bool
}

// whole reports whether the paragraph is a quote on its own: it opens and
// closes with quotation marks.
func (m markInfo) whole() bool { return m.opens && m.closes }

// opensSpan reports whether the paragraph opens a quotation that goes on
// in later blocks.
func (m markInfo) opensSpan() bool { return m.opens && m.firstFree && !(m.closes && m.lastFree) }

// closesSpan reports whether the paragraph ends a quotation opened in an
// earlier block.
func (m markInfo) closesSpan() bool { return m.closes && !m.single && (m.lastFree || m.pair) }

// isDoubleMark reports whether r is a double quotation mark, or a corner
// bracket (「」, the quotation marks of Japanese and traditional Chinese).
func isDoubleMark(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '«', '»', '「', '」':
		return true
	}
	return false
}

// isOpenQuote reports whether r may open a quotation: “ (English), „
// (German, Polish), ” (Swedish), « (French), 「 (Japanese, Chinese) or a
// straight mark.
func isOpenQuote(r rune) bool {
	return r == '"' || r == '“' || r == '”' || r == '„' || r == '«' || r == '「'
}

// isCloseQuote reports whether r may close a quotation: ”, “ (German), »,
// 」 or a straight mark.
func isCloseQuote(r rune) bool {
	return r == '"' || r == '”' || r == '“' || r == '»' || r == '」'
}

// scanMarks pairs the double quotation marks of a paragraph's runs (code
// and footnote references ignored) and describes its edges.
func scanMarks(runs []Run) markInfo {
	var ms []rune
	firstIsMark, lastIsMark, seen := false, false, false
	for _, r := range runs {
		if r.Note != "" || r.Break {
			continue
		}
		for _, c := range r.Text {
			if unicode.IsSpace(c) {
				continue
			}
			m := !r.Code && isDoubleMark(c)
			if !seen {
				firstIsMark, seen = m, true
			}
			lastIsMark = m
			if m {
				ms = append(ms, c)
			}
		}
	}
	var info markInfo
	if len(ms) == 0 {
		return scanSingleMarks(runs)
	}
	last := len(ms) - 1
	info.opens = firstIsMark && isOpenQuote(ms[0])
	info.closes = lastIsMark && isCloseQuote(ms[last]) && !(firstIsMark && last == 0)
	match := make([]int, len(ms))
	for i := range match {
		match[i] = -1
	}
	var stack []int
	for k, c := range ms {
		var top rune
		if len(stack) > 0 {
			top = ms[stack[len(stack)-1]]
		}
		closes := false
		switch c {
		case '»':
			closes = top == '«'
		case '」':
			closes = top == '「'
		case '“':
			closes = top == '„'
		case '”':
			closes = top == '“' || top == '„' || top == '"' || top == '”'
		case '"':
			closes = top == '"' || top == '“' || top == '„'
		}
		switch {
		case closes:
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			match[o], match[k] = k, o
		case c == '«' || c == '„' || c == '“' || c == '"' || c == '「' || (c == '”' && k == 0 && info.opens):
			stack = append(stack, k)
		}
	}
	info.firstFree = info.opens && match[0] < 0
	info.lastFree = info.closes && match[last] < 0
	info.pair = info.opens && info.closes && match[0] == last
	return info
}

// scanSingleMarks describes the single quotation marks at the edges of a
// paragraph that has no double ones: ‘ opens, ’ closes unless it stands
// between letters (an apostrophe: don’t) or the typographer made it one
// (’tis, the elisions it knows). A paragraph that opens with ‘ and ends
// with ’ is whole; the marks at its edges are removed when they pair.
func scanSingleMarks(runs []Run) markInfo {
	var info markInfo
	// most paragraphs do not open with a mark: find out before reading on
	for _, r := range runs {
		if r.Note != "" || r.Break {
			continue
		}
		if t := strings.TrimLeftFunc(r.Text, unicode.IsSpace); t != "" {
			if !strings.HasPrefix(t, "‘") || r.Code {
				return info
			}
			break
		}
	}
	var text []rune
	for _, r := range runs {
		if r.Note != "" || r.Break {
			continue
		}
		if r.Code {
			text = append(text, 'x') // code holds no marks, but is text
			continue
		}
		text = append(text, []rune(r.Text)...)
	}
	first, last := 0, len(text)-1
	for first <= last && unicode.IsSpace(text[first]) {
		first++
	}
	for last >= first && unicode.IsSpace(text[last]) {
		last--
	}
	if last <= first || text[first] != '‘' || text[last] != '’' {
		return info
	}
	info.opens, info.closes, info.single = true, true, true
	depth := 0
	for k := first; k <= last; k++ {
		switch text[k] {
		case '‘':
			depth++
		case '’':
			if k > first && k < last && unicode.IsLetter(text[k-1]) && unicode.IsLetter(text[k+1]) {
				continue // an apostrophe
			}
			if depth == 0 {
				continue // an apostrophe the typographer made (’tis, the students’)
			}
			depth--
			if depth == 0 && k < last {
				return info // the first mark closes before the end: dialogue
			}
		}
	}
	info.pair = depth == 0
	return info
}

// stripOpen removes the quotation mark that opens runs, and the spaces
// after it.
func stripOpen(runs []Run) []Run {
	out := append([]Run(nil), runs...)
	for i := range out {
		if out[i].Note != "" || out[i].Break || out[i].Text == "" {
			continue
		}
		_, size := utf8.DecodeRuneInString(out[i].Text)
		out[i].Text = strings.TrimLeftFunc(out[i].Text[size:], unicode.IsSpace)
		break
	}
	return dropEmpty(out)
}

// stripClose removes the quotation mark that closes runs, and the spaces
// before it.
func stripClose(runs []Run) []Run {
	out := append([]Run(nil), runs...)
	for i := len(out) - 1; i >= 0; i-- {
		if out[i].Note != "" || out[i].Break || strings.TrimSpace(out[i].Text) == "" {
			continue
		}
		t := strings.TrimRightFunc(out[i].Text, unicode.IsSpace)
		_, size := utf8.DecodeLastRuneInString(t)
		out[i].Text = strings.TrimRightFunc(t[:len(t)-size], unicode.IsSpace)
		break
	}
	return dropEmpty(out)
}

// dropEmpty removes runs with no text that are neither breaks nor note
// references, and breaks at the end.
func dropEmpty(runs []Run) []Run {
	clean := runs[:0]
	for _, r := range runs {
		if r.Text != "" || r.Break || r.Note != "" {
			clean = append(clean, r)
		}
	}
	for len(clean) > 0 && clean[len(clean)-1].Break {
		clean = clean[:len(clean)-1]
	}
	return clean
}

// unwrap returns a whole-paragraph quote without its outer marks: each is
// removed when it is unpaired within the paragraph or pairs with the
// other. Dialogue ("“Yes,” she said, “go.”") keeps its marks.
func unwrap(runs []Run, m markInfo) []Run {
	if m.firstFree || m.pair {
		runs = stripOpen(runs)
	}
	if m.lastFree || m.pair {
		runs = stripClose(runs)
	}
	return runs
}

// spanContinues reports whether a quotation span may run on through n.
func spanContinues(n gast.Node) bool {
	switch n.(type) {
	case *gast.Paragraph, *gast.List, *gast.FencedCodeBlock, *gast.CodeBlock, *gast.HTMLBlock:
		return true
	}
	return false
}

// spanEnd returns the index of the paragraph that closes the quotation
// opened by tops[i], or -1 when none does before a heading, a thematic
// break, a blockquote or the end.
func spanEnd(tops []topBlock, i int) int {
	for j := i + 1; j < len(tops); j++ {
		if !spanContinues(tops[j].node) {
			return -1
		}
		if _, ok := tops[j].node.(*gast.Paragraph); ok && tops[j].marks.closesSpan() {
			return j
		}
	}
	return -1
}

// split reads the top-level blocks as quotes and commentary, filling the
// entry's Body, Quotes and Commentary.
func (p *bodyParser) split(tops []topBlock) {
	e := p.e
	var unclosed []int // lines of opening marks never closed
	type piece struct {
		quote  *Quote // nil for commentary
		line   int
		blocks []Block
		of     bool // commentary that belongs to the quote before it
	}
	var pieces []piece
	marked := false
	// listQuotes splits a list whose items include quotations, each item
	// whose first paragraph is wholly in quotation marks ("- \"Luck
	// is…\"", a location or an attribution after the closing mark
	// allowed): each such paragraph is a quote, the rest of its item (a
	// nested list of remarks) and the items between them commentary, as
	// list items. It returns nil for a list without one.
	listQuotes := func(l *gast.List) []piece {
		var out []piece
		var items []Block // the items since the last quote, as commentary
		itemsLine := 0
		quotes := false
		// quoteOf returns the quote an item's first block is, and its
		// attribution: a paragraph wholly in quotation marks, or a
		// blockquote ("- > …", as Logseq writes quotes); and the item's
		// block after the quote (nil when the quote is the first block
		// only). A quotation opened in the item's first paragraph and
		// closed in a later one of the same item is one quote of them
		// all, as at the top level (span).
		quoteOf := func(c gast.Node) (*Quote, []Run, gast.Node) {
			line := p.lineOf(c)
			if bq, ok := c.(*gast.Blockquote); ok {
				var blocks []Block
				for cc := bq.FirstChild(); cc != nil; cc = cc.NextSibling() {
					blocks = append(blocks, p.blocks(cc, 0)...)
				}
				if len(blocks) == 0 {
					return nil, nil, nil
				}
				blocks, attr := splitAttribution(e, blocks)
				return &Quote{Line: line, Mark: "blockquote", Blocks: blocks}, attr, c.NextSibling()
			}
			_, text := c.(*gast.TextBlock)
			if _, para := c.(*gast.Paragraph); !text && !para {
				return nil, nil, nil
			}
			t := topBlock{node: c, line: line}
			t.paragraph(e, p.inlines(c, Run{}))
			if runs := unwrap(t.body, t.marks); t.marks.whole() && len(runs) > 0 {
				return &Quote{Line: line, Mark: "quotes", Blocks: []Block{{Kind: "p", Runs: withLocation(runs, t.loc)}}}, t.attr, c.NextSibling()
			}
			if !t.marks.opensSpan() {
				return nil, nil, nil
			}
			span := []topBlock{t}
			for n := c.NextSibling(); n != nil && spanContinues(n); n = n.NextSibling() {
				u := topBlock{node: n, line: p.lineOf(n)}
				_, para := n.(*gast.Paragraph)
				if para {
					u.paragraph(e, p.inlines(n, Run{}))
				}
				span = append(span, u)
				if para && u.marks.closesSpan() {
					return &Quote{Line: line, Mark: "quotes", Blocks: p.span(span)}, u.attr, n.NextSibling()
				}
			}
			return nil, nil, nil
		}
		// keep adds blocks to the commentary since the last quote.
		keep := func(blocks []Block, line int) {
			if len(blocks) == 0 {
				return
			}
			if len(items) == 0 {
				itemsLine = line
			}
			items = append(items, blocks...)
		}
		for item := l.FirstChild(); item != nil; item = item.NextSibling() {
			c := item.FirstChild()
			q, attr, after := (*Quote)(nil), []Run(nil), gast.Node(nil)
			if c != nil {
				q, attr, after = quoteOf(c)
			}
			if q == nil {
				keep(p.blocks(item, 0), p.lineOf(item))
				continue
			}
			if len(items) > 0 {
				out = append(out, piece{line: itemsLine, blocks: items})
				items = nil
			}
			out = append(out, piece{quote: q})
			if len(attr) > 0 {
				out = append(out, piece{line: q.Line, blocks: []Block{{Kind: "p", Runs: attr}}, of: true})
			}
			// what the item holds after the quote (a nested list:
			// remarks on it) is commentary
			for rest := after; rest != nil; rest = rest.NextSibling() {
				keep(p.blocks(rest, 1), p.lineOf(rest))
			}
			quotes = true
		}
		if !quotes {
			return nil
		}
		if len(items) > 0 {
			out = append(out, piece{line: itemsLine, blocks: items})
		}
		return out
	}
	for i := 0; i < len(tops); i++ {
		t := tops[i]
		switch n := t.node.(type) {
		case *gast.Blockquote:
			// A quote; an Obsidian callout is one without its title line
			// ("> [!quote] Title", kept as commentary after it), or, of
			// another kind ("> [!note]"), the collector's commentary.
			blocks := p.blocks(n, 0)
			var title []Block
			quote := true
			if head, ok := p.calloutAt(t.line); ok {
				title, blocks = calloutTitle(head, blocks)
				quote = head.kind == "quote" || head.kind == "cite"
			}
			if !quote || len(blocks) == 0 {
				if all := append(title, blocks...); len(all) > 0 {
					pieces = append(pieces, piece{line: t.line, blocks: all})
				}
				continue
			}
			blocks, attr := splitAttribution(e, blocks)
			pieces = append(pieces, piece{quote: &Quote{Line: t.line, Mark: "blockquote", Blocks: blocks}})
			if len(title) > 0 {
				pieces = append(pieces, piece{line: t.line, blocks: title, of: true})
			}
			if len(attr) > 0 {
				pieces = append(pieces, piece{line: t.line, blocks: []Block{{Kind: "p", Runs: attr}}, of: true})
			}
			marked = true
			continue
		case *gast.ThematicBreak:
			continue // a separator in the source, not content
		case *gast.Paragraph:
			if len(t.runs) == 0 {
				continue
			}
			m := t.marks
			if m.opensSpan() {
				if j := spanEnd(tops, i); j > i {
					pieces = append(pieces, piece{quote: &Quote{Line: t.line, Mark: "quotes", Blocks: p.span(tops[i : j+1])}})
					if a := tops[j].attr; len(a) > 0 {
						pieces = append(pieces, piece{line: tops[j].line, blocks: []Block{{Kind: "p", Runs: a}}, of: true})
					}
					marked = true
					i = j
					continue
				}
				if !m.whole() {
					unclosed = append(unclosed, t.line)
				}
			}
			if m.whole() {
				if runs := unwrap(t.body, m); len(runs) > 0 {
					runs = withLocation(runs, t.loc)
					pieces = append(pieces, piece{quote: &Quote{Line: t.line, Mark: "quotes", Blocks: []Block{{Kind: "p", Runs: runs}}}})
					if len(t.attr) > 0 {
						pieces = append(pieces, piece{line: t.line, blocks: []Block{{Kind: "p", Runs: t.attr}}, of: true})
					}
					marked = true
					continue
				}
			}
			if n := len(pieces); n > 0 && pieces[n-1].quote != nil {
				// an e-book reader's citation pasted with the quote
				// (copied.go): left out, its page the quote's
				if loc, ok := copiedCitation(e, Plain(t.runs)); ok {
					if q := pieces[n-1].quote; q.Location == "" {
						q.Location = loc
					}
					continue
				}
			}
			pieces = append(pieces, piece{line: t.line, blocks: []Block{{Kind: "p", Runs: t.runs}}})
		default:
			if l, ok := n.(*gast.List); ok {
				if ps := listQuotes(l); ps != nil {
					pieces = append(pieces, ps...)
					marked = true
					continue
				}
			}
			if blocks := p.blocks(n, 0); len(blocks) > 0 {
				pieces = append(pieces, piece{line: t.line, blocks: blocks})
			}
		}
	}

	if !marked {
		// One passage: every paragraph, list and code block together, in
		// place of the first; headings stay commentary.
		var passage *Quote
		var rest []piece
		for _, pc := range pieces {
			if pc.blocks[0].Kind == "h" {
				rest = append(rest, pc)
				continue
			}
			if passage == nil {
				passage = &Quote{Line: pc.line, Mark: "none"}
				rest = append(rest, piece{quote: passage})
			}
			passage.Blocks = append(passage.Blocks, pc.blocks...)
		}
		pieces = rest
		if passage != nil {
			p.warnLine(passage.Line, "unmarked", "no marked quote (a > blockquote or text in quotation marks): the whole body is read as one passage")
		}
	}
	for _, l := range unclosed {
		msg := "opening quotation mark never closed (no later paragraph ends with a closing mark before a heading, rule or blockquote): the paragraph is kept as commentary"
		if !marked {
			msg = "opening quotation mark never closed (no later paragraph ends with a closing mark before a heading, rule or blockquote)"
		}
		p.warnLine(l, "unclosed", msg)
	}

	for _, pc := range pieces {
		if pc.quote != nil {
			e.Body = append(e.Body, Part{Kind: PartQuote, Line: pc.quote.Line, Quote: len(e.Quotes)})
			e.Quotes = append(e.Quotes, *pc.quote)
			continue
		}
		part := Part{Kind: PartCommentary, Line: pc.line, Blocks: pc.blocks}
		if pc.of && len(e.Quotes) > 0 {
			// the quote's ID is known once all quotes are (ParseEntry)
			part.Quote, part.Of = len(e.Quotes)-1, ofPending
		}
		e.Body = append(e.Body, part)
		e.Commentary = append(e.Commentary, pc.blocks...)
	}
}

// span returns the blocks of a quotation that runs over tops, without its
// outer marks: the first paragraph's opening mark, the opening marks of
// paragraphs that continue it (the English convention) and the last
// paragraph's closing mark.
func (p *bodyParser) span(tops []topBlock) []Block {
	var out []Block
	last := len(tops) - 1
	for k, t := range tops {
		if _, ok := t.node.(*gast.Paragraph); !ok {
			out = append(out, p.blocks(t.node, 0)...)
			continue
		}
		runs, m := t.runs, t.marks
		switch {
		case k == 0:
			runs = stripOpen(runs)
		case k == last:
			runs = t.body
			if m.pair {
				runs = stripOpen(runs)
			}
			runs = withLocation(stripClose(runs), t.loc)
		case m.opens && m.firstFree:
			runs = stripOpen(runs)
		}
		if len(runs) > 0 {
			out = append(out, Block{Kind: "p", Runs: runs})
		}
	}
	return out
}

// warnLine records a warning at a file line, once per key and line.
func (p *bodyParser) warnLine(line int, key, msg string) {
	k := key + "@" + fmt.Sprint(line)
	if p.warned[k] {
		return
	}
	p.warned[k] = true
	p.probs = append(p.probs, Problem{Path: p.e.Path, Line: line, Severity: Warning, Message: msg})
}

// Parts returns the entry's body in file order. For an entry built without
// a Body (by hand, or read from older JSON) it gives the quotes in order,
// then the commentary as one part.
func (e *Entry) Parts() []Part {
	if len(e.Body) > 0 {
		return e.Body
	}
	parts := make([]Part, 0, len(e.Quotes)+1)
	for i, q := range e.Quotes {
		parts = append(parts, Part{Kind: PartQuote, Line: q.Line, Quote: i, QuoteID: q.ID})
	}
	if len(e.Commentary) > 0 {
		parts = append(parts, Part{Kind: PartCommentary, Blocks: e.Commentary})
	}
	return parts
}

// ofPending marks, while an entry is parsed, commentary that belongs to
// the quote at its Part.Quote, whose ID is not known yet.
const ofPending = "\x00"

// LastQuote returns the index in parts of the last quote part, or of the
// last commentary after it that belongs to it (Part.Of: its attribution),
// or -1. Renderers print the citation after it.
func LastQuote(parts []Part) int {
	for i := len(parts) - 1; i >= 0; i-- {
		if parts[i].Kind == PartQuote {
			for i+1 < len(parts) && parts[i+1].Kind == PartCommentary && parts[i+1].Of != "" && parts[i+1].Of == parts[i].QuoteID {
				i++
			}
			return i
		}
	}
	return -1
}
