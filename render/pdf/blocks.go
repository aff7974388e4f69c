package pdf

import "github.com/commonplace-book/commonplace/internal/shaping"

// Lines keep what they draw — their segments, and the runes and glyphs
// those refer to — in blocks cut by the shaper (setParagraph, keepRunes,
// keepGlyphs): a few allocations for many words. A worker's blocks are
// recycled once the pages that drew them are out: the builder that
// paginates hands them back (see inOrder), and workers take blocks from
// the book's free lists before allocating. A book of 10,000 entries
// would otherwise allocate (and the collector scan, and the kernel fault
// in) some 600 MB of lines that are each drawn once.
//
// A block is recycled only once every line cut from it has been drawn:
// a worker retires a block when it is full, and records it with the
// piece it was setting then (setResult.retired); the pieces a worker
// sets come in increasing order, so every line cut from the block
// belongs to that piece or an earlier one, and the block goes back once
// that piece's items have all left the queue. Recycling changes nothing
// of what is drawn.

// recycleBlocks turns recycling on (tests turn it off to compare).
var recycleBlocks = true

// Sizes of the recycled blocks; longer requests get blocks of their own,
// never recycled.
const (
	segBlock   = 4096
	runeBlock  = 16384
	glyphBlock = 4096
	// freeBlocks bounds each free list.
	freeBlocks = 64
)

// blockPool holds the free blocks of a book's workers.
type blockPool struct {
	segs   chan []seg
	runes  chan []rune
	glyphs chan []shaping.Glyph
}

func newBlockPool() *blockPool {
	return &blockPool{
		segs:   make(chan []seg, freeBlocks),
		runes:  make(chan []rune, freeBlocks),
		glyphs: make(chan []shaping.Glyph, freeBlocks),
	}
}

// retired holds the blocks a worker retired while setting one piece.
type retired struct {
	segs   [][]seg
	runes  [][]rune
	glyphs [][]shaping.Glyph
}

// give puts the blocks back on the free lists (those that fit), cleared
// so that they hold on to nothing.
func (p *blockPool) give(r retired) {
	for _, b := range r.segs {
		put(p.segs, b)
	}
	for _, b := range r.runes {
		put(p.runes, b)
	}
	for _, b := range r.glyphs {
		put(p.glyphs, b)
	}
}

func put[T any](ch chan []T, b []T) {
	b = b[:cap(b)]
	clear(b)
	select {
	case ch <- b[:0]:
	default:
	}
}

// take returns a free block from ch, or a new one of size n.
func take[T any](ch chan []T, n int) []T {
	if ch != nil {
		select {
		case b := <-ch:
			return b
		default:
		}
	}
	return make([]T, 0, n)
}

// newBlock returns an empty block with room for at least n values: a
// recycled one when n fits the block size, with the block it replaces
// (cur) retired when the shaper recycles.
func newBlock[T any](s *shaper, cur []T, n, size int, free chan []T, retire *[][]T) []T {
	if n > size {
		return make([]T, 0, n)
	}
	if s.pool == nil {
		return make([]T, 0, size)
	}
	if cap(cur) == size {
		*retire = append(*retire, cur)
	}
	return take(free, size)
}
