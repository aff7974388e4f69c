package model

import (
	"strings"
	"testing"
)

// TestReadAliases: fields other tools name otherwise are read under the
// model's names when the front matter lacks those, and problems name
// them as written.
func TestReadAliases(t *testing.T) {
	clip := "---\ntitle: \"Why We Read\"\nsource: \"https://example.com/why-we-read\"\nauthor:\n  - \"[[John Doe]]\"\npublished: 2024-03-15\ncreated: 2024-11-20\ntags:\n  - \"clippings\"\n---\n\n> Reading is a conversation across centuries.\n"
	e, probs := ParseEntry("Why We Read.md", []byte(clip))
	if e == nil || len(probs) > 0 {
		t.Fatalf("web clip: %v", probs)
	}
	if e.Link != "https://example.com/why-we-read" || e.Date.Year != 2024 || e.Date.Month != 3 || e.Accessed.Day != 20 || len(e.Authors) != 1 || e.Authors[0].Family != "Doe" {
		t.Errorf("web clip read as link %q, date %+v, accessed %+v, authors %+v", e.Link, e.Date, e.Accessed, e.Authors)
	}

	for _, tc := range []struct{ name, front, date, link, extra string }{
		{"year", "year: 1854", "1854", "", ""},
		{"date wins", "date: 1854\nyear: 1850", "1854", "", "year"},
		{"draft flag stays", "year: 1854\npublished: true", "1854", "", ""},
		{"source not a URL", "date: 1854\nsource: my shelf", "1854", "", "source"},
		{"created without a link", "date: 1854\ncreated: 2024-11-20", "1854", "", "created"},
		{"link wins", "date: 1854\nlink: https://a.example/\nsource: https://b.example/", "1854", "https://a.example/", "source"},
	} {
		e, probs := ParseEntry("walden.md", []byte("---\ntitle: Walden\nauthor: Henry David Thoreau\n"+tc.front+"\n---\n\n\"Simplify.\"\n"))
		if e == nil {
			t.Fatalf("%s: %v", tc.name, probs)
		}
		if got := e.Date.String(); got != tc.date {
			t.Errorf("%s: date %q, want %q", tc.name, got, tc.date)
		}
		if e.Link != tc.link {
			t.Errorf("%s: link %q, want %q", tc.name, e.Link, tc.link)
		}
		if tc.extra != "" && e.Extra[tc.extra] == nil {
			t.Errorf("%s: %q not kept as an unknown field: %v", tc.name, tc.extra, e.Extra)
		}
	}
	if e, _ := ParseEntry("w.md", []byte("---\ntitle: W\nyear: 1854\npublished: false\n---\n\n\"x\"\n")); e != nil {
		t.Error("published: false no longer leaves the entry out")
	}
	_, probs = ParseEntry("w.md", []byte("---\ntitle: W\npublished: 18th of May\n---\n\n\"x\"\n"))
	if len(probs) == 0 || !strings.Contains(probs[0].Message, `field "published"`) || probs[0].Line != 3 {
		t.Errorf("problems %v, want the published field named at line 3", probs)
	}
}
