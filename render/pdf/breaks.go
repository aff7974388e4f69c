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
	// used marks the kept paragraphs this run set (a bit each).
	used []atomic.Uint32
	mu   sync.Mutex
	// fresh are the paragraphs weighed by this run, their line lengths
	// encoded as in ends.
	fresh map[breakKey]string
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
	fresh := len(st.fresh)
	st.mu.Unlock()
	stale := false
	for i := range st.keys {
		if st.used[i/32].Load()&(1<<(i%32)) == 0 {
			stale = true
			break
		}
	}
	if fresh > 0 || stale {
		render.Put(cache, breaksKind, key, st.encode())
	}
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
	return nil
}

// encode returns the paragraphs this run set, kept or weighed, by key (so
// that the same paragraphs give the same bytes).
func (st *breakStore) encode() []byte {
	type para struct {
		key  breakKey
		ends string
	}
	st.mu.Lock()
	var ps []para
	for k, e := range st.fresh {
		ps = append(ps, para{k, e})
	}
	st.mu.Unlock()
	for i, k := range st.keys {
		if st.used[i/32].Load()&(1<<(i%32)) != 0 {
			ps = append(ps, para{k, string(st.ends[st.offs[i]:st.offs[i+1]])})
		}
	}
	slices.SortFunc(ps, func(a, b para) int { return a.key.compare(b.key) })
	ps = slices.CompactFunc(ps, func(a, b para) bool { return a.key == b.key })
	b := []byte(breaksMagic)
	b = binary.AppendUvarint(b, uint64(len(ps)))
	for _, p := range ps {
		b = binary.BigEndian.AppendUint64(b, p.key.hi)
		b = binary.BigEndian.AppendUint64(b, p.key.lo)
		lines := 0
		for _, c := range []byte(p.ends) {
			if c < 0x80 {
				lines++ // the last byte of a uvarint
			}
		}
		b = binary.AppendUvarint(b, uint64(lines))
		b = append(b, p.ends...)
	}
	return b
}

// find appends to ends[:0] where the lines of the paragraph with key end
// (exclusive word indexes, rising), if it is kept or was weighed.
func (st *breakStore) find(key breakKey, ends []int32) ([]int32, bool) {
	ends = ends[:0]
	var enc []byte
	i, ok := slices.BinarySearchFunc(st.keys, key, breakKey.compare)
	if ok {
		enc = st.ends[st.offs[i]:st.offs[i+1]]
	} else {
		st.mu.Lock()
		e, found := st.fresh[key]
		st.mu.Unlock()
		if !found {
			return ends, false
		}
		enc = []byte(e)
	}
	at := int64(0)
	for len(enc) > 0 {
		l, k := binary.Uvarint(enc)
		if k <= 0 || at+int64(l) > math.MaxInt32 {
			return ends[:0], false
		}
		at += int64(l)
		ends = append(ends, int32(at))
		enc = enc[k:]
	}
	if ok && st.used[i/32].Load()&(1<<(i%32)) == 0 {
		st.used[i/32].Or(1 << (i % 32))
	}
	return ends, true
}

// put records the line ends of a paragraph this run weighed.
func (st *breakStore) put(key breakKey, ends []int32) {
	var b []byte
	prev := int32(0)
	for _, e := range ends {
		b = binary.AppendUvarint(b, uint64(e-prev))
		prev = e
	}
	st.mu.Lock()
	if st.fresh == nil {
		st.fresh = map[breakKey]string{}
	}
	st.fresh[key] = string(b)
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
