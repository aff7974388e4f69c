package pdf

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"

	"github.com/commonplace-book/commonplace/internal/deflate"
	"github.com/commonplace-book/commonplace/internal/spill"
)

// packer holds what the book draws on each page and compresses finished
// pages while the book is drawn, on every core.
//
// fpdf stays the document writer (pages, links, outline, metadata), but
// it keeps every page's content uncompressed until Output and then
// builds the whole file in memory: a book of 10,000 entries would hold
// well over 600 MB. So the book's own drawing (text and rules) is not
// written into fpdf's pages: it goes into the packer's buffer of that
// page, which is compressed by worker goroutines as soon as the page is
// finished. recompress then adds each page's compressed content as a
// stream object of its own, after fpdf's (which holds only what fpdf
// itself sets at the top of a page), by making the page's /Contents an
// array of the two. Nothing of fpdf's internals is reached into.
//
// The compressed pages wait for the document in a spill (internal/spill):
// in memory up to packMem bytes, beyond that in a temporary file, so that
// a large book's memory does not grow with its pages.
//
// A page's compression depends only on its content, so the output is
// the same whatever the scheduling.
type packer struct {
	// bufs[n] is page n's content (1-based) while it is drawn; packed[n]
	// where its compression is in the spill once finished.
	bufs   []*bytes.Buffer
	packed []packedPage
	sp     *spill.Spill
	// err is the first error of storing a compressed page.
	err error
	// jobs carries pages to compress, results the pages compressed;
	// pending counts pages sent and not yet put in place.
	jobs    chan packJob
	results chan packJob
	pending int
	limit   int
	// free holds the buffers of pages compressed, for new pages: a
	// page's content then grows in a buffer that has room for it,
	// instead of doubling from nothing on every page.
	free []*bytes.Buffer
}

// packMem is how much of the compressed pages is kept in memory before
// they go to a temporary file: a book of a few thousand pages (tests
// lower it).
var packMem int64 = 8 << 20

// packedPage is where a compressed page is in the packer's spill; n is 0
// for a page the book drew nothing on.
type packedPage struct {
	off int64
	n   int
}

// packJob is page n's content, and then where its compression is.
type packJob struct {
	n    int
	buf  *bytes.Buffer
	data []byte
	at   packedPage
	err  error
}

func newPacker() *packer {
	workers := max(runtime.GOMAXPROCS(0), 1)
	p := &packer{limit: 4 * workers, sp: spill.New("pdf", packMem)}
	p.jobs = make(chan packJob, p.limit)
	p.results = make(chan packJob, p.limit)
	for range workers {
		go func() {
			enc := new(deflate.Encoder)
			var z []byte
			for j := range p.jobs {
				z = enc.AppendZlib(z[:0], j.data)
				j.at.n = len(z)
				j.at.off, j.err = p.sp.AddBytes(z)
				p.results <- j
			}
		}()
	}
	return p
}

// write adds b to page n's content (1-based).
func (p *packer) write(n int, b []byte) {
	for len(p.bufs) <= n {
		p.bufs = append(p.bufs, nil)
		p.packed = append(p.packed, packedPage{})
	}
	if p.bufs[n] == nil {
		if k := len(p.free); k > 0 {
			p.bufs[n] = p.free[k-1]
			p.free = p.free[:k-1]
			p.bufs[n].Reset()
		} else {
			p.bufs[n] = bytes.NewBuffer(make([]byte, 0, 32<<10))
		}
	}
	p.bufs[n].Write(b)
}

// pack compresses page n (1-based), which must never be drawn on again.
// A nil packer (a book laid out to count its pages) does nothing.
func (p *packer) pack(n int) {
	if p == nil || p.jobs == nil || n <= 0 || n >= len(p.bufs) || p.bufs[n] == nil {
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
	b := p.bufs[n]
	p.bufs[n] = nil
	p.pending++
	p.jobs <- packJob{n: n, buf: b, data: b.Bytes()}
}

func (p *packer) put(j packJob) {
	p.pending--
	p.packed[j.n] = j.at
	if j.err != nil && p.err == nil {
		p.err = j.err
	}
	if len(p.free) < 2*p.limit {
		p.free = append(p.free, j.buf)
	}
}

// packedPages are the compressed pages of a book, as finish leaves them.
type packedPages struct {
	sp    *spill.Spill
	pages []packedPage // index n-1 for page n
}

// finish compresses the pages not packed yet (the front matter), waits
// for every page and stops the workers. It returns where the compressed
// content of every page is, or the first error of storing one. The
// packer packs nothing more after it; finish may be called again and
// returns the same. The caller closes the spill (close).
func (p *packer) finish() (packedPages, error) {
	if p == nil {
		return packedPages{}, nil
	}
	if p.jobs != nil {
		for n, b := range p.bufs {
			if b != nil {
				p.pack(n)
			}
		}
		close(p.jobs)
		for p.pending > 0 {
			p.put(<-p.results)
		}
		p.jobs = nil
		p.bufs = nil
		p.free = nil
	}
	if len(p.packed) == 0 {
		return packedPages{sp: p.sp}, p.err
	}
	return packedPages{sp: p.sp, pages: p.packed[1:]}, p.err
}

// close lets the compressed pages go (their temporary file, if any). A
// nil packer does nothing.
func (p *packer) close() {
	if p != nil {
		p.sp.Close()
	}
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
// zlib writer of over a megabyte; one encoder (internal/deflate), kept
// for every stream, is much cheaper for books of thousands of pages.
//
// catalog, when not empty, is added to the document catalog's entries
// (the page labels).
//
// pages is where the compressed content the book drew on each page is
// (index n-1 for page n; see packer): each page's becomes a stream object
// after the fonts', added to its page's /Contents.
//
// fonts, when not nil, gives the objects of the book's own fonts,
// numbered from the number it is passed, and the entries they add to the
// page resources' font dictionary: fpdf has no hook for fonts it did not
// make, so they are added here, after its last object.
func recompress(w io.Writer, doc []byte, catalog string, pages packedPages, fonts func(first int) ([][]byte, string, error)) error {
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
	// page k's own content is object pageObj[k], numbered after the fonts
	pageObj := make([]int, len(pages.pages))
	total := n + len(extra)
	for k, c := range pages.pages {
		if c.n > 0 {
			pageObj[k] = total
			total++
		}
	}
	page := 0
	pageHead := []byte(" 0 obj\n<</Type /Page\n")
	cw := &countingWriter{w: w}
	newOff := make([]int, total)
	if len(objs) > 0 {
		cw.Write(doc[:objs[0].off])
	}
	enc := new(deflate.Encoder)
	var z []byte
	var lastIn []byte // what z holds compressed
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
					// fpdf's own part of every page is mostly the same few
					// bytes: compressed once
					if lastIn == nil || !bytes.Equal(data[:l], lastIn) {
						z = enc.AppendZlib(z[:0], data[:l])
						lastIn = data[:l]
					}
					fmt.Fprintf(cw, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", o.num, len(z))
					cw.Write(z)
					cw.Write([]byte("\nendstream\nendobj\n"))
					continue
				}
			}
		}
		if i := bytes.Index(seg, pageHead); i > 0 && i < 12 {
			k := page
			page++
			if k < len(pageObj) && pageObj[k] != 0 {
				ref := []byte(" 0 R>>")
				c := bytes.LastIndex(seg, []byte("/Contents "))
				e := bytes.Index(seg[max(c, 0):], ref)
				if c < 0 || e < 0 {
					return bad
				}
				e += c
				cw.Write(seg[:c])
				fmt.Fprintf(cw, "/Contents [%s 0 R %d 0 R]>>", seg[c+len("/Contents "):e], pageObj[k])
				cw.Write(seg[e+len(ref):])
				continue
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
	// the pages were added about in order: read back a window of them at
	// a time (or given where they are in memory)
	rd := pages.sp.NewReader()
	for k, at := range pages.pages {
		if at.n == 0 {
			continue
		}
		c, err := rd.Read(at.off, int64(at.n))
		if err != nil {
			return err
		}
		newOff[pageObj[k]] = cw.n
		fmt.Fprintf(cw, "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", pageObj[k], len(c))
		cw.Write(c)
		cw.Write([]byte("\nendstream\nendobj\n"))
	}
	xref := cw.n
	var t bytes.Buffer
	fmt.Fprintf(&t, "xref\n0 %d\n0000000000 65535 f \n", total)
	for j := 1; j < total; j++ {
		fmt.Fprintf(&t, "%010d 00000 n \n", newOff[j])
	}
	if total > n {
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
