//go:build !(linux && (amd64 || arm64))

package model

// lstatStamp returns the size and modification time (UnixNano) of the
// file p (buf is unused here).
func lstatStamp(p string, buf *[]byte) (size, mtime int64, err error) { return fileStamp(p) }
