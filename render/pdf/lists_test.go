package pdf

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestListTextAligned: a list item's number or bullet hangs in the
// indent, so that the item's text starts where its turned lines and its
// later paragraphs do, for a one-figure number, a two-figure one and a
// bullet alike.
func TestListTextAligned(t *testing.T) {
	need(t, "pdftotext")
	long := strings.Repeat("and more words to turn the line ", 6)
	src := "---\ntitle: Lists\nauthor: A. Writer\n---\n\nNotes:\n\n" +
		"9. NINE " + long + "TURNED\n\n   NINEMORE paragraph.\n10. TEN " + long + "\n\n" +
		"- BULLET " + long + "\n\n  BULLETMORE paragraph.\n"
	e, probs := model.ParseEntry("lists.md", []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	c := &model.Collection{Settings: model.Settings{Title: "Lists"}, Entries: []*model.Entry{e}}
	var buf bytes.Buffer
	if err := Encode(&buf, c, &Options{}); err != nil {
		t.Fatal(err)
	}
	x := map[string]float64{}
	var lineStarts []float64 // the first word of each turned line ("and")
	words := wordBoxes(t, buf.Bytes())
	for i, w := range words {
		switch w.text {
		case "NINE", "TEN", "BULLET", "NINEMORE", "BULLETMORE":
			x[w.text] = w.x0
		case "and", "more", "words", "to", "turn", "the", "line":
			if i > 0 && words[i-1].y0-w.y0 > 2 { // the first word of a line
				lineStarts = append(lineStarts, w.x0)
			}
		}
	}
	if len(x) != 5 || len(lineStarts) < 3 {
		t.Fatalf("words not found: %v, turned lines starting at %v", x, lineStarts)
	}
	nine := x["NINE"]
	for _, k := range []string{"TEN", "BULLET", "NINEMORE", "BULLETMORE"} {
		if math.Abs(x[k]-nine) > 0.6 {
			t.Errorf("%s starts at %.1f, the first item's text at %.1f", k, x[k], nine)
		}
	}
	for _, s := range lineStarts {
		if math.Abs(s-nine) > 0.6 {
			t.Errorf("a turned line starts at %.1f, the items' text at %.1f", s, nine)
		}
	}
}
