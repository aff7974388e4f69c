package epub

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/books"
)

// Output declares book.epub, built by default, configured by the epub:
// section of commonplace.yaml.
func (Renderer) Output() render.Output {
	return render.Output{File: "book.epub", Default: true, Section: "epub"}
}

// Config is the epub: section of commonplace.yaml, resolved: every field
// holds the value the book is made with.
type Config struct {
	// Theme names the style sheet layouts/epub/THEME.css (the
	// collection's own layouts/ first): default (the default), sans, or
	// the collection's own.
	Theme string `json:"theme"`
	// Cover is an image inside the collection (PNG, JPEG, GIF or SVG);
	// "" (the default) means a generated cover.
	Cover string `json:"cover,omitempty"`
	// EmbedFonts embeds the Noto Serif faces, and the Arabic and CJK
	// fonts when the book uses those scripts (default false).
	EmbedFonts bool `json:"embed_fonts"`
	// CertifiedBy names who vouches for the book's accessibility
	// (a11y:certifiedBy); "" (the default) means the compiler.
	CertifiedBy string `json:"certified_by,omitempty"`
}

// DefaultConfig returns the config of a collection whose epub: section
// is empty.
func DefaultConfig() Config { return Config{Theme: "default"} }

// fileConfig is the epub: section as written; nil and "" mean not set.
type fileConfig struct {
	Theme       string `yaml:"theme"`
	Cover       string `yaml:"cover"`
	EmbedFonts  *bool  `yaml:"embed_fonts"`
	CertifiedBy string `yaml:"certified_by"`
}

// ParseConfig parses and validates c's epub: section and resolves it
// over DefaultConfig. Every problem is at its line of commonplace.yaml:
// an unknown key (a warning), a value of the wrong type, a theme that
// does not exist or a path that leaves the collection (errors), a cover
// that is not a usable image (a warning: the generated cover is used),
// and a collection language that is not a BCP 47 tag (a warning: the book
// is in en).
func ParseConfig(c *model.Collection) (Config, []model.Problem) {
	cfg := DefaultConfig()
	var f fileConfig
	s := c.Settings
	probs := s.DecodeSection("epub", &f)
	if f.Theme != "" {
		if p := s.ConfinedPath("epub.theme", f.Theme, "collection's layouts folder"); p != nil {
			probs = append(probs, *p)
		} else {
			cfg.Theme = f.Theme
		}
	}
	if f.Cover != "" {
		if p := s.ConfinedPath("epub.cover", f.Cover, "collection folder"); p != nil {
			probs = append(probs, *p)
		} else {
			cfg.Cover = f.Cover
		}
	}
	if f.EmbedFonts != nil {
		cfg.EmbedFonts = *f.EmbedFonts
	}
	cfg.CertifiedBy = f.CertifiedBy
	if _, _, err := readTheme(c.Root, cfg.Theme); err != nil {
		probs = append(probs, s.SectionProblem("epub.theme", false, "%v", strings.TrimPrefix(err.Error(), "epub: ")))
	}
	if cfg.Cover != "" {
		data, mt, _, err := readCover(c.Root, cfg.Cover)
		if errors.Is(err, errUnsafeSVG) {
			probs = append(probs, s.SectionProblem("epub.cover", false, "%v", err))
		} else if err != nil {
			probs = append(probs, s.SectionProblem("epub.cover", true, "%v; the generated cover is used", err))
		} else {
			ps, unusable := coverProblems(data, mt)
			for _, p := range ps {
				if unusable {
					p += "; the generated cover is used"
				}
				probs = append(probs, s.SectionProblem("epub.cover", true, "%q: %s", cfg.Cover, p))
			}
		}
	}
	if lang := s.Defaults().Language; books.Lang(lang) == "" {
		probs = append(probs, s.SectionProblem("language", true, "%q is not a BCP 47 language tag; books use en", model.Safe(lang, 40)))
	}
	return cfg, probs
}

// ParseConfig resolves the epub: section (see the package's
// ParseConfig).
func (Renderer) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// Cover is the "cover" format: the book's cover as a JPEG of its own, for
// the stores that take the cover apart from the book (cover.jpg). It is
// the collection's epub.cover when that is a JPEG, converted when it is a
// PNG or GIF, else the cover the EPUB generates: 1600×2560 pixels, the
// title, subtitle and compiler set in the book's faces.
type Cover struct{}

// Name returns "cover".
func (Cover) Name() string { return "cover" }

// MediaType returns "image/jpeg".
func (Cover) MediaType() string { return "image/jpeg" }

// Extension returns ".jpg".
func (Cover) Extension() string { return ".jpg" }

// Output declares cover.jpg, built when asked for (build --only or
// build.outputs), configured by the epub: section.
func (Cover) Output() render.Output {
	return render.Output{File: "cover.jpg", Section: "epub"}
}

// ParseConfig resolves the epub: section as the epub format does.
func (Cover) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// Render writes the cover to w; o.Warn hears why the collection's cover
// was not used.
func (Cover) Render(w io.Writer, c *model.Collection, o render.Options) error {
	if c == nil {
		c = &model.Collection{}
	}
	cfg, err := render.ConfigOf(c, o, "epub", ParseConfig)
	if err != nil {
		return fmt.Errorf("cover: %w", err)
	}
	data, err := coverJPEG(c, cfg.Cover, o.Cache, func(format string, args ...any) {
		o.Warnf(model.SettingsFile, c.Settings.Line("epub.cover"), "cover: "+format, args...)
	})
	if err != nil {
		return err
	}
	if _, err := w.Write(data); err != nil {
		return fmt.Errorf("cover: %w", err)
	}
	return nil
}
