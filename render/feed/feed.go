// Package feed renders quote-of-the-day feeds: plain text ("text"), a
// fortune(6) database of the whole pool ("fortune"), RSS 2.0 ("rss"), Atom
// ("atom") and JSON Feed 1.1 ("json"). Which quote belongs to which day is
// decided by package daily; this package only presents the days.
//
// Each format has an Encode function taking an *Options whose zero value
// means defaults, and a Renderer type that maps render.Options onto it.
// The days of a window are the Days calendar days ending at Date, in
// Location. Feeds list their items newest first (as feed readers and
// RSS-to-email tools expect); every item is dated by its own day at the
// configured hour, so item dates increase by one day per day, and its
// GUID (base URL + "#" + YYYY-MM-DD) never changes for that day.
package feed

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// Options select the days of a feed and how they look. The zero value
// means: today, the format's default window, the collection's settings.
type Options struct {
	// Date is the last day of the window: its calendar date as written
	// (in its own location) is used. Zero means today in Location: the
	// date of Now there, or of the clock when Now is zero too.
	Date time.Time
	// Now pins "now" (render.Options.Now, from SOURCE_DATE_EPOCH) for a
	// zero Date.
	Now time.Time
	// Days is the window length. 0 means 1 for text and the settings'
	// feed.days (default 30) for rss, atom and json.
	Days int
	// Width wraps text. 0 means the settings' feed.width (default 72), a
	// negative width means no wrapping. Fortune lines never exceed 80
	// columns whatever the width, but for a single word or URL longer
	// than that, alone on its line (never split).
	Width int
	// Style is the citation style; "" means the collection's.
	Style string
	// Filter selects the pool.
	Filter daily.Filter
	// History is the path of the history file; "" means the settings'
	// feed.history (relative to the collection root), and no history when
	// that is empty too. Fortune never reads or writes a history.
	History string
	// Location is the time zone of calendar days; nil means the settings'
	// feed.tz, else the local zone.
	Location *time.Location
	// Force lets a run record more than daily.MaxNewDays new days.
	Force bool
	// Issued is the schedule resolved once for the whole run (by
	// Resolve); when set, the renderer shows its last days and neither
	// reads nor writes the history. Nil means the renderer resolves the
	// days itself.
	Issued *daily.Issued
	// MaxGraphemes is the longest post, in grapheme clusters; 0 means
	// the settings' feed.max_graphemes, else 300 (Bluesky's limit).
	MaxGraphemes int
	// CardWidth and CardHeight are the card's size in pixels; 0 means the
	// settings' feed.card_size, else 1080×1080.
	CardWidth, CardHeight int
	// Image is the file name of the day's card beside the feeds (build
	// sets it when it writes one): with a base URL, the feeds' item of
	// that day refer to it (BASE/NAME) when it shows that day's quote.
	Image string
	// Shared computes the card once per run, for the card and the feeds
	// that refer to it; nil computes it where it is needed.
	Shared *render.Shared
	// Warn receives non-fatal problems; nil drops them.
	Warn func(model.Problem)
	// Note receives informational messages (how many quotes of the pool
	// fit a post); nil drops them.
	Note func(string)
}

// FromRender maps render.Options onto Options.
func FromRender(o render.Options) *Options {
	f := o.Feed
	return &Options{
		Date:  f.Date,
		Now:   o.Now,
		Days:  f.Days,
		Width: f.Width,
		Style: o.Style,
		Filter: daily.Filter{Category: f.Category, Tag: f.Tag, Author: f.Author, Lang: f.Lang,
			MaxChars: f.MaxChars, MinChars: f.MinChars},
		History:  f.History,
		Location: f.Location,
		Force:    f.Force,
		Issued:   f.Issued,
		Warn:     o.Warn,
		Note:     f.Note,

		MaxGraphemes: f.MaxGraphemes,
		CardWidth:    f.CardWidth,
		CardHeight:   f.CardHeight,
		Image:        f.Image,
		Shared:       o.Shared,
	}
}

// ErrNoLink is returned for RSS and Atom when the settings give neither
// feed.link nor feed.base_url: both formats require a channel link.
var ErrNoLink = errors.New("RSS and Atom need a link: set feed.link or feed.base_url (an http or https URL) in commonplace.yaml")

// badURL returns why v is not an absolute http or https URL, or "".
func badURL(v string) string {
	u, err := url.Parse(v)
	switch {
	case err != nil:
		return "is not a URL"
	case u.Scheme != "http" && u.Scheme != "https":
		return "is not an http or https URL"
	case u.Host == "":
		return "has no host"
	}
	return ""
}

// checkURLs validates the feed settings' URLs.
func checkURLs(fs model.FeedSettings) error {
	for _, f := range []struct{ key, v string }{{"feed.link", fs.Link}, {"feed.base_url", fs.BaseURL}, {"feed.item_url", fs.ItemURL}} {
		v := strings.TrimSpace(f.v)
		if v == "" {
			continue
		}
		if f.key == "feed.item_url" {
			if !strings.Contains(v, "{date}") {
				return fmt.Errorf("feed: settings %s %q has no {date}: every day needs its own page", f.key, v)
			}
			v = strings.ReplaceAll(v, "{date}", "2006-01-02")
		}
		if why := badURL(v); why != "" {
			return fmt.Errorf("feed: settings %s %q %s", f.key, f.v, why)
		}
	}
	return nil
}

// SettingsProblems returns what `check` reports about the feed settings
// of c: a link that is not http or https (an error), and no feed.link nor
// feed.base_url while the build outputs include RSS or Atom (a warning:
// they need one; JSON Feed may do without). Each names commonplace.yaml and the line of the setting when
// it can be found.
func SettingsProblems(c *model.Collection) []model.Problem {
	fs := c.Settings.Feed
	var out []model.Problem
	lineOf := func(key string) int { return c.Settings.Line("feed." + key) }
	for _, f := range []struct{ key, v string }{{"link", fs.Link}, {"base_url", fs.BaseURL}, {"item_url", fs.ItemURL}} {
		one := model.FeedSettings{}
		switch f.key {
		case "link":
			one.Link = f.v
		case "base_url":
			one.BaseURL = f.v
		default:
			one.ItemURL = f.v
		}
		if err := checkURLs(one); err != nil {
			out = append(out, model.Problem{Path: model.SettingsFile, Line: lineOf(f.key), Severity: model.Error,
				Message: strings.TrimPrefix(err.Error(), "feed: settings ")})
		}
	}
	wants := len(c.Settings.Build.Outputs) == 0 // the default outputs include both
	for _, o := range c.Settings.Build.Outputs {
		wants = wants || o == "rss" || o == "atom"
	}
	if wants && strings.TrimSpace(fs.Link) == "" && strings.TrimSpace(fs.BaseURL) == "" {
		out = append(out, model.Problem{Path: model.SettingsFile, Severity: model.Warning,
			Message: "no feed.link or feed.base_url: RSS and Atom feeds need one (JSON Feed and the other outputs do not)"})
	}
	return out
}

// setup is everything a format needs, resolved from options and settings.
type setup struct {
	c        *model.Collection
	o        Options
	settings model.Settings
	style    string
	width    int // <= 0: no wrap
	loc      *time.Location
	hour     int
	last     daily.Day
	today    daily.Day
	sched    *daily.Schedule
	cites    map[citeKey][]model.Run
	posts    map[*model.Quote]*postPart
}

func newSetup(c *model.Collection, o *Options) (*setup, error) {
	if c == nil {
		return nil, fmt.Errorf("feed: no collection")
	}
	if o == nil {
		o = &Options{}
	}
	s := &setup{c: c, o: *o, settings: c.Settings.Defaults()}
	s.style = o.Style
	if s.style == "" {
		s.style = s.settings.Style
	}
	if !knownStyle(s.style) {
		return nil, fmt.Errorf("feed: unknown citation style %q (known: %s)", s.style, strings.Join(model.Styles, ", "))
	}
	switch {
	case o.Width < 0:
		s.width = 0
	case o.Width > 0:
		s.width = o.Width
	default:
		s.width = s.settings.Feed.Width
	}
	s.loc = o.Location
	if s.loc == nil && s.settings.Feed.TZ != "" {
		loc, err := time.LoadLocation(s.settings.Feed.TZ)
		if err != nil {
			return nil, fmt.Errorf("feed: time zone %q in settings: %w", s.settings.Feed.TZ, err)
		}
		s.loc = loc
	}
	if s.loc == nil {
		s.loc = time.Local
	}
	s.hour = 6
	if h := s.settings.Feed.Hour; h != nil {
		if *h >= 0 && *h <= 23 {
			s.hour = *h
		} else {
			s.warn("commonplace.yaml", 0, "feed.hour %d is not an hour of the day (0–23); using 6", *h)
		}
	}
	if o.Now.IsZero() {
		s.today = daily.DayOf(time.Now().In(s.loc))
	} else {
		s.today = daily.DayOf(o.Now.In(s.loc))
	}
	s.last = s.today
	if !o.Date.IsZero() {
		s.last = daily.DayOf(o.Date)
	}
	s.sched = daily.New(c, o.Filter, daily.Seed(c))
	return s, nil
}

// historyPath returns the history file to use, or "".
func (s *setup) historyPath() string {
	if s.o.History != "" {
		return s.o.History
	}
	if h := s.settings.Feed.History; h != "" {
		if filepath.IsAbs(h) || s.c.Root == "" {
			return h
		}
		return filepath.Join(s.c.Root, h)
	}
	return ""
}

// picks returns the last n days of the window, oldest first: from the
// schedule resolved for the run when there is one, else resolved here
// (recording them in the history when there is one).
func (s *setup) picks(n int) ([]daily.Pick, error) {
	is := s.o.Issued
	if is == nil {
		var err error
		if is, err = s.resolve(n); err != nil {
			return nil, err
		}
	}
	picks := append([]daily.Pick(nil), is.Last(n)...)
	for i := range picks {
		if !picks[i].Found() {
			continue
		}
		it, err := s.full(picks[i].Item)
		if err != nil {
			return nil, err
		}
		picks[i].Item = it
	}
	return picks, nil
}

// full returns it with its entry whole: a collection loaded lazily
// (model.LoadOptions.Lazy) gives the schedule entries without bodies, and
// only the days shown need theirs.
func (s *setup) full(it daily.Item) (daily.Item, error) {
	if !s.c.IsLazy() {
		return it, nil
	}
	e, err := s.c.Full(it.Entry)
	if err != nil {
		return it, fmt.Errorf("feed: %w", err)
	}
	for i := range it.Entry.Quotes {
		if &it.Entry.Quotes[i] == it.Quote {
			it.Entry, it.Quote = e, &e.Quotes[i]
			return it, nil
		}
	}
	return it, fmt.Errorf("feed: quote %s not found in %s", it.Quote.ID, it.Entry.Path)
}

// resolve issues the n days ending at s.last with the history.
func (s *setup) resolve(n int) (*daily.Issued, error) {
	var h *daily.History
	if p := s.historyPath(); p != "" {
		var err error
		if h, err = daily.OpenHistory(p); err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		defer h.Close()
	}
	is, err := s.sched.Issue(daily.Window{Last: s.last, Days: n, Today: s.today, Force: s.o.Force}, h)
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	if err := h.Close(); err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	for _, p := range is.Warnings {
		if s.o.Warn != nil {
			s.o.Warn(p)
		}
	}
	return is, nil
}

// Resolve resolves the schedule of a run once: the days ending at o.Date
// (default today) — days of them, at least 1 — with the history, which
// it reads and writes. Pass the result as Options.Issued to every output
// of the run, so that they show the same days and the history is read and
// written once. Warnings go to o.Warn.
func Resolve(c *model.Collection, o *Options, days int) (*daily.Issued, error) {
	s, err := newSetup(c, o)
	if err != nil {
		return nil, err
	}
	s.o.Issued = nil
	return s.resolve(max(days, 1))
}

// WindowDays returns the window of the rss, atom and json feeds: days
// when positive, else the settings' feed.days, else 30.
func WindowDays(c *model.Collection, days int) int {
	if days > 0 {
		return days
	}
	if c != nil && c.Settings.Feed.Days > 0 {
		return c.Settings.Feed.Days
	}
	return 30
}

func (s *setup) warn(path string, line int, format string, args ...any) {
	if s.o.Warn != nil {
		s.o.Warn(model.Problem{Path: path, Line: line, Severity: model.Warning, Message: fmt.Sprintf(format, args...)})
	}
}

// citeKey is an entry and the page of a quote (a quote's location gives
// its page to the citation).
type citeKey struct {
	e     *model.Entry
	page  string
	style string
}

// cite returns the citation of quote q of e in the setup's style (built
// once per entry and page: a fortune database cites an entry once per
// quote).
func (s *setup) cite(e *model.Entry, q *model.Quote) ([]model.Run, error) {
	return s.citeIn(e, q, s.style)
}

// citeIn returns the citation of quote q of e in a style, as cite does.
func (s *setup) citeIn(e *model.Entry, q *model.Quote, style string) ([]model.Run, error) {
	if !knownStyle(style) {
		return nil, fmt.Errorf("feed: unknown citation style %q (known: %s)", style, strings.Join(model.Styles, ", "))
	}
	k := citeKey{e, model.QuotePage(*q), style}
	if runs, ok := s.cites[k]; ok {
		return runs, nil
	}
	runs, err := model.CiteQuote(e, *q, style)
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	runs = textRuns(runs)
	if s.cites == nil {
		s.cites = map[citeKey][]model.Run{}
	}
	s.cites[k] = runs
	return runs, nil
}

// byline names the authors of e for item titles: "Ahmed Rashid", "A and
// B", "A et al.", else the source's title.
func byline(e *model.Entry) string {
	var s string
	switch n := len(e.Authors); {
	case n == 1:
		s = e.Authors[0].String()
	case n == 2:
		s = e.Authors[0].String() + " and " + e.Authors[1].String()
	case n > 2:
		s = e.Authors[0].String() + " et al."
	default:
		s = e.Title
	}
	return clean(stripTags(s))
}

// marks returns the typographic quotation marks of a language.
func marks(lang string) (open, close string) {
	l := strings.ToLower(lang)
	if i := strings.IndexAny(l, "-_"); i >= 0 {
		l = l[:i]
	}
	switch l {
	case "de", "cs", "sk", "sl", "hr", "bg", "lt", "is", "et", "ka":
		return "„", "“"
	case "fr":
		return "«\u00a0", "\u00a0»"
	case "ru", "uk", "be", "el", "es", "it", "pt", "ca", "no", "nb", "nn", "ar", "fa", "hy", "az", "uz", "kk":
		return "«", "»"
	case "pl", "hu", "ro":
		return "„", "”"
	case "ja":
		return "「", "」"
	case "sv", "fi":
		return "”", "”"
	}
	return "“", "”"
}

func knownStyle(st string) bool {
	for _, k := range model.Styles {
		if k == st {
			return true
		}
	}
	return false
}
