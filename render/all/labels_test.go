package all

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/epub"
	"github.com/commonplace-book/commonplace/render/pdf"
)

// labelBook is a small collection in lang: an uncategorised entry, an
// anonymous one, a footnote and a compiler, so that every word the books
// print shows.
func labelBook(lang string, override model.Labels) *model.Collection {
	return &model.Collection{
		Settings: model.Settings{Title: "Commonplace", Compiler: "Jane Reader", Language: lang, Labels: override},
		Entries: []*model.Entry{
			{Path: "a.md", ID: "a", Slug: "a", Title: "Walden", Authors: []model.Name{{Given: "Henry", Family: "Thoreau"}}, Publisher: "Ticknor",
				Date:   model.Date{Year: 1854},
				Quotes: []model.Quote{{ID: "q1", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "I went to the woods."}, {Note: "n1"}}}}}},
				Notes:  []model.Note{{ID: "n1", Label: "1", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "A note."}}}}}}},
			{Path: "b.md", ID: "b", Slug: "b", Title: "Proverb", Category: "",
				Quotes: []model.Quote{{ID: "q2", Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "Haste makes waste."}}}}}}},
		},
	}
}

// squash drops what text extraction does not keep faithfully: spaces,
// bidi controls, compatibility forms, and combining marks (pdftotext
// puts an Arabic vowel mark before its letter).
func squash(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.Is(unicode.Mn, r) || r >= 0x200B && r <= 0x200F || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 {
			return -1
		}
		return r
	}, s)
}

// TestBooksUseTheLabelSets renders a book in each language with a built-in
// label set as EPUB and PDF and looks for that language's words in both:
// the headings, the navigation's words, the title page's and the
// colophon's phrases. A labels: setting still wins.
func TestBooksUseTheLabelSets(t *testing.T) {
	_, pdftotext := exec.LookPath("pdftotext")
	for _, lang := range []string{"en", "fr", "de", "es", "it", "pt", "pt-BR", "ru", "zh", "ja", "ar"} {
		t.Run(lang, func(t *testing.T) {
			c := labelBook(lang, model.Labels{})
			l := c.Labels()
			if lang != "en" && l.Contents == model.LabelsFor("en").Contents {
				t.Fatalf("%s has the English contents heading", lang)
			}
			var book bytes.Buffer
			if err := (epub.Renderer{}).Render(&book, c, render.Options{}); err != nil {
				t.Fatal(err)
			}
			files := unzipAll(t, book.Bytes())
			all := strings.Join([]string{files["EPUB/nav.xhtml"], files["EPUB/xhtml/title.xhtml"]}, "\n")
			for _, f := range []string{"EPUB/xhtml/group001.xhtml", "EPUB/xhtml/group002.xhtml", "EPUB/xhtml/index01.xhtml", "EPUB/xhtml/sources01.xhtml", "EPUB/xhtml/cover.xhtml"} {
				all += files[f]
			}
			for _, w := range []string{l.Contents, l.Index, l.Sources, l.Notes, l.Anonymous, l.Uncategorised, l.TitlePage, l.Cover,
				l.Landmarks, l.Start, l.ToQuotes, l.CompiledByName("Jane Reader"), l.Count(2, 2), l.CoverText("Commonplace")} {
				if !strings.Contains(all, escXML(w)) {
					t.Errorf("epub: no %q", w)
				}
			}
			if pdftotext != nil {
				return
			}
			var doc bytes.Buffer
			if err := (pdf.Renderer{}).Render(&doc, c, render.Options{}); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(t.TempDir(), "book.pdf")
			os.WriteFile(p, doc.Bytes(), 0o644)
			out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			text := squash(string(out))
			for _, w := range []string{l.Contents, l.Index, l.Sources, l.Uncategorised, l.CompiledByName("Jane Reader"), l.Count(2, 2), l.MadeWith} {
				if !strings.Contains(text, squash(w)) {
					t.Errorf("pdf: no %q", w)
				}
			}
		})
	}
	c := labelBook("fr", model.Labels{Contents: "Sommaire"})
	var book bytes.Buffer
	if err := (epub.Renderer{}).Render(&book, c, render.Options{}); err != nil {
		t.Fatal(err)
	}
	if nav := unzipAll(t, book.Bytes())["EPUB/nav.xhtml"]; !strings.Contains(nav, "Sommaire") || !strings.Contains(nav, "Index des auteurs") {
		t.Error("the labels: setting does not win over the built-in set")
	}
}

func escXML(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;").Replace(s)
}

func unzipAll(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(r)
		r.Close()
		files[f.Name] = string(data)
	}
	return files
}
