package confine

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestInside(t *testing.T) {
	for rel, want := range map[string]bool{
		"a.txt": true, "sub/a.txt": true, "sub/../a.txt": true, "./a": true,
		"": false, "/tmp/x": false, "../x": false, "..": false, "a/../../x": false,
	} {
		if got := Inside(rel); got != want {
			t.Errorf("Inside(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestReadFile(t *testing.T) {
	root := t.TempDir()
	write := func(name string, size int) {
		if err := os.WriteFile(filepath.Join(root, name), []byte(strings.Repeat("x", size)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ok.yaml", 10)
	write("big.yaml", 2000)
	if err := os.Symlink("/etc/passwd", filepath.Join(root, "passwd")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("ok.yaml", filepath.Join(root, "inner")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(root, "fifo"), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(root, "ok.yaml", 1000); err != nil || len(b) != 10 {
		t.Errorf("ok.yaml: %d bytes, %v", len(b), err)
	}
	if b, err := ReadFile(root, "inner", 1000); err != nil || len(b) != 10 {
		t.Errorf("inner link: %d bytes, %v", len(b), err)
	}
	if _, err := ReadFile(root, "missing", 1000); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v, want not exist", err)
	}
	for _, c := range []struct{ root, rel, want string }{
		{root, "big.yaml", "larger than"},
		{root, "passwd", "resolves outside"},
		{root, "fifo", "not a regular file"},
		{root, "../x", "leaves the collection"},
		{root, "/etc/passwd", "leaves the collection"},
		{"/dev", "zero", "not a regular file"},
		{root, ".", "not a regular file"},
	} {
		done := make(chan error, 1)
		go func() { _, err := ReadFile(c.root, c.rel, 1000); done <- err }()
		select {
		case err := <-done:
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s: %v, want %q", c.rel, err, c.want)
			} else if strings.Contains(err.Error(), "root:") {
				t.Errorf("%s: error shows the content: %v", c.rel, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("%s: ReadFile hangs", c.rel)
		}
	}
}
