package feed

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

func TestNestMarks(t *testing.T) {
	for _, c := range []struct{ open, in, want string }{
		{"“", "“My dear Mr. Bennet,” said his lady, “have you heard?”", "‘My dear Mr. Bennet,’ said his lady, ‘have you heard?’"},
		{"“", "‘Yes,’ she said, isn’t it “so”?", "“Yes,” she said, isn’t it ‘so’?"},
		{"“", "the men’s ‘hats’", "the men’s “hats”"},
		{"„", "Er sagte „Ja“.", "Er sagte ‚Ja‘."},
		{"„", "Er sagte: „Was ist ‚das‘?“ und ‚so‘ weiter.", "Er sagte: ‚Was ist „das“?‘ und „so“ weiter."},
		{"„", "Ein ‘ allein", "Ein ‘ allein"},
		{"「", "『本』を読んだ", "「本」を読んだ"},
		{"«\u00a0", "Il dit «\u00a0oui\u00a0».", "Il dit “oui”."},
		{"«", "Il dit : « Je viens » et partit, “vraiment”.", "Il dit : “Je viens” et partit, “vraiment”."},
		{"「", "「はい」と言った", "『はい』と言った"},
	} {
		if got := nestMarks(c.open)(c.in); got != c.want {
			t.Errorf("nestMarks(%q)(%q) = %q, want %q", c.open, c.in, got, c.want)
		}
	}
	if got, want := nestMarksIn("«", "ru")("Он сказал: «Иди» и “ушёл”."), "Он сказал: „Иди“ и “ушёл”."; got != want {
		t.Errorf("Russian: %q, want %q", got, want)
	}
	if got, want := nestMarksIn("«", "es")("Dijo: «Ven»."), "Dijo: “Ven”."; got != want {
		t.Errorf("Spanish: %q, want %q", got, want)
	}
	// A single pair across lines.
	n := nestMarks("“")
	if a, b := n("he said ‘one"), n("two’ and left"); a != "he said “one" || b != "two” and left" {
		t.Errorf("across lines: %q %q", a, b)
	}
}

// TestQuoteLinesNoDoubledMarks: dialogue inside a quote gets single marks
// inside the outer double ones, never ““ or ””.
func TestQuoteLinesNoDoubledMarks(t *testing.T) {
	e, probs := model.ParseEntry("p.md", []byte("---\ntitle: P\nauthor: Jane Austen\ndate: 1813\n---\n\n\"“My dear Mr. Bennet,” said his lady to him one day, “have you heard that Netherfield Park is let at last?”\"\n"))
	if e == nil || len(e.Quotes) != 1 {
		t.Fatalf("parse: %v", probs)
	}
	got := strings.Join(quoteLines(e, &e.Quotes[0], "en", 0, true), "\n")
	want := "“‘My dear Mr. Bennet,’ said his lady to him one day, ‘have you heard that Netherfield Park is let at last?’”"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
