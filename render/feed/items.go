package feed

import (
	"crypto/sha1"
	"fmt"
	"html"
	"net/mail"
	"path/filepath"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// item is one day of a feed, ready for any syndication format.
type item struct {
	Day     daily.Day
	Time    time.Time // the day at the configured hour, in the zone
	GUID    string
	Title   string
	Link    string // the day's own page, else the source
	Page    string // the day's own page (BASE/quotes/DATE/ or feed.item_url), or ""
	Source  string // the source's URL, or ""
	HTML    string
	Text    string
	Lang    string
	Dir     string
	Tags    []string
	Authors []string // the quoted authors
	// Image is the URL of the day's card and ImageSize its size in
	// bytes, when the build writes a card of this day's quote.
	Image     string
	ImageSize int
}

// channel is the feed-level description.
type channel struct {
	Title, Link, Description, Language string
	AuthorName, AuthorEmail            string
	Self                               string // the feed's own URL, or ""
	ID                                 string
	Updated                            time.Time
	Items                              []item // newest first
}

// feedItems resolves the window and builds the channel for format
// ("rss", "atom" or "json").
func (s *setup) channel(format string) (*channel, error) {
	picks, err := s.picks(s.cfg.Days)
	if err != nil {
		return nil, err
	}
	fs := s.cfg
	if firstNonEmpty(fs.Link, fs.BaseURL) == "" && (format == "rss" || format == "atom") {
		return nil, fmt.Errorf("feed: %s: %w", format, ErrNoLink)
	}
	ch := &channel{
		Title:       fs.Title,
		Link:        firstNonEmpty(fs.Link, fs.BaseURL),
		Description: fs.Description,
		Language:    s.settings.Language,
	}
	ch.AuthorName, ch.AuthorEmail = parseAuthor(fs.Author)
	if fs.BaseURL != "" {
		name := s.settings.Build.Names[format]
		if name == "" {
			name = map[string]string{"rss": "feed.xml", "atom": "atom.xml", "json": "feed.json"}[format]
		}
		ch.Self = strings.TrimSuffix(fs.BaseURL, "/") + "/" + name
	}
	base := firstNonEmpty(fs.BaseURL, fs.Link)
	ch.ID = firstNonEmpty(base, s.urn(""))
	for i := len(picks) - 1; i >= 0; i-- {
		p := picks[i]
		if !p.Found() {
			continue // warned about in picks
		}
		it, err := s.item(p, base)
		if err != nil {
			return nil, err
		}
		ch.Items = append(ch.Items, it)
	}
	s.addCard(ch)
	ch.Updated = s.last.Time(s.loc, s.cfg.Hour)
	if len(ch.Items) > 0 {
		ch.Updated = ch.Items[0].Time
	}
	return ch, nil
}

// urn returns a name-based UUID URN for the feed (day "") or one of its
// days, stable for the collection's seed.
func (s *setup) urn(day string) string {
	sum := sha1.Sum([]byte("commonplace\x00" + s.cfg.Seed + "\x00" + day))
	sum[6] = sum[6]&0x0f | 0x50 // version 5
	sum[8] = sum[8]&0x3f | 0x80 // RFC 4122 variant
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
}

// item builds the feed item of a day.
func (s *setup) item(p daily.Pick, base string) (item, error) {
	e, q := p.Item.Entry, p.Item.Quote
	date := p.Day.String()
	it := item{Day: p.Day, Time: p.Day.Time(s.loc, s.cfg.Hour), Lang: p.Item.Lang, Dir: q.Dir, Tags: e.Tags}
	if base != "" {
		it.GUID = base + "#" + date
	} else {
		it.GUID = s.urn(date)
	}
	it.Title = "Quote for " + p.Day.Long()
	if by := byline(e); by != "" {
		it.Title += " — " + by
	}
	for _, a := range e.Authors {
		if n := clean(stripTags(a.String())); n != "" {
			it.Authors = append(it.Authors, n)
		}
	}
	it.Page = s.pageURL(base, date)
	it.Source = e.Link
	it.Link = firstNonEmpty(it.Page, it.Source)
	cite, err := s.cite(e, p.Item.Quote)
	if err != nil {
		return item{}, err
	}
	// HTML: the quote, the citation, the source link.
	var h strings.Builder
	h.WriteString("<blockquote")
	if it.Lang != "" {
		h.WriteString(` lang="` + html.EscapeString(it.Lang) + `"`)
	}
	if q.Dir == "rtl" {
		h.WriteString(` dir="rtl"`)
	}
	h.WriteString(">")
	notes := blocksHTML(&h, e, q.Blocks)
	h.WriteString("</blockquote>\n")
	for _, n := range notes {
		h.WriteString(`<p><small><sup>` + html.EscapeString(n.Label) + "</sup> ")
		for i, b := range n.Blocks {
			if i > 0 {
				h.WriteString(" ")
			}
			h.WriteString(model.HTML(textRuns(dropNotes(b.Runs)), nil))
		}
		h.WriteString("</small></p>\n")
	}
	h.WriteString("<p>— " + model.HTML(cite, nil) + "</p>\n")
	plainCite := clean(model.Plain(cite))
	if e.Link != "" && !strings.Contains(plainCite, e.Link) {
		h.WriteString(`<p><a href="` + html.EscapeString(e.Link) + `">Read the source</a></p>` + "\n")
	}
	it.HTML = xmlSafe(h.String())
	// Text: the same, unwrapped.
	lines := quoteLines(e, q, it.Lang, 0, true)
	lines = append(lines, "— "+plainCite)
	if e.Link != "" && !strings.Contains(plainCite, e.Link) {
		lines = append(lines, "", e.Link)
	}
	it.Text = xmlSafe(strings.Join(lines, "\n"))
	return it, nil
}

// pageURL returns the page of a day: feed.item_url with {date} replaced,
// else BASE/quotes/DATE/, or "" without a base URL.
func (s *setup) pageURL(base, date string) string {
	if p := s.cfg.ItemURL; p != "" {
		return strings.ReplaceAll(p, "{date}", date)
	}
	if base == "" {
		return ""
	}
	return strings.TrimSuffix(base, "/") + "/quotes/" + date + "/"
}

// blocksHTML writes the blocks as HTML (consecutive list items in one
// list) and returns the footnotes they refer to, in order.
func blocksHTML(h *strings.Builder, e *model.Entry, blocks []model.Block) []model.Note {
	var notes []model.Note
	label := func(id string) string {
		for _, n := range e.Notes {
			if n.ID == id {
				return n.Label
			}
		}
		return ""
	}
	inline := func(runs []model.Run) string {
		var b strings.Builder
		for _, r := range textRuns(runs) {
			if r.Note != "" {
				l := label(r.Note)
				if l == "" {
					continue
				}
				for _, n := range e.Notes {
					if n.ID == r.Note {
						notes = append(notes, n)
						break
					}
				}
				b.WriteString("<sup>" + html.EscapeString(l) + "</sup>")
				continue
			}
			b.WriteString(model.HTML([]model.Run{r}, nil))
		}
		return b.String()
	}
	// Lists nest as the Markdown nests them; an item's later paragraphs
	// (More) are paragraphs of the item.
	var lists books.Lists
	for _, b := range blocks {
		if b.Kind != "li" {
			lists.Close(h, 0)
		}
		switch b.Kind {
		case "li":
			if lists.Item(h, b) {
				h.WriteString("<p>" + inline(b.Runs) + "</p>")
			} else {
				h.WriteString(inline(b.Runs))
			}
		case "h":
			h.WriteString("<p><strong>" + inline(b.Runs) + "</strong></p>")
		case "pre":
			if b.Table != nil {
				books.WriteTable(h, b.Table, false, func(w *strings.Builder, s string) { w.WriteString(html.EscapeString(s)) })
				break
			}
			h.WriteString("<pre>" + html.EscapeString(model.Plain(b.Runs)) + "</pre>")
		case "hr":
			h.WriteString("<hr/>")
		default:
			h.WriteString("<p>" + inline(b.Runs) + "</p>")
		}
	}
	lists.Close(h, 0)
	return notes
}

func dropNotes(runs []model.Run) []model.Run {
	out := make([]model.Run, 0, len(runs))
	for _, r := range runs {
		if r.Note == "" {
			out = append(out, r)
		}
	}
	return out
}

// parseAuthor splits "Name <email>" (or a bare address or name).
func parseAuthor(s string) (name, email string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	if a, err := mail.ParseAddress(s); err == nil {
		return a.Name, a.Address
	}
	return s, ""
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// xmlSafe drops the characters XML 1.0 does not allow (C0 controls other
// than tab, newline and carriage return; U+FFFE, U+FFFF) and replaces
// invalid UTF-8, so that CDATA sections stay well-formed.
func xmlSafe(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}

// addCard refers the item of the card's day to the card (Options.Image)
// when there is a base URL and the card shows that day's quote.
func (s *setup) addCard(ch *channel) {
	base := s.cfg.BaseURL
	if s.o.Image == "" || base == "" {
		return
	}
	cd, err := s.card()
	if err != nil || cd.Moved {
		return // the card output reports its own error
	}
	for i := range ch.Items {
		it := &ch.Items[i]
		if it.Day == cd.Day {
			it.Image = strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(filepath.ToSlash(s.o.Image), "/")
			it.ImageSize = len(cd.PNG)
		}
	}
}
