package epub

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// The book is written entry by entry, so that its memory does not grow
// with the collection: each entry is read whole (from the cache when the
// collection was loaded from its index or lazily), written as XHTML and
// forgotten; the content documents go to a temporary file (a spill) until
// the container is written; what the contents, the index of authors and
// the list of sources need of every entry is kept in compact form
// (entryInfo, authorAcc, sourceAcc). A collection loaded whole goes the
// same way, so that the book is the same bytes however it was loaded.

// entrySource gives the book its entries, numbered in collection order.
type entrySource struct {
	c    *model.Collection
	x    *model.Index   // a collection loaded from the cache's index
	list []*model.Entry // otherwise its entries (without nils), whole or lazy
}

func newEntrySource(c *model.Collection) *entrySource {
	if x := c.Index(); x != nil {
		return &entrySource{c: c, x: x}
	}
	list := c.Entries
	if slices.Contains(list, nil) {
		list = make([]*model.Entry, 0, len(c.Entries))
		for _, e := range c.Entries {
			if e != nil {
				list = append(list, e)
			}
		}
	}
	return &entrySource{c: c, list: list}
}

// len returns the number of entries.
func (s *entrySource) len() int {
	if s.x != nil {
		return s.x.Entries()
	}
	return len(s.list)
}

// quotes returns the number of quotes of every entry.
func (s *entrySource) quotes() int {
	if s.x != nil {
		return s.x.Quotes()
	}
	n := 0
	for _, e := range s.list {
		n += len(e.Quotes)
	}
	return n
}

// entry returns entry i whole. It is safe for concurrent use.
func (s *entrySource) entry(i int) (*model.Entry, error) {
	if s.x != nil {
		return s.x.Entry(i, true)
	}
	return s.c.Full(s.list[i])
}

// number returns a function giving the number of an entry of
// c.Entries, or for a collection loaded from the index of an entry head
// it gave (for the print edition's page breaks, which name entries by
// pointer), false for another.
func (s *entrySource) number() func(e *model.Entry) (int32, bool) {
	if s.x != nil {
		// the PDF of the run names the entries its pages begin in by
		// the heads the index gave it (model.Collection.Heads)
		m := s.x.HeadNumbers()
		return func(e *model.Entry) (int32, bool) {
			i, ok := m[e]
			return int32(i), ok
		}
	}
	m := make(map[*model.Entry]int32, len(s.list))
	for i, e := range s.list {
		m[e] = int32(i)
	}
	return func(e *model.Entry) (int32, bool) {
		i, ok := m[e]
		return i, ok
	}
}

// bookGroup is one group of entries (model.Collection.Groups), its
// entries by number.
type bookGroup struct {
	title   string
	entries []int32
}

// groups returns the entries grouped as c.Groups(by) groups them. With
// the index, an entry's category and date come from it; grouping by
// author reads the entries. The keys are found on every core.
func (s *entrySource) groups(by string) ([]bookGroup, error) {
	if by == "" {
		by = s.c.Settings.Defaults().Group
	}
	keyOf, titleOf := s.c.GroupOf(by)
	// head returns what the grouping needs of entry i.
	head := func(i int, scratch *model.Entry) (*model.Entry, error) {
		switch {
		case s.x == nil:
			return s.list[i], nil
		case by == "author":
			return s.x.Entry(i, true)
		}
		scratch.Category, scratch.Date = s.x.Category(i), s.x.Date(i)
		return scratch, nil
	}
	n := s.len()
	keys := make([]string, n)
	errs := make([]error, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), (n+255)/256) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var scratch model.Entry
			for {
				lo := int(next.Add(256)) - 256
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+256, n); i++ {
					e, err := head(i, &scratch)
					if err != nil {
						errs[i] = err
						continue
					}
					keys[i] = keyOf(e)
				}
			}
		}()
	}
	wg.Wait()
	idx := map[string]int{}
	var gkeys []string
	var gs []bookGroup
	var scratch model.Entry
	for i, key := range keys {
		if errs[i] != nil {
			return nil, fmt.Errorf("epub: %w", errs[i])
		}
		g, ok := idx[key]
		if !ok {
			e, err := head(i, &scratch)
			if err != nil {
				return nil, fmt.Errorf("epub: %w", err)
			}
			g = len(gs)
			key = strings.Clone(key)
			idx[key] = g
			gkeys = append(gkeys, key)
			gs = append(gs, bookGroup{title: strings.Clone(titleOf(e))})
		}
		gs[g].entries = append(gs[g].entries, int32(i))
	}
	order := make([]int, len(gs))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return model.GroupLess(by, gkeys[order[i]], gkeys[order[j]]) })
	out := make([]bookGroup, len(gs))
	for i, g := range order {
		out[i] = gs[g]
	}
	return out, nil
}

// entryInfo is what the book keeps of an entry once it is written: for
// the contents, the index of authors and the list of sources.
type entryInfo struct {
	heading string // books.Heading
	attrs   string // titleAttrs
	anchor  string
	doc     int32 // the document it is in (book.docs)
}

// langAcc finds the language all of some entries share (indexLang).
type langAcc struct {
	lang string
	none bool
}

func (a *langAcc) add(l string) {
	switch {
	case a.none:
	case l == "" || a.lang != "" && l != a.lang:
		a.none, a.lang = true, ""
	default:
		a.lang = l
	}
}

// authorAcc is one author of the index of authors as the entries come.
type authorAcc struct {
	name    model.Name
	first   int32   // the first entry by number
	entries []int32 // in the order written, sorted at the end
	lang    langAcc
}

// sourceAcc is one item of the list of sources as the entries come: its
// citation from the first entry (by number) citing it.
type sourceAcc struct {
	key   string // books.SourceKey: a prefix, "\x00" and the text
	text  int32  // where the text starts in key: the citation as plain lower-case text
	first int32
	lang  langAcc
	// html is where the item's citation as written (without page breaks)
	// is in the spill, or, when the book has a page list, runs and
	// foreign are kept to write it with them.
	off     int64
	n       int32
	runs    []model.Run
	foreign *foreign
}

// writtenSource is what an entry's writer finds of its source.
type writtenSource struct {
	key     string // books.SourceKey
	text    int32  // where its text starts
	html    string
	runs    []model.Run
	foreign *foreign
}

// cmpCat compares a1+a2 with b1+b2 without making them.
func cmpCat(a1, a2, b1, b2 string) int {
	for {
		if a1 == "" {
			a1, a2 = a2, ""
		}
		if b1 == "" {
			b1, b2 = b2, ""
		}
		if a1 == "" || b1 == "" {
			return len(a1) - len(b1) // both empty: 0; one: it is shorter
		}
		n := min(len(a1), len(b1))
		if c := strings.Compare(a1[:n], b1[:n]); c != 0 {
			return c
		}
		a1, b1 = a1[n:], b1[n:]
	}
}

// cloneRuns copies runs and their strings (an entry read from the cache
// shares its strings with the whole entry's bytes).
func cloneRuns(runs []model.Run) []model.Run {
	out := make([]model.Run, len(runs))
	for i, r := range runs {
		r.Text, r.Link, r.Note = strings.Clone(r.Text), strings.Clone(r.Link), strings.Clone(r.Note)
		out[i] = r
	}
	return out
}

func cloneName(n model.Name) model.Name {
	n.Given, n.Family, n.Particle, n.Literal = strings.Clone(n.Given), strings.Clone(n.Family), strings.Clone(n.Particle), strings.Clone(n.Literal)
	return n
}

func cloneForeign(f *foreign) *foreign {
	if f == nil {
		return nil
	}
	out := &foreign{attrs: strings.Clone(f.attrs), strings: make([]string, len(f.strings))}
	for i, s := range f.strings {
		out.strings[i] = strings.Clone(s)
	}
	return out
}

// sourceOf returns the source entry e cites, as the list of sources
// gives it (books.Sources), or nil when its citation fails. pages tells
// whether the list will have page breaks (then its item is written at
// the end).
func (bk *book) sourceOf(e *model.Entry, pages bool) *writtenSource {
	runs, err := model.Cite(e, books.SourceStyle(bk.style))
	if err != nil || len(runs) == 0 {
		return nil
	}
	text := strings.ToLower(model.Plain(runs))
	key := books.SourceKey(e, text)
	ws := &writtenSource{key: key, text: int32(len(key) - len(text))}
	cite := books.IsolateFields(e, runs, books.CitationRTL())
	f := bk.foreignOf(e)
	if pages {
		ws.runs, ws.foreign = cite, f
		return ws
	}
	var b strings.Builder
	bk.sourceCite(&b, cite, f, -1)
	ws.html = b.String()
	return ws
}

// sourceCite writes the start of a source's item: its citation (with
// the page breaks of item k when k >= 0).
func (bk *book) sourceCite(b *strings.Builder, cite []model.Run, f *foreign, k int) {
	b.WriteString("<li")
	bk.citationDir(b)
	b.WriteString(">")
	nw := newNoteWriter(&model.Entry{}, "")
	if k >= 0 {
		nw.pg, nw.place = bk.pages, placeKey{kind: books.PlaceSources, item: int32(k)}
	}
	nw.foreign, nw.inCite = f, true
	nw.marksFor(0)
	nw.runs(b, cite)
	nw.endMarks(b)
}
