package model

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
)

// statWalk finds the files walkEntries finds under root, in the same
// order, and checks each against a list: match(pos, dirRel, name) is
// called for the pos-th file (dirRel its folder relative to root with
// forward slashes, "" at the top) in order on one goroutine, and
// stat(pos, size, mtime) with its size and modification time from
// several goroutines. It stops at the first false and reports whether
// every call returned true and every folder and file could be read.
// Folders are read with one call each and files checked in parallel,
// without the per-file allocations of filepath.WalkDir and os.Lstat.
func statWalk(root string, drafts bool, match func(pos int, dirRel, name string) bool, stat func(pos int, size, mtime int64) bool) bool {
	info, err := os.Lstat(root)
	if err != nil {
		return false
	}
	if !info.IsDir() {
		return true // walkEntries finds nothing under a link
	}
	templates := vaultTemplateFolders(root)
	type job struct {
		pos  int
		path string
	}
	var failed atomic.Bool
	jobs := make(chan []job, 16)
	var wg sync.WaitGroup
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for b := range jobs {
				if failed.Load() {
					continue
				}
				for _, j := range b {
					size, mtime, err := lstatStamp(j.path, &buf)
					if err != nil || !stat(j.pos, size, mtime) {
						failed.Store(true)
						break
					}
				}
			}
		}()
	}
	pos := 0
	var batch []job
	var walk func(dir, rel string) bool
	walk = func(dir, rel string) bool {
		ents, err := os.ReadDir(dir) // sorted by name, as filepath.WalkDir reads
		if err != nil {
			return false
		}
		for _, d := range ents {
			if failed.Load() {
				return false
			}
			name := d.Name()
			if d.IsDir() {
				sub := name
				if rel != "" {
					sub = rel + "/" + name
				}
				if skipFolder(name, sub, drafts, templates) {
					continue
				}
				if !walk(dir+string(filepath.Separator)+name, sub) {
					return false
				}
				continue
			}
			if strings.HasPrefix(name, ".") || !d.Type().IsRegular() || !IsMarkdown(name) {
				continue
			}
			if !match(pos, rel, name) {
				return false
			}
			batch = append(batch, job{pos, dir + string(filepath.Separator) + name})
			pos++
			if len(batch) == 256 {
				jobs <- batch
				batch = make([]job, 0, 256)
			}
		}
		return true
	}
	ok := walk(root, "")
	if len(batch) > 0 {
		jobs <- batch
	}
	close(jobs)
	wg.Wait()
	return ok && !failed.Load()
}
