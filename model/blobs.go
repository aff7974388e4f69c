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
// entry — and, once more than blobsAlone were read so, the whole file at
// once when it is no larger than blobsAtOnce, serving every later piece
// from memory. A larger file is read piece by piece, so that memory does not
// grow with the collection.
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
	f    *os.File
	size int64 // the file's size when opened; 0 when unknown

	alone atomic.Int64
	once  sync.Once
	all   atomic.Pointer[[]byte] // the whole file, once read at once
}

// newBlobReader returns a reader of the pieces of f.
func newBlobReader(f *os.File) *blobReader {
	r := &blobReader{f: f}
	if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
		r.size = st.Size()
	}
	return r
}

// read returns the n bytes at off, or errCorrupt when they are out of the
// file or their CRC is not sum.
func (r *blobReader) read(off, n int64, sum uint32) ([]byte, error) {
	if off < 0 || n < 0 || (r.size > 0 && (off > r.size || n > r.size-off)) {
		return nil, errCorrupt
	}
	all := r.all.Load()
	if all == nil && r.size > 0 && r.size <= blobsAtOnce && r.alone.Add(1) > blobsAlone {
		r.once.Do(func() {
			b := make([]byte, r.size)
			if _, err := r.f.ReadAt(b, 0); err == nil {
				r.all.Store(&b)
			}
		})
		all = r.all.Load()
	}
	var b []byte
	if all != nil {
		b = (*all)[off : off+n : off+n]
	} else {
		b = make([]byte, n)
		if _, err := r.f.ReadAt(b, off); err != nil {
			return nil, err
		}
	}
	if crc32.Checksum(b, crcTable) != sum {
		return nil, errCorrupt
	}
	return b, nil
}
