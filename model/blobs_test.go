package model

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// blobFile writes n pieces of different lengths to a file and returns
// it open, with each piece's offset, length and CRC.
func blobFile(t *testing.T, n int) (*os.File, [][]byte, []int64) {
	t.Helper()
	var all []byte
	var pieces [][]byte
	var offs []int64
	for i := range n {
		p := bytes.Repeat([]byte(fmt.Sprintf("piece %d;", i)), 1+i%7)
		offs = append(offs, int64(len(all)))
		pieces = append(pieces, p)
		all = append(all, p...)
	}
	name := filepath.Join(t.TempDir(), "blobs")
	if err := os.WriteFile(name, all, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, pieces, offs
}

// TestBlobReader reads every piece of a file, from many goroutines: the
// first blobsAlone one at a time, the rest from the file read at once,
// each the same bytes; a wrong CRC and a piece beyond the file are
// errCorrupt either way.
func TestBlobReader(t *testing.T) {
	f, pieces, offs := blobFile(t, 500)
	r := newBlobReader(f, 0, offs[len(offs)-1]+int64(len(pieces[len(pieces)-1])))
	if r.end <= blobsAlone*10 || r.end > blobsAtOnce {
		t.Fatalf("%d bytes: not a file read whole", r.end)
	}
	check := func(i int) error {
		b, err := r.read(offs[i], int64(len(pieces[i])), crc32.Checksum(pieces[i], crcTable))
		if err != nil {
			return fmt.Errorf("piece %d: %v", i, err)
		}
		if !bytes.Equal(b, pieces[i]) {
			return fmt.Errorf("piece %d: %q, want %q", i, b, pieces[i])
		}
		return nil
	}
	bad := func() {
		t.Helper()
		if _, err := r.read(offs[3], int64(len(pieces[3])), crc32.Checksum(pieces[3], crcTable)+1); !errors.Is(err, errCorrupt) {
			t.Errorf("wrong CRC: %v, want errCorrupt", err)
		}
		if _, err := r.read(r.end-2, 3, 0); !errors.Is(err, errCorrupt) {
			t.Errorf("beyond the file: %v, want errCorrupt", err)
		}
	}
	for i := range int(blobsAlone) {
		if err := check(i); err != nil {
			t.Fatal(err)
		}
	}
	if r.all.Load() != nil {
		t.Fatalf("the file was read whole after %d pieces", blobsAlone)
	}
	bad()
	var wg sync.WaitGroup
	errs := make([]error, len(pieces))
	for i := range pieces {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = check(i) }()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if r.all.Load() == nil {
		t.Fatal("the file was not read whole")
	}
	bad()
}

// TestBlobReaderLarge: pieces spread over more than blobsAtOnce, and
// those of a file whose end is not known (a cache file still being
// written), are always read piece by piece.
func TestBlobReaderLarge(t *testing.T) {
	f, pieces, offs := blobFile(t, 300)
	defer func(n int64) { blobsAtOnce = n }(blobsAtOnce)
	blobsAtOnce = 1000
	end := offs[len(offs)-1] + int64(len(pieces[len(pieces)-1]))
	for _, r := range []*blobReader{newBlobReader(f, 0, end), {f: f}} {
		for i := range pieces {
			b, err := r.read(offs[i], int64(len(pieces[i])), crc32.Checksum(pieces[i], crcTable))
			if err != nil || !bytes.Equal(b, pieces[i]) {
				t.Fatalf("piece %d: %q, %v", i, b, err)
			}
		}
		if r.all.Load() != nil {
			t.Fatalf("a file of %d bytes was read whole (at most %d)", r.end, blobsAtOnce)
		}
	}
}
