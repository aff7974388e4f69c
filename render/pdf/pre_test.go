package pdf

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestPreFitsMeasure: a code block wider than the measure (a table kept
// as text) is set smaller, each of its lines on one line of the page, as
// far right as the text of a paragraph goes and no further; one too wide
// even at preFitMin of its size turns its lines over instead of running
// off the page.
func TestPreFitsMeasure(t *testing.T) {
	need(t, "pdftotext")
	row := "| " + strings.Repeat("cell ", 14) + "| end |"
	src := "---\ntitle: Tables\nauthor: A. Writer\n---\n\n" +
		"A paragraph long enough to be justified to the measure, so that its lines show where the text block ends on the right, word after word after word.\n\n" +
		"```\n" + row + "\n" + row + "\n```\n\n" +
		"```\nnarrow\n```\n\n" +
		"```\n" + strings.Repeat("wide ", 60) + "END\n```\n"
	e, probs := model.ParseEntry("tables.md", []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	c := &model.Collection{Settings: model.Settings{Title: "Tables"}, Entries: []*model.Entry{e}}
	var buf bytes.Buffer
	if err := Encode(&buf, c, &Options{}); err != nil {
		t.Fatal(err)
	}
	words := wordBoxes(t, buf.Bytes())
	para := map[string]bool{}
	for _, w := range strings.Fields("A paragraph long enough to be justified to the measure, so that its lines show where the text block ends on the right, word after word after word.") {
		para[w] = true
	}
	right, ends, narrowH, endH := 0.0, []float64{}, 0.0, 0.0
	var endY []float64
	for _, w := range words {
		if para[w.text] {
			right = max(right, w.x1) // the justified lines reach the measure
		}
		switch w.text {
		case "end":
			ends = append(ends, w.x1)
			endY = append(endY, w.y0)
		case "narrow":
			narrowH = w.y1 - w.y0
		case "END":
			endH = w.y1 - w.y0
		}
	}
	if right == 0 || len(ends) != 2 || narrowH == 0 || endH == 0 {
		t.Fatalf("words not found: right %v, ends %v, narrow %v, END %v", right, ends, narrowH, endH)
	}
	for _, x := range ends {
		if x > right+0.5 {
			t.Errorf("a table's line ends at %.1f, past the measure's %.1f", x, right)
		}
		if x < right-20 {
			t.Errorf("a table's line ends at %.1f, far short of the measure's %.1f: set smaller than it needs", x, right)
		}
	}
	// the rows are each one line, smaller than the narrow block's type
	cellH := 0.0
	for _, w := range words {
		if w.text == "cell" {
			cellH = w.y1 - w.y0
			if math.Abs(w.y0-endY[0]) > 0.5 && math.Abs(w.y0-endY[1]) > 0.5 {
				t.Errorf("a cell at y %.1f, not on either row's line (%v): the row turned over", w.y0, endY)
			}
		}
	}
	if !(cellH < narrowH*0.95) {
		t.Errorf("the wide block's type (%.1f high) is not smaller than the narrow one's (%.1f)", cellH, narrowH)
	}
	if math.Abs(endH-narrowH*preFitMin) > 0.1*narrowH {
		t.Errorf("the widest block is %.1f high, want %.0f%% of %.1f", endH, preFitMin*100, narrowH)
	}
}
