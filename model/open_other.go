//go:build !linux

package model

import "os"

// openRead opens the file p for reading (os.Open; see open_linux.go).
func openRead(p string) (*os.File, error) { return os.Open(p) }
