package model

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// writeTree writes files (path → content) under a new temporary folder.
func writeTree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestParseEntryFields(t *testing.T) {
	tests := []struct {
		name, path, src string
		check           func(t *testing.T, e *Entry)
	}{
		{"seed-like yaml", "2015-11-16-from-mumbai-to-paris.md",
			"---\nlayout: entry\ncategory: commonplace\nauthor: Ahmed Rashid\ntitle: From Mumbai to Paris\npublication: The New York Review of Books\nlink: https://www.nybooks.com/x/\ndate: 2015-11-16\n---\n\n\"Quote one.\"\n",
			func(t *testing.T, e *Entry) {
				want := Entry{Path: "2015-11-16-from-mumbai-to-paris.md", Slug: "from-mumbai-to-paris", Title: "From Mumbai to Paris",
					Authors: []Name{{Given: "Ahmed", Family: "Rashid"}}, Publication: "The New York Review of Books", Link: "https://www.nybooks.com/x/",
					Date: Date{2015, 11, 16}, Category: "commonplace", Layout: "entry", Type: "article", TypeInferred: true}
				if e.Slug != want.Slug || e.Title != want.Title || !reflect.DeepEqual(e.Authors, want.Authors) || e.Publication != want.Publication ||
					e.Link != want.Link || e.Date != want.Date || e.Category != want.Category || e.Layout != want.Layout || e.Type != want.Type {
					t.Errorf("got %+v", e)
				}
			}},
		{"toml", "walden.md",
			"+++\ntitle = \"Walden\"\nauthor = \"Thoreau, Henry David\"\ndate = 1854\npublisher = \"Ticknor and Fields\"\nplace = \"Boston\"\ntags = [\"nature\", \"solitude\"]\npages = \"12-14\"\n+++\n\nI went to the woods.\n",
			func(t *testing.T, e *Entry) {
				if e.Title != "Walden" || e.Authors[0] != (Name{Given: "Henry David", Family: "Thoreau"}) || e.Date != (Date{Year: 1854}) ||
					e.Type != "book" || !reflect.DeepEqual(e.Tags, []string{"nature", "solitude"}) || e.Pages != "12–14" {
					t.Errorf("got %+v", e)
				}
				if len(e.Quotes) != 1 || e.Quotes[0].Mark != "none" || e.Quotes[0].Line != 11 {
					t.Errorf("quotes %+v", e.Quotes)
				}
			}},
		{"toml datetime", "t.md", "+++\ntitle = \"T\"\ndate = 2015-11-16T10:00:00-05:00\n+++\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Date != (Date{2015, 11, 16}) {
					t.Errorf("date %v", e.Date)
				}
			}},
		{"bom and crlf", "b.md", "\ufeff---\r\ntitle: B\r\nauthor: Plato\r\ndate: '2015-11'\r\n---\r\n\r\n\"Q one.\"\r\n\r\n\"Q two.\"\r\n",
			func(t *testing.T, e *Entry) {
				if e.Title != "B" || e.Authors[0] != (Name{Family: "Plato"}) || e.Date != (Date{2015, 11, 0}) || len(e.Quotes) != 2 || e.Quotes[1].Line != 9 {
					t.Errorf("got %+v %+v", e, e.Quotes)
				}
			}},
		{"jekyll timestamp, no shift", "x.md", "---\ntitle: X\ndate: 2015-11-16 23:30:00 -0500\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Date != (Date{2015, 11, 16}) {
					t.Errorf("date %v", e.Date)
				}
			}},
		{"date from name only when none in front matter", "2001-02-03-slug.md", "---\ntitle: X\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Date != (Date{2001, 2, 3}) || e.Slug != "slug" {
					t.Errorf("date %v slug %s", e.Date, e.Slug)
				}
			}},
		{"front matter date wins over name", "2001-02-03-slug.md", "---\ntitle: X\ndate: 1999\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Date != (Date{Year: 1999}) {
					t.Errorf("date %v", e.Date)
				}
			}},
		{"name lists and forms", "n.md", "---\ntitle: N\nauthor:\n  - Karl Marx\n  - Engels, Friedrich\ntranslator: Samuel Moore\neditor: [Ludwig van Beethoven, Plato]\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				want := []Name{{Given: "Karl", Family: "Marx"}, {Given: "Friedrich", Family: "Engels"}}
				if !reflect.DeepEqual(e.Authors, want) || e.Translators[0] != (Name{Given: "Samuel", Family: "Moore"}) ||
					e.Editors[0] != (Name{Given: "Ludwig", Family: "van Beethoven", Particle: "van"}) || e.Editors[1] != (Name{Family: "Plato"}) {
					t.Errorf("got %+v %+v %+v", e.Authors, e.Translators, e.Editors)
				}
			}},
		{"tags as a string, url, unknown fields kept", "u.md", "---\ntitle: U\ntags: one, two\nurl: https://example.org\nrating: 5\nnested: {a: [1, 2]}\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if !reflect.DeepEqual(e.Tags, []string{"one", "two"}) || e.Link != "https://example.org" || e.Extra["rating"] != int64(5) ||
					!reflect.DeepEqual(e.Extra["nested"], map[string]any{"a": []any{int64(1), int64(2)}}) || e.Type != "webpage" {
					t.Errorf("got %+v", e)
				}
			}},
		{"space separated tags", "s.md", "---\ntitle: S\ntags: alpha beta\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if !reflect.DeepEqual(e.Tags, []string{"alpha", "beta"}) {
					t.Errorf("tags %v", e.Tags)
				}
			}},
		{"poem inferred from verse", "p.md", "---\ntitle: P\n---\n\n> a  \n> b\n",
			func(t *testing.T, e *Entry) {
				if e.Type != "poem" {
					t.Errorf("type %s", e.Type)
				}
			}},
		{"a title starting with To is not a letter", "to-autumn.md", "---\ntitle: To Autumn\nauthor: John Keats\n---\n\n> Season of mists  \n> and mellow fruitfulness\n",
			func(t *testing.T, e *Entry) {
				if e.Type != "poem" {
					t.Errorf("type %s", e.Type)
				}
			}},
		{"letter inferred from the title", "l.md", "---\ntitle: Letter to Mrs. Bixby\n---\n\n\"Dear Madam.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Type != "letter" {
					t.Errorf("type %s", e.Type)
				}
			}},
		{"chapter inferred from editor and publication", "c.md", "---\ntitle: C\npublication: Essays\neditor: A B\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Type != "chapter" {
					t.Errorf("type %s", e.Type)
				}
			}},
		{"journal, magazine or newspaper in place of publication says the kind", "j.md",
			"---\ntitle: J\njournal: Mind\npages: 433-460\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Type != "journal" || !e.TypeInferred || e.Publication != "Mind" || citeType(e) != "article-journal" {
					t.Errorf("type %s (%s), publication %q", e.Type, citeType(e), e.Publication)
				}
			}},
		{"newspaper given as the publication", "n.md", "---\ntitle: N\nnewspaper: The Times\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Type != "newspaper" || citeType(e) != "article-newspaper" {
					t.Errorf("type %s (%s)", e.Type, citeType(e))
				}
			}},
		{"a journal with a publisher is a book's part", "jb.md", "---\ntitle: J\njournal: Annual\npublisher: P\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Type != "chapter" {
					t.Errorf("type %s", e.Type)
				}
			}},
		{"an isbn makes a book, a doi a journal article", "i.md", "---\ntitle: Thinking, Fast and Slow\nISBN: 978-0374275631\n---\n\n\"Q.\"\n",
			func(t *testing.T, e *Entry) {
				if e.Type != "book" || citeType(e) != cslBook {
					t.Errorf("type %s (%s)", e.Type, citeType(e))
				}
				d, _ := ParseEntry("d.md", []byte("---\ntitle: D\npublication: Mind\ndoi: 10.1093/mind/LIX.236.433\n---\n\n\"Q.\"\n"))
				if d.Type != "journal" || citeType(d) != "article-journal" {
					t.Errorf("doi: type %s (%s)", d.Type, citeType(d))
				}
			}},
		{"language detected per quote", "l.md", "---\ntitle: L\n---\n\n> Μῆνιν ἄειδε θεὰ\n\n> الخيل والليل\n\n> 道可道\n\n> Plain English.\n",
			func(t *testing.T, e *Entry) {
				got := []string{}
				for _, q := range e.Quotes {
					got = append(got, q.Lang+"/"+q.Dir)
				}
				if want := []string{"el/ltr", "ar/rtl", "zh/ltr", "/ltr"}; !reflect.DeepEqual(got, want) {
					t.Errorf("got %v want %v", got, want)
				}
			}},
		{"entry lang refines and yields", "fa.md", "---\ntitle: F\nlang: fa\n---\n\n> این یک جمله است\n\n> An English gloss.\n",
			func(t *testing.T, e *Entry) {
				if e.Quotes[0].Lang != "fa" || e.Quotes[0].Dir != "rtl" || e.Quotes[1].Lang != "" {
					t.Errorf("got %+v", e.Quotes)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, probs := ParseEntry(tt.path, []byte(tt.src))
			if Errors(probs) > 0 || e == nil {
				t.Fatalf("problems: %v", probs)
			}
			tt.check(t, e)
		})
	}
}

func TestQuoteIDStable(t *testing.T) {
	a, _ := ParseEntry("a.md", []byte("---\ntitle: A\n---\n\n\"First  quote,\nwrapped.\"\n\n\"Second.\"\n"))
	b, _ := ParseEntry("a.md", []byte("---\ntitle: A\nauthor: Someone Else\n---\n\n\"Second.\"\n\n“First quote, wrapped.”\n"))
	if a.Quotes[0].ID != b.Quotes[1].ID || a.Quotes[1].ID != b.Quotes[0].ID {
		t.Errorf("IDs changed with reordering or re-wrapping: %s %s / %s %s", a.Quotes[0].ID, a.Quotes[1].ID, b.Quotes[0].ID, b.Quotes[1].ID)
	}
	c, _ := ParseEntry("other.md", []byte("---\ntitle: A\n---\n\n\"Second.\"\n\n\"Second.\"\n"))
	if c.Quotes[0].ID == a.Quotes[1].ID || c.Quotes[0].ID == c.Quotes[1].ID {
		t.Errorf("IDs must differ across entries and for repeated quotes: %v", c.Quotes)
	}
}

func TestBadInput(t *testing.T) {
	tests := []struct {
		name, src string
		line      int
		want      string // substring of the message
	}{
		{"unterminated front matter", "---\ntitle: x\nauthor: A B\n", 1, "never closed"},
		{"tab indentation", "---\ntitle: x\n\tauthor: A\n---\n\n\"q\"\n", 3, "tab"},
		{"unclosed quote", "---\nauthor: A\ntitle: \"x\nplace: B\n---\n\n\"q\"\n", 3, "never closed"},
		{"front matter is a list", "---\n- a\n- b\n---\n\nbody\n", 2, "is a list"},
		{"date not a date", "---\ntitle: x\ndate: next Tuesday\n---\n\n\"q\"\n", 3, `field "date": "next Tuesday" is not a date; use YYYY`},
		{"impossible date", "---\ntitle: x\n\ndate: 2015-13-45\n---\n\n\"q\"\n", 4, "month 13"},
		{"february 30", "---\ntitle: x\ndate: 2015-02-30\n---\n\n\"q\"\n", 3, "no day 30"},
		{"empty file", "", 1, "empty file"},
		{"invalid utf-8", "---\ntitle: x\n---\n\nok\nbad \xff\xfe\x1b here\n", 6, `\xff\xfe`},
		{"binary", "\x00\x01\x02binary", 1, "binary"},
		{"control character in a field", "---\ntitle: \"a\x1b[31mred\"\n---\n\n\"q\"\n", 2, `\x1b`},
		{"alias bomb", "---\na: &a [\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b]\n---\n\nq\n", 2, "aliases"},
		{"duplicate field", "---\ntitle: a\ntitle: b\n---\n\n\"q\"\n", 3, "given twice"},
		{"title is a list", "---\ntitle: [a, b]\n---\n\n\"q\"\n", 2, "must be text"},
		{"toml error", "+++\ntitle = \n+++\n\n\"q\"\n", 2, "invalid TOML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, probs := ParseEntry("bad.md", []byte(tt.src))
			if e != nil {
				t.Errorf("entry accepted; want it rejected")
			}
			found := false
			for _, p := range probs {
				if p.Severity == Error && p.Line == tt.line && strings.Contains(p.Message, tt.want) {
					found = true
				}
				for _, r := range p.Message {
					if r < 0x20 || r == 0x7f || r == 0xfffd {
						t.Errorf("message holds a raw control or invalid byte: %q", p.Message)
					}
				}
			}
			if !found {
				t.Errorf("want an error at line %d containing %q; got %v", tt.line, tt.want, probs)
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	e, probs := ParseEntry("w.md", []byte("---\ntitle: W\n---\n\nHello <blink>there</blink>.\n\n<script>x</script>\n\n![alt](../../etc/passwd) [rel](../secret.md)\n"))
	if e == nil {
		t.Fatalf("rejected: %v", probs)
	}
	var msgs []string
	for _, p := range probs {
		msgs = append(msgs, p.String())
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{"w.md:1: warning: no author", "w.md:1: warning: no date", "w.md:5: warning: raw HTML dropped", "w.md:7: warning: raw HTML block dropped", "w.md:9: warning: image", "w.md:9: warning: link target"} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in\n%s", want, all)
		}
	}
	j := PlainBlocks(e.Quotes[0].Blocks) + PlainBlocks(e.Commentary)
	if strings.Contains(j, "<") || strings.Contains(j, "script") {
		t.Errorf("raw HTML passed through: %q", j)
	}
	for _, q := range e.Quotes {
		for _, b := range q.Blocks {
			for _, r := range b.Runs {
				if r.Link != "" {
					t.Errorf("unsafe link kept: %q", r.Link)
				}
			}
		}
	}
}

func TestLoadTree(t *testing.T) {
	ok := "---\ntitle: T\nauthor: A B\ndate: 2000\n---\n\n\"Q.\"\n"
	dir := writeTree(t, map[string]string{
		"a.md":                  ok,
		"sub/deeper/b.md":       strings.Replace(ok, "2000", "1990", 1),
		"2010-01-01-c.markdown": strings.Replace(ok, "date: 2000\n", "", 1),
		"_drafts/d.md":          ok,
		"_site/e.md":            ok,
		".hidden.md":            ok,
		".git/f.md":             ok,
		"notes.txt":             "not markdown",
		"unpublished.md":        "---\ntitle: U\npublished: false\n---\n\n\"Q.\"\n",
		"broken.md":             "---\ntitle: [\n---\n",
		"layouts/pdf/x.md":      ok,
		"commonplace.yaml":      "title: My Book\nsort: date\n",
	})
	c, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range c.Entries {
		paths = append(paths, e.Path)
	}
	if want := []string{"sub/deeper/b.md", "a.md", "2010-01-01-c.markdown"}; !reflect.DeepEqual(paths, want) {
		t.Errorf("entries %v, want %v (sorted by date)", paths, want)
	}
	if c.Settings.Title != "My Book" {
		t.Errorf("settings not read: %+v", c.Settings)
	}
	if Errors(c.Problems) != 1 || c.Problems[0].Path != "broken.md" {
		t.Errorf("problems %v", c.Problems)
	}
	c, _ = Load(dir, LoadOptions{Drafts: true, Override: &Settings{Sort: "title", Title: "Flag Title"}})
	if len(c.Entries) != 4 || c.Settings.Title != "Flag Title" || c.Settings.Sort != "title" {
		t.Errorf("drafts/override: %d entries, settings %+v", len(c.Entries), c.Settings)
	}
}

func TestLoadOrderStable(t *testing.T) {
	files := map[string]string{}
	for i := 0; i < 40; i++ {
		files[filepath.Join("d", string(rune('a'+i%26))+strings.Repeat("x", i/26)+".md")] = "---\ntitle: T\ndate: 2000\n---\n\n\"Same date.\"\n"
	}
	dir := writeTree(t, files)
	first, _ := Load(dir, LoadOptions{})
	for n := 0; n < 5; n++ {
		again, _ := Load(dir, LoadOptions{})
		for i := range first.Entries {
			if first.Entries[i].Path != again.Entries[i].Path {
				t.Fatalf("order differs at %d: %s vs %s", i, first.Entries[i].Path, again.Entries[i].Path)
			}
		}
	}
}

func TestSettingsProblems(t *testing.T) {
	dir := writeTree(t, map[string]string{"commonplace.yaml": "title: T\nstyle: harvard\ncolour: blue\ngroup: author\n"})
	c, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	all := ""
	for _, p := range c.Problems {
		all += p.String() + "\n"
	}
	for _, want := range []string{`commonplace.yaml:2: setting "style": unknown value "harvard"`} {
		if !strings.Contains(all, want) {
			t.Errorf("missing %q in %s", want, all)
		}
	}
	// A key the model does not know is kept, with its line, as a
	// renderer's section; the registry reports it when no renderer owns
	// it (render.ResolveConfigs).
	if sec := c.Settings.Section("colour"); sec.Line != 3 || sec.Node == nil || sec.Node.Value != "blue" {
		t.Errorf("unknown key not kept as a section: %+v", sec)
	}
	if c.Settings.Group != "author" || c.Settings.Title != "T" {
		t.Errorf("the rest of the settings must still apply: %+v", c.Settings)
	}
}

func TestParseDate(t *testing.T) {
	good := map[string]Date{"1854": {1854, 0, 0}, "1854-07": {1854, 7, 0}, "1854-07-04": {1854, 7, 4}, "2015-11-16 10:00:00 -0500": {2015, 11, 16},
		"2015-11-16T23:59:59Z": {2015, 11, 16}, "2016-02-29": {2016, 2, 29}, "2015-11-16 10:00": {2015, 11, 16}}
	for in, want := range good {
		got, err := ParseDate(in)
		if err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"next Tuesday", "2015-13-45", "2015-02-29", "15-11-16", "2015/11/16", "2015-11-16 noon", "0000", "", "-2015", "2015-11-16-17"} {
		if d, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v; want an error", in, d)
		}
	}
}

// TestEarlyYear: a year before 1000 written with four digits and no
// quotes (YAML reads 0960 as a number) is the year as written; three
// digits are an error that says how to write it.
func TestEarlyYear(t *testing.T) {
	e, probs := ParseEntry("m.md", []byte("---\ntitle: T\nauthor: A\ndate: 0960\n---\n\n> q\n"))
	if len(probs) != 0 || e.Date != (Date{Year: 960}) {
		t.Errorf("date: 0960 = %v, %v; want the year 960 and no problem", e.Date, probs)
	}
	_, probs = ParseEntry("m.md", []byte("---\ntitle: T\nauthor: A\ndate: 960\n---\n\n> q\n"))
	if len(probs) != 1 || probs[0].Line != 4 || !strings.Contains(probs[0].Message, "four digits: 0960") {
		t.Errorf("date: 960 gave %v; want one error at line 4 saying to write 0960", probs)
	}
}

func TestParseName(t *testing.T) {
	tests := map[string]Name{
		"Henry David Thoreau":     {Given: "Henry David", Family: "Thoreau"},
		"Thoreau, Henry David":    {Given: "Henry David", Family: "Thoreau"},
		"Plato":                   {Family: "Plato"},
		"Ludwig van Beethoven":    {Given: "Ludwig", Family: "van Beethoven", Particle: "van"},
		"Martin Luther King, Jr.": {Given: "Martin Luther", Family: "King, Jr."},
		"  Emily   Dickinson ":    {Given: "Emily", Family: "Dickinson"},
	}
	for in, want := range tests {
		if got := ParseName(in); got != want {
			t.Errorf("ParseName(%q) = %+v; want %+v", in, got, want)
		}
	}
	if got := (Name{Given: "Henry David", Family: "Thoreau"}).Initials(); got != "H. D." {
		t.Errorf("initials %q", got)
	}
	if got := (Name{Given: "Jean-Paul", Family: "Sartre"}).Initials(); got != "J.-P." {
		t.Errorf("initials %q", got)
	}
}

func TestInitialsAndMarkdown(t *testing.T) {
	if got := (Name{Given: "W.B.", Family: "Yeats"}).Initials(); got != "W. B." {
		t.Errorf("initials of W.B. = %q", got)
	}
	if got := Markdown([]Run{{Text: "a*b_c [d]"}, {Text: "T", Italic: true}}); got != `a\*b\_c \[d\]*T*` {
		t.Errorf("Markdown = %q", got)
	}
}

// TestHugeInputs: a 2 MB paragraph, 500 nested blockquotes and a
// paragraph full of unmatched markup all load (linear time), keeping
// their text.
func TestHugeInputs(t *testing.T) {
	para := strings.Repeat("All work and no play makes Jack a dull boy. ", 2<<20/44)
	e, probs := ParseEntry("big.md", []byte("---\ntitle: Big\n---\n\n\""+para+"\"\n"))
	if e == nil || len(e.Quotes) != 1 || len(Plain(e.Quotes[0].Blocks[0].Runs)) < 2<<20-100 {
		t.Fatalf("2 MB paragraph not loaded whole: %v", probs)
	}
	var nest strings.Builder
	for i := 1; i <= 500; i++ {
		nest.WriteString(strings.Repeat(">", i) + " level\n")
	}
	e, probs = ParseEntry("nest.md", []byte("---\ntitle: Nest\n---\n\n"+nest.String()))
	if e == nil || len(e.Quotes) != 1 {
		t.Fatalf("500 nested blockquotes: %v", probs)
	}
	for _, b := range e.Quotes[0].Blocks {
		if b.Level > maxLevel {
			t.Fatalf("level %d exceeds the cap %d", b.Level, maxLevel)
		}
	}
	markup := strings.Repeat("*a [b ", 50000)
	e, probs = ParseEntry("markup.md", []byte("---\ntitle: M\n---\n\n"+markup+"\n"))
	if e == nil || !strings.Contains(Plain(e.Quotes[0].Blocks[0].Runs), "*a [b *a [b") {
		t.Fatalf("markup-heavy paragraph: %v", probs)
	}
	if len(probs) == 0 || probs[0].Line != 5 || !strings.Contains(probs[0].Message, "over the limit of 10000") {
		t.Errorf("want a warning naming the limit, got %v", probs)
	}
}

func TestSymlinksNotFollowed(t *testing.T) {
	outside := writeTree(t, map[string]string{"secret.md": "---\ntitle: Secret\n---\n\n\"outside\"\n"})
	dir := writeTree(t, map[string]string{"a.md": "---\ntitle: A\n---\n\n\"inside\"\n"})
	if err := os.Symlink(filepath.Join(outside, "secret.md"), filepath.Join(dir, "link.md")); err != nil {
		t.Skip(err)
	}
	os.Symlink(outside, filepath.Join(dir, "linkdir"))
	c, err := Load(dir, LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) != 1 || c.Entries[0].Path != "a.md" {
		t.Errorf("symlinks followed: %d entries", len(c.Entries))
	}
}

func TestLabels(t *testing.T) {
	dir := writeTree(t, map[string]string{
		"commonplace.yaml": "language: fr\nlabels:\n  contents: Table des matières\n  anonymous: Anonyme\n",
		"a.md":             "---\ntitle: A\n---\n\n\"q\"\n",
	})
	c, err := Load(dir, LoadOptions{})
	if err != nil || len(c.Problems) > 2 {
		t.Fatalf("%v %v", err, c.Problems)
	}
	l := c.Settings.Defaults().Labels
	if l.Contents != "Table des matières" || l.Anonymous != "Anonyme" || l.Sources != "Sources" {
		t.Errorf("labels %+v", l)
	}
	if g := c.Groups("author"); g[0].Title != "Anonyme" {
		t.Errorf("group title %q", g[0].Title)
	}
	if refs := c.AuthorIndex(); refs[0].Name.Family != "Anonyme" {
		t.Errorf("index name %+v", refs[0].Name)
	}
}
