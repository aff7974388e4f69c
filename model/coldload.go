package model

import (
	"bufio"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
)

// A streaming load (LoadOptions.Index when the index is not up to date)
// keeps no entry: each file, as it is read from the old cache or parsed,
// goes to the new cache file — its body at once, by the worker that read
// it; its record in the index and in the quote index, in the order the
// files were found, by an indexStream — and the run is then served from
// the quote index written, as a run that finds it up to date is. What is
// held meanwhile is the quote index being built (about 300 bytes per
// entry) and the names given so far, never the entries.

// indexStream receives a streaming load's files in the order they were
// found: it writes each file's record of the cache file's index to a
// spill file (the index follows the bodies in the cache file, and they
// are still being written) and adds the file to the quote index.
type indexStream struct {
	spill *os.File
	bw    *bufio.Writer
	pos   int64 // bytes written to the spill file
	n     int   // files
	t     tabBuilder
	names namer
	enc   encoder
	err   error
}

// newIndexStream returns an indexStream whose spill file is in dir (""
// for the system's temporary folder), removed from it at once where an
// open file can be removed, else when the stream is closed.
func newIndexStream(dir string) (*indexStream, error) {
	f, err := os.CreateTemp(dir, ".index.*.tmp")
	if err != nil {
		return nil, err
	}
	if runtime.GOOS != "windows" {
		os.Remove(f.Name())
	}
	return &indexStream{spill: f, bw: bufio.NewWriterSize(f, 1<<18), names: namer{clone: true}}, nil
}

// close closes and removes the spill file.
func (s *indexStream) close() {
	if s.spill != nil {
		s.spill.Close()
		if runtime.GOOS == "windows" {
			os.Remove(s.spill.Name())
		}
		s.spill = nil
	}
}

func (s *indexStream) write(p []byte) {
	if s.err != nil {
		return
	}
	if _, err := s.bw.Write(p); err != nil {
		s.err = err
	}
	s.pos += int64(len(p))
}

// add adds the next file; r, when nil, is a file that could not be
// recorded (the stream then fails). It gives an entry its final ID and
// slug, and releases r's payload and part.
func (s *indexStream) add(r *newRec) {
	if r == nil || s.err != nil {
		if s.err == nil {
			s.err = errCorrupt
		}
		return
	}
	if r.part != nil {
		r.finalID, r.finalSlug = s.names.name(partNames(r.part))
	}
	e := &s.enc
	e.b = e.b[:0]
	e.str(r.rel)
	e.varint(r.rec.size)
	e.varint(r.rec.mtime)
	e.uvarint(uint64(len(r.rec.payload)))
	s.write(e.b)
	headOff := s.pos
	s.write(r.rec.payload)
	e.b = e.b[:0]
	e.varint(r.rec.blobOff)
	e.varint(r.rec.blobLen)
	e.uvarint(uint64(r.rec.blobCRC))
	s.write(e.b)
	s.t.add(r, headOff)
	s.n++
	*r = newRec{}
}

// finish writes the index (its header, then the spill file) and the
// quote index to w and puts w's file in place; it returns the quote
// index, or false when the file could not be written whole.
func (s *indexStream) finish(w *cacheWriter) (tab []byte, ok bool) {
	defer s.close()
	if s.err == nil {
		s.err = s.bw.Flush()
	}
	if s.err != nil || w.err != nil || w.f == nil {
		w.abort()
		return nil, false
	}
	head := &encoder{}
	head.str(w.key)
	head.str(w.root)
	head.count(s.n, false)
	indexOff := w.write(head.b)
	sum := crc32.Checksum(head.b, crcTable)
	if _, err := s.spill.Seek(0, io.SeekStart); err != nil {
		w.abort()
		return nil, false
	}
	buf := make([]byte, 1<<20)
	for copied := int64(0); copied < s.pos; {
		n, err := s.spill.Read(buf[:min(int64(len(buf)), s.pos-copied)])
		if n > 0 {
			sum = crc32.Update(sum, crcTable, buf[:n])
			w.write(buf[:n])
			copied += int64(n)
		}
		if err != nil || n == 0 {
			w.abort()
			return nil, false
		}
	}
	indexLen := int64(len(head.b)) + s.pos
	extras, tab := s.t.finish(w.key, w.root, indexOff+int64(len(head.b)), indexOff+indexLen)
	if tab == nil || !w.seal(indexOff, indexLen, sum, extras, tab) {
		if tab == nil {
			w.abort()
		}
		return nil, false
	}
	return tab, true
}

// streamJobs reads the files of jobs on workers goroutines for a
// streaming load and hands them to seq in the order they were found
// (each batch of jobs is a run of files in that order; batches finish in
// any order). It returns when every file is in seq.
func (l *loader) streamJobs(jobs <-chan []loadJob, workers int, seq *indexStream, progress func()) {
	type batch struct {
		first int
		recs  []newRec
		ok    []bool
	}
	batches := make(chan batch, 2*workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for bj := range jobs {
				b := batch{first: bj[0].idx, recs: make([]newRec, len(bj)), ok: make([]bool, len(bj))}
				for k, j := range bj {
					b.recs[k], b.ok[k] = l.streamFile(j.idx, j.rel)
					progress()
				}
				batches <- b
			}
		}()
	}
	go func() {
		wg.Wait()
		close(batches)
	}()
	pending := map[int]batch{}
	next := 0
	for b := range batches {
		pending[b.first] = b
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			for i := range p.recs {
				if p.ok[i] {
					seq.add(&p.recs[i])
				} else {
					seq.add(nil)
				}
			}
			next += len(p.recs)
		}
	}
}

// streamFile reads the idx-th file found, rel, for a streaming load: from
// the old cache when it has the file unchanged (its body copied to the
// new file), else by parsing it (its body written to the new
// file). It returns the file's record with its part, or false when the
// file could not be recorded.
func (l *loader) streamFile(idx int, rel string) (newRec, bool) {
	p := filepath.Join(l.dir, filepath.FromSlash(rel))
	size, mtime, statErr := fileStamp(p)
	if statErr == nil {
		if rec, ok := l.old.match(idx, rel, size, mtime); ok {
			var err error
			if rec.payload, err = l.old.payload(rec); err == nil {
				if part, ok := partOf(rec.payload); ok && l.copyBody(&rec) {
					return newRec{rel: rel, rec: rec, part: part}, true
				}
			}
		}
	}
	var e *Entry
	var probs []Problem
	data, err := readLimited(p)
	if err != nil {
		probs = []Problem{{Path: rel, Line: 1, Severity: Error, Message: err.Error()}}
	} else {
		parsed.Add(1)
		e, probs = ParseEntry(rel, data)
	}
	if statErr != nil || mtime >= l.racy {
		mtime = noStamp // parsed again next time (see file)
	}
	payload, body, ok := encodeEntry(e, probs)
	if !ok {
		return newRec{}, false
	}
	rec := cacheRec{size: size, mtime: mtime, payload: payload}
	if body != nil {
		rec.blobOff, rec.blobLen, rec.blobCRC = l.cw.write(body), int64(len(body)), crc32.Checksum(body, crcTable)
		if rec.blobOff < 0 {
			return newRec{}, false
		}
	}
	r := newRec{rel: rel, rec: rec}
	if e != nil && Errors(probs) == 0 {
		r.part = tabPart(e)
	}
	return r, true
}

// copyBody copies the body of rec, a record of the old cache file, to
// the new one, and points rec at the copy.
func (l *loader) copyBody(rec *cacheRec) bool {
	if rec.blobLen == 0 {
		return true
	}
	b, err := l.old.blobs.read(rec.blobOff, rec.blobLen, rec.blobCRC)
	if err != nil {
		return false // parsed again instead
	}
	off := l.cw.write(b)
	if off < 0 {
		return false
	}
	rec.blobOff = off
	return true
}
