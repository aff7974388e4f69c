package rendertest

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// SettingsCase is one row of a renderer's table test of its Config:
// commonplace.yaml as written, and the problems expected of it.
type SettingsCase struct {
	// Name names the case.
	Name string
	// YAML is commonplace.yaml ("" means the collection has none).
	YAML string
	// Files are other files of the collection (a cover image, a
	// layout), by path.
	Files map[string]string
	// Problems are the problems expected from reading the file and
	// parsing the renderer's section, each the start of its String()
	// after "commonplace.yaml:" ("3: warning: unknown setting", "4:
	// setting pdf.print: cannot unmarshal"), by line; no other
	// problem may be reported.
	Problems []string
}

// SettingsCollection writes the case's files and one entry into a
// temporary folder and loads it.
func SettingsCollection(t testing.TB, tc SettingsCase) *model.Collection {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{"a.md": "---\ntitle: A\nauthor: Ann Author\ndate: 2001\n---\n\n\"A quotation long enough to wrap at twenty columns if it were wrapped.\"\n"}
	if tc.YAML != "" {
		files[model.SettingsFile] = tc.YAML
	}
	for k, v := range tc.Files {
		files[k] = v
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// CheckProblems fails the test unless the problems of c that name
// commonplace.yaml (the model's: deprecated keys) and parsed (the
// renderer's), by line, are exactly the case's.
func CheckProblems(t testing.TB, tc SettingsCase, c *model.Collection, parsed []model.Problem) {
	t.Helper()
	all := append(append([]model.Problem(nil), c.Problems...), parsed...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].Line < all[j].Line })
	var got []string
	for _, p := range all {
		if p.Path == model.SettingsFile {
			got = append(got, strings.TrimPrefix(p.String(), model.SettingsFile+":"))
		} else {
			got = append(got, p.String())
		}
	}
	ok := len(got) == len(tc.Problems)
	for i := 0; ok && i < len(got); i++ {
		ok = strings.HasPrefix(got[i], tc.Problems[i])
	}
	if !ok {
		t.Errorf("%s: problems\n  %s\nwant\n  %s", tc.Name, strings.Join(got, "\n  "), strings.Join(tc.Problems, "\n  "))
	}
}
