package model

import "testing"

// TestStrikeKeepsQuoteID: a quote with struck-through text keeps the ID
// it had when its ~~ were literal text, and Plain gives them back.
func TestStrikeKeepsQuoteID(t *testing.T) {
	src := "---\ntitle: Walden\nauthor: Henry David Thoreau\n---\n\n> Our life is ~~frittered *away*~~ by ~~detail~~.\n"
	e, probs := ParseEntry("walden.md", []byte(src))
	if e == nil || len(e.Quotes) != 1 {
		t.Fatalf("parse: %v", probs)
	}
	q := e.Quotes[0]
	if got, want := Plain(q.Blocks[0].Runs), "Our life is ~~frittered away~~ by ~~detail~~."; got != want {
		t.Errorf("Plain = %q, want %q", got, want)
	}
	literal := []Block{{Kind: "p", Runs: []Run{{Text: "Our life is ~~frittered away~~ by ~~detail~~."}}}}
	if want := quoteID("walden.md", literal); q.ID != want {
		t.Errorf("ID %s, want %s as with the ~~ as text", q.ID, want)
	}
}
