package pdf

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// need skips the test when an external tool is not installed.
func need(t *testing.T, tools ...string) {
	t.Helper()
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is not installed", tool)
		}
	}
}

// renderSamples renders the samples with o and writes the PDF into a
// temporary folder, returning its path.
func renderSamples(t *testing.T, o *Options) (string, *model.Collection) {
	t.Helper()
	c := rendertest.LoadSamples(t)
	var buf bytes.Buffer
	if err := Encode(&buf, c, o); err != nil {
		t.Fatal(err)
	}
	name := "samples.pdf"
	if o.Config != nil && o.Print {
		name = "samples-print.pdf"
	}
	keepFile(t, name, buf.Bytes())
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p, c
}

// squeeze normalises text for comparison with what pdftotext gives back:
// compatibility forms (Arabic presentation forms, ligatures) folded, and
// whitespace, hyphens (pdftotext joins words broken after one) and bidi
// controls dropped.
func squeeze(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == 0x2010 || r >= 0x200B && r <= 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 || r == 0xAD || r >= 0xFE00 && r <= 0xFE0F {
			return -1
		}
		return r
	}, s)
}

// plainNotes is model.Plain with footnote labels, as the PDF shows them.
func plainNotes(runs []model.Run, e *model.Entry) string {
	var b strings.Builder
	for _, r := range runs {
		switch {
		case r.Break:
			b.WriteByte('\n')
		case r.Note != "":
			for _, n := range e.Notes {
				if n.ID == r.Note {
					b.WriteString(n.Label)
				}
			}
		default:
			b.WriteString(r.Text)
		}
	}
	return b.String()
}

// pdfText returns the text of every page without running heads and
// folios (the first and last line of a page when they are one).
func pdfText(t *testing.T, path string, c *model.Collection) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return dropHeads(string(out), c)
}

// dropHeads returns extracted text squeezed, without running heads and
// folios (lines that are one).
func dropHeads(out string, c *model.Collection) string {
	heads := map[string]bool{squeeze(c.Settings.Defaults().Title): true, "Contents": true, "IndexofAuthors": true, "Sources": true}
	for _, g := range c.Groups("") {
		heads[squeeze(g.Title)] = true
	}
	var b strings.Builder
	for _, pg := range strings.Split(out, "\f") {
		for _, ln := range strings.Split(pg, "\n") {
			sq := squeeze(ln)
			if heads[sq] || sq != "" && strings.Trim(sq, "0123456789ivxlcdm") == "" {
				continue
			}
			b.WriteString(sq)
		}
	}
	return b.String()
}

func TestPDFTextHasEveryQuoteAndCitation(t *testing.T) {
	need(t, "pdftotext")
	for _, print := range []bool{false, true} {
		path, c := renderSamples(t, &Options{Now: rendertest.Now, Config: &Config{Layout: "a5", Print: print}})
		text := pdfText(t, path, c)
		n := 0
		for _, e := range c.Entries {
			for _, q := range e.Quotes {
				for _, bl := range q.Blocks {
					want := squeeze(plainNotes(bl.Runs, e))
					n++
					if !strings.Contains(text, want) {
						t.Errorf("print=%v: %s:%d: quote not in the PDF text: %.80q", print, e.Path, q.Line, want)
					}
				}
			}
			cite, err := model.Cite(e, "chicago")
			if err != nil {
				t.Fatal(err)
			}
			want := squeeze("— " + model.Plain(cite))
			n++
			if strings.Contains(text, want) {
				continue
			}
			// Mixed-direction citations come back in pdftotext's own
			// order: every word must be there.
			for _, w := range strings.Fields(norm.NFKC.String(model.Plain(cite))) {
				if !strings.Contains(text, squeeze(w)) {
					t.Errorf("print=%v: %s: citation word %q not in the PDF text (citation %q)", print, e.Path, w, want)
				}
			}
		}
		t.Logf("print=%v: %d quote blocks and citations checked", print, n)
	}
}

func TestPDFFontsEmbedded(t *testing.T) {
	need(t, "pdffonts")
	path, _ := renderSamples(t, &Options{Now: rendertest.Now})
	out, err := exec.Command("pdffonts", path).Output()
	if err != nil {
		t.Fatalf("pdffonts: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(lines) < 3 {
		t.Fatalf("pdffonts lists no fonts:\n%s", out)
	}
	fonts := 0
	for _, ln := range lines[2:] {
		f := strings.Fields(ln)
		// name type... encoding emb sub uni object ID
		if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("font not embedded as a subset with a ToUnicode map: %s", ln)
		}
		if len(f[0]) < 8 || f[0][6] != '+' || strings.ToUpper(f[0][:6]) != f[0][:6] {
			t.Errorf("font without a subset tag: %s", ln)
		}
		fonts++
	}
	// the samples use the book face in four styles, Chinese and Arabic
	// (regular and bold)
	if fonts < 7 {
		t.Errorf("pdffonts lists %d fonts, want at least 7:\n%s", fonts, out)
	}
}

func TestQPDFCheck(t *testing.T) {
	need(t, "qpdf")
	for _, print := range []bool{false, true} {
		path, _ := renderSamples(t, &Options{Now: rendertest.Now, Config: &Config{Layout: "a5", Print: print}})
		out, err := exec.Command("qpdf", "--check", path).CombinedOutput()
		if err != nil {
			t.Errorf("print=%v: qpdf --check: %v\n%s", print, err, out)
		}
		// viewers number the pages as the folios do
		out, err = exec.Command("qpdf", "--json", "--json-key=pagelabels", path).Output()
		if err != nil || !bytes.Contains(out, []byte(`"/S": "/r"`)) || !bytes.Contains(out, []byte(`"/S": "/D"`)) {
			t.Errorf("print=%v: no roman and arabic page labels (%v):\n%s", print, err, out)
		}
	}
}

func TestCheckPDFTool(t *testing.T) {
	tool := filepath.Join("..", "..", "..", "shared", "tools", "check-pdf")
	if _, err := os.Stat(tool); err != nil {
		t.Skip("shared/tools/check-pdf is not here")
	}
	need(t, "qpdf", "pdffonts", "pdfinfo", "pdftotext", "python3")
	for _, print := range []bool{false, true} {
		path, c := renderSamples(t, &Options{Now: rendertest.Now, Config: &Config{Layout: "a5", Print: print}})
		// expected text: every quote line (verse lines one by one)
		var exp strings.Builder
		for _, e := range c.Entries {
			for _, q := range e.Quotes {
				if q.Dir == "rtl" {
					continue // pdftotext's line order for right-to-left text is its own
				}
				for _, bl := range q.Blocks {
					for _, ln := range strings.Split(model.Plain(bl.Runs), "\n") {
						if strings.TrimSpace(ln) != "" {
							exp.WriteString(ln + "\n")
						}
					}
				}
			}
		}
		ef := filepath.Join(t.TempDir(), "expect.txt")
		if err := os.WriteFile(ef, []byte(exp.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		// check-pdf recognises running heads only when one recurs on half
		// of the pages; running heads follow the folio (the book's title
		// on left-hand pages only, in both profiles), so a paragraph split
		// across a left-hand page can be missed.
		// TestPDFTextHasEveryQuoteAndCitation checks every quote fully.
		args := []string{path, "--expect-text", ef, "--min-fraction", "0.97"}
		out, err := exec.Command(tool, args...).CombinedOutput()
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		t.Logf("print=%v: %s", print, lines[len(lines)-1])
		if err != nil {
			t.Errorf("print=%v: check-pdf failed: %v\n%s", print, err, out)
		}
	}
}

func TestPrintProfileHasNoLinksOrOutline(t *testing.T) {
	need(t, "qpdf")
	for _, print := range []bool{false, true} {
		path, _ := renderSamples(t, &Options{Now: rendertest.Now, Config: &Config{Layout: "a5", Print: print}})
		out, err := exec.Command("qpdf", "--qdf", "--object-streams=disable", path, "-").Output()
		if err != nil {
			t.Fatalf("qpdf: %v", err)
		}
		for _, key := range []string{"/Annots", "/Outlines", "/Link"} {
			if got := bytes.Contains(out, []byte(key)); got == print {
				t.Errorf("print=%v: %s present = %v", print, key, got)
			}
		}
	}
}
