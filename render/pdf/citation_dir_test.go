package pdf

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestCitationLeftToRightInRTLBook: citations are written in English
// (books.CitationLang), so in an Arabic book an English source's
// citation still reads left to right: the translator's name comes
// before the place and the publisher, on the left, as an English reader
// expects, and not field by field from the right.
func TestCitationLeftToRightInRTLBook(t *testing.T) {
	need(t, "pdftotext")
	src := "---\ntitle: The Analects\nauthor: Confucius\ntranslator: James Legge\npublisher: Trübner\nplace: London\ndate: 1861\n---\n\n> Is it not pleasant to learn with a constant perseverance and application?\n"
	doc := entryPDF(t, "analects.md", src, model.Settings{Title: "كتاب", Language: "ar"})
	// the first line of the entry's citation: the one with "Legge"
	var legge, london *pdfWord
	for _, w := range pdfWords(t, doc) {
		switch {
		case strings.Contains(w.text, "Legge"):
			if legge == nil {
				legge = &w
			}
		case strings.Contains(w.text, "London"):
			if london == nil && legge != nil && w.y == legge.y {
				london = &w
			}
		}
	}
	if legge == nil || london == nil {
		t.Fatal("no citation line with both Legge and London")
	}
	if legge.x0 >= london.x0 {
		t.Errorf("citation runs right to left: Legge at x=%.1f, London at x=%.1f", legge.x0, london.x0)
	}
}
