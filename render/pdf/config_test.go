package pdf

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
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
		c := rendertest.SettingsCollection(t, tc.SettingsCase)
		got, probs := ParseConfig(c)
		rendertest.CheckProblems(t, tc.SettingsCase, c, probs)
		if got != tc.want {
			t.Errorf("%s: config %+v, want %+v", tc.Name, got, tc.want)
		}
	}
}

// TestConfigFlagOverride: a flag sets a resolved field either way
// (render --print=false over pdf.print: true, --print over none), and
// the book is then the one of a collection that says so.
func TestConfigFlagOverride(t *testing.T) {
	pdfOf := func(c *model.Collection, cfg Config) []byte {
		t.Helper()
		var b bytes.Buffer
		o := render.Options{Now: rendertest.Now, Configs: render.Configs{"pdf": cfg}}
		if err := (Renderer{}).Render(&b, c, o); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	on := rendertest.SettingsCollection(t, rendertest.SettingsCase{YAML: "title: T\npdf:\n  print: true\n"})
	off := rendertest.SettingsCollection(t, rendertest.SettingsCase{YAML: "title: T\n"})
	onCfg, _ := ParseConfig(on)
	offCfg, _ := ParseConfig(off)
	if !onCfg.Print || offCfg.Print {
		t.Fatalf("parsed %+v and %+v", onCfg, offCfg)
	}
	flagOff, flagOn := onCfg, offCfg
	flagOff.Print, flagOn.Print = false, true
	if !bytes.Equal(pdfOf(on, flagOff), pdfOf(off, offCfg)) {
		t.Error("--print=false over pdf.print: true is not the screen PDF")
	}
	if !bytes.Equal(pdfOf(off, flagOn), pdfOf(on, onCfg)) {
		t.Error("--print over no pdf.print is not the print PDF")
	}
	if bytes.Equal(pdfOf(on, onCfg), pdfOf(off, offCfg)) {
		t.Error("the print and screen PDFs are the same")
	}
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
