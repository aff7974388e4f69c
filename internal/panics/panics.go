// Package panics decides whether the loader and the renderers turn a
// panic (a bug) into an error naming the entry, as they do for users, or
// let it through, as fuzz targets need: a fuzz target must see panics.
//
// Each place that recovers starts its deferred function with
//
//	if !panics.Recover() {
//		return // let the panic through, with its stack
//	}
//
// and calls recover() only after that.
package panics

import "sync/atomic"

var propagate atomic.Bool

// Recover reports whether panics are to be recovered (the default).
func Recover() bool { return !propagate.Load() }

// Propagate makes every panic go through unrecovered while on is true.
// Fuzz targets call Propagate(true) before running what they test.
func Propagate(on bool) { propagate.Store(on) }
