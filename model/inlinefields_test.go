package model

import (
	"strings"
	"testing"
)

// TestInlineFields: an Obsidian note's Dataview fields, first heading and
// file name describe its source where its front matter does not, their
// lines leave the body, and problems name them as written.
func TestInlineFields(t *testing.T) {
	src := "---\ntags: book\nauthor: Lucius Annaeus Seneca\n---\n# Letters from a Stoic\n\n" +
		"Author:: [[Seneca]]\n- Year:: 0065\nPublisher:: [[Penguin Classics|Penguin]]\nTranslated_by:: Robin Campbell\nRating:: 4\nTags:: #stoicism, #letters\n\n" +
		"```\nCode:: kept\n```\n> Quoted:: kept\n\n" +
		"## Highlights\n\n- \"We suffer more often in imagination than in reality.\"\n"
	e, probs := ParseEntry("Letters.md", []byte(src))
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
	for _, p := range probs {
		t.Errorf("problem: %s", p)
	}
	if e.Title != "Letters from a Stoic" {
		t.Errorf("title %q, want the first heading", e.Title)
	}
	if len(e.Authors) != 1 || e.Authors[0].Family != "Seneca" || e.Authors[0].Given != "Lucius Annaeus" {
		t.Errorf("authors %+v: the front matter's author wins", e.Authors)
	}
	if e.Date.Year != 65 || e.Publisher != "Penguin" {
		t.Errorf("date %+v, publisher %q", e.Date, e.Publisher)
	}
	if got := strings.Join(e.Tags, ","); got != "book" {
		t.Errorf("tags %q: the front matter's tags win", got)
	}
	if e.Extra["rating"] != "4" || len(e.Translators) != 1 || e.Translators[0].Family != "Campbell" {
		t.Errorf("extra %v, want rating, and the translator", e.Extra)
	}
	body := PlainBlocks(e.Commentary)
	for _, gone := range []string{"Letters from a Stoic", "Author", "Year", "Rating", "Tags::"} {
		if strings.Contains(body, gone) {
			t.Errorf("commentary %q holds %q", body, gone)
		}
	}
	for _, kept := range []string{"Code:: kept", "Highlights"} {
		if !strings.Contains(body, kept) {
			t.Errorf("commentary %q lacks %q", body, kept)
		}
	}
	if len(e.Quotes) != 2 || PlainBlocks(e.Quotes[0].Blocks) != "Quoted:: kept" || e.Quotes[1].Line != 21 {
		t.Errorf("quotes %+v", e.Quotes)
	}
}

// TestInlineFieldsOnly: a note without front matter is an entry when an
// author:: or title:: field says so; its file name is its title, a list
// of wiki links its authors, and a bad value is named as written at its
// line. A note with neither stays skipped.
func TestInlineFieldsOnly(t *testing.T) {
	e, probs := ParseEntry("notes/The Lessons of History.md", []byte("Authors:: [[Will Durant]], [[Ariel Durant]]\nTags:: #history\n\n\"The present is the past rolled up for action.\"\n"))
	if e == nil {
		t.Fatalf("not parsed: %v", probs)
	}
	if e.Title != "The Lessons of History" {
		t.Errorf("title %q, want the file name", e.Title)
	}
	if len(e.Authors) != 2 || e.Authors[0].Family != "Durant" || e.Authors[1].Given != "Ariel" {
		t.Errorf("authors %+v", e.Authors)
	}
	if strings.Join(e.Tags, ",") != "history" || len(e.Quotes) != 1 {
		t.Errorf("tags %v, quotes %+v", e.Tags, e.Quotes)
	}
	_, probs = ParseEntry("x.md", []byte("Title:: X\n\nYear:: 65\n"))
	if len(probs) == 0 || probs[0].Line != 3 || !strings.Contains(probs[0].Message, `field "Year::"`) {
		t.Errorf("problems %v, want the Year:: field named at line 3", probs)
	}
	if e, _ := ParseEntry("Some Note.md", []byte("Just a note:: with a colon pair\n\n\"A quote.\"\n")); e != nil {
		t.Errorf("a note without front matter, author:: or title:: was read as an entry")
	}
	for name, want := range map[string]string{"walden.md": "", "Walden.md": "Walden", "a/Letters from a Stoic.md": "Letters from a Stoic", "2015-11-16-From-Mumbai.md": ""} {
		if got := fileTitle(name); got != want {
			t.Errorf("fileTitle(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestTitleHeadingRepeated: a first "# Heading" that repeats the front
// matter's title (its case, emphasis or brackets aside) is not commentary;
// one that says more stays, and the quote keeps its line.
func TestTitleHeadingRepeated(t *testing.T) {
	for _, c := range []struct {
		heading string
		kept    bool
	}{
		{"# Meditations", false},
		{"# *meditations*", false},
		{"# [[Meditations]]", false},
		{"# Meditations, Book II", true},
		{"## Meditations", true},
	} {
		src := "---\ntitle: Meditations\nauthor: Marcus Aurelius\n---\n" + c.heading + "\n\n> Begin the morning.\n"
		e, probs := ParseEntry("meditations.md", []byte(src))
		if e == nil || len(e.Quotes) != 1 {
			t.Fatalf("%s: parse: %v", c.heading, probs)
		}
		kept := false
		for _, p := range e.Body {
			for _, b := range p.Blocks {
				kept = kept || b.Kind == "h"
			}
		}
		if kept != c.kept {
			t.Errorf("%q kept as a heading: %v, want %v", c.heading, kept, c.kept)
		}
		if e.Quotes[0].Line != 7 {
			t.Errorf("%q: the quote is at line %d, want 7", c.heading, e.Quotes[0].Line)
		}
	}
}
