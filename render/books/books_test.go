package books

import (
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/commonplace-book/commonplace/model"
)

func TestRTLOneList(t *testing.T) {
	for _, tag := range []string{"ar", "syr", "he-IL", "fa", "ur", "ckb", "dv", "yi", "ps", "ug", "sd", "nqo", "arc", "AR_eg"} {
		if !RTL(tag) {
			t.Errorf("%s: not right to left", tag)
		}
	}
	for _, tag := range []string{"", "en", "el", "zh-Hant", "ku", "tr"} {
		if RTL(tag) {
			t.Errorf("%s: right to left", tag)
		}
	}
}

func TestHeadingAndNames(t *testing.T) {
	for _, c := range []struct {
		e    model.Entry
		want string
	}{
		{model.Entry{Title: " T ", Publication: "P"}, "T"},
		{model.Entry{Publication: "P"}, "P"},
		{model.Entry{Slug: "a-slug", Quotes: []model.Quote{{Blocks: []model.Block{{Runs: []model.Run{{Text: "one two three four five six seven eight nine"}}}}}}},
			"one two three four five six seven eight …"},
		{model.Entry{Slug: "a-slug"}, "a-slug"},
		{model.Entry{}, "Untitled"},
	} {
		if got := Heading(&c.e); got != c.want {
			t.Errorf("Heading = %q, want %q", got, c.want)
		}
	}
	ns := []model.Name{{Given: "A", Family: "One"}, {Given: "B", Family: "Two"}, {Family: "Three"}}
	if got := Names(model.LabelsFor("en"), ns); got != "A One, B Two and Three" {
		t.Errorf("Names = %q", got)
	}
}

func TestNewestAndLang(t *testing.T) {
	c := &model.Collection{Entries: []*model.Entry{{Date: model.Date{Year: 1854}}, {Date: model.Date{Year: 2015, Month: 11, Day: 16}}, {}}}
	if got := Newest(c); !got.Equal(time.Date(2015, 11, 16, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Newest = %v", got)
	}
	if got := Newest(&model.Collection{}); got.Year() != 2000 {
		t.Errorf("Newest of nothing = %v", got)
	}
	if Lang("en-gb") != "en-GB" || Lang("not a tag!") != "" || Lang("") != "" {
		t.Errorf("Lang: %q %q", Lang("en-gb"), Lang("not a tag!"))
	}
}

func TestSources(t *testing.T) {
	a := &model.Entry{Path: "a.md", Title: "Walden", Authors: []model.Name{{Given: "Henry David", Family: "Thoreau"}}, Publisher: "Ticknor and Fields", Type: "book"}
	a2 := &model.Entry{Path: "a2.md", Title: "Walden", Authors: []model.Name{{Given: "Henry David", Family: "Thoreau"}}, Publisher: "Ticknor and Fields", Type: "book"}
	b := &model.Entry{Path: "b.md", Title: "Essays", Authors: []model.Name{{Given: "Michel", Family: "Montaigne"}}, Publisher: "X", Type: "book"}
	c := &model.Collection{Entries: []*model.Entry{a, b, a2}}
	srcs := Sources(c, "short", nil)
	if len(srcs) != 2 {
		t.Fatalf("got %d sources, want 2 (one per distinct citation)", len(srcs))
	}
	if srcs[0].Entries[0] != b || len(srcs[1].Entries) != 2 || srcs[1].Entries[1] != a2 {
		t.Errorf("order or grouping wrong: %+v", srcs)
	}
	if !strings.HasPrefix(model.Plain(srcs[0].Citation), "Montaigne, Michel") {
		t.Errorf("short books list sources as a bibliography: %q", model.Plain(srcs[0].Citation))
	}
	for style, want := range map[string]string{"chicago": "chicago-bib", "short": "chicago-bib", "chicago-bib": "chicago-bib", "mla": "mla", "apa": "apa"} {
		if got := SourceStyle(style); got != want {
			t.Errorf("SourceStyle(%s) = %s", style, got)
		}
	}
}

// TestHeadingAndNamesCurly: the contents, headings and index show
// typographic quotes and apostrophes as the citations do, whatever the
// front matter wrote; the sort key keeps the title as written.
func TestHeadingAndNamesCurly(t *testing.T) {
	e := &model.Entry{Title: `I'm Nobody! "Who" Are You?`, Authors: []model.Name{{Given: "Flannery", Family: "O'Connor"}}}
	if got, want := Heading(e), "I’m Nobody! “Who” Are You?"; got != want {
		t.Errorf("Heading = %q, want %q", got, want)
	}
	if got, want := Names(model.Labels{}, e.Authors), "Flannery O’Connor"; got != want {
		t.Errorf("Names = %q, want %q", got, want)
	}
	if got := sourceKey(e); !strings.Contains(got, "i'm nobody") {
		t.Errorf("sourceKey = %q; want the title as written", got)
	}
	for in, want := range map[string]string{
		`'Tis Pity She's a Whore`:      "’Tis Pity She’s a Whore",
		`Songs of the '90s`:            "Songs of the ’90s",
		`The 'Twas Before' Collection`: "The ’Twas Before’ Collection",
		`'Tender Is the Night'`:        "‘Tender Is the Night’",
	} {
		if got := Heading(&model.Entry{Title: in}); got != want {
			t.Errorf("Heading(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestCountableFastPath checks Countable's shortcut for ASCII against its
// definition.
func TestCountableFastPath(t *testing.T) {
	for r := rune(0); r < 0x300; r++ {
		want := !unicode.IsSpace(r) && !unicode.In(r, unicode.Cf, unicode.Cc, unicode.Mn, unicode.Me)
		if got := Countable(r); got != want {
			t.Errorf("Countable(%U) = %v, want %v", r, got, want)
		}
	}
}
