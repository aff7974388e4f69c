package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestEveryScript renders testdata/scripts, one entry per writing system
// (Arabic with full vowels, Persian, Hebrew with points, Devanagari
// conjuncts, Thai, Korean, Japanese, Chinese, polytonic Greek, Vietnamese,
// Latin ligatures and kerning, symbols, emoji, mixed directions and
// code): no warning, every font a tagged subset with a ToUnicode map, and
// pdftotext gives every quote back.
func TestEveryScript(t *testing.T) {
	c, err := model.Load(filepath.Join("testdata", "scripts"), model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) < 14 {
		t.Fatalf("%d entries loaded", len(c.Entries))
	}
	var ws []model.Problem
	var buf bytes.Buffer
	if err := Encode(&buf, c, &Options{Now: rendertest.Now, Warn: func(p model.Problem) { ws = append(ws, p) }}); err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		t.Errorf("warning: %s", w)
	}
	keepFile(t, "scripts.pdf", buf.Bytes())
	if bytes.Contains(buf.Bytes(), []byte("NotoSerif-Regular")) {
		t.Error("font named by file, not PostScript name")
	}
	need(t, "pdftotext", "pdffonts")
	path := filepath.Join(t.TempDir(), "scripts.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	fonts := map[string]bool{}
	for _, ln := range strings.Split(strings.TrimSpace(string(out)), "\n")[2:] {
		f := strings.Fields(ln)
		if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("font not an embedded subset with ToUnicode: %s", ln)
		}
		if _, name, ok := strings.Cut(f[0], "+"); ok {
			fonts[name] = true
		}
	}
	for _, want := range []string{"NotoNaskhArabic", "NotoSerifHebrew", "NotoSerifDevanagari", "NotoSerifThai",
		"DroidSansFallback", "NotoSansMath", "NotoSansMono", "Symbola", "NotoSerif"} {
		if !fonts[want] {
			t.Errorf("no %s in the PDF: %v", want, fonts)
		}
	}
	text := pdfText(t, path, c)
	if strings.ContainsRune(text, 0xFFFD) {
		t.Error("U+FFFD in the PDF text")
	}
	for _, e := range c.Entries {
		for _, q := range e.Quotes {
			for _, bl := range q.Blocks {
				want := squeeze(plainNotes(bl.Runs, e))
				if strings.Contains(text, want) {
					continue
				}
				if q.Dir == "rtl" {
					// On a page where left-to-right letters prevail,
					// pdftotext sets a line's , . : - and Arabic commas
					// left to right, as if they were parts of numbers, so
					// that the right-to-left phrases between them come out
					// in left-to-right order; each phrase must be whole.
					missing := false
					for _, ph := range strings.FieldsFunc(want, func(r rune) bool { return strings.ContainsRune(",.:-\u060C", r) }) {
						if !strings.Contains(text, ph) {
							missing = true
							t.Errorf("%s: phrase not in the PDF text:\n got %q\nwant %q", e.Path, excerpt(text, ph), ph)
						}
					}
					if !missing {
						continue
					}
				}
				t.Errorf("%s: quote not in the PDF text:\n got %q\nwant %q", e.Path, excerpt(text, want), want)
			}
		}
	}
	// MuPDF takes text in drawing order (and ignores ActualText): every
	// quote comes back as written, but for the right-to-left marks (U+200F)
	// that keep Poppler's runs whole on left-to-right pages.
	if _, err := exec.LookPath("mutool"); err != nil {
		return
	}
	out, err = exec.Command("mutool", "draw", "-q", "-F", "txt", "-o", "-", path).Output()
	if err != nil {
		t.Fatalf("mutool: %v", err)
	}
	mu := noVS(strings.ReplaceAll(extracted(string(out)), "\u200F", ""))
	for _, e := range c.Entries {
		for _, q := range e.Quotes {
			for _, bl := range q.Blocks {
				if want := noVS(extracted(plainNotes(bl.Runs, e))); !strings.Contains(mu, want) {
					t.Errorf("%s: quote not in MuPDF's text:\n got %q\nwant %q", e.Path, excerpt(mu, want), want)
				}
			}
		}
	}
}

// noVS drops variation selectors (an emoji's presentation).
func noVS(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0xFE00 && r <= 0xFE0F {
			return -1
		}
		return r
	}, s)
}

// excerpt returns the part of text that starts like want, for messages.
func excerpt(text, want string) string {
	r := []rune(want)
	for n := min(len(r), 6); n > 0; n-- {
		if i := strings.Index(text, string(r[:n])); i >= 0 {
			return string([]rune(text[i:])[:min(len(r)+10, len([]rune(text[i:])))])
		}
	}
	return ""
}
