package corpus

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Generate(a, 30, 7); err != nil {
		t.Fatal(err)
	}
	if err := Generate(b, 30, 7); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(a, "part00", "*.md"))
	if len(files) != 30 {
		t.Fatalf("got %d files, want 30", len(files))
	}
	for _, f := range files {
		x, _ := os.ReadFile(f)
		y, err := os.ReadFile(filepath.Join(b, "part00", filepath.Base(f)))
		if err != nil || !bytes.Equal(x, y) {
			t.Fatalf("%s differs between two runs with the same seed", filepath.Base(f))
		}
	}
}
