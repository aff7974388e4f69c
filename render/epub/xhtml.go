package epub

import (
	"crypto/sha1"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// esc writes s to b as XML character data or an attribute value: & < > " '
// are escaped, invalid UTF-8 becomes U+FFFD, and characters XML 1.0 forbids
// or HTML calls forbidden code points (C0 and C1 controls other than tab,
// newline and carriage return, non-characters) are dropped.
func esc(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		var rep string
		switch {
		case r == utf8.RuneError && size == 1:
			rep = "\uFFFD"
		case r == '&':
			rep = "&amp;"
		case r == '<':
			rep = "&lt;"
		case r == '>':
			rep = "&gt;"
		case r == '"':
			rep = "&quot;"
		case r == '\'':
			rep = "&#39;"
		case r == '\r':
			rep = "\n"
		case r == '\t' || r == '\n':
			i += size
			continue
		case r < 0x20, r >= 0x7f && r <= 0x9f, r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
			rep = ""
		default:
			i += size
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		i += size
		last = i
	}
	b.WriteString(s[last:])
}

// escString returns s escaped as esc does.
func escString(s string) string {
	var b strings.Builder
	esc(&b, s)
	return b.String()
}

// xmlID returns an XML id (an ASCII NCName) made of prefix and s. When s
// has characters outside [A-Za-z0-9._-], they become "_" and a short hash
// of s keeps the result unique.
func xmlID(prefix, s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
			ok = false
			break
		}
	}
	if ok && s != "" {
		return prefix + s
	}
	var b strings.Builder
	b.WriteString(prefix)
	for i := 0; i < len(s) && b.Len() < len(prefix)+40; i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' {
			b.WriteByte(c)
		} else {
			b.WriteByte('_')
		}
	}
	sum := sha1.Sum([]byte(s))
	b.WriteString("-")
	b.WriteString(hex.EncodeToString(sum[:5]))
	return b.String()
}

// safeLink returns the link target as it may appear in the book, or ""
// when it must be dropped: only absolute http, https and mailto URLs are
// kept (in-page fragments of the source document point nowhere in the
// book).
func safeLink(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s, " \t\n\r<>\"\\`{}|^") {
		return ""
	}
	u, err := url.Parse(s)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return ""
		}
	case "mailto":
		if u.Opaque == "" {
			return ""
		}
	default:
		return ""
	}
	return u.String()
}

// langAttrs writes lang and xml:lang (and dir) attributes for a language
// that differs from the document's.
func langAttrs(b *strings.Builder, lang, dir string) {
	if lang != "" {
		b.WriteString(` lang="`)
		b.WriteString(lang)
		b.WriteString(`" xml:lang="`)
		b.WriteString(lang)
		b.WriteString(`"`)
	}
	if dir == "rtl" || dir == "ltr" {
		b.WriteString(` dir="`)
		b.WriteString(dir)
		b.WriteString(`"`)
	}
}

// noteWriter tracks the footnotes of one entry while its text is written:
// which references exist and which note has already had its first
// reference (only the first reference carries the id the backlink uses).
type noteWriter struct {
	// anchor is the entry's id; note ids are made from it so they are
	// unique in the book whatever the notes' own ids are.
	anchor string
	notes  map[string]int // note ID → index in e.Notes
	e      *model.Entry
	ei     int32 // its number (book.src)
	refd   map[string]bool
	order  []string
	// label names the entry's notes (Labels.Notes).
	label string
	// pg hands out the print edition's page breaks (nil when there are
	// none); place is where the blocks being written are (its block
	// field unused); bm follows the block being written.
	pg    *pager
	place placeKey
	bm    *blockMarks
	// foreign, when set, marks the entry's names and titles in the
	// citations with their language (only there: quotes and commentary
	// have their own).
	foreign *foreign
	inCite  bool
}

// marksFor starts following the block with index block of nw.place.
func (nw *noteWriter) marksFor(block int) {
	nw.bm = nil
	if nw.pg == nil {
		return
	}
	k := nw.place
	k.block = int32(block)
	if m := nw.pg.take(k); len(m) > 0 {
		nw.bm = &blockMarks{pg: nw.pg, marks: m, space: true}
	}
}

// endMarks writes the page breaks left in the block and stops following
// it.
func (nw *noteWriter) endMarks(b *strings.Builder) {
	nw.bm.flush(b, -1)
	nw.bm = nil
}

func newNoteWriter(e *model.Entry, anchor string) *noteWriter {
	nw := &noteWriter{anchor: anchor, e: e}
	if len(e.Notes) > 0 {
		nw.notes = make(map[string]int, len(e.Notes))
		nw.refd = make(map[string]bool, len(e.Notes))
		for i := range e.Notes {
			if _, dup := nw.notes[e.Notes[i].ID]; !dup {
				nw.notes[e.Notes[i].ID] = i
			}
		}
	}
	return nw
}

func (nw *noteWriter) noteID(i int) string { return nw.anchor + "-n" + strconv.Itoa(i+1) }
func (nw *noteWriter) refID(i int) string  { return nw.anchor + "-r" + strconv.Itoa(i+1) }

// runs writes inline rich text as XHTML: consecutive runs with the same
// link share one <a>; footnote references become EPUB 3 noterefs.
func (nw *noteWriter) runs(b *strings.Builder, runs []model.Run) {
	for i := 0; i < len(runs); {
		r := runs[i]
		switch {
		case r.Break:
			b.WriteString("<br/>")
			nw.bm.advance("\n")
			i++
			continue
		case r.Note != "":
			nw.noteref(b, r.Note)
			i++
			continue
		}
		link := safeLink(r.Link)
		if link == "" {
			nw.styled(b, r)
			i++
			continue
		}
		b.WriteString(`<a href="`)
		esc(b, link)
		b.WriteString(`">`)
		for i < len(runs) && !runs[i].Break && runs[i].Note == "" && runs[i].Link == r.Link {
			nw.styled(b, runs[i])
			i++
		}
		b.WriteString("</a>")
	}
}

func (nw *noteWriter) styled(b *strings.Builder, r model.Run) {
	if r.Text == "" {
		return
	}
	if r.Italic {
		b.WriteString("<em>")
	}
	if r.Bold {
		b.WriteString("<strong>")
	}
	if r.Code {
		b.WriteString("<code>")
	}
	if r.Mark {
		b.WriteString("<mark>")
	}
	if r.Strike {
		b.WriteString("<s>")
	}
	nw.text(b, r.Text)
	if r.Strike {
		b.WriteString("</s>")
	}
	if r.Mark {
		b.WriteString("</mark>")
	}
	if r.Code {
		b.WriteString("</code>")
	}
	if r.Bold {
		b.WriteString("</strong>")
	}
	if r.Italic {
		b.WriteString("</em>")
	}
}

func (nw *noteWriter) noteref(b *strings.Builder, id string) {
	i, ok := nw.notes[id]
	if !ok {
		return // a reference to a note the entry lacks: nothing to point at
	}
	n := &nw.e.Notes[i]
	b.WriteString(`<sup><a class="noteref" epub:type="noteref" role="doc-noteref" href="#`)
	b.WriteString(nw.noteID(i))
	b.WriteString(`"`)
	if !nw.refd[id] {
		nw.refd[id] = true
		nw.order = append(nw.order, id)
		b.WriteString(` id="`)
		b.WriteString(nw.refID(i))
		b.WriteString(`"`)
	}
	b.WriteString(`>`)
	label := n.Label
	if label == "" {
		label = "*"
	}
	esc(b, label)
	nw.bm.advance(label)
	b.WriteString("</a></sup>")
}

// blocks writes paragraph-level rich text. Consecutive list items become a
// (nested) list; paragraphs with a Level above 0 are nested blockquotes.
// first is the index of blocks[0] among the blocks of nw.place, for the
// page breaks.
func (nw *noteWriter) blocks(b *strings.Builder, blocks []model.Block, first int) {
	var lists books.Lists
	bqDepth := 0
	for j, bl := range blocks {
		nw.marksFor(first + j)
		if bl.Kind != "li" {
			lists.Close(b, 0)
			want := 0
			if bl.Kind == "p" && bl.Level > 0 {
				want = min(bl.Level, 8)
			}
			for ; bqDepth < want; bqDepth++ {
				b.WriteString("<blockquote>")
			}
			for ; bqDepth > want; bqDepth-- {
				b.WriteString("</blockquote>")
			}
		}
		switch bl.Kind {
		case "li":
			more := lists.Item(b, bl)
			if more {
				b.WriteString(`<p class="more">`)
			}
			nw.runs(b, bl.Runs)
			nw.endMarks(b)
			if more {
				b.WriteString("</p>")
			}
		case "h":
			b.WriteString(`<p class="heading">`)
			nw.runs(b, bl.Runs)
			nw.endMarks(b)
			b.WriteString("</p>\n")
		case "pre":
			nw.endMarks(b)
			if bl.Table != nil {
				books.WriteTable(b, bl.Table, true, esc)
				break
			}
			b.WriteString("<pre><code>")
			esc(b, model.Plain(bl.Runs))
			b.WriteString("</code></pre>\n")
		case "hr":
			nw.endMarks(b)
			b.WriteString("<hr/>\n")
		default:
			if hasBreak(bl.Runs) {
				b.WriteString(`<p class="verse">`)
			} else {
				b.WriteString("<p>")
			}
			nw.runs(b, bl.Runs)
			nw.endMarks(b)
			b.WriteString("</p>\n")
		}
	}
	lists.Close(b, 0)
	for ; bqDepth > 0; bqDepth-- {
		b.WriteString("</blockquote>")
	}
}

func hasBreak(runs []model.Run) bool {
	for _, r := range runs {
		if r.Break {
			return true
		}
	}
	return false
}

// footnotes writes the referenced notes of the entry as EPUB 3 footnotes,
// each with a backlink to its first reference. Notes referenced only from
// other notes are written too, in order of first reference.
func (nw *noteWriter) footnotes(b *strings.Builder) {
	if len(nw.order) == 0 {
		return
	}
	b.WriteString(`<div class="footnotes" role="note" aria-label="`)
	esc(b, nw.label)
	b.WriteString("\">\n")
	for i := 0; i < len(nw.order); i++ { // order grows while notes are written
		ni := nw.notes[nw.order[i]]
		n := &nw.e.Notes[ni]
		b.WriteString(`<aside class="footnote" epub:type="footnote" role="doc-footnote" id="`)
		b.WriteString(nw.noteID(ni))
		b.WriteString(`">`)
		rest := n.Blocks
		nw.place = placeKey{kind: books.PlaceNote, entry: nw.ei, item: int32(ni)}
		first := 0
		if len(rest) > 0 && rest[0].Kind == "p" && rest[0].Level == 0 {
			b.WriteString("<p>")
			nw.backlink(b, ni)
			nw.marksFor(0)
			nw.runs(b, rest[0].Runs)
			nw.endMarks(b)
			b.WriteString("</p>\n")
			rest = rest[1:]
			first = 1
		} else {
			b.WriteString("<p>")
			nw.backlink(b, ni)
			b.WriteString("</p>\n")
		}
		nw.blocks(b, rest, first)
		b.WriteString("</aside>\n")
	}
	b.WriteString("</div>\n")
}

func (nw *noteWriter) backlink(b *strings.Builder, i int) {
	n := &nw.e.Notes[i]
	b.WriteString(`<a class="backlink" href="#`)
	b.WriteString(nw.refID(i))
	b.WriteString(`" role="doc-backlink">`)
	label := n.Label
	if label == "" {
		label = "*"
	}
	esc(b, label)
	b.WriteString(".</a> ")
}

// text writes run text; in a citation, a field isolated by
// books.IsolateFields (FSI … PDI within the run) becomes a bdi element,
// and the entry's foreign names and titles are marked with their
// language.
func (nw *noteWriter) text(b *strings.Builder, s string) {
	if !nw.inCite {
		nw.bm.text(b, s)
		return
	}
	for {
		a := strings.IndexRune(s, books.FSI)
		if a < 0 {
			break
		}
		z := strings.IndexRune(s[a:], books.PDI)
		if z < 0 {
			break // the field goes on in the next run: the marks stay
		}
		z += a
		nw.foreignText(b, s[:a])
		b.WriteString("<bdi>")
		nw.foreignText(b, s[a+len(string(books.FSI)):z])
		b.WriteString("</bdi>")
		s = s[z+len(string(books.PDI)):]
	}
	nw.foreignText(b, s)
}

// foreignText writes run text of a citation, marking the entry's foreign
// names and titles.
func (nw *noteWriter) foreignText(b *strings.Builder, s string) {
	if nw.foreign == nil {
		nw.bm.text(b, s)
		return
	}
	for i := 0; i < len(s); {
		at, end := nw.foreign.next(s, i)
		if at < 0 {
			nw.bm.text(b, s[i:])
			return
		}
		nw.bm.text(b, s[i:at])
		b.WriteString("<span" + nw.foreign.attrs + ">")
		nw.bm.text(b, s[at:end])
		b.WriteString("</span>")
		i = end
	}
}
