package model

import (
	"hash/crc32"
	"os"
	"sync"
	"sync/atomic"
)

// Reading heads, bodies and extras from a cache file: an output reads every
// entry, its extra, head and body, in the collection's order, which is not
// the order of the file; one system call per piece costs more than the
// piece (30,000 of them for 10,000 entries, for each output of a build). A
// blobReader reads the first pieces one at a time — the quote of the day
// reads one entry — and, once more than blobsAlone were read so, the part
// of the file that holds them (the bodies, and the heads for an index; or
// the extras) at once when it is no larger than blobsAtOnce, serving every
// later piece from memory. A larger part is read piece by piece, so that
// memory does not grow with the collection.
//
// They are variables for the tests.
var (
	blobsAlone  int64 = 64
	blobsAtOnce int64 = 64 << 20
)

// blobReader reads pieces of one open cache file, checking each piece's
// CRC. It is safe for concurrent use. The bytes it returns are never
// modified (strings decoded from them share them).
type blobReader struct {
	f *os.File
	// the pieces are in [start, end); end is 0 when it is not known (a
	// file being written)
	start, end int64

	alone atomic.Int64
	once  sync.Once
	all   atomic.Pointer[[]byte] // the file's bytes in [start, end), once read at once
}

// newBlobReader returns a reader of the pieces of f that lie between
// offsets start and end.
func newBlobReader(f *os.File, start, end int64) *blobReader {
	return &blobReader{f: f, start: max(start, 0), end: max(end, start, 0)}
}

// readAtOnce reads the pieces' part of the file at once, whatever its
// size, if it is not read yet (a filter reads every entry's extra).
func (r *blobReader) readAtOnce() {
	if r.end == 0 {
		return
	}
	r.once.Do(func() {
		b := make([]byte, r.end-r.start)
		if _, err := r.f.ReadAt(b, r.start); err == nil {
			r.all.Store(&b)
		}
	})
}

// read returns the n bytes at off, or errCorrupt when they are not between
// the start and the end or their CRC is not sum.
func (r *blobReader) read(off, n int64, sum uint32) ([]byte, error) {
	b, err := r.bytes(off, n)
	if err != nil {
		return nil, err
	}
	if crc32.Checksum(b, crcTable) != sum {
		return nil, errCorrupt
	}
	return b, nil
}

// bytes returns the n bytes at off, unchecked, or errCorrupt when they are
// not between the start and the end.
func (r *blobReader) bytes(off, n int64) ([]byte, error) {
	if off < r.start || n < 0 || (r.end > 0 && (off > r.end || n > r.end-off)) {
		return nil, errCorrupt
	}
	all := r.all.Load()
	if all == nil && r.end > 0 && r.end-r.start <= blobsAtOnce && r.alone.Add(1) > blobsAlone {
		r.readAtOnce()
		all = r.all.Load()
	}
	if all != nil {
		at := off - r.start
		return (*all)[at : at+n : at+n], nil
	}
	b := make([]byte, n)
	if _, err := r.f.ReadAt(b, off); err != nil {
		return nil, err
	}
	return b, nil
}
