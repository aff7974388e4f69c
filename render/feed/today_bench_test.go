package feed

import (
	"io"
	"testing"
)

// BenchmarkPost10000 is `commonplace feed --format post` on 10,000
// entries, the collection loaded once: the pool counted and the post
// written.
func BenchmarkPost10000(b *testing.B) {
	c := load(b, corpusDir(b, 10000))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := EncodePost(io.Discard, c, opts(c, 1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCard10000 is `commonplace feed --format card` on 10,000
// entries, the collection loaded once (the fonts are parsed once per
// process, before the timer).
func BenchmarkCard10000(b *testing.B) {
	c := load(b, corpusDir(b, 10000))
	if err := EncodeCard(io.Discard, nil, c, opts(c, 1)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := EncodeCard(io.Discard, nil, c, opts(c, 1)); err != nil {
			b.Fatal(err)
		}
	}
}
