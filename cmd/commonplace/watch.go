package main

import (
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/model"
)

// watch polls dir every interval and calls rebuild when an entry,
// commonplace.yaml or a file under layouts/ changed, once the tree has
// been quiet for one more interval (debounce; editors' atomic saves and
// bursts of changes give one rebuild). It skips outDir, hidden folders and
// _site/, and returns when ctx is done. Polling needs no platform support
// and sees changes in every nested folder.
func watch(ctx context.Context, dir, outDir string, interval time.Duration, rebuild func()) {
	last := snapshot(dir, outDir)
	pending := false
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		now := snapshot(dir, outDir)
		switch {
		case now != last:
			last, pending = now, true // changed: wait until it settles
		case pending:
			pending = false
			rebuild()
		}
	}
}

// snapshot summarises the watched files' names, sizes and times.
func snapshot(dir, outDir string) string {
	var b strings.Builder
	absOut, _ := filepath.Abs(outDir)
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != dir && (strings.HasPrefix(name, ".") || name == "_site" || name == "node_modules") {
				return filepath.SkipDir
			}
			if abs, _ := filepath.Abs(p); abs == absOut {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(name, ".") {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if !(model.IsMarkdown(name) || rel == model.SettingsFile || strings.HasPrefix(rel, "layouts/")) {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		fmt.Fprintf(&b, "%s\x00%d\x00%d\n", rel, info.ModTime().UnixNano(), info.Size())
		return nil
	})
	return b.String()
}
