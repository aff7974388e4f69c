package model_test

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
)

var (
	corpusMu   sync.Mutex
	corpusDirs = map[int]string{}
)

// corpusDir generates (once per process) a collection of n entries.
func corpusDir(b *testing.B, n int) string {
	corpusMu.Lock()
	defer corpusMu.Unlock()
	if d, ok := corpusDirs[n]; ok {
		return d
	}
	d, err := os.MkdirTemp("", fmt.Sprintf("commonplace-bench-%d-", n))
	if err != nil {
		b.Fatal(err)
	}
	if err := corpus.Generate(d, n, 1); err != nil {
		b.Fatal(err)
	}
	corpusDirs[n] = d
	return d
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() {
			n += info.Size()
		}
		return nil
	})
	return n
}

func BenchmarkLoad(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			dir := corpusDir(b, n)
			b.SetBytes(dirSize(dir))
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c, err := model.Load(dir, model.LoadOptions{})
				if err != nil {
					b.Fatal(err)
				}
				if len(c.Entries) != n {
					b.Fatalf("loaded %d entries, want %d (%v)", len(c.Entries), n, c.Problems[:min(3, len(c.Problems))])
				}
			}
		})
	}
}
