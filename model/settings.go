package model

import (
	"strings"

	"go.yaml.in/yaml/v3"
)

// Settings are a collection's settings, read from DIR/commonplace.yaml;
// command-line flags override them. The model holds the collection-wide
// keys (an empty one means its default: see Defaults) and, raw, the
// section of every renderer, which the renderer parses itself.
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

	// Build configures `commonplace build` (package build).
	Build BuildSettings `yaml:"build" json:"build"`

	// Renderers declares formats rendered out of process, by name (see
	// package build: External).
	Renderers map[string]RendererSettings `yaml:"renderers" json:"renderers,omitempty"`

	// Sections are the other top-level keys of commonplace.yaml (pdf:,
	// epub:, feed:, …) as written, by key. Each belongs to the renderer
	// that declares it (render.Output.Section), which decodes it with
	// DecodeSection, validates it and resolves its defaults; `check`
	// reports a key no renderer owns.
	Sections map[string]Section `yaml:"-" json:"-"`

	// file is set when the settings were read from a commonplace.yaml.
	file bool
	// lines maps a dotted key ("feed.tz") to its line in
	// commonplace.yaml, for problems found after reading (Line).
	lines map[string]int
}

// FromFile reports whether the settings were read from a
// commonplace.yaml (a collection without one has only defaults).
func (s Settings) FromFile() bool { return s.file }

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
	if s.Build.Dir == "" {
		s.Build.Dir = "out"
	}
	return s
}
