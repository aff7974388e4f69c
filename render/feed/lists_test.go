package feed

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// listQuote is a quote holding an ordered list that starts at 3, an
// item with a second paragraph, an ordered list nested in it and a
// bulleted list after it.
const listQuote = "---\ntitle: Rules\nauthor: Epictetus\ndate: 0125\n---\n\n> 3. Some things are up to us,\n> 4. and some are not.\n>\n>    Up to us are opinion and desire.\n> 5. The rest:\n>    1. body\n>    2. property\n>\n> - a bullet\n"

func TestListsInText(t *testing.T) {
	e, probs := model.ParseEntry("rules.md", []byte(listQuote))
	if e == nil || len(e.Quotes) != 1 {
		t.Fatalf("parse: %v", probs)
	}
	got := strings.Join(quoteLines(e, &e.Quotes[0], "en", 0, false), "\n")
	for _, want := range []string{
		"3. Some things are up to us,",
		"  4. and some are not.\n\n     Up to us are opinion and desire.",
		"5. The rest:",
		"    1. body",
		"    2. property",
		"• a bullet",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	// A long item wraps under its text, past its number.
	long := strings.Replace(listQuote, "The rest:", "The rest: "+strings.Repeat("what is not our own doing ", 6), 1)
	e, _ = model.ParseEntry("rules.md", []byte(long))
	lines := quoteLines(e, &e.Quotes[0], "en", 40, false)
	found := false
	for i, l := range lines {
		if strings.HasPrefix(l, "  5. ") {
			found = true
			if next := lines[i+1]; !strings.HasPrefix(next, "     ") || strings.HasPrefix(next, "      ") {
				t.Errorf("the line after %q is %q, want it under the item's text (5 spaces)", l, next)
			}
		}
	}
	if !found {
		t.Errorf("no line starts with item 5 in\n%s", strings.Join(lines, "\n"))
	}
}

func TestListsInHTML(t *testing.T) {
	e, probs := model.ParseEntry("rules.md", []byte(listQuote))
	if e == nil || len(e.Quotes) != 1 {
		t.Fatalf("parse: %v", probs)
	}
	var h strings.Builder
	blocksHTML(&h, e, e.Quotes[0].Blocks)
	want := `<ol start="3"><li>Some things are up to us,</li><li>and some are not.<p>Up to us are opinion and desire.</p></li><li>The rest:<ol><li>body</li><li>property</li></ol></li></ol><ul><li>a bullet</li></ul>`
	if got := h.String(); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestTableInHTML: a Markdown table is a table in the feeds' HTML and in
// the e-mail, whose cells carry its styles; the e-mail stays well-formed.
func TestTableInHTML(t *testing.T) {
	src := "---\ntitle: Walden\nauthor: Henry David Thoreau\n---\n\n> | Chapter | Page |\n> | --- | --: |\n> | Economy | 1 |\n"
	e, probs := model.ParseEntry("walden.md", []byte(src))
	if e == nil || len(e.Quotes) != 1 {
		t.Fatalf("parse: %v", probs)
	}
	var h strings.Builder
	blocksHTML(&h, e, e.Quotes[0].Blocks)
	want := "<table>\n<thead><tr><th style=\"\" scope=\"col\">Chapter</th><th style=\"text-align:right\" scope=\"col\">Page</th></tr>\n</thead>\n<tbody><tr><td style=\"\">Economy</td><td style=\"text-align:right\">1</td></tr>\n</tbody>\n</table>\n"
	if got := h.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	styled := styler.Replace(h.String())
	if !strings.Contains(styled, `<td style="padding:`) || !strings.Contains(styled, `;text-align:right"`) || !strings.Contains(styled, `<table style="border-collapse:collapse;`) {
		t.Errorf("the e-mail's styles are not on the table:\n%s", styled)
	}
	if err := xml.Unmarshal([]byte("<div>"+styled+"</div>"), new(struct{})); err != nil {
		t.Errorf("the e-mail's table is not well-formed: %v\n%s", err, styled)
	}
}
