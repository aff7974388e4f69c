package feed

import (
	"bytes"
	"math/rand"
	"strings"
	"testing"
)

// TestDatIndexStreaming: the index computed from the database written in
// pieces of any size equals WriteDat's over the whole bytes, long lines
// (over strfile's 255 bytes) and empty records included.
func TestDatIndexStreaming(t *testing.T) {
	data := []byte("one\n%\n%\n" + strings.Repeat("x", 600) + "\n%\n" + strings.Repeat("y", 254) + "\n%\n%\nlast\n%\n" +
		strings.Repeat("z", 255) + "%\n%\ntail without newline")
	var want bytes.Buffer
	if err := WriteDat(&want, data); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewSource(1))
	for trial := 0; trial < 200; trial++ {
		var d datIndex
		for rest := data; len(rest) > 0; {
			n := min(len(rest), 1+r.Intn(300))
			d.Write(rest[:n])
			rest = rest[n:]
		}
		var got bytes.Buffer
		if err := d.writeTo(&got); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Fatalf("trial %d: index differs from WriteDat's", trial)
		}
	}
}
