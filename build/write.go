package build

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/internal/confine"
	"github.com/commonplace-book/commonplace/model"
)

// tmpMarker separates a file's name from the process id and random part
// in the names of temporary files: ".book.pdf.tmp-1234-567890".
const tmpMarker = ".tmp-"

// fileSet is the files of one output being written: each goes to a
// temporary file in the folder of its final name, and they are renamed
// into place together when the output is complete.
type fileSet struct {
	dir   string
	files []*pendingFile
	// confined refuses files whose folder leads out of dir through a
	// symbolic link, or that are symbolic links (build's output folder;
	// not render -o FILE, a path the user gave).
	confined bool
}

type pendingFile struct {
	path string
	tmp  *os.File
	// special, for a path that names a device, a named pipe or a socket
	// (render -o /dev/null, a FIFO another program reads), holds the
	// file until it is complete; it is then written into that file,
	// which a rename would replace.
	special *spool
	// same is set by commit when the temporary file holds the bytes the
	// file at path already has.
	same bool
}

// syncFile flushes a temporary file to disk before it replaces its file
// (tests count the calls).
var syncFile = (*os.File).Sync

// create opens the temporary file for name, a slash-separated path
// relative to the set's folder that must stay inside it.
func (s *fileSet) create(name string) (io.Writer, error) {
	clean := filepath.Clean(filepath.FromSlash(name))
	if name == "" || filepath.IsAbs(clean) || clean == "." || clean == ".." || strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return nil, fmt.Errorf("write %q: not a file name inside the output folder", name)
	}
	path := filepath.Join(s.dir, clean)
	for _, f := range s.files {
		if f.path == path {
			return nil, fmt.Errorf("write %s: opened twice", path)
		}
	}
	info, statErr := os.Stat(path)
	if statErr == nil && info.IsDir() {
		return nil, fmt.Errorf("write %s: it is a folder; name a file", path)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	if s.confined {
		if err := insideDir(s.dir, path); err != nil {
			return nil, fmt.Errorf("write %s: %w", model.Safe(path, 120), err)
		}
	}
	if statErr == nil && !info.Mode().IsRegular() {
		sp := &spool{limit: spoolMemory}
		s.files = append(s.files, &pendingFile{path: path, special: sp})
		return sp, nil
	}
	removeStale(path)
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+tmpMarker+strconv.Itoa(os.Getpid())+"-*")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	s.files = append(s.files, &pendingFile{path: path, tmp: tmp})
	return tmp, nil
}

// betweenRenames, when set (by tests), runs after each file of a set is
// renamed into place, before the next one is: a process killed there
// leaves the first files new and the others old, which the next run of
// the output repairs (each file whose bytes differ is replaced).
var betweenRenames func(path string)

// abort removes every temporary file.
func (s *fileSet) abort() {
	for _, f := range s.files {
		if f.special != nil {
			f.special.close()
			continue
		}
		f.tmp.Close()
		os.Remove(f.tmp.Name())
	}
	s.files = nil
}

// commit puts every file in place: a file whose bytes equal the existing
// file's is left untouched (its temporary file removed, never flushed to
// disk); the others are all flushed to disk first, then each given the
// existing file's mode (0644 for a new file) and renamed over it, and the
// folder is flushed. It returns the final paths, whether any file changed
// and their total size.
func (s *fileSet) commit() (paths []string, changed bool, size int64, err error) {
	defer s.abort() // removes what is left on failure; a no-op after renames
	for _, f := range s.files {
		if f.special != nil {
			continue
		}
		f.same, _ = sameContent(f.tmp.Name(), f.path)
		if !f.same {
			if err := syncFile(f.tmp); err != nil {
				return nil, false, 0, fmt.Errorf("write %s: %w", f.path, err)
			}
		}
		if err := f.tmp.Close(); err != nil {
			return nil, false, 0, fmt.Errorf("write %s: %w", f.path, err)
		}
	}
	dirs := map[string]bool{}
	for _, f := range s.files {
		paths = append(paths, f.path)
		if f.special != nil {
			if err := writeSpecial(f.path, f.special); err != nil {
				return nil, false, 0, fmt.Errorf("write %s: %w", f.path, err)
			}
			size += f.special.size
			changed = true
			continue
		}
		tmp := f.tmp.Name()
		if info, err := os.Stat(tmp); err == nil {
			size += info.Size()
		}
		if f.same {
			os.Remove(tmp)
			continue
		}
		mode := os.FileMode(0o644)
		if info, err := os.Stat(f.path); err == nil && info.Mode().IsRegular() {
			mode = info.Mode().Perm()
		}
		if err := os.Chmod(tmp, mode); err != nil {
			return nil, false, 0, fmt.Errorf("write %s: %w", f.path, err)
		}
		if err := os.Rename(tmp, f.path); err != nil {
			return nil, false, 0, fmt.Errorf("write %s: %w", f.path, err)
		}
		if betweenRenames != nil {
			betweenRenames(f.path)
		}
		changed = true
		dirs[filepath.Dir(f.path)] = true
	}
	s.files = nil
	for d := range dirs {
		syncDir(d)
	}
	return paths, changed, size, nil
}

// writeSpecial writes what sp holds into the device, named pipe or socket
// at path (opened for writing only, as a shell's redirection does).
func writeSpecial(path string, sp *spool) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := sp.writeTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// syncDir flushes a folder's entries (the renames) to disk, where the
// system allows it.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// removeStale removes the temporary files that earlier runs left beside
// path when they were killed: those whose process is gone, and any older
// than a day.
func removeStale(path string) {
	prefix := "." + filepath.Base(path) + tmpMarker
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || e.IsDir() {
			continue
		}
		pidText, _, _ := strings.Cut(name[len(prefix):], "-")
		pid, err := strconv.Atoi(pidText)
		stale := err != nil || !processAlive(pid)
		if !stale {
			if info, err := e.Info(); err == nil && time.Since(info.ModTime()) > 24*time.Hour {
				stale = true
			}
		}
		if stale {
			os.Remove(filepath.Join(filepath.Dir(path), name))
		}
	}
}

// sameContent reports whether files a and b have identical bytes.
func sameContent(a, b string) (bool, error) {
	ib, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	ia, err := os.Stat(a)
	if err != nil || ia.Size() != ib.Size() || !ib.Mode().IsRegular() {
		return false, err
	}
	fa, err := os.Open(a)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := os.Open(b)
	if err != nil {
		return false, err
	}
	defer fb.Close()
	// In chunks: neither file is ever held whole.
	x, y := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		n, errA := io.ReadFull(fa, x)
		m, errB := io.ReadFull(fb, y)
		if n != m || !bytes.Equal(x[:n], y[:m]) {
			return false, nil
		}
		if errA == io.EOF || errA == io.ErrUnexpectedEOF {
			return errB == io.EOF || errB == io.ErrUnexpectedEOF, nil
		}
		if errA != nil {
			return false, errA
		}
		if errB != nil {
			return false, errB
		}
	}
}

// insideDir checks that path, a file to write in the output folder dir,
// stays inside it: its folder may not resolve elsewhere through a
// symbolic link (out/sub -> /somewhere), and the file itself may not be
// a symbolic link (the rename would replace the link, not write where it
// points, silently breaking what the link was for).
func insideDir(dir, path string) error {
	realDir, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return err
	}
	realParent, err := filepath.EvalSymlinks(filepath.Dir(path))
	if err != nil {
		return err
	}
	if rel, err := filepath.Rel(realDir, realParent); err != nil || !confine.Inside(filepath.Join(rel, "x")) {
		return fmt.Errorf("its folder is a symbolic link leading out of the output folder %s; remove the link", model.Safe(dir, 80))
	}
	if info, err := os.Lstat(path); err == nil && info.Mode()&fs.ModeSymlink != 0 {
		return errors.New("it is a symbolic link; remove it (outputs are written as files in the output folder)")
	}
	return nil
}

// CheckOutDir checks the output folder taken from the settings (or the
// default out/): it must not lead out of the collection through a
// symbolic link, since a cloned collection may ship out -> ~/.config.
// Only an output folder given on the command line (-o) may point
// elsewhere. The deepest part of dir that exists is resolved.
func CheckOutDir(c *model.Collection, dir string) error {
	if c.Root == "" {
		return nil
	}
	realRoot, err := filepath.EvalSymlinks(c.Root)
	if err != nil {
		return nil // the collection was loaded from here; nothing to confine against
	}
	p := dir
	for {
		if _, err := os.Lstat(p); err == nil {
			break
		}
		up := filepath.Dir(p)
		if up == p {
			return nil
		}
		p = up
	}
	real, err := filepath.EvalSymlinks(p)
	if rel, err2 := filepath.Rel(realRoot, real); err != nil || err2 != nil || !(rel == "." || confine.Inside(rel)) {
		what := "the default output folder out"
		if c.Settings.Build.Dir != "" {
			what = "setting build.dir"
			if n := c.Settings.Line("build.dir"); n > 0 {
				what = fmt.Sprintf("%s:%d: %s", model.SettingsFile, n, what)
			}
		}
		return fmt.Errorf("build: %s: %s is a symbolic link leading out of the collection; remove the link, or give the folder with -o", what, model.Safe(p, 80))
	}
	return nil
}
