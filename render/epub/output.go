package epub

import "github.com/commonplace-book/commonplace/render"

// Output declares book.epub, built by default, configured by the epub:
// section of commonplace.yaml.
func (Renderer) Output() render.Output {
	return render.Output{File: "book.epub", Default: true, Section: "epub"}
}
