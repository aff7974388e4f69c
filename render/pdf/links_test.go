package pdf

import (
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// linkAnnot is a link annotation read back from a PDF: its URI and its
// rectangle (x0, y0, x1, y1 in points, y up).
type linkAnnot struct {
	uri  string
	rect [4]float64
}

var linkAnnotRE = regexp.MustCompile(`/Subtype /Link /Rect \[([-\d. ]+)\] /Border \[0 0 0\] /A <</S /URI /URI \(([^)]*)\)>>`)

// uriLinks returns the URI link annotations of a PDF written by this
// package (fpdf writes them uncompressed, in the page objects).
func uriLinks(t *testing.T, pdf []byte) []linkAnnot {
	t.Helper()
	var out []linkAnnot
	for _, m := range linkAnnotRE.FindAllSubmatch(pdf, -1) {
		var a linkAnnot
		a.uri = string(m[2])
		f := strings.Fields(string(m[1]))
		if len(f) != 4 {
			t.Fatalf("link rectangle %q", m[1])
		}
		for i := range f {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				t.Fatal(err)
			}
			a.rect[i] = v
		}
		// fpdf writes the top before the bottom
		a.rect[1], a.rect[3] = min(a.rect[1], a.rect[3]), max(a.rect[1], a.rect[3])
		out = append(out, a)
	}
	return out
}

// wordBox is a word pdftotext found and its box in points, y up.
type wordBox struct {
	text           string
	x0, y0, x1, y1 float64
}

// in reports whether the middle of w lies inside one of the links.
func (w wordBox) in(links []linkAnnot) bool {
	cx, cy := (w.x0+w.x1)/2, (w.y0+w.y1)/2
	for _, a := range links {
		if cx >= a.rect[0] && cx <= a.rect[2] && cy >= a.rect[1] && cy <= a.rect[3] {
			return true
		}
	}
	return false
}

// wordBoxes returns the words of pdf with their boxes (pdftotext -bbox;
// it gives Arabic letter by letter), on every page, y up (pdfWords
// gives a page's words left to right).
func wordBoxes(t *testing.T, pdf []byte) []wordBox {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-bbox", path, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Pages []struct {
			Height float64 `xml:"height,attr"`
			Words  []struct {
				XMin float64 `xml:"xMin,attr"`
				YMin float64 `xml:"yMin,attr"`
				XMax float64 `xml:"xMax,attr"`
				YMax float64 `xml:"yMax,attr"`
				Text string  `xml:",chardata"`
			} `xml:"word"`
		} `xml:"body>doc>page"`
	}
	if err := xml.Unmarshal(out, &doc); err != nil {
		t.Fatal(err)
	}
	var words []wordBox
	for _, p := range doc.Pages {
		for _, w := range p.Words {
			// pdftotext's y runs down
			words = append(words, wordBox{w.Text, w.XMin, p.Height - w.YMax, w.XMax, p.Height - w.YMin})
		}
	}
	return words
}

// TestLinkOneAnnotationPerLine: a link set over several words is one
// annotation for each line it is set on, covering its words and nothing
// of the text around it; two links side by side stay two. pdftotext
// gives the words' boxes.
func TestLinkOneAnnotationPerLine(t *testing.T) {
	need(t, "pdftotext")
	// words found nowhere else in the book
	long := "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu"
	src := "---\ntitle: Links\nauthor: A. Writer\n---\n\n" +
		"\"Before the link [" + long + "](https://example.org/long) and then [left](https://example.org/left)[right](https://example.org/right) after it.\"\n"
	pdf := entryPDF(t, "links.md", src, model.Settings{Title: "Links"})
	links := uriLinks(t, pdf)
	byURI := map[string][]linkAnnot{}
	for _, a := range links {
		byURI[a.uri] = append(byURI[a.uri], a)
	}
	if n := len(byURI["https://example.org/left"]); n != 1 {
		t.Errorf("%d annotations for the link \"left\", want 1", n)
	}
	if n := len(byURI["https://example.org/right"]); n != 1 {
		t.Errorf("%d annotations for the link \"right\", want 1", n)
	}
	longs := byURI["https://example.org/long"]
	lines := map[float64]bool{}
	for _, a := range longs {
		if lines[a.rect[1]] {
			t.Errorf("two annotations of the long link on the line at %v", a.rect[1])
		}
		lines[a.rect[1]] = true
	}
	if len(longs) < 3 {
		t.Fatalf("the long link has %d annotations, want one for each of its 3 or more lines", len(longs))
	}

	// Every word of the long link lies in one of its rectangles, and no
	// other word of the quote does.
	inLong := map[string]bool{}
	for _, w := range strings.Fields(long) {
		inLong[w] = true
	}
	found := 0
	for _, w := range wordBoxes(t, pdf) {
		switch word := strings.Trim(w.text, "“”\""); {
		case word == "Before" || word == "after" || word == "then" || word == "link":
			if w.in(longs) {
				t.Errorf("%q, outside the link, is inside its annotation", w.text)
			}
		case inLong[word]:
			found++
			if !w.in(longs) {
				t.Errorf("%q of the link is outside its annotations", w.text)
			}
		}
	}
	if found < len(strings.Fields(long)) {
		t.Errorf("found %d words of the link, want %d", found, len(strings.Fields(long)))
	}
}

// TestLinkNotOverOtherText: in a left-to-right quote, a link over a
// Latin word and an Arabic one, followed by an Arabic word outside it, is
// drawn with the outside word between the two (the bidi order reverses
// the Arabic pair): the link gets two annotations, not one spanning the
// word between.
func TestLinkNotOverOtherText(t *testing.T) {
	need(t, "pdftotext")
	src := "---\ntitle: Bidi link\nauthor: A. Writer\n---\n\n" +
		"\"Zebra [quagga عربي](https://example.org/bidi) كلمة okapi.\"\n"
	pdf := entryPDF(t, "bidi.md", src, model.Settings{Title: "Bidi link"})
	var links []linkAnnot
	for _, a := range uriLinks(t, pdf) {
		if a.uri == "https://example.org/bidi" {
			links = append(links, a)
		}
	}
	if len(links) != 2 {
		t.Fatalf("%d annotations for the link, want 2: %v", len(links), links)
	}
	if links[0].rect[1] != links[1].rect[1] {
		t.Fatalf("the link's annotations are on two lines: %v", links)
	}
	// pdftotext gives the Arabic letter by letter: some lie between the
	// two annotations, outside both (the word outside the link).
	quagga, between := false, 0
	lo, hi := min(links[0].rect[2], links[1].rect[2]), max(links[0].rect[0], links[1].rect[0])
	for _, w := range wordBoxes(t, pdf) {
		switch {
		case w.text == "quagga":
			quagga = true
			if !w.in(links) {
				t.Errorf("quagga is outside the link's annotations %v", links)
			}
		case strings.ContainsAny(w.text, "كلمةعربي") && !w.in(links):
			if cx := (w.x0 + w.x1) / 2; cx < lo || cx > hi {
				t.Errorf("the letter %q outside the link is not between its two annotations %v", w.text, links)
			}
			between++
		}
	}
	if !quagga || between == 0 {
		t.Errorf("found quagga %v and %d letters between the annotations", quagga, between)
	}
}
