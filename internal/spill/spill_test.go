package spill

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
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

// TestReader reads pieces back through a Reader — in the order they were
// added, in reverse and at random, while more are added — from a spill
// in memory and from one in a file, small pieces and pieces larger than
// its window: the same bytes as Spill.Read, and in the order they were
// added far fewer reads of the file than pieces. Small pieces added to
// the file are written a chunk at a time, and read back before they are
// written.
func TestReader(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	for _, limit := range []int64{1 << 30, 1 << 20, 0} {
		sp := New("test", limit)
		var pieces []string
		var offs []int64
		add := func(i int) {
			n := 1 + (i*7919)%(6<<10)
			if i%500 == 0 {
				n = 3<<20 + i // larger than the window
			}
			piece := strings.Repeat(string(rune('a'+i%26)), n) + fmt.Sprint(i)
			off, err := sp.Add(piece)
			if err != nil {
				t.Fatal(err)
			}
			pieces, offs = append(pieces, piece), append(offs, off)
		}
		for i := range 3000 {
			add(i)
		}
		if w := sp.fileWrites; sp.InFile() && w > len(pieces)/20 {
			t.Errorf("limit %d: %d writes of the file for %d pieces", limit, w, len(pieces))
		}
		check := func(order []int, rd *Reader) {
			t.Helper()
			for _, i := range order {
				got, err := rd.Read(offs[i], int64(len(pieces[i])))
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != pieces[i] {
					t.Fatalf("limit %d: piece %d (%d bytes at %d) reads back wrong", limit, i, len(pieces[i]), offs[i])
				}
			}
		}
		inOrder := make([]int, len(pieces))
		for i := range inOrder {
			inOrder[i] = i
		}
		before := sp.fileReads
		check(inOrder, sp.NewReader())
		if reads := sp.fileReads - before; sp.InFile() && reads > len(pieces)/20 {
			t.Errorf("limit %d: %d reads of the file for %d pieces in order", limit, reads, len(pieces))
		}
		reverse := slices.Clone(inOrder)
		slices.Reverse(reverse)
		was := sp.fileBytes
		check(reverse, sp.NewReader())
		if read := sp.fileBytes - was; sp.InFile() && read > sp.off*(readAhead/behind+2) {
			t.Errorf("limit %d: %d bytes of the file read for %d pieces in reverse (%d bytes)", limit, read, len(pieces), sp.off)
		}
		// a book's pages: the front matter added last, the pages in
		// flight a little out of order
		book := slices.Clone(inOrder[2980:3000])
		for k := 0; k < 2980; k += 4 {
			book = append(book, k+1, k, k+3, k+2)
		}
		before = sp.fileReads
		check(book, sp.NewReader())
		if reads := sp.fileReads - before; sp.InFile() && reads > len(pieces)/10 {
			t.Errorf("limit %d: %d reads of the file for %d pieces of a book", limit, reads, len(pieces))
		}
		rng := rand.New(rand.NewPCG(1, 1))
		rd := sp.NewReader()
		for k := range 500 {
			add(3000 + k) // pending, not yet written to the file
			check([]int{len(pieces) - 1, rng.IntN(len(pieces))}, rd)
		}
		if got, err := rd.Read(sp.off, 1); err == nil && sp.InFile() {
			t.Errorf("limit %d: a byte past the end reads %q", limit, got)
		}
		if sp.InFile() != (limit < 1<<30) {
			t.Errorf("limit %d: in a file %v", limit, sp.InFile())
		}
		sp.Close()
	}
}
