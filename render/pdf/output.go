package pdf

import "github.com/commonplace-book/commonplace/render"

// Output declares book.pdf, built by default, configured by the pdf:
// section of commonplace.yaml.
func (Renderer) Output() render.Output {
	return render.Output{File: "book.pdf", Default: true, Section: "pdf"}
}
