package model

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unsafe"

	"github.com/commonplace-book/commonplace/internal/parallel"
)

// The quote index is the last part of a cache file (cache.go): what the
// quote of the day, `check`, `list` and fortune need of every file, in
// fixed-width records that are used where they lie, without decoding —
// each file's path, size, modification time and problems; each entry's
// date, language, final ID and slug (after uniqueNames, when they differ
// from the parsed ones) and quotes; each quote's ID, line and language.
// The index does not depend on the collection's settings: what setting
// `dates: saved` makes of an entry (ApplySettings) is kept beside what
// the file says — the entry's date then, and the file's problems then —
// and the Index serves the one the settings ask for.
// What fewer runs need of an entry — its sort keys by author and title,
// category, tags and authors (filters), and where its head and body are
// in the cache file — is in a separate blob per entry (its "extra"),
// read for the entries used, or all at once by a filter or another sort.
// A run that finds exactly the files the index lists, each with the same
// size and modification time, reads the index and only the entries it
// uses (LoadOptions.Index); any difference, and it loads as usual,
// rewriting the cache.
//
// Layout of the index (little-endian): a header, then the file, entry and
// quote records, then the string arena that every string refers to by
// offset and length (a strref). The extras are written just before it.

const (
	// counts, arena length, reserved; key and root strrefs; the extras'
	// offset and length in the file
	tabHeaderSize = 6*4 + 8 + 8 + 8 + 8
	tabFileSize   = 8 + 8 + 8 + 8 + 8 // rel, size, mtime, problems, problems with dates: saved
	tabEntrySize  = 80
	tabQuoteSize  = 8 + 8 + 4 + 4 // ID, lang, line, entry
	// maxTabCount bounds the counts of a table read back (a corrupt
	// header must not ask for a huge allocation).
	maxTabCount = 1 << 30
)

// Offsets of the fields of an entry record.
const (
	teFile     = 0
	teDate     = 4
	teLang     = 16
	teID       = 24 // empty: the parsed ID
	teSlug     = 32 // empty: the parsed slug
	teQuotes   = 40
	teExtraOff = 48 // in the extras
	teExtraLen = 52
	teExtraCRC = 56
	teFlags    = 60 // teHasLink
	teSaved    = 64 // the date with dates: saved (ApplySettings), when teHasLink
)

// Flags of an entry record.
const (
	teHasLink = 1 << iota // the entry has a link: dates: saved changes it
)

// Offsets of the fields of a file record.
const (
	tfProblems      = 24
	tfSavedProblems = 32
)

// recDate returns the date at off in the record r.
func recDate(r []byte, off int) Date {
	return Date{Year: int(int32(u32(r, off))), Month: int(int32(u32(r, off+4))), Day: int(int32(u32(r, off+8)))}
}

// authorKey is the sort key of an entry's first author (sortEntries).
func authorKey(e *Entry) string {
	if len(e.Authors) == 0 {
		return "\uffff"
	}
	return strings.ToLower(e.Authors[0].Inverted())
}

// entryExtra is the extra of an entry.
type entryExtra struct {
	authorKey, titleKey, category string
	tags                          []string
	names                         []string // lower-case String and Inverted of each author
	headOff, headLen              int64
	headCRC                       uint32
	blobOff, blobLen              int64
	blobCRC                       uint32

	head *Entry // read from the entry's file (the extra was damaged)
	err  error
}

func extraOf(e *Entry) entryExtra {
	x := entryExtra{authorKey: authorKey(e), titleKey: strings.ToLower(e.Title), category: e.Category, tags: e.Tags}
	for _, n := range e.Authors {
		x.names = append(x.names, strings.ToLower(n.String()), strings.ToLower(n.Inverted()))
	}
	return x
}

func (w *encoder) extra(x entryExtra) {
	w.str(x.authorKey)
	w.str(x.titleKey)
	w.str(x.category)
	w.strs(x.tags)
	w.strs(x.names)
	w.varint(x.headOff)
	w.varint(x.headLen)
	w.uvarint(uint64(x.headCRC))
	w.varint(x.blobOff)
	w.varint(x.blobLen)
	w.uvarint(uint64(x.blobCRC))
}

func (r *decoder) extra() entryExtra {
	x := entryExtra{authorKey: r.str(), titleKey: r.str(), category: r.str(), tags: r.strs(), names: r.strs()}
	x.headOff, x.headLen, x.headCRC = r.varint(), r.varint(), uint32(r.uvarint())
	x.blobOff, x.blobLen, x.blobCRC = r.varint(), r.varint(), uint32(r.uvarint())
	return x
}

// quoteTable is a quote index read back: its records where they lie.
type quoteTable struct {
	files, entries, quotes    []byte
	arena                     string
	nFiles, nEntries, nQuotes int
	extraOff, extraLen        int64
}

func u32(b []byte, off int) uint32 { return binary.LittleEndian.Uint32(b[off:]) }
func u64(b []byte, off int) uint64 { return binary.LittleEndian.Uint64(b[off:]) }

// ref returns the string a strref at b[off:] refers to.
func (t *quoteTable) ref(b []byte, off int) string {
	o, n := u32(b, off), u32(b, off+4)
	return t.arena[o : o+n]
}

// okRef reports whether the strref at b[off:] is inside the arena.
func (t *quoteTable) okRef(b []byte, off int) bool {
	o, n := uint64(u32(b, off)), uint64(u32(b, off+4))
	return o+n <= uint64(len(t.arena))
}

// parseTable checks and splits a quote index read from a cache file of
// size fileSize; it returns errCorrupt for anything out of place, so that
// the accessors below never go out of bounds.
func parseTable(b []byte, key, root string, fileSize int64) (*quoteTable, error) {
	if len(b) < tabHeaderSize {
		return nil, errCorrupt
	}
	nf, ne, nq, na := u32(b, 0), u32(b, 4), u32(b, 8), u32(b, 12)
	for _, n := range []uint32{nf, ne, nq, na} {
		if n > maxTabCount {
			return nil, errCorrupt
		}
	}
	sizes := []uint64{uint64(nf) * tabFileSize, uint64(ne) * tabEntrySize, uint64(nq) * tabQuoteSize, uint64(na)}
	total := uint64(tabHeaderSize)
	for _, s := range sizes {
		total += s
	}
	if total != uint64(len(b)) {
		return nil, errCorrupt
	}
	t := &quoteTable{nFiles: int(nf), nEntries: int(ne), nQuotes: int(nq),
		extraOff: int64(u64(b, 40)), extraLen: int64(u64(b, 48))}
	if t.extraOff < 0 || t.extraLen < 0 || t.extraOff > fileSize || t.extraLen > fileSize-t.extraOff {
		return nil, errCorrupt
	}
	off := uint64(tabHeaderSize)
	parts := make([][]byte, len(sizes))
	for i, s := range sizes {
		parts[i] = b[off : off+s : off+s]
		off += s
	}
	t.files, t.entries, t.quotes = parts[0], parts[1], parts[2]
	if arena := parts[3]; len(arena) > 0 {
		t.arena = unsafe.String(&arena[0], len(arena)) // b is never written again
	}
	if !t.okRef(b, 24) || !t.okRef(b, 32) || t.ref(b, 24) != key || t.ref(b, 32) != root {
		return nil, errCorrupt
	}
	for i := 0; i < t.nFiles; i++ {
		r := t.files[i*tabFileSize:]
		if !t.okRef(r, 0) || !t.okRef(r, tfProblems) || !t.okRef(r, tfSavedProblems) || int64(u64(r, 8)) < 0 {
			return nil, errCorrupt
		}
	}
	prevFile := -1
	for i := 0; i < t.nEntries; i++ {
		r := t.entries[i*tabEntrySize:]
		f := int(u32(r, teFile))
		if f <= prevFile || f >= t.nFiles || !t.okRef(r, teLang) || !t.okRef(r, teID) || !t.okRef(r, teSlug) {
			return nil, errCorrupt
		}
		prevFile = f
		qs, qn := u32(r, teQuotes), u32(r, teQuotes+4)
		if uint64(qs)+uint64(qn) > uint64(nq) {
			return nil, errCorrupt
		}
		for k := qs; k < qs+qn; k++ {
			if int(u32(t.quotes, int(k)*tabQuoteSize+20)) != i {
				return nil, errCorrupt
			}
		}
		if uint64(u32(r, teExtraOff))+uint64(u32(r, teExtraLen)) > uint64(t.extraLen) {
			return nil, errCorrupt
		}
	}
	for i := 0; i < t.nQuotes; i++ {
		r := t.quotes[i*tabQuoteSize:]
		if !t.okRef(r, 0) || !t.okRef(r, 8) || int(u32(r, 20)) >= t.nEntries {
			return nil, errCorrupt
		}
	}
	return t, nil
}

func (t *quoteTable) file(i int) []byte  { return t.files[i*tabFileSize : (i+1)*tabFileSize] }
func (t *quoteTable) entry(i int) []byte { return t.entries[i*tabEntrySize : (i+1)*tabEntrySize] }
func (t *quoteTable) quote(i int) []byte { return t.quotes[i*tabQuoteSize : (i+1)*tabQuoteSize] }

// Index is a collection loaded from the quote index of the cache
// (LoadOptions.Index): every entry's place, the fields the quote of the
// day filters on, and quotes' IDs, lines and languages, in compact
// records; an entry itself is read from the cache when asked for.
// Entries and quotes are numbered in collection order (Settings.Sort,
// then path), the order Collection.Entries has in a collection loaded
// otherwise. It is safe for concurrent use.
type Index struct {
	c      *Collection
	t      *quoteTable
	blobs  *blobReader // the cache file's heads and bodies
	extras *blobReader // its entries' extras
	saved  bool        // the settings say dates: saved
	order  []int32     // entry records in collection order
	qorder []int32     // quote records in collection order (nil: the records' order)
	qentry []int32     // the entry (collection order) of each quote

	mu    sync.Mutex
	heads map[int]*Entry // entries handed out by Entry(i, false)
}

// Index returns the index of a collection loaded from it
// (LoadOptions.Index), nil for a collection loaded otherwise. Such a
// collection has no Entries: use the Index.
func (c *Collection) Index() *Index {
	if c == nil {
		return nil
	}
	return c.index
}

// Entries returns the number of entries.
func (x *Index) Entries() int { return len(x.order) }

// Quotes returns the number of quotes of every entry.
func (x *Index) Quotes() int { return len(x.qentry) }

func (x *Index) entryRec(i int) []byte { return x.t.entry(int(x.order[i])) }

func (x *Index) fileRec(i int) []byte { return x.t.file(int(u32(x.entryRec(i), teFile))) }

// Path returns the path of entry i.
func (x *Index) Path(i int) string { return x.t.ref(x.fileRec(i), 0) }

// Lang returns the language of entry i (Entry.Lang).
func (x *Index) Lang(i int) string { return x.t.ref(x.entryRec(i), teLang) }

// Date returns the date of entry i (Entry.Date), as the collection's
// settings make it.
func (x *Index) Date(i int) Date { return x.recDate(x.entryRec(i)) }

// recDate returns the date of the entry of record r, as the collection's
// settings make it.
func (x *Index) recDate(r []byte) Date {
	if x.saved && u32(r, teFlags)&teHasLink != 0 {
		return recDate(r, teSaved)
	}
	return recDate(r, teDate)
}

// Category returns the category of entry i.
func (x *Index) Category(i int) string { return x.extra(i, true).category }

// Tags calls f with each tag of entry i until f returns true, and reports
// whether one did.
func (x *Index) Tags(i int, f func(tag string) bool) bool {
	for _, t := range x.extra(i, true).tags {
		if f(t) {
			return true
		}
	}
	return false
}

// Authors returns the number of authors of entry i and calls f with the
// lower-case String and Inverted forms of each until f returns true.
func (x *Index) Authors(i int, f func(name, inverted string) bool) (n int, found bool) {
	names := x.extra(i, true).names
	for k := 0; k+1 < len(names); k += 2 {
		if f(names[k], names[k+1]) {
			return len(names) / 2, true
		}
	}
	return len(names) / 2, false
}

// QuoteRef is what the index holds of one quote.
type QuoteRef struct {
	// Entry is the entry's number (collection order) and N the quote's
	// place in the entry's Quotes.
	Entry, N int
	// ID, Line and Lang are the quote's (Quote.ID, Line, Lang).
	ID   string
	Line int
	Lang string
}

func (x *Index) quoteRec(j int) int {
	if x.qorder == nil {
		return j
	}
	return int(x.qorder[j])
}

// Quote returns quote j (collection order: entries in order, quotes in
// file order).
func (x *Index) Quote(j int) QuoteRef {
	qr := x.quoteRec(j)
	r := x.t.quote(qr)
	ei := int(x.qentry[j])
	return QuoteRef{Entry: ei, N: qr - int(u32(x.entryRec(ei), teQuotes)),
		ID: x.t.ref(r, 0), Lang: x.t.ref(r, 8), Line: int(u32(r, 16))}
}

// QuoteID returns the ID of quote j.
func (x *Index) QuoteID(j int) string { return x.t.ref(x.t.quote(x.quoteRec(j)), 0) }

// QuoteEntry returns the entry number of quote j.
func (x *Index) QuoteEntry(j int) int { return int(x.qentry[j]) }

// extra returns the extra of entry i (about 200 bytes), read through
// x.extras: all of them at once when all is set (a filter reads every
// entry's), as an output reading entry after entry has them read past the
// first blobsAlone; from the entry's file when the cache's copy is
// damaged.
func (x *Index) extra(i int, all bool) entryExtra {
	if all {
		x.extras.readAtOnce()
	}
	r := x.entryRec(i)
	off, n := int64(u32(r, teExtraOff)), int64(u32(r, teExtraLen))
	if b, err := x.extras.read(x.t.extraOff+off, n, u32(r, teExtraCRC)); err == nil {
		d := &decoder{b: b}
		if ex := d.extra(); d.err == nil && len(d.b) == 0 {
			return ex
		}
	}
	file := x.fileRec(i)
	e, err := x.parseHead(r, x.t.ref(file, 0), int64(u64(file, 8)), int64(u64(file, 16)))
	if err != nil {
		return entryExtra{err: err}
	}
	ex := extraOf(e)
	ex.head = e
	return ex
}

// Entry returns entry i: whole when whole is set (a new Entry each
// call, not kept: reading every entry this way holds one at a time),
// else without its body, as a lazily loaded collection holds it — the
// same *Entry for every call, which Collection.Full makes whole.
func (x *Index) Entry(i int, whole bool) (*Entry, error) {
	if !whole {
		x.mu.Lock()
		e := x.heads[i]
		x.mu.Unlock()
		if e != nil {
			return e, nil
		}
	}
	r := x.entryRec(i)
	file := x.fileRec(i)
	rel := x.t.ref(file, 0)
	size, mtime := int64(u64(file, 8)), int64(u64(file, 16))
	ex := x.extra(i, false)
	if ex.err != nil {
		return nil, fmt.Errorf("load %s: %w", rel, ex.err)
	}
	ref := lazyRef{f: x.blobs, off: ex.blobOff, n: ex.blobLen, sum: ex.blobCRC, size: size, modTime: mtime}
	e := ex.head
	if e == nil {
		var err error
		if e, err = x.readHead(r, rel, ex); err != nil {
			// A damaged head: the entry's file itself, when it is still
			// the file the index describes.
			if e, err = x.parseHead(r, rel, size, mtime); err != nil {
				return nil, fmt.Errorf("load %s: %w", rel, err)
			}
			ex.head = e
		}
	}
	if ex.head != nil {
		ref.f = nil // its body too
	}
	ref.loadID = e.ID
	if id := x.t.ref(r, teID); id != "" {
		e.ID = id
	}
	if slug := x.t.ref(r, teSlug); slug != "" {
		e.Slug = slug
	}
	// The cache holds the entry as parsed: the settings apply to it
	// (their problems are the file record's).
	e, _ = ApplySettings(x.c.Settings, e, nil)
	if whole {
		return x.c.full(e, ref)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	if old := x.heads[i]; old != nil {
		return old, nil
	}
	if x.heads == nil {
		x.heads = map[int]*Entry{}
	}
	x.heads[i] = e
	x.c.lazy.mu.Lock()
	x.c.lazy.refs[e] = ref
	x.c.lazy.mu.Unlock()
	return e, nil
}

// readHead reads the head of the entry of record r from the cache file.
func (x *Index) readHead(r []byte, rel string, ex entryExtra) (*Entry, error) {
	if ex.headLen <= 0 || ex.headLen > maxFileSize {
		return nil, errCorrupt
	}
	b, err := x.blobs.read(ex.headOff, ex.headLen, ex.headCRC)
	if err != nil {
		return nil, err
	}
	d := &decoder{b: b}
	d.problems()
	if !d.bool() {
		return nil, errCorrupt
	}
	e := d.head()
	if d.err != nil || len(d.b) != 0 || e.Path != rel || len(e.Quotes) != int(u32(r, teQuotes+4)) {
		return nil, errCorrupt
	}
	return e, nil
}

// parseHead parses the file of the entry of record r, when it still has
// the size and time the index gives and the record's quotes, and returns
// its head.
func (x *Index) parseHead(r []byte, rel string, size, mtime int64) (*Entry, error) {
	p := filepath.Join(x.c.Root, filepath.FromSlash(rel))
	if s, m, err := fileStamp(p); err != nil || s != size || m != mtime {
		return nil, errChanged
	}
	data, err := readLimited(p)
	if err != nil {
		return nil, err
	}
	e, _ := ParseEntry(rel, data)
	start, n := int(u32(r, teQuotes)), int(u32(r, teQuotes+4))
	if e == nil || len(e.Quotes) != n {
		return nil, errChanged
	}
	for k := range e.Quotes {
		if e.Quotes[k].ID != x.t.ref(x.t.quote(start+k), 0) {
			return nil, errChanged
		}
	}
	strip(e)
	return e, nil
}

// loadIndex loads the collection in c.Root from the quote index of the
// cache, when the index lists exactly the files walkEntries finds, each
// with the size and modification time it has. It reports false (and
// changes nothing) otherwise.
func loadIndex(c *Collection, cache *Cache, drafts bool) bool {
	p, abs := cache.path(c.Root)
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	t, err := readTable(f, cache.key(), abs)
	if err != nil {
		f.Close()
		return false
	}
	// Checking the files is mostly waiting for the system: order the
	// entries and read the problems meanwhile.
	x := newIndex(c, t, f)
	var probs []Problem
	prepared := make(chan bool, 1)
	go func() { prepared <- x.prepare(&probs) }()
	same := sameFiles(c.Root, drafts, t)
	if ok := <-prepared; !ok || !same {
		f.Close()
		return false
	}
	c.useIndex(x, probs)
	return true
}

// newIndex returns the index of c in the quote index t of cache file f,
// not yet prepared.
func newIndex(c *Collection, t *quoteTable, f *os.File) *Index {
	return &Index{c: c, t: t, saved: c.Settings.Dates == DatesSaved,
		blobs:  newBlobReader(f, 0, t.extraOff),
		extras: newBlobReader(f, t.extraOff, t.extraOff+t.extraLen)}
}

// serveIndex loads c from the quote index t of the open cache file f
// just written (Load, when the index was not up to date). It reports
// false, changing nothing, when the index does not read.
func (c *Collection) serveIndex(f *os.File, t *quoteTable) bool {
	x := newIndex(c, t, f)
	var probs []Problem
	if !x.prepare(&probs) {
		return false
	}
	c.useIndex(x, probs)
	return true
}

// useIndex makes c a collection loaded from x, whose files have the
// problems probs.
func (c *Collection) useIndex(x *Index, probs []Problem) {
	c.Problems = append(c.Problems, probs...)
	sortProblems(c.Problems)
	c.index = x
	c.lazy = &lazyState{root: c.Root, refs: map[*Entry]lazyRef{}}
}

// prepare orders the entries and quotes of x and reads the problems of
// its files into probs; it reports false when the index does not read.
func (x *Index) prepare(probs *[]Problem) bool {
	t := x.t
	x.order = make([]int32, t.nEntries)
	for i := range x.order {
		x.order[i] = int32(i)
	}
	if !sortIndex(x, x.c.Settings.Defaults().Sort) {
		return false
	}
	inOrder := true // the records' order (quotes are in it): no qorder
	for i, ei := range x.order {
		inOrder = inOrder && int(ei) == i
	}
	if !inOrder {
		x.qorder = make([]int32, 0, t.nQuotes)
	}
	x.qentry = make([]int32, 0, t.nQuotes)
	for i, ei := range x.order {
		r := t.entry(int(ei))
		start, n := u32(r, teQuotes), u32(r, teQuotes+4)
		for k := start; k < start+n; k++ {
			if !inOrder {
				x.qorder = append(x.qorder, int32(k))
			}
			x.qentry = append(x.qentry, int32(i))
		}
	}
	at := tfProblems
	if x.saved {
		at = tfSavedProblems
	}
	for i := 0; i < t.nFiles; i++ {
		r := t.file(i)
		if u32(r, at+4) == 0 {
			continue
		}
		d := &decoder{b: []byte(t.ref(r, at))}
		*probs = append(*probs, d.problems()...)
		if d.err != nil || len(d.b) != 0 {
			return false
		}
	}
	return true
}

// readTable reads the quote index of an open cache file.
func readTable(f *os.File, key, root string) (*quoteTable, error) {
	buf, _, _, err := readSection(f, sectionTable)
	if err != nil {
		return nil, err
	}
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	return parseTable(buf, key, root, st.Size())
}

// sameFiles reports whether the files walkEntries finds in root are the
// files of t, in the same order, each with its size and modification
// time.
func sameFiles(root string, drafts bool, t *quoteTable) bool {
	n := 0
	ok := statWalk(root, drafts, func(pos int, dirRel, name string) bool {
		if pos >= t.nFiles {
			return false
		}
		n = pos + 1
		rel := t.ref(t.file(pos), 0)
		if dirRel == "" {
			return rel == name
		}
		return len(rel) == len(dirRel)+1+len(name) && rel[len(dirRel)] == '/' &&
			rel[:len(dirRel)] == dirRel && rel[len(dirRel)+1:] == name
	}, func(pos int, size, mtime int64) bool {
		r := t.file(pos)
		return int64(u64(r, 8)) == size && int64(u64(r, 16)) == mtime
	})
	return ok && n == t.nFiles
}

// sortIndex orders the entry records order as sortEntries orders entries.
func sortIndex(x *Index, by string) bool {
	t, order := x.t, x.order
	var keys []string // by record, for "author" and "title"
	if by == "author" || by == "title" {
		keys = make([]string, len(order))
		for i := range keys { // order is still the records' order
			ex := x.extra(i, true)
			if ex.err != nil {
				return false
			}
			keys[i] = ex.titleKey
			if by == "author" {
				keys[i] = ex.authorKey
			}
		}
	}
	path := func(r []byte) string { return t.ref(t.file(int(u32(r, teFile))), 0) }
	sort.SliceStable(order, func(i, j int) bool {
		a, b := t.entry(int(order[i])), t.entry(int(order[j]))
		if keys != nil {
			if x, y := keys[order[i]], keys[order[j]]; x != y {
				return x < y
			}
		}
		if da, db := x.recDate(a), x.recDate(b); da != db {
			if da.IsZero() != db.IsZero() {
				return db.IsZero()
			}
			return da.Before(db)
		}
		return path(a) < path(b)
	})
	return true
}

// Count returns the number of entries and of their quotes, for a
// collection loaded from the index as for one loaded otherwise.
func (c *Collection) Count() (entries, quotes int) {
	if x := c.Index(); x != nil {
		return x.Entries(), x.Quotes()
	}
	for _, e := range c.Entries {
		quotes += len(e.Quotes)
	}
	return len(c.Entries), quotes
}

// EntryAt returns entry i (collection order) whole: for a collection
// loaded lazily or from the index, read anew at each call and not kept.
// It is safe for concurrent use.
func (c *Collection) EntryAt(i int) (*Entry, error) {
	if x := c.Index(); x != nil {
		return x.Entry(i, true)
	}
	return c.Full(c.Entries[i])
}

// EachEntry calls f with every entry whole, in collection order, and
// stops at the first error, which it returns. Entries of a collection
// loaded lazily or from the index are read one at a time and not kept,
// so that memory does not grow with the collection.
func (c *Collection) EachEntry(f func(e *Entry) error) error {
	if x := c.Index(); x != nil {
		for i := 0; i < x.Entries(); i++ {
			e, err := x.Entry(i, true)
			if err != nil {
				return err
			}
			if err := f(e); err != nil {
				return err
			}
		}
		return nil
	}
	for _, e := range c.Entries {
		e, err := c.Full(e)
		if err != nil {
			return err
		}
		if err := f(e); err != nil {
			return err
		}
	}
	return nil
}

// HeadNumbers returns the entries without bodies that Entry has given
// so far (the same *Entry for every call), each with its number: how the
// places another output names by entry (the PDF's pages of a collection
// made by Collection.Heads) are found again by number.
func (x *Index) HeadNumbers() map[*Entry]int {
	x.mu.Lock()
	defer x.mu.Unlock()
	m := make(map[*Entry]int, len(x.heads))
	for i, e := range x.heads {
		m[e] = i
	}
	return m
}

// Heads returns c as a collection whose Entries hold every entry, for
// work that needs every entry's fields at once but reads the bodies one at
// a time with Full (the PDF: its contents, index and list of sources).
// For a collection loaded whole or lazily it is c itself. For one loaded
// from the index it is a new lazily loaded collection, with c's root,
// settings and problems, whose Entries are the entries without their
// bodies (Index.Entry, read on every core: the same *Entry values that
// Index.Entry gives for the rest of the run); c is left as it is. Its
// error is the first in collection order. It is safe for concurrent use.
func (c *Collection) Heads() (*Collection, error) {
	x := c.Index()
	if x == nil {
		return c, nil
	}
	es, err := x.all(false)
	if err != nil {
		return nil, err
	}
	return &Collection{Root: c.Root, Settings: c.Settings, Entries: es, Problems: c.Problems, lazy: c.lazy}, nil
}

// loadIndexBodies makes a collection loaded from the index whole.
func (c *Collection) loadIndexBodies() error {
	es, err := c.index.all(true)
	if err != nil {
		return err
	}
	c.Entries, c.index, c.lazy = es, nil, nil
	return nil
}

// all returns every entry (Entry(i, whole)), read on every core; its
// error is the first in collection order.
func (x *Index) all(whole bool) ([]*Entry, error) {
	es := make([]*Entry, x.Entries())
	errs := make([]error, len(es))
	parallel.For(len(es), loadChunk, func(i int) {
		es[i], errs[i] = x.Entry(i, whole)
	})
	if err := firstError(errs); err != nil {
		return nil, err
	}
	return es, nil
}
