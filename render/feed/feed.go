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
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// Options control the Encode functions. The zero value renders with the
// collection's feed: section, today.
type Options struct {
	// Config is the feed: section resolved, with the run's choices
	// (Date, Filter, Force, Issued); nil means the collection's, as
	// ParseConfig resolves it.
	*Config
	// Now pins "now" (render.Options.Now, from SOURCE_DATE_EPOCH) for a
	// zero Date.
	Now time.Time
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

// options returns the Options of a render: the feed config in o.Configs,
// else the collection's; the card's file name when the build writes one
// (o.Files["card"]), the run's shared values and its Note.
func options(c *model.Collection, o render.Options) (*Options, error) {
	cfg, err := render.ConfigOf(c, o, Section, ParseConfig)
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	return &Options{Config: &cfg, Now: o.Now, Warn: o.Warn, Note: o.Note, Image: o.Files["card"], Shared: o.Shared}, nil
}

// Section is the key of the settings section the feed formats share.
const Section = "feed"

// ErrNoLink is returned for RSS and Atom when the settings give neither
// feed.link nor feed.base_url: both formats require a channel link.
var ErrNoLink = errors.New("RSS and Atom need a link: feed.link is not set (add feed.link or feed.base_url, an http or https URL, to commonplace.yaml)")

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

// setup is everything a format needs, resolved from options and settings.
type setup struct {
	c        *model.Collection
	o        Options
	cfg      Config
	settings model.Settings // the collection-wide settings with defaults
	style    string
	width    int // <= 0: no wrap
	loc      *time.Location
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
	if o.Config == nil {
		cfg, probs := ParseConfig(c)
		if err := model.ErrorOf(probs); err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		s.o.Config = &cfg
	}
	s.cfg = *s.o.Config
	s.style = s.settings.Style
	if !knownStyle(s.style) {
		return nil, fmt.Errorf("feed: unknown citation style %q (known: %s)", s.style, strings.Join(model.Styles, ", "))
	}
	if !s.cfg.NoWrap {
		s.width = s.cfg.Width
	}
	s.loc = s.cfg.Location
	if s.loc == nil {
		return nil, fmt.Errorf("feed: no time zone in the config")
	}
	if o.Now.IsZero() {
		s.today = daily.DayOf(time.Now().In(s.loc))
	} else {
		s.today = daily.DayOf(o.Now.In(s.loc))
	}
	s.last = s.today
	if !s.cfg.Date.IsZero() {
		s.last = daily.DayOf(s.cfg.Date)
	}
	s.sched = daily.New(c, s.cfg.Filter, s.cfg.Seed)
	return s, nil
}

// picks returns the last n days of the window, oldest first: from the
// schedule resolved for the run when there is one, else resolved here
// (recording them in the history when there is one).
func (s *setup) picks(n int) ([]daily.Pick, error) {
	is := s.cfg.Issued
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
	if p := s.cfg.History; p != "" {
		var err error
		if h, err = daily.OpenHistory(p); err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		defer h.Close()
	}
	is, err := s.sched.Issue(daily.Window{Last: s.last, Days: n, Today: s.today, Force: s.cfg.Force}, h)
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
	s.cfg.Issued = nil
	return s.resolve(max(days, 1))
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
	k := citeKey{e, model.QuotePage(*q), style}
	if runs, ok := s.cites[k]; ok {
		return runs, nil
	}
	runs, err := citeOnce(e, q, style)
	if err != nil {
		return nil, err
	}
	if s.cites == nil {
		s.cites = map[citeKey][]model.Run{}
	}
	s.cites[k] = runs
	return runs, nil
}

// citeOnce returns the citation of quote q of e in a style, not kept
// (citeIn keeps it, and e with it).
func citeOnce(e *model.Entry, q *model.Quote, style string) ([]model.Run, error) {
	if !knownStyle(style) {
		return nil, fmt.Errorf("feed: unknown citation style %q (known: %s)", style, strings.Join(model.Styles, ", "))
	}
	runs, err := model.CiteQuote(e, *q, style)
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	return textRuns(runs), nil
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
