package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/model"
)

// watch polls dir every interval and calls rebuild when an entry,
// commonplace.yaml or a file under layouts/ changed, once the tree has
// been quiet for one more interval (debounce; editors' atomic saves and
// bursts of changes give one rebuild). It returns when ctx is done.
// Polling needs no platform support and sees changes in every nested
// folder.
func watch(ctx context.Context, dir, outDir string, drafts bool, interval time.Duration, rebuild func()) {
	t := time.NewTicker(interval)
	defer t.Stop()
	w := newWatcher(dir, outDir, drafts)
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if w.poll() {
			rebuild()
		}
	}
}

// watcher remembers the watched files between polls.
type watcher struct {
	dir, absOut string
	drafts      bool
	last        string
	pending     bool
}

func newWatcher(dir, outDir string, drafts bool) *watcher {
	abs, _ := filepath.Abs(outDir)
	w := &watcher{dir: dir, absOut: abs, drafts: drafts}
	w.last = w.snapshot()
	return w
}

// poll takes a snapshot and reports whether a rebuild is due: the files
// changed at an earlier poll and have not changed since.
func (w *watcher) poll() bool {
	now := w.snapshot()
	switch {
	case now != w.last:
		w.last, w.pending = now, true // changed: wait until it settles
	case w.pending:
		w.pending = false
		return true
	}
	return false
}

// snapshot summarises the watched files' names, sizes and times: the
// entries the loader reads (its own walker, so the same files are
// skipped), commonplace.yaml and the files under layouts/, less anything
// inside the output folder.
func (w *watcher) snapshot() string {
	var b strings.Builder
	add := func(rel string) {
		p := filepath.Join(w.dir, filepath.FromSlash(rel))
		if abs, _ := filepath.Abs(p); w.absOut != "" && strings.HasPrefix(abs, w.absOut+string(filepath.Separator)) {
			return
		}
		info, err := os.Lstat(p)
		if err != nil {
			return
		}
		fmt.Fprintf(&b, "%s\x00%d\x00%d\n", rel, info.ModTime().UnixNano(), info.Size())
	}
	model.WalkEntries(w.dir, w.drafts, add)
	add(model.SettingsFile)
	layouts := filepath.Join(w.dir, "layouts")
	filepath.WalkDir(layouts, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		rel, _ := filepath.Rel(w.dir, p)
		add(filepath.ToSlash(rel))
		return nil
	})
	return b.String()
}
