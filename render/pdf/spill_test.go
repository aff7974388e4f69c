package pdf

import (
	"bytes"
	"os"
	"testing"

	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestPagesSpilled: the compressed pages waiting in a temporary file
// (a spill whose memory is a few pages) make the same book as pages kept
// in memory, in both profiles, and nothing is left in the temporary
// folder.
func TestPagesSpilled(t *testing.T) {
	c := generated(t, 200) // the generated corpus is kept in the temporary folder
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	for _, print := range []bool{false, true} {
		render := func(mem int64) []byte {
			defer func(old int64) { packMem = old }(packMem)
			packMem = mem
			var buf bytes.Buffer
			if err := Encode(&buf, c, &Options{Now: rendertest.Now, Config: &Config{Layout: "a5", Print: print}}); err != nil {
				t.Fatal(err)
			}
			return buf.Bytes()
		}
		inMemory, spilled := render(1<<40), render(16<<10)
		if !bytes.Equal(inMemory, spilled) {
			t.Errorf("print %v: the book with its pages in a temporary file (%d bytes) differs from the book with them in memory (%d bytes)", print, len(spilled), len(inMemory))
		}
	}
	if left, _ := os.ReadDir(tmp); len(left) > 0 {
		t.Errorf("left in the temporary folder: %v", left)
	}
}
