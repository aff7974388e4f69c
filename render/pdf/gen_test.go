package pdf

import (
	"os"
	"runtime"
	"strconv"
	"testing"
	"time"
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
	f, err := os.Create(os.TempDir() + "/gen" + strconv.Itoa(n) + ".pdf")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	t0 := time.Now()
	if err := Encode(f, c, &Options{Print: os.Getenv("PDF_PRINT") != ""}); err != nil {
		t.Fatal(err)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("%d entries: %v, heap sys %d MB", n, time.Since(t0), ms.HeapSys>>20)
}
