package model

import (
	"fmt"
	"strings"
)

// Styles lists the citation styles Cite knows, in the order shown to users.
var Styles = []string{"chicago", "chicago-bib", "mla", "apa", "short"}

// Cite builds the citation of e in style as rich text: titles are italic
// runs where the style italicises them, the link is a run with Link set.
// An unknown style is an error that lists the known ones.
func Cite(e *Entry, style string) ([]Run, error) {
	switch style {
	case "chicago", "chicago-bib", "mla", "apa", "short":
	default:
		return nil, fmt.Errorf("cite: unknown style %q (known: %s)", style, strings.Join(Styles, ", "))
	}
	// PLACEHOLDER while the citation work lands: author and title only.
	var names []string
	for _, a := range e.Authors {
		names = append(names, a.String())
	}
	return []Run{{Text: strings.Join(names, ", ") + ", "}, {Text: e.Title, Italic: true}}, nil
}
