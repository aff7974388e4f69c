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
	page := entryPage(t, "order.md", src, "BETWEEN the two")
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
	page := entryPage(t, "lists.md", src, "QONE")
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

// TestOrderedListsFromMarkdown: an ordered list is an <ol>, with start
// when it does not count from 1; a bulleted list right after it at the
// same depth is a list of its own; an item's second paragraph stays in
// its item, and an ordered list nested in a bulleted one is an <ol>.
func TestOrderedListsFromMarkdown(t *testing.T) {
	src := "---\ntitle: Lists\nauthor: Jane Austen\ndate: 1813\n---\n\nRules:\n\n3. OTHREE\n4. OFOUR\n\n   OFOUR again.\n5. OFIVE\n   1. NONE\n   2. NTWO\n\n- BONE\n- BTWO\n\n1) RONE\n2) RTWO\n\nFrom zero:\n\n0. ZZERO\n1. ZONE\n"
	page := entryPage(t, "lists.md", src, "OTHREE")
	for _, want := range []string{
		`<ol start="3"><li>OTHREE</li><li>OFOUR<p class="more">OFOUR again.</p></li><li>OFIVE<ol><li>NONE</li><li>NTWO</li></ol></li></ol>`,
		"<ul><li>BONE</li><li>BTWO</li></ul>",
		"<ol><li>RONE</li><li>RTWO</li></ol>",
		`<ol start="0"><li>ZZERO</li><li>ZONE</li></ol>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("missing %s in\n%s", want, page)
		}
	}
}

// TestStrikeIsS: struck-through text (~~text~~) is <s>, inside a
// highlight too.
func TestStrikeIsS(t *testing.T) {
	src := "---\ntitle: Strike\nauthor: Jane Austen\ndate: 1813\n---\n\n> It is a truth ~~universally~~ acknowledged, ==that a ~~single~~ man==.\n"
	page := entryPage(t, "strike.md", src, "acknowledged")
	for _, want := range []string{"truth <s>universally</s> acknowledged", "<mark>that a </mark><mark><s>single</s></mark><mark> man</mark>"} {
		if !strings.Contains(page, want) {
			t.Errorf("missing %s in\n%s", want, page)
		}
	}
	if strings.Contains(page, "~~") {
		t.Error("the tildes are kept")
	}
}

// TestCommentaryOneBox: commentary written in several blocks in a row (a
// paragraph, a list, a table) is one box; an attribution after a quote
// has its own, and so does commentary after the citation.
func TestCommentaryOneBox(t *testing.T) {
	src := "---\ntitle: Boxes\nauthor: Jane Austen\ndate: 1813\n---\n\n\"QUOTE one.\" — Jane Austen, a letter\n\nNOTE one.\n\n- NOTE list\n\n| a | b |\n| - | - |\n| NOTE | table |\n\n\"QUOTE two.\"\n\nAFTER all.\n"
	page := entryPage(t, "boxes.md", src, "QUOTE one")
	boxes := strings.Split(page, `<div class="commentary">`)[1:]
	if len(boxes) != 3 {
		t.Fatalf("%d commentary boxes, want 3 (the attribution, the three notes, the note after the citation):\n%s", len(boxes), page)
	}
	for i, want := range [][]string{{"a letter"}, {"NOTE one", "NOTE list", "NOTE"}, {"AFTER all"}} {
		box := boxes[i][:strings.Index(boxes[i], "</div>")]
		for _, w := range want {
			if !strings.Contains(box, w) {
				t.Errorf("box %d lacks %q:\n%s", i+1, w, box)
			}
		}
	}
}

// TestTableIsTable: a Markdown table is an XHTML table in the EPUB: its
// header row <th scope="col">, its rows <td>, each cell with its column's
// alignment, a short row filled out, and not the aligned text the other
// outputs show.
func TestTableIsTable(t *testing.T) {
	src := "---\ntitle: Tables\nauthor: Jane Austen\ndate: 1813\n---\n\n\"QUOTE.\"\n\n| Chapter | Page |\n| :-- | --: |\n| Economy & Co | 1 |\n| Sounds |\n"
	page := entryPage(t, "tables.md", src, "QUOTE")
	want := "<table>\n<thead><tr><th scope=\"col\">Chapter</th><th class=\"right\" scope=\"col\">Page</th></tr>\n</thead>\n" +
		"<tbody><tr><td>Economy &amp; Co</td><td class=\"right\">1</td></tr>\n<tr><td>Sounds</td><td class=\"right\"></td></tr>\n</tbody>\n</table>"
	if !strings.Contains(page, want) {
		t.Errorf("missing\n%s\nin\n%s", want, page)
	}
	if strings.Contains(page, "<pre>") || strings.Contains(page, "-------") {
		t.Error("the table is also kept as text")
	}
}

// entryPage parses src as the entry file name, makes a book of it alone
// and returns the content document that holds marker.
func entryPage(t *testing.T, name, src, marker string) string {
	t.Helper()
	e, probs := model.ParseEntry(name, []byte(src))
	if e == nil {
		t.Fatalf("parse: %v", probs)
	}
	c := &model.Collection{Settings: model.Settings{Title: "T", Language: "en"}, Entries: []*model.Entry{e}}
	files, _ := unzip(t, encode(t, c, &Options{}))
	for _, f := range files {
		if strings.Contains(f, marker) {
			return f
		}
	}
	t.Fatalf("no document holds %q", marker)
	return ""
}
