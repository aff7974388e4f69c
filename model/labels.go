package model

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/commonplace-book/commonplace/layouts"
)

// Labels are the fixed words of the books, in the book's language: the
// headings of the contents, the index and the sources, the names of
// groups without a key, the title page's and the colophon's phrases, and
// the EPUB's navigation words. Defaults gives the collection language's
// built-in set (layouts/labels/LANG.yaml, falling back to English word by
// word); a collection's own layouts/labels/LANG.yaml and then the labels:
// setting in commonplace.yaml override any word, for example "labels:
// {contents: Table des matières}".
//
// A phrase may hold placeholders in braces, filled in by the methods
// below: {name}, {title}, {n}, {passages}, {sources}, {fonts}, {main},
// {others}, {font}, {use}, {date}, {d}, {month}, {y}.
type Labels struct {
	Contents      string `yaml:"contents" json:"contents,omitempty"`
	Index         string `yaml:"index" json:"index,omitempty"`
	Sources       string `yaml:"sources" json:"sources,omitempty"`
	Notes         string `yaml:"notes" json:"notes,omitempty"`
	Anonymous     string `yaml:"anonymous" json:"anonymous,omitempty"`
	Uncategorised string `yaml:"uncategorised" json:"uncategorised,omitempty"`
	Undated       string `yaml:"undated" json:"undated,omitempty"`
	// CompiledBy is put before the compiler's name ("Compiled by"), or
	// holds {name} where the name goes ("{name} 編").
	CompiledBy string `yaml:"compiled_by" json:"compiled_by,omitempty"`
	TitlePage  string `yaml:"title_page" json:"title_page,omitempty"`
	Cover      string `yaml:"cover" json:"cover,omitempty"`
	// CoverAlt is the cover image's text alternative: "Cover: {title}".
	CoverAlt string `yaml:"cover_alt" json:"cover_alt,omitempty"`
	// Landmarks and Pages title the EPUB's landmarks and page list;
	// Start names the landmark of the body's start.
	Landmarks string `yaml:"landmarks" json:"landmarks,omitempty"`
	Pages     string `yaml:"pages" json:"pages,omitempty"`
	Start     string `yaml:"start" json:"start,omitempty"`
	// Continued titles the further parts of a long chapter:
	// "{title} (continued)".
	Continued string `yaml:"continued" json:"continued,omitempty"`
	// ToQuotes is the tooltip of a source's link back to its quotations.
	ToQuotes string `yaml:"to_quotes" json:"to_quotes,omitempty"`
	// And joins the last two items of a list (" and "), Comma the others
	// (", "), spaces included.
	And   string `yaml:"and" json:"and,omitempty"`
	Comma string `yaml:"comma" json:"comma,omitempty"`
	// None stands in an empty index or list of sources; NoEntries on the
	// only page of a book without entries.
	None      string `yaml:"none" json:"none,omitempty"`
	NoEntries string `yaml:"no_entries" json:"no_entries,omitempty"`
	// Stats counts the book on its title page and colophon: "{passages}
	// from {sources}", each count in the plural form its number takes
	// (Passages, SourceCount), SourceCount as it reads in Stats.
	Stats       string `yaml:"stats" json:"stats,omitempty"`
	Passages    Plural `yaml:"passages" json:"passages,omitzero"`
	SourceCount Plural `yaml:"source_count" json:"source_count,omitzero"`
	// SetIn, With and FontFor name the typefaces in the colophon: "Set
	// in {fonts}.", {fonts} being the text face alone or "{main}, with
	// {others}", each other face "{font} for {use}", {use} one of Uses
	// (keys arabic, hebrew, devanagari, thai, cjk, math, mono, symbols).
	SetIn   string            `yaml:"set_in" json:"set_in,omitempty"`
	With    string            `yaml:"with" json:"with,omitempty"`
	FontFor string            `yaml:"font_for" json:"font_for,omitempty"`
	Uses    map[string]string `yaml:"uses" json:"uses,omitempty"`
	// MadeWith and MadeWithDate end the colophon, the latter when the
	// date of the build is given ({date}, written as Date: "{d} {month}
	// {y}" with the names of Months).
	MadeWith     string   `yaml:"made_with" json:"made_with,omitempty"`
	MadeWithDate string   `yaml:"made_with_date" json:"made_with_date,omitempty"`
	Months       []string `yaml:"months" json:"months,omitempty"`
	Date         string   `yaml:"date" json:"date,omitempty"`

	// lang is the language whose plural rules choose the counts' forms.
	lang string
}

// FontUses are the keys of Labels.Uses.
var FontUses = []string{"arabic", "hebrew", "devanagari", "thai", "cjk", "math", "mono", "symbols"}

// Plural is a phrase with a count in the plural forms of a language, as
// CLDR names them ("{n} passage" for one, "{n} passages" for other);
// English needs One and Other, Russian One, Few, Many and Other, Arabic
// all six. A form a language does not use is left empty; Other stands in
// for any missing one. In YAML it is a map of the forms, or one string
// for all.
type Plural struct {
	Zero  string `yaml:"zero" json:"zero,omitempty"`
	One   string `yaml:"one" json:"one,omitempty"`
	Two   string `yaml:"two" json:"two,omitempty"`
	Few   string `yaml:"few" json:"few,omitempty"`
	Many  string `yaml:"many" json:"many,omitempty"`
	Other string `yaml:"other" json:"other,omitempty"`
}

// UnmarshalYAML reads a Plural from a map of forms or a single string.
func (p *Plural) UnmarshalYAML(n *yaml.Node) error {
	if n.Kind == yaml.ScalarNode {
		*p = Plural{Other: n.Value}
		return nil
	}
	type plain Plural
	var q plain
	if err := n.Decode(&q); err != nil {
		return err
	}
	*p = Plural(q)
	return nil
}

// IsZero reports whether no form is given.
func (p Plural) IsZero() bool { return p == Plural{} }

// Form returns the phrase for n in the plural rules of lang, {n}
// replaced by n.
func (p Plural) Form(lang string, n int) string {
	s := p.Other
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.English
	}
	abs := max(n, -n)
	var f string
	switch plural.Cardinal.MatchPlural(tag, abs, 0, 0, 0, 0) {
	case plural.Zero:
		f = p.Zero
	case plural.One:
		f = p.One
	case plural.Two:
		f = p.Two
	case plural.Few:
		f = p.Few
	case plural.Many:
		f = p.Many
	}
	if f != "" {
		s = f
	}
	return strings.ReplaceAll(s, "{n}", strconv.Itoa(n))
}

// Forms returns the plural forms lang uses for whole numbers ("one",
// "other"…), found by asking its rules about 0 to 1000.
func Forms(lang string) []string {
	tag, err := language.Parse(lang)
	if err != nil {
		return []string{"other"}
	}
	names := map[plural.Form]string{plural.Zero: "zero", plural.One: "one", plural.Two: "two",
		plural.Few: "few", plural.Many: "many", plural.Other: "other"}
	seen := map[plural.Form]bool{}
	for n := 0; n <= 1000; n++ {
		seen[plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)] = true
	}
	var out []string
	for _, f := range []plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many, plural.Other} {
		if seen[f] {
			out = append(out, names[f])
		}
	}
	return out
}

// fill replaces {key} by its value in s, for pairs key, value.
func fill(s string, kv ...string) string {
	for i := 0; i+1 < len(kv); i += 2 {
		s = strings.ReplaceAll(s, "{"+kv[i]+"}", kv[i+1])
	}
	return s
}

// CompiledByName returns the phrase crediting the compiler: CompiledBy
// with {name} filled in, or CompiledBy, a space and the name.
func (l Labels) CompiledByName(name string) string {
	if strings.Contains(l.CompiledBy, "{name}") {
		return fill(l.CompiledBy, "name", name)
	}
	return l.CompiledBy + " " + name
}

// CoverText returns the cover image's text alternative.
func (l Labels) CoverText(title string) string { return fill(l.CoverAlt, "title", title) }

// ContinuedTitle returns the title of a chapter's further part.
func (l Labels) ContinuedTitle(title string) string { return fill(l.Continued, "title", title) }

// Count returns the book's size as the title page and the colophon give
// it: "12 passages from 5 sources".
func (l Labels) Count(passages, sources int) string {
	return fill(l.Stats, "passages", l.Passages.Form(l.lang, passages), "sources", l.SourceCount.Form(l.lang, sources))
}

// List joins items in reading order: "A", "A and B", "A, B and C".
func (l Labels) List(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], l.Comma) + l.And + items[len(items)-1]
}

// Faces returns the colophon's sentence naming the faces: main, and each
// of others ([font, use key] pairs) with what it sets.
func (l Labels) Faces(main string, others [][2]string) string {
	fonts := main
	if len(others) > 0 {
		var parts []string
		for _, o := range others {
			use := l.Uses[o[1]]
			if use == "" {
				use = o[1]
			}
			parts = append(parts, fill(l.FontFor, "font", o[0], "use", use))
		}
		fonts = fill(l.With, "main", main, "others", l.List(parts))
	}
	return fill(l.SetIn, "fonts", fonts)
}

// FormatDate writes a date in the words of Date and Months.
func (l Labels) FormatDate(t time.Time) string {
	month := strconv.Itoa(int(t.Month()))
	if len(l.Months) == 12 {
		month = l.Months[t.Month()-1]
	}
	return fill(l.Date, "d", strconv.Itoa(t.Day()), "month", month, "y", strconv.Itoa(t.Year()))
}

// Made returns the colophon's last sentence, with the date when given.
func (l Labels) Made(date time.Time, withDate bool) string {
	if !withDate {
		return l.MadeWith
	}
	return fill(l.MadeWithDate, "date", l.FormatDate(date))
}

// builtinLabels caches the label sets read from layouts/labels/, by file.
var builtinLabels sync.Map // string → Labels

// labelSet returns the embedded label set layouts/labels/NAME.yaml, or the
// zero Labels when there is none (or it does not parse: a test of the
// model package checks every file).
func labelSet(name string) Labels {
	if v, ok := builtinLabels.Load(name); ok {
		return v.(Labels)
	}
	var l Labels
	if data, _, err := layouts.Read("", "labels/"+name+".yaml"); err == nil {
		if l, err = decodeLabels(data); err != nil {
			l = Labels{}
		}
	}
	builtinLabels.Store(name, l)
	return l
}

// decodeLabels reads a label set, refusing unknown words.
func decodeLabels(data []byte) (Labels, error) {
	var l Labels
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&l); err != nil && !errors.Is(err, io.EOF) {
		return Labels{}, err
	}
	return l, nil
}

// labelTags returns the tags whose label sets apply to lang, most
// specific first: the full tag ("pt-br"), its primary language ("pt"),
// then English.
func labelTags(lang string) []string {
	tag := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lang), "_", "-"))
	var tags []string
	if tag != "" && !strings.ContainsAny(tag, "/.\\") {
		tags = append(tags, tag)
		if primary, _, ok := strings.Cut(tag, "-"); ok {
			tags = append(tags, primary)
		}
	}
	return append(tags, "en")
}

// LabelsFor returns the built-in labels of a language: those of its
// full tag ("pt-br"), then of its primary language ("pt"), then English,
// word by word.
func LabelsFor(lang string) Labels { return LabelsIn("", lang) }

// LabelsIn returns the labels of a language for the collection at root:
// for each tag LabelsFor tries, the collection's own
// layouts/labels/TAG.yaml first, then the built-in one, word by word. A
// collection file that cannot be read is skipped (CheckLabels reports
// it).
func LabelsIn(root, lang string) Labels {
	var out Labels
	for _, tag := range labelTags(lang) {
		if root != "" {
			if l, err := collectionLabels(root, tag); err == nil {
				fillLabels(&out, l)
			}
		}
		fillLabels(&out, labelSet(tag))
	}
	fillLabels(&out, englishLabels)
	out.lang = lang
	if _, err := language.Parse(lang); err != nil || lang == "" {
		out.lang = "en"
	}
	return out
}

// collectionLabels reads root/layouts/labels/TAG.yaml; fs.ErrNotExist
// when the collection has none.
func collectionLabels(root, tag string) (Labels, error) {
	if _, err := os.Lstat(filepath.Join(root, "layouts", "labels", tag+".yaml")); errors.Is(err, fs.ErrNotExist) {
		return Labels{}, fs.ErrNotExist
	}
	data, from, err := layouts.Read(root, "labels/"+tag+".yaml")
	if err != nil {
		return Labels{}, err
	}
	if strings.HasPrefix(from, "embedded:") {
		return Labels{}, fs.ErrNotExist
	}
	return decodeLabels(data)
}

// CheckLabels reports the collection's own label files for lang that do
// not parse or hold words no book uses, naming the file.
func CheckLabels(root, lang string) []Problem {
	if root == "" {
		return nil
	}
	var out []Problem
	for _, tag := range labelTags(lang) {
		_, err := collectionLabels(root, tag)
		if err == nil || errors.Is(err, fs.ErrNotExist) {
			continue
		}
		p := Problem{Path: path.Join("layouts", "labels", tag+".yaml"), Severity: Error, Message: "labels: " + err.Error()}
		var te *yaml.TypeError
		if errors.As(err, &te) && len(te.Errors) > 0 {
			p.Message = "labels: " + strings.Join(te.Errors, "; ")
			if _, rest, ok := strings.Cut(te.Errors[0], "line "); ok {
				if n, err := strconv.Atoi(strings.TrimRight(strings.Fields(rest)[0], ":")); err == nil {
					p.Line = n
				}
			}
		}
		out = append(out, p)
	}
	return out
}

// Labels returns the fixed words of c's books: the labels: setting, then
// the collection's own layouts/labels/ files, then the built-in set of
// its language, then English.
func (c *Collection) Labels() Labels {
	l := c.Settings.Labels
	lang := c.Settings.Language
	if lang == "" {
		lang = "en"
	}
	fillLabels(&l, LabelsIn(c.Root, lang))
	return l
}

// englishLabels are the last resort should layouts/labels/en.yaml lack a
// word.
var englishLabels = Labels{Contents: "Contents", Index: "Index of Authors", Sources: "Sources", Notes: "Notes",
	Anonymous: "Anonymous", Uncategorised: "Uncategorised", Undated: "Undated",
	CompiledBy: "Compiled by", TitlePage: "Title Page", Cover: "Cover", CoverAlt: "Cover: {title}",
	Landmarks: "Landmarks", Pages: "Pages", Start: "Start of Content", Continued: "{title} (continued)",
	ToQuotes: "Go to the quotations", And: " and ", Comma: ", ", None: "None.",
	NoEntries: "This commonplace book has no entries yet.", Stats: "{passages} from {sources}",
	Passages:    Plural{One: "{n} passage", Other: "{n} passages"},
	SourceCount: Plural{One: "{n} source", Other: "{n} sources"},
	SetIn:       "Set in {fonts}.", With: "{main}, with {others}", FontFor: "{font} for {use}",
	Uses: map[string]string{"arabic": "Arabic script", "hebrew": "Hebrew", "devanagari": "Devanagari", "thai": "Thai",
		"cjk": "Chinese, Japanese and Korean", "math": "mathematics", "mono": "code", "symbols": "symbols and emoji"},
	MadeWith: "Made with Commonplace.", MadeWithDate: "Made with Commonplace, {date}.",
	Months: []string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"},
	Date: "{d} {month} {y}",
}

// fillLabels sets every empty word of l from d.
func fillLabels(l *Labels, d Labels) {
	for _, f := range []struct{ dst, src *string }{
		{&l.Contents, &d.Contents}, {&l.Index, &d.Index}, {&l.Sources, &d.Sources}, {&l.Notes, &d.Notes},
		{&l.Anonymous, &d.Anonymous}, {&l.Uncategorised, &d.Uncategorised}, {&l.Undated, &d.Undated},
		{&l.CompiledBy, &d.CompiledBy}, {&l.TitlePage, &d.TitlePage}, {&l.Cover, &d.Cover},
		{&l.CoverAlt, &d.CoverAlt}, {&l.Landmarks, &d.Landmarks}, {&l.Pages, &d.Pages}, {&l.Start, &d.Start},
		{&l.Continued, &d.Continued}, {&l.ToQuotes, &d.ToQuotes}, {&l.And, &d.And}, {&l.Comma, &d.Comma},
		{&l.None, &d.None}, {&l.NoEntries, &d.NoEntries}, {&l.Stats, &d.Stats},
		{&l.SetIn, &d.SetIn}, {&l.With, &d.With}, {&l.FontFor, &d.FontFor},
		{&l.MadeWith, &d.MadeWith}, {&l.MadeWithDate, &d.MadeWithDate}, {&l.Date, &d.Date},
		{&l.lang, &d.lang},
	} {
		if *f.dst == "" {
			*f.dst = *f.src
		}
	}
	// A count's forms belong together: a set that gives any of them
	// gives the phrase.
	if l.Passages.IsZero() {
		l.Passages = d.Passages
	}
	if l.SourceCount.IsZero() {
		l.SourceCount = d.SourceCount
	}
	if len(l.Months) != 12 && len(d.Months) == 12 {
		l.Months = d.Months
	}
	if len(d.Uses) > 0 {
		// a new map: l's may be the settings', read by other outputs
		m := make(map[string]string, len(d.Uses)+len(l.Uses))
		for k, v := range d.Uses {
			m[k] = v
		}
		for k, v := range l.Uses {
			if v != "" {
				m[k] = v
			}
		}
		l.Uses = m
	}
}
