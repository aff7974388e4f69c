package model_test

import (
	"fmt"
	"testing"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
)

// BenchmarkLoad loads generated collections of 1,000 and 10,000 entries
// (about 1.4 KB each).
func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir, err := corpus.Cached(n, 1)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(corpus.Size(dir))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c, err := model.Load(dir, model.LoadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if len(c.Entries) != n {
					b.Fatalf("loaded %d entries, want %d", len(c.Entries), n)
				}
			}
		})
	}
}
