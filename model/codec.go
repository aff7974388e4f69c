package model

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"unsafe"
)

// The entry codec is the compact binary form of parsed entries that the
// cache keeps (cache.go). An entry is written in two parts: its head —
// every field but the body, and its quotes without their text — which is
// all that the quote-of-the-day schedule and `check` need, and its body
// (the quotes' blocks, the body's parts, commentary and footnotes), read
// only when the entry is used whole. Lengths are written as n+1 with 0 for
// a nil slice or map, so that a decoded entry equals the parsed one
// exactly (nil and empty stay apart). codecFields (checked by a test)
// lists every field the codec writes: a field added to the model without
// being added here fails that test rather than vanishing from cached
// entries.

// errCorrupt is returned when cached bytes do not decode.
var errCorrupt = errors.New("corrupt cache data")

// encoder appends values to a byte slice.
type encoder struct {
	b   []byte
	err error
}

func (w *encoder) uvarint(v uint64) { w.b = binary.AppendUvarint(w.b, v) }
func (w *encoder) varint(v int64)   { w.b = binary.AppendVarint(w.b, v) }
func (w *encoder) int(v int)        { w.varint(int64(v)) }
func (w *encoder) str(s string)     { w.uvarint(uint64(len(s))); w.b = append(w.b, s...) }
func (w *encoder) bytes(p []byte)   { w.uvarint(uint64(len(p))); w.b = append(w.b, p...) }

func (w *encoder) bool(v bool) {
	if v {
		w.b = append(w.b, 1)
	} else {
		w.b = append(w.b, 0)
	}
}

// count writes a slice's length, 0 for nil.
func (w *encoder) count(n int, isNil bool) {
	if isNil {
		w.uvarint(0)
		return
	}
	w.uvarint(uint64(n) + 1)
}

func (w *encoder) strs(ss []string) {
	w.count(len(ss), ss == nil)
	for _, s := range ss {
		w.str(s)
	}
}

func (w *encoder) date(d Date) { w.int(d.Year); w.int(d.Month); w.int(d.Day) }

func (w *encoder) names(ns []Name) {
	w.count(len(ns), ns == nil)
	for _, n := range ns {
		w.str(n.Given)
		w.str(n.Family)
		w.str(n.Particle)
		w.bool(n.DroppingParticle)
		w.str(n.Literal)
	}
}

func (w *encoder) runs(rs []Run) {
	w.count(len(rs), rs == nil)
	for _, r := range rs {
		var flags byte
		if r.Italic {
			flags |= 1
		}
		if r.Bold {
			flags |= 2
		}
		if r.Code {
			flags |= 4
		}
		if r.Break {
			flags |= 8
		}
		if r.Mark {
			flags |= 16
		}
		if r.Strike {
			flags |= 32
		}
		w.b = append(w.b, flags)
		w.str(r.Text)
		w.str(r.Link)
		w.str(r.Note)
	}
}

func (w *encoder) blocks(bs []Block) {
	w.count(len(bs), bs == nil)
	for _, b := range bs {
		w.str(b.Kind)
		w.int(b.Level)
		w.bool(b.Ordered)
		w.int(b.Number)
		w.bool(b.More)
		w.runs(b.Runs)
		w.bool(b.Table != nil)
		if t := b.Table; t != nil {
			w.bool(t.Header)
			w.strs(t.Align)
			w.count(len(t.Rows), t.Rows == nil)
			for _, row := range t.Rows {
				w.strs(row)
			}
		}
	}
}

// Value tags of Extra's values (front-matter fields the model does not
// know: what the YAML and TOML readers produce).
const (
	tagNil byte = iota
	tagString
	tagBool
	tagInt
	tagInt64
	tagUint64
	tagFloat
	tagList
	tagMap
)

func (w *encoder) value(v any, depth int) {
	if depth > 64 {
		w.err = fmt.Errorf("value nested too deep")
		return
	}
	switch x := v.(type) {
	case nil:
		w.b = append(w.b, tagNil)
	case string:
		w.b = append(w.b, tagString)
		w.str(x)
	case bool:
		w.b = append(w.b, tagBool)
		w.bool(x)
	case int:
		w.b = append(w.b, tagInt)
		w.varint(int64(x))
	case int64:
		w.b = append(w.b, tagInt64)
		w.varint(x)
	case uint64:
		w.b = append(w.b, tagUint64)
		w.uvarint(x)
	case float64:
		w.b = append(w.b, tagFloat)
		w.uvarint(math.Float64bits(x))
	case []any:
		w.b = append(w.b, tagList)
		w.count(len(x), x == nil)
		for _, e := range x {
			w.value(e, depth+1)
		}
	case map[string]any:
		w.b = append(w.b, tagMap)
		w.stringMap(x, depth)
	default:
		// A type the codec does not know: the entry is not cached (it
		// is parsed again next time), never stored wrong.
		w.err = fmt.Errorf("cannot cache a value of type %T", v)
	}
}

func (w *encoder) stringMap(m map[string]any, depth int) {
	w.count(len(m), m == nil)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.str(k)
		w.value(m[k], depth+1)
	}
}

// head writes every field of e but its body, and its quotes without
// their blocks.
func (w *encoder) head(e *Entry) {
	w.str(e.Path)
	w.str(e.Slug)
	w.str(e.ID)
	w.str(e.Title)
	w.names(e.Authors)
	w.names(e.Translators)
	w.names(e.Editors)
	w.str(e.Publication)
	w.str(e.Publisher)
	w.str(e.Place)
	w.str(e.Link)
	w.date(e.Date)
	w.date(e.Accessed)
	w.str(e.Pages)
	w.str(e.Volume)
	w.str(e.Issue)
	w.str(e.DOI)
	w.str(e.Type)
	w.bool(e.TypeInferred)
	w.str(e.Category)
	w.strs(e.Tags)
	w.str(e.SourceFormat)
	w.str(e.Lang)
	w.str(e.Layout)
	w.stringMap(e.Extra, 0)
	w.count(len(e.Quotes), e.Quotes == nil)
	for _, q := range e.Quotes {
		w.str(q.ID)
		w.int(q.Line)
		w.str(q.Mark)
		w.str(q.Lang)
		w.str(q.Dir)
		w.str(q.Location)
	}
}

// body writes what head leaves out: the quotes' blocks, the body's parts,
// the commentary and the footnotes.
func (w *encoder) body(e *Entry) {
	for _, q := range e.Quotes {
		w.blocks(q.Blocks)
	}
	w.count(len(e.Body), e.Body == nil)
	for _, p := range e.Body {
		w.str(p.Kind)
		w.int(p.Line)
		w.int(p.Quote)
		w.str(p.QuoteID)
		w.str(p.Of)
		w.blocks(p.Blocks)
	}
	w.blocks(e.Commentary)
	w.count(len(e.Notes), e.Notes == nil)
	for _, n := range e.Notes {
		w.str(n.ID)
		w.str(n.Label)
		w.blocks(n.Blocks)
	}
}

func (w *encoder) problems(ps []Problem) {
	w.count(len(ps), ps == nil)
	for _, p := range ps {
		w.str(p.Path)
		w.int(p.Line)
		w.str(string(p.Severity))
		w.str(p.Message)
	}
}

// decoder reads what encoder wrote. Every read is bounds-checked: bad
// bytes give errCorrupt, never a panic or a huge allocation.
type decoder struct {
	b   []byte
	err error
	// slab, when set, hands out entries and quotes from larger blocks
	// (fewer, cheaper allocations when many heads are read).
	slab *slab
}

// slab allocates entries and quotes in blocks. It is not safe for
// concurrent use: each loading goroutine has its own.
type slab struct {
	entries []Entry
	quotes  []Quote
}

func (s *slab) entry() *Entry {
	if len(s.entries) == 0 {
		s.entries = make([]Entry, 128)
	}
	e := &s.entries[0]
	s.entries = s.entries[1:]
	return e
}

// quoteSlice returns n zero quotes whose capacity is n (an append
// reallocates, never reaching another entry's quotes).
func (s *slab) quoteSlice(n int) []Quote {
	if n > 64 {
		return make([]Quote, n)
	}
	if len(s.quotes) < n {
		s.quotes = make([]Quote, 512)
	}
	q := s.quotes[:n:n]
	s.quotes = s.quotes[n:]
	return q
}

func (r *decoder) fail() {
	if r.err == nil {
		r.err = errCorrupt
	}
	r.b = nil
}

func (r *decoder) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *decoder) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *decoder) int() int {
	v := r.varint()
	if v > math.MaxInt32 || v < math.MinInt32 {
		r.fail()
		return 0
	}
	return int(v)
}

func (r *decoder) raw() []byte {
	n := r.uvarint()
	if n > uint64(len(r.b)) {
		r.fail()
		return nil
	}
	p := r.b[:n]
	r.b = r.b[n:]
	return p
}

// str returns the next string. It shares the decoder's bytes (no copy):
// the buffers decoded are never modified, and live as long as any string
// read from them.
func (r *decoder) str() string {
	b := r.raw()
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func (r *decoder) byte() byte {
	if len(r.b) == 0 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *decoder) bool() bool { return r.byte() != 0 }

// count reads a slice length written by encoder.count: -1 for nil. A
// length larger than the bytes left (every element takes one byte at
// least) is corrupt.
func (r *decoder) count() int {
	n := r.uvarint()
	if n == 0 {
		return -1
	}
	if n-1 > uint64(len(r.b)) {
		r.fail()
		return -1
	}
	return int(n - 1)
}

func (r *decoder) strs() []string {
	n := r.count()
	if n < 0 {
		return nil
	}
	out := make([]string, n)
	for i := range out {
		out[i] = r.str()
	}
	return out
}

func (r *decoder) date() Date { return Date{Year: r.int(), Month: r.int(), Day: r.int()} }

func (r *decoder) names() []Name {
	n := r.count()
	if n < 0 {
		return nil
	}
	out := make([]Name, n)
	for i := range out {
		out[i] = Name{Given: r.str(), Family: r.str(), Particle: r.str(), DroppingParticle: r.bool(), Literal: r.str()}
	}
	return out
}

func (r *decoder) runs() []Run {
	n := r.count()
	if n < 0 {
		return nil
	}
	out := make([]Run, n)
	for i := range out {
		f := r.byte()
		out[i] = Run{Italic: f&1 != 0, Bold: f&2 != 0, Code: f&4 != 0, Break: f&8 != 0, Mark: f&16 != 0, Strike: f&32 != 0}
		out[i].Text = r.str()
		out[i].Link = r.str()
		out[i].Note = r.str()
	}
	return out
}

func (r *decoder) blocks() []Block {
	n := r.count()
	if n < 0 {
		return nil
	}
	out := make([]Block, n)
	for i := range out {
		out[i] = Block{Kind: r.str(), Level: r.int(), Ordered: r.bool()}
		out[i].Number = r.int()
		out[i].More = r.bool()
		out[i].Runs = r.runs()
		if r.bool() {
			t := &Table{Header: r.bool(), Align: r.strs()}
			if n := r.count(); n >= 0 {
				t.Rows = make([][]string, n)
				for k := range t.Rows {
					t.Rows[k] = r.strs()
				}
			}
			out[i].Table = t
		}
	}
	return out
}

func (r *decoder) value(depth int) any {
	if depth > 64 {
		r.fail()
		return nil
	}
	switch r.byte() {
	case tagNil:
		return nil
	case tagString:
		return r.str()
	case tagBool:
		return r.bool()
	case tagInt:
		return int(r.varint())
	case tagInt64:
		return r.varint()
	case tagUint64:
		return r.uvarint()
	case tagFloat:
		return math.Float64frombits(r.uvarint())
	case tagList:
		n := r.count()
		if n < 0 {
			return []any(nil)
		}
		out := make([]any, n)
		for i := range out {
			out[i] = r.value(depth + 1)
		}
		return out
	case tagMap:
		return r.stringMap(depth)
	}
	r.fail()
	return nil
}

func (r *decoder) stringMap(depth int) map[string]any {
	n := r.count()
	if n < 0 {
		return nil
	}
	out := make(map[string]any, n)
	for i := 0; i < n && r.err == nil; i++ {
		k := r.str()
		out[k] = r.value(depth + 1)
	}
	return out
}

func (r *decoder) head() *Entry {
	var e *Entry
	if r.slab != nil {
		e = r.slab.entry()
	} else {
		e = &Entry{}
	}
	e.Path = r.str()
	e.Slug = r.str()
	e.ID = r.str()
	e.Title = r.str()
	e.Authors = r.names()
	e.Translators = r.names()
	e.Editors = r.names()
	e.Publication = r.str()
	e.Publisher = r.str()
	e.Place = r.str()
	e.Link = r.str()
	e.Date = r.date()
	e.Accessed = r.date()
	e.Pages = r.str()
	e.Volume = r.str()
	e.Issue = r.str()
	e.DOI = r.str()
	e.Type = r.str()
	e.TypeInferred = r.bool()
	e.Category = r.str()
	e.Tags = r.strs()
	e.SourceFormat = r.str()
	e.Lang = r.str()
	e.Layout = r.str()
	e.Extra = r.stringMap(0)
	if n := r.count(); n >= 0 {
		if r.slab != nil {
			e.Quotes = r.slab.quoteSlice(n)
		} else {
			e.Quotes = make([]Quote, n)
		}
		for i := range e.Quotes {
			q := &e.Quotes[i]
			q.ID = r.str()
			q.Line = r.int()
			q.Mark = r.str()
			q.Lang = r.str()
			q.Dir = r.str()
			q.Location = r.str()
		}
	}
	return e
}

// body reads an entry's body into e, whose head was read already.
func (r *decoder) body(e *Entry) {
	for i := range e.Quotes {
		e.Quotes[i].Blocks = r.blocks()
	}
	if n := r.count(); n >= 0 {
		e.Body = make([]Part, n)
		for i := range e.Body {
			p := &e.Body[i]
			p.Kind = r.str()
			p.Line = r.int()
			p.Quote = r.int()
			p.QuoteID = r.str()
			p.Of = r.str()
			p.Blocks = r.blocks()
			if p.Kind == PartQuote && (p.Quote < 0 || p.Quote >= len(e.Quotes)) {
				r.fail()
				return
			}
		}
	}
	e.Commentary = r.blocks()
	if n := r.count(); n >= 0 {
		e.Notes = make([]Note, n)
		for i := range e.Notes {
			e.Notes[i] = Note{ID: r.str(), Label: r.str()}
			e.Notes[i].Blocks = r.blocks()
		}
	}
}

func (r *decoder) problems() []Problem {
	n := r.count()
	if n < 0 {
		return nil
	}
	out := make([]Problem, n)
	for i := range out {
		out[i] = Problem{Path: r.str(), Line: r.int(), Severity: Severity(r.str()), Message: r.str()}
	}
	return out
}

// codecFields lists, per model type, the fields the codec writes (in
// declaration order). TestCodecCoversEveryField compares it with the
// types, and the list is part of the cache key: a cache written for other
// types is never read.
var codecFields = map[string][]string{
	"Entry": {"Path", "Slug", "ID", "Title", "Authors", "Translators", "Editors", "Publication", "Publisher", "Place",
		"Link", "Date", "Accessed", "Pages", "Volume", "Issue", "DOI", "Type", "TypeInferred", "Category", "Tags", "SourceFormat", "Lang",
		"Layout", "Extra", "Body", "Quotes", "Commentary", "Notes"},
	"Quote":   {"ID", "Line", "Mark", "Blocks", "Lang", "Dir", "Location"},
	"Part":    {"Kind", "Line", "Quote", "QuoteID", "Of", "Blocks"},
	"Block":   {"Kind", "Level", "Ordered", "Number", "More", "Runs", "Table"},
	"Run":     {"Text", "Italic", "Bold", "Code", "Mark", "Strike", "Link", "Break", "Note"},
	"Note":    {"ID", "Label", "Blocks"},
	"Table":   {"Header", "Align", "Rows"},
	"Name":    {"Given", "Family", "Particle", "DroppingParticle", "Literal"},
	"Date":    {"Year", "Month", "Day"},
	"Problem": {"Path", "Line", "Severity", "Message"},
}

// codecSignature is the codec's field list as one string, for the cache
// key.
func codecSignature() string {
	keys := make([]string, 0, len(codecFields))
	for k := range codecFields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := ""
	for _, k := range keys {
		s += k + fmt.Sprint(codecFields[k]) + ";"
	}
	return s
}
