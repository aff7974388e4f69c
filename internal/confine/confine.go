// Package confine reads files named by a collection's settings without
// leaving the collection: no path or symbolic link that resolves outside
// it, nothing but regular files, and a size limit checked before reading.
package confine

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxSettingsSize bounds commonplace.yaml and layout files (1 MB).
const MaxSettingsSize = 1 << 20

// Inside reports whether rel, a path from the settings, stays inside the
// folder it is relative to: not absolute, no volume, and no ".." that
// climbs out of it once cleaned. The empty path is not inside.
func Inside(rel string) bool {
	if rel == "" || filepath.IsAbs(rel) || strings.HasPrefix(filepath.ToSlash(rel), "/") || filepath.VolumeName(rel) != "" {
		return false
	}
	clean := filepath.Clean(filepath.FromSlash(rel))
	return clean != ".." && !strings.HasPrefix(clean, ".."+string(filepath.Separator))
}

// ReadFile reads the regular file root/rel, refusing what is not
// safe to read from a collection: a path or symbolic link that resolves
// outside root, anything but a regular file (a FIFO, a device, a folder;
// checked before opening, so nothing blocks), and a file over limit
// bytes. A missing file gives an error wrapping fs.ErrNotExist. Messages
// name rel, never the file's content.
func ReadFile(root, rel string, limit int64) ([]byte, error) {
	if !Inside(rel) {
		return nil, fmt.Errorf("%q leaves the collection folder", rel)
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	realRoot, err := filepath.EvalSymlinks(absRoot)
	if err != nil {
		return nil, err
	}
	p := filepath.Join(absRoot, filepath.FromSlash(rel))
	if _, err := os.Lstat(p); err != nil {
		return nil, fmt.Errorf("cannot read %q: %w", rel, unwrapPath(err))
	}
	real, err := filepath.EvalSymlinks(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read %q: %w", rel, unwrapPath(err))
	}
	if in, err := filepath.Rel(realRoot, real); err != nil || !Inside(in) {
		return nil, fmt.Errorf("%q resolves outside the collection folder", rel)
	}
	st, err := os.Lstat(real)
	if err != nil {
		return nil, fmt.Errorf("cannot read %q: %w", rel, unwrapPath(err))
	}
	if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%q is not a regular file", rel)
	}
	if st.Size() > limit {
		return nil, fmt.Errorf("%q is larger than the %d KB limit", rel, limit>>10)
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, fmt.Errorf("cannot read %q: %w", rel, unwrapPath(err))
	}
	defer f.Close()
	// The file may have been swapped between the check and the open.
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%q is not a regular file", rel)
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %q: %w", rel, unwrapPath(err))
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%q is larger than the %d KB limit", rel, limit>>10)
	}
	return data, nil
}

// unwrapPath drops the *fs.PathError's path (an absolute path the user
// did not write), keeping its cause and fs.ErrNotExist.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Resolves checks that rel, a path inside root that may not exist yet
// (a file to write), does not lead out of root through a symbolic link:
// the deepest part of it that exists must resolve inside root, and when
// the path itself exists it must be a regular file (not a FIFO, a device
// or a folder). Messages name rel.
func Resolves(root, rel string) error {
	if !Inside(rel) {
		return fmt.Errorf("%q leaves the collection folder", rel)
	}
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		return err
	}
	p := filepath.Join(root, filepath.FromSlash(rel))
	if st, err := os.Lstat(p); err == nil && st.Mode()&fs.ModeSymlink == 0 && !st.Mode().IsRegular() {
		return fmt.Errorf("%q is not a regular file", rel)
	}
	for q := p; ; {
		if _, err := os.Lstat(q); err == nil {
			real, err := filepath.EvalSymlinks(q)
			if err != nil {
				return fmt.Errorf("%q is a symbolic link that leads nowhere", rel)
			}
			if in, err := filepath.Rel(realRoot, real); err != nil || !(in == "." || Inside(in)) {
				return fmt.Errorf("%q resolves outside the collection folder", rel)
			}
			if q == p {
				if st, err := os.Stat(real); err == nil && !st.Mode().IsRegular() {
					return fmt.Errorf("%q is not a regular file", rel)
				}
			}
			return nil
		}
		up := filepath.Dir(q)
		if up == q {
			return nil
		}
		q = up
	}
}
