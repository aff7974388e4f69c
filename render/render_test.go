package render_test

import (
	"io"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	_ "github.com/commonplace-book/commonplace/render/all"
)

func TestRegistry(t *testing.T) {
	names := render.Names()
	for _, want := range []string{"atom", "epub", "fortune", "json", "pdf", "rss", "text"} {
		if _, err := render.Lookup(want); err != nil {
			t.Errorf("%s not registered: %v (have %v)", want, err, names)
		}
	}
	_, err := render.Lookup("docx")
	if err == nil || !strings.Contains(err.Error(), `unknown format "docx" (known: `+strings.Join(names, ", ")+")") {
		t.Errorf("unknown-name error must list the known names: %v", err)
	}
	if len(render.All()) != len(names) {
		t.Errorf("All and Names disagree")
	}
}

type fake struct{ name string }

func (f fake) Name() string      { return f.name }
func (f fake) MediaType() string { return "text/plain" }
func (f fake) Extension() string { return ".txt" }
func (f fake) Render(w io.Writer, c *model.Collection, o render.Options) error {
	return nil
}

func TestRegisterTwicePanics(t *testing.T) {
	render.Register(fake{"fake-once"})
	defer func() {
		if recover() == nil {
			t.Error("registering a name twice must panic")
		}
	}()
	render.Register(fake{"fake-once"})
}
