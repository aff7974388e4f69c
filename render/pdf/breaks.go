package pdf

import (
	"cmp"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// The line breaks a book chose are kept in the cache folder between runs
// (render.Kept and render.Put), so that a paragraph set again is not
// weighed again: weighing the breaks of 10,000 entries is about half a
// second of CPU. Where a paragraph's lines end depends only on what the
// breaker reads of its words (widths, gaps, hyphen widths, gap kinds,
// forced breaks), on the measure, indents, type size and alignment, and
// on the program (render.Keep's key holds its version): a paragraph is
// kept under a hash of all of these (breakKey), so that an edited entry,
// another layout or another gutter finds only the paragraphs that are
// still the same. Line ends read back are checked against the paragraph
// (they must rise to its last word, each at a place a line can end)
// before they are used; the book is the same bytes with them and without.
const breaksKind = "pdf-breaks"

// breaksMagic starts the kept breaks (and is their format's version).
const breaksMagic = "commonplace pdf breaks 1\n"

// breakKey identifies a paragraph to the breaker: the first 128 bits of
// a SHA-256 of what it reads.
type breakKey struct{ hi, lo uint64 }

func (a breakKey) compare(b breakKey) int {
	if c := cmp.Compare(a.hi, b.hi); c != 0 {
		return c
	}
	return cmp.Compare(a.lo, b.lo)
}

// breakStore holds the paragraphs' line ends: those kept by an earlier
// run (sorted by key, read in place) and those weighed by this one. It is
// safe for concurrent use by a book's shapers.
type breakStore struct {
	keys []breakKey
	// ends[offs[i]:offs[i+1]] are the line lengths of keys[i], in words,
	// as uvarints.
	offs []uint32
	ends []byte
	// first[b] is the first of keys whose hi has b as its top shift bits
	// (first[len-1] = len(keys)): keys are hashes, spread evenly, so a
	// key is looked for among a few (see find).
	first []uint32
	shift uint
	// used marks the kept paragraphs this run set (a bit each).
	used []atomic.Uint32
	mu   sync.Mutex
	// fresh are the paragraphs weighed by this run: freshKeys[i]'s line
	// lengths are freshEnds[freshOffs[i]:freshOffs[i+1]] (freshOffs
	// starts with 0), encoded as in ends. They are only written (a
	// paragraph set twice in one run is weighed twice).
	freshKeys []breakKey
	freshOffs []uint32
	freshEnds []byte
}

// paragraphsBroken counts the paragraphs whose breaks were weighed, not
// found (tests check that a book set again with its breaks kept weighs
// none).
var paragraphsBroken atomic.Int64

// breaksKey is the render.Kept key of a book's kept breaks: one file per
// collection, layout and profile, so that they do not take each other's
// place (a paragraph's key holds everything its breaks depend on, so
// sharing one would only be slower).
func breaksKey(c *model.Collection, o *Options) string {
	key := c.Root
	if o.Config != nil {
		key += "\x00" + o.Layout + "\x00" + strconv.FormatBool(o.Print)
	}
	return key
}

// loadBreaks returns the store of a book's breaks, holding those kept in
// cache when they decode; nil when cache is nil (breaks are then weighed
// every time, and not kept).
func loadBreaks(cache *model.Cache, key string) *breakStore {
	if cache == nil {
		return nil
	}
	st := &breakStore{}
	if b, ok := render.Kept(cache, breaksKind, key); ok {
		st.load(b) // breaks that do not decode are not used
	}
	return st
}

// keepBreaks keeps the paragraphs the book set, when it weighed some or
// did not set some that were kept (an entry edited or removed).
func keepBreaks(cache *model.Cache, key string, st *breakStore) {
	if cache == nil || st == nil {
		return
	}
	st.mu.Lock()
	fresh := len(st.freshKeys)
	st.mu.Unlock()
	stale := false
	for i := range st.keys {
		if !st.isUsed(i) {
			stale = true
			break
		}
	}
	if fresh > 0 || stale {
		render.Put(cache, breaksKind, key, st.encode())
	}
}

// isUsed reports whether this run set the kept paragraph keys[i].
func (st *breakStore) isUsed(i int) bool {
	return st.used[i/32].Load()&(1<<(i%32)) != 0
}

// errBreaks is kept breaks that do not decode.
var errBreaks = errors.New("pdf: kept breaks do not decode")

// load reads the paragraphs encoded in b (see encode). Nothing is read
// unless all of b decodes, with keys strictly rising and every paragraph
// of at least one line: an error leaves the store empty.
func (st *breakStore) load(b []byte) error {
	if len(b) < len(breaksMagic) || string(b[:len(breaksMagic)]) != breaksMagic {
		return errBreaks
	}
	b = b[len(breaksMagic):]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b))/18 {
		return errBreaks // a paragraph takes at least 18 bytes
	}
	b = b[k:]
	keys := make([]breakKey, 0, n)
	offs := make([]uint32, 0, n+1)
	ends := make([]byte, 0, len(b))
	for range n {
		if len(b) < 16 {
			return errBreaks
		}
		key := breakKey{binary.BigEndian.Uint64(b), binary.BigEndian.Uint64(b[8:])}
		if len(keys) > 0 && keys[len(keys)-1].compare(key) >= 0 {
			return errBreaks
		}
		b = b[16:]
		lines, k := binary.Uvarint(b)
		if k <= 0 || lines == 0 || lines > uint64(len(b)) {
			return errBreaks
		}
		start := k
		for range lines {
			l, m := binary.Uvarint(b[k:])
			if m <= 0 || l == 0 || l > math.MaxInt32 {
				return errBreaks
			}
			k += m
		}
		keys = append(keys, key)
		offs = append(offs, uint32(len(ends)))
		ends = append(ends, b[start:k]...)
		b = b[k:]
	}
	if len(b) != 0 || len(ends) > math.MaxUint32 {
		return errBreaks
	}
	st.keys, st.offs, st.ends = keys, append(offs, uint32(len(ends))), ends
	st.used = make([]atomic.Uint32, (len(keys)+31)/32)
	st.index()
	return nil
}

// index sets first and shift for keys: about four keys per slot.
func (st *breakStore) index() {
	b := uint(1)
	for b < 30 && 1<<b < len(st.keys)/4 {
		b++
	}
	st.shift = 64 - b
	st.first = make([]uint32, 1<<b+1)
	k := 0
	for slot := range st.first {
		for k < len(st.keys) && st.keys[k].hi>>st.shift < uint64(slot) {
			k++
		}
		st.first[slot] = uint32(k)
	}
}

// encode returns the paragraphs this run set, kept or weighed, by key (so
// that the same paragraphs give the same bytes).
func (st *breakStore) encode() []byte {
	type para struct {
		key  breakKey
		ends []byte
	}
	st.mu.Lock()
	ps := make([]para, 0, len(st.freshKeys))
	for i, k := range st.freshKeys {
		ps = append(ps, para{k, st.freshEnds[st.freshOffs[i]:st.freshOffs[i+1]]})
	}
	st.mu.Unlock()
	for i, k := range st.keys {
		if st.isUsed(i) {
			ps = append(ps, para{k, st.ends[st.offs[i]:st.offs[i+1]]})
		}
	}
	slices.SortFunc(ps, func(a, b para) int { return a.key.compare(b.key) })
	ps = slices.CompactFunc(ps, func(a, b para) bool { return a.key == b.key })
	size := len(breaksMagic) + binary.MaxVarintLen64
	for _, p := range ps {
		size += 16 + binary.MaxVarintLen32 + len(p.ends)
	}
	b := make([]byte, 0, size)
	b = append(b, breaksMagic...)
	b = binary.AppendUvarint(b, uint64(len(ps)))
	for _, p := range ps {
		b = binary.BigEndian.AppendUint64(b, p.key.hi)
		b = binary.BigEndian.AppendUint64(b, p.key.lo)
		lines := 0
		for _, c := range p.ends {
			if c < 0x80 {
				lines++ // the last byte of a uvarint
			}
		}
		b = binary.AppendUvarint(b, uint64(lines))
		b = append(b, p.ends...)
	}
	return b
}

// find appends to ends[:0] where the lines of the kept paragraph with key
// end (exclusive word indexes, rising), if it is kept, and marks it used.
func (st *breakStore) find(key breakKey, ends []int32) ([]int32, bool) {
	ends = ends[:0]
	if len(st.keys) == 0 {
		return ends, false
	}
	slot := key.hi >> st.shift
	lo, hi := int(st.first[slot]), int(st.first[slot+1])
	i, ok := slices.BinarySearchFunc(st.keys[lo:hi], key, breakKey.compare)
	if !ok {
		return ends, false
	}
	i += lo
	at := int64(0)
	for enc := st.ends[st.offs[i]:st.offs[i+1]]; len(enc) > 0; {
		l, k := binary.Uvarint(enc)
		if k <= 0 || at+int64(l) > math.MaxInt32 {
			return ends[:0], false
		}
		at += int64(l)
		ends = append(ends, int32(at))
		enc = enc[k:]
	}
	if !st.isUsed(i) {
		st.used[i/32].Or(1 << (i % 32))
	}
	return ends, true
}

// put records the line ends of a paragraph this run weighed.
func (st *breakStore) put(key breakKey, ends []int32) {
	st.mu.Lock()
	if len(st.freshOffs) == 0 {
		st.freshOffs = append(st.freshOffs, 0)
	}
	prev := int32(0)
	for _, e := range ends {
		st.freshEnds = binary.AppendUvarint(st.freshEnds, uint64(e-prev))
		prev = e
	}
	st.freshKeys = append(st.freshKeys, key)
	st.freshOffs = append(st.freshOffs, uint32(len(st.freshEnds)))
	st.mu.Unlock()
}

// breakKeyOf returns the key of a paragraph: everything the breaker reads
// of it (bws, the n words' entries, and p), hashed in buf's room.
func breakKeyOf(bws []breakWord, n int, p para, buf *[]byte) breakKey {
	b := (*buf)[:0]
	for _, f := range [...]float64{p.width, p.first, p.rest, p.right, p.size} {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
	}
	b = binary.AppendVarint(b, int64(p.align))
	b = binary.AppendUvarint(b, uint64(n))
	for k := range n {
		w := &bws[k]
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w.w))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w.gap))
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(w.hyphW))
		flags := w.kind << 1
		if w.hard {
			flags |= 1
		}
		b = append(b, flags)
	}
	*buf = b
	sum := sha256.Sum256(b)
	return breakKey{binary.BigEndian.Uint64(sum[:8]), binary.BigEndian.Uint64(sum[8:16])}
}

// validEnds reports whether ends can be a paragraph's line ends: rising to
// its last word, each after a word a line can end at.
func validEnds(ends []int32, bws []breakWord, n int) bool {
	if len(ends) == 0 || ends[len(ends)-1] != int32(n) {
		return false
	}
	prev := int32(0)
	for _, e := range ends {
		if e <= prev || e > int32(n) || !bws[e-1].canEnd {
			return false
		}
		prev = e
	}
	return true
}
