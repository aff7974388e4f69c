package model

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"strconv"
	"strings"
)

// Writing the quote index (index.go describes its layout). The loader
// keeps of every entry only its "part" — the few fields the index needs,
// encoded by tabPart as the entry is parsed — and not the entry itself;
// the cache writer adds the files and entries to a tabBuilder one by one
// as it writes the cache file's index, in the order the files were found.

// tabPart returns what the quote index needs of entry e, as parsed (its
// ID and slug before uniqueNames): its date, whether it has a link and
// its date with dates: saved, its language, ID, slug and quotes' IDs,
// languages and lines, and the fields of its extra.
func tabPart(e *Entry) []byte {
	w := &encoder{b: make([]byte, 0, 256)}
	w.date(e.Date)
	w.bool(e.Link != "")
	if e.Link != "" {
		w.date(LinkDate(e.Link)) // the date ApplySettings gives with dates: saved
	}
	w.str(e.Lang)
	w.str(e.ID)
	w.str(e.Slug)
	w.count(len(e.Quotes), false)
	for _, q := range e.Quotes {
		w.str(q.ID)
		w.str(q.Lang)
		w.int(q.Line)
	}
	x := extraOf(e)
	w.str(x.authorKey)
	w.str(x.titleKey)
	w.str(x.category)
	w.strs(x.tags)
	w.strs(x.names)
	return w.b
}

// partNames returns the ID and slug an entry's part holds.
func partNames(part []byte) (id, slug string) {
	r := &decoder{b: part}
	r.date()
	if r.bool() {
		r.date()
	}
	r.str()
	return r.str(), r.str()
}

// namer gives entries unique IDs and slugs, in path order, adding -2,
// -3 … to a name already given (uniqueNames).
type namer struct {
	slugs, ids map[string]int
	// clone: the names given may not outlive the call (their bytes
	// are reused); the ones kept are copied.
	clone bool
}

// name returns the unique ID and slug of the next entry, whose own are
// id and slug.
func (n *namer) name(id, slug string) (string, string) {
	if n.ids == nil {
		n.slugs, n.ids = map[string]int{}, map[string]int{}
	}
	if k := n.slugs[slug]; k > 0 {
		n.slugs[slug]++
		slug = slug + "-" + strconv.Itoa(k+1)
	} else {
		n.slugs[n.keep(slug)] = 1
	}
	if k := n.ids[id]; k > 0 {
		n.ids[id]++
		id = id + "-" + strconv.Itoa(k+1)
	} else {
		n.ids[n.keep(id)] = 1
	}
	return id, slug
}

func (n *namer) keep(s string) string {
	if n.clone {
		return strings.Clone(s)
	}
	return s
}

// tabBuilder builds a quote index, file by file.
type tabBuilder struct {
	files, entries, quotes, arena []byte
	// fields holds each entry's extra but its places in the cache file
	// (the extra's last fields), which finish adds: places[k].end is
	// where entry k's fields end.
	fields                    []byte
	places                    []extraPlace
	nFiles, nEntries, nQuotes int
	failed                    bool // a value does not fit its record
}

// extraPlace is where an entry's head and body are in the cache file.
type extraPlace struct {
	end              int
	headOff, headLen int64 // headOff from the base finish is given
	headCRC          uint32
	blobOff, blobLen int64
	blobCRC          uint32
}

func (t *tabBuilder) str(s string) [8]byte {
	var r [8]byte
	binary.LittleEndian.PutUint32(r[0:], uint32(len(t.arena)))
	binary.LittleEndian.PutUint32(r[4:], uint32(len(s)))
	t.arena = append(t.arena, s...)
	return r
}

// app appends the strref of s (added to the arena) to b.
func (t *tabBuilder) app(b []byte, s string) []byte {
	r := t.str(s)
	return append(b, r[:]...)
}

func put32(b []byte, v uint32) []byte { return binary.LittleEndian.AppendUint32(b, v) }
func put64(b []byte, v uint64) []byte { return binary.LittleEndian.AppendUint64(b, v) }

// putDate appends d as an index record holds it (recDate reads it back).
func putDate(b []byte, d Date) []byte {
	b = put32(b, uint32(int32(d.Year)))
	b = put32(b, uint32(int32(d.Month)))
	return put32(b, uint32(int32(d.Day)))
}

// add adds the next file: rec as the cache file's index holds it, its
// payload at headOff (from the base given to finish). An entry of the
// collection has its part (tabPart) and its final ID and slug; a file
// without one, a nil part.
func (t *tabBuilder) add(r *newRec, headOff int64) {
	t.files = t.app(t.files, r.rel)
	t.files = put64(t.files, uint64(r.rec.size))
	t.files = put64(t.files, uint64(r.rec.mtime))
	var probs, saved [8]byte
	if p := problemsOf(r.rec.payload); len(p) > 1 { // 1 byte: no problems
		probs = t.str(string(p))
		saved = probs
		if s, changed := savedProblems(r.rec.payload, p); changed {
			saved = [8]byte{}
			if len(s) > 1 {
				saved = t.str(string(s))
			}
		}
	}
	t.files = append(t.files, probs[:]...)
	t.files = append(t.files, saved[:]...)
	file := t.nFiles
	t.nFiles++
	if r.part == nil {
		return
	}
	d := &decoder{b: r.part}
	date := d.date()
	var flags uint32
	var savedDate Date
	if d.bool() {
		flags |= teHasLink
		savedDate = d.date()
	}
	lang, rawID, rawSlug := d.str(), d.str(), d.str()
	b := put32(t.entries, uint32(file))
	b = putDate(b, date)
	b = t.app(b, lang)
	id, slug := r.finalID, r.finalSlug
	if id == rawID {
		id = ""
	}
	if slug == rawSlug {
		slug = ""
	}
	b = t.app(b, id)
	b = t.app(b, slug)
	n := d.count()
	b = put32(b, uint32(t.nQuotes))
	b = put32(b, uint32(max(n, 0)))
	for k := 0; k < n && d.err == nil; k++ {
		qid, qlang, line := d.str(), d.str(), d.int()
		if line < 0 {
			d.fail()
		}
		t.quotes = t.app(t.quotes, qid)
		t.quotes = t.app(t.quotes, qlang)
		t.quotes = put32(t.quotes, uint32(line))
		t.quotes = put32(t.quotes, uint32(t.nEntries))
		t.nQuotes++
	}
	// The extra's fields, as they are in the part.
	fields := d.b
	d.str()
	d.str()
	d.str()
	d.strs()
	d.strs()
	if d.err != nil || len(d.b) != 0 || n < 0 {
		t.failed = true
		return
	}
	t.fields = append(t.fields, fields...)
	t.places = append(t.places, extraPlace{end: len(t.fields),
		headOff: headOff, headLen: int64(len(r.rec.payload)), headCRC: crc32.Checksum(r.rec.payload, crcTable),
		blobOff: r.rec.blobOff, blobLen: r.rec.blobLen, blobCRC: r.rec.blobCRC})
	b = append(b, make([]byte, 12)...) // the extra's offset, length and CRC: set by finish
	b = put32(b, flags)
	b = putDate(b, savedDate)
	b = put32(b, 0) // reserved
	t.entries = b
	t.nEntries++
}

// finish returns the extras, to be written at extraOff, and the quote
// index; nils when a value does not fit its record. The heads' places
// given to add are from headBase.
func (t *tabBuilder) finish(key, root string, headBase, extraOff int64) (extras, tab []byte) {
	keyRef, rootRef := t.str(key), t.str(root)
	if t.failed || int64(len(t.arena)) > 1<<31 || t.nQuotes > maxTabCount || t.nFiles > maxTabCount {
		return nil, nil
	}
	ex := &encoder{b: make([]byte, 0, len(t.fields)+len(t.places)*16)}
	start := 0
	for k, p := range t.places {
		off := len(ex.b)
		ex.b = append(ex.b, t.fields[start:p.end]...)
		start = p.end
		ex.varint(headBase + p.headOff)
		ex.varint(p.headLen)
		ex.uvarint(uint64(p.headCRC))
		ex.varint(p.blobOff)
		ex.varint(p.blobLen)
		ex.uvarint(uint64(p.blobCRC))
		r := t.entries[k*tabEntrySize:]
		binary.LittleEndian.PutUint32(r[teExtraOff:], uint32(off))
		binary.LittleEndian.PutUint32(r[teExtraLen:], uint32(len(ex.b)-off))
		binary.LittleEndian.PutUint32(r[teExtraCRC:], crc32.Checksum(ex.b[off:], crcTable))
	}
	t.fields, t.places = nil, nil
	if int64(len(ex.b)) > 1<<31 {
		return nil, nil
	}
	out := make([]byte, 0, tabHeaderSize+len(t.files)+len(t.entries)+len(t.quotes)+len(t.arena))
	out = put32(out, uint32(t.nFiles))
	out = put32(out, uint32(t.nEntries))
	out = put32(out, uint32(t.nQuotes))
	out = put32(out, uint32(len(t.arena)))
	out = put32(out, 0) // reserved
	out = put32(out, 0)
	out = append(out, keyRef[:]...)
	out = append(out, rootRef[:]...)
	out = put64(out, uint64(extraOff))
	out = put64(out, uint64(len(ex.b)))
	out = append(out, t.files...)
	t.files = nil
	out = append(out, t.entries...)
	t.entries = nil
	out = append(out, t.quotes...)
	t.quotes = nil
	out = append(out, t.arena...)
	t.arena = nil
	return ex.b, out
}

// problemsOf returns the problems part of a record's payload.
func problemsOf(payload []byte) []byte {
	r := &decoder{b: payload}
	r.problems()
	if r.err != nil {
		return nil
	}
	return payload[:len(payload)-len(r.b)]
}

// savedProblems returns the problems part p of a record's payload
// (problemsOf) as setting dates: saved makes them (ApplySettings), and
// whether they differ from p. Only problems that setting may drop are
// decoded.
func savedProblems(payload, p []byte) ([]byte, bool) {
	if !bytes.Contains(p, []byte(noDateMessage)) && !bytes.Contains(p, []byte(linkDateMarker)) {
		return nil, false
	}
	r := &decoder{b: payload}
	probs := r.problems()
	if r.err != nil || !r.bool() {
		return nil, false
	}
	e := r.head()
	if r.err != nil || len(r.b) != 0 {
		return nil, false
	}
	_, kept := ApplySettings(Settings{Dates: DatesSaved}, e, probs)
	if len(kept) == len(probs) {
		return nil, false
	}
	w := &encoder{}
	w.problems(kept)
	return w.b, true
}

// partOf returns the part (tabPart) of the entry a cached payload holds,
// nil when the file is not an entry of the collection (no entry, or
// errors); ok is false when the payload does not decode.
func partOf(payload []byte) (part []byte, ok bool) {
	r := &decoder{b: payload}
	probs := r.problems()
	var e *Entry
	if r.bool() {
		e = r.head()
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, false
	}
	if e == nil || Errors(probs) > 0 {
		return nil, true
	}
	return tabPart(e), true
}
