package render

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
)

// TestKeep: without a cache every call makes the bytes; with one the
// first call makes and keeps them and the next reads them, for the same
// kind, key and version only; a damaged file is made again and mended;
// an error of make is returned and nothing is kept.
func TestKeep(t *testing.T) {
	made := 0
	make := func(s string) func() ([]byte, error) {
		return func() ([]byte, error) { made++; return []byte(s), nil }
	}
	keep := func(cache *model.Cache, kind, key, s string) string {
		t.Helper()
		b, err := Keep(cache, kind, key, make(s))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for range 2 {
		if got := keep(nil, "cover", "k", "A"); got != "A" {
			t.Fatalf("no cache: %q", got)
		}
	}
	if made != 2 {
		t.Fatalf("no cache: made %d times, want 2", made)
	}
	cache := &model.Cache{Dir: filepath.Join(t.TempDir(), "new"), Version: "v1"}
	made = 0
	for i, c := range []struct {
		cache      *model.Cache
		kind, key  string
		want, made string
	}{
		{cache, "cover", "k", "A", "A"},
		{cache, "cover", "k", "A", ""}, // kept
		{cache, "cover", "other", "B", "B"},
		{cache, "card", "k", "C", "C"},
		{&model.Cache{Dir: cache.Dir, Version: "v2"}, "cover", "k", "D", "D"},
		{cache, "cover", "k", "A", ""},
	} {
		before := made
		got := keep(c.cache, c.kind, c.key, c.made+"!")
		if c.made == "" {
			got = keep(c.cache, c.kind, c.key, "never")
		}
		if want := c.want; c.made != "" {
			want += "!"
			if got != want {
				t.Errorf("%d: %q, want %q made", i, got, want)
			}
		} else if got != c.want+"!" || made != before {
			t.Errorf("%d: %q (made %d times), want %q kept", i, got, made-before, c.want+"!")
		}
	}
	files, _ := filepath.Glob(filepath.Join(cache.Dir, "cover-*.kept"))
	if len(files) != 3 {
		t.Fatalf("kept covers %q, want 3", files)
	}
	// every byte of a kept file damaged in turn: made again, then kept
	key := "damage"
	keep(cache, "cover", key, "good")
	name := keptName(t, cache, "cover", key)
	good, _ := os.ReadFile(name)
	for i := range len(good) + 1 {
		bad := append([]byte(nil), good...)
		if i < len(good) {
			bad[i] ^= 0x20
		} else {
			bad = bad[:len(bad)-1]
		}
		os.WriteFile(name, bad, 0o600)
		made = 0
		if got := keep(cache, "cover", key, "good"); got != "good" || made != 1 {
			t.Fatalf("byte %d damaged: %q, made %d times", i, got, made)
		}
		if b, _ := os.ReadFile(name); !bytes.Equal(b, good) {
			t.Fatalf("byte %d damaged: not mended", i)
		}
	}
	boom := errors.New("boom")
	if _, err := Keep(cache, "cover", "fails", func() ([]byte, error) { return nil, boom }); err != boom {
		t.Errorf("make failing: %v", err)
	}
	if _, err := os.Stat(keptName(t, cache, "cover", "fails")); err == nil {
		t.Error("a failed make was kept")
	}
	if tmp, _ := filepath.Glob(filepath.Join(cache.Dir, ".kept.*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %q", tmp)
	}
}

// keptName finds the file Keep wrote for kind and key: the one that
// appears when it is kept in an empty copy of the folder.
func keptName(t *testing.T, cache *model.Cache, kind, key string) string {
	t.Helper()
	dir := t.TempDir()
	Keep(&model.Cache{Dir: dir, Version: cache.Version}, kind, key, func() ([]byte, error) { return []byte("x"), nil })
	des, _ := os.ReadDir(dir)
	if len(des) != 1 {
		t.Fatalf("%d files kept", len(des))
	}
	return filepath.Join(cache.Dir, des[0].Name())
}

// TestKeepLimit: past keptLimit files of a kind, the least recently used
// go, other kinds and other files staying.
func TestKeepLimit(t *testing.T) {
	cache := &model.Cache{Dir: t.TempDir(), Version: "v"}
	os.WriteFile(filepath.Join(cache.Dir, "entries.cache"), []byte("x"), 0o600)
	Keep(cache, "card", "k", func() ([]byte, error) { return []byte("card"), nil })
	old := time.Now().Add(-time.Hour)
	for i := range keptLimit {
		key := fmt.Sprint(i)
		Keep(cache, "cover", key, func() ([]byte, error) { return []byte(key), nil })
		at := old.Add(time.Duration(i) * time.Minute)
		os.Chtimes(keptName(t, cache, "cover", key), at, at)
	}
	// the oldest used again, then four more made: 1 to 4 go
	Keep(cache, "cover", "0", func() ([]byte, error) { t.Error("0 made again"); return nil, nil })
	for i := range 4 {
		key := fmt.Sprint("new", i)
		Keep(cache, "cover", key, func() ([]byte, error) { return []byte(key), nil })
	}
	des, _ := os.ReadDir(cache.Dir)
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	covers := 0
	for _, n := range names {
		if strings.HasPrefix(n, "cover-") {
			covers++
		}
	}
	if covers != keptLimit {
		t.Errorf("%d covers kept, want %d", covers, keptLimit)
	}
	for _, key := range []string{"0", "5", fmt.Sprint(keptLimit - 1), "new3"} {
		if _, err := os.Stat(keptName(t, cache, "cover", key)); err != nil {
			t.Errorf("cover %s, recently used, was removed", key)
		}
	}
	for _, key := range []string{"1", "2", "3", "4"} {
		if _, err := os.Stat(keptName(t, cache, "cover", key)); err == nil {
			t.Errorf("cover %s, the least recently used, was kept", key)
		}
	}
	if _, err := os.Stat(filepath.Join(cache.Dir, "entries.cache")); err != nil {
		t.Error("another file was removed")
	}
	if _, err := os.Stat(keptName(t, cache, "card", "k")); err != nil {
		t.Error("another kind was removed")
	}
}

// TestKeepConcurrent: calls at once for the same bytes all get them
// (run with -race).
func TestKeepConcurrent(t *testing.T) {
	cache := &model.Cache{Dir: t.TempDir(), Version: "v"}
	want := bytes.Repeat([]byte("cover "), 10000)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 20 {
				b, err := Keep(cache, "cover", "k", func() ([]byte, error) { return want, nil })
				if err != nil || !bytes.Equal(b, want) {
					t.Errorf("%d bytes, %v", len(b), err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestKeptPut: Put keeps bytes that Kept then returns and Keep uses
// without making them, a second Put replaces them, damaged bytes are not
// returned, and a nil cache keeps nothing.
func TestKeptPut(t *testing.T) {
	cache := &model.Cache{Dir: t.TempDir(), Version: "v"}
	if _, ok := Kept(cache, "shapes", "k"); ok {
		t.Fatal("Kept returned bytes nothing kept")
	}
	Put(cache, "shapes", "k", []byte("one"))
	if b, ok := Kept(cache, "shapes", "k"); !ok || string(b) != "one" {
		t.Fatalf("Kept = %q, %v after Put one", b, ok)
	}
	Put(cache, "shapes", "k", []byte("two"))
	b, err := Keep(cache, "shapes", "k", func() ([]byte, error) { t.Error("Keep made what Put kept"); return nil, nil })
	if err != nil || string(b) != "two" {
		t.Fatalf("Keep = %q, %v after Put two", b, err)
	}
	if _, ok := Kept(cache, "shapes", "other"); ok {
		t.Error("Kept returned bytes for another key")
	}
	if _, ok := Kept(&model.Cache{Dir: cache.Dir, Version: "w"}, "shapes", "k"); ok {
		t.Error("Kept returned bytes kept by another version")
	}
	name := keptName(t, cache, "shapes", "k")
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 1
	if err := os.WriteFile(name, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if b, ok := Kept(cache, "shapes", "k"); ok {
		t.Errorf("Kept returned damaged bytes %q", b)
	}
	Put(cache, "big", "k", make([]byte, MaxKept+1))
	if big, _ := filepath.Glob(filepath.Join(cache.Dir, "big-*")); len(big) > 0 {
		t.Errorf("bytes over MaxKept were written: %q", big)
	}
	Put(nil, "shapes", "k", []byte("x"))
	if _, ok := Kept(nil, "shapes", "k"); ok {
		t.Error("a nil cache kept bytes")
	}
}
