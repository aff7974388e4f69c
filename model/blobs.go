package model

import (
	"hash/crc32"
	"os"
	"sync"
	"sync/atomic"
)

// Reading heads and bodies from a cache file: an output reads every entry,
// a head and a body each, in the collection's order, which is not the order
// of the file; one system call per piece costs more than the piece (20,000
// of them for 10,000 entries, for each output of a build). A blobReader
// reads the first pieces one at a time — the quote of the day reads one
// entry — and, once more than blobsAlone were read so, the part of the file
// that holds them (the bodies, and the heads for an index) at once when it
// is no larger than blobsAtOnce, serving every later piece from memory. A
// larger file is read piece by piece, so that memory does not grow with the
// collection.
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
	f   *os.File
	end int64 // the pieces are before end; 0 when unknown (a file being written)

	alone atomic.Int64
	once  sync.Once
	all   atomic.Pointer[[]byte] // the file before end, once read at once
}

// newBlobReader returns a reader of the pieces of f, which lie before
// offset end.
func newBlobReader(f *os.File, end int64) *blobReader {
	return &blobReader{f: f, end: max(end, 0)}
}

// read returns the n bytes at off, or errCorrupt when they are not before
// the end or their CRC is not sum.
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
// not before the end.
func (r *blobReader) bytes(off, n int64) ([]byte, error) {
	if off < 0 || n < 0 || (r.end > 0 && (off > r.end || n > r.end-off)) {
		return nil, errCorrupt
	}
	all := r.all.Load()
	if all == nil && r.end > 0 && r.end <= blobsAtOnce && r.alone.Add(1) > blobsAlone {
		r.once.Do(func() {
			b := make([]byte, r.end)
			if _, err := r.f.ReadAt(b, 0); err == nil {
				r.all.Store(&b)
			}
		})
		all = r.all.Load()
	}
	if all != nil {
		return (*all)[off : off+n : off+n], nil
	}
	b := make([]byte, n)
	if _, err := r.f.ReadAt(b, off); err != nil {
		return nil, err
	}
	return b, nil
}
