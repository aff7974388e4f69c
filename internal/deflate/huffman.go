package deflate

import (
	"math/bits"
	"slices"
)

// code is a canonical Huffman code of up to 288 symbols (RFC 1951
// 3.2.2): each symbol's length in bits (0: not used) and its code, bit
// reversed, as DEFLATE writes codes least significant bit first.
type code struct {
	len  [288]uint8
	code [288]uint16
}

// build makes the code of the symbols counted in freq, none longer than
// limit bits. Every code built is complete (its lengths fill the Kraft
// sum exactly), as every inflater accepts: a lone symbol gets a partner
// that is never written.
func (c *code) build(freq []uint32, limit int) {
	clear(c.len[:])
	// the symbols used, least frequent first (then by symbol, so that
	// the code depends on the counts only)
	var keys [286]uint64
	k := keys[:0]
	for sym, f := range freq {
		if f > 0 {
			k = append(k, uint64(f)<<9|uint64(sym))
		}
	}
	for sym := 0; len(k) < 2; sym++ {
		if freq[sym] == 0 {
			k = append(k, uint64(sym))
		}
	}
	slices.Sort(k)
	var depth [286]int64
	a := depth[:len(k)]
	for i, x := range k {
		a[i] = int64(x >> 9)
	}
	minimumRedundancy(a)

	// how many symbols have each length, the longest brought down to
	// limit and the code made complete again
	var count [16]int
	over := false
	for _, d := range a {
		if int(d) > limit {
			d, over = int64(limit), true
		}
		count[d]++
	}
	if over {
		total := 0
		for l := 1; l <= limit; l++ {
			total += count[l] << (limit - l)
		}
		for total > 1<<limit {
			// take a code off the longest length, and lengthen one of
			// the longest shorter codes, which makes room for it
			count[limit]--
			for l := limit - 1; l > 0; l-- {
				if count[l] > 0 {
					count[l]--
					count[l+1] += 2
					break
				}
			}
			total--
		}
	}
	// the least frequent symbols get the longest codes
	i := 0
	for l := limit; l >= 1; l-- {
		for range count[l] {
			c.len[k[i]&511] = uint8(l)
			i++
		}
	}

	c.assign(len(freq))
}

// assign gives the first n symbols their canonical codes (RFC 1951
// 3.2.2) from their lengths.
func (c *code) assign(nsym int) {
	var next [17]uint16
	var n [16]uint16
	for _, l := range c.len[:nsym] {
		n[l]++
	}
	n[0] = 0
	v := uint16(0)
	for l := 1; l <= 15; l++ {
		v = (v + n[l-1]) << 1
		next[l] = v
	}
	for sym, l := range c.len[:nsym] {
		if l > 0 {
			c.code[sym] = bits.Reverse16(next[l]) >> (16 - l)
			next[l]++
		}
	}
}

// fixedLit and fixedDist are the fixed codes of RFC 1951 3.2.6 (the
// literal/length code's symbols 286 and 287 are never written, but
// count in the canonical order).
var fixedLit, fixedDist = func() (lit, dist code) {
	for sym := range 288 {
		switch {
		case sym < 144:
			lit.len[sym] = 8
		case sym < 256:
			lit.len[sym] = 9
		case sym < 280:
			lit.len[sym] = 7
		default:
			lit.len[sym] = 8
		}
	}
	lit.assign(288)
	for sym := range 30 {
		dist.len[sym] = 5
	}
	dist.assign(30)
	return lit, dist
}()

// minimumRedundancy replaces the weights a, in nondecreasing order and
// at least two, by the lengths of an optimal prefix code for them (so
// nonincreasing), in place: the algorithm of A. Moffat and J.
// Katajainen, "In-place calculation of minimum-redundancy codes" (1995).
func minimumRedundancy(a []int64) {
	n := len(a)
	// first pass, left to right: internal nodes' weights and parents
	a[0] += a[1]
	root, leaf := 0, 2
	for next := 1; next < n-1; next++ {
		if leaf >= n || a[root] < a[leaf] {
			a[next] = a[root]
			a[root] = int64(next)
			root++
		} else {
			a[next] = a[leaf]
			leaf++
		}
		if leaf >= n || (root < next && a[root] < a[leaf]) {
			a[next] += a[root]
			a[root] = int64(next)
			root++
		} else {
			a[next] += a[leaf]
			leaf++
		}
	}
	// second pass, right to left: internal nodes' depths
	a[n-2] = 0
	for next := n - 3; next >= 0; next-- {
		a[next] = a[a[next]] + 1
	}
	// third pass, right to left: leaves' depths
	avail, used, depth := 1, 0, int64(0)
	root, next := n-2, n-1
	for avail > 0 {
		for root >= 0 && a[root] == depth {
			used++
			root--
		}
		for avail > used {
			a[next] = depth
			next--
			avail--
		}
		avail = 2 * used
		depth++
		used = 0
	}
}
