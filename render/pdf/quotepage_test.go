package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestQuotePages: imported highlights carry their own pages; the PDF
// prints each quote's page after it when they differ, and the one page
// in the citation when they agree.
func TestQuotePages(t *testing.T) {
	need(t, "pdftotext")
	parse := func(name, src string) *model.Entry {
		e, probs := model.ParseEntry(name, []byte(src))
		if e == nil || model.Errors(probs) > 0 {
			t.Fatalf("parse %s: %v", name, probs)
		}
		return e
	}
	two := parse("two.md", "---\ntitle: The Lantern Keeper\nauthor: Mira Ashdown\npublisher: Harbour Press\ndate: 2019\n---\n\n> FIRST passage.\n> — page 12, location 180-183\n\n> SECOND passage.\n> — page 30\n")
	one := parse("one.md", "---\ntitle: Old Roads\nauthor: Eli Tarn\npublisher: Harbour Press\ndate: 2020\n---\n\n> ONLY passage.\n> — page 77\n")
	c := &model.Collection{Settings: model.Settings{Title: "T", Language: "en", Group: "none"}, Entries: []*model.Entry{two, one}}
	var buf bytes.Buffer
	if err := Encode(&buf, c, &Options{}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "pages.pdf")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(strings.ReplaceAll(string(out), "\u00a0", " ")), " ")
	for _, w := range []string{
		"FIRST passage. (12)",
		"SECOND passage. (30)",
		"— Mira Ashdown, The Lantern Keeper (Harbour Press, 2019).",
		"ONLY passage. —", // no locator: the citation gives the page
		"— Eli Tarn, Old Roads (Harbour Press, 2020), 77.",
	} {
		if !strings.Contains(text, w) {
			t.Errorf("%q missing from:\n%s", w, text)
		}
	}
}
