package model

import (
	"fmt"
	"slices"
	"strconv"

	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Inline footnotes, ^[text], as Obsidian and pandoc write them: the note's
// text where it is referenced, not in a definition of its own. Each is a
// footnote of the entry (Entry.Notes) like a [^1] one, numbered with them
// in the order they are referenced.

// maxInlineNote is the most bytes an inline footnote's text may hold: a
// "^[" whose closing "]" is further on the line stays as typed. It keeps
// looking for the closing bracket linear (a line of many "^[" never
// closed would otherwise be read to its end for each).
const maxInlineNote = 4096

// inlineNoteParser reads ^[text] into an inlineNoteNode whose segment is
// the text: the brackets inside it must pair up, on one line; a
// backslash keeps the character after it.
type inlineNoteParser struct{}

// inlineNoteNode is an inline footnote; its text is parsed when it is
// made into a note (bodyParser.inlineNote).
type inlineNoteNode struct {
	gast.BaseInline
	text text.Segment
}

var kindInlineNote = gast.NewNodeKind("InlineNote")

// Kind implements ast.Node.
func (*inlineNoteNode) Kind() gast.NodeKind { return kindInlineNote }

// Dump implements ast.Node.
func (n *inlineNoteNode) Dump(source []byte, level int) {
	gast.DumpHelper(n, source, level, nil, nil)
}

func (inlineNoteParser) Trigger() []byte { return []byte{'^'} }

func (inlineNoteParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	line, segment := block.PeekLine()
	if len(line) < 3 || line[1] != '[' {
		return nil
	}
	depth := 0
	for i := 1; i < len(line) && i < maxInlineNote+2; i++ {
		switch line[i] {
		case '\\':
			i++
		case '[':
			depth++
		case ']':
			if depth--; depth == 0 {
				if i == 2 {
					return nil // ^[] is no note
				}
				n := &inlineNoteNode{text: text.NewSegment(segment.Start+2, segment.Start+i)}
				block.Advance(i + 1)
				return n
			}
		case '\n', '\r':
			return nil
		}
	}
	return nil
}

func (inlineNoteParser) CloseBlock(parent gast.Node, pc parser.Context) {}

// inlineNote returns the ID of the note n is, making the note the first
// time (a paragraph may be read twice, as a quote and as commentary). Its
// text is parsed as Markdown of its own, its problems at n's line.
func (p *bodyParser) inlineNote(n *inlineNoteNode) string {
	if id, ok := p.inline.ids[n]; ok {
		return id
	}
	p.inline.count++
	id := fmt.Sprintf("%s-fn-i%d", p.e.ID, p.inline.count)
	p.inline.ids[n] = id
	src := n.text.Value(p.src)
	sub := &bodyParser{e: p.e, src: src, lineBase: p.line(n.text.Start), starts: []int{0},
		notes: p.notes, warned: p.warned, callouts: p.callouts, inline: p.inline}
	doc := markdown.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	var runs []Run
	_ = gast.Walk(doc, func(c gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		switch c.(type) {
		case *gast.Paragraph, *gast.TextBlock, *gast.Heading:
			if len(runs) > 0 {
				runs = append(runs, Run{Text: " "})
			}
			runs = append(runs, sub.inlines(c, Run{})...)
			return gast.WalkSkipChildren, nil
		}
		return gast.WalkContinue, nil
	})
	p.probs = append(p.probs, sub.probs...)
	p.e.Notes = append(p.e.Notes, Note{ID: id, Blocks: []Block{{Kind: "p", Runs: runs}}})
	return id
}

// inlineNotes is what the parsers of an entry's body and of its inline
// notes share: the notes made, by node, and how many.
type inlineNotes struct {
	ids   map[gast.Node]string
	count int
}

// numberNotes labels an entry's notes 1, 2, 3 … in the order the body
// first refers to them, and orders Entry.Notes so, when it has inline
// notes (without them, goldmark's numbers are already so). A note no
// part refers to (one referred to only from a dropped paragraph) comes
// after, in the order it was made.
func numberNotes(e *Entry) {
	order := map[string]int{}
	byID := make(map[string]int, len(e.Notes))
	for i, n := range e.Notes {
		byID[n.ID] = i
	}
	var visit func(blocks []Block)
	visit = func(blocks []Block) {
		for _, b := range blocks {
			for _, r := range b.Runs {
				if r.Note == "" {
					continue
				}
				if _, ok := order[r.Note]; !ok {
					order[r.Note] = len(order)
					// a note's own references come after it
					if i, ok := byID[r.Note]; ok {
						visit(e.Notes[i].Blocks)
					}
				}
			}
		}
	}
	for _, part := range e.Body {
		if part.Kind == PartQuote {
			if part.Quote >= 0 && part.Quote < len(e.Quotes) {
				visit(e.Quotes[part.Quote].Blocks)
			}
			continue
		}
		visit(part.Blocks)
	}
	for _, n := range e.Notes {
		if _, ok := order[n.ID]; !ok {
			order[n.ID] = len(order)
		}
	}
	slices.SortStableFunc(e.Notes, func(a, b Note) int { return order[a.ID] - order[b.ID] })
	for i := range e.Notes {
		e.Notes[i].Label = strconv.Itoa(i + 1)
	}
}
