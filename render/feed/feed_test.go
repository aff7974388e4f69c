package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

var renderers = []render.Renderer{Text{}, Fortune{}, RSS{}, Atom{}, JSON{}, Post{}, Card{}, Email{}, EML{}}

func TestConformance(t *testing.T) {
	for _, r := range renderers {
		if r.Name() == "rss" || r.Name() == "atom" {
			r = withLink{r} // they need a link, which the odd entries lack
		}
		t.Run(r.Name(), func(t *testing.T) { rendertest.Run(t, r) })
	}
}

// withLink renders a collection without feed.link or feed.base_url with
// a base URL.
type withLink struct{ render.Renderer }

func (r withLink) Render(w io.Writer, c *model.Collection, o render.Options) error {
	if cfg, _ := ParseConfig(c); cfg.Link == "" && cfg.BaseURL == "" {
		c2 := *c
		if err := c2.Settings.Set("feed.base_url", "https://example.org/odd/"); err != nil {
			return err
		}
		c = &c2
	}
	return r.Renderer.Render(w, c, o)
}

// opts returns options for the n days ending 2026-11-24 in UTC, over the
// feed config of c.
func opts(c *model.Collection, n int) *Options {
	cfg, probs := ParseConfig(c)
	if err := model.ErrorOf(probs); err != nil {
		panic(err)
	}
	cfg.Date, cfg.Days, cfg.TextDays, cfg.Location = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), n, n, time.UTC
	return &Options{Config: &cfg}
}

func encode(t testing.TB, name string, c *model.Collection, o *Options) []byte {
	t.Helper()
	enc := map[string]func(*bytes.Buffer, *model.Collection, *Options) error{
		"text":    func(b *bytes.Buffer, c *model.Collection, o *Options) error { return EncodeText(b, c, o) },
		"fortune": func(b *bytes.Buffer, c *model.Collection, o *Options) error { return EncodeFortune(b, c, o) },
		"rss":     func(b *bytes.Buffer, c *model.Collection, o *Options) error { return EncodeRSS(b, c, o) },
		"atom":    func(b *bytes.Buffer, c *model.Collection, o *Options) error { return EncodeAtom(b, c, o) },
		"json":    func(b *bytes.Buffer, c *model.Collection, o *Options) error { return EncodeJSON(b, c, o) },
	}[name]
	var b bytes.Buffer
	if err := enc(&b, c, o); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return b.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -update rewrites it); got:\n%s", name, got)
	}
}

func TestGolden(t *testing.T) {
	c := rendertest.LoadSamples(t)
	golden(t, "today.txt", encode(t, "text", c, opts(c, 1)))
	golden(t, "week.txt", encode(t, "text", c, opts(c, 7)))
	o := opts(c, 7)
	o.Width = 36
	golden(t, "week-36.txt", encode(t, "text", c, o))
	golden(t, "quotes.fortune", encode(t, "fortune", c, opts(c, 1)))
	golden(t, "feed.rss", encode(t, "rss", c, opts(c, 5)))
	golden(t, "feed.atom", encode(t, "atom", c, opts(c, 5)))
	golden(t, "feed.json", encode(t, "json", c, opts(c, 5)))
}

// The schedule and so every feed do not depend on the order entries come
// in; two loads give the same bytes.
func TestOrderIndependent(t *testing.T) {
	c := rendertest.LoadSamples(t)
	r := rand.New(rand.NewSource(7))
	for _, name := range []string{"text", "fortune", "rss", "atom", "json"} {
		want := encode(t, name, c, opts(c, 40))
		c2 := *c
		c2.Entries = append([]*model.Entry(nil), c.Entries...)
		r.Shuffle(len(c2.Entries), func(i, j int) { c2.Entries[i], c2.Entries[j] = c2.Entries[j], c2.Entries[i] })
		if got := encode(t, name, &c2, opts(&c2, 40)); !bytes.Equal(got, want) {
			t.Errorf("%s: output depends on entry order", name)
		}
		if got := encode(t, name, rendertest.LoadSamples(t), opts(c, 40)); !bytes.Equal(got, want) {
			t.Errorf("%s: two loads render differently", name)
		}
	}
}

func TestWrap(t *testing.T) {
	cases := []struct {
		in    string
		width int
		want  []string
	}{
		{"one two three four", 9, []string{"one two", "three", "four"}},
		{"  spaces   collapse  ", 40, []string{"spaces collapse"}},
		{"道可道，非常道。名可名，非常名。", 10, []string{"道可道，非", "常道。名可", "名，非常", "名。"}},
		{"abc https://example.org/a/very/long/url end", 10, []string{"abc", "https://example.org/a/very/long/url", "end"}},
		{"https://zh.wikisource.org/wiki/道德經", 10, []string{"https://zh.wikisource.org/wiki/道德經"}},
		{"mixed 中文 text", 8, []string{"mixed 中", "文 text"}},
		{"no wrap at all here", 0, []string{"no wrap at all here"}},
	}
	for _, tc := range cases {
		got := wrap(tc.in, tc.width, "", "")
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("wrap(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
	if got := wrap("a "+strings.Repeat("x", 25)+" b c", 10, "", ""); strings.Join(got, "|") != "a|"+strings.Repeat("x", 25)+"|b c" {
		t.Errorf("a word longer than the line goes on its own line: %q", got)
	}
	if got := cols("\t\t-- 中"); got != 21 {
		t.Errorf("cols = %d", got)
	}
}

// Text never cuts a quote: every word of every quote of the odd entries
// is in the output, and lines only exceed the width for a single word.
func TestTextNeverCuts(t *testing.T) {
	c := rendertest.LoadOdd(t)
	s := daily.New(c, daily.Filter{}, opts(c, 1).Seed)
	o := opts(c, s.Len())
	o.Width = 30
	out := string(encode(t, "text", c, o))
	// Quotation marks inside a quote alternate in the output, so all of
	// them compare alike.
	marksAlike := strings.NewReplacer("“", `"`, "”", `"`, "‘", `"`, "’", `"`, "„", `"`, "‚", `"`)
	flat := marksAlike.Replace(regexp.MustCompile(`\[\w+\]`).ReplaceAllString(strings.Join(strings.Fields(out), ""), "")) // footnote marks
	for _, it := range s.Cycle() {
		for _, w := range strings.Fields(stripTags(model.PlainBlocks(it.Quote.Blocks))) {
			if w = marksAlike.Replace(w); !strings.Contains(flat, w) {
				t.Fatalf("word %q of %s missing from the text output", model.Safe(w, 40), it.Loc())
			}
		}
	}
	for _, l := range strings.Split(out, "\n") {
		if cols(l) > 30 && strings.Contains(strings.TrimSpace(strings.TrimLeft(l, "—“”")), " ") {
			t.Errorf("line wider than 30 columns with a space to break at: %q", l)
		}
	}
}

func TestVerseAndMarks(t *testing.T) {
	c := rendertest.LoadSamples(t)
	o := opts(c, 1)
	o.Filter.Lang = "ru"
	o.NoWrap = true
	out := string(encode(t, "text", c, o))
	if !strings.HasPrefix(out, "«") || !strings.Contains(out, "»\n— ") {
		t.Errorf("Russian quote not in «»: %q", out)
	}
	// a poem keeps its lines
	for _, e := range c.Entries {
		for _, q := range e.Quotes {
			for _, b := range q.Blocks {
				for _, r := range b.Runs {
					if r.Break {
						lines := quoteLines(nil, &q, "en", 0, true)
						if len(lines) < 2 {
							t.Fatalf("verse of %s lost its line breaks: %q", e.Path, lines)
						}
						return
					}
				}
			}
		}
	}
}

func TestFortune(t *testing.T) {
	c := rendertest.LoadSamples(t)
	data := encode(t, "fortune", c, opts(c, 1))
	recs := fortuneRecords(string(data))
	if n := len(daily.Pool(c, daily.Filter{})); len(recs) != n {
		t.Errorf("%d records for %d quotes", len(recs), n)
	}
	for i, l := range strings.Split(string(data), "\n") {
		if cols(l) > FortuneWidth {
			t.Errorf("line %d is %d columns: %q", i+1, cols(l), l)
		}
		if l != strings.TrimRight(l, " \t") {
			t.Errorf("line %d has trailing space", i+1)
		}
	}
	var dat bytes.Buffer
	if err := WriteDat(&dat, data); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db := filepath.Join(dir, "quotes")
	os.WriteFile(db, data, 0o644)
	os.WriteFile(db+".dat", dat.Bytes(), 0o644)

	// The index is byte for byte what strfile writes.
	if strfile, err := exec.LookPath("strfile"); err == nil {
		for _, in := range [][]byte{data, []byte("a\n%\n%\nb\nc\n"), []byte("no delimiter at the end\n"), []byte("%\n" + strings.Repeat("x", 300) + "%\nshort\n%\n"), {}} {
			ref := filepath.Join(dir, "ref")
			os.WriteFile(ref, in, 0o644)
			if out, err := exec.Command(strfile, "-s", ref, ref+".dat").CombinedOutput(); err != nil {
				t.Fatalf("strfile: %v\n%s", err, out)
			}
			want, _ := os.ReadFile(ref + ".dat")
			var got bytes.Buffer
			WriteDat(&got, in)
			if !bytes.Equal(got.Bytes(), want) {
				t.Errorf("WriteDat(%q…) = %x, strfile wrote %x", model.Safe(string(in), 20), got.Bytes(), want)
			}
		}
	} else {
		t.Log("strfile not installed; index not compared")
	}

	// fortune reads the database through our index.
	fortune := "/usr/games/fortune"
	if _, err := os.Stat(fortune); err != nil {
		if fortune, err = exec.LookPath("fortune"); err != nil {
			t.Skip("fortune not installed (apt-get install fortune-mod)")
		}
	}
	set := map[string]bool{}
	for _, r := range recs {
		set[strings.TrimRight(r, "\n")] = true
	}
	for i := 0; i < 15; i++ {
		out, err := exec.Command(fortune, db).Output()
		if err != nil {
			t.Fatalf("fortune %s: %v", db, err)
		}
		if !set[strings.TrimRight(string(out), "\n")] {
			t.Fatalf("fortune printed something that is not a record:\n%s", out)
		}
	}
	// and the project's validator passes, strictly.
	check := filepath.Join("..", "..", "..", "shared", "tools", "check-fortune")
	if _, err := os.Stat(check); err != nil {
		t.Skip("check-fortune not found")
	}
	out, err := exec.Command(check, "--strict", db).CombinedOutput()
	if err != nil {
		t.Fatalf("check-fortune --strict: %v\n%s", err, out)
	}
	t.Logf("%s", bytes.TrimSpace(out[bytes.LastIndexByte(bytes.TrimSpace(out), '\n')+1:]))
}

func TestFortuneEscapesDelimiter(t *testing.T) {
	c := &model.Collection{Entries: []*model.Entry{{Path: "p.md", Title: "Percent", Quotes: []model.Quote{{ID: "q1", Line: 3,
		Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "before"}, {Break: true}, {Text: "%"}, {Break: true}, {Text: "after\x00\x1b[31m"}}}}}}}}}
	data := string(encode(t, "fortune", c, opts(c, 1)))
	if strings.Count(data, "\n%\n") != 1 || !strings.Contains(data, "\n %\n") || strings.ContainsAny(data, "\x00\x1b") {
		t.Errorf("delimiter not escaped or control bytes kept:\n%q", data)
	}
}

type rssDocIn struct {
	Channel struct {
		Title string `xml:"title"`
		Link  string `xml:"link"`
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			Description string `xml:"description"`
			Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			GUID        string `xml:"guid"`
			PubDate     string `xml:"pubDate"`
		} `xml:"item"`
	} `xml:"channel"`
}

type atomDocIn struct {
	Title   string `xml:"title"`
	ID      string `xml:"id"`
	Updated string `xml:"updated"`
	Entries []struct {
		Title     string `xml:"title"`
		ID        string `xml:"id"`
		Published string `xml:"published"`
		Summary   struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
		Content struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"content"`
	} `xml:"entry"`
}

// day is one item as read back from any feed.
type dayIn struct {
	id, title, html, text string
	at                    time.Time
}

func parseFeed(t *testing.T, name string, data []byte) (title string, days []dayIn) {
	t.Helper()
	switch name {
	case "rss":
		var d rssDocIn
		if err := xml.Unmarshal(data, &d); err != nil {
			t.Fatalf("rss does not parse: %v", err)
		}
		for _, it := range d.Channel.Items {
			at, err := time.Parse(time.RFC1123Z, it.PubDate)
			if err != nil {
				t.Fatalf("rss pubDate: %v", err)
			}
			days = append(days, dayIn{it.GUID, it.Title, it.Content, it.Description, at})
		}
		return d.Channel.Title, days
	case "atom":
		var d atomDocIn
		if err := xml.Unmarshal(data, &d); err != nil {
			t.Fatalf("atom does not parse: %v", err)
		}
		for _, e := range d.Entries {
			at, err := time.Parse(time.RFC3339, e.Published)
			if err != nil {
				t.Fatalf("atom published: %v", err)
			}
			if e.Content.Type != "html" || e.Summary.Type != "text" {
				t.Errorf("atom content type %q, summary type %q", e.Content.Type, e.Summary.Type)
			}
			days = append(days, dayIn{e.ID, e.Title, e.Content.Text, e.Summary.Text, at})
		}
		return d.Title, days
	default:
		var d struct {
			Version string `json:"version"`
			Title   string `json:"title"`
			Items   []struct {
				ID   string    `json:"id"`
				Titl string    `json:"title"`
				HTML string    `json:"content_html"`
				Text string    `json:"content_text"`
				At   time.Time `json:"date_published"`
			} `json:"items"`
		}
		if err := json.Unmarshal(data, &d); err != nil {
			t.Fatalf("json feed does not parse: %v", err)
		}
		if d.Version != JSONFeedVersion {
			t.Errorf("json feed version %q", d.Version)
		}
		for _, it := range d.Items {
			days = append(days, dayIn{it.ID, it.Titl, it.HTML, it.Text, it.At})
		}
		return d.Title, days
	}
}

func TestFeedsParseBack(t *testing.T) {
	c := rendertest.LoadSamples(t)
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no tz database")
	}
	for _, name := range []string{"rss", "atom", "json"} {
		o := opts(c, 45)
		o.Location = ny
		title, days := parseFeed(t, name, encode(t, name, c, o))
		if title != "A Passage a Day" {
			t.Errorf("%s: feed title %q", name, title)
		}
		if len(days) != 45 {
			t.Fatalf("%s: %d items, want 45", name, len(days))
		}
		seen := map[string]bool{}
		for i, d := range days {
			if seen[d.id] {
				t.Errorf("%s: GUID %s twice", name, d.id)
			}
			seen[d.id] = true
			want := time.Date(2026, 11, 24-i, 6, 0, 0, 0, ny)
			if !d.at.Equal(want) {
				t.Errorf("%s: item %d dated %s, want %s", name, i, d.at, want)
			}
			day := daily.DayOf(want)
			if d.id != "https://example.org/commonplace/#"+day.String() {
				t.Errorf("%s: GUID %q", name, d.id)
			}
			if !strings.HasPrefix(d.title, "Quote for "+day.Long()+" — ") {
				t.Errorf("%s: title %q", name, d.title)
			}
			if !strings.Contains(d.html, "<blockquote") || !strings.Contains(d.text, "\n— ") {
				t.Errorf("%s: item %d lacks HTML or text content", name, i)
			}
		}
	}
	// every feed says the same thing about the same day
	_, r := parseFeed(t, "rss", encode(t, "rss", c, opts(c, 10)))
	_, j := parseFeed(t, "json", encode(t, "json", c, opts(c, 10)))
	_, a := parseFeed(t, "atom", encode(t, "atom", c, opts(c, 10)))
	for i := range r {
		if r[i].title != j[i].title || r[i].title != a[i].title || r[i].text != j[i].text || r[i].html != a[i].html {
			t.Errorf("feeds disagree on item %d", i)
		}
	}
}

func TestGUIDWithoutBaseURL(t *testing.T) {
	c := rendertest.LoadSamples(t)
	for _, k := range []string{"feed.base_url", "feed.link"} {
		if err := c.Settings.Set(k, ""); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"rss", "atom"} {
		enc := map[string]func(io.Writer, *model.Collection, *Options) error{"rss": EncodeRSS, "atom": EncodeAtom}[name]
		if err := enc(io.Discard, c, opts(c, 3)); !errors.Is(err, ErrNoLink) {
			t.Errorf("%s without a link: %v", name, err)
		}
	}
	_, days := parseFeed(t, "json", encode(t, "json", c, opts(c, 3)))
	_, again := parseFeed(t, "json", encode(t, "json", c, opts(c, 4)))
	for i, d := range days {
		if !strings.HasPrefix(d.id, "urn:uuid:") || d.id != again[i].id {
			t.Errorf("GUID %q not a stable urn:uuid (%q)", d.id, again[i].id)
		}
	}
}

// With a history, the days already issued keep their items when entries
// are added or removed; without one the schedule may change.
func TestHistoryKeepsItems(t *testing.T) {
	dir := t.TempDir()
	hist := filepath.Join(dir, "history.txt")
	c := rendertest.LoadSamples(t)
	// a daily job for 20 days: the history starts on its first day
	for d := 19; d >= 0; d-- {
		o := opts(c, 1)
		o.Date = o.Date.AddDate(0, 0, -d)
		o.History = hist
		encode(t, "text", c, o)
	}
	o := opts(c, 20)
	o.History = hist
	before := encode(t, "json", c, o)
	_, b := parseFeed(t, "json", before)

	// add an entry and remove another
	c2 := *c
	c2.Entries = append([]*model.Entry(nil), c.Entries[1:]...)
	c2.Entries = append(c2.Entries, &model.Entry{Path: "new.md", Title: "New", Authors: []model.Name{{Given: "New", Family: "Author"}},
		Quotes: []model.Quote{{ID: "qnew", Line: 5, Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "A new quote."}}}}}}})
	var warnings []model.Problem
	o2 := opts(c, 25)
	o2.Date = o2.Date.AddDate(0, 0, 5)
	o2.History = hist
	o2.Warn = func(p model.Problem) { warnings = append(warnings, p) }
	_, a := parseFeed(t, "json", encode(t, "json", &c2, o2))
	removed := map[string]bool{}
	for _, q := range c.Entries[0].Quotes {
		removed[q.ID] = true
	}
	recs, _, err := daily.ReadHistory(mustOpen(t, hist), hist)
	if err != nil || len(recs) != 25 {
		t.Fatalf("history: %d records, %v", len(recs), err)
	}
	gone := 0
	for _, r := range recs[:20] {
		if removed[r.QuoteID] {
			gone++
		}
	}
	if len(a) != 25-gone || len(warnings) != gone {
		t.Errorf("%d items and %d warnings for 25 days with %d removed quotes", len(a), len(warnings), gone)
	}
	// the old days are unchanged
	old := map[string]dayIn{}
	for _, d := range b {
		old[d.id] = d
	}
	for _, d := range a {
		if o, ok := old[d.id]; ok && (o.title != d.title || o.text != d.text) {
			t.Errorf("day %s changed: %q became %q", d.id, o.title, d.title)
		}
	}
}

func mustOpen(t *testing.T, path string) *os.File {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestEmptyPool(t *testing.T) {
	c := rendertest.LoadSamples(t)
	o := opts(c, 1)
	o.Filter.Tag = "no-such-tag"
	for _, name := range []string{"text", "fortune", "rss"} {
		var b bytes.Buffer
		var err error
		switch name {
		case "text":
			err = EncodeText(&b, c, o)
		case "fortune":
			err = EncodeFortune(&b, c, o)
		default:
			err = EncodeRSS(&b, c, o)
		}
		if err == nil || !strings.Contains(err.Error(), "pool is empty") {
			t.Errorf("%s: empty pool gives %v", name, err)
		}
	}
}

func ExampleEncodeText() {
	c := &model.Collection{Entries: []*model.Entry{{Path: "thoreau.md", Title: "Walden", Authors: []model.Name{{Given: "Henry David", Family: "Thoreau"}},
		Quotes: []model.Quote{{ID: "q1", Line: 8, Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "I went to the woods because I wished to live deliberately, to front only the essential facts of life."}}}}}}}}}
	c.Settings.Style = "short"
	cfg, _ := ParseConfig(c)
	cfg.Date, cfg.Width = time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC), 40
	EncodeText(os.Stdout, c, &Options{Config: &cfg})
	fmt.Println()
}

func TestFeedsSurviveControlCharacters(t *testing.T) {
	c := &model.Collection{
		Entries: []*model.Entry{{Path: "c.md", Title: "Ctl\x01", Link: "https://example.org/]]>",
			Authors: []model.Name{{Family: "Bell\x07"}},
			Quotes:  []model.Quote{{ID: "q1", Line: 1, Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "bad \x01\x1b[0m ]]> \xff bytes"}}}}}}}}}
	if err := c.Settings.Set("feed.base_url", "https://example.org/"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"rss", "atom", "json"} {
		_, days := parseFeed(t, name, encode(t, name, c, opts(c, 2)))
		if len(days) != 2 || !strings.Contains(days[0].text, "]]>") {
			t.Errorf("%s: %d items, text %q", name, len(days), days[0].text)
		}
	}
}

// Fortune never splits a URL or a word: a token longer than the line
// goes on a line of its own, and fortune prints it whole.
func TestFortuneLongURLs(t *testing.T) {
	long := "https://example.org/archive/" + strings.Repeat("very-long-path-segment/", 5) + "page.html?q=1&r=2"
	word := strings.Repeat("Donaudampfschifffahrt", 5)
	link := "https://www.example.com/" + strings.Repeat("a-long-slug-", 8) + "end"
	c := &model.Collection{Settings: model.Settings{Title: "Long"}, Entries: []*model.Entry{
		{Path: "a.md", Title: "Links", Authors: []model.Name{{Given: "Ann", Family: "Author"}}, Link: link, Type: "webpage",
			Quotes: []model.Quote{
				{ID: "q1", Line: 5, Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "markerone: the archive at " + long + " keeps every issue, and the word " + word + " is long too."}}}}},
				{ID: "q2", Line: 7, Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: long}}}}},
			}},
	}}
	data := encode(t, "fortune", c, &Options{})
	for i, l := range strings.Split(string(data), "\n") {
		body := strings.TrimPrefix(strings.TrimSpace(l), "-- ")
		if cols(l) > FortuneWidth && strings.ContainsAny(body, " \t") {
			t.Errorf("line %d is %d columns and holds more than one token: %q", i+1, cols(l), l)
		}
	}
	for _, tok := range []string{long, word, link} {
		if !regexp.MustCompile(`(?m)^\s*(-- )?` + regexp.QuoteMeta(tok) + `[.,]?$`).Match(data) {
			t.Errorf("%q is not whole on a line of its own:\n%s", tok, data)
		}
	}
	fortune := "/usr/games/fortune"
	if _, err := os.Stat(fortune); err != nil {
		t.Skip("fortune not installed (apt-get install fortune-mod)")
	}
	db := filepath.Join(t.TempDir(), "quotes")
	var dat bytes.Buffer
	if err := WriteDat(&dat, data); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(db, data, 0o644)
	os.WriteFile(db+".dat", dat.Bytes(), 0o644)
	// fortune -m prints the matching records (and exits 1 even then)
	out, _ := exec.Command(fortune, "-m", "markerone", db).Output()
	for _, tok := range []string{long, word, link} {
		if !strings.Contains(string(out), tok) {
			t.Errorf("fortune did not print %q whole:\n%s", tok, out)
		}
	}
	for i := 0; i < 10; i++ {
		out, err := exec.Command(fortune, db).Output()
		if err != nil || !strings.Contains(string(out), long) {
			t.Fatalf("fortune %s: %v\n%s", db, err, out)
		}
	}
}
