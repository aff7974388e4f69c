package epub

import (
	"fmt"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/commonplace-book/commonplace/internal/spill"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// doc is one XHTML content document of the book, before packaging: the
// whole document as go-epub's shell (docShell) will have it, deflated,
// is in the book's spill once done is closed.
type doc struct {
	file  string // file name inside EPUB/xhtml/
	title string // the document's <title>
	off   int64  // where it is in the spill
	n     int64  // its deflated size
	size  int64  // its size
	crc   uint32
	err   error
	done  chan struct{}
}

// navItem is one line of the table of contents.
type navItem struct {
	title   string
	href    string // relative to EPUB/xhtml/
	attrs   string // lang and dir attributes of the title, if any
	entries []int32
}

// book holds what the content documents, the navigation and the package
// document are built from.
type book struct {
	c        *model.Collection
	src      *entrySource
	s        model.Settings // with defaults
	cfg      Config         // the epub: section, resolved
	style    string
	lang     string // the book's language, canonical
	maxDoc   int
	warn     func(path string, format string, args ...any)
	spill    *spill.Spill
	docs     []*doc
	probe    *shellProbe   // go-epub's shell of a content document
	deflate  chan struct{} // bounds the documents being deflated
	toc      []navItem
	info     []entryInfo     // by entry number
	anchors  map[string]bool // entry anchors in use
	titleDoc string
	bodyDoc  string // first document of the body matter
	indexDoc string
	srcDoc   string
	// ownTheme is set when the style sheet comes from the collection's
	// layouts/ (its colours and link styles are not ours to vouch for);
	// badLang when a language tag had to be dropped. Either keeps the
	// book from claiming conformance.
	ownTheme, badLang bool
	// notes counts the footnotes written; authors the index's names.
	notes, authors int
	// pages are the print edition's page breaks (nil without one).
	pages *pager
	// What the package document and the index of authors and the list
	// of sources need of every entry, gathered as they are written.
	newest     books.NewestDate
	subjects   map[string]subject // by lower-case category
	authorIdx  map[model.Name]int32
	authorList []authorAcc
	sourceIdx  map[string]int32 // by sourceAcc.text
	sourceList []sourceAcc
	// scripts tells, when the fonts are embedded, which of the scripts
	// of fontFiles the documents use.
	arabic, cjk bool
}

// shellProbe is go-epub's shell of a content document (probeShell),
// found while the first entries are written: shell and err are set when
// ready is closed.
type shellProbe struct {
	shell *docShell
	err   error
	ready chan struct{}
}

// subject is a category of the book and the first entry having it.
type subject struct {
	name  string
	first int32
}

// build renders every content document of the book into its spill.
func (bk *book) build() error {
	err := bk.write()
	if derr := bk.docsDone(); err == nil {
		err = derr
	}
	<-bk.probe.ready
	if err == nil {
		err = bk.probe.err
	}
	return err
}

// write writes the content documents.
func (bk *book) write() error {
	n := bk.src.len()
	bk.info = make([]entryInfo, n)
	bk.anchors = make(map[string]bool, n)
	bk.subjects = map[string]subject{}
	bk.authorIdx = map[model.Name]int32{}
	bk.sourceIdx = make(map[string]int32, n)
	if err := bk.titlePage(); err != nil {
		return err
	}
	if err := bk.groups(); err != nil {
		return err
	}
	bk.anchors = nil // every entry is written
	if err := bk.authorIndex(); err != nil {
		return err
	}
	return bk.sources()
}

// addDoc adds a content document with the body b, deflated on another
// goroutine (at most a few at a time: wait for them with docsDone).
func (bk *book) addDoc(file, title string, body string) error {
	if bk.cfg.EmbedFonts {
		bk.arabic = bk.arabic || strings.IndexFunc(body, isArabic) >= 0
		bk.cjk = bk.cjk || strings.IndexFunc(body, isCJK) >= 0
	}
	d := &doc{file: file, title: title, done: make(chan struct{})}
	bk.docs = append(bk.docs, d)
	bk.deflate <- struct{}{}
	go func() {
		defer func() { <-bk.deflate }()
		defer close(d.done)
		<-bk.probe.ready
		if bk.probe.err != nil {
			d.err = bk.probe.err
			return
		}
		var pt part
		pt.name = xhtmlDir + file
		pt.compressParts(bk.probe.shell.prefix(title), body, bk.probe.shell.suffix)
		if pt.err != nil {
			d.err = pt.err
			return
		}
		d.off, d.err = bk.spill.AddBytes(pt.data)
		d.n, d.size, d.crc = int64(len(pt.data)), int64(pt.size), pt.crc
	}()
	return nil
}

// docsDone waits for every document to be deflated and returns the first
// error.
func (bk *book) docsDone() error {
	var first error
	for _, d := range bk.docs {
		<-d.done
		if first == nil {
			first = d.err
		}
	}
	return first
}

func (bk *book) titlePage() error {
	var b strings.Builder
	b.WriteString("<section class=\"titlepage\" epub:type=\"titlepage\">\n<h1 class=\"title\">")
	esc(&b, bk.s.Title)
	b.WriteString("</h1>\n")
	if bk.s.Subtitle != "" {
		b.WriteString(`<p class="subtitle">`)
		esc(&b, bk.s.Subtitle)
		b.WriteString("</p>\n")
	}
	if bk.s.Compiler != "" {
		b.WriteString(`<p class="compiler">`)
		esc(&b, bk.s.Labels.CompiledByName(bk.s.Compiler))
		b.WriteString("</p>\n")
	}
	b.WriteString(`<p class="stats">`)
	esc(&b, bk.s.Labels.Count(bk.src.quotes(), bk.src.len()))
	b.WriteString("</p>\n")
	b.WriteString("</section>\n")
	bk.titleDoc = "title.xhtml"
	bk.toc = append(bk.toc, navItem{title: bk.s.Labels.TitlePage, href: bk.titleDoc})
	return bk.addDoc(bk.titleDoc, bk.s.Title, b.String())
}

// groups writes one document per group, split when a group grows past
// maxDoc bytes. When the collection has very many groups, small groups
// share a document so the book does not hold thousands of tiny files.
func (bk *book) groups() error {
	groups, err := bk.src.groups(bk.s.Group)
	if err != nil {
		return err
	}
	packBelow := 0
	if len(groups) > 200 {
		packBelow = bk.maxDoc / 4
	}
	var (
		cur     strings.Builder
		curFile string
		curTit  string
		parts   = map[int]int{} // group index → parts so far
	)
	flush := func() error {
		if curFile == "" {
			return nil
		}
		err := bk.addDoc(curFile, curTit, cur.String())
		cur.Reset()
		curFile = ""
		return err
	}
	open := func(gi int, g bookGroup, cont bool) {
		cur.Grow(min(bk.maxDoc+bk.maxDoc/4, 1<<20))
		parts[gi]++
		curFile = fmt.Sprintf("group%03d.xhtml", gi+1)
		if parts[gi] > 1 {
			curFile = fmt.Sprintf("group%03d-%d.xhtml", gi+1, parts[gi])
		}
		curTit = g.title
		if cont {
			curTit = bk.s.Labels.ContinuedTitle(curTit)
		}
	}
	startSection := func(gi int, g bookGroup, cont bool) string {
		gid := "g" + strconv.Itoa(gi+1)
		if cont {
			cur.WriteString(`<section class="group continued" epub:type="chapter" role="doc-chapter" aria-label="`)
			esc(&cur, g.title)
			cur.WriteString("\">\n")
			return ""
		}
		cur.WriteString(`<section class="group" epub:type="chapter" role="doc-chapter" aria-labelledby="` + gid + "\">\n")
		bk.pages.at(&cur, placeKey{kind: books.PlaceGroup, item: int32(gi)})
		bk.pages.placed(curFile)
		cur.WriteString(`<h1 id="` + gid + `">`)
		esc(&cur, g.title)
		cur.WriteString("</h1>\n")
		return gid
	}
	// Entries are read and written on every core, a window at a time,
	// and put into the documents in order (see entryWriter).
	var order []int32
	for _, g := range groups {
		order = append(order, g.entries...)
	}
	ew := bk.entryWriter(order)
	for gi, g := range groups {
		if len(g.entries) == 0 {
			continue
		}
		newDoc := curFile == "" || cur.Len() >= packBelow
		if newDoc {
			if err := flush(); err != nil {
				return err
			}
			open(gi, g, false)
		}
		gid := startSection(gi, g, false)
		item := navItem{title: g.title, href: curFile, entries: g.entries}
		if !newDoc {
			item.href = curFile + "#" + gid
		}
		inDoc := 0
		for range g.entries {
			we, err := ew.next()
			if err != nil {
				return err
			}
			if inDoc > 0 && cur.Len()+len(we.html) > bk.maxDoc {
				cur.WriteString("</section>\n")
				if err := flush(); err != nil {
					return err
				}
				open(gi, g, true)
				startSection(gi, g, true)
				inDoc = 0
			}
			cur.WriteString(we.html)
			bk.pages.addPending(we.pending)
			bk.pages.placed(curFile)
			inDoc++
			bk.info[we.i].doc = int32(len(bk.docs)) // the document being written
		}
		cur.WriteString("</section>\n")
		if bk.bodyDoc == "" {
			bk.bodyDoc = item.href
		}
		bk.toc = append(bk.toc, item)
	}
	return flush()
}

// href returns the link to entry i, "" when it was not written.
func (bk *book) href(i int32) string {
	in := bk.info[i]
	if in.anchor == "" {
		return ""
	}
	return bk.docs[in.doc].file + "#" + in.anchor
}

// writtenEntry is an entry written as XHTML, with what writing it left
// for the book: the page labels it holds, its warnings and footnotes,
// and what the book keeps of it.
type writtenEntry struct {
	i       int32 // its number
	e       *model.Entry
	anchor  string
	html    string
	pending []string
	warns   []entryWarning
	badLang bool
	notes   int
	err     error
	// pager holds the entry's page breaks as they were before it was
	// written (to write it again with another anchor).
	pager *pager

	heading, attrs, lang string
	src                  *writtenSource
}

type entryWarning struct {
	path, msg string
}

// entryWriter reads and writes entries (by number, in the order given)
// on every core, a window of them at a time, for groups to take in order
// with next. Each entry is written by a copy of the book with the
// entry's own page breaks (see pager.forEntry) and its warnings
// recorded; next replays them in order and gathers what the book keeps
// of the entry, so the book is the same whatever the scheduling.
type entryWriter struct {
	bk      *book
	entries []int32
	done    int // entries taken by next
	window  []writtenEntry
	at      int // next index in window
}

// entryWindow is how many entries are written ahead: enough to keep every
// core busy, few enough that memory does not grow with the book.
const entryWindow = 256

func (bk *book) entryWriter(entries []int32) *entryWriter {
	return &entryWriter{bk: bk, entries: entries}
}

// next returns the next entry written.
func (ew *entryWriter) next() (writtenEntry, error) {
	if ew.at == len(ew.window) {
		ew.fill()
	}
	we := ew.window[ew.at]
	ew.window[ew.at] = writtenEntry{}
	ew.at++
	ew.done++
	if we.err != nil {
		return we, we.err
	}
	bk := ew.bk
	// Anchors are unique in the book, handed out in order: an entry
	// whose anchor is taken is written again with the next free one.
	if a := bk.uniqueAnchor(we.anchor); a != we.anchor {
		ew.write(&we, we.e, a, we.pager.clone())
		if we.err != nil {
			return we, we.err
		}
	}
	for _, w := range we.warns {
		bk.warn(w.path, "%s", w.msg)
	}
	bk.badLang = bk.badLang || we.badLang
	bk.notes += we.notes
	return we, bk.keep(&we)
}

// keep gathers what the book keeps of a written entry.
func (bk *book) keep(we *writtenEntry) error {
	e, i := we.e, we.i
	bk.info[i] = entryInfo{heading: strings.Clone(we.heading), attrs: we.attrs, anchor: we.anchor}
	bk.newest.Add(e.Date)
	if e.Category != "" {
		k := strings.ToLower(e.Category)
		if s, ok := bk.subjects[k]; !ok || i < s.first {
			bk.subjects[strings.Clone(k)] = subject{name: strings.Clone(e.Category), first: i}
		}
	}
	names := e.Authors
	if len(names) == 0 {
		names = []model.Name{{Family: bk.s.Labels.Anonymous}}
	}
	for _, n := range names {
		k, ok := bk.authorIdx[n]
		if !ok {
			k = int32(len(bk.authorList))
			n = cloneName(n)
			bk.authorIdx[n] = k
			bk.authorList = append(bk.authorList, authorAcc{name: n, first: i})
		}
		a := &bk.authorList[k]
		a.first = min(a.first, i)
		a.entries = append(a.entries, i)
		a.lang.add(we.lang)
	}
	if ws := we.src; ws != nil {
		text := ws.key[ws.text:]
		k, ok := bk.sourceIdx[text]
		if !ok {
			k = int32(len(bk.sourceList))
			bk.sourceList = append(bk.sourceList, sourceAcc{first: -1})
		}
		s := &bk.sourceList[k]
		s.lang.add(we.lang)
		if s.first < 0 || i < s.first {
			// the source as its first entry cites it
			s.first, s.key, s.text = i, strings.Clone(ws.key), ws.text
			bk.sourceIdx[s.key[s.text:]] = k
			s.runs, s.foreign = nil, nil
			if ws.runs != nil {
				s.runs, s.foreign = cloneRuns(ws.runs), cloneForeign(ws.foreign)
			} else {
				off, err := bk.spill.Add(ws.html)
				if err != nil {
					return err
				}
				s.off, s.n = off, int32(len(ws.html))
			}
		}
	}
	return nil
}

// fill reads and writes the next window of entries.
func (ew *entryWriter) fill() {
	bk := ew.bk
	n := min(entryWindow, len(ew.entries)-ew.done)
	ew.window = slices.Grow(ew.window[:0], n)[:n]
	ew.at = 0
	pagers := make([]*pager, n)
	for k := range n {
		i := ew.entries[ew.done+k]
		ew.window[k] = writtenEntry{i: i}
		pagers[k] = bk.pages.forEntry(i)
		ew.window[k].pager = pagers[k].clone()
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				we := &ew.window[k]
				e, err := bk.src.entry(int(we.i))
				if err != nil {
					we.err = fmt.Errorf("epub: %w", err)
					continue
				}
				ew.write(we, e, bk.anchorOf(e), pagers[k])
			}
		}()
	}
	wg.Wait()
}

// write writes the entry e as we with the anchor and page breaks given,
// and finds what the book keeps of it.
func (ew *entryWriter) write(we *writtenEntry, e *model.Entry, anchor string, pg *pager) {
	bk := ew.bk
	we.e, we.anchor, we.warns = e, anchor, nil
	wb := *bk
	wb.pages = pg
	wb.badLang, wb.notes = false, 0
	wb.warn = func(path, format string, args ...any) {
		we.warns = append(we.warns, entryWarning{path, fmt.Sprintf(format, args...)})
	}
	var b strings.Builder
	b.Grow(8 << 10)
	func() {
		defer func() {
			if p := recover(); p != nil {
				we.err = fmt.Errorf("epub: internal error while writing %s: %v", e.Path, p)
			}
		}()
		if we.err = wb.entry(&b, we.i, e, anchor); we.err != nil {
			return
		}
		we.heading, we.attrs, we.lang = books.Heading(e), bk.titleAttrs(e), entryLang(e)
		we.src = bk.sourceOf(e, bk.pages != nil)
	}()
	we.html = b.String()
	we.pending = wb.pages.taken()
	we.badLang, we.notes = wb.badLang, wb.notes
}

// anchorOf returns the XML id of an entry, before it is made unique.
func (bk *book) anchorOf(e *model.Entry) string {
	id := e.ID
	if id == "" {
		id = e.Path
	}
	if isName(id) && !isGroupID(id) {
		return strings.Clone(id)
	}
	return xmlID("e-", id)
}

// uniqueAnchor returns a, or a with the first number that makes it
// unique in the book, and marks it as used.
func (bk *book) uniqueAnchor(a string) string {
	if bk.anchors[a] {
		base := a
		for n := 2; bk.anchors[a]; n++ {
			a = base + "-" + strconv.Itoa(n)
		}
	}
	bk.anchors[a] = true
	return a
}

// entry writes one entry: heading, byline, quotes, citation, commentary
// and footnotes.
func (bk *book) entry(b *strings.Builder, i int32, e *model.Entry, anchor string) error {
	nw := newNoteWriter(e, anchor)
	nw.ei = i
	nw.label = bk.s.Labels.Notes
	nw.pg = bk.pages
	elang := books.Lang(e.Lang)
	if e.Lang != "" && elang == "" {
		bk.badLang = true
		bk.warn(e.Path, "language %q is not a BCP 47 tag; ignored", model.Safe(e.Lang, 40))
	}
	b.WriteString(`<article class="entry" id="`)
	b.WriteString(anchor)
	b.WriteString("\">\n")
	bk.pages.at(b, placeKey{kind: books.PlaceHeading, entry: i})
	b.WriteString("<h2" + bk.titleAttrs(e) + ">")
	esc(b, books.Heading(e))
	b.WriteString("</h2>\n")
	nw.foreign = bk.foreignOf(e)
	if by := books.Names(bk.s.Labels, e.Authors); by != "" {
		bk.byline(b, e, nw.foreign)
	}
	// The body in file order: commentary stays where it was written; the
	// citation follows the last quote.
	parts := e.Parts()
	last := model.LastQuote(parts)
	ci, err := books.Cite(e, bk.style)
	if err != nil {
		return fmt.Errorf("epub: %s: %w", e.Path, err)
	}
	// Commentary written in several blocks in a row (paragraphs, a
	// list, a table) is one note of the collector's: one box. A part that
	// belongs to the quote before it (Of: an attribution) has its own.
	open := false
	closeNote := func() {
		if open {
			b.WriteString("</div>\n")
			open = false
		}
	}
	part := func(k int) {
		pt := parts[k]
		nw.place = placeKey{kind: books.PlaceBody, entry: i, part: int32(k)}
		if pt.Kind != model.PartQuote {
			if open && (pt.Of != "" || parts[k-1].Of != "") {
				closeNote()
			}
			if !open {
				b.WriteString("<div class=\"commentary\">\n")
				open = true
			}
			nw.blocks(b, pt.Blocks, 0)
			return
		}
		closeNote()
		q := e.Quotes[pt.Quote]
		qlang := books.Lang(q.Lang)
		if q.Lang != "" && qlang == "" {
			bk.badLang = true
			bk.warn(e.Path, "line %d: language %q is not a BCP 47 tag; ignored", q.Line, model.Safe(q.Lang, 40))
		}
		if qlang == "" {
			qlang = elang
		}
		b.WriteString(`<blockquote class="quote"`)
		bk.langDir(b, qlang, q.Dir)
		b.WriteString(">\n")
		nw.blocks(b, ci.QuoteBlocks(e, pt.Quote), 0)
		b.WriteString("</blockquote>\n")
	}
	for k := 0; k <= last; k++ {
		part(k)
	}
	closeNote()
	cite := books.IsolateFields(e, ci.Runs, books.CitationRTL())
	b.WriteString(`<p class="citation"`)
	bk.citationDir(b)
	b.WriteString(`>`)
	nw.place = placeKey{kind: books.PlaceCitation, entry: i}
	nw.marksFor(0)
	nw.inCite = true
	nw.runs(b, cite)
	nw.inCite = false
	nw.endMarks(b)
	if link := safeLink(e.Link); link != "" && !hasLink(cite) {
		b.WriteString(` <a class="source-link" href="`)
		esc(b, link)
		b.WriteString(`">`)
		esc(b, displayURL(link))
		b.WriteString("</a>")
	}
	b.WriteString("</p>\n")
	for k := last + 1; k < len(parts); k++ {
		part(k)
	}
	closeNote()
	nw.footnotes(b)
	// page breaks in notes the e-book leaves out (nothing refers to them)
	bk.pages.write(b, bk.pages.rest(i))
	bk.notes += len(nw.order)
	b.WriteString("</article>\n")
	return nil
}

// langDir writes lang and dir attributes when they differ from the
// book's, and returns the direction it wrote ("" when none).
func (bk *book) langDir(b *strings.Builder, lang, dir string) string {
	if dir != "rtl" && dir != "ltr" {
		dir = ""
	}
	if dir == "" && lang != "" {
		dir = "ltr"
		if books.RTL(lang) {
			dir = "rtl"
		}
	}
	bookDir := "ltr"
	if books.RTL(bk.lang) {
		bookDir = "rtl"
	}
	if lang == bk.lang {
		lang = ""
	}
	if dir == bookDir {
		dir = ""
	}
	langAttrs(b, lang, dir)
	return dir
}

func hasLink(runs []model.Run) bool {
	for _, r := range runs {
		if r.Link != "" && safeLink(r.Link) != "" {
			return true
		}
	}
	return false
}

// displayURL shortens a URL for reading: scheme and "www." dropped.
func displayURL(u string) string {
	s := strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	s = strings.TrimPrefix(s, "www.")
	s = strings.TrimSuffix(s, "/")
	return s
}

// listItem is one item of the author index or the list of sources, under
// the heading head (an initial letter).
type listItem struct {
	head string
	// headAttrs are the lang and dir attributes of head when it is a
	// letter of another language than the book's (老, ا).
	headAttrs string
	html      string
	// pages are the labels of the page breaks in html.
	pages []string
}

// initial returns the heading letter a sort key files under.
func initial(s string) string {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return strings.ToUpper(string(r))
		}
		if unicode.IsDigit(r) {
			return "#"
		}
	}
	return "#"
}

// listWriter writes the items of a list (the index of authors, the list
// of sources) as they come into one or more documents named
// base01.xhtml …, each at most about maxDoc bytes.
type listWriter struct {
	bk                *book
	base, title, attr string
	kind              uint8
	b                 strings.Builder
	n, items          int
	file, first       string
	head              string
	inUL              bool
}

func (bk *book) listWriter(base, title, attrs string, kind uint8) *listWriter {
	lw := &listWriter{bk: bk, base: base, title: title, attr: attrs, kind: kind, head: "\x00"}
	lw.start()
	return lw
}

func (lw *listWriter) start() {
	bk, b := lw.bk, &lw.b
	lw.n++
	lw.file = fmt.Sprintf("%s%02d.xhtml", lw.base, lw.n)
	if lw.first == "" {
		lw.first = lw.file
	}
	b.WriteString("<section " + lw.attr)
	if lw.n == 1 {
		b.WriteString(" aria-labelledby=\"" + lw.base + "-h\">\n")
		bk.pages.at(b, placeKey{kind: lw.kind, item: -1})
		bk.pages.placed(lw.file)
		b.WriteString("<h1 id=\"" + lw.base + "-h\">")
		esc(b, lw.title)
		b.WriteString("</h1>\n")
	} else {
		b.WriteString(` aria-label="`)
		esc(b, lw.title)
		b.WriteString("\">\n")
	}
}

func (lw *listWriter) end() error {
	b := &lw.b
	if lw.inUL {
		b.WriteString("</ul>\n")
		lw.inUL = false
	}
	b.WriteString("</section>\n")
	t := lw.title
	if lw.n > 1 {
		t = lw.bk.s.Labels.ContinuedTitle(t)
	}
	err := lw.bk.addDoc(lw.file, t, b.String())
	b.Reset()
	return err
}

// add writes one item.
func (lw *listWriter) add(it listItem) error {
	b := &lw.b
	if b.Len() > lw.bk.maxDoc {
		if err := lw.end(); err != nil {
			return err
		}
		lw.start()
	}
	lw.items++
	if it.head != lw.head {
		if lw.inUL {
			b.WriteString("</ul>\n")
			lw.inUL = false
		}
		lw.head = it.head
		b.WriteString("<h2" + it.headAttrs + ">")
		esc(b, lw.head)
		b.WriteString("</h2>\n")
	}
	if !lw.inUL {
		b.WriteString("<ul>\n")
		lw.inUL = true
	}
	b.WriteString(it.html)
	if pg := lw.bk.pages; pg != nil {
		for _, l := range it.pages {
			pg.file[l] = lw.file
		}
	}
	return nil
}

// close ends the list and returns its first document's name.
func (lw *listWriter) close() (string, error) {
	if lw.items == 0 {
		lw.b.WriteString("<p>")
		esc(&lw.b, lw.bk.s.Labels.None)
		lw.b.WriteString("</p>\n")
	}
	return lw.first, lw.end()
}

// authorIndex writes the index of authors, each linking to their entries:
// filed and collated as the PDF's (books.AuthorIndex).
func (bk *book) authorIndex() error {
	type ref struct {
		a     *authorAcc
		lower string
		ie    books.IndexEntry
	}
	// model.Collection.AuthorIndex's order: by the inverted name in
	// lower case, then by first entry; then books.AuthorIndex's.
	refs := make([]ref, 0, len(bk.authorList))
	for k := range bk.authorList {
		a := &bk.authorList[k]
		slices.Sort(a.entries)
		refs = append(refs, ref{a: a, lower: strings.ToLower(a.name.Inverted())})
	}
	sort.Slice(refs, func(i, j int) bool {
		if refs[i].lower != refs[j].lower {
			return refs[i].lower < refs[j].lower
		}
		return refs[i].a.first < refs[j].a.first
	})
	kept := refs[:0]
	for _, r := range refs {
		r.ie = books.IndexName(r.a.name, bk.style)
		if strings.TrimSpace(r.ie.Display) != "" {
			kept = append(kept, r)
		}
	}
	order := books.IndexOrder(bk.s.Language)
	slices.SortStableFunc(kept, func(x, y ref) int { return order(x.ie, y.ie) })

	lw := bk.listWriter("index", bk.s.Labels.Index, `class="index" role="doc-index"`, books.PlaceIndex)
	var b strings.Builder
	for k, r := range kept {
		b.Reset()
		b.WriteString(`<li>`)
		bk.pages.at(&b, placeKey{kind: books.PlaceIndex, item: int32(k)})
		name := books.Curly(r.ie.Display) // as the PDF's index shows it
		b.WriteString(`<span class="name"` + bk.indexLang(name, r.a.lang) + `>`)
		esc(&b, name)
		b.WriteString("</span> ")
		for i, ei := range r.a.entries {
			href := bk.href(ei)
			if href == "" {
				continue
			}
			if i > 0 {
				b.WriteString(", ")
			}
			in := bk.info[ei]
			b.WriteString(`<a href="`)
			esc(&b, href)
			b.WriteString(`"` + in.attrs + `>`)
			esc(&b, in.heading)
			b.WriteString("</a>")
		}
		b.WriteString("</li>\n")
		head := r.ie.Letter
		if head == "" {
			head = "#"
		}
		if err := lw.add(listItem{head: head, headAttrs: bk.indexLang(head, r.a.lang), html: b.String(), pages: bk.pages.taken()}); err != nil {
			return err
		}
	}
	bk.authors = len(kept)
	bk.authorList, bk.authorIdx = nil, nil
	var err error
	if bk.indexDoc, err = lw.close(); err != nil {
		return err
	}
	bk.toc = append(bk.toc, navItem{title: bk.s.Labels.Index, href: bk.indexDoc})
	return nil
}

// citationDir gives a citation's element the citations' direction
// (books.CitationRTL) when the book runs the other way.
func (bk *book) citationDir(b *strings.Builder) {
	if books.RTL(bk.lang) != books.CitationRTL() {
		if books.CitationRTL() {
			b.WriteString(` dir="rtl"`)
		} else {
			b.WriteString(` dir="ltr"`)
		}
	}
}

// sources writes the list of sources in bibliography form, each linking
// back to its entry: in the order of books.Sources, each cited as its
// first entry cites it.
func (bk *book) sources() error {
	srcs := bk.sourceList
	slices.SortFunc(srcs, func(a, b sourceAcc) int {
		if c := strings.Compare(a.key, b.key); c != 0 {
			return c
		}
		return int(a.first - b.first)
	})
	lw := bk.listWriter("sources", bk.s.Labels.Sources, `class="sources" epub:type="bibliography" role="doc-bibliography"`, books.PlaceSources)
	var b strings.Builder
	for k := range srcs {
		src := &srcs[k]
		href := bk.href(src.first)
		if href == "" {
			continue
		}
		b.Reset()
		if bk.pages != nil {
			bk.sourceCite(&b, src.runs, src.foreign, k)
		} else {
			html, err := bk.spill.Read(src.off, int64(src.n), nil)
			if err != nil {
				return err
			}
			b.Write(html)
		}
		b.WriteString(` <a class="goto" href="`)
		esc(&b, href)
		b.WriteString(`" title="`)
		esc(&b, bk.s.Labels.ToQuotes)
		b.WriteString(`">→</a></li>` + "\n")
		head := initial(src.key)
		if err := lw.add(listItem{head: head, headAttrs: bk.indexLang(head, src.lang), html: b.String(), pages: bk.pages.taken()}); err != nil {
			return err
		}
		srcs[k] = sourceAcc{} // written: let it go
	}
	bk.sourceList, bk.sourceIdx = nil, nil
	var err error
	if bk.srcDoc, err = lw.close(); err != nil {
		return err
	}
	bk.toc = append(bk.toc, navItem{title: bk.s.Labels.Sources, href: bk.srcDoc})
	return nil
}

// isName reports whether s can serve as an XML id as it is: an ASCII
// letter, then letters, digits, '-', '_' or '.'.
func isName(s string) bool {
	if s == "" || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return false
	}
	return xmlID("", s) == s
}

// navInSpine reports whether the table of contents is part of the
// reading order: only when it is short enough to page through.
func (bk *book) navInSpine() bool { return bk.src.len() <= 500 }

// isGroupID reports whether s has the form of a group heading's id (g12).
func isGroupID(s string) bool {
	if len(s) < 2 || s[0] != 'g' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// titleAttrs returns the lang and dir attributes of an entry's title
// wherever it appears (heading, contents, index): the entry's language
// when it has a title of its own and that language is not the book's.
func (bk *book) titleAttrs(e *model.Entry) string {
	if e.Title == "" && e.Publication == "" {
		return ""
	}
	lang := books.Lang(e.Lang)
	if lang == "" {
		return ""
	}
	var b strings.Builder
	bk.langDir(&b, lang, "")
	return b.String()
}
