package pdf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/layouts"
)

// absurdLayout returns the embedded A5 layout with old replaced by new.
func absurdLayout(t *testing.T, old, new string) string {
	t.Helper()
	b, _, err := layouts.Read("", "pdf/a5.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("a5.yaml has no %q", old)
	}
	return strings.Replace(string(b), old, new, 1)
}

// Absurd layouts are refused at the layout file's line, each problem of
// the file in one message.
func TestLayoutRefusesAbsurd(t *testing.T) {
	for _, c := range []struct{ name, old, new, want string }{
		{"nan width", "width: 148mm", "width: NaN", `:6: "NaN" is not a length`},
		{"inf height", "height: 210mm", "height: .inf", `:6: ".inf" is not a length`},
		{"negative", "inner: 14mm", "inner: -3mm", `:7: "-3" is not a length`},
		{"zero page", "width: 148mm", "width: 0", ":6: page.width: 0.0 pt is not between 72 pt"},
		{"huge page", "height: 210mm", "height: 90000", ":6: page.height: 90000.0 pt is not between"},
		{"tiny page big font", "page: {width: 148mm, height: 210mm}", "page: {width: 72, height: 72}\n# x", ":8: margins: inner"},
		{"margins eat page", "top: 17mm", "top: 200mm", ":7: margins: top 566.9 pt"},
		{"font too big", "body:       {font: serif, size: 10, leading: 13.6}", "body:       {font: serif, size: 200, leading: 240}", ":9: text.body: size 200.0 pt does not fit"},
		{"zero size", "verse:      {font: serif, size: 10,", "verse:      {font: serif, size: 0,", ":10: text.verse: size 0.0 pt is not between 4 and 200"},
		{"leading huge", "leading: 13.6}", "leading: 100000}", ":9: text.body: leading 100000.0 pt does not fit"},
		{"entry space", "entry: 20pt", "entry: 9000pt", "spacing.entry: 9000.0 pt is not less than half"},
		{"running off page", "running: 7mm", "running: 90mm", "spacing.running: 255.1 pt puts the running head"},
		{"not yaml", "page: {width: 148mm, height: 210mm}", "page: {width: [", ":5: did not find expected"},
	} {
		_, err := ParseLayout([]byte(absurdLayout(t, c.old, c.new)))
		if err == nil {
			t.Errorf("%s: accepted", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v\nwant it to contain %q", c.name, err, c.want)
		}
	}
}

// Every embedded layout passes its own checks.
func TestEmbeddedLayoutsValid(t *testing.T) {
	for _, n := range layouts.Names("", "pdf", ".yaml") {
		if _, err := LoadLayout("", n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}

// A collection's layout is named by its path inside the collection in
// errors, with the line; several problems come in one message.
func TestLoadLayoutErrorNamesFileAndLine(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "layouts", "pdf"), 0o755); err != nil {
		t.Fatal(err)
	}
	y := absurdLayout(t, "body:       {font: serif, size: 10, leading: 13.6}", "body:       {font: serif, size: 200, leading: 100000}")
	y = strings.Replace(y, "entry: 20pt", "entry: 9000pt", 1)
	if err := os.WriteFile(filepath.Join(dir, "layouts", "pdf", "big.yaml"), []byte(y), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := LoadLayout(dir, "big")
	for _, want := range []string{"pdf: layout layouts/pdf/big.yaml:9: text.body: size 200.0 pt does not fit", "; :9: text.body: leading 100000.0 pt", ":27: spacing.entry"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v, want it to contain %q", err, want)
		}
	}
}
