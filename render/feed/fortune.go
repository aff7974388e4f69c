package feed

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/internal/parallel"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// FortuneWidth is the widest line of a fortune database, in columns,
// except for a line holding a single word or URL longer than that.
const FortuneWidth = 80

// Fortune is the "fortune" renderer: the whole pool as a fortune(6)
// database. Its index (FILE.dat) is written by WriteDat.
type Fortune struct{}

// Name returns "fortune".
func (Fortune) Name() string { return "fortune" }

// MediaType returns the media type of plain UTF-8 text.
func (Fortune) MediaType() string { return "text/plain; charset=utf-8" }

// Extension returns "": fortune databases have no extension.
func (Fortune) Extension() string { return "" }

// Render writes the pool as EncodeFortune does.
func (Fortune) Render(w io.Writer, c *model.Collection, o render.Options) error {
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodeFortune(w, c, fo)
}

// EncodeFortune writes every quote of the pool, by entry path and line, as a
// fortune(6) database: each record is the quote (without quotation marks,
// wrapped at the width, at most 80 columns; a word or URL is never split:
// one longer than the line goes on a line of its own) and an attribution line "\t\t-- " with the citation, and each
// record is followed by a line holding only "%". A line of a quote that
// would be just "%" is written " %" so that it is not a delimiter. There
// are no empty records, no trailing spaces, no control characters.
// The config's Date, Days and History are ignored. Write the index with WriteDat.
func EncodeFortune(w io.Writer, c *model.Collection, o *Options) error {
	s, err := newSetup(c, o)
	if err != nil {
		return err
	}
	width := s.width
	if width <= 0 || width > FortuneWidth {
		width = FortuneWidth
	}
	if x := c.Index(); x != nil {
		return s.fortuneIndex(w, x, width)
	}
	pool := daily.Pool(c, s.cfg.Filter)
	if len(pool) == 0 {
		return fmt.Errorf("feed: %w", daily.ErrEmptyPool)
	}
	// By entry path and line: the same file whatever order entries
	// were read or sorted in.
	sort.SliceStable(pool, func(i, j int) bool {
		a, b := pool[i], pool[j]
		if a.Entry.Path != b.Entry.Path {
			return a.Entry.Path < b.Entry.Path
		}
		return a.Quote.Line < b.Quote.Line
	})
	starts := groupStarts(len(pool), func(i int) bool { return pool[i].Entry == pool[i-1].Entry })
	return s.writeFortune(w, len(starts)-1, width, func(g int) ([]daily.Item, error) {
		items := pool[starts[g]:starts[g+1]]
		if !c.IsLazy() {
			return items, nil
		}
		// A lazy collection's bodies, one entry at a time.
		light := items[0].Entry
		whole, err := c.Full(light)
		if err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		out := make([]daily.Item, len(items))
		for k, it := range items {
			out[k] = it
			for i := range light.Quotes {
				if &light.Quotes[i] == it.Quote {
					out[k].Entry, out[k].Quote = whole, &whole.Quotes[i]
					break
				}
			}
		}
		return out, nil
	})
}

// groupStarts returns where each group of a sorted pool of n quotes
// starts, the quotes of one entry being together (sameAsPrevious(i):
// quote i is of the entry of quote i-1), followed by n: group g is
// [starts[g], starts[g+1]).
func groupStarts(n int, sameAsPrevious func(i int) bool) []int {
	var starts []int
	for i := range n {
		if i == 0 || !sameAsPrevious(i) {
			starts = append(starts, i)
		}
	}
	return append(starts, n)
}

// fortuneWindow is how many entries writeFortune formats at once: what
// it holds is their records.
const fortuneWindow = 512

// writeFortune writes the records of groups groups of quotes, each the
// quotes of one entry in the file's order, that items gives (whole
// entries; it is called on every core). The records are formatted on
// every core, a window of entries at a time, and written in order: the
// same bytes as one at a time. It stops at the first error, in order.
func (s *setup) writeFortune(w io.Writer, groups, width int, items func(g int) ([]daily.Item, error)) error {
	bw := bufio.NewWriterSize(w, 64<<10) // (4 KB: a system call per 4 KB of a 16 MB file)
	outs := make([][]byte, min(groups, fortuneWindow))
	err := parallel.InOrder(groups, fortuneWindow, 8, func(g, k int) error {
		its, err := items(g)
		if err == nil {
			outs[k], err = appendFortuneRecords(outs[k][:0], its, width, s.style)
		}
		return err
	}, func(g, k int) error {
		bw.Write(outs[k])
		return nil
	})
	if err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	return nil
}

// appendFortuneRecords appends to b the records of the quotes items, all of
// one entry, cited in style.
func appendFortuneRecords(b []byte, items []daily.Item, width int, style string) ([]byte, error) {
	cites := map[string][]model.Run{} // by page
	lines := 0
	emit := func(l []byte) {
		if string(l) == "%" {
			b = append(b, ' ') // not the delimiter
		}
		b = append(append(b, l...), '\n')
		lines++
	}
	for _, it := range items {
		lines = 0
		quoteLinesEach(it.Entry, it.Quote, it.Lang, width, false, emit)
		if lines == 0 {
			continue
		}
		page := model.QuotePage(*it.Quote)
		cite, ok := cites[page]
		if !ok {
			var err error
			if cite, err = citeOnce(it.Entry, it.Quote, style); err != nil {
				return b, err
			}
			cites[page] = cite
		}
		if c := clean(model.Plain(cite)); c != "" {
			// A word too long for an indented continuation line (a
			// URL) gets a line indented less, so that it is not split
			// as long as it fits in 80 columns.
			wrapEach(c, FortuneWidth, "\t\t-- ", "\t\t   ", "   ", emit)
		}
		b = append(b, "%\n"...)
	}
	return b, nil
}

// fortuneIndex writes the pool of a collection loaded from the cache's
// index as EncodeFortune does, reading one entry at a time.
func (s *setup) fortuneIndex(w io.Writer, x *model.Index, width int) error {
	pool := daily.PoolRefs(s.c, s.cfg.Filter)
	if len(pool) == 0 {
		return fmt.Errorf("feed: %w", daily.ErrEmptyPool)
	}
	sort.SliceStable(pool, func(i, j int) bool {
		a, b := x.Path(x.QuoteEntry(int(pool[i]))), x.Path(x.QuoteEntry(int(pool[j])))
		if a != b {
			return a < b
		}
		return x.Quote(int(pool[i])).Line < x.Quote(int(pool[j])).Line
	})
	starts := groupStarts(len(pool), func(i int) bool { return x.QuoteEntry(int(pool[i])) == x.QuoteEntry(int(pool[i-1])) })
	lang := s.c.Settings.Defaults().Language
	return s.writeFortune(w, len(starts)-1, width, func(g int) ([]daily.Item, error) {
		refs := pool[starts[g]:starts[g+1]]
		whole, err := x.Entry(x.QuoteEntry(int(refs[0])), true)
		if err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		items := make([]daily.Item, len(refs))
		for k, j := range refs {
			q := x.Quote(int(j))
			it := daily.Item{Entry: whole, Quote: &whole.Quotes[q.N], Lang: q.Lang}
			if it.Lang == "" {
				it.Lang = whole.Lang
			}
			if it.Lang == "" {
				it.Lang = lang
			}
			items[k] = it
		}
		return items, nil
	})
}

// strfile header constants (fortune-mod's strfile.h).
const (
	strfileVersion = 2
	strfileDelim   = '%'
)

// WriteDat writes the strfile(8) index of the fortune database data to w,
// byte for byte what `strfile FILE FILE.dat` writes with no options: a
// big-endian header (version 2, number of strings, longest and shortest
// string length, flags 0, the delimiter '%' and three zero bytes), then
// the offset of each string's start and the offset after the last one,
// as 32-bit big-endian numbers. Like strfile, it reads lines of at most
// 255 bytes, counts a string's length without its delimiter line, and
// skips empty strings (the next string's offset moves past them).
func WriteDat(w io.Writer, data []byte) error {
	var d datIndex
	d.Write(data)
	return d.writeTo(w)
}

// datIndex computes a strfile index from the database's bytes as they
// are written (io.Writer), holding only the current line: WriteDat's
// rules, without the database in memory.
type datIndex struct {
	offsets           []uint32
	longest, shortest uint32
	lastOff, pos      int64
	cur               []byte // the current line, at most 255 bytes
}

// Write takes the next bytes of the database; it never fails.
func (d *datIndex) Write(p []byte) (int, error) {
	n := len(p)
	if d.offsets == nil {
		d.offsets, d.shortest = []uint32{0}, 0xffffffff
	}
	for len(p) > 0 {
		// fgets(buf, 256, f): up to 255 bytes, through a newline.
		take := min(255-len(d.cur), len(p))
		if i := bytes.IndexByte(p[:take], '\n'); i >= 0 {
			take = i + 1
		}
		d.cur = append(d.cur, p[:take]...)
		p = p[take:]
		if len(d.cur) == 255 || d.cur[len(d.cur)-1] == '\n' {
			d.line(d.cur)
			d.cur = d.cur[:0]
		}
	}
	return n, nil
}

// line takes one line as fgets reads it; a nil line is the end.
func (d *datIndex) line(line []byte) {
	d.pos += int64(len(line))
	if line == nil || (len(line) >= 2 && line[0] == strfileDelim && line[1] == '\n') {
		length := d.pos - d.lastOff - int64(len(line))
		d.lastOff = d.pos
		if length == 0 {
			// an empty string: the next one starts after it
			d.offsets[len(d.offsets)-1] = uint32(d.pos)
		} else {
			d.offsets = append(d.offsets, uint32(d.pos))
			d.longest = max(d.longest, uint32(length))
			d.shortest = min(d.shortest, uint32(length))
		}
	}
}

// writeTo ends the database and writes its index to w.
func (d *datIndex) writeTo(w io.Writer) error {
	if d.offsets == nil {
		d.offsets, d.shortest = []uint32{0}, 0xffffffff
	}
	if len(d.cur) > 0 {
		d.line(d.cur)
		d.cur = nil
	}
	d.line(nil)
	if d.pos > 0xffffffff {
		return fmt.Errorf("fortune: database of %d bytes is too large for a strfile index", d.pos)
	}
	var buf bytes.Buffer
	hdr := []uint32{strfileVersion, uint32(len(d.offsets) - 1), d.longest, d.shortest, 0}
	for _, v := range hdr {
		binary.Write(&buf, binary.BigEndian, v)
	}
	buf.Write([]byte{strfileDelim, 0, 0, 0})
	for _, off := range d.offsets {
		binary.Write(&buf, binary.BigEndian, off)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("fortune: write index: %w", err)
	}
	return nil
}

// fortuneRecords splits a fortune database into its records (for tests
// and tools): the text between delimiter lines, empty ones dropped.
func fortuneRecords(data string) []string {
	var out []string
	var cur strings.Builder
	for _, l := range strings.SplitAfter(data, "\n") {
		if l == "%\n" {
			if cur.Len() > 0 {
				out = append(out, cur.String())
			}
			cur.Reset()
			continue
		}
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}
