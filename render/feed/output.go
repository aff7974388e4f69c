package feed

import (
	"bytes"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// The feed formats' outputs in a build: all made by default, all
// configured by the feed: section of commonplace.yaml.

// Output declares today.txt.
func (Text) Output() render.Output {
	return render.Output{File: "today.txt", Default: true, Section: "feed"}
}

// Output declares quotes and its index quotes.dat.
func (Fortune) Output() render.Output {
	return render.Output{File: "quotes", Companions: []string{".dat"}, Default: true, Section: "feed"}
}

// Output declares feed.xml.
func (RSS) Output() render.Output {
	return render.Output{File: "feed.xml", Default: true, Section: "feed"}
}

// Output declares atom.xml.
func (Atom) Output() render.Output {
	return render.Output{File: "atom.xml", Default: true, Section: "feed"}
}

// Output declares feed.json.
func (JSON) Output() render.Output {
	return render.Output{File: "feed.json", Default: true, Section: "feed"}
}

// RenderFiles writes the database to main and its strfile index to
// main + ".dat", from the same bytes, so that `fortune main` works.
func (f Fortune) RenderFiles(create render.Create, main string, c *model.Collection, o render.Options) error {
	var data bytes.Buffer
	if err := f.Render(&data, c, o); err != nil {
		return err
	}
	w, err := create(main)
	if err != nil {
		return err
	}
	if _, err := w.Write(data.Bytes()); err != nil {
		return err
	}
	dat, err := create(main + ".dat")
	if err != nil {
		return err
	}
	return WriteDat(dat, data.Bytes())
}
