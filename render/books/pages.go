package books

import (
	"unicode"

	"github.com/commonplace-book/commonplace/model"
)

// Pages are where the pages of a paged edition of a book (the PDF) begin,
// in terms both editions share, so that another edition built from the
// same collection (the EPUB) can carry the paged edition's page numbers:
// a reader citing "p. 112" from either means the same passage.
type Pages struct {
	// Edition names the paged edition ("A Commonplace Book, PDF, a5
	// layout, print profile"), the EPUB's dc:source.
	Edition string
	// Breaks are the numbered pages in order, each with the place of
	// the book its first line sets.
	Breaks []PageBreak
}

// PageBreak is the start of one page.
type PageBreak struct {
	// Label is the page's printed number ("1", "112").
	Label string
	// At is the first place the page sets.
	At Place
}

// Kinds of Place.
const (
	// PlaceGroup is the heading of the group c.Groups(by)[Item].
	PlaceGroup = iota + 1
	// PlaceHeading is an entry's heading and byline.
	PlaceHeading
	// PlaceBody is the block Block of the part Part (an index into
	// Entry.Parts()) of an entry, Offset countable runes in.
	PlaceBody
	// PlaceCitation is an entry's citation, Offset countable runes in.
	PlaceCitation
	// PlaceNote is the block Block of the footnote Entry.Notes[Item],
	// Offset countable runes in.
	PlaceNote
	// PlaceIndex is the entry c.AuthorIndex()[Item] of the index of
	// authors; Item -1 its heading.
	PlaceIndex
	// PlaceSources is the item Sources(c, style, …)[Item] of the list of
	// sources, Offset countable runes into its citation; Item -1 its
	// heading.
	PlaceSources
)

// Place is a point of a book that every edition has: a heading, or a
// position in a block of text counted in countable runes (Countable) from
// the block's start, so that editions agree whatever they add around the
// text (markup, hyphens at line ends).
type Place struct {
	Kind   uint8
	Entry  *model.Entry
	Part   int32
	Block  int32
	Item   int32
	Offset int32
}

// Countable reports whether a rune of text counts in Place offsets: not
// white space (a paragraph's line breaks and justification are the
// edition's), not a control or an invisible format character (soft
// hyphens, bidi controls, joiners) and not a combining mark (so composed
// and decomposed letters count alike), which editions keep, drop or
// normalise as they need.
func Countable(r rune) bool {
	if r < 0x80 {
		// ASCII: letters, digits, punctuation and symbols count; spaces
		// and controls do not
		return r > ' ' && r != 0x7F
	}
	return !unicode.IsSpace(r) && !unicode.In(r, unicode.Cf, unicode.Cc, unicode.Mn, unicode.Me)
}

// CountRunes returns the number of countable runes in s.
func CountRunes(s string) int {
	n := 0
	for _, r := range s {
		if Countable(r) {
			n++
		}
	}
	return n
}
