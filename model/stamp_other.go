//go:build !linux

package model

// lstatStamp returns the size and modification time (UnixNano) of the
// file p.
func lstatStamp(p string) (size, mtime int64, err error) { return fileStamp(p) }
