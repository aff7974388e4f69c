package model

import (
	"strings"
	"testing"
)

func TestLinkDate(t *testing.T) {
	tests := []struct {
		link string
		want Date
	}{
		{"https://www.nybooks.com/online/2015/11/16/isis-from-mumbai-to-paris/", Date{2015, 11, 16}},
		{"https://example.org/2016/04/12", Date{2016, 4, 12}},
		{"https://example.org/blog/2016/04/a-post.html", Date{2016, 4, 0}},
		{"https://example.org/2016/04.html", Date{2016, 4, 0}},
		{"https://www.bbc.com/news/world-europe-20180716", Date{2018, 7, 16}},
		{"https://example.org/archive/20180716/story", Date{2018, 7, 16}},
		{"https://example.org/2019-03-07-notes", Date{2019, 3, 7}},
		{"https://example.org/notes_2019_03_07.html", Date{2019, 3, 7}},
		{"https://example.org/post?date=2019-01-02", Date{2019, 1, 2}},
		{"https://example.org/post?id=7&d=20190102", Date{2019, 1, 2}},
		{"https://example.org/x?published=1999-12-31T10:00", Date{1999, 12, 31}},
		// Not dates: ids and numbers that only look like them.
		{"https://www.bbc.com/news/world-us-canada-46305428", Date{}},
		{"https://example.org/p/120180716", Date{}},
		{"https://example.org/2015/13/01/x", Date{}},
		{"https://example.org/2015-02-30-x", Date{}},
		{"https://example.org/item/2016", Date{}},
		{"https://example.org/?page=20180716", Date{}},
		{"https://example.org/3016/04/12/", Date{}},
		{"not a link 2016/04/12", Date{}},
		{"", Date{}},
	}
	for _, tt := range tests {
		if got := LinkDate(tt.link); got != tt.want {
			t.Errorf("LinkDate(%q) = %v, want %v", tt.link, got, tt.want)
		}
	}
}

func TestMoreThanAMonthApart(t *testing.T) {
	tests := []struct {
		a, b Date
		want bool
	}{
		{Date{2016, 4, 12}, Date{2016, 4, 12}, false},
		{Date{2016, 4, 12}, Date{2016, 5, 12}, false}, // exactly a month
		{Date{2016, 4, 12}, Date{2016, 5, 13}, true},
		{Date{2016, 5, 13}, Date{2016, 4, 12}, true}, // either order
		{Date{2016, 0, 0}, Date{2016, 11, 30}, false},
		{Date{2016, 0, 0}, Date{2017, 1, 31}, false},
		{Date{2016, 0, 0}, Date{2017, 2, 1}, true},
		{Date{2016, 4, 0}, Date{2016, 5, 30}, false},
		{Date{2016, 4, 0}, Date{2016, 6, 1}, true},
		{Date{2020, 5, 3}, Date{2015, 11, 16}, true},
	}
	for _, tt := range tests {
		if got := moreThanAMonthApart(tt.a, tt.b); got != tt.want {
			t.Errorf("moreThanAMonthApart(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestDatesSaved checks the warning check gives when a link's date and
// the entry's date disagree, and what "dates: saved" makes of the dates.
func TestDatesSaved(t *testing.T) {
	const nybooks = "https://www.nybooks.com/online/2015/11/16/isis-from-mumbai-to-paris/"
	tests := []struct {
		name, path, src string
		// warnLine is the line of the link-date warning without the
		// setting; 0 means none.
		warnLine int
		// date and accessed are the entry's dates with "dates: saved".
		date, accessed Date
		// noDate reports whether "no date" is still warned about.
		noDate bool
	}{
		{"saved long after", "a.md",
			"---\ntitle: T\nauthor: A B\nlink: " + nybooks + "\ndate: 2020-05-03\n---\n\n\"Q.\"\n",
			5, Date{2015, 11, 16}, Date{2020, 5, 3}, false},
		{"saved the same week", "a.md",
			"---\ntitle: T\nauthor: A B\nlink: " + nybooks + "\ndate: 2015-11-20\n---\n\n\"Q.\"\n",
			0, Date{2015, 11, 16}, Date{2015, 11, 20}, false},
		{"date from the file name", "2020-05-03-a.md",
			"---\ntitle: T\nauthor: A B\nurl: " + nybooks + "\n---\n\n\"Q.\"\n",
			4, Date{2015, 11, 16}, Date{2020, 5, 3}, false},
		{"accessed given stays", "a.md",
			"---\ntitle: T\nauthor: A B\nlink: " + nybooks + "\ndate: 2020-05-03\naccessed: 2021-01-01\n---\n\n\"Q.\"\n",
			5, Date{2015, 11, 16}, Date{2021, 1, 1}, false},
		{"link without a date", "a.md",
			"---\ntitle: T\nauthor: A B\nlink: https://example.org/essay\ndate: 2020-05-03\n---\n\n\"Q.\"\n",
			0, Date{}, Date{2020, 5, 3}, false},
		{"no date at all, the link gives one", "a.md",
			"---\ntitle: T\nauthor: A B\nlink: https://www.bbc.com/news/world-europe-20180716\n---\n\n\"Q.\"\n",
			0, Date{2018, 7, 16}, Date{}, false},
		{"no date anywhere", "a.md",
			"---\ntitle: T\nauthor: A B\nlink: https://example.org/essay\n---\n\n\"Q.\"\n",
			0, Date{}, Date{}, true},
	}
	hasWarning := func(probs []Problem, text string) (int, bool) {
		for _, p := range probs {
			if p.Severity == Warning && strings.Contains(p.Message, text) {
				return p.Line, true
			}
		}
		return 0, false
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, probs := ParseEntry(tt.path, []byte(tt.src))
			if e == nil || Errors(probs) > 0 {
				t.Fatalf("problems: %v", probs)
			}
			line, warned := hasWarning(probs, "dates: saved")
			if warned != (tt.warnLine > 0) || line != tt.warnLine {
				t.Errorf("link-date warning at line %d (%v), want line %d; problems %v", line, warned, tt.warnLine, probs)
			}
			before := *e
			// The default setting changes nothing.
			if e2, p2 := ApplySettings(Settings{Dates: DatesPublished}, e, probs); e2 != e || len(p2) != len(probs) {
				t.Errorf("dates: published changed the entry or its problems")
			}
			saved, p2 := ApplySettings(Settings{Dates: DatesSaved}, e, probs)
			if saved.Date != tt.date || saved.Accessed != tt.accessed {
				t.Errorf("dates: saved gives date %v accessed %v, want %v and %v", saved.Date, saved.Accessed, tt.date, tt.accessed)
			}
			if _, w := hasWarning(p2, "dates: saved"); w {
				t.Errorf("dates: saved still warns: %v", p2)
			}
			if _, w := hasWarning(p2, "no date"); w != tt.noDate {
				t.Errorf("no-date warning %v, want %v: %v", w, tt.noDate, p2)
			}
			if e.Date != before.Date || e.Accessed != before.Accessed {
				t.Errorf("ApplySettings changed the parsed entry")
			}
		})
	}
}

func TestDatesSavedInLoad(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"commonplace.yaml":  "dates: saved\n",
		"2020-05-03-web.md": "---\ntitle: Web\nauthor: A B\nlink: https://example.org/2015/11/16/web/\n---\n\n\"Q.\"\n",
		"book.md":           "---\ntitle: Book\nauthor: C D\npublisher: P\ndate: 1851\n---\n\n\"Q.\"\n",
	})
	c, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range c.Problems {
		t.Errorf("unexpected problem %v", p)
	}
	got := map[string][2]Date{}
	for _, e := range c.Entries {
		got[e.Slug] = [2]Date{e.Date, e.Accessed}
	}
	if got["web"] != [2]Date{{2015, 11, 16}, {2020, 5, 3}} || got["book"] != [2]Date{{1851, 0, 0}, {}} {
		t.Errorf("dates %v", got)
	}
	// Sorted by the publication date now known.
	if c.Entries[0].Slug != "book" {
		t.Errorf("order %s, %s", c.Entries[0].Slug, c.Entries[1].Slug)
	}
	cite, err := CitePlain(c.Entries[1], "chicago")
	if err != nil || !strings.Contains(cite, "November 16, 2015") || strings.Contains(cite, "2020") {
		t.Errorf("citation %q (%v)", cite, err)
	}

	bad := writeTree(t, map[string]string{"commonplace.yaml": "title: X\ndates: sometimes\n"})
	c, err = Load(bad, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Problems) != 1 || c.Problems[0].Line != 2 || c.Problems[0].Severity != Error || !strings.Contains(c.Problems[0].Message, `"sometimes" (known: published, saved)`) {
		t.Errorf("problems %v", c.Problems)
	}
}
