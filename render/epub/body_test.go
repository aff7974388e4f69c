package epub

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestBodyOrder: commentary is printed where it was written, the citation
// right after the last quote, commentary after it only when it came after
// it in the file.
func TestBodyOrder(t *testing.T) {
	src := "---\ntitle: Order\nauthor: Jane Austen\ndate: 1813\n---\n\nBEFORE one.\n\n\"QUOTE one,\n\nstill QUOTE one.\"\n\nBETWEEN the two.\n\n\"QUOTE two.\"\n\nAFTER all.\n"
	e, probs := model.ParseEntry("order.md", []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	c := &model.Collection{Settings: model.Settings{Title: "T", Language: "en"}, Entries: []*model.Entry{e}}
	files, _ := unzip(t, encode(t, c, &Options{}))
	var page string
	for _, f := range files {
		if strings.Contains(f, "BETWEEN the two") {
			page = f
		}
	}
	if page == "" {
		t.Fatal("no page holds the entry")
	}
	var at []int
	for _, w := range []string{"BEFORE one", "QUOTE one", "still QUOTE one", "BETWEEN the two", "QUOTE two", `class="citation"`, "AFTER all"} {
		i := strings.Index(page, w)
		if i < 0 {
			t.Fatalf("%q missing", w)
		}
		if len(at) > 0 && i < at[len(at)-1] {
			t.Errorf("%q is out of order", w)
		}
		at = append(at, i)
	}
}

// TestListsFromMarkdown: a list as the loader reads it — inside a quote
// span, in commentary, nested — is one <ul> per list, nested only where
// the Markdown nests it (the loader gives a top-level item Level 1).
func TestListsFromMarkdown(t *testing.T) {
	src := "---\ntitle: Lists\nauthor: Jane Austen\ndate: 1813\n---\n\n\"A glossary:\n\n- QONE\n  - QNESTED\n- QTWO\n\nend.\"\n\nNotes:\n\n- CONE\n- CTWO\n"
	e, probs := model.ParseEntry("lists.md", []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	c := &model.Collection{Settings: model.Settings{Title: "T", Language: "en"}, Entries: []*model.Entry{e}}
	files, _ := unzip(t, encode(t, c, &Options{}))
	var page string
	for _, f := range files {
		if strings.Contains(f, "QONE") {
			page = f
		}
	}
	for _, want := range []string{
		"<ul><li>QONE<ul><li>QNESTED</li></ul></li><li>QTWO</li></ul>",
		"<ul><li>CONE</li><li>CTWO</li></ul>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("missing %s in\n%s", want, page)
		}
	}
	if strings.Contains(page, "<ul><li><ul>") {
		t.Error("a list item nested in an empty one")
	}
}
