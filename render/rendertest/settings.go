package rendertest

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
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
	files := map[string]string{"a.md": "---\ntitle: A\nauthor: Ann Author\ndate: 2001\n---\n\n\"A quotation long enough to wrap at twenty columns if it were wrapped.\"\n"}
	if tc.YAML != "" {
		files[model.SettingsFile] = tc.YAML
	}
	for k, v := range tc.Files {
		files[k] = v
	}
	return LoadFiles(t, files)
}

// LoadFiles writes files (contents by slash-separated path) into a
// temporary folder and loads it as a collection.
func LoadFiles(t testing.TB, files map[string]string) *model.Collection {
	t.Helper()
	dir := t.TempDir()
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

// CheckConfig loads the case's collection and checks that parse gives
// its problems (see CheckProblems) and the config want.
func CheckConfig[C comparable](t *testing.T, parse func(*model.Collection) (C, []model.Problem), tc SettingsCase, want C) {
	t.Helper()
	c := SettingsCollection(t, tc)
	got, probs := parse(c)
	CheckProblems(t, tc, c, probs)
	if got != want {
		t.Errorf("%s: config %+v, want %+v", tc.Name, got, want)
	}
}

// FlagOverride describes a boolean setting of a renderer that a command
// line flag overrides either way (render --print=false over pdf.print:
// true, --print over none).
type FlagOverride[C any] struct {
	// Renderer and Section render with a config given in
	// render.Options.Configs under Section.
	Renderer render.Renderer
	Section  string
	// Parse is the renderer's ParseConfig.
	Parse func(*model.Collection) (C, []model.Problem)
	// OnYAML is a commonplace.yaml that turns the setting on.
	OnYAML string
	// Get and Set read and set the setting in a resolved config.
	Get func(C) bool
	Set func(*C, bool)
	// Flag and Setting name them in messages ("--print", "pdf.print").
	Flag, Setting string
}

// CheckFlagOverride checks that the flag sets the resolved field either
// way, and that the output is then the one of a collection whose
// settings say so (and that the setting changes the output at all).
func CheckFlagOverride[C any](t *testing.T, f FlagOverride[C]) {
	t.Helper()
	out := func(c *model.Collection, cfg C) []byte {
		t.Helper()
		var b bytes.Buffer
		o := render.Options{Now: Now, Configs: render.Configs{f.Section: cfg}}
		if err := f.Renderer.Render(&b, c, o); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	on := SettingsCollection(t, SettingsCase{YAML: f.OnYAML})
	off := SettingsCollection(t, SettingsCase{YAML: "title: T\n"})
	onCfg, _ := f.Parse(on)
	offCfg, _ := f.Parse(off)
	if !f.Get(onCfg) || f.Get(offCfg) {
		t.Fatalf("parsed %+v and %+v", onCfg, offCfg)
	}
	flagOff, flagOn := onCfg, offCfg
	f.Set(&flagOff, false)
	f.Set(&flagOn, true)
	if !bytes.Equal(out(on, flagOff), out(off, offCfg)) {
		t.Errorf("%s=false over %s: true is not the output without it", f.Flag, f.Setting)
	}
	if !bytes.Equal(out(off, flagOn), out(on, onCfg)) {
		t.Errorf("%s over no %s is not the output with it", f.Flag, f.Setting)
	}
	if bytes.Equal(out(on, onCfg), out(off, offCfg)) {
		t.Errorf("the outputs with and without %s are the same", f.Setting)
	}
}
