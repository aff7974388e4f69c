package model

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/commonplace-book/commonplace/internal/parallel"
)

// Cache keeps parsed entries between runs, so that a run reads again only
// the files that changed. One file per collection folder (named by a hash
// of the folder's absolute path) holds, for every entry file, its size and
// modification time when it was parsed, its problems, and the entry in the
// compact binary form of codec.go: the head (every field but the body) in
// an index at the end of the file, the body apart, so that a lazy load
// (LoadOptions.Lazy) reads only the index.
//
// A cached entry is used only when its file has the same size and
// modification time and the cache was written by the same Version; a file
// modified in the last two seconds is never cached (a second change in the
// same clock tick could go unseen). A cache file that cannot be read —
// missing, truncated, corrupt, from another version — is ignored, and the
// run rebuilds it. Files are replaced atomically (written to a temporary
// file, then renamed), so concurrent runs each read a whole file, old or
// new, and the last to finish leaves its own.
type Cache struct {
	// Dir is the folder of the cache files, created when needed.
	Dir string
	// Version identifies the program that parses: cached entries are
	// used only by the same Version (the command passes its version and
	// build).
	Version string
}

// DefaultCacheDir returns the user's cache folder for Commonplace:
// $XDG_CACHE_HOME/commonplace (os.UserCacheDir).
func DefaultCacheDir() (string, error) {
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache: %w", err)
	}
	return filepath.Join(d, "commonplace"), nil
}

// cacheMagic opens every cache file; cacheFormat changes with the layout.
const (
	cacheMagic  = "commonplace entry cache\n"
	cacheFormat = 3
	// footerSize: the index's offset, length and CRC, the quote
	// index's (index.go), and the magic's first 8 bytes.
	footerSize = 8 + 8 + 4 + 8 + 8 + 4 + 8
	// racyWindow: files modified this recently are not cached.
	racyWindow = 2 * time.Second
)

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// Where the footer describes each section of a cache file: its offset,
// length and CRC (8 + 8 + 4 bytes) start at these positions.
const (
	sectionIndex = 0  // the index of cached entries (readCacheIndex)
	sectionTable = 20 // the quote index (readTable)
)

// readSection reads the section of cache file f whose offset, length and
// CRC the footer holds at position at (sectionIndex, sectionTable), and
// checks the file's magic, the section's bounds and its checksum. It
// returns the section, its offset and the footer; errCorrupt when any
// check fails (an empty section included).
func readSection(f *os.File, at int) (buf []byte, off int64, foot [footerSize]byte, err error) {
	st, err := f.Stat()
	if err != nil {
		return nil, 0, foot, err
	}
	size := st.Size()
	if size < int64(len(cacheMagic))+footerSize {
		return nil, 0, foot, errCorrupt
	}
	if _, err := f.ReadAt(foot[:], size-footerSize); err != nil {
		return nil, 0, foot, err
	}
	if string(foot[footerSize-8:]) != cacheMagic[:8] {
		return nil, 0, foot, errCorrupt
	}
	off = int64(binary.LittleEndian.Uint64(foot[at:]))
	n := int64(binary.LittleEndian.Uint64(foot[at+8:]))
	sum := binary.LittleEndian.Uint32(foot[at+16:])
	if n <= 0 || off < int64(len(cacheMagic)) || off > size-footerSize || n > size-footerSize-off {
		return nil, 0, foot, errCorrupt
	}
	buf = make([]byte, n)
	if _, err := f.ReadAt(buf, off); err != nil {
		return nil, 0, foot, err
	}
	if crc32.Checksum(buf, crcTable) != sum {
		return nil, 0, foot, errCorrupt
	}
	return buf, off, foot, nil
}

// cacheRec is one entry file in a cache file's index.
type cacheRec struct {
	size    int64
	mtime   int64  // UnixNano
	payload []byte // problems, then (when hasEntry) the head
	// payOff and payLen say where the payload is in the file, for an
	// index read without its payloads (Cache.open).
	payOff, payLen int64
	blobOff        int64 // body: offset in the file, length and CRC; 0 length = no entry
	blobLen        int64
	blobCRC        uint32
}

// cacheFile is an open cache file: its index and the file, for bodies.
type cacheFile struct {
	f     *os.File
	blobs *blobReader // its heads and bodies
	rels  []string    // in the order the load that wrote it found them
	recs  []cacheRec  // recs[i] is the record of rels[i]

	once  sync.Once
	byRel map[string]int // built on the first lookup off position

	hasTable bool // the file has a quote index
}

// key returns what a cache file must hold to be read by this program.
func (c *Cache) key() string {
	return fmt.Sprintf("format %d\x00%s\x00%s", cacheFormat, c.Version, codecSignature())
}

// path returns the cache file of the collection in root.
func (c *Cache) path(root string) (string, string) {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(c.Dir, hex.EncodeToString(sum[:12])+".cache"), abs
}

// open reads the index of the cache file for root: with the records'
// payloads, or (payloads false) only where they are in the file, which
// holds a tenth of the memory while the file is open. Any problem gives
// nil: the cache is then empty.
func (c *Cache) open(root string, payloads bool) *cacheFile {
	p, abs := c.path(root)
	f, err := os.Open(p)
	if err != nil {
		return nil
	}
	cf, err := readCacheIndex(f, c.key(), abs, payloads)
	if err != nil {
		f.Close()
		return nil
	}
	return cf
}

func readCacheIndex(f *os.File, key, root string, payloads bool) (*cacheFile, error) {
	buf, off, foot, err := readSection(f, 0)
	if err != nil {
		return nil, err
	}
	r := &decoder{b: buf}
	if r.str() != key || r.str() != root {
		return nil, errCorrupt // another program's cache, or a hash collision
	}
	count := r.count()
	if count < 0 {
		return nil, errCorrupt
	}
	cf := &cacheFile{f: f, blobs: newBlobReader(f, 0, off), rels: make([]string, 0, count), recs: make([]cacheRec, 0, count),
		hasTable: binary.LittleEndian.Uint64(foot[sectionTable+8:]) != 0}
	for i := 0; i < count && r.err == nil; i++ {
		rel := r.str()
		rec := cacheRec{size: r.varint(), mtime: r.varint()}
		rec.payload = r.raw()
		rec.payLen = int64(len(rec.payload))
		rec.payOff = off + int64(len(buf)-len(r.b)) - rec.payLen
		if !payloads {
			rel, rec.payload = strings.Clone(rel), nil // buf is dropped
		}
		rec.blobOff = r.varint()
		rec.blobLen = r.varint()
		rec.blobCRC = uint32(r.uvarint())
		if rec.blobOff < 0 || rec.blobLen < 0 || rec.blobOff > off || rec.blobLen > off-rec.blobOff {
			r.fail()
		}
		cf.rels = append(cf.rels, rel)
		cf.recs = append(cf.recs, rec)
	}
	if r.err != nil || len(r.b) != 0 {
		return nil, errCorrupt
	}
	return cf, nil
}

// payload returns the payload of rec, read from the file when the index
// was read without it.
func (cf *cacheFile) payload(rec cacheRec) ([]byte, error) {
	if rec.payload != nil || rec.payLen == 0 {
		return rec.payload, nil
	}
	b := make([]byte, rec.payLen)
	if _, err := cf.f.ReadAt(b, rec.payOff); err != nil {
		return nil, err
	}
	return b, nil
}

// find returns the record of rel, the pos-th file found by this load: a
// collection that did not change is found in the order it was written, so
// the record is at the same position, and a map is built only when
// files were added or removed.
func (cf *cacheFile) find(pos int, rel string) (cacheRec, bool) {
	if pos < len(cf.rels) && cf.rels[pos] == rel {
		return cf.recs[pos], true
	}
	cf.once.Do(func() {
		cf.byRel = make(map[string]int, len(cf.rels))
		for i, r := range cf.rels {
			cf.byRel[r] = i
		}
	})
	i, ok := cf.byRel[rel]
	if !ok {
		return cacheRec{}, false
	}
	return cf.recs[i], true
}

// match returns the record of rel, the pos-th file found, when its file
// still has size and mtime.
func (cf *cacheFile) match(pos int, rel string, size, mtime int64) (cacheRec, bool) {
	if cf == nil {
		return cacheRec{}, false
	}
	rec, ok := cf.find(pos, rel)
	if !ok || rec.size != size || rec.mtime != mtime {
		return cacheRec{}, false
	}
	return rec, true
}

// lookup returns the cached problems and entry (its head only unless
// full) of rel, the pos-th file found, when its file still has size and
// mtime.
func (cf *cacheFile) lookup(pos int, rel string, size, mtime int64, full bool, sl *slab) (e *Entry, probs []Problem, rec cacheRec, ok bool) {
	rec, ok = cf.match(pos, rel, size, mtime)
	if !ok {
		return nil, nil, rec, false
	}
	r := &decoder{b: rec.payload, slab: sl}
	probs = r.problems()
	if r.bool() {
		e = r.head()
	}
	if r.err != nil || len(r.b) != 0 || (e == nil) != (rec.blobLen == 0) {
		return nil, nil, rec, false
	}
	if e != nil && full {
		if err := cf.readBody(e, rec); err != nil {
			return nil, nil, rec, false
		}
	}
	return e, probs, rec, true
}

func (cf *cacheFile) readBody(e *Entry, rec cacheRec) error {
	b, err := cf.blobs.read(rec.blobOff, rec.blobLen, rec.blobCRC)
	if err != nil {
		return err
	}
	r := &decoder{b: b}
	r.body(e)
	if r.err != nil || len(r.b) != 0 {
		return errCorrupt
	}
	return nil
}

// encodeEntry returns the payload (problems, head) and body of a parsed
// file; ok is false when the entry holds a value the codec cannot write.
func encodeEntry(e *Entry, probs []Problem) (payload, body []byte, ok bool) {
	w := &encoder{}
	w.problems(probs)
	w.bool(e != nil)
	if e != nil {
		w.head(e)
	}
	payload = w.b
	if e != nil {
		bw := &encoder{}
		bw.body(e)
		if bw.err != nil {
			return nil, nil, false
		}
		body = bw.b
		if len(body) == 0 {
			body = []byte{0} // never empty: length 0 means "no entry"
		}
	}
	return payload, body, w.err == nil
}

// cacheWriter builds the next cache file of a load: bodies are appended
// as entries are parsed (any goroutine), the index at the end.
type cacheWriter struct {
	mu   sync.Mutex
	f    *os.File
	off  int64
	err  error
	dest string
	key  string
	root string
	// temp: a file of this run only (LoadOptions.Index without a
	// Cache), removed from its folder as soon as it is created.
	temp bool
	// blobs reads the bodies back, one at a time (the file grows),
	// once the file is finished (finish flushes buf).
	blobs *blobReader
	// buf holds what write was given and the file does not have yet: a
	// body is 1–2 KB, a system call each would cost more than the copy.
	buf []byte
}

// writeBlock is how much a cacheWriter holds before writing it.
const writeBlock = 1 << 18

func (c *Cache) newWriter(root string) *cacheWriter {
	dest, abs := c.path(root)
	w := &cacheWriter{dest: dest, key: c.key(), root: abs}
	if err := os.MkdirAll(c.Dir, 0o755); err != nil {
		w.err = err
		return w
	}
	f, err := os.CreateTemp(c.Dir, ".entries.*.tmp")
	if err != nil {
		w.err = err
		return w
	}
	w.f, w.blobs = f, &blobReader{f: f}
	w.write([]byte(cacheMagic))
	return w
}

// newTempWriter returns a writer of a cache file for this run only, in
// the system's temporary folder, removed from it at once (the open file
// is still read and written); nil where an open file cannot be removed.
func newTempWriter(root string) *cacheWriter {
	if runtime.GOOS == "windows" {
		return nil
	}
	var c Cache
	_, abs := c.path(root)
	f, err := os.CreateTemp("", "commonplace-entries.*.tmp")
	if err != nil {
		return nil
	}
	if err := os.Remove(f.Name()); err != nil {
		f.Close()
		os.Remove(f.Name())
		return nil
	}
	w := &cacheWriter{f: f, key: c.key(), root: abs, temp: true, blobs: &blobReader{f: f}}
	w.write([]byte(cacheMagic))
	return w
}

// write appends p and returns its offset, or -1 once writing failed. The
// bytes reach the file by writeBlock, and all of them at the latest when
// the file is sealed (flush).
func (w *cacheWriter) write(p []byte) int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil || w.f == nil {
		return -1
	}
	off := w.off
	if len(w.buf)+len(p) > writeBlock && !w.flushLocked() {
		return -1
	}
	if len(p) >= writeBlock {
		if _, err := w.f.Write(p); err != nil {
			w.err = err
			return -1
		}
	} else {
		if w.buf == nil {
			w.buf = make([]byte, 0, writeBlock)
		}
		w.buf = append(w.buf, p...)
	}
	w.off += int64(len(p))
	return off
}

// flush writes what write holds; it reports whether all went well.
func (w *cacheWriter) flush() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err == nil && w.f != nil && w.flushLocked()
}

func (w *cacheWriter) flushLocked() bool {
	if len(w.buf) > 0 {
		_, err := w.f.Write(w.buf)
		w.buf = w.buf[:0]
		if err != nil {
			w.err = err
			return false
		}
	}
	return true
}

// newRec is an entry file's record in the cache file being written.
type newRec struct {
	rel     string
	rec     cacheRec
	fromOld bool // the body is still in the old file, at rec.blobOff
	// part is what the quote index needs of the entry (tabPart), nil
	// when the file is not an entry of the collection; finalID and
	// finalSlug are its ID and slug after uniqueNames.
	part               []byte
	finalID, finalSlug string
}

// noStamp is the modification time recorded for a file that must be
// parsed again next time (modified in the last two seconds, or whose
// time could not be read): no file has it, so the record never matches.
const noStamp = math.MinInt64

// sectionWriter writes a section of the cache file in pieces, computing
// its checksum on the way.
type sectionWriter struct {
	w      *cacheWriter
	buf    []byte
	off, n int64 // the section's offset in the file; bytes so far
	crc    uint32
	failed bool
}

// sectionBlock is how much a sectionWriter holds before writing it.
const sectionBlock = 1 << 18

func (w *cacheWriter) section() *sectionWriter {
	return &sectionWriter{w: w, off: w.off, buf: make([]byte, 0, sectionBlock)}
}

func (s *sectionWriter) write(p []byte) {
	s.crc = crc32.Update(s.crc, crcTable, p)
	s.n += int64(len(p))
	s.buf = append(s.buf, p...)
	if len(s.buf) >= sectionBlock {
		s.flush()
	}
}

func (s *sectionWriter) flush() {
	if len(s.buf) > 0 && s.w.write(s.buf) < 0 {
		s.failed = true
	}
	s.buf = s.buf[:0]
}

// finish copies the bodies still in the old file, writes the index and,
// when withTable is set (recs is every file of the load, each with its
// part), the quote index, and puts the file in place: renamed over the
// collection's cache file, or, for a temporary writer, left as it is
// (already removed). It returns the quote index written (nil without
// one) and whether the file was written whole. The file stays open, for
// the entries' bodies; close closes it. The records' payloads and parts
// are released as they are written.
func (w *cacheWriter) finish(recs []newRec, old *cacheFile, withTable bool) (table []byte, ok bool) {
	if w.err != nil || w.f == nil {
		w.abort()
		return nil, false
	}
	for i := range recs {
		if !recs[i].fromOld || recs[i].rec.blobLen == 0 {
			continue
		}
		// (as they are: a damaged body is found when it is read)
		b, err := old.blobs.bytes(recs[i].rec.blobOff, recs[i].rec.blobLen)
		if err != nil {
			w.err = err
			break
		}
		recs[i].rec.blobOff = w.write(b)
	}
	// The index, record by record, each file added to the quote index
	// as its record is written (its head's place is known then).
	var t *tabBuilder
	if withTable {
		t = &tabBuilder{}
	}
	sw := w.section()
	rec := &encoder{}
	rec.str(w.key)
	rec.str(w.root)
	rec.count(len(recs), false)
	for i := range recs {
		r := &recs[i]
		rec.str(r.rel)
		rec.varint(r.rec.size)
		rec.varint(r.rec.mtime)
		rec.uvarint(uint64(len(r.rec.payload)))
		sw.write(rec.b)
		rec.b = rec.b[:0]
		headOff := sw.off + sw.n
		sw.write(r.rec.payload)
		rec.varint(r.rec.blobOff)
		rec.varint(r.rec.blobLen)
		rec.uvarint(uint64(r.rec.blobCRC))
		if t != nil {
			t.add(r, headOff)
		}
		r.rec.payload, r.part = nil, nil
	}
	sw.write(rec.b)
	sw.flush()
	if sw.failed {
		w.abort()
		return nil, false
	}
	var extras []byte
	if t != nil && w.err == nil {
		extras, table = t.finish(w.key, w.root, 0, sw.off+sw.n)
	}
	if !w.seal(sw.off, sw.n, sw.crc, extras, table) {
		return nil, false
	}
	return table, true
}

// seal ends the file whose index (offset, length, CRC) is written: it
// writes the extras and the quote index (when tab is not nil) and the
// footer, and puts the file in place (see finish). It reports whether
// all went well; if not, the file is removed.
func (w *cacheWriter) seal(indexOff, indexLen int64, indexCRC uint32, extras, tab []byte) bool {
	var foot [footerSize]byte
	binary.LittleEndian.PutUint64(foot[0:], uint64(indexOff))
	binary.LittleEndian.PutUint64(foot[8:], uint64(indexLen))
	binary.LittleEndian.PutUint32(foot[16:], indexCRC)
	if tab != nil {
		w.write(extras)
		tabOff := w.write(tab)
		binary.LittleEndian.PutUint64(foot[20:], uint64(tabOff))
		binary.LittleEndian.PutUint64(foot[28:], uint64(len(tab)))
		binary.LittleEndian.PutUint32(foot[36:], crc32.Checksum(tab, crcTable))
	}
	copy(foot[footerSize-8:], cacheMagic[:8])
	w.write(foot[:])
	if !w.flush() {
		w.abort()
		return false
	}
	w.buf = nil
	if !w.temp {
		if err := os.Rename(w.f.Name(), w.dest); err != nil {
			w.abort()
			return false
		}
	}
	return true
}

// close closes the file written (after finish: it is in place).
func (w *cacheWriter) close() {
	if w.f != nil {
		w.f.Close()
		w.f = nil
	}
}

// close closes the cache file read.
func (cf *cacheFile) close() {
	if cf != nil {
		cf.f.Close()
	}
}

// abort removes the file being written.
func (w *cacheWriter) abort() {
	if w.f != nil {
		w.f.Close()
		if !w.temp {
			os.Remove(w.f.Name())
		}
		w.f = nil
	}
}

// lazyRef says where the body of a lazily loaded entry is: a cache file
// and its place there, or (f nil) the entry file itself.
type lazyRef struct {
	f       *blobReader
	off, n  int64
	sum     uint32
	loadID  string // the ID the entry was parsed with (uniqueNames may change it)
	modTime int64
	size    int64
}

// lazyState is what a lazily loaded Collection needs to load a body.
type lazyState struct {
	root string
	mu   sync.Mutex
	refs map[*Entry]lazyRef
}

// errChanged is returned by Full when an entry file changed since the
// collection was loaded.
var errChanged = errors.New("the file changed while it was being read; run again")

// IsLazy reports whether c was loaded with LoadOptions.Lazy: its entries
// have every field but their bodies (quotes without blocks, no body parts,
// commentary or notes) until Full loads them.
func (c *Collection) IsLazy() bool { return c != nil && c.lazy != nil }

// Full returns e whole. For a collection loaded with LoadOptions.Lazy it
// reads the body of e (from the cache, else from its file) into a new
// Entry, leaving e as it is; otherwise it returns e. It is safe for
// concurrent use.
func (c *Collection) Full(e *Entry) (*Entry, error) {
	if c == nil || c.lazy == nil || e == nil {
		return e, nil
	}
	c.lazy.mu.Lock()
	ref, ok := c.lazy.refs[e]
	c.lazy.mu.Unlock()
	if !ok {
		return e, nil
	}
	return c.full(e, ref)
}

// full returns e, a lazy entry whose body is at ref, whole.
func (c *Collection) full(e *Entry, ref lazyRef) (*Entry, error) {
	full := *e
	full.Quotes = append([]Quote(nil), e.Quotes...)
	if ref.f != nil {
		b, err := ref.f.read(ref.off, ref.n, ref.sum)
		if err == nil {
			r := &decoder{b: b}
			r.body(&full)
			if r.err != nil || len(r.b) != 0 {
				err = errCorrupt
			}
		}
		if err != nil {
			ref.f = nil // read the file itself instead
			full = *e
			full.Quotes = append([]Quote(nil), e.Quotes...)
		}
	}
	if ref.f == nil {
		p := filepath.Join(c.lazy.root, filepath.FromSlash(e.Path))
		st, err := os.Lstat(p)
		if err != nil || st.Size() != ref.size || st.ModTime().UnixNano() != ref.modTime {
			return nil, fmt.Errorf("load %s: %w", e.Path, errChanged)
		}
		data, err := readLimited(p)
		if err != nil {
			return nil, fmt.Errorf("load %s: %w", e.Path, err)
		}
		parsed, _ := ParseEntry(e.Path, data)
		if parsed == nil || len(parsed.Quotes) != len(e.Quotes) {
			return nil, fmt.Errorf("load %s: %w", e.Path, errChanged)
		}
		for i := range parsed.Quotes {
			if parsed.Quotes[i].ID != e.Quotes[i].ID {
				return nil, fmt.Errorf("load %s: %w", e.Path, errChanged)
			}
			full.Quotes[i].Blocks = parsed.Quotes[i].Blocks
		}
		full.Body, full.Commentary, full.Notes = parsed.Body, parsed.Commentary, parsed.Notes
	}
	if ref.loadID != e.ID {
		// uniqueNames gave the entry another ID: its footnotes follow.
		for i := range full.Notes {
			full.Notes[i].ID = e.ID + trimPrefix(full.Notes[i].ID, ref.loadID)
		}
		renameNoteRefs(&full, ref.loadID)
	}
	return &full, nil
}

func trimPrefix(s, p string) string {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}

// strip removes e's body in place, leaving what a lazy entry holds.
func strip(e *Entry) {
	for i := range e.Quotes {
		e.Quotes[i].Blocks = nil
	}
	e.Body, e.Commentary, e.Notes = nil, nil, nil
}

// loadChunk is how many entries a core reads at a time when bodies are
// loaded.
const loadChunk = 64

// firstError returns the first non-nil error of errs, or nil.
func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// fileStamp returns a file's size and modification time.
func fileStamp(p string) (size, mtime int64, err error) {
	st, err := os.Lstat(p)
	if err != nil {
		return 0, 0, err
	}
	return st.Size(), st.ModTime().UnixNano(), nil
}

// LoadBodies makes a lazily loaded collection whole: every entry is
// replaced by its Full form (read on every core), and the collection is
// no longer lazy; a collection loaded from the index gets its Entries.
// It does nothing to a collection loaded whole. On error, which is the
// first in collection order, c is left as it was. It must not run while
// others use c.
func (c *Collection) LoadBodies() error {
	if c == nil || c.lazy == nil {
		return nil
	}
	if c.index != nil {
		return c.loadIndexBodies()
	}
	es := make([]*Entry, len(c.Entries))
	errs := make([]error, len(c.Entries))
	parallel.For(len(c.Entries), loadChunk, func(i int) {
		es[i], errs[i] = c.Full(c.Entries[i])
	})
	if err := firstError(errs); err != nil {
		return err
	}
	c.Entries = es
	c.lazy = nil
	return nil
}
