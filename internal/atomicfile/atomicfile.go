// Package atomicfile replaces a file in one step: the new content is
// written to a temporary file beside it, synced, given its mode and
// renamed over the old one, so a reader sees the old file or the new one,
// never a part.
package atomicfile

import (
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile replaces path with data and mode. The temporary file is made in
// path's folder with os.CreateTemp's pattern (for example ".name.*.tmp") and
// removed again when any step fails. Errors are returned unwrapped so that
// callers can prefix what failed.
func WriteFile(path string, data []byte, mode fs.FileMode, pattern string) error {
	f, err := os.CreateTemp(filepath.Dir(path), pattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, mode)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
