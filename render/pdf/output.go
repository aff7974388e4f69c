package pdf

import (
	"strings"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// Output declares book.pdf, built by default, configured by the pdf:
// section of commonplace.yaml.
func (Renderer) Output() render.Output {
	return render.Output{File: "book.pdf", Default: true, Section: "pdf"}
}

// Config is the pdf: section of commonplace.yaml, resolved: every field
// holds the value the book is made with.
type Config struct {
	// Layout names the page layout: a5 (the default), 6x9, letter, a4,
	// or one of the collection's layouts/pdf/NAME.yaml.
	Layout string `json:"layout"`
	// Print selects the print-on-demand profile (default false): no
	// links, annotations or outline, mirrored margins with a gutter.
	Print bool `json:"print"`
}

// DefaultConfig returns the config of a collection whose pdf: section is
// empty.
func DefaultConfig() Config { return Config{Layout: "a5"} }

// fileConfig is the pdf: section as written; nil and "" mean not set.
type fileConfig struct {
	Layout string `yaml:"layout"`
	Print  *bool  `yaml:"print"`
}

// ParseConfig parses and validates c's pdf: section and resolves it over
// DefaultConfig. Every problem is at its line of commonplace.yaml: an
// unknown key (a warning), a value of the wrong type, a layout that
// leaves the collection or does not load (errors).
func ParseConfig(c *model.Collection) (Config, []model.Problem) {
	cfg := DefaultConfig()
	var f fileConfig
	s := c.Settings
	probs := s.DecodeSection("pdf", &f)
	if f.Layout != "" {
		if p := s.ConfinedPath("pdf.layout", f.Layout, "collection's layouts folder"); p != nil {
			probs = append(probs, *p)
		} else {
			cfg.Layout = f.Layout
		}
	}
	if f.Print != nil {
		cfg.Print = *f.Print
	}
	if _, err := LoadLayout(c.Root, cfg.Layout); err != nil {
		probs = append(probs, s.SectionProblem("pdf.layout", false, "%v", strings.TrimPrefix(err.Error(), "pdf: ")))
	}
	return cfg, probs
}

// ParseConfig resolves the pdf: section (see the package's ParseConfig).
func (Renderer) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }
