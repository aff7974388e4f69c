package model

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Settings are a collection's settings, read from DIR/commonplace.yaml;
// command-line flags override them. The zero value of every field means its
// default (see Defaults).
type Settings struct {
	Title    string `yaml:"title" json:"title"`
	Subtitle string `yaml:"subtitle" json:"subtitle,omitempty"`
	Compiler string `yaml:"compiler" json:"compiler,omitempty"`
	// Language is the collection's BCP 47 language tag (default "en").
	Language string `yaml:"language" json:"language"`
	// Style is the citation style: chicago (default), chicago-bib, mla,
	// apa or short.
	Style string `yaml:"style" json:"style"`
	// Group is how entries are grouped: category (default), author, year
	// or none.
	Group string `yaml:"group" json:"group"`
	// Sort orders entries within a group: date (default), author or title.
	Sort string `yaml:"sort" json:"sort"`
	// Drafts includes _drafts/ when true.
	Drafts bool `yaml:"drafts" json:"drafts,omitempty"`
	// Dates says what an entry's date is: "published" (default), the
	// day the source was published, or "saved", the day the collector
	// saved it, which for an entry with a link becomes the access date
	// (see ApplySettings).
	Dates string `yaml:"dates" json:"dates"`

	// Labels are the fixed words the books print (headings of the
	// contents, index and sources; names of groups without a key).
	Labels Labels `yaml:"labels" json:"labels"`

	PDF   PDFSettings   `yaml:"pdf" json:"pdf"`
	EPUB  EPUBSettings  `yaml:"epub" json:"epub"`
	Feed  FeedSettings  `yaml:"feed" json:"feed"`
	Build BuildSettings `yaml:"build" json:"build"`

	// Renderers declares formats rendered out of process, by name (see
	// package build: External).
	Renderers map[string]RendererSettings `yaml:"renderers" json:"renderers,omitempty"`

	// lines maps a dotted key ("feed.tz") to its line in
	// commonplace.yaml, for problems found after reading (Line).
	lines map[string]int
}

// Line returns the line of a dotted key ("feed.tz", "renderers.md.command")
// in commonplace.yaml, else of its nearest enclosing key that is there
// ("feed"), else 0. Renderers use it to report a problem with their
// settings at its line.
func (s Settings) Line(key string) int {
	for key != "" {
		if n, ok := s.lines[key]; ok {
			return n
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 0
}

// recordLines remembers the line of every key under node, dotted from
// prefix.
func (s *Settings) recordLines(node *yaml.Node, prefix string) {
	if node == nil || node.Kind != yaml.MappingNode {
		return
	}
	if s.lines == nil {
		s.lines = map[string]int{}
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k := prefix + node.Content[i].Value
		if _, seen := s.lines[k]; !seen {
			s.lines[k] = node.Content[i].Line
		}
		s.recordLines(node.Content[i+1], k+".")
	}
}

// RendererSettings declare an out-of-process renderer.
type RendererSettings struct {
	// Command is the program and its arguments; a relative program path
	// with a slash is relative to the collection root.
	Command []string `yaml:"command" json:"command"`
	// Extension is the main file's extension, with its dot (".md");
	// default "." + the renderer's name.
	Extension string `yaml:"extension" json:"extension,omitempty"`
	// File is the main file's default name in build (default "book" +
	// the extension).
	File string `yaml:"file" json:"file,omitempty"`
	// Timeout bounds one run, as a Go duration ("30s", "2m"; default 2m).
	Timeout string `yaml:"timeout" json:"timeout,omitempty"`
}

// PDFSettings configure the pdf renderer.
type PDFSettings struct {
	// Layout names a page layout (a5 default, 6x9, letter, a4, or one in
	// the collection's layouts/pdf/).
	Layout string `yaml:"layout" json:"layout,omitempty"`
	// Print selects the print profile (no links or outline, gutter).
	Print bool `yaml:"print" json:"print,omitempty"`
}

// EPUBSettings configure the epub renderer.
type EPUBSettings struct {
	// Cover is an image path relative to the collection root; empty means
	// a generated cover.
	Cover string `yaml:"cover" json:"cover,omitempty"`
	// Theme names a stylesheet in layouts/epub/ (default "default").
	Theme string `yaml:"theme" json:"theme,omitempty"`
	// EmbedFonts embeds the fonts from fonts/.
	EmbedFonts bool `yaml:"embed_fonts" json:"embed_fonts,omitempty"`
	// CertifiedBy names who vouches for the book's accessibility
	// conformance (a11y:certifiedBy); empty means the compiler.
	CertifiedBy string `yaml:"certified_by" json:"certified_by,omitempty"`
}

// FeedSettings configure the quote-of-the-day schedule and feeds.
type FeedSettings struct {
	// Seed fixes the schedule; default derived from the collection title.
	Seed string `yaml:"seed" json:"seed,omitempty"`
	// TZ is the IANA time zone of calendar days (default local).
	TZ string `yaml:"tz" json:"tz,omitempty"`
	// Hour is the hour of the day items are dated at (default 6).
	Hour *int `yaml:"hour" json:"hour,omitempty"`
	// Days is the feed window (default 30).
	Days int `yaml:"days" json:"days,omitempty"`
	// Title, Link, Author, Description and BaseURL describe the feed.
	Title       string `yaml:"title" json:"title,omitempty"`
	Link        string `yaml:"link" json:"link,omitempty"`
	Author      string `yaml:"author" json:"author,omitempty"`
	Description string `yaml:"description" json:"description,omitempty"`
	BaseURL     string `yaml:"base_url" json:"base_url,omitempty"`
	// ItemURL is the pattern of each day's page, "{date}" standing for
	// YYYY-MM-DD (default BASE/quotes/{date}/).
	ItemURL string `yaml:"item_url" json:"item_url,omitempty"`
	// Width wraps text output (default 72; 0 in the file means default,
	// use the --width flag for no wrap).
	Width int `yaml:"width" json:"width,omitempty"`
	// History is a history file path relative to the collection root.
	History string `yaml:"history" json:"history,omitempty"`
	// MaxGraphemes is the longest social-media post, in grapheme
	// clusters (default 300).
	MaxGraphemes int `yaml:"max_graphemes" json:"max_graphemes,omitempty"`
	// CardSize is the quote card's size in pixels, "WIDTHxHEIGHT"
	// (default 1080x1080).
	CardSize string `yaml:"card_size" json:"card_size,omitempty"`
}

// BuildSettings configure `commonplace build`.
type BuildSettings struct {
	// Outputs lists the outputs to build (default all): pdf, epub, text,
	// fortune, rss, atom, json.
	Outputs []string `yaml:"outputs" json:"outputs,omitempty"`
	// Dir is the output folder relative to the collection (default "out").
	Dir string `yaml:"dir" json:"dir,omitempty"`
	// Names maps an output to its file name (default book.pdf, book.epub,
	// today.txt, quotes, feed.xml, atom.xml, feed.json).
	Names map[string]string `yaml:"names" json:"names,omitempty"`
}

// Defaults returns s with every empty field set to its default.
func (s Settings) Defaults() Settings {
	if s.Title == "" {
		s.Title = "Commonplace Book"
	}
	if s.Language == "" {
		s.Language = "en"
	}
	// The labels: setting, then the language's built-in words
	// (layouts/labels/LANG.yaml), then English.
	fillLabels(&s.Labels, LabelsFor(s.Language))
	if s.Style == "" {
		s.Style = "chicago"
	}
	if s.Group == "" {
		s.Group = "category"
	}
	if s.Sort == "" {
		s.Sort = "date"
	}
	if s.Dates == "" {
		s.Dates = DatesPublished
	}
	if s.PDF.Layout == "" {
		s.PDF.Layout = "a5"
	}
	if s.EPUB.Theme == "" {
		s.EPUB.Theme = "default"
	}
	if s.Feed.Days == 0 {
		s.Feed.Days = 30
	}
	if s.Feed.Width == 0 {
		s.Feed.Width = 72
	}
	if s.Build.Dir == "" {
		s.Build.Dir = "out"
	}
	return s
}
