package corpus

import (
	"bytes"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
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

// TestRealisticWords: generated prose has the word lengths of real
// English (mean about 4.3 letters, one word in six of seven letters or
// more), not only the short function words, so that hyphenation and
// spacing measured on it mean something.
func TestRealisticWords(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	total, long, n := 0, 0, 0
	for range 200 {
		for _, w := range strings.Fields(sentence(r, 50, false)) {
			total += utf8.RuneCountInString(w)
			if utf8.RuneCountInString(w) >= 7 {
				long++
			}
			n++
		}
	}
	mean, share := float64(total)/float64(n), float64(long)/float64(n)
	if mean < 4 || mean > 4.8 || share < 0.12 || share > 0.22 {
		t.Errorf("mean word length %.2f (want 4–4.8), share of 7+ letters %.2f (want 0.12–0.22)", mean, share)
	}
}
