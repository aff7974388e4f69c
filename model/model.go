// Package model owns Commonplace's entry model and its loading: a Collection
// of Entries, each with its source fields, Quotes and commentary as rich text,
// and the Citations built from those fields. It imports no renderer; every
// renderer reads the model and never re-parses Markdown or front matter.
package model

// Collection is a loaded commonplace book: its settings and its entries in a
// stable order (sorted by Settings.Sort, then by path).
type Collection struct {
	// Root is the folder the collection was loaded from.
	Root string `json:"root,omitempty"`
	// Settings are the collection's settings (commonplace.yaml, flags win).
	Settings Settings `json:"settings"`
	// Entries are the entries that loaded, in a stable order.
	Entries []*Entry `json:"entries"`
	// Problems are every error and warning found while loading, sorted by
	// file and line. Entries with an error are not in Entries.
	Problems []Problem `json:"problems,omitempty"`

	// lazy is set for a collection loaded with LoadOptions.Lazy.
	lazy *lazyState
	// index is set for a collection loaded from the quote index
	// (LoadOptions.Index).
	index *Index
}

// Entry is one source file: the source it describes and the passages quoted
// from it.
type Entry struct {
	// Path is the file's path relative to the collection root, with forward
	// slashes.
	Path string `json:"path"`
	// Slug is the file name without its Jekyll date prefix and extension.
	// It is unique within a collection (a numeric suffix is added if needed).
	Slug string `json:"slug"`
	// ID is a stable identifier derived from Path; safe in XML ids and URLs.
	ID string `json:"id"`

	Title       string `json:"title,omitempty"`
	Authors     []Name `json:"authors,omitempty"`
	Translators []Name `json:"translators,omitempty"`
	Editors     []Name `json:"editors,omitempty"`
	// Publication is the container: magazine, newspaper, site, collection.
	Publication string `json:"publication,omitempty"`
	Publisher   string `json:"publisher,omitempty"`
	Place       string `json:"place,omitempty"`
	// Link is the source's URL (front matter `link` or `url`).
	Link string `json:"link,omitempty"`
	// Date is the source's date; zero when unknown.
	Date Date `json:"date,omitzero"`
	// Accessed is when a web source was accessed; zero when unknown.
	Accessed Date `json:"accessed,omitzero"`
	// Pages is the page or page range, en dash between numbers ("12–14").
	Pages string `json:"pages,omitempty"`
	// Volume and Issue place an article in its journal or magazine
	// ("59", "236"), as written.
	Volume string `json:"volume,omitempty"`
	Issue  string `json:"issue,omitempty"`
	// DOI is the source's Digital Object Identifier, without a prefix
	// ("10.1093/mind/LIX.236.433"); citations link to it in place of
	// Link.
	DOI string `json:"doi,omitempty"`
	// Type is the kind of source: book, article, chapter, poem, letter,
	// speech, webpage, or another word the collector used. Never empty
	// after loading: it is inferred when the front matter has none.
	Type string `json:"type"`
	// TypeInferred reports whether Type was inferred rather than given.
	TypeInferred bool     `json:"type_inferred,omitempty"`
	Category     string   `json:"category,omitempty"`
	Tags         []string `json:"tags,omitempty"`
	// SourceFormat names the layout of a file written by another tool
	// and read as it is: "obsidian-kindle" (the Obsidian Kindle plugin)
	// or "readwise-obsidian" (the Readwise plugin); empty for an entry.
	SourceFormat string `json:"source_format,omitempty"`
	// Lang is the entry's BCP 47 language tag from front matter; empty
	// means the collection's language.
	Lang   string `json:"lang,omitempty"`
	Layout string `json:"layout,omitempty"`
	// Extra holds front-matter fields the model does not know, unchanged.
	Extra map[string]any `json:"extra,omitempty"`

	// Body is the entry's body in file order: its quotes and the
	// collector's commentary between, before and after them, each part
	// with its file line. Renderers that print commentary print the body
	// in this order.
	Body []Part `json:"body"`
	// Quotes are the passages quoted from the source, in file order.
	Quotes []Quote `json:"quotes"`
	// Commentary is the collector's own text, in file order: the blocks
	// of the body's commentary parts, without their positions.
	Commentary []Block `json:"commentary,omitempty"`
	// Notes are the entry's footnotes, referenced from runs by Note.ID.
	Notes []Note `json:"notes,omitempty"`
}

// Quote is one passage quoted from a source.
type Quote struct {
	// ID is stable: derived from the entry's path and the normalised text,
	// so it survives reordering and whitespace edits.
	ID string `json:"id"`
	// Line is the file line where the quote starts (1-based).
	Line int `json:"line"`
	// Mark says how the quote was marked in the source: "blockquote" (a
	// top-level > blockquote), "quotes" (a paragraph, or a span of blocks,
	// opened and closed by double quotation marks; the outer marks are
	// stripped) or "none" (the whole body of an entry without marked
	// quotes).
	Mark string `json:"mark"`
	// Blocks are the quote's paragraphs or stanzas.
	Blocks []Block `json:"blocks"`
	// Lang is the quote's language tag (from the entry, or detected from
	// its script; empty when it is the collection's language).
	Lang string `json:"lang,omitempty"`
	// Dir is "rtl" for right-to-left text, else "ltr".
	Dir string `json:"dir"`
	// Location says where in the source the passage is, as its last line
	// gave it ("— page 12, location 180-183" gives "page 12, location
	// 180-183"); the line is not part of Blocks. Its page reaches the
	// quote's citation (CiteQuote).
	Location string `json:"location,omitempty"`
}

// Part is one piece of an entry's body: a quote or one top-level block of
// commentary (a paragraph, heading, list or code block).
type Part struct {
	// Kind is "quote" or "commentary".
	Kind string `json:"kind"`
	// Line is the file line where the part starts (1-based).
	Line int `json:"line"`
	// Quote is the index in Entry.Quotes of a "quote" part.
	Quote int `json:"-"`
	// QuoteID is the ID of a "quote" part's quote, as in Entry.Quotes.
	QuoteID string `json:"quote,omitempty"`
	// Of is, for commentary that belongs to the quote before it (the
	// quote's attribution, a callout's title), that quote's ID:
	// renderers keep it with the quote, before the entry's citation
	// (LastQuote).
	Of string `json:"of,omitempty"`
	// Blocks are a "commentary" part's blocks (a list gives one block per
	// item).
	Blocks []Block `json:"blocks,omitempty"`
}

// Part kinds.
const (
	PartQuote      = "quote"
	PartCommentary = "commentary"
)

// Block is a paragraph-level piece of rich text.
type Block struct {
	// Kind is "p" (paragraph or stanza), "h" (heading), "li" (list item),
	// "pre" (code block) or "hr" (thematic break).
	Kind string `json:"kind"`
	// Level is the heading level for "h", the nesting depth for "li"
	// (1 = an item of a top-level list) and for paragraphs of blockquotes
	// nested inside a quote (0 = top).
	Level int `json:"level,omitempty"`
	// Ordered marks an "li" block of an ordered (numbered) list; Number
	// is then its number, as written: a list starting at 3 counts 3, 4,
	// 5 … (a list may start at 0). Both are unset for a bulleted item and
	// for an item's later paragraphs (More).
	Ordered bool `json:"ordered,omitempty"`
	Number  int  `json:"number,omitempty"`
	// More marks an "li" block that continues the item before it (the
	// item's second paragraph or later): shown without a bullet or number,
	// aligned with the item's text.
	More bool `json:"more,omitempty"`
	// Runs is the block's inline content.
	Runs []Run `json:"runs,omitempty"`
	// Table is set on a "pre" block made from a Markdown table: its cells,
	// for the outputs that can show a table as one (the EPUB and the
	// feeds' HTML); Runs holds the same table as aligned text, for the
	// others.
	Table *Table `json:"table,omitempty"`
}

// Table is a table's cells as plain text.
type Table struct {
	// Header is set when the first row is the table's header.
	Header bool `json:"header,omitempty"`
	// Align is each column's alignment as the delimiter row gives it:
	// "left", "right", "center" or "" (none said).
	Align []string `json:"align,omitempty"`
	// Rows are the rows, each a cell a column (a short row has fewer).
	Rows [][]string `json:"rows"`
}

// Run is a piece of inline text with one set of styles. A run with Break set
// is a hard line break (verse keeps its lines); a run with Note set is a
// footnote reference and has no text of its own.
type Run struct {
	Text   string `json:"text,omitempty"`
	Italic bool   `json:"italic,omitempty"`
	Bold   bool   `json:"bold,omitempty"`
	Code   bool   `json:"code,omitempty"`
	// Mark marks text the collector highlighted (Obsidian's ==text==):
	// shown highlighted, as the reader's mark, not the author's emphasis.
	Mark bool `json:"mark,omitempty"`
	// Strike marks text struck through (~~text~~, <s>, <del>): words the
	// writer crossed out, shown with a line through them where an output
	// can draw one, and between ~~ in plain text.
	Strike bool `json:"strike,omitempty"`
	// Link is the target URL of a link; only http, https and mailto
	// targets and in-page fragments are kept.
	Link string `json:"link,omitempty"`
	// Break marks a hard line break.
	Break bool `json:"break,omitempty"`
	// Note is the ID of the footnote (Entry.Notes) this run refers to.
	Note string `json:"note,omitempty"`
}

// Note is a footnote of an entry.
type Note struct {
	// ID is unique in the collection: the entry ID, "-fn-" and the number.
	ID string `json:"id"`
	// Label is the footnote's number as shown to readers ("1", "2" …).
	Label string `json:"label"`
	// Blocks is the footnote's text.
	Blocks []Block `json:"blocks"`
}

// Name is a person's name split into given and family parts. A one-word
// name ("Plato", "Anonymous") has only Family set.
type Name struct {
	Given string `json:"given,omitempty"`
	// Family is the family name as read, particle included ("de
	// Montaigne", "van Gogh"); a literal name whole.
	Family string `json:"family"`
	// Particle is the lower-case particle Family opens with ("de", "van
	// der", "al-"), or "".
	Particle string `json:"particle,omitempty"`
	// DroppingParticle reports that the particle follows the given name
	// when the name is inverted ("Montaigne, Michel de"), as French "de"
	// and German "von" do; otherwise it stays with the family name ("van
	// Gogh, Vincent"; Chicago moves it last all the same).
	DroppingParticle bool `json:"dropping_particle,omitempty"`
	// Literal is set for a name that is never split or inverted: a name
	// given as {literal: …}, or written in a script whose names are not
	// inverted. Family holds the same text.
	Literal string `json:"literal,omitempty"`
}

// Problem is an error or warning about the input, located at a file line.
type Problem struct {
	// Path is relative to the collection root, with forward slashes.
	Path string `json:"path"`
	// Line is the 1-based file line (0 when the whole file is meant).
	Line int `json:"line"`
	// Severity is Error (the entry was rejected) or Warning.
	Severity Severity `json:"severity"`
	// Message is lower-case and never contains raw control bytes.
	Message string `json:"message"`
}
