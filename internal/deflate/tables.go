package deflate

import "math/bits"

// The lengths and distances of RFC 1951 3.2.5: for each length symbol
// (257 + i) and distance symbol (i), the first value it stands for and
// how many extra bits follow it.
var (
	lengthBase = [29]uint16{
		3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
		35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
	}
	lengthExtra = [29]uint8{
		0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
		3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
	}
	distBase = [30]uint16{
		1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
		257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
	}
	distExtra = [30]uint8{
		0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
		7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13,
	}
	// clenOrder is the order code-length code lengths are written in;
	// clenExtra the extra bits of each code-length symbol (16: repeat
	// the previous length 3–6 times, 17: 3–10 zeros, 18: 11–138 zeros).
	clenOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
	clenExtra = [19]uint8{16: 2, 17: 3, 18: 7}
)

// lengthSym is the length symbol (257–285) of each match length 3–258.
var lengthSym = func() (t [maxMatch + 1]uint16) {
	for i, b := range lengthBase {
		for n := int(b); n < int(b)+1<<lengthExtra[i] && n <= maxMatch; n++ {
			t[n] = uint16(257 + i)
		}
	}
	t[maxMatch] = 285 // 258 has a symbol of its own, not 284's last value
	return t
}()

// distSym returns the distance symbol (0–29) of a distance 1–32768.
func distSym(d int) int {
	v := uint32(d - 1)
	if v < 4 {
		return int(v)
	}
	n := bits.Len32(v) - 1 // the top bit, 2 or more
	return 2*n + int(v>>(n-1))&1
}
