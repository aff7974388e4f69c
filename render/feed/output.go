package feed

import (
	"io"

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

// ReadsLazily declares that Text loads only the bodies it shows.
func (Text) ReadsLazily() {}

// ReadsLazily declares that Fortune loads the bodies one entry at a time.
func (Fortune) ReadsLazily() {}

// ReadsLazily declares that RSS loads only the bodies it shows.
func (RSS) ReadsLazily() {}

// ReadsLazily declares that Atom loads only the bodies it shows.
func (Atom) ReadsLazily() {}

// ReadsLazily declares that JSON loads only the bodies it shows.
func (JSON) ReadsLazily() {}

// RenderFiles writes the database to main and its strfile index to
// main + ".dat", from the same bytes, so that `fortune main` works.
func (f Fortune) RenderFiles(create render.Create, main string, c *model.Collection, o render.Options) error {
	w, err := create(main)
	if err != nil {
		return err
	}
	// The index is computed as the database is written, which is never
	// held in memory whole.
	var dat datIndex
	if err := f.Render(io.MultiWriter(w, &dat), c, o); err != nil {
		return err
	}
	dw, err := create(main + ".dat")
	if err != nil {
		return err
	}
	return dat.writeTo(dw)
}

// noLinkReason is why a default build leaves RSS and Atom out.
func noLinkReason(c *model.Collection) string {
	cfg, _ := ParseConfig(c)
	if cfg.Link == "" && cfg.BaseURL == "" {
		if !c.Settings.FromFile() {
			return "RSS and Atom need a link: feed.link is not set (add feed.link or feed.base_url to commonplace.yaml)"
		}
		return "RSS and Atom need feed.link or feed.base_url in commonplace.yaml"
	}
	return ""
}

// SkipReason says why a default build cannot make an RSS feed: no link.
func (RSS) SkipReason(c *model.Collection) string { return noLinkReason(c) }

// SkipReason says why a default build cannot make an Atom feed: no link.
func (Atom) SkipReason(c *model.Collection) string { return noLinkReason(c) }

// ReadsLazily declares that Post loads only the bodies it uses.
func (Post) ReadsLazily() {}

// ReadsLazily declares that Card loads only the bodies it uses.
func (Card) ReadsLazily() {}

// ReadsLazily declares that Email loads only the bodies it uses.
func (Email) ReadsLazily() {}

// ReadsLazily declares that EML loads only the bodies it uses.
func (EML) ReadsLazily() {}
