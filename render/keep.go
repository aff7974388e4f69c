package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/model"
)

// What a renderer makes from a few settings alone (the EPUB's generated
// cover: a fifth of a second and 16 MB of pixels for the same bytes every
// run) can be kept between runs in the cache folder, beside the cache of
// parsed entries. Each thing kept is one file, named by its kind and a
// hash of the program's version and of everything it is made from, that
// holds a checksum of its bytes and the bytes; a file that does not check
// is made again. Only the keptLimit most recently used files of a kind are
// kept (several collections may share the folder).
// MaxKept is the size of the largest bytes kept: Put keeps nothing
// larger, and larger files are not read.
const MaxKept = 32 << 20

const (
	keptMagic = "commonplace kept\n"
	keptLimit = 16
)

// Keep returns the bytes kept in cache for kind (a file-name prefix such
// as "cover") and key (everything the bytes are made from, the program's
// version aside), or, when cache is nil or nothing usable is kept, the
// bytes make returns, which it then keeps. Keeping is best effort: a
// folder that cannot be read or written only means make is called. It is
// safe for concurrent use, by several processes too (files are written
// under a temporary name and renamed). make's error is returned as it is,
// and nothing is kept then.
func Keep(cache *model.Cache, kind, key string, make func() ([]byte, error)) ([]byte, error) {
	if b, ok := Kept(cache, kind, key); ok {
		return b, nil
	}
	b, err := make()
	if err != nil {
		return nil, err
	}
	Put(cache, kind, key, b)
	return b, nil
}

// Kept returns the bytes kept in cache for kind and key (see Keep), if a
// run kept them and they check; it marks them recently used. A nil cache
// keeps nothing. It is safe for concurrent use.
func Kept(cache *model.Cache, kind, key string) ([]byte, bool) {
	if cache == nil || cache.Dir == "" {
		return nil, false
	}
	name := keptFile(cache, kind, key)
	b, ok := readKept(name)
	if ok {
		now := time.Now()
		os.Chtimes(name, now, now) // recently used
	}
	return b, ok
}

// Put keeps b in cache for kind and key (see Keep), in place of what was
// kept, when cache is not nil and b is at most MaxKept bytes. Keeping is
// best effort: nothing is reported, and a folder that cannot be written
// keeps nothing. It is safe for concurrent use, by several processes too.
func Put(cache *model.Cache, kind, key string, b []byte) {
	if cache == nil || cache.Dir == "" || len(b) > MaxKept {
		return
	}
	writeKept(cache.Dir, keptFile(cache, kind, key), b)
	pruneKept(cache.Dir, kind)
}

// keptFile is the file that keeps kind and key in cache.
func keptFile(cache *model.Cache, kind, key string) string {
	sum := sha256.Sum256([]byte(cache.Version + "\x00" + kind + "\x00" + key))
	return filepath.Join(cache.Dir, kind+"-"+hex.EncodeToString(sum[:12])+".kept")
}

// readKept returns the bytes kept in file name when it checks.
func readKept(name string) ([]byte, bool) {
	st, err := os.Stat(name)
	if err != nil || !st.Mode().IsRegular() || st.Size() > MaxKept+int64(len(keptMagic))+sha256.Size {
		return nil, false
	}
	f, err := os.ReadFile(name)
	if err != nil || !bytes.HasPrefix(f, []byte(keptMagic)) || len(f) < len(keptMagic)+sha256.Size {
		return nil, false
	}
	f = f[len(keptMagic):]
	b := f[sha256.Size:]
	if sum := sha256.Sum256(b); !bytes.Equal(sum[:], f[:sha256.Size]) {
		return nil, false
	}
	return b, true
}

// writeKept writes b to file name in dir, through a temporary file.
func writeKept(dir, name string, b []byte) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return
	}
	f, err := os.CreateTemp(dir, ".kept.*.tmp")
	if err != nil {
		return
	}
	sum := sha256.Sum256(b)
	_, err = f.Write(slices.Concat([]byte(keptMagic), sum[:], b))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
}

// pruneKept removes the files of kind in dir beyond the keptLimit most
// recently used.
func pruneKept(dir, kind string) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	type kept struct {
		name string
		used time.Time
	}
	var ks []kept
	for _, de := range des {
		n := de.Name()
		if !strings.HasPrefix(n, kind+"-") || !strings.HasSuffix(n, ".kept") {
			continue
		}
		if info, err := de.Info(); err == nil && info.Mode().IsRegular() {
			ks = append(ks, kept{n, info.ModTime()})
		}
	}
	if len(ks) <= keptLimit {
		return
	}
	slices.SortFunc(ks, func(a, b kept) int { return b.used.Compare(a.used) })
	for _, k := range ks[keptLimit:] {
		os.Remove(filepath.Join(dir, k.name))
	}
}
