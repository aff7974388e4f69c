package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"unsafe"

	"codeberg.org/go-pdf/fpdf"
)

// packer compresses finished pages while the book is drawn, on every
// core.
//
// fpdf keeps every page's content uncompressed until Output, and then
// builds the whole file in memory: a book of 10,000 entries held well
// over 300 MB. fpdf has no API for this, so packer reaches its page
// buffers (the unexported field pages []*bytes.Buffer of fpdf v0.12.0)
// and replaces a finished page's content by its zlib compression;
// recompress then only labels such streams. When the field is not there
// with that type (another fpdf version), packer does nothing and
// recompress compresses every page at the end instead.
//
// Pages are compressed by worker goroutines, and their compressed
// content is put in place by the goroutine that draws (fpdf is not safe
// for concurrent use): a finished page is never touched by fpdf again
// until Output, and the compression of a page depends only on its
// content, so the output is the same whatever the scheduling.
type packer struct {
	pages *[]*bytes.Buffer
	// jobs carries pages to compress, results their compressed content;
	// pending counts pages sent and not yet put in place.
	jobs    chan packJob
	results chan packJob
	pending int
	limit   int
	// free holds the buffers of pages compressed and put in place, for
	// new pages: a page's content then grows in a buffer that has room
	// for it, instead of doubling from nothing on every page.
	free []*bytes.Buffer
	// doc is fpdf's document buffer (the unexported field buffer, a
	// bytes.Buffer, of fpdf v0.12.0), or nil; size is what the pages'
	// content adds up to once finished (see reserve).
	doc  *bytes.Buffer
	size int
}

// packJob is page n's content, and then its compression.
type packJob struct {
	n    int
	data []byte
	ok   bool
}

func newPacker(f *fpdf.Fpdf) *packer {
	p := &packer{}
	v := reflect.ValueOf(f).Elem().FieldByName("pages")
	if !v.IsValid() || v.Type() != reflect.TypeFor[[]*bytes.Buffer]() {
		return p
	}
	p.pages = (*[]*bytes.Buffer)(unsafe.Pointer(v.UnsafeAddr()))
	if d := reflect.ValueOf(f).Elem().FieldByName("buffer"); d.IsValid() && d.Kind() == reflect.Struct &&
		d.NumField() > 0 && d.Type().Field(0).Anonymous && d.Type().Field(0).Offset == 0 && d.Field(0).Type() == reflect.TypeFor[bytes.Buffer]() {
		p.doc = (*bytes.Buffer)(unsafe.Pointer(d.UnsafeAddr()))
	}
	workers := max(runtime.GOMAXPROCS(0), 1)
	p.limit = 4 * workers
	p.jobs = make(chan packJob, p.limit)
	p.results = make(chan packJob, p.limit)
	for range workers {
		go func() {
			var zbuf bytes.Buffer
			zw, _ := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
			for j := range p.jobs {
				zbuf.Reset()
				zw.Reset(&zbuf)
				zw.Write(j.data)
				j.ok = zw.Close() == nil
				j.data = bytes.Clone(zbuf.Bytes())
				p.results <- j
			}
		}()
	}
	return p
}

// pack compresses page n (1-based), which must never be drawn on again.
func (p *packer) pack(n int) {
	if p.pages == nil || n <= 0 || n >= len(*p.pages) || (*p.pages)[n] == nil {
		return
	}
	data := (*p.pages)[n].Bytes()
	if isZlib(data) {
		return
	}
	// Put finished pages in place; wait for one when as many pages as
	// the channels hold are out, so that neither ever blocks.
	for p.pending > 0 {
		select {
		case j := <-p.results:
			p.put(j)
			continue
		default:
		}
		if p.pending < p.limit {
			break
		}
		p.put(<-p.results)
	}
	p.pending++
	p.jobs <- packJob{n: n, data: data}
}

func (p *packer) put(j packJob) {
	p.pending--
	if j.ok {
		old := (*p.pages)[j.n]
		(*p.pages)[j.n] = bytes.NewBuffer(j.data)
		if len(p.free) < 2*p.limit {
			p.free = append(p.free, old)
		}
	}
}

// fresh gives page n (1-based), just added, a buffer with room for a
// page's content: one that a packed page no longer needs, or a new one.
func (p *packer) fresh(n int) {
	if p.pages == nil || n <= 0 || n >= len(*p.pages) || (*p.pages)[n] == nil {
		return
	}
	var b *bytes.Buffer
	if k := len(p.free); k > 0 {
		b = p.free[k-1]
		p.free = p.free[:k-1]
		b.Reset()
	} else {
		b = bytes.NewBuffer(make([]byte, 0, 32<<10))
	}
	b.Write((*p.pages)[n].Bytes())
	(*p.pages)[n] = b
}

// finish waits for every page sent to pack and stops the workers. The
// packer packs nothing more after it.
func (p *packer) finish() {
	if p.jobs == nil {
		return
	}
	close(p.jobs)
	for p.pending > 0 {
		p.put(<-p.results)
	}
	for _, b := range *p.pages {
		if b != nil {
			p.size += b.Len()
		}
	}
	p.jobs = nil
	p.pages = nil
	p.free = nil
}

// reserve gives fpdf's document buffer room for the whole document before
// Output: the pages' content and, per page, room for its objects and
// links. Without it the buffer doubles its way up to tens of megabytes,
// copying the document each time, while nothing else runs.
func (p *packer) reserve(pages, links int) {
	if p.doc == nil {
		return
	}
	p.doc.Grow(p.size + 512*pages + 160*links + 1<<20)
}

// isZlib reports whether a content stream is already compressed: fpdf's
// own page content always starts with an operator in ASCII.
func isZlib(data []byte) bool {
	return len(data) >= 2 && data[0] == 0x78 && data[1] == 0x01
}

// capture collects what fpdf writes. fpdf writes its whole document in
// one call, which is kept without a copy.
type capture struct {
	b      []byte
	copied bool
}

func (c *capture) Write(p []byte) (int, error) {
	switch {
	case c.b == nil:
		c.b = p
	case !c.copied:
		c.b = append(slices.Clip(c.b), p...)
		c.copied = true
	default:
		c.b = append(c.b, p...)
	}
	return len(p), nil
}

// recompress writes the document doc, as fpdf writes it with compression
// off, to w with every page content stream compressed and the
// cross-reference table rewritten. fpdf compresses each page with a new
// zlib writer of over a megabyte; one writer, reset per stream, is much
// cheaper for books of thousands of pages.
//
// catalog, when not empty, is added to the document catalog's entries
// (the page labels).
//
// fonts, when not nil, gives the objects of the book's own fonts,
// numbered from the number it is passed, and the entries they add to the
// page resources' font dictionary: fpdf has no hook for fonts it did not
// make, so they are added here, after its last object.
func recompress(w io.Writer, doc []byte, catalog string, fonts func(first int) ([][]byte, string, error)) error {
	bad := errors.New("pdf: unexpected document structure from fpdf")
	sx := bytes.LastIndex(doc, []byte("\nstartxref\n"))
	if sx < 0 {
		return bad
	}
	end := bytes.IndexByte(doc[sx+11:], '\n')
	if end < 0 {
		return bad
	}
	xrefOff, err := strconv.Atoi(string(doc[sx+11 : sx+11+end]))
	if err != nil || xrefOff <= 0 || xrefOff >= len(doc) {
		return bad
	}
	x := doc[xrefOff:]
	if !bytes.HasPrefix(x, []byte("xref\n0 ")) {
		return bad
	}
	nl := bytes.IndexByte(x[7:], '\n')
	if nl < 0 {
		return bad
	}
	n, err := strconv.Atoi(string(x[7 : 7+nl]))
	if err != nil || n < 1 {
		return bad
	}
	table := x[7+nl+1:]
	if len(table) < 20*n {
		return bad
	}
	type obj struct{ num, off int }
	objs := make([]obj, 0, n-1)
	for j := 1; j < n; j++ {
		off, err := strconv.Atoi(string(table[20*j : 20*j+10]))
		if err != nil || off <= 0 || off >= xrefOff {
			return bad
		}
		objs = append(objs, obj{j, off})
	}
	trailer := table[20*n:]
	tEnd := bytes.LastIndex(trailer, []byte("startxref\n"))
	if tEnd < 0 {
		return bad
	}
	trailer = trailer[:tEnd]
	slices.SortFunc(objs, func(a, b obj) int { return a.off - b.off })

	var extra [][]byte
	fontDict := ""
	if fonts != nil {
		extra, fontDict, err = fonts(n)
		if err != nil {
			return err
		}
	}
	total := n + len(extra)
	cw := &countingWriter{w: w}
	newOff := make([]int, total)
	if len(objs) > 0 {
		cw.Write(doc[:objs[0].off])
	}
	var zbuf bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&zbuf, zlib.BestSpeed)
	for i, o := range objs {
		stop := xrefOff
		if i+1 < len(objs) {
			stop = objs[i+1].off
		}
		seg := doc[o.off:stop]
		newOff[o.num] = cw.n
		head := []byte(strconv.Itoa(o.num) + " 0 obj\n<</Length ")
		if bytes.HasPrefix(seg, head) {
			rest := seg[len(head):]
			if k := bytes.Index(rest, []byte(">>\nstream\n")); k > 0 && k < 12 {
				l, err := strconv.Atoi(string(rest[:k]))
				data := rest[k+10:]
				if err == nil && l <= len(data) && bytes.Equal(data[l:], []byte("\nendstream\nendobj\n")) {
					if isZlib(data[:l]) {
						fmt.Fprintf(cw, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", o.num, l)
						cw.Write(data[:l])
						cw.Write([]byte("\nendstream\nendobj\n"))
						continue
					}
					zbuf.Reset()
					zw.Reset(&zbuf)
					zw.Write(data[:l])
					if err := zw.Close(); err != nil {
						return fmt.Errorf("pdf: compressing: %w", err)
					}
					fmt.Fprintf(cw, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", o.num, zbuf.Len())
					cw.Write(zbuf.Bytes())
					cw.Write([]byte("\nendstream\nendobj\n"))
					continue
				}
			}
		}
		if catalog != "" && bytes.Contains(seg, []byte("/Type /Catalog\n")) {
			i := bytes.Index(seg, []byte("/Type /Catalog\n")) + len("/Type /Catalog\n")
			cw.Write(seg[:i])
			cw.Write([]byte(catalog + "\n"))
			cw.Write(seg[i:])
			continue
		}
		if fontDict != "" && bytes.Contains(seg, []byte("/ProcSet [/PDF /Text")) {
			if i := bytes.Index(seg, []byte("/Font <<\n")); i >= 0 {
				i += len("/Font <<\n")
				cw.Write(seg[:i])
				cw.Write([]byte(fontDict))
				cw.Write(seg[i:])
				continue
			}
		}
		cw.Write(seg)
	}
	for k, o := range extra {
		newOff[n+k] = cw.n
		fmt.Fprintf(cw, "%d 0 obj\n", n+k)
		cw.Write(o)
		cw.Write([]byte("\nendobj\n"))
	}
	xref := cw.n
	var t bytes.Buffer
	fmt.Fprintf(&t, "xref\n0 %d\n0000000000 65535 f \n", total)
	for j := 1; j < total; j++ {
		fmt.Fprintf(&t, "%010d 00000 n \n", newOff[j])
	}
	if len(extra) > 0 {
		trailer = bytes.Replace(trailer, []byte(fmt.Sprintf("/Size %d\n", n)), []byte(fmt.Sprintf("/Size %d\n", total)), 1)
	}
	t.Write(trailer)
	fmt.Fprintf(&t, "startxref\n%d\n%%%%EOF\n", xref)
	cw.Write(t.Bytes())
	return cw.err
}

// countingWriter counts bytes written and keeps the first error.
type countingWriter struct {
	w   io.Writer
	n   int
	err error
}

func (c *countingWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += n
	c.err = err
	return n, err
}
