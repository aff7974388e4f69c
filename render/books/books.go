// Package books is what every book-like output (the PDF, the EPUB) means
// the same way, computed once from the model so that the formats agree by
// construction and only lay out: the heading of an entry, the names of
// its authors, the newest date of a collection, language tags and
// direction, the style and order of the list of sources, and the fixed
// words (labels) in the collection's language.
package books

import (
	"sort"
	"strings"
	"time"

	"golang.org/x/text/language"

	"github.com/commonplace-book/commonplace/internal/parallel"
	"github.com/commonplace-book/commonplace/model"
)

// Heading is the heading of an entry: its title, else its publication,
// else the opening words of its first quote (eight at most, then " …"),
// else its slug, else "Untitled", with typographic quotes and apostrophes
// (Curly), as the contents, the index and the heading show it.
func Heading(e *model.Entry) string { return Curly(heading(e)) }

// HeadingText is Heading as written, without curly quotes: the title,
// else the publication, else the first words of the first quote (so that
// an entry held without its body, as a lazily loaded collection holds
// it, needs its body for it: see NeedsBodyForHeading), else the slug.
func HeadingText(e *model.Entry) string { return heading(e) }

// NeedsBodyForHeading reports whether the heading of e comes from its
// body: it has quotes but neither a title nor a publication.
func NeedsBodyForHeading(e *model.Entry) bool {
	return len(e.Quotes) > 0 && strings.TrimSpace(e.Title) == "" && strings.TrimSpace(e.Publication) == ""
}

// heading is Heading as written, the sort key.
func heading(e *model.Entry) string {
	if t := strings.TrimSpace(e.Title); t != "" {
		return t
	}
	if t := strings.TrimSpace(e.Publication); t != "" {
		return t
	}
	for _, q := range e.Quotes {
		for _, bl := range q.Blocks {
			words := strings.Fields(model.Plain(bl.Runs))
			if len(words) == 0 {
				continue
			}
			if len(words) > 8 {
				return strings.Join(words[:8], " ") + " …"
			}
			return strings.Join(words, " ")
		}
	}
	if e.Slug != "" {
		return e.Slug
	}
	return "Untitled"
}

// Names joins names in reading order in the words of l: "A", "A and
// B", "A, B and C", with typographic apostrophes (O’Connor).
func Names(l model.Labels, ns []model.Name) string {
	var parts []string
	for _, n := range ns {
		if s := Curly(strings.TrimSpace(n.String())); s != "" {
			parts = append(parts, s)
		}
	}
	return l.List(parts)
}

// Newest returns the date of the newest dated entry (years 1 to 9999),
// the reproducible stamp of a book when no time is pinned; 1 January 2000
// when no entry has such a date.
func Newest(c *model.Collection) time.Time {
	var n NewestDate
	for _, e := range c.Entries {
		n.Add(e.Date)
	}
	return n.Time()
}

// NewestDate is Newest for entries seen one at a time, in any order.
type NewestDate struct{ d model.Date }

// Add takes the date of one entry.
func (n *NewestDate) Add(d model.Date) {
	if !d.IsZero() && d.Year > 0 && d.Year < 10000 && n.d.Before(d) {
		n.d = d
	}
}

// Time returns what Newest returns for the dates added.
func (n NewestDate) Time() time.Time {
	if n.d.IsZero() {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return n.d.Time()
}

// Lang returns the canonical form of a BCP 47 tag ("en-GB", "zh-Hant"),
// or "" when tag is empty or not well-formed.
func Lang(tag string) string {
	tag = strings.TrimSpace(tag)
	if tag == "" {
		return ""
	}
	t, err := language.Parse(tag)
	if err != nil {
		return ""
	}
	if s := t.String(); s != "und" {
		return s
	}
	return ""
}

// RTL reports whether a language is written right to left (model.IsRTL:
// one list for the loader and every output).
func RTL(tag string) bool { return model.IsRTL(tag) }

// CitationLang is the language citations are written in. The styles'
// own words (trans., ed., n.d., "Translated by", "accessed") are
// English whatever the book's language, so a citation, in the text or
// in the list of sources, is an English paragraph: it runs left to
// right even in a right-to-left book, with every field written right to
// left isolated inside it (IsolateFields with rtlBook false). The PDF
// and the EPUB both set citations this way.
const CitationLang = "en"

// CitationRTL reports whether citations run right to left: never, as
// CitationLang is written left to right.
func CitationRTL() bool { return RTL(CitationLang) }

// Labels returns the fixed words of c's books: the labels: setting, then
// the language's built-in set, then English.
func Labels(c *model.Collection) model.Labels { return c.Labels() }

// SourceStyle is the citation style of the list of sources of a book
// cited in style: the bibliography form of Chicago for chicago,
// chicago-bib and short; MLA and APA as they are (their entries are
// bibliography entries already).
func SourceStyle(style string) string {
	switch style {
	case "mla", "apa":
		return style
	}
	return "chicago-bib"
}

// Source is one item of the list of sources.
type Source struct {
	// Citation is the source in SourceStyle.
	Citation []model.Run
	// Entries are the entries citing this source, in collection order.
	Entries []*model.Entry
	// Key is the sort key: first author (family first), else first
	// editor, else heading; then the citation, lower case.
	Key string
}

// Sources returns the list of sources of c cited in style (the book's
// style; SourceStyle chooses the list's): one item per distinct citation,
// sorted by Key. An entry whose citation fails is left out. headings,
// when not nil, gives the heading as written (HeadingText) of entries
// held without their body whose heading comes from it (see HeadingText);
// others' are their own.
//
// The citations are made on every core (each depends on its entry alone);
// the list is then put together in the entries' order, so it is the same
// whatever the scheduling.
func Sources(c *model.Collection, style string, headings map[*model.Entry]string) []Source {
	style = SourceStyle(style)
	type cited struct {
		runs []model.Run
		text string
	}
	cites := make([]cited, len(c.Entries))
	parallel.For(len(c.Entries), 64, func(i int) {
		runs, err := model.Cite(c.Entries[i], style)
		if err != nil || len(runs) == 0 {
			return
		}
		cites[i] = cited{runs, strings.ToLower(model.Plain(runs))}
	})
	var out []Source
	byText := map[string]int{}
	for k, e := range c.Entries {
		runs, text := cites[k].runs, cites[k].text
		if runs == nil {
			continue
		}
		if i, ok := byText[text]; ok {
			out[i].Entries = append(out[i].Entries, e)
			continue
		}
		byText[text] = len(out)
		h, ok := headings[e]
		if !ok {
			h = heading(e)
		}
		out = append(out, Source{Citation: runs, Entries: []*model.Entry{e}, Key: sourceKeyHeaded(e, h) + "\x00" + text})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out
}

// SourceKey returns the Key of the Source whose first entry is e and
// whose citation, in plain lower-case text, is text.
func SourceKey(e *model.Entry, text string) string { return sourceKey(e) + "\x00" + text }

// sourceKey leads a source's sort key as its citation leads: first
// author, else first editor, else the heading.
func sourceKey(e *model.Entry) string { return sourceKeyHeaded(e, heading(e)) }

// sourceKeyHeaded is sourceKey for e headed h.
func sourceKeyHeaded(e *model.Entry, h string) string {
	switch {
	case len(e.Authors) > 0:
		return strings.ToLower(e.Authors[0].Inverted() + "\x00" + h)
	case len(e.Editors) > 0:
		return strings.ToLower(e.Editors[0].Inverted() + "\x00" + h)
	}
	return strings.ToLower(h)
}
