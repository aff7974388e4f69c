package all

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/epub"
	"github.com/commonplace-book/commonplace/render/feed"
	"github.com/commonplace-book/commonplace/render/pdf"
)

// TestRegistered checks that every renderer the project ships is
// registered under its name, in the order build reports them, and
// declares its build output: a file name, its settings section.
func TestRegistered(t *testing.T) {
	want := []render.Renderer{pdf.Renderer{}, epub.Renderer{}, feed.Text{}, feed.Fortune{}, feed.RSS{}, feed.Atom{}, feed.JSON{}}
	var order []string
	for _, r := range render.Registered() {
		order = append(order, r.Name())
	}
	for i, r := range want {
		got, err := render.Lookup(r.Name())
		if err != nil {
			t.Errorf("%s: %v", r.Name(), err)
			continue
		}
		if got.Name() != r.Name() {
			t.Errorf("registry returns %q for %q", got.Name(), r.Name())
		}
		if i >= len(order) || order[i] != r.Name() {
			t.Errorf("registration order %v, want %s at %d", order, r.Name(), i)
		}
		d, ok := r.(render.Describer)
		if !ok {
			t.Errorf("%s declares no build output (render.Describer)", r.Name())
			continue
		}
		out := d.Output()
		if out.File == "" || strings.ContainsAny(out.File, `/\`) || out.Section == "" || !out.Default {
			t.Errorf("%s: output %+v", r.Name(), out)
		}
		if _, ok := r.(render.Configurable); !ok {
			t.Errorf("%s: its %s: section is not checked (render.Configurable)", r.Name(), out.Section)
		}
	}
	if _, ok := any(feed.Fortune{}).(render.FileRenderer); !ok {
		t.Error("fortune does not write its .dat through render.FileRenderer")
	}
	if _, ok := any(feed.Card{}).(render.FileRenderer); !ok {
		t.Error("card does not write its alt text through render.FileRenderer")
	}
	// The day's formats: the card is built by default, the others when
	// asked for; all share the feeds' schedule and check their section.
	for _, r := range []render.Renderer{feed.Card{}, feed.Post{}, feed.Email{}, feed.EML{}} {
		got, err := render.Lookup(r.Name())
		if err != nil || got.Name() != r.Name() {
			t.Errorf("%s: %v", r.Name(), err)
		}
		out := render.OutputOf(r)
		if out.Section != "feed" || out.Default != (r.Name() == "card") {
			t.Errorf("%s: output %+v", r.Name(), out)
		}
		if _, ok := r.(render.Preparer); !ok {
			t.Errorf("%s does not share the schedule (render.Preparer)", r.Name())
		}
		if _, ok := r.(render.Configurable); !ok {
			t.Errorf("%s: its feed: section is not checked (render.Configurable)", r.Name())
		}
	}
}
