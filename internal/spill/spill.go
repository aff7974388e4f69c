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
		if _, err := sp.f.WriteString(data); err != nil {
			return 0, fmt.Errorf("%s: writing a temporary file: %w", sp.what, err)
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
		sp.mu.Unlock()
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
