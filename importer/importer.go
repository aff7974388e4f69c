// Package importer brings highlights in from e-readers and reading
// services — Kindle's My Clippings.txt and the Kindle apps' exported
// notebooks, a Readwise CSV export, KOReader's
// JSON export and metadata.*.lua side files, Kobo's KoboReader.sqlite,
// Apple Books' annotation stores and Hypothes.is's Web Annotation JSON — and writes them as Commonplace
// entries: one Markdown file per source, each highlight a quote, each note
// the collector's commentary after its highlight.
//
// Writing is idempotent and safe: an entry keeps the stable key of its
// source (front matter `source_key`) and the IDs of the highlights already
// imported (`imported`), so a second import of the same file changes
// nothing and a newer file adds only the new highlights at the end of the
// entry; nothing the collector wrote is rewritten or deleted.
package importer

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode"
)

// Source is one book or article and the highlights taken from it.
type Source struct {
	// Key identifies the source across imports ("kindle:…", "kobo:…").
	// It is kept in the entry's front matter as source_key.
	Key string
	// Title is the source's title.
	Title string
	// Authors are the authors' names as the source gives them ("Given
	// Family" or "Family, Given").
	Authors []string
	// Publisher is the book's publisher, when known.
	Publisher string
	// Date is the source's date (YYYY, YYYY-MM or YYYY-MM-DD), when known.
	Date string
	// Accessed is when a web source was read (YYYY-MM-DD), when known.
	Accessed string
	// Link is the source's URL, when known.
	Link string
	// Type is the entry type: book, article or webpage.
	Type string
	// Lang is the source's language tag, when known.
	Lang string
	// Tags are the source's tags.
	Tags []string
	// Highlights are the passages and notes, in reading order.
	Highlights []Highlight
}

// Highlight is one highlighted passage, or a note on its own when Text is
// empty.
type Highlight struct {
	// Text is the highlighted passage; paragraphs separated by a blank
	// line or a newline.
	Text string
	// Note is the collector's note on the passage.
	Note string
	// Page is the page number or range the source gives ("12", "xiv").
	Page string
	// Location is a device location ("180-183" on a Kindle), when known.
	Location string
	// Where locates the highlight in the input, for messages.
	Where string
}

// ID is the highlight's stable identifier: a hash of its normalised text
// (or of its note when it has no text), prefixed with "h" so YAML always
// reads it as text.
func (h Highlight) ID() string {
	s := "text:" + normText(h.Text)
	if strings.TrimSpace(h.Text) == "" {
		s = "note:" + normText(h.Note)
	}
	sum := sha256.Sum256([]byte(s))
	return "h" + hex.EncodeToString(sum[:6])
}

// Problem is something wrong in the input: a record that could not be
// imported (an error) or one imported with a caveat (a warning).
type Problem struct {
	// Where names the file and the line, CSV row, annotation or SQLite
	// row: "My Clippings.txt:12", "export.csv: row 4".
	Where string
	// Warning is set for problems that lost nothing.
	Warning bool
	// Message is lower-case.
	Message string
}

// String formats p as "WHERE: message" with "warning: " before warnings.
func (p Problem) String() string {
	if p.Warning {
		return p.Where + ": warning: " + p.Message
	}
	return p.Where + ": " + p.Message
}

// Format is an input format import knows.
type Format struct {
	// Name is the name given on the command line.
	Name string
	// Description says what files the format reads.
	Description string
	// Read reads one input file. Records that cannot be read are
	// Problems and the rest is still returned; the error is non-nil only
	// when the file as a whole cannot be read.
	Read func(path string) ([]*Source, []Problem, error)
}

// Formats are the input formats, in the order `import --help` lists them.
var Formats = []Format{
	{Name: "kindle", Description: "Kindle's My Clippings.txt (every language), or a notebook exported from a Kindle app (HTML)", Read: ReadKindle},
	{Name: "readwise", Description: "a Readwise CSV export", Read: ReadReadwise},
	{Name: "koreader", Description: "KOReader's JSON export or a metadata.*.lua side file", Read: ReadKOReader},
	{Name: "kobo", Description: "a Kobo's KoboReader.sqlite (opened read-only)", Read: ReadKobo},
	{Name: "applebooks", Description: "Apple Books' annotations on a Mac: its Documents folder or AEAnnotation_*.sqlite (opened read-only)", Read: ReadAppleBooks},
	{Name: "hypothesis", Description: "a Hypothes.is JSON export (W3C Web Annotations)", Read: ReadHypothesis},
}

// Lookup returns the format called name.
func Lookup(name string) (Format, bool) {
	for _, f := range Formats {
		if f.Name == name {
			return f, true
		}
	}
	return Format{}, false
}

// Names returns the formats' names.
func Names() []string {
	var out []string
	for _, f := range Formats {
		out = append(out, f.Name)
	}
	return out
}

// normText folds case and white space, so that re-wrapped or re-cased
// copies of a passage compare equal.
func normText(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
		case r == '\\' || r == '\u00ad' || r == '\ufeff' || r == '\u200b':
		default:
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(unicode.ToLower(foldQuote(r)))
		}
	}
	return b.String()
}

// foldQuote maps typographic quotes and dashes to their ASCII forms (the
// Markdown typographer curls them when an entry is read).
func foldQuote(r rune) rune {
	switch r {
	case '“', '”', '„', '«', '»':
		return '"'
	case '‘', '’', '‚':
		return '\''
	case '–', '—':
		return '-'
	}
	return r
}

// keyPart normalises a title or author for use in a source key.
func keyPart(s string) string { return normText(s) }

// matchKey is the form of a source key under which two keys name the same
// source. For a Kindle key ("kindle:title|author"), the authors' names are
// a set of words, so that "Ashdown, Mira" (as a clippings file may give
// them) and "Mira Ashdown" (as the app's notebook does) match; other keys
// match only as they are. The key kept in an entry is the one written.
func matchKey(key string) string {
	rest, ok := strings.CutPrefix(key, "kindle:")
	if !ok {
		return key
	}
	title, author, ok := strings.Cut(rest, "|")
	if !ok {
		return key
	}
	words := strings.FieldsFunc(author, func(r rune) bool { return r == ',' || r == ';' || r == '&' || unicode.IsSpace(r) })
	kept := words[:0]
	for _, w := range words {
		if w != "and" {
			kept = append(kept, w)
		}
	}
	slices.Sort(kept)
	return "kindle:" + title + "|" + strings.Join(kept, " ")
}

// splitAuthors splits "A; B" and "A & B" author fields; "Last, First" is
// kept whole (the loader reads it as family, given).
func splitAuthors(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	var out []string
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '&' }) {
		if p := strings.TrimSpace(part); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// mergeSources merges sources that share a key, keeping the first one's
// fields (filling the ones it lacks) and every highlight once, in order.
func mergeSources(in []*Source) []*Source {
	var out []*Source
	byKey := map[string]*Source{}
	seen := map[string]map[string]int{}
	for _, s := range in {
		k := matchKey(s.Key)
		t := byKey[k]
		if t == nil {
			cp := *s
			cp.Highlights = nil
			t = &cp
			byKey[k] = t
			seen[k] = map[string]int{}
			out = append(out, t)
		}
		fill := func(dst *string, v string) {
			if *dst == "" {
				*dst = v
			}
		}
		fill(&t.Title, s.Title)
		fill(&t.Publisher, s.Publisher)
		fill(&t.Date, s.Date)
		fill(&t.Link, s.Link)
		fill(&t.Lang, s.Lang)
		fill(&t.Accessed, s.Accessed)
		if len(t.Authors) == 0 {
			t.Authors = s.Authors
		}
		for _, tag := range s.Tags {
			if !contains(t.Tags, tag) {
				t.Tags = append(t.Tags, tag)
			}
		}
		for _, h := range s.Highlights {
			id := h.ID()
			if i, ok := seen[k][id]; ok {
				// The same passage again: keep one, with every note.
				if h.Note != "" && !strings.Contains(t.Highlights[i].Note, h.Note) {
					t.Highlights[i].Note = joinNotes(t.Highlights[i].Note, h.Note)
				}
				continue
			}
			seen[k][id] = len(t.Highlights)
			t.Highlights = append(t.Highlights, h)
		}
	}
	return out
}

func joinNotes(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "\n\n" + b
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// where formats a file position for a Problem.
func where(file string, line int) string { return fmt.Sprintf("%s:%d", file, line) }
