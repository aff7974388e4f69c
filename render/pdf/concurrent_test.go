package pdf

import (
	"io"
	"sync"
	"testing"

	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestConcurrentEncodes renders in parallel, as "commonplace build" does;
// run with -race.
func TestConcurrentEncodes(t *testing.T) {
	c := rendertest.LoadSamples(t)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(print bool) {
			defer wg.Done()
			if err := Encode(io.Discard, c, &Options{Print: print}); err != nil {
				t.Error(err)
			}
		}(i%2 == 1)
	}
	wg.Wait()
}
