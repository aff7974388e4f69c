package deflate

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"fmt"
	"io"
	"math/bits"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// inputs are the kinds of input an encoder must get right: empty, tiny,
// random (stored), runs longer than a match, matches at the window's
// edge, more tokens than a block holds, text.
func inputs() map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	random := func(n int, alphabet int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(r.IntN(alphabet))
		}
		return b
	}
	in := map[string][]byte{
		"empty":   {},
		"one":     {'x'},
		"three":   []byte("abc"),
		"four":    []byte("abab"),
		"zeros":   make([]byte, 100000),
		"random":  random(70000, 256),
		"small":   random(200000, 4),
		"binary":  random(5000, 2),
		"letters": random(300000, 26),
	}
	// a 40 KB block repeated at exactly the window's reach and beyond
	blk := random(maxDist, 256)
	in["window"] = append(append(append([]byte{}, blk...), blk...), blk[:1000]...)
	in["beyond"] = append(append(append([]byte{}, blk...), 'x'), blk...)
	var text bytes.Buffer
	for i := range 20000 {
		fmt.Fprintf(&text, "0 -13.6 Td [(word %d)-130.8(another %d)]TJ\n", i%97, i%13)
	}
	in["text"] = text.Bytes()
	// runs of every length around the match limits
	var runs []byte
	for n := 1; n < 600; n++ {
		runs = append(runs, bytes.Repeat([]byte{byte(n)}, n)...)
	}
	in["runs"] = runs
	return in
}

func inflate(t testing.TB, z []byte, zlibbed bool) []byte {
	t.Helper()
	var r io.Reader
	if zlibbed {
		zr, err := zlib.NewReader(bytes.NewReader(z))
		if err != nil {
			t.Fatalf("zlib header: %v", err)
		}
		r = zr
	} else {
		r = flate.NewReader(bytes.NewReader(z))
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("inflate: %v", err)
	}
	return b
}

func TestRoundTrip(t *testing.T) {
	var e Encoder
	for name, in := range inputs() {
		z := e.AppendZlib(nil, in)
		if got := inflate(t, z, true); !bytes.Equal(got, in) {
			t.Errorf("%s: zlib round trip differs (%d bytes in, %d out)", name, len(in), len(got))
		}
		d := e.AppendDeflate([]byte("prefix"), in)
		if string(d[:6]) != "prefix" {
			t.Errorf("%s: AppendDeflate did not append", name)
		}
		if got := inflate(t, d[6:], false); !bytes.Equal(got, in) {
			t.Errorf("%s: deflate round trip differs", name)
		}
	}
}

// TestIndependent checks that the output depends on the input only, not
// on what the encoder compressed before.
func TestIndependent(t *testing.T) {
	in := inputs()
	var fresh Encoder
	want := fresh.AppendZlib(nil, in["text"])
	var used Encoder
	for _, name := range []string{"letters", "text", "window", "zeros"} {
		used.AppendZlib(nil, in[name])
	}
	if got := used.AppendZlib(nil, in["text"]); !bytes.Equal(got, want) {
		t.Errorf("the same input compressed differently after others")
	}
	// positions wrap around: the table is cleared, not misread
	used.off = 1<<31 - 100
	if got := used.AppendZlib(nil, in["text"]); !bytes.Equal(got, want) {
		t.Errorf("the same input compressed differently after the positions wrapped")
	}
}

// TestCompresses checks the size against Go's encoder at BestSpeed: not
// more than a few percent larger on text, and stored (barely larger than
// the input) where nothing repeats.
func TestCompresses(t *testing.T) {
	var e Encoder
	for name, in := range inputs() {
		if len(in) < 1000 {
			continue
		}
		var std bytes.Buffer
		w, _ := flate.NewWriter(&std, flate.BestSpeed)
		w.Write(in)
		w.Close()
		got := len(e.AppendDeflate(nil, in))
		if float64(got) > 1.05*float64(std.Len())+16 {
			t.Errorf("%s: %d bytes, compress/flate %d", name, got, std.Len())
		}
		if got > len(in)+len(in)/0xffff*5+10 {
			t.Errorf("%s: %d bytes for %d bytes of input", name, got, len(in))
		}
	}
}

// TestCode checks the codes built from random counts, many of them
// skewed enough to need lengths over the limit: within the limit, every
// symbol counted has a code, and every code is complete.
func TestCode(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 2000 {
		n := 2 + r.IntN(285)
		freq := make([]uint32, n)
		for i := range freq {
			switch r.IntN(3) {
			case 0:
			case 1:
				freq[i] = uint32(r.IntN(10))
			default:
				freq[i] = uint32(1) << r.IntN(30) // skewed: lengths over the limit
			}
		}
		for _, limit := range []int{7, 15} {
			n := n
			if limit == 7 {
				n = min(n, 19) // the code-length alphabet
			}
			var c code
			c.build(freq[:n], limit)
			kraft := 0
			for sym, l := range c.len[:n] {
				if int(l) > limit {
					t.Fatalf("length %d over the limit %d", l, limit)
				}
				if freq[sym] > 0 && l == 0 {
					t.Fatalf("symbol %d counted %d has no code", sym, freq[sym])
				}
				if l > 0 {
					kraft += 1 << (limit - int(l))
				}
			}
			if kraft != 1<<limit {
				t.Fatalf("code not complete: Kraft sum %d/%d (freq %v)", kraft, 1<<limit, freq)
			}
		}
	}
}

func TestTables(t *testing.T) {
	// every length and distance: its symbol's range holds it
	for n := 3; n <= maxMatch; n++ {
		s := int(lengthSym[n]) - 257
		if n < int(lengthBase[s]) || n-int(lengthBase[s]) >= 1<<lengthExtra[s] {
			t.Errorf("length %d: symbol %d", n, s+257)
		}
	}
	for d := 1; d <= maxDist; d++ {
		s := distSym(d)
		if d < int(distBase[s]) || d-int(distBase[s]) >= 1<<distExtra[s] {
			t.Errorf("distance %d: symbol %d", d, s)
		}
	}
}

// TestFiles round trips whatever files are given in
// DEFLATE_TEST_FILES (a glob), for trying it on real data.
func TestFiles(t *testing.T) {
	glob := os.Getenv("DEFLATE_TEST_FILES")
	if glob == "" {
		t.Skip("DEFLATE_TEST_FILES not set")
	}
	names, _ := filepath.Glob(glob)
	var e Encoder
	for _, name := range names {
		in, err := os.ReadFile(name)
		if err != nil {
			continue
		}
		if got := inflate(t, e.AppendZlib(nil, in), true); !bytes.Equal(got, in) {
			t.Errorf("%s: round trip differs", name)
		}
	}
}

func FuzzRoundTrip(f *testing.F) {
	for _, in := range inputs() {
		if len(in) < 5000 {
			f.Add(in)
		}
	}
	var e Encoder
	f.Fuzz(func(t *testing.T, in []byte) {
		if got := inflate(t, e.AppendZlib(nil, in), true); !bytes.Equal(got, in) {
			t.Fatalf("round trip differs")
		}
	})
}

// TestFixed checks the fixed codes against RFC 1951 3.2.6 and that a
// short input, where the fixed codes are smallest, is written with them.
func TestFixed(t *testing.T) {
	for _, c := range []struct {
		sym, len int
		code     uint16
	}{{0, 8, 0x30}, {143, 8, 0xbf}, {144, 9, 0x190}, {255, 9, 0x1ff}, {256, 7, 0}, {279, 7, 0x17}, {280, 8, 0xc0}, {285, 8, 0xc5}} {
		l := int(fixedLit.len[c.sym])
		got := bits.Reverse16(fixedLit.code[c.sym]) >> (16 - l)
		if l != c.len || got != c.code {
			t.Errorf("literal/length %d: code %#x of %d bits, want %#x of %d", c.sym, got, l, c.code, c.len)
		}
	}
	for sym := range 30 {
		if l, got := fixedDist.len[sym], bits.Reverse16(fixedDist.code[sym])>>11; l != 5 || int(got) != sym {
			t.Errorf("distance %d: code %#x of %d bits", sym, got, l)
		}
	}
	var e Encoder
	z := e.AppendDeflate(nil, []byte("0 J\n0 j\n0.57 w\n0.000 G\n0.000 g\n"))
	if z[0]&7 != 0b011 {
		t.Errorf("a short input is not one final block in the fixed codes: first byte %#x", z[0])
	}
}

// pageLike is about a page's content stream (6 KB): lines of glyph
// strings (two bytes a glyph) drawn from a vocabulary, as a page of text
// repeats its words, and kerning numbers between words.
func pageLike() []byte {
	r := rand.New(rand.NewPCG(5, 6))
	vocab := make([][]byte, 300)
	for i := range vocab {
		for range 2 + r.IntN(8) {
			vocab[i] = append(vocab[i], 0, byte(0x44+r.IntN(26)))
		}
	}
	var b bytes.Buffer
	for b.Len() < 6000 {
		fmt.Fprintf(&b, "0 -13.6 Td [(")
		gap := 100 + r.IntN(40)
		for range 11 {
			// frequent words more often: the square of a uniform draw
			k := r.IntN(len(vocab))
			b.Write(vocab[k*k/len(vocab)])
			fmt.Fprintf(&b, "\x00\x03)-%d.%d(", gap, r.IntN(10))
		}
		b.WriteString(")]TJ\n")
	}
	return b.Bytes()
}

func BenchmarkAppendZlib(b *testing.B) {
	in := pageLike()
	var e Encoder
	var z []byte
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		z = e.AppendZlib(z[:0], in)
	}
	b.ReportMetric(float64(len(z))/float64(len(in)), "ratio")
}

// BenchmarkStdlib is compress/zlib at BestSpeed on the same input, for
// comparison.
func BenchmarkStdlib(b *testing.B) {
	in := pageLike()
	var z bytes.Buffer
	w, _ := zlib.NewWriterLevel(&z, zlib.BestSpeed)
	b.SetBytes(int64(len(in)))
	for b.Loop() {
		z.Reset()
		w.Reset(&z)
		w.Write(in)
		w.Close()
	}
	b.ReportMetric(float64(z.Len())/float64(len(in)), "ratio")
}
