//go:build unix

package build

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/feed"
)

// TestWriteIntoNamedPipe checks that an output path naming a named pipe
// (or a device: render -o /dev/null) is written into, never replaced by
// a regular file renamed over it; that the companion files (fortune's
// .dat) are not put beside it, as with standard output; and that a render
// that fails opens it not at all (a pipe without a reader would block).
func TestWriteIntoNamedPipe(t *testing.T) {
	dir := t.TempDir()
	c := quotesCollection(5)
	want := filepath.Join(dir, "plain")
	if _, err := WriteFile(nil, want, feed.Fortune{}, c, render.Options{}); err != nil {
		t.Fatal(err)
	}
	wantBytes, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}

	pipeDir := t.TempDir()
	pipe := filepath.Join(pipeDir, "quotes")
	if err := syscall.Mkfifo(pipe, 0o600); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	got := make(chan []byte, 1)
	go func() {
		f, err := os.Open(pipe)
		if err != nil {
			got <- nil
			return
		}
		b, _ := io.ReadAll(f)
		f.Close()
		got <- b
	}()
	changed, err := WriteFile(nil, pipe, feed.Fortune{}, c, render.Options{})
	if err != nil || !changed {
		t.Fatalf("writing into the pipe: changed %v, %v", changed, err)
	}
	select {
	case b := <-got:
		if string(b) != string(wantBytes) {
			t.Errorf("the pipe's reader got %d bytes, want the %d of the file", len(b), len(wantBytes))
		}
	case <-time.After(10 * time.Second):
		t.Error("nothing was written into the pipe")
	}
	info, err := os.Lstat(pipe)
	if err != nil || info.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the named pipe was replaced: %v, %v", info.Mode(), err)
	}
	entries, _ := os.ReadDir(pipeDir)
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files beside the pipe: %q, want only the pipe", names)
	}

	// A failing render returns without opening the pipe (nobody reads it).
	if _, err := WriteFile(nil, pipe, failing{}, c, render.Options{}); err == nil {
		t.Error("a failing render into the pipe reported no error")
	}
}

// failing is a renderer that fails after writing part of its output.
type failing struct{ feed.Fortune }

func (failing) Render(w io.Writer, c *model.Collection, o render.Options) error {
	w.Write([]byte("half"))
	return errors.New("failed on purpose")
}

func (failing) RenderFiles(create render.Create, main string, c *model.Collection, o render.Options) error {
	w, err := create(main)
	if err != nil {
		return err
	}
	return failing{}.Render(w, c, o)
}
