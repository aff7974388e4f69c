package parallel

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// TestFor: every index is called exactly once, whatever the number of
// cores and the chunk, and a panic reaches the caller.
func TestFor(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 4} {
		runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 7, 64, 1000} {
			for _, chunk := range []int{0, 1, 3, 64} {
				calls := make([]atomic.Int32, n)
				For(n, chunk, func(i int) { calls[i].Add(1) })
				for i := range calls {
					if c := calls[i].Load(); c != 1 {
						t.Fatalf("procs %d, n %d, chunk %d: index %d called %d times", procs, n, chunk, i, c)
					}
				}
			}
		}
		func() {
			defer func() {
				if p := recover(); p != "boom" {
					t.Errorf("procs %d: recovered %v, want the panic", procs, p)
				}
			}()
			For(100, 1, func(i int) {
				if i == 50 {
					panic("boom")
				}
			})
		}()
	}
}
