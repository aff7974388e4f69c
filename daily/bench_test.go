package daily

import (
	"fmt"
	"testing"
)

// BenchmarkNew builds the schedule of a pool of P quotes (O(P log P)).
func BenchmarkNew(b *testing.B) {
	for _, p := range []int{1000, 30000} {
		c := collection(p)
		b.Run(fmt.Sprint(p), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				New(c, Filter{}, "seed")
			}
		})
	}
}

// BenchmarkPicks365 picks a year of days from a pool of 30,000 quotes,
// without and with ten years of history (O(days + history + P)).
func BenchmarkPicks365(b *testing.B) {
	s := New(collection(30000), Filter{}, "seed")
	hist := make([]Record, 0, 3650)
	for _, p := range must(s.Picks(20000-3650, 3650, nil)) {
		hist = append(hist, Record{Day: p.Day, QuoteID: p.Item.Quote.ID, Path: p.Item.Entry.Path, Line: p.Item.Quote.Line})
	}
	b.Run("plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			s.Picks(20000, 365, nil)
		}
	})
	b.Run("history", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			s.Picks(20000, 365, hist)
		}
	})
}
