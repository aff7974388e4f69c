package spill

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestSpill stores pieces of every size in a spill kept in memory and in
// one that moves to a temporary file on the way, reads them back (across
// the memory's chunks too) and checks that nothing is left in the
// temporary folder.
func TestSpill(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, limit := range []int64{32 << 20, 3 << 20} {
		sp := New("test", limit)
		var pieces []string
		var offs []int64
		for i := 0; i < 60; i++ {
			n := (i * 7919) % (300 << 10)
			piece := strings.Repeat(string(rune('a'+i%26)), n) + fmt.Sprint(i)
			off, err := sp.Add(piece)
			if err != nil {
				t.Fatal(err)
			}
			pieces, offs = append(pieces, piece), append(offs, off)
		}
		if inFile := sp.InFile(); inFile != (limit < 32<<20) {
			t.Errorf("limit %d: in a file %v", limit, inFile)
		}
		for i, piece := range pieces {
			got, err := sp.Read(offs[i], int64(len(piece)), nil)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != piece {
				t.Errorf("limit %d: piece %d (%d bytes at %d) reads back wrong", limit, i, len(piece), offs[i])
			}
		}
		sp.Close()
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
}
