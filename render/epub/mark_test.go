package epub

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestMarkIsHighlighted: text the collector highlighted (==text== in the
// Enchiridion sample) is a <mark>, styled by the book's stylesheet, and
// its comment (%%…%%) is nowhere in the book.
func TestMarkIsHighlighted(t *testing.T) {
	c := rendertest.LoadSamples(t)
	files, _ := unzip(t, encode(t, c, &Options{Now: rendertest.Now}))
	marks, css := 0, false
	for name, body := range files {
		marks += strings.Count(body, "<mark>Things in our control are\nopinion, pursuit, desire, aversion,</mark>") +
			strings.Count(body, "<mark>Things in our control are opinion, pursuit, desire, aversion,</mark>")
		if strings.HasSuffix(name, ".css") && strings.Contains(body, "mark {") {
			css = true
		}
		if strings.Contains(body, "which no\noutput shows") || strings.Contains(body, "which no output shows") {
			t.Errorf("%s holds the entry's comment", name)
		}
	}
	if marks != 1 {
		t.Errorf("the highlight is marked %d times, want once", marks)
	}
	if !css {
		t.Error("no stylesheet styles mark")
	}
}
