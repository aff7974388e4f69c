// Package layouts holds Commonplace's layouts as data: page specs for the
// PDF (layouts/pdf/NAME.yaml), style sheets for the EPUB
// (layouts/epub/NAME.css) and any other templates, embedded as defaults.
// A collection's own layouts/ folder overrides any of them by the same
// relative name, the way Hugo's theme lookup works.
package layouts

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/commonplace-book/commonplace/internal/confine"
)

//go:embed pdf epub labels README.md
var embedded embed.FS

// Read returns the layout file at rel (slash-separated, such as
// "pdf/a5.yaml"), from root/layouts/rel when that file exists, else from the
// embedded defaults. The second result says where it came from. rel must
// stay inside layouts/: "..", absolute paths and backslashes are refused,
// and so is a collection file that is not a regular file, is a symbolic
// link resolving outside the collection, or is over 1 MB.
func Read(root, rel string) ([]byte, string, error) {
	if err := checkRel(rel); err != nil {
		return nil, "", err
	}
	if root != "" {
		p := filepath.Join(root, "layouts", filepath.FromSlash(rel))
		b, err := confine.ReadFile(root, path.Join("layouts", rel), confine.MaxSettingsSize)
		if err == nil {
			return b, p, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, "", fmt.Errorf("layouts: %w", err)
		}
	}
	b, err := embedded.ReadFile(rel)
	if err != nil {
		return nil, "", fmt.Errorf("layouts: no layout %q (known: %s)", rel, strings.Join(List(root, path.Dir(rel)), ", "))
	}
	return b, "embedded:" + rel, nil
}

// List returns the file names (without folder) available under dir, such
// as "pdf", from both the collection's layouts/ and the embedded defaults,
// sorted and without duplicates.
func List(root, dir string) []string {
	seen := map[string]bool{}
	if ents, err := fs.ReadDir(embedded, dir); err == nil {
		for _, e := range ents {
			if !e.IsDir() {
				seen[e.Name()] = true
			}
		}
	}
	if root != "" && checkRel(dir) == nil {
		if ents, err := os.ReadDir(filepath.Join(root, "layouts", filepath.FromSlash(dir))); err == nil {
			for _, e := range ents {
				if !e.IsDir() && !strings.HasPrefix(e.Name(), ".") {
					seen[e.Name()] = true
				}
			}
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Names returns the layout names under dir with extension ext removed:
// Names(root, "pdf", ".yaml") gives ["6x9", "a4", "a5", "letter"].
func Names(root, dir, ext string) []string {
	var out []string
	for _, n := range List(root, dir) {
		if strings.HasSuffix(n, ext) {
			out = append(out, strings.TrimSuffix(n, ext))
		}
	}
	return out
}

func checkRel(rel string) error {
	if rel == "" || strings.Contains(rel, `\`) || path.IsAbs(rel) || !fs.ValidPath(rel) {
		return fmt.Errorf("layouts: invalid layout path %q", rel)
	}
	return nil
}
