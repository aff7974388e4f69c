package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestCitationLeftToRightInRTLBook: citations are written in English
// (books.CitationLang), so in an Arabic book an English source's
// citation still reads left to right: the translator's name comes
// before the place and the publisher, on the left, as an English reader
// expects, and not field by field from the right.
func TestCitationLeftToRightInRTLBook(t *testing.T) {
	need(t, "pdftotext")
	src := "---\ntitle: The Analects\nauthor: Confucius\ntranslator: James Legge\npublisher: Trübner\nplace: London\ndate: 1861\n---\n\n> Is it not pleasant to learn with a constant perseverance and application?\n"
	e, probs := model.ParseEntry("analects.md", []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	c := &model.Collection{Settings: model.Settings{Title: "كتاب", Language: "ar"}, Entries: []*model.Entry{e}}
	var buf bytes.Buffer
	if err := Encode(&buf, c, &Options{}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "rtl.pdf")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	re := regexp.MustCompile(`<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="[0-9.]+">([^<]*)</word>`)
	type pos struct {
		x float64
		y string
	}
	// the first line of the entry's citation: the one with "Legge"
	var legge, london *pos
	for _, m := range re.FindAllStringSubmatch(string(out), -1) {
		x, _ := strconv.ParseFloat(m[1], 64)
		switch {
		case strings.Contains(m[3], "Legge"):
			if legge == nil {
				legge = &pos{x, m[2]}
			}
		case strings.Contains(m[3], "London"):
			if london == nil && legge != nil && m[2] == legge.y {
				london = &pos{x, m[2]}
			}
		}
	}
	if legge == nil || london == nil {
		t.Fatalf("no citation line with both Legge and London:\n%s", out)
	}
	if legge.x >= london.x {
		t.Errorf("citation runs right to left: Legge at x=%.1f, London at x=%.1f", legge.x, london.x)
	}
}
