package pdf

import (
	"bytes"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// highlights returns the colour and boxes (x0, y0, x1, y1, y up) of the
// highlights on the pages of pdf.
func highlights(t *testing.T, pdf []byte) (colors []string, boxes []linkAnnot) {
	t.Helper()
	return filled(t, pdf, func(c string) bool { return c == markColor || c == markColorPrint })
}

// TestMarkBehindWords: text the collector highlighted (==text==) is
// drawn on a box, one for each line it is set on, behind every word of it
// and no other; in yellow on screen, in grey in print.
func TestMarkBehindWords(t *testing.T) {
	need(t, "pdftotext")
	need(t, "qpdf")
	marked := "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa quebec romeo sierra tango uniform"
	src := "---\ntitle: Marks\nauthor: A. Writer\n---\n\n" +
		"\"Before the mark ==" + marked + "== and then *plain* words after it, set on to the end of the line.\"\n"
	e, probs := model.ParseEntry("marks.md", []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	for _, print := range []bool{false, true} {
		c := &model.Collection{Settings: model.Settings{Title: "Marks"}, Entries: []*model.Entry{e}}
		var buf bytes.Buffer
		if err := Encode(&buf, c, &Options{Config: &Config{Print: print}}); err != nil {
			t.Fatal(err)
		}
		colors, boxes := highlights(t, buf.Bytes())
		want := "1 0.93 0.55 rg"
		if print {
			want = "0.85 g"
		}
		lines := map[float64]bool{}
		for _, b := range boxes {
			if lines[b.rect[1]] {
				t.Errorf("print=%v: two boxes on the line at %v", print, b.rect[1])
			}
			lines[b.rect[1]] = true
		}
		if len(boxes) < 2 {
			t.Fatalf("print=%v: %d highlight boxes, want one for each of the 2 or more lines", print, len(boxes))
		}
		for _, c := range colors {
			if c != want {
				t.Errorf("print=%v: highlight in %q, want %q", print, c, want)
			}
		}
		inMark := map[string]bool{}
		for _, w := range strings.Fields(marked) {
			inMark[w] = true
		}
		found := 0
		for _, w := range wordBoxes(t, buf.Bytes()) {
			switch word := strings.Trim(w.text, "“”\".,"); {
			case word == "Before" || word == "mark" || word == "then" || word == "plain" || word == "after" || word == "line":
				if w.in(boxes) {
					t.Errorf("print=%v: %q is highlighted", print, w.text)
				}
			case inMark[word]:
				found++
				if !w.in(boxes) {
					t.Errorf("print=%v: %q is not highlighted", print, w.text)
				}
			}
		}
		if found != len(inMark) {
			t.Errorf("print=%v: found %d highlighted words, want %d", print, found, len(inMark))
		}
	}
}
