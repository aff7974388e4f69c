package pdf

import (
	"io"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

var (
	corpusMu   sync.Mutex
	corpusColl = map[int]*model.Collection{}
)

// generated loads (once per process) a generated collection of n entries.
func generated(tb testing.TB, n int) *model.Collection {
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if c, ok := corpusColl[n]; ok {
		return c
	}
	dir, err := os.MkdirTemp("", "commonplace-pdf-corpus-")
	if err != nil {
		tb.Fatal(err)
	}
	dir = filepath.Join(dir, strconv.Itoa(n))
	if err := corpus.Generate(dir, n, 1); err != nil {
		tb.Fatal(err)
	}
	c, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	os.RemoveAll(filepath.Dir(dir))
	corpusColl[n] = c
	return c
}

func benchEncode(b *testing.B, n int, print bool) {
	c := generated(b, n)
	o := &Options{Now: rendertest.Now, Print: print}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		cw := &countWriter{}
		if err := Encode(cw, c, o); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(cw.n), "bytes")
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

// BenchmarkEncode1000 and BenchmarkEncode10000 time whole books of
// generated entries; the targets are 0.5 s and 5 s.
func BenchmarkEncode1000(b *testing.B)      { benchEncode(b, 1000, false) }
func BenchmarkEncode1000Print(b *testing.B) { benchEncode(b, 1000, true) }
func BenchmarkEncode10000(b *testing.B)     { benchEncode(b, 10000, false) }
