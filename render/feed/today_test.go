package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math/rand"
	"mime"
	"mime/multipart"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-text/typesetting/segmenter"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/internal/raster"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

func TestGraphemes(t *testing.T) {
	for s, want := range map[string]int{
		"":                    0,
		"abc":                 3,
		"e\u0301":             1, // e + combining acute
		"👍🏽":                  1, // emoji + skin tone
		"👩‍👩‍👧":               1, // family (ZWJ sequence)
		"🇫🇷":                  1, // flag
		"क्षि":                1, // Devanagari conjunct with its vowel sign
		"한국어":                 3,
		"a\r\nb":              3, // CR LF is one
		"بِسْمِ":              3, // letters with their marks
		"https://example.org": 19,
	} {
		if got := Graphemes(s); got != want {
			t.Errorf("Graphemes(%q) = %d, want %d", s, got, want)
		}
	}
}

// TestGraphemesFastPath checks the count without the segmenter (text of
// characters that stand alone) against the segmenter's, on text mixing
// those characters with ones that join.
func TestGraphemesFastPath(t *testing.T) {
	slow := func(s string) int {
		var seg segmenter.Segmenter
		seg.Init([]rune(s))
		it := seg.GraphemeIterator()
		n := 0
		for it.Next() {
			n++
		}
		return n
	}
	alone := []rune("aZ9 .,;“”«»\r\n\t\u00ad\u00a0éßŁǅΩωЖж\u1f00ẞ\u2014\u2026€™→∑★☺\u3001あア漢字한\uff01")
	joins := []rune("\u0301\u200d\u200c\ufe0f\U0001f3fd\U0001f1eb\u0915\u094d\u1100\u1161\u0483\u3099\uff9e\u0600")
	r := rand.New(rand.NewSource(1))
	for i := 0; i < 3000; i++ {
		var b []rune
		for k := r.Intn(12); k >= 0; k-- {
			if r.Intn(5) == 0 {
				b = append(b, joins[r.Intn(len(joins))])
			} else {
				b = append(b, alone[r.Intn(len(alone))])
			}
		}
		if got, want := Graphemes(string(b)), slow(string(b)); got != want {
			t.Fatalf("Graphemes(%+q) = %d, segmenter %d", string(b), got, want)
		}
	}
	for _, c := range alone {
		if !oneCluster(c) && c != '\u00ad' {
			t.Errorf("%U is not on the fast path", c)
		}
	}
}

// dayOpts returns options for the one day d (2026-11-24 + k days), with
// c's feed: section.
func dayOpts(c *model.Collection, k int) *Options {
	cfg, probs := ParseConfig(c)
	if err := model.ErrorOf(probs); err != nil {
		panic(err)
	}
	cfg.Date, cfg.Location = time.Date(2026, 11, 24+k, 0, 0, 0, 0, time.UTC), time.UTC
	return &Options{Config: &cfg}
}

// quoteText returns the plain text of the quote of day o.Date, as the text
// format shows it.
func quoteText(t *testing.T, c *model.Collection, o *Options) []string {
	t.Helper()
	var b bytes.Buffer
	oo := *o
	cfg := *o.Config
	cfg.NoWrap = true
	oo.Config = &cfg
	if err := EncodeText(&b, c, &oo); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
	return lines[:len(lines)-1] // without the citation
}

func TestPostFitsWhole(t *testing.T) {
	c := rendertest.LoadSamples(t)
	pool := daily.Pool(c, daily.Filter{})
	for _, limit := range []int{300, 500, 140} {
		// How many fit, counted here the slow way.
		var want int
		s, err := newSetup(c, dayOpts(c, 0))
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range pool {
			text, err := s.postText(it, "")
			if err != nil {
				t.Fatal(err)
			}
			if Graphemes(text) <= limit {
				want++
			}
		}
		same, moved := 0, 0
		for k := 0; k < 25; k++ {
			o := dayOpts(c, k)
			o.MaxGraphemes = limit
			var notes []string
			o.Note = func(m string) { notes = append(notes, m) }
			var warns []model.Problem
			o.Warn = func(p model.Problem) { warns = append(warns, p) }
			var b bytes.Buffer
			if err := EncodePost(&b, c, o); err != nil {
				t.Fatalf("limit %d day %d: %v", limit, k, err)
			}
			post := strings.TrimSuffix(b.String(), "\n")
			if n := Graphemes(post); n > limit {
				t.Errorf("limit %d day %d: post of %d graphemes:\n%s", limit, k, n, post)
			}
			if len(notes) != 1 || notes[0] != fmt.Sprintf("%d of %d quotes of the pool fit in a post of %d graphemes", want, len(pool), limit) {
				t.Errorf("limit %d: notes %q, want %d of %d", limit, notes, want, len(pool))
			}
			if !strings.Contains(post, "\n— ") {
				t.Errorf("limit %d day %d: no citation:\n%s", limit, k, post)
			}
			ds, _ := newSetup(c, dayOpts(c, k))
			p, err := ds.dayPick()
			if err != nil {
				t.Fatal(err)
			}
			dayLink := "https://example.org/commonplace/quotes/" + p.Day.String() + "/"
			dayPost, _ := ds.postText(p.Item, dayLink)
			if Graphemes(dayPost) <= limit {
				// The day's quote, linking to the day's page.
				same++
				if post != dayPost || len(warns) > 0 {
					t.Errorf("limit %d day %d: post\n%s\nwant\n%s\nwarnings %v", limit, k, post, dayPost, warns)
				}
				continue
			}
			// The day's quote fits without the day's page: it links to its
			// source instead, and that is said.
			if srcPost, _ := ds.postText(p.Item, ""); Graphemes(srcPost) <= limit {
				same++
				if post != srcPost || len(warns) != 1 || !strings.Contains(warns[0].Message, "links to the source") {
					t.Errorf("limit %d day %d: post\n%s\nwant\n%s\nwarnings %v", limit, k, post, srcPost, warns)
				}
				continue
			}
			// Another quote: the day's did not fit, and that is said; it
			// links to its source (if it has one), not to the day's page.
			moved++
			if len(warns) != 1 || !strings.Contains(warns[0].Message, "does not fit in a post") || strings.Contains(post, dayLink) {
				t.Errorf("limit %d day %d: warnings %v\n%s", limit, k, warns, post)
			}
		}
		if same == 0 || limit == 140 && moved == 0 {
			t.Errorf("limit %d: %d days with their own quote, %d moved", limit, same, moved)
		}
	}
	o := dayOpts(c, 0)
	o.MaxGraphemes = 10
	err := EncodePost(io.Discard, c, o)
	if !errors.Is(err, ErrNothingFits) || !strings.Contains(err.Error(), "10 graphemes") {
		t.Errorf("limit 10: %v", err)
	}
}

// TestPostDayQuoteWithoutPage: a quote counted as fitting (with its
// source's link, or none) is shown on its day even when the day page's
// address would make the post too long: it links to its source, with a
// warning, and a pool of that one quote is no error.
func TestPostDayQuoteWithoutPage(t *testing.T) {
	e, probs := model.ParseEntry("one.md", []byte("---\ntitle: One\nauthor: A Writer\ndate: 1900\n---\n\n\"Twenty-six letters, more or less: this quote is long enough to fit alone but not with a long link.\"\n"))
	if e == nil {
		t.Fatal(probs)
	}
	c := &model.Collection{Settings: model.Settings{Title: "T", Language: "en"}, Entries: []*model.Entry{e}}
	if err := c.Settings.Set("feed.base_url", "https://example.org/"+strings.Repeat("long/", 20)); err != nil {
		t.Fatal(err)
	}
	s, _ := newSetup(c, dayOpts(c, 0))
	p, err := s.dayPick()
	if err != nil {
		t.Fatal(err)
	}
	bare, _ := s.postText(p.Item, "")
	o := dayOpts(c, 0)
	o.MaxGraphemes = Graphemes(bare) + 5
	var notes []string
	o.Note = func(m string) { notes = append(notes, m) }
	var warns []model.Problem
	o.Warn = func(p model.Problem) { warns = append(warns, p) }
	var b bytes.Buffer
	if err := EncodePost(&b, c, o); err != nil {
		t.Fatalf("the one quote fits without the page: %v", err)
	}
	if got := strings.TrimSuffix(b.String(), "\n"); got != bare {
		t.Errorf("post\n%s\nwant\n%s", got, bare)
	}
	if len(notes) != 1 || !strings.HasPrefix(notes[0], "1 of 1 quotes") || len(warns) != 1 || !strings.Contains(warns[0].Message, "links to the source") {
		t.Errorf("notes %q, warnings %v", notes, warns)
	}
}

func TestPostShortCitationAndSettings(t *testing.T) {
	c := rendertest.LoadSamples(t)
	if err := c.Settings.Set("feed.max_graphemes", 500); err != nil {
		t.Fatal(err)
	}
	o := dayOpts(c, 3)
	var notes []string
	o.Note = func(m string) { notes = append(notes, m) }
	var b bytes.Buffer
	if err := EncodePost(&b, c, o); err != nil {
		t.Fatal(err)
	}
	if len(notes) != 1 || !strings.HasSuffix(notes[0], "a post of 500 graphemes") {
		t.Errorf("notes %q", notes)
	}
	// The short style: no publisher or place, as in `feed --style short`.
	s, _ := newSetup(c, o)
	p, err := s.dayPick()
	if err != nil {
		t.Fatal(err)
	}
	short, _ := s.citeIn(p.Item.Entry, p.Item.Quote, "short")
	if !strings.Contains(b.String(), "\n— "+clean(model.Plain(short))+"\n") {
		t.Errorf("post without the short citation %q:\n%s", model.Plain(short), b.String())
	}
}

func decodePNG(t *testing.T, data []byte) *image.RGBA {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, image.Point{}, draw.Src)
	return rgba
}

// inkBox returns the box of the dark pixels of img, and their number.
func inkBox(img *image.RGBA) (image.Rectangle, int) {
	var box image.Rectangle
	n := 0
	for y := 0; y < img.Bounds().Dy(); y++ {
		for x := 0; x < img.Bounds().Dx(); x++ {
			if img.RGBAAt(x, y).G < 110 {
				n++
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box, n
}

var writeCards = os.Getenv("COMMONPLACE_CARDS") // a folder to write the test cards to, to look at them

func TestCards(t *testing.T) {
	c := rendertest.LoadSamples(t)
	for _, tc := range []struct {
		lang string
		w, h int
		rtl  bool
	}{
		{"en", 0, 0, false}, {"ar", 0, 0, true}, {"zh", 0, 0, false}, {"el", 0, 0, false},
		{"en", 1080, 1350, false}, {"en", 1200, 630, false}, {"ar", 1200, 630, true},
	} {
		name := fmt.Sprintf("%s-%dx%d", tc.lang, tc.w, tc.h)
		o := dayOpts(c, 0)
		o.Filter.Lang = tc.lang
		if tc.w > 0 {
			o.CardWidth, o.CardHeight = tc.w, tc.h
		}
		var warns []model.Problem
		o.Warn = func(p model.Problem) { warns = append(warns, p) }
		var pngb, alt bytes.Buffer
		if err := EncodeCard(&pngb, &alt, c, o); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if writeCards != "" {
			os.WriteFile(filepath.Join(writeCards, name+".png"), pngb.Bytes(), 0o644)
		}
		img := decodePNG(t, pngb.Bytes())
		w, h := tc.w, tc.h
		if w == 0 {
			w, h = 1080, 1080
		}
		if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
			t.Errorf("%s: image %v", name, b)
		}
		// The text is there, inside the margins, and large.
		box, n := inkBox(img)
		m := int(float32(min(w, h)) * 0.075)
		if n < w*h/200 {
			t.Errorf("%s: %d dark pixels: text missing", name, n)
		}
		if box.Min.X < m-4 || box.Max.X > w-m+4 || box.Min.Y < m-4 || box.Max.Y > h-m+4 {
			t.Errorf("%s: ink %v outside the margins (%d)", name, box, m)
		}
		if tc.rtl && box.Max.X < w-m-10 {
			t.Errorf("%s: right-to-left quote not set from the right (ink %v)", name, box)
		}
		// The alt text is the quote (as the text format has it) and the
		// citation, in full.
		day := quoteText(t, c, o)
		if !strings.HasPrefix(alt.String(), strings.Join(day, "\n")+"\n— ") || len(warns) > 0 {
			t.Errorf("%s: alt text %q, warnings %v", name, alt.String(), warns)
		}
		// Deterministic bytes.
		if tc.w != 0 || tc.lang != "ar" {
			continue
		}
		var again bytes.Buffer
		if err := EncodeCard(&again, nil, c, o); err != nil || !bytes.Equal(again.Bytes(), pngb.Bytes()) {
			t.Errorf("%s: second card differs (%v)", name, err)
		}
	}
}

// longEntry is an entry with one quote of n words.
func longEntry(path string, n int) *model.Entry {
	words := strings.Repeat("word ", n)
	return &model.Entry{Path: path, Title: path, Authors: []model.Name{{Given: "A", Family: "Writer"}},
		Quotes: []model.Quote{{ID: "q-" + path, Line: 5, Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: words}}}}}}}
}

func TestCardNeverCuts(t *testing.T) {
	// Type shrinks for longer quotes; a quote too long at the smallest
	// size gives way to the next one of the schedule that fits.
	short := &model.Collection{Entries: []*model.Entry{longEntry("short.md", 12)}}
	mid := &model.Collection{Entries: []*model.Entry{longEntry("mid.md", 120)}}
	size := func(c *model.Collection) float32 {
		s, _ := newSetup(c, dayOpts(c, 0))
		cd, err := s.card()
		if err != nil {
			t.Fatal(err)
		}
		q, ct, _, _ := s.cardText(cd.Item)
		w, h := s.cfg.CardWidth, s.cfg.CardHeight
		ts, _ := raster.New()
		sc, ok := newCardLayout(ts, w, h, "T").fit(q, ct, cd.Item)
		if !ok {
			t.Fatal("does not fit")
		}
		return sc.quote.Size()
	}
	if a, b := size(short), size(mid); a <= b || b < 28 {
		t.Errorf("type %v for 12 words, %v for 120", a, b)
	}
	both := &model.Collection{Entries: []*model.Entry{longEntry("long.md", 2000), longEntry("short.md", 12)}}
	for k := 0; k < 2; k++ {
		var warns []model.Problem
		o := dayOpts(both, k)
		o.Warn = func(p model.Problem) { warns = append(warns, p) }
		var alt bytes.Buffer
		if err := EncodeCard(io.Discard, &alt, both, o); err != nil {
			t.Fatal(err)
		}
		if strings.Count(alt.String(), "word") != 12 {
			t.Errorf("day %d: card of %d words", k, strings.Count(alt.String(), "word"))
		}
		text := quoteText(t, both, dayOpts(both, k))
		if long := strings.Count(strings.Join(text, " "), "word") == 2000; long != (len(warns) == 1) {
			t.Errorf("day %d: long quote %v, warnings %v", k, long, warns)
		}
	}
	only := &model.Collection{Entries: []*model.Entry{longEntry("long.md", 2000)}}
	if err := EncodeCard(io.Discard, nil, only, dayOpts(only, 0)); !errors.Is(err, ErrNothingFits) {
		t.Errorf("only a long quote: %v", err)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string][2]int{"1080x1080": {1080, 1080}, "1200X630": {1200, 630}, " 1080 x 1350 ": {1080, 1350}} {
		w, h, err := ParseSize(in)
		if err != nil || w != want[0] || h != want[1] {
			t.Errorf("%q: %d %d %v", in, w, h, err)
		}
	}
	for _, in := range []string{"", "1080", "axb", "10x10", "5000x1000", "-1x-1"} {
		if _, _, err := ParseSize(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	c := rendertest.LoadSamples(t)
	if err := c.Settings.Set("feed.card_size", "1200x630"); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := EncodeCard(&b, nil, c, dayOpts(c, 0)); err != nil {
		t.Fatal(err)
	}
	if img := decodePNG(t, b.Bytes()); img.Bounds().Dx() != 1200 {
		t.Errorf("settings size: %v", img.Bounds())
	}
	if err := c.Settings.Set("feed.card_size", "big"); err != nil {
		t.Fatal(err)
	}
	if err := EncodeCard(io.Discard, nil, c, &Options{}); err == nil || !strings.Contains(err.Error(), "feed.card_size") {
		t.Errorf("bad settings size: %v", err)
	}
}

func TestFeedsReferToTheCard(t *testing.T) {
	c := rendertest.LoadSamples(t)
	o := opts(c, 5)
	o.Image = "today.png"
	o.Shared = &render.Shared{}
	var card bytes.Buffer
	if err := EncodeCard(&card, nil, c, o); err != nil {
		t.Fatal(err)
	}
	var f struct {
		Items []struct {
			Image string `json:"image"`
		} `json:"items"`
	}
	if err := json.Unmarshal(encode(t, "json", c, o), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 5 || f.Items[0].Image != "https://example.org/commonplace/today.png" || f.Items[1].Image != "" {
		t.Errorf("json items %+v", f.Items)
	}
	var rss struct {
		Items []struct {
			Enclosure *struct {
				URL    string `xml:"url,attr"`
				Length int    `xml:"length,attr"`
				Type   string `xml:"type,attr"`
			} `xml:"enclosure"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(encode(t, "rss", c, o), &rss); err != nil {
		t.Fatal(err)
	}
	if e := rss.Items[0].Enclosure; e == nil || e.Length != card.Len() || e.Type != "image/png" || rss.Items[1].Enclosure != nil {
		t.Errorf("rss enclosure %+v (card %d bytes)", e, card.Len())
	}
	// Without a base URL, or without a card in the build, no reference.
	o.Image = ""
	if strings.Contains(string(encode(t, "rss", c, o)), "enclosure") {
		t.Errorf("enclosure without a card")
	}
}

func TestEmailFragment(t *testing.T) {
	c := rendertest.LoadSamples(t)
	for _, lang := range []string{"en", "ar", "zh"} {
		o := dayOpts(c, 0)
		o.Filter.Lang = lang
		var b bytes.Buffer
		if err := EncodeEmail(&b, c, o); err != nil {
			t.Fatal(err)
		}
		frag := b.String()
		// Well-formed, one <div>, every element styled inline, nothing
		// that mail clients drop or block.
		dec := xml.NewDecoder(strings.NewReader(frag))
		depth, roots := 0, 0
		for {
			tok, err := dec.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: not well-formed: %v\n%s", lang, err, frag)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				if depth == 0 {
					roots++
				}
				depth++
				styled := false
				for _, a := range el.Attr {
					styled = styled || a.Name.Local == "style" && a.Value != ""
					if a.Name.Local == "class" || strings.HasPrefix(a.Name.Local, "on") {
						t.Errorf("%s: attribute %s", lang, a.Name.Local)
					}
				}
				switch el.Name.Local {
				case "style", "script", "img", "link", "head", "body", "html":
					t.Errorf("%s: element %s", lang, el.Name.Local)
				case "div", "blockquote", "p", "a", "ul", "li", "pre", "hr":
					if !styled {
						t.Errorf("%s: <%s> without inline style", lang, el.Name.Local)
					}
				}
			case xml.EndElement:
				depth--
			}
		}
		if roots != 1 {
			t.Errorf("%s: %d top-level elements", lang, roots)
		}
		day := quoteText(t, c, o)
		first := strings.Trim(strings.Fields(day[0])[0], "“”«»\"")
		if !strings.Contains(frag, first) || !strings.Contains(frag, "— ") || !strings.Contains(frag, `href="https://example.org/commonplace/quotes/2026-11-24/"`) {
			t.Errorf("%s: fragment lacks the quote %q, citation or link:\n%s", lang, first, frag)
		}
		if lang == "ar" && !strings.Contains(frag, `dir="rtl"`) {
			t.Errorf("ar: no dir=rtl:\n%s", frag)
		}
	}
	// Hostile links in a quote become text.
	bad := &model.Collection{Entries: []*model.Entry{{Path: "x.md", Title: "X", Link: "https://example.org/x",
		Quotes: []model.Quote{{ID: "q", Line: 1, Blocks: []model.Block{{Kind: "p", Runs: []model.Run{{Text: "click", Link: "javascript:alert(1)"}, {Text: " <b>and</b> ]]>"}}}}}}}}}
	var b bytes.Buffer
	if err := EncodeEmail(&b, bad, dayOpts(bad, 0)); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "javascript") || strings.Contains(b.String(), "<b>") {
		t.Errorf("hostile quote:\n%s", b.String())
	}
	if err := xml.Unmarshal(b.Bytes(), new(struct{})); err != nil {
		t.Errorf("hostile quote not well-formed: %v", err)
	}
}

func TestEMLMessage(t *testing.T) {
	c := rendertest.LoadSamples(t)
	for _, lang := range []string{"en", "ar", "zh", "el"} {
		o := dayOpts(c, 0)
		o.Filter.Lang = lang
		var b bytes.Buffer
		if err := EncodeEML(&b, c, o); err != nil {
			t.Fatal(err)
		}
		raw := b.Bytes()
		// RFC 5322: CRLF line ends, ASCII, lines of at most 78
		// characters.
		for i, l := range strings.Split(string(raw), "\r\n") {
			if len(l) > 78 || strings.ContainsAny(l, "\r\n") {
				t.Errorf("%s: line %d: %q", lang, i+1, l)
			}
			for _, r := range l {
				if r > 126 || r < 32 && r != '\t' {
					t.Errorf("%s: line %d has byte %U", lang, i+1, r)
					break
				}
			}
		}
		msg, err := mail.ReadMessage(bytes.NewReader(raw))
		if err != nil {
			t.Fatal(err)
		}
		dec := new(mime.WordDecoder)
		subject, err := dec.DecodeHeader(msg.Header.Get("Subject"))
		if err != nil || !strings.HasPrefix(subject, "Quote for 24 November 2026 — ") {
			t.Errorf("%s: subject %q (%v)", lang, subject, err)
		}
		if d, err := msg.Header.Date(); err != nil || !d.Equal(time.Date(2026, 11, 24, 6, 0, 0, 0, time.UTC)) {
			t.Errorf("%s: date %v (%v)", lang, d, err)
		}
		if from, err := mail.ParseAddress(msg.Header.Get("From")); err != nil || from.Address != "commonplace@example.org" {
			t.Errorf("%s: from %v (%v)", lang, from, err)
		}
		if id := msg.Header.Get("Message-ID"); !strings.HasPrefix(id, "<2026-11-24.") || !strings.HasSuffix(id, "@example.org>") {
			t.Errorf("%s: message id %q", lang, id)
		}
		mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
		if err != nil || mt != "multipart/alternative" {
			t.Fatalf("%s: content type %q (%v)", lang, mt, err)
		}
		mr := multipart.NewReader(msg.Body, params["boundary"])
		var parts []string
		var bodies []string
		for {
			p, err := mr.NextPart()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(p) // quoted-printable decoded by the reader
			if err != nil {
				t.Fatal(err)
			}
			parts = append(parts, p.Header.Get("Content-Type"))
			bodies = append(bodies, string(body))
		}
		if len(parts) != 2 || parts[0] != "text/plain; charset=utf-8" || parts[1] != "text/html; charset=utf-8" {
			t.Fatalf("%s: parts %q", lang, parts)
		}
		// The text part is the day as `feed` prints it, with the link;
		// the HTML part holds the email fragment.
		var text bytes.Buffer
		if err := EncodeText(&text, c, o); err != nil {
			t.Fatal(err)
		}
		want := strings.ReplaceAll(text.String(), "\n", "\r\n")
		if !strings.HasPrefix(bodies[0], want) || !strings.Contains(bodies[0], "https://example.org/commonplace/quotes/2026-11-24/") {
			t.Errorf("%s: text part\n%s\nwant\n%s", lang, bodies[0], want)
		}
		var frag bytes.Buffer
		if err := EncodeEmail(&frag, c, o); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(bodies[1], strings.ReplaceAll(frag.String(), "\n", "\r\n")) || !strings.HasPrefix(bodies[1], "<!DOCTYPE html>") {
			t.Errorf("%s: html part\n%s", lang, bodies[1])
		}
		var again bytes.Buffer
		if err := EncodeEML(&again, c, o); err != nil || !bytes.Equal(again.Bytes(), raw) {
			t.Errorf("%s: not deterministic", lang)
		}
	}
}

func TestFold(t *testing.T) {
	long := "Subject: " + strings.Repeat("word ", 30)
	for _, l := range strings.Split(fold(long), "\r\n") {
		if len(l) > 78 {
			t.Errorf("line of %d", len(l))
		}
	}
	if strings.ReplaceAll(fold(long), "\r\n", "") != long {
		t.Errorf("fold changed the text")
	}
}

// TestDayFormatsOnLazyCollection: a collection loaded without bodies
// (model.LoadOptions.Lazy, as `feed` loads it) gives the same post, card
// and email as one loaded whole: the quotes they look at are read whole.
func TestDayFormatsOnLazyCollection(t *testing.T) {
	whole := rendertest.LoadSamples(t)
	lazy, err := model.Load(rendertest.SamplesDir(t), model.LoadOptions{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 6; k++ {
		for _, f := range []struct {
			name string
			enc  func(io.Writer, *model.Collection, *Options) error
		}{
			{"post", EncodePost},
			{"email", EncodeEmail},
			{"card", func(w io.Writer, c *model.Collection, o *Options) error { return EncodeCard(io.Discard, w, c, o) }},
		} {
			o := dayOpts(whole, k)
			o.MaxGraphemes = 140 // some days' quotes do not fit: others are looked at
			var a, b bytes.Buffer
			var na, nb []string
			o.Note = func(m string) { na = append(na, m) }
			if err := f.enc(&a, whole, o); err != nil {
				t.Fatal(err)
			}
			o.Note = func(m string) { nb = append(nb, m) }
			if err := f.enc(&b, lazy, o); err != nil {
				t.Fatal(err)
			}
			if a.String() != b.String() || fmt.Sprint(na) != fmt.Sprint(nb) {
				t.Errorf("day %d %s: lazy gives\n%s %v\nwhole gives\n%s %v", k, f.name, b.String(), nb, a.String(), na)
			}
		}
	}
}
