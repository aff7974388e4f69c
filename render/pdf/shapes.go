package pdf

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/internal/shaping"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// The words a book has shaped are kept in the cache folder between runs
// (render.Kept and render.Put), so that a book set again shapes only the
// words it did not have before: shaping the distinct words of 10,000
// entries (25,000 of them) is a fifth of a second. A word's runs depend on
// its text, style, direction and language and on the faces, which are the
// program's own (render.Keep's key holds the program's version), and on
// nothing else; they are kept as they are, so the book is the same bytes
// with them and without.
const shapesKind = "pdf-shapes"

// shapesMagic starts the kept words (and is their format's version).
const shapesMagic = "commonplace pdf shapes 1\n"

// loadShapes puts the words kept in cache, if any, into the shared cache
// of the book's shapers.
func loadShapes(cache *model.Cache, c *wordCache, reg *shaping.Registry) {
	if b, ok := render.Kept(cache, shapesKind, ""); ok {
		c.load(b, reg) // words that do not decode are not used
	}
}

// keepShapes keeps the words of the shared cache in cache when some were
// shaped by this run (none, when every word came from the cache).
func keepShapes(cache *model.Cache, c *wordCache, reg *shaping.Registry) {
	if cache != nil && c != nil && c.shaped.Load() > 0 {
		render.Put(cache, shapesKind, "", c.encode(reg))
	}
}

// encode returns the words of the cache, by key (so that the same words
// give the same bytes).
func (c *wordCache) encode(reg *shaping.Registry) []byte {
	type word struct {
		key  string
		runs []shaping.Run
	}
	var words []word
	ours := func(runs []shaping.Run) bool {
		for _, r := range runs {
			if r.Face == nil || r.Face.ID < 0 || r.Face.ID >= len(reg.Faces) || reg.Faces[r.Face.ID] != r.Face {
				return false
			}
		}
		return len(runs) > 0
	}
	for i := range c.shards {
		sh := &c.shards[i]
		sh.mu.RLock()
		for k, runs := range sh.m {
			if ours(runs) {
				words = append(words, word{k, runs})
			}
		}
		sh.mu.RUnlock()
	}
	slices.SortFunc(words, func(a, b word) int { return strings.Compare(a.key, b.key) })
	b := []byte(shapesMagic)
	b = binary.AppendUvarint(b, uint64(len(words)))
	for _, w := range words {
		b = binary.AppendUvarint(b, uint64(len(w.key)))
		b = append(b, w.key...)
		b = binary.AppendUvarint(b, uint64(len(w.runs)))
		for _, r := range w.runs {
			b = binary.AppendVarint(b, int64(r.Face.ID))
			b = append(b, byte(r.Level))
			b = binary.AppendVarint(b, int64(r.Start))
			b = binary.AppendVarint(b, int64(r.End))
			b = binary.LittleEndian.AppendUint32(b, math.Float32bits(r.Advance))
			b = binary.AppendUvarint(b, uint64(len(r.Glyphs)))
			for _, g := range r.Glyphs {
				b = binary.LittleEndian.AppendUint16(b, g.ID)
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(g.Advance))
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(g.XOffset))
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(g.YOffset))
				b = binary.AppendVarint(b, int64(g.Start))
				b = binary.AppendVarint(b, int64(g.End))
			}
			b = binary.AppendUvarint(b, uint64(len(r.Missing)))
			for _, m := range r.Missing {
				b = binary.AppendVarint(b, int64(m))
			}
		}
	}
	return b
}

// errShapes is a kept word that does not decode.
var errShapes = errors.New("pdf: kept shapes do not decode")

// load puts the words encoded in b into the cache, as many as it holds.
// Words are decoded whole and checked first (a face of the registry,
// runs and glyphs within the word's text), and nothing is put unless all
// of b decodes: an error leaves the cache as it was.
func (c *wordCache) load(b []byte, reg *shaping.Registry) error {
	d := shapesDecoder{b: b}
	if !bytes.HasPrefix(b, []byte(shapesMagic)) {
		return errShapes
	}
	d.b = b[len(shapesMagic):]
	n := d.uvarint()
	if d.err != nil || n > uint64(len(d.b)) {
		return errShapes
	}
	type word struct {
		key  []byte
		runs []shaping.Run
	}
	words := make([]word, 0, n)
	for range n {
		key := d.bytes(d.uvarint())
		nr := d.uvarint()
		if d.err != nil || nr == 0 || nr > uint64(len(d.b)) {
			return errShapes
		}
		text, ok := wordText(key)
		if !ok {
			return errShapes
		}
		runes := utf8.RuneCount(text)
		runs := make([]shaping.Run, nr)
		for k := range runs {
			r := &runs[k]
			id := d.varint()
			if id < 0 || id >= int64(len(reg.Faces)) {
				return errShapes
			}
			r.Face = reg.Faces[id]
			r.Level = int8(d.byte())
			r.Start, r.End = int(d.varint()), int(d.varint())
			r.Advance = math.Float32frombits(d.uint32())
			ng := d.uvarint()
			if d.err != nil || r.Start < 0 || r.Start > r.End || r.End > runes || ng > uint64(len(d.b)) {
				return errShapes
			}
			r.Glyphs = make([]shaping.Glyph, ng)
			for j := range r.Glyphs {
				g := &r.Glyphs[j]
				g.ID = d.uint16()
				g.Advance = math.Float32frombits(d.uint32())
				g.XOffset = math.Float32frombits(d.uint32())
				g.YOffset = math.Float32frombits(d.uint32())
				start, end := d.varint(), d.varint()
				if start < 0 || start > end || end > int64(r.End-r.Start) {
					return errShapes
				}
				g.Start, g.End = int32(start), int32(end)
			}
			nm := d.uvarint()
			if d.err != nil || nm > uint64(len(d.b)) {
				return errShapes
			}
			if nm > 0 {
				r.Missing = make([]rune, nm)
				for j := range r.Missing {
					r.Missing[j] = rune(d.varint())
				}
			}
		}
		if d.err != nil {
			return errShapes
		}
		words = append(words, word{key, runs})
	}
	if len(d.b) != 0 {
		return errShapes
	}
	for _, w := range words {
		c.keep(w.key, w.runs)
	}
	return nil
}

// wordText returns the text of a word's key (see shapeWord): after the
// style, the direction and the language and the zero that ends it.
func wordText(key []byte) ([]byte, bool) {
	if len(key) < 3 {
		return nil, false
	}
	i := bytes.IndexByte(key[2:], 0)
	if i < 0 || !utf8.Valid(key[2+i+1:]) {
		return nil, false
	}
	return key[2+i+1:], true
}

// shapesDecoder reads what encode writes; err is set, and zero values
// returned, once it runs out.
type shapesDecoder struct {
	b   []byte
	err error
}

func (d *shapesDecoder) uvarint() uint64 {
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShapes
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *shapesDecoder) varint() int64 {
	v, n := binary.Varint(d.b)
	if n <= 0 || v < math.MinInt32 || v > math.MaxInt32 {
		d.err = errShapes
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *shapesDecoder) bytes(n uint64) []byte {
	if n > uint64(len(d.b)) {
		d.err = errShapes
		return nil
	}
	b := d.b[:n:n]
	d.b = d.b[n:]
	return b
}

func (d *shapesDecoder) byte() byte {
	if b := d.bytes(1); len(b) == 1 {
		return b[0]
	}
	return 0
}

func (d *shapesDecoder) uint16() uint16 {
	if b := d.bytes(2); len(b) == 2 {
		return binary.LittleEndian.Uint16(b)
	}
	return 0
}

func (d *shapesDecoder) uint32() uint32 {
	if b := d.bytes(4); len(b) == 4 {
		return binary.LittleEndian.Uint32(b)
	}
	return 0
}
