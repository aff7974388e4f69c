package pdf

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestParseConfig: the pdf: section parsed, validated at its lines and
// resolved over the defaults; the old top-level keys still read, with a
// warning.
func TestParseConfig(t *testing.T) {
	for _, tc := range []struct {
		rendertest.SettingsCase
		want Config
	}{
		{rendertest.SettingsCase{Name: "no file"}, Config{Layout: "a5"}},
		{rendertest.SettingsCase{Name: "no section", YAML: "title: T\n"}, Config{Layout: "a5"}},
		{rendertest.SettingsCase{Name: "empty section", YAML: "title: T\npdf:\n"}, Config{Layout: "a5"}},
		{rendertest.SettingsCase{Name: "set", YAML: "title: T\npdf:\n  layout: 6x9\n  print: true\n"}, Config{Layout: "6x9", Print: true}},
		{rendertest.SettingsCase{Name: "print false", YAML: "pdf:\n  print: false\n"}, Config{Layout: "a5"}},
		{rendertest.SettingsCase{Name: "own layout", YAML: "pdf:\n  layout: mine\n",
			Files: map[string]string{"layouts/pdf/mine.yaml": a5Layout(t)}}, Config{Layout: "mine"}},
		{rendertest.SettingsCase{Name: "bad values", YAML: "title: T\npdf:\n  layout: nosuch\n  print: maybe\n  colour: red\n",
			Problems: []string{"3: setting pdf.layout: layouts: no layout \"pdf/nosuch.yaml\"", "4: setting pdf.print: \"maybe\" is not true or false",
				"5: warning: unknown setting \"colour\" in pdf (known: layout, print)"}},
			// a layout that does not load is an error: the config keeps the name
			Config{Layout: "nosuch"}},
		{rendertest.SettingsCase{Name: "outside", YAML: "pdf:\n  layout: ../../etc/x\n",
			Problems: []string{"2: setting pdf.layout: \"../../etc/x\" leaves the collection's layouts folder"}}, Config{Layout: "a5"}},
		{rendertest.SettingsCase{Name: "not fields", YAML: "pdf: big\n",
			Problems: []string{"1: setting pdf: must be fields (key: value)"}}, Config{Layout: "a5"}},
		{rendertest.SettingsCase{Name: "deprecated", YAML: "title: T\nlayout: letter\nprint: true\n",
			Problems: []string{"2: warning: setting layout: deprecated, use pdf.layout", "3: warning: setting print: deprecated, use pdf.print"}},
			Config{Layout: "letter", Print: true}},
		{rendertest.SettingsCase{Name: "deprecated and new", YAML: "layout: letter\npdf:\n  layout: a4\n",
			Problems: []string{"1: warning: setting layout: deprecated and ignored, pdf.layout is set"}}, Config{Layout: "a4"}},
	} {
		rendertest.CheckConfig(t, ParseConfig, tc.SettingsCase, tc.want)
	}
}

// TestConfigFlagOverride: a flag sets a resolved field either way
// (render --print=false over pdf.print: true, --print over none), and
// the book is then the one of a collection that says so.
func TestConfigFlagOverride(t *testing.T) {
	rendertest.CheckFlagOverride(t, rendertest.FlagOverride[Config]{
		Renderer: Renderer{}, Section: "pdf", Parse: ParseConfig,
		OnYAML: "title: T\npdf:\n  print: true\n",
		Get:    func(c Config) bool { return c.Print },
		Set:    func(c *Config, v bool) { c.Print = v },
		Flag:   "--print", Setting: "pdf.print",
	})
}

// a5Layout returns the built-in a5 layout's text, for a layout of the
// collection's own.
func a5Layout(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "layouts", "pdf", "a5.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
