package model

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// maxLevel caps the nesting depth kept for blocks inside a quote: deeper
// blockquotes and lists are shown at this level.
const maxLevel = 4

// markdown is the shared parser: CommonMark with footnotes, task lists'
// boxes, tables (GitHub's pipes) and the typographer set to literal characters (never HTML
// entities).
var markdown = goldmark.New(
	goldmark.WithExtensions(
		extension.Footnote,
		extension.TaskList,
		extension.Table,
		extension.NewTypographer(extension.WithTypographicSubstitutions(extension.TypographicSubstitutions{
			extension.LeftSingleQuote:  []byte("‘"),
			extension.RightSingleQuote: []byte("’"),
			extension.LeftDoubleQuote:  []byte("“"),
			extension.RightDoubleQuote: []byte("”"),
			extension.EnDash:           []byte("–"),
			extension.EmDash:           []byte("—"),
			extension.Ellipsis:         []byte("…"),
			extension.LeftAngleQuote:   []byte("«"),
			extension.RightAngleQuote:  []byte("»"),
			extension.Apostrophe:       []byte("’"),
		})),
	),
	goldmark.WithParserOptions(parser.WithInlineParsers(
		util.Prioritized(quoteRuns{}, 9980),
		util.Prioritized(singleQuotes{}, 9990),
		util.Prioritized(markParser, 500),
		util.Prioritized(strikeParser, 500),
		util.Prioritized(inlineNoteParser{}, 500),
	)),
)

// quoteRuns keeps a long run of one straight quotation mark (' or ") as
// it is typed. The typographer takes such a run one mark at a time and
// measures the whole rest of the run for each (goldmark's
// ScanDelimiter): a run of 100,000 marks took two seconds, of 800,000
// two minutes. No text has a run of maxQuoteRun marks, so nothing else
// changes.
type quoteRuns struct{}

// maxQuoteRun is the shortest run of one mark quoteRuns keeps as typed.
const maxQuoteRun = 32

func (quoteRuns) Trigger() []byte { return []byte{'\'', '"'} }

func (quoteRuns) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, _ := block.PeekLine()
	n := 0
	for n < len(line) && line[n] == line[0] {
		n++
	}
	if n < maxQuoteRun {
		return nil
	}
	s := gast.NewString(bytes.Clone(line[:n]))
	s.SetCode(true)
	block.Advance(n)
	return s
}

// singleQuotes reads the straight single quotes the typographer gets
// wrong. It takes every ' at the start of a word before t, e, n or l for
// an elision ('twas, 'em, 'n'), so a quotation in single quotes starting
// with such a word ('no', 'the end', 'love') opened with ’, and it makes
// ‘Tis of 'Tis. Here a word-initial ' is an apostrophe before a known
// elision (tis, twas, em, neath, cause …, any case), an opening ‘ before
// another word starting with t, e, n or l when a closing ' follows in the
// paragraph (that closing one then becomes ’), and anything else is left
// to the typographer.
type singleQuotes struct{}

// elisions are the words written with a leading apostrophe for letters
// left out.
var elisions = map[string]bool{
	"tis": true, "twas": true, "twere": true, "twill": true, "twould": true, "twixt": true, "tween": true,
	"til": true, "em": true, "n": true, "neath": true, "nuff": true, "cause": true, "gainst": true,
}

// Elided reports whether rest, the text after a straight single quote at
// the start of a word, begins with an elision ('tis, 'Twas, 'em, 'n') or
// a decade ('90s), so that the quote is an apostrophe (’), not an opening
// quotation mark. It reads only the word at the start of rest.
func Elided(rest string) bool {
	end := 0
	for end < len(rest) && ('a' <= rest[end]|0x20 && rest[end]|0x20 <= 'z') {
		end++
	}
	if end == 0 && len(rest) >= 3 && '0' <= rest[0] && rest[0] <= '9' && '0' <= rest[1] && rest[1] <= '9' && rest[2] == 's' {
		r, _ := utf8.DecodeRuneInString(rest[3:])
		return !unicode.IsLetter(r) // '90s
	}
	if end < len(rest) {
		if r, _ := utf8.DecodeRuneInString(rest[end:]); unicode.IsLetter(r) {
			return false // a word with letters beyond ASCII: 'tisé is no elision
		}
	}
	return elisions[strings.ToLower(rest[:end])]
}

// singleOpenKey counts the quotes singleQuotes opened in the paragraph.
var singleOpenKey = parser.NewContextKey()

func (singleQuotes) Trigger() []byte { return []byte{'\''} }

func (singleQuotes) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, seg := block.PeekLine()
	if len(line) == 0 || line[0] != '\'' {
		return nil
	}
	before := block.PrecendingCharacter()
	next, _ := utf8.DecodeRune(line[1:])
	open, _ := pc.Get(singleOpenKey).(int)
	mark := func(s string) gast.Node {
		n := gast.NewString([]byte(s))
		n.SetCode(true)
		block.Advance(1)
		return n
	}
	if !unicode.IsLetter(next) && !unicode.IsDigit(next) {
		if open > 0 && !unicode.IsSpace(before) {
			pc.Set(singleOpenKey, open-1)
			return mark("’")
		}
		return nil
	}
	if !unicode.IsSpace(before) && !unicode.IsPunct(before) {
		return nil // inside a word: don't, o'clock
	}
	// the word and the character after it are all Elided reads (the
	// longest elision is 6 letters): not the rest of a long line
	if Elided(string(line[1:min(len(line), 1+24)])) {
		return mark("’")
	}
	if !strings.ContainsRune("tenl", next) || lastClosingSingle(block.Source(), parent, pc) < seg.Start+1 {
		return nil
	}
	pc.Set(singleOpenKey, open+1)
	return mark("‘")
}

func (singleQuotes) CloseBlock(parent gast.Node, pc parser.Context) { pc.Set(singleOpenKey, 0) }

// lastClosingKey holds, for the paragraph being parsed, where its last
// ' that can close a quotation is (see lastClosingSingle).
var lastClosingKey = parser.NewContextKey()

// lastClosing is the paragraph lastClosingSingle looked at, and where.
type lastClosing struct {
	parent gast.Node
	at     int
}

// lastClosingSingle returns where the last ' that can close a quotation —
// after a character that is not a space, before one that is not a letter
// or a digit — is in parent's text (an offset in src), or -1. It looks
// once per paragraph: a paragraph of many quotes that never close is read
// once, not once per quote.
func lastClosingSingle(src []byte, parent gast.Node, pc parser.Context) int {
	if c, ok := pc.Get(lastClosingKey).(lastClosing); ok && c.parent == parent {
		return c.at
	}
	at := -1
	lines := parent.Lines()
	for i := lines.Len() - 1; i >= 0 && at < 0; i-- {
		l := lines.At(i)
		for k := l.Stop - 1; k > l.Start; k-- {
			if src[k] != '\'' {
				continue
			}
			prev, _ := utf8.DecodeLastRune(src[l.Start:k])
			next, _ := utf8.DecodeRune(src[k+1 : l.Stop])
			if !unicode.IsSpace(prev) && !unicode.IsLetter(next) && !unicode.IsDigit(next) {
				at = k
				break
			}
		}
	}
	pc.Set(lastClosingKey, lastClosing{parent, at})
	return at
}

// bodyParser turns one entry's Markdown body into quotes, commentary and
// notes.
type bodyParser struct {
	e        *Entry
	src      []byte
	lineBase int   // file line of the body's first line
	starts   []int // byte offset of each body line
	probs    []Problem
	notes    map[int]string // footnote index → Note.ID
	warned   map[string]bool
	// callouts are the Obsidian callouts of the body by the file line
	// of their first line (see rewriteCallouts).
	callouts map[int]calloutHead
	// lastItem and lastNumber are the list item numbered last and its
	// number (itemNumber), so that numbering a list's items in order is
	// linear.
	lastItem   gast.Node
	lastNumber int
	// inline is the entry's inline footnotes (^[text]) made so far.
	inline *inlineNotes
}

// calloutHead is what the first line of an Obsidian callout says: its
// kind (quote, note …) and whether it has a title.
type calloutHead struct {
	kind   string
	titled bool
}

// parseBody fills e.Body, e.Quotes, e.Commentary and e.Notes from body,
// whose first line is file line lineBase.
func parseBody(e *Entry, body []byte, lineBase int) []Problem {
	p := &bodyParser{e: e, src: body, lineBase: lineBase, notes: map[int]string{}, warned: map[string]bool{},
		inline: &inlineNotes{ids: map[gast.Node]string{}}}
	body = rewriteZotero(body)
	body = p.rewriteObsidian(body)
	body = p.rewriteCallouts(body)
	p.setStarts(body)
	if defused := p.defuse(body); len(defused) != len(body) {
		// escapes are added within lines: the lines are the same, their
		// offsets are not
		body = defused
		p.setStarts(body)
	}
	p.src = body
	doc := markdown.Parser().Parse(text.NewReader(body), parser.WithContext(parser.NewContext()))
	// Footnote IDs first, so references anywhere resolve.
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if list, ok := n.(*east.FootnoteList); ok {
			for fn := list.FirstChild(); fn != nil; fn = fn.NextSibling() {
				if f, ok := fn.(*east.Footnote); ok && f.Index >= 0 {
					p.notes[f.Index] = fmt.Sprintf("%s-fn-%d", e.ID, f.Index)
				}
			}
		}
	}
	var tops []topBlock
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if list, ok := n.(*east.FootnoteList); ok {
			for fn := list.FirstChild(); fn != nil; fn = fn.NextSibling() {
				f, ok := fn.(*east.Footnote)
				if !ok || f.Index < 0 {
					continue
				}
				e.Notes = append(e.Notes, Note{ID: p.notes[f.Index], Label: strconv.Itoa(f.Index), Blocks: p.blocks(f, 0)})
			}
			continue
		}
		t := topBlock{node: n, line: p.lineOf(n)}
		if _, ok := n.(*gast.Paragraph); ok {
			t.paragraph(p.e, p.inlines(n, Run{}))
		}
		tops = append(tops, t)
	}
	p.split(tops)
	if p.inline.count > 0 {
		numberNotes(e)
	}
	return p.probs
}

// setStarts records where each line of body starts.
func (p *bodyParser) setStarts(body []byte) {
	p.starts = append(p.starts[:0], 0)
	for i, c := range body {
		if c == '\n' {
			p.starts = append(p.starts, i+1)
		}
	}
}

// calloutRE is the first line of an Obsidian callout: "> [!quote] Title",
// "> [!note]- A folded note", "> [!cite]".
var calloutRE = regexp.MustCompile(`^([ \t]{0,3}>[ \t]?)\[!([A-Za-z][\w-]*)\][+-]?[ \t]*(.*?)[ \t]*(\r?)$`)

// rewriteCallouts reads the first line of each Obsidian callout (a
// blockquote opening "> [!type] Title") and keeps its title as the
// blockquote's first line, ended by a hard break, recording the type by
// line in p.callouts (split then makes a quote or commentary of it). The
// lines stay the same lines.
func (p *bodyParser) rewriteCallouts(body []byte) []byte {
	if !bytes.Contains(body, []byte("[!")) {
		return body
	}
	var out []byte
	prevQuote := false
	for start, line := 0, 0; start <= len(body); line++ {
		end := lineEnd(body, start)
		l := body[start:end]
		trimmed := bytes.TrimLeft(l, " \t")
		isQuote := len(trimmed) > 0 && trimmed[0] == '>'
		var m []int
		if isQuote && !prevQuote {
			m = calloutRE.FindSubmatchIndex(l)
		}
		if m != nil {
			if out == nil {
				out = append(make([]byte, 0, len(body)), body[:start]...)
			}
			if p.callouts == nil {
				p.callouts = map[int]calloutHead{}
			}
			p.callouts[p.lineBase+line] = calloutHead{strings.ToLower(string(l[m[4]:m[5]])), m[7] > m[6]}
			out = append(out, l[m[2]:m[3]]...)
			out = append(out, l[m[6]:m[7]]...)
			if m[7] > m[6] && quoteContinues(body[min(end+1, len(body)):]) {
				out = append(out, '\\') // the title ends its line
			}
			out = append(out, l[m[8]:m[9]]...)
		} else if out != nil {
			out = append(out, l...)
		}
		if end < len(body) && out != nil {
			out = append(out, '\n')
		}
		prevQuote = isQuote
		start = end + 1
	}
	if out == nil {
		return body
	}
	return out
}

// lineEnd returns where the line of body starting at start ends: at its
// newline, or at the end of body.
func lineEnd(body []byte, start int) int {
	if k := bytes.IndexByte(body[start:], '\n'); k >= 0 {
		return start + k
	}
	return len(body)
}

// quoteContinues reports whether rest starts with a blockquote line that
// has text, which continues the paragraph of the line before.
func quoteContinues(rest []byte) bool {
	if k := bytes.IndexByte(rest, '\n'); k >= 0 {
		rest = rest[:k]
	}
	rest = bytes.TrimLeft(rest, " \t")
	return len(rest) > 0 && rest[0] == '>' && len(bytes.TrimSpace(rest[1:])) > 0
}

// calloutAt returns the kind of the Obsidian callout whose blockquote's
// first block starts at file line: its first line is that line, or one
// of the blockquote lines just before it (a callout without a title
// followed by an empty quoted line).
func (p *bodyParser) calloutAt(line int) (calloutHead, bool) {
	if len(p.callouts) == 0 {
		return calloutHead{}, false
	}
	for l := line; l >= p.lineBase; l-- {
		if h, ok := p.callouts[l]; ok {
			return h, true
		}
		i := l - p.lineBase
		if i <= 0 || i >= len(p.starts) {
			break
		}
		prev := p.src[p.starts[i-1]:p.starts[i]]
		if t := bytes.TrimLeft(prev, " \t"); len(t) == 0 || t[0] != '>' {
			break // the blockquote starts at line
		}
	}
	return calloutHead{}, false
}

// maxMarkup is the most inline-markup characters (* _ [ ] ` < = ~, and the
// straight quotation marks ' " the typographer reads) one paragraph may
// hold and still be parsed as Markdown. Inline parsing of
// unmatched delimiters is quadratic; past this limit the paragraph's
// markup is escaped, so it is kept as literal text in linear time.
const maxMarkup = 10000

// defuse escapes the inline markup of paragraphs over maxMarkup and warns.
// Escaping adds bytes within lines only, so line numbers are unchanged.
func (p *bodyParser) defuse(body []byte) []byte {
	isMarkup := func(c byte) bool {
		return c == '*' || c == '_' || c == '[' || c == ']' || c == '`' || c == '<' || c == '\'' || c == '"' || c == '=' || c == '~'
	}
	var out []byte
	start, count := 0, 0
	flush := func(end int) {
		if count > maxMarkup {
			if out == nil {
				out = append(make([]byte, 0, len(body)+count), body[:start]...)
			}
			for _, c := range body[start:end] {
				if isMarkup(c) {
					out = append(out, '\\')
				}
				out = append(out, c)
			}
			first := start
			for first < end && (body[first] == '\n' || body[first] == '\r') {
				first++
			}
			p.warn(first, "markup", fmt.Sprintf("paragraph has %d Markdown markup characters, over the limit of %d: its formatting is kept as literal text", count, maxMarkup))
		} else if out != nil {
			out = append(out, body[start:end]...)
		}
		start, count = end, 0
	}
	for i := 0; i < len(body); i++ {
		c := body[i]
		if isMarkup(c) {
			count++
		}
		// A blank line ends a paragraph.
		if c == '\n' && i+1 < len(body) && (body[i+1] == '\n' || (i+2 < len(body) && body[i+1] == '\r')) {
			flush(i + 1)
		}
	}
	flush(len(body))
	if out == nil {
		return body
	}
	return out
}

// lineOf returns the file line where n starts.
func (p *bodyParser) lineOf(n gast.Node) int {
	for depth := 0; n != nil && depth < 1000; depth++ {
		if n.Type() == gast.TypeBlock {
			if l := n.Lines(); l.Len() > 0 {
				return p.line(l.At(0).Start)
			}
		}
		if t, ok := n.(*gast.Text); ok {
			return p.line(t.Segment.Start)
		}
		n = n.FirstChild()
	}
	return p.lineBase
}

// line converts a body byte offset into a file line.
func (p *bodyParser) line(off int) int {
	i := sort.Search(len(p.starts), func(i int) bool { return p.starts[i] > off })
	return p.lineBase + i - 1
}

func (p *bodyParser) warn(off int, key, msg string) {
	line := p.line(off)
	k := key + "@" + strconv.Itoa(line)
	if p.warned[k] {
		return
	}
	p.warned[k] = true
	p.probs = append(p.probs, Problem{Path: p.e.Path, Line: line, Severity: Warning, Message: msg})
}

// blocks flattens a block node into Blocks, nested quotes and lists
// raising Level.
func (p *bodyParser) blocks(n gast.Node, level int) []Block {
	lv := level
	if lv > maxLevel {
		lv = maxLevel
	}
	var out []Block
	switch n := n.(type) {
	case *gast.Paragraph, *gast.TextBlock:
		if runs := p.inlines(n, Run{}); len(runs) > 0 {
			out = append(out, Block{Kind: "p", Level: lv, Runs: runs})
		}
		return out
	case *gast.Heading:
		if runs := p.inlines(n, Run{}); len(runs) > 0 {
			out = append(out, Block{Kind: "h", Level: n.Level, Runs: runs})
		}
		return out
	case *gast.FencedCodeBlock, *gast.CodeBlock:
		var b bytes.Buffer
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			b.Write(seg.Value(p.src))
		}
		if s := strings.TrimRight(b.String(), "\n"); s != "" {
			out = append(out, Block{Kind: "pre", Level: lv, Runs: []Run{{Text: s, Code: true}}})
		}
		return out
	case *gast.HTMLBlock:
		if n.Lines().Len() > 0 && n.HTMLBlockType != gast.HTMLBlockType2 { // type 2: a comment, <!-- -->
			p.warn(n.Lines().At(0).Start, "html", "raw HTML block dropped (HTML never passes through; use Markdown)")
		}
		return nil
	case *gast.ThematicBreak:
		return []Block{{Kind: "hr", Level: lv}}
	case *east.Table:
		if s, t := p.table(n); s != "" {
			runs := []Run{{Text: s, Code: true}}
			if head, rest, ok := strings.Cut(s, "\n"); ok && t.Header {
				// the header row in bold, where the text is shown (PDF)
				runs = []Run{{Text: head, Code: true, Bold: true}, {Text: "\n" + rest, Code: true}}
			}
			out = append(out, Block{Kind: "pre", Level: lv, Runs: runs, Table: t})
		}
		return out
	case *gast.ListItem:
		// The item's first paragraph carries its bullet or number; its
		// later paragraphs continue it (More).
		ordered, number := p.itemNumber(n)
		first := true
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			sub := p.blocks(c, level+1)
			for i := range sub {
				if sub[i].Kind == "p" && sub[i].Level == min(level+1, maxLevel) {
					sub[i].Kind = "li"
					if first {
						sub[i].Ordered, sub[i].Number, first = ordered, number, false
					} else {
						sub[i].More = true
					}
				}
			}
			out = append(out, sub...)
		}
		return out
	case *gast.Blockquote:
		inner := level
		if n.Parent() != nil && n.Parent().Kind() != gast.KindDocument {
			inner = level + 1
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			out = append(out, p.blocks(c, inner)...)
		}
		return out
	case *gast.List:
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			out = append(out, p.blocks(c, level)...)
		}
		return out
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, p.blocks(c, level)...)
	}
	return out
}

// itemNumber reports whether item is in an ordered list, and the number
// the list gives it, as written: the list's start plus the items before
// it ("3." then 4, 5 …). Items are numbered in order, so the count goes
// on from the item numbered last.
func (p *bodyParser) itemNumber(item *gast.ListItem) (ordered bool, number int) {
	l, ok := item.Parent().(*gast.List)
	if !ok || !l.IsOrdered() {
		return false, 0
	}
	n := max(l.Start, 0)
	if prev := item.PreviousSibling(); prev != nil {
		if prev == p.lastItem {
			n = p.lastNumber + 1
		} else {
			for s := prev; s != nil; s = s.PreviousSibling() {
				n++
			}
		}
	}
	p.lastItem, p.lastNumber = item, n
	return true, n
}

// inlines converts the inline children of n into runs with style st.
func (p *bodyParser) inlines(n gast.Node, st Run) []Run {
	// Runs are merged while they share a style; their text accumulates in
	// a builder so a long paragraph of many nodes stays linear.
	var out []Run
	var cur strings.Builder
	open := false
	flushRun := func() {
		if open {
			out[len(out)-1].Text = cur.String()
			cur.Reset()
			open = false
		}
	}
	add := func(r Run) {
		if r.Text == "" && !r.Break && r.Note == "" {
			return
		}
		if r.Break || r.Note != "" {
			flushRun()
			out = append(out, r)
			return
		}
		if k := len(out) - 1; open && out[k].Italic == r.Italic && out[k].Bold == r.Bold && out[k].Code == r.Code && out[k].Mark == r.Mark && out[k].Strike == r.Strike && out[k].Link == r.Link {
			cur.WriteString(r.Text)
			return
		}
		flushRun()
		out = append(out, r)
		cur.WriteString(r.Text)
		open = true
	}
	var walk func(n gast.Node, st Run)
	walk = func(n gast.Node, parent Run) {
		st := parent // the style here: inline HTML tags change it for what follows
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *gast.Text:
				v := c.Segment.Value(p.src)
				if !c.IsRaw() {
					v = util.UnescapePunctuations(v)
					v = util.ResolveNumericReferences(v)
					v = util.ResolveEntityNames(v)
				}
				r := st
				r.Text = cleanText(string(v))
				add(r)
				if c.HardLineBreak() {
					add(Run{Break: true})
				} else if c.SoftLineBreak() {
					r.Text = " "
					add(r)
				}
			case *gast.String:
				r := st
				r.Text = cleanText(string(c.Value))
				add(r)
			case *gast.CodeSpan:
				var b strings.Builder
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*gast.Text); ok {
						b.Write(tx.Segment.Value(p.src))
					} else if s, ok := t.(*gast.String); ok {
						b.Write(s.Value)
					}
				}
				r := st
				r.Code = true
				r.Text = cleanText(b.String())
				add(r)
			case *gast.Emphasis:
				s := st
				if c.Level >= 2 {
					s.Bold = true
				} else {
					s.Italic = true
				}
				walk(c, s)
			case *markNode:
				s := st
				s.Mark = true
				walk(c, s)
			case *strikeNode:
				s := st
				s.Strike = true
				walk(c, s)
			case *gast.Link:
				s := st
				s.Link = safeLink(string(c.Destination))
				if s.Link == "" && len(c.Destination) > 0 {
					p.warnAt(c, "link", fmt.Sprintf("link target %q dropped (only http, https and mailto links are kept)", Safe(string(c.Destination), 60)))
				}
				walk(c, s)
			case *gast.AutoLink:
				s := st
				u := string(c.URL(p.src))
				if c.AutoLinkType == gast.AutoLinkEmail && !strings.HasPrefix(u, "mailto:") {
					u = "mailto:" + u
				}
				s.Link = safeLink(u)
				s.Text = cleanText(string(c.Label(p.src)))
				add(s)
			case *gast.Image:
				p.warnAt(c, "image", fmt.Sprintf("image %q not included (images are not supported); its description is kept as text", Safe(string(c.Destination), 60)))
				walk(c, st)
			case *gast.RawHTML:
				off := 0
				var raw []byte
				for k := 0; k < c.Segments.Len(); k++ {
					seg := c.Segments.At(k)
					if k == 0 {
						off = seg.Start
					}
					raw = append(raw, seg.Value(p.src)...)
				}
				if brk, ok := inlineTag(raw, &st, parent); ok {
					if brk {
						add(Run{Break: true})
					}
					continue
				}
				p.warn(off, "html", "raw HTML dropped (HTML never passes through; use Markdown)")
			case *east.TaskCheckBox:
				// A task list's box ("- [ ] read", "- [x] copied") is a
				// ballot box, empty or ticked, as Obsidian shows it.
				r := st
				r.Text = "☐ "
				if c.IsChecked {
					r.Text = "☑ "
				}
				add(r)
			case *inlineNoteNode:
				add(Run{Note: p.inlineNote(c)})
			case *east.FootnoteLink:
				if id, ok := p.notes[c.Index]; ok {
					add(Run{Note: id})
				}
			case *east.FootnoteBacklink:
			default:
				walk(c, st)
			}
		}
	}
	walk(n, st)
	flushRun()
	// Trim spaces at the edges of the block and around hard breaks.
	for i := range out {
		if out[i].Break || out[i].Note != "" {
			continue
		}
		if i == 0 || out[i-1].Break {
			out[i].Text = strings.TrimLeft(out[i].Text, " ")
		}
		if i == len(out)-1 || out[i+1].Break {
			out[i].Text = strings.TrimRight(out[i].Text, " ")
		}
	}
	return dropEmpty(out)
}

func (p *bodyParser) warnAt(n gast.Node, key, msg string) {
	for c := gast.Node(n); c != nil; c = c.FirstChild() {
		if t, ok := c.(*gast.Text); ok {
			p.warn(t.Segment.Start, key, msg)
			return
		}
	}
	par := n.Parent()
	for par != nil && par.Type() != gast.TypeBlock {
		par = par.Parent()
	}
	if par != nil && par.Lines().Len() > 0 {
		p.warn(par.Lines().At(0).Start, key, msg)
		return
	}
	p.warn(0, key, msg)
}

// safeLink keeps http, https and mailto targets and in-page fragments;
// anything else (relative paths, file:, javascript:) is dropped so no
// output ever points into the file system.
func safeLink(u string) string {
	u = strings.TrimSpace(u)
	l := strings.ToLower(u)
	if strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "mailto:") {
		if strings.ContainsAny(u, " \t\n<>\"") {
			return ""
		}
		return u
	}
	return ""
}

// isControl reports whether r is a C0 or C1 control character or DEL.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }

// cleanText removes control characters from text; tabs and newlines
// become spaces.
func cleanText(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n':
			return ' '
		case isControl(r):
			return -1
		}
		return r
	}, s)
}

// quoteID derives a stable quote ID from the entry path and the quote's
// normalised text (case, whitespace and quote styles folded). Struck-
// through text counts between ~~, as Plain gives it, so that a quote's ID
// is what it was before ~~ was read as strikethrough.
func quoteID(path string, blocks []Block) string {
	buf := make([]byte, 0, 256)
	buf = append(buf, path...)
	buf = append(buf, 0)
	space := false // a space is pending between words
	started := false
	for _, bl := range blocks {
		struck := false
		for i := 0; i <= len(bl.Runs); i++ {
			var t string
			switch {
			case i == len(bl.Runs):
				t = StrikeMark(&struck, false)
			case bl.Runs[i].Break:
				t = " "
			case bl.Runs[i].Note != "":
				t = ""
			default:
				t = StrikeMark(&struck, bl.Runs[i].Strike) + bl.Runs[i].Text
			}
			for _, c := range t {
				switch c {
				case '“', '”', '„', '«', '»':
					c = '"'
				case '‘', '’':
					c = '\''
				}
				if c == ' ' || c == '\n' || (c >= 0x80 && unicode.IsSpace(c)) {
					space = started
					continue
				}
				if space {
					buf = append(buf, ' ')
					space = false
				}
				started = true
				if c < 0x80 {
					if 'A' <= c && c <= 'Z' {
						c += 'a' - 'A'
					}
					buf = append(buf, byte(c))
				} else {
					buf = utf8.AppendRune(buf, unicode.ToLower(c))
				}
			}
		}
		space = started
	}
	sum := sha256.Sum256(buf)
	return "q" + hex.EncodeToString(sum[:6])
}
