//go:build !unix

package daily

import "os"

// lock is a no-op where flock is not available; appends are still one
// write each.
func lock(f *os.File) error { return nil }

func unlock(f *os.File) {}
