// Package spill keeps bytes written once and read back later — an
// output's finished parts waiting for the container or the document that
// holds them (the EPUB's deflated documents, the PDF's compressed pages)
// — in memory up to a limit, then in a temporary file removed as soon as
// it is made, so that a large book does not hold them all in memory and
// nothing is ever left in the temporary folder, whatever happens.
package spill

import (
	"fmt"
	"os"
	"sync"
	"unsafe"
)

// chunk is the size of the blocks the bytes are kept in while in memory.
const chunk = 1 << 20

// Spill stores bytes and gives them back by offset. Its methods are safe
// for concurrent use.
type Spill struct {
	what   string // names the temporary file and prefixes errors
	mu     sync.Mutex
	f      *os.File
	name   string // to remove at Close, when it could not be removed at once
	off    int64
	chunks [][]byte // in memory: chunk bytes each (the last one filling)
	limit  int64    // the most kept in memory before a file is made
	noFile bool     // a temporary file could not be made
	// pend holds what was added to the file and not yet written to it
	// (up to chunk bytes: one write for many small pieces); the file
	// holds the bytes before off-len(pend).
	pend []byte
	// fileWrites, fileReads and fileBytes count the writes and reads of
	// the temporary file and the bytes read (for tests).
	fileWrites int
	fileReads  int
	fileBytes  int64
}

// New returns a spill that keeps up to limit bytes in memory, then moves
// them to a temporary file (named after what, as are its errors: "epub",
// "pdf") that takes the rest. Where no temporary file can be made, it
// keeps everything in memory.
func New(what string, limit int64) *Spill {
	return &Spill{what: what, limit: limit}
}

// AddBytes is Add for bytes.
func (sp *Spill) AddBytes(data []byte) (int64, error) {
	return sp.Add(unsafe.String(unsafe.SliceData(data), len(data)))
}

// Add stores data and returns its offset, where Read finds it.
func (sp *Spill) Add(data string) (int64, error) {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	off, size := sp.off, int64(len(data))
	if sp.f == nil && !sp.noFile && off+size > sp.limit {
		sp.toFile()
	}
	if sp.f != nil {
		if len(sp.pend)+len(data) > chunk {
			if err := sp.flush(); err != nil {
				return 0, err
			}
		}
		if len(data) >= chunk {
			sp.fileWrites++
			if _, err := sp.f.WriteString(data); err != nil {
				return 0, fmt.Errorf("%s: writing a temporary file: %w", sp.what, err)
			}
		} else {
			if sp.pend == nil {
				sp.pend = make([]byte, 0, chunk)
			}
			sp.pend = append(sp.pend, data...)
		}
	} else {
		for len(data) > 0 {
			if len(sp.chunks) == 0 || len(sp.chunks[len(sp.chunks)-1]) == chunk {
				sp.chunks = append(sp.chunks, make([]byte, 0, chunk))
			}
			last := &sp.chunks[len(sp.chunks)-1]
			n := min(len(data), chunk-len(*last))
			*last = append(*last, data[:n]...)
			data = data[n:]
		}
	}
	sp.off += size
	return off, nil
}

// flush writes the bytes pending to the file; sp.mu is held.
func (sp *Spill) flush() error {
	if len(sp.pend) == 0 {
		return nil
	}
	sp.fileWrites++
	_, err := sp.f.Write(sp.pend)
	sp.pend = sp.pend[:0]
	if err != nil {
		return fmt.Errorf("%s: writing a temporary file: %w", sp.what, err)
	}
	return nil
}

// readable makes sure that the file holds the n bytes at off (writing
// what is pending when they are not all written yet) and counts them
// read; sp.mu is held.
func (sp *Spill) readable(off, n int64) error {
	if off+n > sp.off-int64(len(sp.pend)) {
		if err := sp.flush(); err != nil {
			return err
		}
	}
	sp.fileReads++
	sp.fileBytes += n
	return nil
}

// InFile reports whether the spill has moved to its temporary file.
func (sp *Spill) InFile() bool {
	sp.mu.Lock()
	defer sp.mu.Unlock()
	return sp.f != nil
}

// toFile moves what is in memory to a temporary file, which then takes
// the rest.
func (sp *Spill) toFile() {
	f, err := os.CreateTemp("", "commonplace-"+sp.what+"-*")
	if err != nil {
		sp.noFile = true
		return
	}
	if os.Remove(f.Name()) != nil {
		sp.name = f.Name()
	}
	for _, c := range sp.chunks {
		if _, err := f.Write(c); err != nil {
			f.Close()
			if sp.name != "" {
				os.Remove(sp.name)
			}
			sp.name, sp.noFile = "", true
			return
		}
	}
	sp.f, sp.chunks = f, nil
}

// Read returns the n bytes stored at off, in buf when it is large
// enough, or where they are in memory: the caller must not write into
// them.
func (sp *Spill) Read(off, n int64, buf []byte) ([]byte, error) {
	if n <= 0 {
		return buf[:0], nil
	}
	sp.mu.Lock()
	f := sp.f
	if f == nil {
		defer sp.mu.Unlock()
	} else {
		err := sp.readable(off, n)
		sp.mu.Unlock()
		if err != nil {
			return nil, err
		}
	}
	if f == nil {
		c, at := off/chunk, off%chunk
		if at+n <= chunk {
			return sp.chunks[c][at : at+n : at+n], nil
		}
	}
	if int64(cap(buf)) < n {
		buf = make([]byte, n)
	}
	buf = buf[:n]
	if f == nil {
		for k := int64(0); k < n; {
			c, at := (off+k)/chunk, (off+k)%chunk
			k += int64(copy(buf[k:], sp.chunks[c][at:]))
		}
		return buf, nil
	}
	if _, err := f.ReadAt(buf, off); err != nil {
		return nil, fmt.Errorf("%s: reading a temporary file: %w", sp.what, err)
	}
	return buf, nil
}

// A Reader reads back the bytes of a spill added in the order they are
// read (the pages of a book in order, mostly), from a window of the
// temporary file read readAhead bytes at a time: one read of the file
// for many pieces, where Spill.Read reads it once for each. A piece a
// little before the window (added a little out of order) is read alone,
// the window kept; any other piece outside it moves the window there. A
// Reader is not safe for concurrent use; the spill may still be added
// to.
type Reader struct {
	sp      *Spill
	win     []byte // the file's bytes from winOff
	winOff  int64
	scratch []byte // a piece read alone
}

// readAhead is how much of the file a Reader reads at a time; a piece
// that starts less than behind before its window is read alone.
const (
	readAhead = chunk
	behind    = readAhead / 16
)

// NewReader returns a Reader of sp.
func (sp *Spill) NewReader() *Reader { return &Reader{sp: sp} }

// Read returns the n bytes stored at off, as Spill.Read does; they are
// valid until the next Read, and the caller must not write into them.
func (r *Reader) Read(off, n int64) ([]byte, error) {
	if n <= 0 {
		return nil, nil
	}
	if off >= r.winOff && off+n <= r.winOff+int64(len(r.win)) {
		at := off - r.winOff
		return r.win[at : at+n : at+n], nil
	}
	sp := r.sp
	sp.mu.Lock()
	f := sp.f
	sp.mu.Unlock()
	if f == nil || off < r.winOff && r.winOff-off <= behind {
		b, err := sp.Read(off, n, r.scratch)
		if err == nil && f != nil {
			r.scratch = b
		}
		return b, err
	}
	sp.mu.Lock()
	// as much of the file as is there from off, at least the piece
	want := min(max(n, readAhead), sp.off-off)
	if want < n {
		sp.mu.Unlock()
		return nil, fmt.Errorf("%s: reading %d bytes at %d of %d", sp.what, n, off, sp.off)
	}
	err := sp.readable(off, want)
	sp.mu.Unlock()
	if err != nil {
		return nil, err
	}
	if int64(cap(r.win)) < want {
		r.win = make([]byte, want)
	}
	r.win = r.win[:want]
	if _, err := f.ReadAt(r.win, off); err != nil {
		r.win = r.win[:0]
		return nil, fmt.Errorf("%s: reading a temporary file: %w", sp.what, err)
	}
	r.winOff = off
	return r.win[:n:n], nil
}

// Close closes and removes the temporary file, if any. A nil spill does
// nothing.
func (sp *Spill) Close() {
	if sp == nil || sp.f == nil {
		return
	}
	sp.f.Close()
	if sp.name != "" {
		os.Remove(sp.name)
	}
}
