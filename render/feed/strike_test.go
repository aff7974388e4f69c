package feed

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

// TestStrikeInFeeds: struck-through text is between ~~ in the text
// outputs (fortune, text, cards) and <s> in the feeds' HTML.
func TestStrikeInFeeds(t *testing.T) {
	src := "---\ntitle: Walden\nauthor: Henry David Thoreau\n---\n\n> Our life is frittered away by ~~detail~~ detail, ~~by *small*~~ things.\n"
	e, probs := model.ParseEntry("walden.md", []byte(src))
	if e == nil || len(e.Quotes) != 1 {
		t.Fatalf("parse: %v", probs)
	}
	got := strings.Join(quoteLines(e, &e.Quotes[0], "en", 0, false), "\n")
	if want := "Our life is frittered away by ~~detail~~ detail, ~~by small~~ things."; got != want {
		t.Errorf("text: got %q, want %q", got, want)
	}
	var h strings.Builder
	blocksHTML(&h, e, e.Quotes[0].Blocks)
	if want := "by <s>detail</s> detail, <s>by </s><em><s>small</s></em> things."; !strings.Contains(h.String(), want) {
		t.Errorf("HTML: got %s, want it to hold %s", h.String(), want)
	}
}
