package epub

import (
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

// CheckSettings validates the epub: section as Render uses it: the theme
// must exist, the cover image must be a usable image inside the
// collection (else the generated cover is used: a warning), and the
// collection's language must be a BCP 47 tag (else en: a warning).
func (Renderer) CheckSettings(c *model.Collection) []model.Problem {
	s := c.Settings.Defaults()
	var out []model.Problem
	if _, _, err := readTheme(c.Root, s.EPUB.Theme); err != nil {
		out = append(out, render.SettingsProblem(c, "epub.theme", false, "%v", strings.TrimPrefix(err.Error(), "epub: ")))
	}
	if s.EPUB.Cover != "" {
		if _, _, _, err := readCover(c.Root, s.EPUB.Cover); err != nil {
			out = append(out, render.SettingsProblem(c, "epub.cover", true, "%v; the generated cover is used", err))
		}
	}
	if books.Lang(s.Language) == "" {
		out = append(out, render.SettingsProblem(c, "language", true, "%q is not a BCP 47 language tag; books use en", model.Safe(s.Language, 40)))
	}
	return out
}
