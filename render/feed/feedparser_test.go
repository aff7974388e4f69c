package feed

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// feedparserScript parses each file named on its command line with
// Python's feedparser and prints, per file, what it found as JSON.
const feedparserScript = `
import feedparser, json, sys
out = []
for path in sys.argv[1:]:
    d = feedparser.parse(path)
    f = d.feed
    out.append({
        "path": path,
        "bozo": int(d.bozo),
        "bozo_exception": str(d.get("bozo_exception", "")),
        "version": d.version,
        "title": f.get("title", ""),
        "link": f.get("link", ""),
        "subtitle": f.get("subtitle", ""),
        "id": f.get("id", ""),
        "updated": f.get("updated", ""),
        "author": f.get("author", ""),
        "entries": [{
            "title": e.get("title", ""),
            "link": e.get("link", ""),
            "id": e.get("id", ""),
            "published": e.get("published", ""),
            "updated": e.get("updated", ""),
            "summary": e.get("summary", ""),
            "enclosures": [{"href": x.get("href", ""), "type": x.get("type", ""), "length": str(x.get("length", ""))} for x in e.get("enclosures", [])],
        } for e in d.entries],
    })
json.dump(out, sys.stdout)
`

type parsedFeed struct {
	Path, BozoException, Version, Title, Link, Subtitle, ID, Updated, Author string
	Bozo                                                                     int
	Entries                                                                  []struct {
		Title, Link, ID, Published, Updated, Summary string
		Enclosures                                   []struct{ Href, Type, Length string }
	}
}

// TestFeedparser parses the feeds with a real feed parser (Debian's
// python3-feedparser): no bozo, and the elements RSS 2.0 and Atom require.
// The samples include Arabic, Chinese and Greek quotes; the odd entries
// control characters, markup and hostile links.
func TestFeedparser(t *testing.T) {
	py := ""
	// Debian's python3 first: python3-feedparser installs there, and a
	// python3 earlier on PATH (pyenv) may not see it.
	for _, p := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(p, "-c", "import feedparser").Run() == nil {
			py = p
			break
		}
	}
	if py == "" {
		t.Skip("python3-feedparser is not installed")
	}
	dir := t.TempDir()
	samples := rendertest.LoadSamples(t)
	odd := rendertest.LoadOdd(t)
	if err := odd.Settings.Set("feed.link", "https://example.org/odd/"); err != nil {
		t.Fatal(err)
	}
	type feedCase struct {
		name   string
		c      *model.Collection
		format string
		days   int
		image  string // Options.Image: the build's card
	}
	var cases []feedCase
	// (Debian's feedparser 6.0 does not read JSON Feed, which
	// TestFeedsParseBack and TestJSONFeedFields check.)
	for _, f := range []string{"rss", "atom"} {
		cases = append(cases, feedCase{"samples", samples, f, 45, ""}, feedCase{"odd", odd, f, 10, ""},
			feedCase{"card", samples, f, 3, "today.png"})
	}
	var paths []string
	for _, tc := range cases {
		p := filepath.Join(dir, tc.name+"."+tc.format)
		o := opts(tc.c, tc.days)
		o.Image = tc.image
		if err := os.WriteFile(p, encode(t, tc.format, tc.c, o), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	out, err := exec.Command(py, append([]string{"-c", feedparserScript}, paths...)...).Output()
	if err != nil {
		t.Fatalf("feedparser: %v", err)
	}
	var got []parsedFeed
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	for i, f := range got {
		tc := cases[i]
		name := tc.name + "." + tc.format
		if f.Bozo != 0 {
			t.Errorf("%s: feedparser bozo: %s", name, f.BozoException)
		}
		want := map[string]string{"rss": "rss20", "atom": "atom10"}[tc.format]
		if f.Version != want {
			t.Errorf("%s: version %q, want %q", name, f.Version, want)
		}
		if len(f.Entries) != tc.days {
			t.Errorf("%s: %d entries, want %d", name, len(f.Entries), tc.days)
		}
		// channel: RSS 2.0 requires title, link and description; Atom
		// requires id, title, updated and an author (here at feed level).
		if f.Title == "" || f.Link == "" || !strings.HasPrefix(f.Link, "https://") {
			t.Errorf("%s: channel title %q, link %q", name, f.Title, f.Link)
		}
		switch tc.format {
		case "rss":
			if f.Subtitle == "" {
				t.Errorf("%s: channel without description", name)
			}
		case "atom":
			if f.ID == "" || f.Updated == "" || f.Author == "" {
				t.Errorf("%s: feed id %q, updated %q, author %q", name, f.ID, f.Updated, f.Author)
			}
		}
		links := map[string]bool{}
		for k, e := range f.Entries {
			if e.Title == "" || e.ID == "" || e.Summary == "" {
				t.Errorf("%s: entry %d: title %q, id %q, %d bytes of summary", name, k, e.Title, e.ID, len(e.Summary))
			}
			if e.Published == "" || (tc.format == "atom" && e.Updated == "") {
				t.Errorf("%s: entry %d has no date", name, k)
			}
			// each item links to its own page, not a fragment
			if !strings.HasPrefix(e.Link, "https://") || strings.Contains(e.Link, "#") || links[e.Link] {
				t.Errorf("%s: entry %d link %q is not its own page", name, k, e.Link)
			}
			links[e.Link] = true
			// the newest day refers to the build's card, as an enclosure
			// with its size; the others do not
			if tc.image != "" && k == 0 {
				if len(e.Enclosures) != 1 || e.Enclosures[0].Href != "https://example.org/commonplace/today.png" ||
					e.Enclosures[0].Type != "image/png" || e.Enclosures[0].Length == "" || e.Enclosures[0].Length == "0" {
					t.Errorf("%s: entry %d enclosures %+v", name, k, e.Enclosures)
				}
			} else if len(e.Enclosures) > 0 {
				t.Errorf("%s: entry %d has enclosures %+v", name, k, e.Enclosures)
			}
		}
	}
}

// TestJSONFeedFields checks the JSON Feed 1.1 required fields and that each
// item's url is its own page.
func TestJSONFeedFields(t *testing.T) {
	var f struct {
		Version, Title string
		Items          []map[string]any
	}
	samples := rendertest.LoadSamples(t)
	if err := json.Unmarshal(encode(t, "json", samples, opts(samples, 30)), &f); err != nil {
		t.Fatal(err)
	}
	if f.Version != JSONFeedVersion || f.Title == "" || len(f.Items) != 30 {
		t.Fatalf("version %q, title %q, %d items", f.Version, f.Title, len(f.Items))
	}
	seen := map[any]bool{}
	for i, it := range f.Items {
		id, _ := it["id"].(string)
		u, _ := it["url"].(string)
		if id == "" || it["content_html"] == nil || !strings.HasSuffix(u, "/") || strings.Contains(u, "#") || seen[u] {
			t.Errorf("item %d: id %q, url %q", i, id, u)
		}
		seen[u] = true
	}
}
