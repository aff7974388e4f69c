package feed

import (
	"io"
	"testing"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
)

// corpusDir returns the generated collection of n entries (shared by
// every package's benchmarks, generated once per machine).
func corpusDir(b *testing.B, n int) string {
	d, err := corpus.Cached(n, 1)
	if err != nil {
		b.Fatal(err)
	}
	return d
}

func load(b *testing.B, dir string) *model.Collection {
	c, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkToday10000 is `commonplace feed` on 10,000 entries: loading
// the collection, building the schedule and writing today's quote.
func BenchmarkToday10000(b *testing.B) {
	dir := corpusDir(b, 10000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		c := load(b, dir)
		if err := EncodeText(io.Discard, c, opts(c, 1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkYear10000 writes 365-day feeds of a loaded 10,000-entry
// collection (loading not included; see BenchmarkToday10000 for it).
func BenchmarkYear10000(b *testing.B) {
	c := load(b, corpusDir(b, 10000))
	for _, name := range []string{"text", "rss", "atom", "json"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				encode(b, name, c, opts(c, 365))
			}
		})
	}
}

// BenchmarkFortune10000 writes the whole pool of 10,000 entries as a
// fortune database and its index.
func BenchmarkFortune10000(b *testing.B) {
	c := load(b, corpusDir(b, 10000))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		data := encode(b, "fortune", c, opts(c, 1))
		if err := WriteDat(io.Discard, data); err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
	}
}

// BenchmarkTodayLoaded10000 is BenchmarkToday10000 without the loading:
// the schedule of the whole pool and one day of text.
func BenchmarkTodayLoaded10000(b *testing.B) {
	c := load(b, corpusDir(b, 10000))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := EncodeText(io.Discard, c, opts(c, 1)); err != nil {
			b.Fatal(err)
		}
	}
}
