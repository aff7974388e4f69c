package build

import (
	"os"
	"path/filepath"
	"testing"
)

// TestSameContentInChunks: files are compared chunk by chunk, a difference
// anywhere (the last byte of a large file too) is seen.
func TestSameContentInChunks(t *testing.T) {
	dir := t.TempDir()
	big := make([]byte, 300<<10+17)
	for i := range big {
		big[i] = byte(i * 7)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a", big)
	b := write("b", big)
	last := append([]byte(nil), big...)
	last[len(last)-1]++
	c := write("c", last)
	d := write("d", big[:len(big)-1])
	e := write("e", nil)
	f := write("f", nil)
	for _, tc := range []struct {
		x, y string
		want bool
	}{{a, b, true}, {a, c, false}, {a, d, false}, {e, f, true}, {a, e, false}} {
		if got, _ := sameContent(tc.x, tc.y); got != tc.want {
			t.Errorf("sameContent(%s, %s) = %v, want %v", filepath.Base(tc.x), filepath.Base(tc.y), got, tc.want)
		}
	}
	if got, _ := sameContent(a, filepath.Join(dir, "missing")); got {
		t.Error("a missing file is the same")
	}
}
