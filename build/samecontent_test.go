package build

import (
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestSameContentInChunks: files are compared chunk by chunk, a difference
// anywhere (the last byte of a large file too) is seen.
func TestSameContentInChunks(t *testing.T) {
	dir := t.TempDir()
	big := make([]byte, 300<<10+17)
	for i := range big {
		big[i] = byte(i * 7)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := write("a", big)
	b := write("b", big)
	last := append([]byte(nil), big...)
	last[len(last)-1]++
	c := write("c", last)
	d := write("d", big[:len(big)-1])
	e := write("e", nil)
	f := write("f", nil)
	for _, tc := range []struct {
		x, y string
		want bool
	}{{a, b, true}, {a, c, false}, {a, d, false}, {e, f, true}, {a, e, false}} {
		if got, _ := sameContent(tc.x, tc.y); got != tc.want {
			t.Errorf("sameContent(%s, %s) = %v, want %v", filepath.Base(tc.x), filepath.Base(tc.y), got, tc.want)
		}
	}
	if got, _ := sameContent(a, filepath.Join(dir, "missing")); got {
		t.Error("a missing file is the same")
	}
}

// TestUnchangedNotFlushed: commit flushes to disk only the files that
// replace one (a rebuild that changes nothing flushes nothing), leaves an
// unchanged file as it was and removes its temporary file.
func TestUnchangedNotFlushed(t *testing.T) {
	dir := t.TempDir()
	var synced []string
	syncFile = func(f *os.File) error {
		synced = append(synced, filepath.Base(f.Name()))
		return f.Sync()
	}
	defer func() { syncFile = (*os.File).Sync }()
	write := func(contents map[string]string) bool {
		t.Helper()
		synced = nil
		s := &fileSet{dir: dir}
		for _, name := range []string{"a.txt", "b.txt"} {
			w, err := s.create(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := io.WriteString(w, contents[name]); err != nil {
				t.Fatal(err)
			}
		}
		_, changed, _, err := s.commit()
		if err != nil {
			t.Fatal(err)
		}
		return changed
	}
	if !write(map[string]string{"a.txt": "one", "b.txt": "two"}) || len(synced) != 2 {
		t.Fatalf("new files: %d flushed, want 2", len(synced))
	}
	before, err := os.Stat(filepath.Join(dir, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if write(map[string]string{"a.txt": "one", "b.txt": "two"}) || len(synced) != 0 {
		t.Errorf("unchanged files: changed or %d flushed (%v), want none", len(synced), synced)
	}
	if write(map[string]string{"a.txt": "one", "b.txt": "three"}) == false || len(synced) != 1 {
		t.Errorf("one file changed: %d flushed (%v), want 1", len(synced), synced)
	}
	after, err := os.Stat(filepath.Join(dir, "a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !os.SameFile(before, after) {
		t.Error("the unchanged a.txt was replaced")
	}
	for name, want := range map[string]string{"a.txt": "one", "b.txt": "three"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err != nil || string(b) != want {
			t.Errorf("%s = %q, %v; want %q", name, b, err, want)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 2 {
		t.Errorf("%d files left in the folder, want 2", len(ents))
	}
}
