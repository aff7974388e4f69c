// Package parallel runs independent calls on every core.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/commonplace-book/commonplace/internal/panics"
)

// For calls f for every i in [0, n) on every core (GOMAXPROCS), chunk
// consecutive values at a time (chunk < 1 counts as 1), and returns when
// all calls have returned. With one core, or one chunk of work, the calls
// are made in order on the calling goroutine. A panic in f is re-raised
// on the calling goroutine (unless panics.Propagate lets it through where
// it happens, as fuzz targets need).
func For(n, chunk int, f func(i int)) {
	chunk = max(chunk, 1)
	workers := min(runtime.GOMAXPROCS(0), (n+chunk-1)/chunk)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var panicked any
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if !panics.Recover() {
					return // a fuzz target sees the panic
				}
				if p := recover(); p != nil {
					once.Do(func() { panicked = p })
				}
			}()
			for {
				lo := int(next.Add(int64(chunk))) - chunk
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					f(i)
				}
			}
		}()
	}
	wg.Wait()
	if panicked != nil {
		panic(panicked)
	}
}

// InOrder calls do(i, k) for every i in [0, n) on every core, window
// values at a time (k is i's place in its window, 0 <= k < window, so
// that a caller can keep a buffer per place), and after each window
// calls emit(i, k) on the calling goroutine for the window's values in
// order: work that is done on every core and written in order, the same
// whatever the scheduling, holding one window's results at a time. It
// stops at the first error, in the order of i — do's error for i comes
// before emit is called for i — and returns it. A window < 1 counts as 1.
func InOrder(n, window, chunk int, do func(i, k int) error, emit func(i, k int) error) error {
	window = max(window, 1)
	errs := make([]error, min(n, window))
	for lo := 0; lo < n; lo += window {
		m := min(window, n-lo)
		For(m, chunk, func(k int) { errs[k] = do(lo+k, k) })
		for k := range m {
			if errs[k] != nil {
				return errs[k]
			}
			if err := emit(lo+k, k); err != nil {
				return err
			}
		}
	}
	return nil
}
