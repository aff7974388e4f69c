package pdf

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/commonplace-book/commonplace/internal/shaping"
)

// TestWorkersShareShapedWords: a word one worker shaped is not shaped
// again by another worker of the same book (the other gets the very same
// runs), and the runs are those a shaper of its own gives.
func TestWorkersShareShapedWords(t *testing.T) {
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &builder{s: s}
	w1, w2 := b.worker(), b.worker()
	alone, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	alone.shared = nil
	for _, word := range []string{"commonplace", "ﬁnal", "Wörter", "كتاب", "書物"} {
		o := shaping.Options{Lang: "en"}
		r1 := w1.s.shapeWord([]rune(word), shaping.Style{Italic: true}, o)
		r2 := w2.s.shapeWord([]rune(word), shaping.Style{Italic: true}, o)
		if len(r1) == 0 || len(r2) != len(r1) || &r1[0] != &r2[0] {
			t.Errorf("%q: the second worker shaped the word again", word)
		}
		own := alone.shapeWord([]rune(word), shaping.Style{Italic: true}, o)
		if !sameRuns(own, r1) {
			t.Errorf("%q: shared runs differ from a lone shaper's", word)
		}
		// another style is another word
		if bold := w2.s.shapeWord([]rune(word), shaping.Style{Bold: true}, o); &bold[0] == &r1[0] {
			t.Errorf("%q: bold given the italic runs", word)
		}
	}
}

func sameRuns(a, b []shaping.Run) bool {
	return slices.EqualFunc(a, b, func(x, y shaping.Run) bool {
		return x.Face == y.Face && x.Level == y.Level && x.Start == y.Start && x.End == y.End &&
			x.Advance == y.Advance && slices.Equal(x.Glyphs, y.Glyphs) && slices.Equal(x.Missing, y.Missing)
	})
}

// TestWordCacheConcurrent puts and gets words from many goroutines (run
// it with -race): every goroutine gets the runs first put for a word, a
// nil cache holds nothing, and a full shard starts again rather than
// growing.
func TestWordCacheConcurrent(t *testing.T) {
	var nilCache *wordCache
	if _, ok := nilCache.get([]byte("a")); ok {
		t.Fatal("nil cache holds a word")
	}
	if r := nilCache.put([]byte("a"), []shaping.Run{{Start: 1}}); len(r) != 1 || r[0].Start != 1 {
		t.Fatal("nil cache's put does not give the runs back")
	}
	c := newWordCache()
	const words, goroutines = 500, 8
	got := make([][][]shaping.Run, goroutines)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range words {
				key := []byte(fmt.Sprint("word", i))
				r, ok := c.get(key)
				if !ok {
					r = c.put(key, []shaping.Run{{Start: g, End: i}})
				}
				got[g] = append(got[g], r)
			}
		})
	}
	wg.Wait()
	for i := range words {
		for g := 1; g < goroutines; g++ {
			if &got[g][i][0] != &got[0][i][0] {
				t.Fatalf("word %d: goroutines %d and 0 hold different runs", i, g)
			}
		}
	}
	for i := range 3 * maxSharedWords {
		c.put([]byte(fmt.Sprint("more", i)), nil)
	}
	total := 0
	for i := range c.shards {
		total += len(c.shards[i].m)
	}
	if total > maxSharedWords {
		t.Errorf("cache holds %d words, more than %d", total, maxSharedWords)
	}
}
