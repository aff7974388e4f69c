// Package all registers every renderer Commonplace ships. Importing it for
// its side effect is how the command gets its formats; adding a format is
// one package under render/ and one line here. The order is the order in
// which `build` makes and reports its outputs.
package all

import (
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/epub"
	"github.com/commonplace-book/commonplace/render/feed"
	"github.com/commonplace-book/commonplace/render/pdf"
)

func init() {
	render.Register(pdf.Renderer{})
	render.Register(epub.Renderer{})
	render.Register(feed.Text{})
	render.Register(feed.Fortune{})
	render.Register(feed.RSS{})
	render.Register(feed.Atom{})
	render.Register(feed.JSON{})
	render.Register(feed.Card{})
	render.Register(feed.Post{})
	render.Register(feed.Email{})
	render.Register(feed.EML{})
	render.Register(epub.Cover{})
}
