package pdf

import (
	"io"
	"testing"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// generated returns the generated collection of n entries, loaded once
// per process.
func generated(tb testing.TB, n int) *model.Collection {
	c, err := corpus.Collection(n, 1)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

func benchEncode(b *testing.B, n int, print bool) {
	c := generated(b, n)
	o := &Options{Now: rendertest.Now, Config: &Config{Layout: "a5", Print: print}}
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
