package model

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Obsidian's own Markdown, read as its reading view shows it. Entries
// written in an Obsidian vault carry syntax CommonMark does not know;
// printed as typed it puts "[[Seneca]]" in a citation, a private
// "%%reread in spring%%" in a printed book, and a block ID "^luck" at
// the end of a quote (which then no longer ends with its closing mark,
// so it is taken for commentary). rewriteObsidian and unwiki turn it
// into what the reader of the vault sees:
//
//   - a wiki link [[Note]] is its text: "Note"; [[Note|shown]] is
//     "shown"; [[Note#Heading]] is "Note > Heading"; [[Note#^block]] is
//     "Note";
//   - an embed ![[file]] is left out, with a warning (embedded notes and
//     files are not printed);
//   - a comment %%…%%, on one line or across many, is left out; one never
//     closed hides the rest of the body, as in Obsidian, with a warning;
//   - a highlight ==text== is marked text (Run.Mark; markParser);
//   - a block ID " ^id" ending a block, or alone on the line after one,
//     is left out;
//   - a tag #word is one of the entry's tags (Entry.Tags, without the
//     "#"); tags ending a block after the end of a sentence ("…the way."
//     #stoicism), or on a line of their own, are left out of the text,
//     others are kept as typed ("a #stoic thought").
//
// Code (fenced blocks and code spans on one line) is kept as typed, and
// a backslash keeps the character after it.

// blockIDEnd is a block ID ending a line: " ^id", or the whole line.
var blockIDEnd = regexp.MustCompile(`(?:^|[ \t])\^[A-Za-z0-9-]+[ \t]*$`)

// quotePrefix is a line's blockquote markers and indentation.
var quotePrefix = regexp.MustCompile(`^[ \t]*(?:>[ \t]?)*[ \t]*`)

// listStart is the start of a list item, after the blockquote markers.
var listStart = regexp.MustCompile(`^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)`)

// hasObsidian reports whether body may hold Obsidian syntax: a wiki link
// or embed, a comment, or a "^" or "#" after a space or at a line's
// start that is not a heading's (a block ID, a tag). A footnote's "[^1]"
// and a heading's "# " are not.
func hasObsidian(body []byte) bool {
	if bytes.Contains(body, []byte("[[")) || bytes.Contains(body, []byte("%%")) {
		return true
	}
	for i := bytes.IndexAny(body, "^#"); i >= 0; {
		if i == 0 || body[i-1] == ' ' || body[i-1] == '\t' || body[i-1] == '\n' || body[i-1] == '>' {
			if body[i] == '^' || i+1 < len(body) && body[i+1] != ' ' && body[i+1] != '#' && body[i+1] != '\t' && body[i+1] != '\n' {
				return true
			}
		}
		k := bytes.IndexAny(body[i+1:], "^#")
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return false
}

// lineHasObsidian reports whether line l may hold inline Obsidian
// syntax (block IDs aside).
func lineHasObsidian(l []byte) bool {
	return bytes.IndexByte(l, '#') >= 0 || bytes.Contains(l, []byte("[[")) || bytes.Contains(l, []byte("%%"))
}

// rewriteObsidian rewrites the Obsidian syntax of body (see above) and
// returns it with as many lines. A line wholly inside a comment is left
// out, so that the lines around it stay one paragraph as they are in
// Obsidian, and an empty line is put back where the paragraph (or the
// body) ends: the lines after it keep their places, those of the
// paragraph move up by as many. Problems are recorded by file line.
func (p *bodyParser) rewriteObsidian(body []byte) []byte {
	if !hasObsidian(body) {
		return body
	}
	lines := bytes.Split(body, []byte("\n"))
	out := make([]byte, 0, len(body))
	var fence []byte // the open code fence's marker, or nil
	comment := -1    // file line of the open comment, or -1
	var cur []byte   // the line being written
	left := 0        // lines left out, to put back at the paragraph's end
	first := true
	for i, l := range lines {
		cr := len(l) > 0 && l[len(l)-1] == '\r'
		if cr {
			l = l[:len(l)-1]
		}
		cur = cur[:0]
		inside := false // the line is wholly inside a comment
		switch {
		case fence != nil:
			cur = append(cur, l...)
			if closesFence(l, fence) {
				fence = nil
			}
		case comment < 0 && openFence(l) != nil:
			fence = openFence(l)
			cur = append(cur, l...)
		default:
			if comment < 0 && !lineHasObsidian(l) {
				cur = append(cur, l...)
			} else {
				open := comment >= 0
				rest := l
				if open {
					// a comment over lines of a blockquote: the lines stay
					// in the blockquote
					if q := quotePrefix.Find(l); bytes.IndexByte(q, '>') >= 0 {
						cur, rest = append(cur, q...), l[len(q):]
					}
				}
				cur, comment = p.obsidianLine(cur, rest, comment, p.lineBase+i)
				inside = open && comment >= 0
			}
			if comment < 0 && (bytes.IndexByte(cur, '^') >= 0 || bytes.IndexByte(cur, '#') >= 0) && blockEnds(lines, i) {
				if loc := blockIDEnd.FindIndex(cur); loc != nil {
					cur = bytes.TrimRight(cur[:loc[0]], " \t")
				}
				cur = trailingTags(cur)
			}
		}
		if cr {
			cur = append(cur, '\r')
		}
		if inside {
			left++
			continue
		}
		blank := len(bytes.TrimSpace(cur[len(quotePrefix.Find(cur)):])) == 0 && fence == nil
		if blank {
			for ; left > 0; left-- {
				if !first {
					out = append(out, '\n')
				}
				first = false
				out = append(out, cur...)
			}
		}
		if !first {
			out = append(out, '\n')
		}
		first = false
		out = append(out, cur...)
	}
	for ; left > 0; left-- {
		if !first {
			out = append(out, '\n')
		}
		first = false
	}
	if comment >= 0 {
		p.probs = append(p.probs, Problem{Path: p.e.Path, Line: comment, Severity: Warning,
			Message: "comment opened with %% is never closed: the rest of the entry is left out, as Obsidian hides it (close it with %%)"})
	}
	return out
}

// obsidianLine appends line l, rewritten, to dst. comment is the file
// line of a comment open before the line, or -1; the one open after it
// is returned.
func (p *bodyParser) obsidianLine(dst, l []byte, comment, line int) ([]byte, int) {
	ticks := backtickRuns(l)
	for i := 0; i < len(l); {
		c := l[i]
		if comment >= 0 {
			k := bytes.Index(l[i:], []byte("%%"))
			if k < 0 {
				return bytes.TrimRight(dst, " \t"), comment
			}
			comment = -1
			dst, i = closeGap(dst, l, i+k+2)
			continue
		}
		switch {
		case c == '\\' && i+1 < len(l):
			dst = append(dst, c, l[i+1])
			i += 2
			continue
		case c == '`':
			n := runLen(l, i, '`')
			end := ticks.close(i, n)
			if end < 0 {
				end = i + n
			}
			dst = append(dst, l[i:end]...)
			i = end
			continue
		case c == '#' && (i == 0 || l[i-1] == ' ' || l[i-1] == '\t'):
			if end := tagEnd(l, i); end > 0 {
				p.addTag(string(l[i+1 : end]))
				dst = append(dst, l[i:end]...)
				i = end
				continue
			}
		case c == '%' && i+1 < len(l) && l[i+1] == '%':
			comment = line
			i += 2
			continue
		case c == '!' && bytes.HasPrefix(l[i+1:], []byte("[[")):
			if end, inner := wikiEnd(l, i+1); end > 0 {
				p.probs = append(p.probs, Problem{Path: p.e.Path, Line: line, Severity: Warning,
					Message: fmt.Sprintf("embed ![[%s]] left out (embedded notes and files are not printed)", Safe(string(inner), 60))})
				dst, i = closeGap(dst, l, end)
				continue
			}
		case c == '[' && i+1 < len(l) && l[i+1] == '[':
			if end, inner := wikiEnd(l, i); end > 0 {
				dst = appendEscaped(dst, wikiText(string(inner)))
				i = end
				continue
			}
		}
		dst = append(dst, c)
		i++
	}
	return dst, comment
}

// tagEnd returns the end of the tag starting with "#" at l[i], or 0: as
// in Obsidian, letters, digits, "_", "-" and "/", not digits only.
func tagEnd(l []byte, i int) int {
	end, letter := i+1, false
	for end < len(l) {
		r, n := utf8.DecodeRune(l[end:])
		switch {
		case unicode.IsLetter(r) || r == '_' || r == '-' || r == '/' || unicode.Is(unicode.Mn, r):
			letter = true
		case unicode.IsDigit(r):
		default:
			return tagEndAt(end, letter, i)
		}
		end += n
	}
	return tagEndAt(end, letter, i)
}

func tagEndAt(end int, letter bool, i int) int {
	if !letter || end == i+1 {
		return 0
	}
	return end
}

// addTag adds tag to the entry's tags unless it has it (in any case).
func (p *bodyParser) addTag(tag string) {
	for _, t := range p.e.Tags {
		if strings.EqualFold(t, tag) {
			return
		}
	}
	p.e.Tags = append(p.e.Tags, tag)
}

// trailingTags returns l without the tags that end it, when they stand
// after the end of a sentence or alone on the line; otherwise l.
func trailingTags(l []byte) []byte {
	rest := bytes.TrimRight(l, " \t")
	stripped := false
	for {
		k := bytes.LastIndexAny(rest, " \t") + 1
		if k >= len(rest) || rest[k] != '#' || tagEnd(rest, k) != len(rest) {
			break
		}
		rest, stripped = bytes.TrimRight(rest[:k], " \t"), true
	}
	if !stripped {
		return l
	}
	text := bytes.TrimRight(rest[len(quotePrefix.Find(rest)):], "*_")
	if len(text) == 0 {
		return rest
	}
	r, _ := utf8.DecodeLastRune(text)
	if strings.ContainsRune(".!?…\"'”’»)]", r) {
		return rest
	}
	return l
}

// closeGap returns dst and the index in l to go on from, i, after
// something left out just before l[i]: the spaces it stood between are
// one ("me. %%note%% And" reads "me. And"), and none are left at the
// start of a line (where four would make code), before punctuation or at
// the end of the line ("and ![[cover.jpg]]." reads "and.").
func closeGap(dst, l []byte, i int) ([]byte, int) {
	if i == len(l) || strings.IndexByte(".,;:!?)", l[i]) >= 0 {
		return bytes.TrimRight(dst, " \t"), i
	}
	if n := len(dst); n == 0 || dst[n-1] == ' ' || dst[n-1] == '\t' || dst[n-1] == '>' {
		for i < len(l) && (l[i] == ' ' || l[i] == '\t') {
			i++
		}
	}
	return dst, i
}

// wikiEnd returns the end of the wiki link opening at l[i] ("[[") and
// its inside, or 0: the inside holds no bracket and is not empty.
func wikiEnd(l []byte, i int) (int, []byte) {
	rest := l[i+2:]
	k := bytes.IndexAny(rest, "[]")
	if k <= 0 || rest[k] != ']' || k+1 >= len(rest) || rest[k+1] != ']' {
		return 0, nil
	}
	inner := rest[:k]
	if len(bytes.TrimSpace(inner)) == 0 {
		return 0, nil
	}
	return i + 2 + k + 2, inner
}

// wikiText is what Obsidian shows for the inside of a wiki link: its
// alias, or its target with a heading as "Note > Heading" and a block
// reference left out.
func wikiText(inner string) string {
	if _, alias, ok := strings.Cut(inner, "|"); ok && strings.TrimSpace(alias) != "" {
		return strings.TrimSpace(alias)
	}
	target, _, _ := strings.Cut(inner, "|")
	target = strings.TrimSpace(target)
	if note, ref, ok := strings.Cut(target, "#"); ok {
		note = strings.TrimSpace(note)
		if strings.HasPrefix(ref, "^") {
			return note
		}
		parts := []string{}
		if note != "" {
			parts = append(parts, note)
		}
		for _, h := range strings.Split(ref, "#") {
			if h = strings.TrimSpace(h); h != "" {
				parts = append(parts, h)
			}
		}
		return strings.Join(parts, " > ")
	}
	return target
}

// unwiki replaces the wiki links in a front matter value with their
// text ("[[Seneca]]" is "Seneca").
func unwiki(s string) string {
	if !strings.Contains(s, "[[") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if strings.HasPrefix(s[i:], "[[") {
			if end, inner := wikiEnd([]byte(s), i); end > 0 {
				b.WriteString(wikiText(string(inner)))
				i = end
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}

// appendEscaped appends text so that Markdown reads it as the same text.
func appendEscaped(dst []byte, text string) []byte {
	for i := 0; i < len(text); i++ {
		if strings.IndexByte("\\`*_[]<>!#&=%~|", text[i]) >= 0 {
			dst = append(dst, '\\')
		}
		dst = append(dst, text[i])
	}
	return dst
}

// blockEnds reports whether the block holding line i ends with it: the
// next line is blank (or only blockquote markers), starts a list item,
// or there is none.
func blockEnds(lines [][]byte, i int) bool {
	if i+1 >= len(lines) {
		return true
	}
	next := bytes.TrimRight(lines[i+1], "\r")
	rest := next[len(quotePrefix.Find(next)):]
	return len(bytes.TrimSpace(rest)) == 0 || listStart.Match(rest)
}

// openFence returns the marker of the code fence line l opens (``` or
// ~~~, three or more, inside blockquotes too), or nil.
func openFence(l []byte) []byte {
	rest := l[len(quotePrefix.Find(l)):]
	if len(rest) < 3 || rest[0] != '`' && rest[0] != '~' {
		return nil
	}
	n := runLen(rest, 0, rest[0])
	if n < 3 || rest[0] == '`' && bytes.IndexByte(rest[n:], '`') >= 0 {
		return nil
	}
	return rest[:n]
}

// closesFence reports whether l closes the fence opened by marker.
func closesFence(l, marker []byte) bool {
	rest := l[len(quotePrefix.Find(l)):]
	n := runLen(rest, 0, marker[0])
	return n >= len(marker) && len(bytes.TrimSpace(rest[n:])) == 0
}

// runLen returns how many times c repeats from l[i].
func runLen(l []byte, i int, c byte) int {
	n := 0
	for i+n < len(l) && l[i+n] == c {
		n++
	}
	return n
}

// tickRuns are a line's runs of backticks, by length, for finding the
// run that closes a code span in linear time.
type tickRuns map[int][]int

// backtickRuns returns the runs of backticks of l: their starts by
// length.
func backtickRuns(l []byte) tickRuns {
	if bytes.IndexByte(l, '`') < 0 {
		return nil
	}
	runs := tickRuns{}
	for i := 0; i < len(l); {
		if l[i] != '`' {
			i++
			continue
		}
		n := runLen(l, i, '`')
		runs[n] = append(runs[n], i)
		i += n
	}
	return runs
}

// close returns the end of the code span whose opening run of n
// backticks is at i (the end of its closing run), or -1. Runs before i
// are dropped: they are never asked for again.
func (t tickRuns) close(i, n int) int {
	starts := t[n]
	for len(starts) > 0 && starts[0] <= i {
		starts = starts[1:]
	}
	t[n] = starts
	if len(starts) == 0 {
		return -1
	}
	end := starts[0] + n
	t[n] = starts[1:]
	return end
}

// pairParser reads text between two pairs of one character into the
// node its make returns: Obsidian's highlight, ==text== (markParser),
// and strikethrough, ~~text~~ (strikeParser). Exactly two characters
// open and close, flanking as emphasis's asterisks do, so "a == b",
// "~30 pages" and "===" stay as typed.
type pairParser struct {
	char byte
	make func() gast.Node
}

var (
	markParser   = pairParser{'=', func() gast.Node { return &markNode{} }}
	strikeParser = pairParser{'~', func() gast.Node { return &strikeNode{} }}
)

// markNode is highlighted text.
type markNode struct{ gast.BaseInline }

// strikeNode is struck-through text.
type strikeNode struct{ gast.BaseInline }

var (
	kindMark   = gast.NewNodeKind("Mark")
	kindStrike = gast.NewNodeKind("Strike")
)

// Kind implements ast.Node.
func (*markNode) Kind() gast.NodeKind { return kindMark }

// Dump implements ast.Node.
func (n *markNode) Dump(source []byte, level int) { gast.DumpHelper(n, source, level, nil, nil) }

// Kind implements ast.Node.
func (*strikeNode) Kind() gast.NodeKind { return kindStrike }

// Dump implements ast.Node.
func (n *strikeNode) Dump(source []byte, level int) { gast.DumpHelper(n, source, level, nil, nil) }

// pairDelimiters is a pairParser's delimiter processor.
type pairDelimiters struct{ p pairParser }

func (d pairDelimiters) IsDelimiter(b byte) bool { return b == d.p.char }

func (d pairDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char && opener.Length == 2 && closer.Length == 2
}

func (d pairDelimiters) OnMatch(consumes int) gast.Node { return d.p.make() }

func (p pairParser) Trigger() []byte { return []byte{p.char} }

func (p pairParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	node := parser.ScanDelimiter(line, before, 1, pairDelimiters{p})
	if node == nil || node.OriginalLength != 2 || before == rune(p.char) {
		return nil
	}
	node.Segment = segment.WithStop(segment.Start + node.OriginalLength)
	block.Advance(node.OriginalLength)
	pc.PushDelimiter(node)
	return node
}

func (pairParser) CloseBlock(parent gast.Node, pc parser.Context) {}
