package parallel

import (
	"errors"
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

// TestInOrder: emit sees every value once, in order, after do has run for
// it, on any number of cores; the first error in order is returned, do's
// before emit's.
func TestInOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 4} {
		runtime.GOMAXPROCS(procs)
		for _, n := range []int{0, 1, 10, 1000} {
			for _, window := range []int{0, 1, 7, 256} {
				done := make([]atomic.Bool, n)
				next := 0
				err := InOrder(n, window, 3, func(i, k int) error {
					if w := max(window, 1); k != i%w {
						t.Errorf("value %d at place %d of a window of %d", i, k, w)
					}
					done[i].Store(true)
					return nil
				}, func(i, k int) error {
					if i != next || !done[i].Load() {
						t.Fatalf("emit %d, want %d after do", i, next)
					}
					next++
					return nil
				})
				if err != nil || next != n {
					t.Fatalf("n %d, window %d: %d emitted, error %v", n, window, next, err)
				}
			}
		}
		errA, errB := errors.New("a"), errors.New("b")
		err := InOrder(100, 50, 1, func(i, k int) error {
			switch i {
			case 60:
				return errA
			case 80:
				return errB
			}
			return nil
		}, func(i, k int) error {
			if i >= 60 {
				t.Errorf("emit %d after the error of 60", i)
			}
			return nil
		})
		if err != errA {
			t.Errorf("error %v, want the first in order", err)
		}
		errE := errors.New("emit")
		if err := InOrder(100, 50, 1, func(i, k int) error {
			if i == 30 {
				return errA
			}
			return nil
		}, func(i, k int) error {
			if i == 20 {
				return errE
			}
			return nil
		}); err != errE {
			t.Errorf("error %v, want emit's at 20", err)
		}
	}
}
