package feed

import (
	"bytes"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// A javascript: link in an entry's link: field and in its body never
// reaches a feed, an e-mail or a post; feed.link: javascript:… is an
// error at its line and no feed is written with it.
func TestJavascriptLinksNeverReachFeeds(t *testing.T) {
	load := func(feedLink string) *model.Collection {
		return rendertest.LoadFiles(t, map[string]string{
			"commonplace.yaml": "title: Links\nfeed:\n  link: " + feedLink + "\n",
			"e.md": "---\ntitle: E\nauthor: Ann Author\ndate: 2020\nlink: javascript:alert(1)\n---\n\n" +
				"\"A [link](javascript:alert(2)) and [another](JaVaScRiPt:alert(4)) in a quote.\"\n",
		})
	}
	bad := load("javascript:alert(3)")
	for _, r := range []render.Renderer{RSS{}, Atom{}, JSON{}} {
		var buf bytes.Buffer
		err := r.Render(&buf, bad, render.Options{Now: rendertest.Now})
		if err == nil || !strings.Contains(err.Error(), `feed.link "javascript:alert(3)" is not an http or https URL`) {
			t.Errorf("%s with feed.link javascript: error %v", r.Name(), err)
		}
		if strings.Contains(buf.String(), "javascript") {
			t.Errorf("%s wrote a javascript: link", r.Name())
		}
	}
	_, probs := ParseConfig(bad)
	found := false
	for _, p := range probs {
		found = found || (p.Line == 3 && p.Severity == model.Error && strings.Contains(p.Message, "javascript:alert(3)"))
	}
	if !found {
		t.Errorf("no error at feed.link's line: %v", probs)
	}

	good := load("https://example.com/")
	for _, r := range []render.Renderer{RSS{}, Atom{}, JSON{}, Text{}, Fortune{}, Email{}, EML{}, Post{}} {
		var buf bytes.Buffer
		if err := r.Render(&buf, good, render.Options{Now: rendertest.Now}); err != nil {
			t.Errorf("%s: %v", r.Name(), err)
			continue
		}
		if strings.Contains(strings.ToLower(buf.String()), "javascript") {
			t.Errorf("%s holds a javascript: link:\n%s", r.Name(), buf.String())
		}
	}
}
