package model

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Vaults as they are: besides its own entries, the loader reads without
// conversion the notes two Obsidian plugins write, recognised by their
// shape. Entry.SourceFormat names the shape.
const (
	// KindlePlugin is the Obsidian Kindle plugin's layout: front matter
	// nested under "kindle-sync:", highlights separated by "---", each
	// ending "— location: [N](kindle://…) ^ref-NNN".
	KindlePlugin = "obsidian-kindle"
	// ReadwisePlugin is the Readwise Obsidian plugin's default layout: no
	// front matter, a "## Metadata" list (Author: [[Name]], Full Title:,
	// URL:) and the highlights as list items ending "([Location N](…))".
	ReadwisePlugin = "readwise-obsidian"
)

// locationWords is a location's word and what may follow it before its
// number: "page ", "pp. ", "pg. ", "location: ", "loc.".
const locationWords = `(?:page|pages|pg\.|p\.|pp\.|location|loc\.)[ \t]*:?[ \t]*`

var (
	kindleSyncKey  = regexp.MustCompile(`(?m)^kindle-sync:[ \t]*$`)
	readwiseMeta   = regexp.MustCompile(`(?m)^#{2,3}[ \t]+Metadata[ \t]*$`)
	readwiseField  = regexp.MustCompile(`^[-*][ \t]+(Author|Full Title|Title|URL|Category|Document Tags|Tags):[ \t]*(.*?)[ \t]*$`)
	readwiseHLHead = regexp.MustCompile(`^#{2,3}[ \t]+(?:Highlights|New highlights added)`)
	// readwiseLoc is the link that ends a Readwise highlight.
	readwiseLoc = regexp.MustCompile(`[ \t]*\(\[(Location|Page|View Highlight|View Tweet)[ \t]*([^\]]*)\]\([^)]*\)\)[ \t]*$`)
	// kindlePluginLoc ends a Kindle plugin highlight.
	kindlePluginLoc = regexp.MustCompile(`[ \t]*[—–-]+[ \t]*location:?[ \t]*\[([^\]]+)\]\([^)]*\)(?:[ \t]*\^[A-Za-z0-9-]+)?[ \t]*$`)
	blockID         = regexp.MustCompile(`[ \t]+\^[A-Za-z0-9-]+[ \t]*$`)
	wikiLink        = regexp.MustCompile(`\[\[([^\]|]*)(?:\|([^\]]*))?\]\]`)
	// locationLine is the last line of a quote that says where in the
	// source it is: "— page 12", "— p. 12, location 180-183", "— loc. 95",
	// or the same in parentheses: "(p. 12)", "(pp. 12-14)". Group 1 is the
	// location after a dash, group 2 the one in parentheses (locationSpan).
	locationLine = regexp.MustCompile(`(?i)(?:^|[ \t\n])(?:[—–][ \t]*(` + locationWords + `[^\s,;]+(?:[ \t]*[,;][ \t]*` + locationWords + `[^\s,;]+)?)|\((` + locationWords + `[^\s,;()]+(?:[ \t]*[,;][ \t]*` + locationWords + `[^\s,;()]+)?)\)\.?)[ \t]*$`)
	// barePage is a blockquote's last paragraph, or the line after its
	// last hard break, that is only a location: "p. 15.", "pages 4-5".
	barePage = regexp.MustCompile(`(?i)^[ \t]*(` + locationWords + `[^\s,;]+?(?:[ \t]*[,;][ \t]*` + locationWords + `[^\s,;]+?)?)\.?[ \t]*$`)
	// mlaPage is a page in parentheses without a word, as MLA writes it
	// after a quotation ("…live deliberately" (90).): one to three
	// digits or a range of them (four digits are more likely a year).
	mlaPage      = regexp.MustCompile(`(?:^|[ \t\n])\((\d{1,3}(?:[-–]\d{1,3})?)\)\.?[ \t]*$`)
	locationPage = regexp.MustCompile(`(?i)(?:^|[,;][ \t]*)(?:pages|page|pp\.|pg\.|p\.)[ \t]*:?[ \t]*([^\s,;]+)`)
)

// detectVault returns the plugin layout rf has, or "".
func detectVault(rf rawFile) string {
	switch {
	case rf.format == "yaml" && kindleSyncKey.Match(rf.front):
		return KindlePlugin
	case rf.format == "" && readwiseMeta.Match(rf.body):
		for _, l := range strings.Split(string(rf.body), "\n") {
			if m := readwiseField.FindStringSubmatch(l); m != nil && (m[1] == "Author" || m[1] == "Full Title") {
				return ReadwisePlugin
			}
		}
	}
	return ""
}

// vaultFields returns the front-matter fields of a plugin's file: the
// Kindle plugin's fields nested under kindle-sync are lifted to the top
// (fields given at the top win); the Readwise plugin's Metadata list
// becomes fields.
func vaultFields(vault string, rf rawFile, rel string) ([]field, []Problem) {
	if vault == ReadwisePlugin {
		return readwiseFields(rf), nil
	}
	fields, probs := yamlFields(rf, rel)
	if len(probs) > 0 && Errors(probs) > 0 {
		return fields, probs
	}
	for _, f := range fields {
		if f.key != "kindle-sync" {
			continue
		}
		m, ok := f.value.(map[string]any)
		if !ok {
			break
		}
		for _, pair := range [][2]string{{"title", "title"}, {"author", "author"}, {"publisher", "publisher"}, {"publicationDate", "date"}, {"url", "link"}} {
			if v, ok := m[pair[0]]; ok && v != nil && !hasField(fields, pair[1]) {
				fields = append(fields, field{key: pair[1], line: f.line, value: v})
			}
		}
		if !hasField(fields, "type") {
			fields = append(fields, field{key: "type", line: f.line, value: "book"})
		}
	}
	return fields, probs
}

// readwiseFields reads the Readwise plugin's "## Metadata" list.
func readwiseFields(rf rawFile) []field {
	var fields []field
	inMeta := false
	title, heading := "", 0
	for i, l := range strings.Split(string(rf.body), "\n") {
		line := rf.bodyLine + i
		if strings.HasPrefix(l, "# ") && title == "" {
			title, heading = strings.TrimSpace(l[2:]), line
		}
		if readwiseMeta.MatchString(l) {
			inMeta = true
			continue
		}
		if inMeta && strings.HasPrefix(l, "#") {
			break
		}
		m := readwiseField.FindStringSubmatch(l)
		if !inMeta || m == nil {
			continue
		}
		val := m[2]
		switch m[1] {
		case "Author":
			var names []any
			for _, n := range splitWiki(val) {
				names = append(names, n)
			}
			if len(names) == 1 {
				fields = append(fields, field{key: "author", line: line, value: names[0]})
			} else if len(names) > 1 {
				fields = append(fields, field{key: "author", line: line, value: names})
			}
		case "Full Title", "Title":
			if !hasField(fields, "title") && val != "" {
				fields = append(fields, field{key: "title", line: line, value: wikiLink.ReplaceAllString(val, "$1")})
			}
		case "URL":
			if val != "" {
				fields = append(fields, field{key: "link", line: line, value: val})
			}
		case "Category":
			switch strings.TrimPrefix(strings.ToLower(val), "#") {
			case "books":
				fields = append(fields, field{key: "type", line: line, value: "book"})
			case "articles":
				fields = append(fields, field{key: "type", line: line, value: "article"})
			case "tweets", "podcasts", "supplementals":
				fields = append(fields, field{key: "type", line: line, value: "webpage"})
			}
		case "Tags", "Document Tags":
			var tags []any
			for _, t := range strings.Fields(strings.NewReplacer(",", " ", "[[", " ", "]]", " ").Replace(val)) {
				if t = strings.TrimPrefix(t, "#"); t != "" {
					tags = append(tags, t)
				}
			}
			if len(tags) > 0 {
				fields = append(fields, field{key: "tags", line: line, value: tags})
			}
		}
	}
	if !hasField(fields, "title") && title != "" {
		fields = append(fields, field{key: "title", line: heading, value: title})
	}
	return fields
}

// splitWiki returns the names in "[[A]] and [[B]]", or the text split at
// commas and "and" when it has no wiki links.
func splitWiki(s string) []string {
	var out []string
	if ms := wikiLink.FindAllStringSubmatch(s, -1); ms != nil {
		for _, m := range ms {
			if n := strings.TrimSpace(m[1]); n != "" {
				out = append(out, n)
			}
		}
		return out
	}
	for _, p := range strings.Split(strings.ReplaceAll(s, " and ", ","), ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// parseEntryBody parses an entry's body: a plugin's layout is first
// rewritten into quotes (blockquotes ending with their location line) and
// commentary, with the file lines kept; then every quote's location line
// is taken off into Quote.Location.
func parseEntryBody(e *Entry, vault string, body []byte, bodyLine int) []Problem {
	if vault == "" {
		probs := parseBody(e, body, bodyLine)
		takeLocations(e)
		return probs
	}
	e.SourceFormat = vault
	var lines []string
	var lineOf []int // file line of each rewritten line
	emit := func(l string, file int) {
		lines = append(lines, l)
		lineOf = append(lineOf, file)
	}
	src := strings.Split(string(body), "\n")
	if vault == ReadwisePlugin {
		rewriteReadwise(src, bodyLine, emit)
	} else {
		rewriteKindle(src, bodyLine, emit)
	}
	out := []byte(strings.Join(lines, "\n") + "\n")
	probs := parseBody(e, out, 1)
	fileLine := func(l int) int {
		if l >= 1 && l <= len(lineOf) {
			return lineOf[l-1]
		}
		return bodyLine
	}
	for i := range e.Quotes {
		e.Quotes[i].Line = fileLine(e.Quotes[i].Line)
	}
	for i := range e.Body {
		e.Body[i].Line = fileLine(e.Body[i].Line)
	}
	for i := range probs {
		probs[i].Line = fileLine(probs[i].Line)
	}
	takeLocations(e)
	return probs
}

// rewriteKindle turns the Kindle plugin's body into quotes: its title
// line, its Metadata list (the front matter has them) and its
// "## Highlights" heading are left out; in the highlights part, the first paragraph after each "---" is a highlight
// (its location link and block id taken off), later paragraphs are the
// collector's notes.
func rewriteKindle(src []string, bodyLine int, emit func(string, int)) {
	inHighlights := true
	for _, l := range src {
		if strings.HasPrefix(l, "## Highlights") {
			break
		}
		if strings.HasPrefix(l, "## ") {
			inHighlights = false
		}
	}
	first := true // next paragraph is a highlight
	inMeta, seenHighlights := false, false
	for i := 0; i < len(src); i++ {
		l, file := src[i], bodyLine+i
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "#") {
			// The Metadata list repeats the front matter: left out.
			inMeta = readwiseMeta.MatchString(t)
			if inMeta {
				emit("", file)
				continue
			}
		}
		switch {
		case inMeta:
			emit("", file)
			continue
		case strings.HasPrefix(t, "## Highlights"):
			// The plugin's own heading, not the collector's: left out.
			inHighlights, first, seenHighlights = true, true, true
			emit("", file)
			continue
		case strings.HasPrefix(t, "# ") && !seenHighlights:
			// The plugin's title line repeats the title: left out.
			emit("", file)
			continue
		case strings.HasPrefix(t, "#"):
			if strings.HasPrefix(t, "## ") {
				inHighlights = false
			}
			emit(l, file)
			continue
		case t == "---" || t == "***" || t == "___":
			first = true
			emit("", file)
			continue
		case t == "" || !inHighlights:
			emit(l, file)
			continue
		}
		// A paragraph: its lines up to a blank line or a separator.
		j := i
		for j < len(src) {
			tj := strings.TrimSpace(src[j])
			if tj == "" || tj == "---" || tj == "***" || tj == "___" {
				break
			}
			j++
		}
		para := src[i:j]
		last := para[len(para)-1]
		loc := ""
		if m := kindlePluginLoc.FindStringSubmatchIndex(last); m != nil {
			loc = "location " + last[m[2]:m[3]]
			last = last[:m[0]]
		}
		if first || loc != "" {
			for k, pl := range para {
				if k == len(para)-1 {
					pl = last
				}
				emit("> "+blockID.ReplaceAllString(pl, ""), bodyLine+i+k)
			}
			if loc != "" {
				emit(">", bodyLine+j-1)
				emit("> — "+loc, bodyLine+j-1)
			}
			emit("", bodyLine+j-1)
			first = false
		} else {
			for k, pl := range para {
				emit(notQuote(blockID.ReplaceAllString(pl, ""), k), bodyLine+i+k)
			}
			emit("", bodyLine+j-1)
		}
		i = j - 1
	}
}

// rewriteReadwise turns the Readwise plugin's body into quotes: the part
// before the highlights (title, cover, metadata) is left out, being the
// entry's fields, and so is the "## Highlights" heading; each top-level list item is a highlight, its
// continuation lines part of it, its "Note:" sub-item the commentary
// after it, its "Tags:" sub-item dropped.
func rewriteReadwise(src []string, bodyLine int, emit func(string, int)) {
	start := -1
	for i, l := range src {
		if readwiseHLHead.MatchString(l) {
			start = i
			break
		}
	}
	if start < 0 {
		return
	}
	var note []string
	var noteLines []int
	inItem := false
	flushNote := func(file int) {
		if len(note) > 0 {
			emit("", noteLines[0])
			for k, n := range note {
				emit(notQuote(n, k), noteLines[k])
			}
			note, noteLines = nil, nil
		}
	}
	var pending []string // the current highlight's lines
	pendingLine := 0
	loc := ""
	flushItem := func(file int) {
		if len(pending) > 0 {
			for k, p := range pending {
				emit("> "+p, pendingLine+k)
			}
			if loc != "" {
				emit(">", file)
				emit("> — "+loc, file)
			}
			flushNote(file)
			emit("", file)
		}
		pending, loc, inItem = nil, "", false
	}
	for i := start; i < len(src); i++ {
		l, file := src[i], bodyLine+i
		t := strings.TrimSpace(l)
		indent := len(l) - len(strings.TrimLeft(l, " \t"))
		switch {
		case i == start:
			emit("", file) // the plugin's "## Highlights" heading: left out
		case strings.HasPrefix(t, "#"):
			flushItem(file)
			emit(l, file)
		case t == "":
			if !inItem {
				emit("", file)
			}
		case indent == 0 && (strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ")):
			flushItem(file)
			inItem = true
			text := strings.TrimSpace(t[2:])
			text, loc = readwiseLocation(text)
			pending, pendingLine = []string{text}, file
		case inItem && (strings.HasPrefix(t, "- ") || strings.HasPrefix(t, "* ")):
			sub := strings.TrimSpace(t[2:])
			switch {
			case strings.HasPrefix(sub, "Note:"):
				note = append(note, strings.TrimSpace(strings.TrimPrefix(sub, "Note:")))
				noteLines = append(noteLines, file)
			case strings.HasPrefix(sub, "Tags:"):
			default:
				note = append(note, sub)
				noteLines = append(noteLines, file)
			}
		case inItem && len(note) > 0:
			note = append(note, t)
			noteLines = append(noteLines, file)
		case inItem:
			text, l2 := readwiseLocation(t)
			if l2 != "" {
				loc = l2
			}
			pending = append(pending, text)
		default:
			emit(l, file)
		}
	}
	flushItem(bodyLine + len(src) - 1)
}

// readwiseLocation takes the "([Location N](…))" link off a highlight.
func readwiseLocation(s string) (string, string) {
	m := readwiseLoc.FindStringSubmatchIndex(s)
	if m == nil {
		return s, ""
	}
	kind, n := s[m[2]:m[3]], strings.TrimSpace(s[m[4]:m[5]])
	s = strings.TrimSpace(s[:m[0]])
	switch kind {
	case "Location":
		return s, "location " + n
	case "Page":
		return s, "page " + n
	}
	return s, ""
}

// notQuote keeps a note line from reading as a quotation or a block
// marker when it is put in the body.
func notQuote(l string, k int) string {
	t := strings.TrimSpace(l)
	if k == 0 && t != "" && strings.ContainsRune("\"“”„«»>", []rune(t)[0]) {
		return `\` + t
	}
	return l
}

// takeLocations takes off each quote's last line when it says where in
// the source the quote is ("— page 12, location 180-183", the Kindle
// plugin's "— location: [N](…) ^ref-N") and keeps it as Quote.Location.
func takeLocations(e *Entry) {
	for i := range e.Quotes {
		q := &e.Quotes[i]
		if len(q.Blocks) == 0 {
			continue
		}
		b := &q.Blocks[len(q.Blocks)-1]
		if b.Kind != "p" {
			continue
		}
		text := Plain(b.Runs)
		if q.Mark == "blockquote" {
			// the page alone on the last line: a paragraph of its own, or
			// a line after a hard break ("…the way.\\ p. 15")
			at := strings.LastIndexByte(text, '\n')
			whole := at < 0 || strings.TrimSpace(text[:at]) == ""
			if m := barePage.FindStringSubmatch(text[at+1:]); m != nil && (!whole || len(q.Blocks) > 1) {
				q.Location = m[1]
				if whole {
					q.Blocks = q.Blocks[:len(q.Blocks)-1]
				} else {
					b.Runs = trimRuns(b.Runs, len(text)-at)
				}
				continue
			}
		}
		m := findLocation(text)
		if m == nil || q.Mark == "blockquote" && strings.HasSuffix(strings.TrimRight(text, " \t"), ").") {
			// "(p. 12)." ends a sentence of the passage itself when it is
			// inside the blockquote; after a closing mark it is APA's
			// way to give the page.
			continue
		}
		q.Location = strings.TrimSpace(locationText(text, m))
		if strings.TrimSpace(text[:m[0]]) == "" {
			if len(q.Blocks) == 1 {
				q.Location = ""
				continue // the whole quote is a location: leave it
			}
			q.Blocks = q.Blocks[:len(q.Blocks)-1]
			continue
		}
		b.Runs = trimRuns(b.Runs, len(text)-m[0])
	}
}

// findLocation returns locationLine's submatch indexes in text, or nil.
// A match ends the text and has no newline but the one it may start with,
// so the expression runs on the last line alone (with that newline), and
// only when the line has the dash or the parenthesis it needs: the whole
// paragraph would cost a backtracking pass per character (a quarter of
// parsing a collection).
func findLocation(text string) []int {
	at := max(strings.LastIndexByte(text, '\n'), 0)
	tail := text[at:]
	if !strings.Contains(tail, "—") && !strings.Contains(tail, "–") && !strings.Contains(tail, "(") { // (ContainsAny is slow for these)
		return nil
	}
	m := locationLine.FindStringSubmatchIndex(tail)
	for k := range m {
		if m[k] >= 0 {
			m[k] += at
		}
	}
	return m
}

// findMLAPage returns where a page in parentheses without a word starts
// at the end of text, right after a closing quotation mark, as MLA writes
// it ("…deliberately" (90).), and the page; or -1.
func findMLAPage(text string) (int, string) {
	at := max(strings.LastIndexByte(text, '\n'), 0)
	tail := text[at:]
	if !strings.Contains(tail, "(") {
		return -1, ""
	}
	m := mlaPage.FindStringSubmatchIndex(tail)
	if m == nil {
		return -1, ""
	}
	before := strings.TrimRight(text[:at+m[0]], " \t\n")
	if r, _ := utf8.DecodeLastRuneInString(before); !endsQuotation(r) && r != '\'' {
		return -1, "" // only after a quotation: "(12)" alone may be anything
	}
	return at + m[0], tail[m[2]:m[3]]
}

// locationText returns the location a match of findLocation found in
// text: after the dash, or inside the parentheses.
func locationText(text string, m []int) string {
	if m[2] >= 0 {
		return text[m[2]:m[3]]
	}
	return text[m[4]:m[5]]
}

// trimRuns removes the last n bytes of the runs' plain text (a hard
// break counting as one byte), then trailing spaces.
func trimRuns(runs []Run, n int) []Run {
	for n > 0 && len(runs) > 0 {
		r := &runs[len(runs)-1]
		size := len(r.Text)
		if r.Break {
			size = 1
		}
		if size <= n {
			n -= size
			runs = runs[:len(runs)-1]
			continue
		}
		r.Text = r.Text[:size-n]
		n = 0
	}
	for len(runs) > 0 {
		r := &runs[len(runs)-1]
		if r.Break {
			runs = runs[:len(runs)-1]
			continue
		}
		r.Text = strings.TrimRight(r.Text, " \t")
		if r.Text == "" && r.Note == "" {
			runs = runs[:len(runs)-1]
			continue
		}
		break
	}
	return runs
}

// QuotePage returns the page in a quote's Location ("12" of "page 12,
// location 180-183"), or "".
func QuotePage(q Quote) string {
	if m := locationPage.FindStringSubmatch(q.Location); m != nil {
		return m[1]
	}
	return ""
}

// CiteQuote returns the citation of quote q of e: the entry's citation
// with the quote's page (from its Location). A Chicago note gives it as
// citeproc gives a locator, after the publication details ("Mira
// Ashdown, The Lantern Keeper (Harbour Press, 2019), 12."), in place of
// a chapter's page range; MLA and APA give it as the entry's pages when
// the entry has none ("p. 12"); a Chicago bibliography entry, as in
// citeproc, gives no locator.
func CiteQuote(e *Entry, q Quote, style string) ([]Run, error) {
	p := normalisePages(QuotePage(q))
	if p == "" {
		return Cite(e, style)
	}
	if style == "chicago" {
		s := newCiteSource(e)
		s.locator = citeTypo(p)
		return cite(s, style)
	}
	if e.Pages != "" {
		return Cite(e, style)
	}
	cp := *e
	cp.Pages = p
	return Cite(&cp, style)
}

// QuoteLocator returns the page reference a book prints after quote q
// when the entry's citation cannot give the page of every quote: the
// page of q's Location in parentheses as the style's in-text citations
// write it — "(p. 12)" or "(pp. 12–14)" in APA, "(12)" in the others —
// or "" when q has no page.
func QuoteLocator(q Quote, style string) string {
	p := normalisePages(QuotePage(q))
	if p == "" {
		return ""
	}
	if style == "apa" {
		if strings.ContainsAny(p, "–,") {
			return "(pp. " + p + ")"
		}
		return "(p. " + p + ")"
	}
	return "(" + p + ")"
}
