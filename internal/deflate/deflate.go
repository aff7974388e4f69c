// Package deflate compresses whole inputs held in memory into DEFLATE
// (RFC 1951) and zlib (RFC 1950) streams, fast, for the many small
// independent streams of a book: a PDF's page contents, an EPUB's
// documents.
//
// Go's compress/flate at BestSpeed finds matches as quickly, but on an
// input of a few kilobytes it spends as long again building its Huffman
// codes (sorting every symbol through an interface) and counting them as
// it does finding the matches. An Encoder finds matches the same greedy
// way (one 4-byte hash table, no chains), counts the symbols while it
// finds them, builds each block's codes with the in-place minimum
// redundancy algorithm of Moffat and Katajainen, and writes each block
// with the codes built for it, or the fixed codes, or stored, whichever
// is smallest.
//
// The output depends only on the input: the same bytes whatever was
// compressed before with the same Encoder. Any inflater reads it
// (compress/flate, zlib, PDF and EPUB readers); the tests check it
// against compress/flate's reader.
package deflate

import (
	"encoding/binary"
	"hash/adler32"
	"math/bits"
)

const (
	minMatch  = 4     // shortest match looked for (the hash covers 4 bytes)
	maxMatch  = 258   // longest match DEFLATE encodes
	maxDist   = 32768 // farthest back a match may start
	hashBits  = 14
	blockToks = 1 << 15 // tokens per block, at most
	// segment bounds how much of an input is matched in one pass, so
	// that positions fit the hash table's int32 entries.
	segment = 1 << 30
)

// An Encoder compresses inputs one at a time. The zero value is ready
// to use; it keeps its tables between calls, so reusing one saves
// allocations. An Encoder must not be used by two goroutines at once.
type Encoder struct {
	// table maps the hash of 4 bytes to where they were last seen, as
	// a position plus off; entries below off are from earlier inputs.
	table [1 << hashBits]int32
	off   int32

	// toks are the block's literals (< 256) and matches (distance
	// symbol<<25 | length<<16 | distance).
	toks     []uint32
	litFreq  [286]uint32
	distFreq [30]uint32

	lit, dist, clen code
	w               bitWriter
}

// AppendZlib appends the zlib stream of src to dst and returns it.
func (e *Encoder) AppendZlib(dst, src []byte) []byte {
	// CMF 0x78: deflate with a 32 KB window; FLG 0x01: fastest
	// compression, no dictionary, check bits making 0x7801 a multiple
	// of 31.
	dst = append(dst, 0x78, 0x01)
	dst = e.AppendDeflate(dst, src)
	return binary.BigEndian.AppendUint32(dst, adler32.Checksum(src))
}

// AppendDeflate appends the raw DEFLATE stream of src to dst and returns
// it.
func (e *Encoder) AppendDeflate(dst, src []byte) []byte {
	e.w = bitWriter{b: dst}
	if len(src) == 0 {
		e.toks = e.toks[:0]
		e.block(nil, true)
		return e.w.finish()
	}
	for len(src) > 0 {
		n := min(len(src), segment)
		e.compress(src[:n], n == len(src))
		src = src[n:]
	}
	return e.w.finish()
}

// compress finds the matches of src and writes them as blocks; last
// says src ends the stream.
func (e *Encoder) compress(src []byte, last bool) {
	if int64(e.off)+int64(len(src)) >= 1<<31-1 || e.off == 0 {
		clear(e.table[:])
		e.off = 1 // so that a zero entry is before every input
	}
	off := e.off
	e.off += int32(len(src))
	e.toks = e.toks[:0]
	start := 0 // the current block's first byte
	emit, s := 0, 0
	for s+minMatch <= len(src) {
		x := binary.LittleEndian.Uint32(src[s:])
		h := (x * 0x1e35a7bd) >> (32 - hashBits)
		cand := int(e.table[h] - off)
		e.table[h] = int32(s) + off
		if cand < 0 || s-cand > maxDist || binary.LittleEndian.Uint32(src[cand:]) != x {
			// Move on faster through input that does not repeat.
			s = min(s+1+(s-emit)>>6, len(src))
			if len(e.toks)+(s-emit) >= blockToks {
				e.literals(src[emit:s])
				emit = s
				e.block(src[start:s], false)
				start = s
			}
			continue
		}
		n := minMatch + matchLen(src[cand+minMatch:min(len(src), cand+maxMatch)], src[s+minMatch:min(len(src), s+maxMatch)])
		e.literals(src[emit:s])
		ds := distSym(s - cand)
		e.toks = append(e.toks, uint32(ds)<<25|uint32(n)<<16|uint32(s-cand))
		e.litFreq[lengthSym[n]]++
		e.distFreq[ds]++
		s += n
		emit = s
		if s+minMatch <= len(src) {
			// Remember the match's last place too, for the next one.
			p := s - 1
			x := binary.LittleEndian.Uint32(src[p:])
			e.table[(x*0x1e35a7bd)>>(32-hashBits)] = int32(p) + off
		}
		if len(e.toks) >= blockToks {
			e.block(src[start:s], false)
			start = s
		}
	}
	e.literals(src[emit:])
	e.block(src[start:], last)
}

// literals adds the bytes of lits as literals.
func (e *Encoder) literals(lits []byte) {
	for _, c := range lits {
		e.toks = append(e.toks, uint32(c))
		e.litFreq[c]++
	}
}

// matchLen returns how many bytes a and b have in common from the start;
// b is not longer than a.
func matchLen(a, b []byte) int {
	n := 0
	for len(b)-n >= 8 {
		if x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:]); x != 0 {
			return n + bits.TrailingZeros64(x)>>3
		}
		n += 8
	}
	for n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

// block writes the tokens found for raw (the input they stand for) as
// one block, the stream's last if final, and starts the next block's
// counts.
func (e *Encoder) block(raw []byte, final bool) {
	e.litFreq[256] = 1 // end of block
	e.lit.build(e.litFreq[:], 15)
	e.dist.build(e.distFreq[:], 15)
	nlit, ndist := used(e.lit.len[:], 257), used(e.dist.len[:], 1)
	rle := e.codeLengths(nlit, ndist)
	nclen := 19
	for nclen > 4 && e.clen.len[clenOrder[nclen-1]] == 0 {
		nclen--
	}

	// the bits of the block each way: the extra bits of lengths and
	// distances are the same in both codes
	extra := 0
	for sym, f := range e.litFreq[257:] {
		extra += int(f) * int(lengthExtra[sym])
	}
	for sym, f := range e.distFreq {
		extra += int(f) * int(distExtra[sym])
	}
	dynamic := 3 + 5 + 5 + 4 + 3*nclen + extra
	for _, r := range rle {
		dynamic += int(e.clen.len[r&0xff]) + int(clenExtra[r&0xff])
	}
	fixed := 3 + extra
	for sym, f := range e.litFreq {
		dynamic += int(f) * int(e.lit.len[sym])
		fixed += int(f) * int(fixedLit.len[sym])
	}
	for sym, f := range e.distFreq {
		dynamic += int(f) * int(e.dist.len[sym])
		fixed += int(f) * int(fixedDist.len[sym])
	}
	stored := (len(raw)/0xffff+1)*5*8 + len(raw)*8 + 7 // at most 7 bits to align
	switch {
	case stored < min(dynamic, fixed):
		e.stored(raw, final)
	case fixed <= dynamic:
		e.w.bits(b2u(final)|1<<1, 3) // BTYPE 01
		e.tokens(&fixedLit, &fixedDist)
	default:
		e.dynamic(rle, nlit, ndist, nclen, final)
	}
	clear(e.litFreq[:])
	clear(e.distFreq[:])
	e.toks = e.toks[:0]
}

// used returns how many of lens are written: up to the last nonzero,
// and at least least.
func used(lens []uint8, least int) int {
	n := len(lens)
	for n > least && lens[n-1] == 0 {
		n--
	}
	return n
}

// codeLengths returns the literal/length and distance code lengths as
// code-length symbols (RFC 1951 3.2.7), each with its extra bits above
// the low byte, and builds the code-length code.
func (e *Encoder) codeLengths(nlit, ndist int) []uint16 {
	var all [286 + 30]uint8
	n := copy(all[:], e.lit.len[:nlit])
	n += copy(all[n:], e.dist.len[:ndist])
	lens := all[:n]
	var freq [19]uint32
	rle := make([]uint16, 0, 64)
	add := func(sym, extra int) {
		rle = append(rle, uint16(sym)|uint16(extra)<<8)
		freq[sym]++
	}
	for i := 0; i < len(lens); {
		l := lens[i]
		run := 1
		for i+run < len(lens) && lens[i+run] == l {
			run++
		}
		i += run
		if l == 0 {
			for run >= 11 {
				k := min(run, 138)
				add(18, k-11)
				run -= k
			}
			if run >= 3 {
				add(17, run-3)
				run = 0
			}
		} else {
			add(int(l), 0)
			run--
			for run >= 3 {
				k := min(run, 6)
				add(16, k-3)
				run -= k
			}
		}
		for ; run > 0; run-- {
			add(int(l), 0)
		}
	}
	e.clen.build(freq[:], 7)
	return rle
}

// dynamic writes the block with the codes built for it.
func (e *Encoder) dynamic(rle []uint16, nlit, ndist, nclen int, final bool) {
	w := &e.w
	w.bits(b2u(final)|2<<1, 3)
	w.bits(uint64(nlit-257), 5)
	w.bits(uint64(ndist-1), 5)
	w.bits(uint64(nclen-4), 4)
	for _, sym := range clenOrder[:nclen] {
		w.bits(uint64(e.clen.len[sym]), 3)
	}
	for _, r := range rle {
		sym := r & 0xff
		w.bits(uint64(e.clen.code[sym]), uint(e.clen.len[sym]))
		if x := clenExtra[sym]; x > 0 {
			w.bits(uint64(r>>8), uint(x))
		}
	}
	e.tokens(&e.lit, &e.dist)
}

// tokens writes the block's tokens and its end in the codes lit and dist.
func (e *Encoder) tokens(lit, dist *code) {
	w := &e.w
	for _, t := range e.toks {
		if t < 256 {
			w.bits(uint64(lit.code[t]), uint(lit.len[t]))
			continue
		}
		n, d, ds := int(t>>16&0x1ff), int(t&0xffff), t>>25
		ls := lengthSym[n]
		// the length's code and extra bits (at most 15+5), then the
		// distance's (at most 15+13)
		w.bits(uint64(lit.code[ls])|uint64(n-int(lengthBase[ls-257]))<<lit.len[ls],
			uint(lit.len[ls]+lengthExtra[ls-257]))
		w.bits(uint64(dist.code[ds])|uint64(d-int(distBase[ds]))<<dist.len[ds],
			uint(dist.len[ds]+distExtra[ds]))
	}
	w.bits(uint64(lit.code[256]), uint(lit.len[256]))
}

// stored writes raw as stored blocks.
func (e *Encoder) stored(raw []byte, final bool) {
	w := &e.w
	for {
		n := min(len(raw), 0xffff)
		last := final && n == len(raw)
		w.bits(b2u(last), 3) // BTYPE 00
		w.align()
		w.b = binary.LittleEndian.AppendUint16(w.b, uint16(n))
		w.b = binary.LittleEndian.AppendUint16(w.b, ^uint16(n))
		w.b = append(w.b, raw[:n]...)
		raw = raw[n:]
		if len(raw) == 0 {
			return
		}
	}
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// bitWriter appends bits to b, least significant first.
type bitWriter struct {
	b   []byte
	acc uint64
	n   uint
}

// bits writes the low nb bits of v (nothing above them); nb is at most
// 32, and fewer than 32 bits are held between calls.
func (w *bitWriter) bits(v uint64, nb uint) {
	w.acc |= v << w.n
	w.n += nb
	if w.n >= 32 {
		w.b = binary.LittleEndian.AppendUint32(w.b, uint32(w.acc))
		w.acc >>= 32
		w.n -= 32
	}
}

// align writes the bits held, padded with zeros to a byte.
func (w *bitWriter) align() {
	for w.n > 0 {
		w.b = append(w.b, byte(w.acc))
		w.acc >>= 8
		w.n -= min(w.n, 8)
	}
	w.acc = 0
}

func (w *bitWriter) finish() []byte {
	w.align()
	b := w.b
	w.b = nil
	return b
}
