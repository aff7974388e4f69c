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

// TestBodyOrder: the PDF prints commentary where it was written, the
// citation right after the last quote, and commentary after the citation
// only when it came after the last quote in the file.
func TestBodyOrder(t *testing.T) {
	need(t, "pdftotext")
	src := "---\ntitle: Order\nauthor: Jane Austen\ndate: 1813\n---\n\nBEFORE one.\n\n\"QUOTE one,\n\nstill QUOTE one.\"\n\nBETWEEN the two.\n\n\"QUOTE two.\"\n\nAFTER all.\n"
	doc := entryPDF(t, "order.md", src, model.Settings{Title: "T", Language: "en"})
	p := filepath.Join(t.TempDir(), "order.pdf")
	if err := os.WriteFile(p, doc, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := string(out)
	text = text[strings.Index(text, "Jane Austen"):] // the entry, past the contents
	last := -1
	for _, w := range []string{"BEFORE one", "QUOTE one", "still QUOTE one", "BETWEEN the two", "QUOTE two", "— Jane Austen", "AFTER all"} {
		i := strings.Index(text, w)
		if i < 0 {
			t.Fatalf("%q missing from:\n%s", w, text)
		}
		if i < last {
			t.Errorf("%q is out of order in:\n%s", w, text)
		}
		last = i
	}
}

// entryPDF returns the PDF of a book of one entry, parsed from src as the
// file path, with settings s.
func entryPDF(t *testing.T, path, src string, s model.Settings) []byte {
	t.Helper()
	e, probs := model.ParseEntry(path, []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	c := &model.Collection{Settings: s, Entries: []*model.Entry{e}}
	var buf bytes.Buffer
	if err := Encode(&buf, c, &Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
