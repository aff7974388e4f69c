package epub

import (
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

// CheckSettings validates the epub: section as Render uses it: the theme
// must exist, the cover image must be a usable image inside the
// collection (else the generated cover is used: a warning) and one
// stores take (a JPEG or PNG of about 1600×2560 pixels: warnings
// otherwise, the image is used as it is), and the collection's language
// must be a BCP 47 tag (else en: a warning).
func (Renderer) CheckSettings(c *model.Collection) []model.Problem {
	s := c.Settings.Defaults()
	var out []model.Problem
	if _, _, err := readTheme(c.Root, s.EPUB.Theme); err != nil {
		out = append(out, render.SettingsProblem(c, "epub.theme", false, "%v", strings.TrimPrefix(err.Error(), "epub: ")))
	}
	if s.EPUB.Cover != "" {
		data, mt, _, err := readCover(c.Root, s.EPUB.Cover)
		if err != nil {
			out = append(out, render.SettingsProblem(c, "epub.cover", true, "%v; the generated cover is used", err))
		} else {
			probs, unusable := coverProblems(data, mt)
			for _, p := range probs {
				if unusable {
					p += "; the generated cover is used"
				}
				out = append(out, render.SettingsProblem(c, "epub.cover", true, "%q: %s", s.EPUB.Cover, p))
			}
		}
	}
	if books.Lang(s.Language) == "" {
		out = append(out, render.SettingsProblem(c, "language", true, "%q is not a BCP 47 language tag; books use en", model.Safe(s.Language, 40)))
	}
	return out
}

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

// CheckSettings checks the epub: section as the epub format does.
func (Cover) CheckSettings(c *model.Collection) []model.Problem { return Renderer{}.CheckSettings(c) }

// Render writes the cover to w; o.Warn hears why the collection's cover
// was not used.
func (Cover) Render(w io.Writer, c *model.Collection, o render.Options) error {
	if c == nil {
		c = &model.Collection{}
	}
	data, err := coverJPEG(c, func(format string, args ...any) {
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
