package pdf

import (
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/internal/corpus"
)

// TestTimeGenerated renders PDF_GEN generated entries to /tmp and reports
// the time; for measuring by hand.
func TestTimeGenerated(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("PDF_GEN"))
	if n == 0 {
		t.Skip("set PDF_GEN=N to time N generated entries")
	}
	c := generated(t, n)
	runtime.GC()
	var ms0 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	t.Logf("collection loaded: heap in use %d MB", ms0.HeapInuse>>20)
	f, err := os.Create(os.TempDir() + "/gen" + strconv.Itoa(n) + ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t0 := time.Now()
	if err := Encode(f, c, &Options{Config: &Config{Layout: "a5", Print: os.Getenv("PDF_PRINT") != ""}}); err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%d entries: %v, heap sys %d MB", n, time.Since(t0), ms.HeapSys>>20)
}

// TestGenerateCorpus writes PDF_CORPUS_N generated entries into
// PDF_CORPUS_DIR, to time the command on them by hand.
func TestGenerateCorpus(t *testing.T) {
	dir := os.Getenv("PDF_CORPUS_DIR")
	n, _ := strconv.Atoi(os.Getenv("PDF_CORPUS_N"))
	if dir == "" || n == 0 {
		t.Skip("set PDF_CORPUS_DIR and PDF_CORPUS_N")
	}
	if err := corpus.Generate(dir, n, 1); err != nil {
		t.Fatal(err)
	}
}
