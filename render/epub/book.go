package epub

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// doc is one XHTML content document of the book, before packaging.
type doc struct {
	file  string // file name inside EPUB/xhtml/
	title string // the document's <title>
	body  string // what goes inside <body>
}

// navItem is one line of the table of contents.
type navItem struct {
	title    string
	href     string // relative to EPUB/xhtml/
	attrs    string // lang and dir attributes of the title, if any
	children []navItem
}

// book holds what the content documents, the navigation and the package
// document are built from.
type book struct {
	c        *model.Collection
	s        model.Settings // with defaults
	cfg      Config         // the epub: section, resolved
	style    string
	lang     string // the book's language, canonical
	maxDoc   int
	warn     func(path string, format string, args ...any)
	docs     []doc
	toc      []navItem
	href     map[*model.Entry]string // entry → "groupNNN.xhtml#e-…"
	anchors  map[string]bool         // entry anchors in use
	quotes   int
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
}

// build renders every content document of the book.
func (bk *book) build() error {
	bk.href = make(map[*model.Entry]string, len(bk.c.Entries))
	bk.anchors = make(map[string]bool, len(bk.c.Entries))
	bk.titlePage()
	if err := bk.groups(); err != nil {
		return err
	}
	bk.authorIndex()
	return bk.sources()
}

func (bk *book) titlePage() {
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
	n := 0
	for _, e := range bk.c.Entries {
		n += len(e.Quotes)
	}
	bk.quotes = n
	b.WriteString(`<p class="stats">`)
	esc(&b, bk.s.Labels.Count(n, len(bk.c.Entries)))
	b.WriteString("</p>\n")
	b.WriteString("</section>\n")
	bk.titleDoc = "title.xhtml"
	bk.docs = append(bk.docs, doc{file: bk.titleDoc, title: bk.s.Title, body: b.String()})
	bk.toc = append(bk.toc, navItem{title: bk.s.Labels.TitlePage, href: bk.titleDoc})
}

// groups writes one document per group, split when a group grows past
// maxDoc bytes. When the collection has very many groups, small groups
// share a document so the book does not hold thousands of tiny files.
func (bk *book) groups() error {
	groups := bk.c.Groups(bk.s.Group)
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
	flush := func() {
		if curFile == "" {
			return
		}
		bk.docs = append(bk.docs, doc{file: curFile, title: curTit, body: cur.String()})
		cur.Reset()
		curFile = ""
	}
	open := func(gi int, g model.Group, cont bool) {
		cur.Grow(min(bk.maxDoc+bk.maxDoc/4, 1<<20))
		parts[gi]++
		curFile = fmt.Sprintf("group%03d.xhtml", gi+1)
		if parts[gi] > 1 {
			curFile = fmt.Sprintf("group%03d-%d.xhtml", gi+1, parts[gi])
		}
		curTit = g.Title
		if cont {
			curTit = bk.s.Labels.ContinuedTitle(curTit)
		}
	}
	startSection := func(gi int, g model.Group, cont bool) string {
		gid := "g" + strconv.Itoa(gi+1)
		if cont {
			cur.WriteString(`<section class="group continued" epub:type="chapter" role="doc-chapter" aria-label="`)
			esc(&cur, g.Title)
			cur.WriteString("\">\n")
			return ""
		}
		cur.WriteString(`<section class="group" epub:type="chapter" role="doc-chapter" aria-labelledby="` + gid + "\">\n")
		bk.pages.at(&cur, placeKey{kind: books.PlaceGroup, item: int32(gi)})
		bk.pages.placed(curFile)
		cur.WriteString(`<h1 id="` + gid + `">`)
		esc(&cur, g.Title)
		cur.WriteString("</h1>\n")
		return gid
	}
	// Entries are written on every core, a window at a time, and put
	// into the documents in order (see written).
	var order []*model.Entry
	for _, g := range groups {
		order = append(order, g.Entries...)
	}
	ew := bk.entryWriter(order)
	for gi, g := range groups {
		if len(g.Entries) == 0 {
			continue
		}
		newDoc := curFile == "" || cur.Len() >= packBelow
		if newDoc {
			flush()
			open(gi, g, false)
		}
		gid := startSection(gi, g, false)
		item := navItem{title: g.Title, href: curFile}
		if !newDoc {
			item.href = curFile + "#" + gid
		}
		inDoc := 0
		for _, e := range g.Entries {
			we, err := ew.next()
			if err != nil {
				return err
			}
			anchor := we.anchor
			if inDoc > 0 && cur.Len()+len(we.html) > bk.maxDoc {
				cur.WriteString("</section>\n")
				flush()
				open(gi, g, true)
				startSection(gi, g, true)
				inDoc = 0
			}
			cur.WriteString(we.html)
			bk.pages.addPending(we.pending)
			bk.pages.placed(curFile)
			inDoc++
			href := curFile + "#" + anchor
			bk.href[e] = href
			item.children = append(item.children, navItem{title: books.Heading(e), href: href, attrs: bk.titleAttrs(e)})
		}
		cur.WriteString("</section>\n")
		if bk.bodyDoc == "" {
			bk.bodyDoc = item.href
		}
		bk.toc = append(bk.toc, item)
	}
	flush()
	return nil
}

// writtenEntry is an entry written as XHTML, with what writing it left
// for the book: the page labels it holds, its warnings and footnotes.
type writtenEntry struct {
	anchor  string
	html    string
	pending []string
	warns   []entryWarning
	badLang bool
	notes   int
	err     error
}

type entryWarning struct {
	path, msg string
}

// entryWriter writes entries (in the order given) on every core, a window
// of them at a time, for groups to take in order with next. Each entry is
// written by a copy of the book with the entry's own page breaks (see
// pager.forEntry) and its warnings recorded; next replays them in order,
// so the book is the same whatever the scheduling.
type entryWriter struct {
	bk      *book
	entries []*model.Entry
	done    int // entries taken by next
	window  []writtenEntry
	at      int // next index in window
}

// entryWindow is how many entries are written ahead: enough to keep every
// core busy, few enough that memory does not grow with the book.
const entryWindow = 256

func (bk *book) entryWriter(entries []*model.Entry) *entryWriter {
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
	bk := ew.bk
	for _, w := range we.warns {
		bk.warn(w.path, "%s", w.msg)
	}
	bk.badLang = bk.badLang || we.badLang
	bk.notes += we.notes
	return we, we.err
}

// fill writes the next window of entries.
func (ew *entryWriter) fill() {
	bk := ew.bk
	n := min(entryWindow, len(ew.entries)-ew.done)
	ew.window = ew.window[:0]
	ew.at = 0
	for k := range n {
		e := ew.entries[ew.done+k]
		// anchors and page breaks are handed out in order
		ew.window = append(ew.window, writtenEntry{anchor: bk.anchor(e)})
	}
	pagers := make([]*pager, n)
	for k := range n {
		pagers[k] = bk.pages.forEntry(ew.entries[ew.done+k])
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b strings.Builder
			for {
				k := int(next.Add(1)) - 1
				if k >= n {
					return
				}
				we := &ew.window[k]
				e := ew.entries[ew.done+k]
				wb := *bk
				wb.pages = pagers[k]
				wb.badLang, wb.notes = false, 0
				wb.warn = func(path, format string, args ...any) {
					we.warns = append(we.warns, entryWarning{path, fmt.Sprintf(format, args...)})
				}
				b.Reset()
				b.Grow(8 << 10)
				func() {
					defer func() {
						if p := recover(); p != nil {
							we.err = fmt.Errorf("epub: internal error while writing %s: %v", e.Path, p)
						}
					}()
					we.err = wb.entry(&b, e, we.anchor)
				}()
				we.html = b.String()
				we.pending = wb.pages.taken()
				we.badLang, we.notes = wb.badLang, wb.notes
			}
		}()
	}
	wg.Wait()
}

// anchor returns a unique XML id for the entry.
func (bk *book) anchor(e *model.Entry) string {
	id := e.ID
	if id == "" {
		id = e.Path
	}
	a := xmlID("e-", id)
	if isName(id) && !isGroupID(id) {
		a = id
	}
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
func (bk *book) entry(b *strings.Builder, e *model.Entry, anchor string) error {
	nw := newNoteWriter(e, anchor)
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
	bk.pages.at(b, placeKey{kind: books.PlaceHeading, entry: e})
	b.WriteString("<h2" + bk.titleAttrs(e) + ">")
	esc(b, books.Heading(e))
	b.WriteString("</h2>\n")
	nw.foreign = bk.foreignOf(e)
	if by := books.Names(bk.s.Labels, e.Authors); by != "" {
		b.WriteString(`<p class="byline">`)
		bk.nameList(b, e, nw.foreign)
		b.WriteString("</p>\n")
	}
	// The body in file order: commentary stays where it was written; the
	// citation follows the last quote.
	parts := e.Parts()
	last := model.LastQuote(parts)
	ci, err := books.Cite(e, bk.style)
	if err != nil {
		return fmt.Errorf("epub: %s: %w", e.Path, err)
	}
	part := func(i int) {
		pt := parts[i]
		nw.place = placeKey{kind: books.PlaceBody, entry: e, part: int32(i)}
		if pt.Kind != model.PartQuote {
			b.WriteString("<div class=\"commentary\">\n")
			nw.blocks(b, pt.Blocks, 0)
			b.WriteString("</div>\n")
			return
		}
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
	for i := 0; i <= last; i++ {
		part(i)
	}
	cite := books.IsolateFields(e, ci.Runs, books.CitationRTL())
	b.WriteString(`<p class="citation"`)
	bk.citationDir(b)
	b.WriteString(`>`)
	nw.place = placeKey{kind: books.PlaceCitation, entry: e}
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
	for i := last + 1; i < len(parts); i++ {
		part(i)
	}
	nw.footnotes(b)
	// page breaks in notes the e-book leaves out (nothing refers to them)
	bk.pages.write(b, bk.pages.rest(e))
	bk.notes += len(nw.order)
	b.WriteString("</article>\n")
	return nil
}

// langDir writes lang and dir attributes when they differ from the
// book's.
func (bk *book) langDir(b *strings.Builder, lang, dir string) {
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

// listDocs writes items as one or more documents named base01.xhtml …,
// each at most about maxDoc bytes, and returns the first one's name.
func (bk *book) listDocs(base, title, attrs string, items []listItem, kind uint8) string {
	var (
		b     strings.Builder
		n     int
		file  string
		first string
		head  = "\x00"
		inUL  bool
	)
	start := func() {
		n++
		file = fmt.Sprintf("%s%02d.xhtml", base, n)
		if first == "" {
			first = file
		}
		b.WriteString("<section " + attrs)
		if n == 1 {
			b.WriteString(" aria-labelledby=\"" + base + "-h\">\n")
			bk.pages.at(&b, placeKey{kind: kind, item: -1})
			bk.pages.placed(file)
			b.WriteString("<h1 id=\"" + base + "-h\">")
			esc(&b, title)
			b.WriteString("</h1>\n")
		} else {
			b.WriteString(` aria-label="`)
			esc(&b, title)
			b.WriteString("\">\n")
		}
	}
	end := func() {
		if inUL {
			b.WriteString("</ul>\n")
			inUL = false
		}
		b.WriteString("</section>\n")
		t := title
		if n > 1 {
			t = bk.s.Labels.ContinuedTitle(t)
		}
		bk.docs = append(bk.docs, doc{file: file, title: t, body: b.String()})
		b.Reset()
	}
	start()
	for _, it := range items {
		if b.Len() > bk.maxDoc {
			end()
			start()
		}
		if it.head != head {
			if inUL {
				b.WriteString("</ul>\n")
				inUL = false
			}
			head = it.head
			b.WriteString("<h2" + it.headAttrs + ">")
			esc(&b, head)
			b.WriteString("</h2>\n")
		}
		if !inUL {
			b.WriteString("<ul>\n")
			inUL = true
		}
		b.WriteString(it.html)
		if bk.pages != nil {
			for _, l := range it.pages {
				bk.pages.file[l] = file
			}
		}
	}
	if len(items) == 0 {
		b.WriteString("<p>")
		esc(&b, bk.s.Labels.None)
		b.WriteString("</p>\n")
	}
	end()
	return first
}

// authorIndex writes the index of authors, each linking to their entries:
// filed and collated as the PDF's (books.AuthorIndex).
func (bk *book) authorIndex() {
	refs := books.AuthorIndex(bk.c, bk.style)
	items := make([]listItem, 0, len(refs))
	var b strings.Builder
	for k, r := range refs {
		b.Reset()
		b.WriteString(`<li>`)
		bk.pages.at(&b, placeKey{kind: books.PlaceIndex, item: int32(k)})
		name := books.Curly(r.Display) // as the PDF's index shows it
		b.WriteString(`<span class="name"` + bk.indexLang(name, r.Entries) + `>`)
		esc(&b, name)
		b.WriteString("</span> ")
		for i, e := range r.Entries {
			href, ok := bk.href[e]
			if !ok {
				continue
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(`<a href="`)
			esc(&b, href)
			b.WriteString(`"` + bk.titleAttrs(e) + `>`)
			esc(&b, books.Heading(e))
			b.WriteString("</a>")
		}
		b.WriteString("</li>\n")
		head := r.Letter
		if head == "" {
			head = "#"
		}
		items = append(items, listItem{head: head, headAttrs: bk.indexLang(head, r.Entries), html: b.String(), pages: bk.pages.taken()})
	}
	bk.authors = len(items)
	bk.indexDoc = bk.listDocs("index", bk.s.Labels.Index, `class="index" role="doc-index"`, items, books.PlaceIndex)
	bk.toc = append(bk.toc, navItem{title: bk.s.Labels.Index, href: bk.indexDoc})
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
// back to its entry.
func (bk *book) sources() error {
	srcs := books.Sources(bk.c, bk.style)
	items := make([]listItem, 0, len(srcs))
	var b strings.Builder
	for k, src := range srcs {
		href, ok := bk.href[src.Entries[0]]
		if !ok {
			continue
		}
		cite := books.IsolateFields(src.Entries[0], src.Citation, books.CitationRTL())
		b.Reset()
		b.WriteString("<li")
		bk.citationDir(&b)
		b.WriteString(">")
		nw := newNoteWriter(&model.Entry{}, "")
		nw.pg, nw.place = bk.pages, placeKey{kind: books.PlaceSources, item: int32(k)}
		nw.foreign, nw.inCite = bk.foreignOf(src.Entries[0]), true
		nw.marksFor(0)
		nw.runs(&b, cite)
		nw.endMarks(&b)
		b.WriteString(` <a class="goto" href="`)
		esc(&b, href)
		b.WriteString(`" title="`)
		esc(&b, bk.s.Labels.ToQuotes)
		b.WriteString(`">→</a></li>` + "\n")
		head := initial(src.Key)
		items = append(items, listItem{head: head, headAttrs: bk.indexLang(head, src.Entries), html: b.String(), pages: bk.pages.taken()})
	}
	bk.srcDoc = bk.listDocs("sources", bk.s.Labels.Sources, `class="sources" epub:type="bibliography" role="doc-bibliography"`, items, books.PlaceSources)
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
func (bk *book) navInSpine() bool { return len(bk.c.Entries) <= 500 }

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
