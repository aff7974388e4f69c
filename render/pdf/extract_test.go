package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestRightToLeftTextOrder renders vowelled Arabic (harakat, shadda,
// tanwin, hamza, lam-alef and the ligature of the name of God with their
// marks), Persian and Hebrew with niqqud, and checks that the text
// extracted by Poppler (pdftotext, which orders characters by position)
// and by MuPDF (which takes them in drawing order) is the source text,
// NFC-normalised, in logical order: every mark after its letter.
func TestRightToLeftTextOrder(t *testing.T) {
	dir := t.TempDir()
	var want []string
	for _, name := range []string{"arabic.md", "arabic-proverbs.md", "hebrew.md", "persian.md"} {
		b, err := os.ReadFile(filepath.Join("testdata", "scripts", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	c, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Entries {
		for _, q := range e.Quotes {
			for _, bl := range q.Blocks {
				want = append(want, model.Plain(bl.Runs))
			}
		}
	}
	if len(want) != 4 {
		t.Fatalf("%d quotes loaded", len(want))
	}
	var buf bytes.Buffer
	if err := Encode(&buf, c, &Options{Now: rendertest.Now}); err != nil {
		t.Fatal(err)
	}
	keepFile(t, "rtl.pdf", buf.Bytes())
	path := filepath.Join(dir, "rtl.pdf")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	tools := map[string][]string{
		"pdftotext": {"pdftotext", "-enc", "UTF-8", path, "-"},
		"mutool":    {"mutool", "draw", "-q", "-F", "txt", "-o", "-", path},
	}
	ran := 0
	for tool, args := range tools {
		if _, err := exec.LookPath(args[0]); err != nil {
			t.Logf("%s is not installed", tool)
			continue
		}
		ran++
		out, err := exec.Command(args[0], args[1:]...).Output()
		if err != nil {
			t.Fatalf("%s: %v", tool, err)
		}
		text := extracted(string(out))
		for _, w := range want {
			w := extracted(w)
			if tool == "pdftotext" {
				// Poppler's own reordering takes , . : - and the Arabic
				// comma for parts of numbers, set left to right with the
				// space beside them: the space may change sides.
				text, w = popplerSeparators(text), popplerSeparators(w)
			}
			if !strings.Contains(text, w) {
				t.Errorf("%s: quote not in the extracted text in logical order:\nwant %q\n got %q", tool, w, excerpt(text, w))
			}
		}
	}
	if ran == 0 {
		t.Skip("neither pdftotext nor mutool is installed")
	}
}

// extracted normalises extracted text for an exact comparison: NFC,
// without the bidi embedding controls pdftotext adds around
// right-to-left runs, every run of white space (line ends included) one
// space.
func extracted(s string) string {
	s = strings.Map(func(r rune) rune {
		if r >= 0x202A && r <= 0x202E {
			return -1
		}
		return r
	}, s)
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// popplerSeparators drops the spaces beside the characters Poppler's
// reordering treats as parts of numbers.
func popplerSeparators(s string) string {
	for _, c := range []string{",", ".", ":", "-", "\u060C"} {
		s = strings.ReplaceAll(s, " "+c, c)
		s = strings.ReplaceAll(s, c+" ", c)
	}
	return s
}

// TestMuPDFTextHasEveryQuote: MuPDF, which takes text in drawing order,
// finds every sample quote (Latin with ligatures, Greek, Russian,
// Chinese, Arabic).
func TestMuPDFTextHasEveryQuote(t *testing.T) {
	need(t, "mutool")
	path, c := renderSamples(t, &Options{Now: rendertest.Now})
	out, err := exec.Command("mutool", "draw", "-q", "-F", "txt", "-o", "-", path).Output()
	if err != nil {
		t.Fatalf("mutool: %v", err)
	}
	text := dropHeads(strings.ReplaceAll(string(out), "\u200F", ""), c)
	n := 0
	for _, e := range c.Entries {
		for _, q := range e.Quotes {
			for _, bl := range q.Blocks {
				n++
				if want := squeeze(plainNotes(bl.Runs, e)); !strings.Contains(text, want) {
					t.Errorf("%s:%d: quote not in MuPDF's text:\n got %q\nwant %q", e.Path, q.Line, excerpt(text, want), want)
				}
			}
		}
	}
	t.Logf("%d quote blocks found", n)
}
