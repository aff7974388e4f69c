package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// TestSpool: an output held for standard output comes out the same bytes
// whether it stayed in memory or moved to a temporary file, and the file
// is gone from the temporary folder.
func TestSpool(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, limit := range []int{1 << 20, 100, 0} {
		s := &spool{limit: limit}
		var want bytes.Buffer
		for i := 0; i < 500; i++ {
			line := fmt.Sprintf("line %d of the output\n", i)
			want.WriteString(line)
			if _, err := s.Write([]byte(line)); err != nil {
				t.Fatal(err)
			}
		}
		if s.inFile() != (limit < want.Len()) {
			t.Errorf("limit %d: in a file %v", limit, s.inFile())
		}
		if left, _ := os.ReadDir(tmp); len(left) > 0 {
			t.Errorf("limit %d: files left in the temporary folder: %v", limit, left)
		}
		var got bytes.Buffer
		if err := s.writeTo(&got); err != nil {
			t.Fatal(err)
		}
		s.close()
		if !bytes.Equal(got.Bytes(), want.Bytes()) {
			t.Errorf("limit %d: %d bytes out, want %d", limit, got.Len(), want.Len())
		}
	}
	// No temporary folder: held in memory.
	t.Setenv("TMPDIR", filepath.Join(tmp, "missing"))
	s := &spool{limit: 10}
	s.Write([]byte("more than ten bytes"))
	var got bytes.Buffer
	if err := s.writeTo(&got); err != nil || got.String() != "more than ten bytes" || s.inFile() {
		t.Errorf("no temporary folder: %q, %v, file %v", got.String(), err, s.inFile())
	}
}
