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

// CheckSettings validates the pdf: section as Render uses it: the layout
// must load (an embedded one or the collection's layouts/pdf/NAME.yaml).
func (Renderer) CheckSettings(c *model.Collection) []model.Problem {
	name := c.Settings.Defaults().PDF.Layout
	if _, err := LoadLayout(c.Root, name); err != nil {
		return []model.Problem{render.SettingsProblem(c, "pdf.layout", false, "%v", strings.TrimPrefix(err.Error(), "pdf: "))}
	}
	return nil
}
