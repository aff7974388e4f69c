package epub

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/books"
	"github.com/commonplace-book/commonplace/render/pdf"
)

// printEdition renders c as a PDF the way build does in a run that makes
// the EPUB too, and returns the PDF and the pages the EPUB gets.
func printEdition(t *testing.T, c *model.Collection, print bool) ([]byte, *books.Pages) {
	t.Helper()
	o := render.Options{Shared: &render.Shared{}, Configs: render.Configs{"pdf": pdf.Config{Layout: "a5", Print: print}}, Now: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
	var buf bytes.Buffer
	if err := (pdf.Renderer{}).Render(&buf, c, o); err != nil {
		t.Fatal(err)
	}
	pages, err := (pdf.Renderer{}).Pages(c, o)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), pages
}

// squashText keeps what both editions have in the same order: no white
// space, hyphens or marks, compatibility forms folded.
func squashText(s string) string {
	s = norm.NFKC.String(s)
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' || r == 0x2010 || !books.Countable(r) {
			return -1
		}
		return r
	}, s)
}

var (
	pageListRE = regexp.MustCompile(`<li><a href="xhtml/([^"#]+)#page-(\d+)">(\d+)</a></li>`)
	tagRE      = regexp.MustCompile(`<h2>[^<]{1,2}</h2>|<[^>]+>`) // and the index's letters
)

// TestPageListFollowsThePDF makes the samples' PDF in both profiles and
// the EPUB with its pages: the EPUB's page list has every numbered page
// of the PDF, in order, each marker in its document, and the text after
// each marker is the text the PDF page begins with (pdftotext), so a
// citation of "p. 12" means the same passage in both. EPUBCheck checks
// the books.
func TestPageListFollowsThePDF(t *testing.T) {
	c := load(t, filepath.Join("..", "..", "samples"))
	for _, print := range []bool{false, true} {
		name := "screen"
		if print {
			name = "print"
		}
		t.Run(name, func(t *testing.T) {
			doc, pages := printEdition(t, c, print)
			if len(pages.Breaks) < 10 || !strings.Contains(pages.Edition, name+" profile") {
				t.Fatalf("pages %d, edition %q", len(pages.Breaks), pages.Edition)
			}
			book := encode(t, c, &Options{Pages: pages, Warn: func(model.Problem) {}})
			keepBook(t, "pages-"+name+".epub", book)
			epubcheck(t, "pages-"+name+".epub", book)
			files, _ := unzip(t, book)
			nav := files["EPUB/nav.xhtml"]
			items := pageListRE.FindAllStringSubmatch(nav, -1)
			if len(items) != len(pages.Breaks) {
				t.Fatalf("page list has %d pages, the PDF %d numbered pages", len(items), len(pages.Breaks))
			}
			opf := files["EPUB/package.opf"]
			for _, want := range []string{`<dc:source id="print-source">` + escString(pages.Edition), `property="source-of">pagination`, ">pageBreakMarkers<", ">pageNavigation<"} {
				if !strings.Contains(opf, want) {
					t.Errorf("package document lacks %s", want)
				}
			}
			var text []string
			if _, err := exec.LookPath("pdftotext"); err == nil {
				p := filepath.Join(t.TempDir(), "book.pdf")
				os.WriteFile(p, doc, 0o644)
				out, err := exec.Command("pdftotext", "-enc", "UTF-8", p, "-").Output()
				if err != nil {
					t.Fatal(err)
				}
				text = strings.Split(string(out), "\f")
			}
			last, _ := strconv.Atoi(pages.Breaks[len(pages.Breaks)-1].Label)
			front := len(text) - 1 - last // pdftotext ends with a form feed
			for i, it := range items {
				file, id, label := it[1], it[2], it[3]
				if label != pages.Breaks[i].Label || id != label {
					t.Errorf("page list item %d is %s, want %s", i, label, pages.Breaks[i].Label)
				}
				body := files["EPUB/xhtml/"+file]
				at := strings.Index(body, `id="page-`+label+`"`)
				if at < 0 {
					t.Errorf("page %s: no marker in %s", label, file)
					continue
				}
				if text == nil {
					continue
				}
				after := body[at:]
				after = after[strings.Index(after, "</span>")+len("</span>"):]
				start := []rune(squashText(html.UnescapeString(tagRE.ReplaceAllString(after, ""))))
				n, _ := strconv.Atoi(label)
				page := squashText(text[front+n-1])
				if page == "" && front+n < len(text) {
					// a blank verso begins where the next page does
					page = squashText(text[front+n])
				}
				if len(start) > 12 {
					start = start[:12]
				}
				if !strings.Contains(page, string(start)) {
					t.Errorf("page %s begins %q in the EPUB, but the PDF's page %s is %.80q", label, string(start), label, page)
				}
			}
		})
	}
}

// TestNoPageListWithoutPDF: a book made without the print edition has no
// page list, no markers and no claim of page navigation.
func TestNoPageListWithoutPDF(t *testing.T) {
	c := load(t, filepath.Join("..", "..", "samples"))
	var buf bytes.Buffer
	if err := (Renderer{}).Render(&buf, c, render.Options{Shared: &render.Shared{}}); err != nil {
		t.Fatal(err)
	}
	files, _ := unzip(t, buf.Bytes())
	for name, data := range files {
		if strings.Contains(data, "pagebreak") || strings.Contains(data, "page-list") || strings.Contains(data, "pageNavigation") || strings.Contains(data, "dc:source") {
			t.Errorf("%s has page navigation without a print edition", name)
		}
	}
}

// TestPagesCountedOrDrawn: the pages are the same whether the EPUB asks
// first (counted without drawing, then the PDF drawn) or the PDF is drawn
// first, and so is the PDF.
func TestPagesCountedOrDrawn(t *testing.T) {
	c := load(t, filepath.Join("..", "..", "samples"))
	o := render.Options{Shared: &render.Shared{}, Configs: render.Configs{"pdf": pdf.Config{Layout: "a5", Print: true}}, Now: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)}
	first, err := (pdf.Renderer{}).Pages(c, o)
	if err != nil {
		t.Fatal(err)
	}
	var a bytes.Buffer
	if err := (pdf.Renderer{}).Render(&a, c, o); err != nil {
		t.Fatal(err)
	}
	b, drawn := printEdition(t, c, true)
	if !bytes.Equal(a.Bytes(), b) {
		t.Error("the PDF differs when its pages were counted first")
	}
	if len(first.Breaks) != len(drawn.Breaks) {
		t.Fatalf("counted %d pages, drawn %d", len(first.Breaks), len(drawn.Breaks))
	}
	for i := range first.Breaks {
		if first.Breaks[i] != drawn.Breaks[i] {
			t.Errorf("page %d: counted %+v, drawn %+v", i, first.Breaks[i], drawn.Breaks[i])
		}
	}
}
