package feed

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/internal/confine"
	"github.com/commonplace-book/commonplace/model"
)

// Config is the feed: section of commonplace.yaml, resolved — every field
// holds the value the feeds are made with — together with the choices
// of a run that only the command line makes (Date, Filter, Force) and
// the schedule resolved once for a run (Issued). Text, fortune, RSS, Atom
// and JSON Feed share it.
type Config struct {
	// Seed fixes the schedule (feed.seed; default the collection's title).
	Seed string
	// Location is the time zone of calendar days (feed.tz; default the
	// local zone).
	Location *time.Location
	// Hour is the hour of its day each item is dated at (feed.hour,
	// 0–23; default 6).
	Hour int
	// Days is the window of RSS, Atom and JSON Feed (feed.days, 1 to
	// daily.MaxWindowDays; default 30).
	Days int
	// TextDays is the window of text (default 1; only the command line's
	// --days changes it, and it changes Days too).
	TextDays int
	// Width is where text and fortune wrap (feed.width; default 72).
	// Fortune lines never exceed FortuneWidth whatever the width.
	Width int
	// NoWrap turns wrapping off (feed.width: 0, or --width 0).
	NoWrap bool
	// Title, Link, Author and Description describe the feeds
	// (feed.title, feed.link, feed.author, feed.description; by default
	// the collection's title, the base URL, the compiler and "A
	// quotation a day from TITLE."). Link and BaseURL are "" when the
	// file gives neither: RSS and Atom then cannot be made (ErrNoLink).
	Title, Link, Author, Description string
	// BaseURL is where the outputs are published (feed.base_url; ""
	// means none: items have no pages of their own).
	BaseURL string
	// ItemURL is the pattern of each day's page, "{date}" standing for
	// YYYY-MM-DD (feed.item_url); "" means BaseURL/quotes/{date}/ (no
	// page without a base URL).
	ItemURL string
	// History is the path of the history file (feed.history, joined to
	// the collection root; or --history as given); "" means none.
	// Fortune never reads or writes a history.
	History string
	// MaxGraphemes is the longest post, in grapheme clusters
	// (feed.max_graphemes, 1 or more; default 300, Bluesky's limit).
	MaxGraphemes int
	// CardWidth and CardHeight are the card's size in pixels
	// (feed.card_size, "WIDTHxHEIGHT", each side 200 to 4096; default
	// 1080×1080).
	CardWidth, CardHeight int
	// ShortStyle is the citation style of posts and cards: "short" (the
	// default); only the command line's --style changes it.
	ShortStyle string

	// Date is the last day of the window: its calendar date as written
	// (in its own location); zero means today in Location (the date of
	// render.Options.Now there, or of the clock).
	Date time.Time
	// Filter selects the pool.
	Filter daily.Filter
	// Force lets a run record more than daily.MaxNewDays new days.
	Force bool
	// Issued is the schedule resolved once for the whole run (Resolve,
	// render.Preparer); when set, a format shows its last days and
	// neither reads nor writes the history.
	Issued *daily.Issued
}

// DefaultConfig returns the config of a collection whose feed: section
// is empty, but for the values that default to the collection's (seed,
// title, author, description: see ParseConfig).
func DefaultConfig() Config {
	return Config{Location: time.Local, Hour: 6, Days: 30, TextDays: 1, Width: 72,
		MaxGraphemes: DefaultMaxGraphemes, CardWidth: DefaultCardWidth, CardHeight: DefaultCardHeight,
		ShortStyle: "short"}
}

// fileConfig is the feed: section as written; nil and "" mean not set.
type fileConfig struct {
	Seed         string `yaml:"seed"`
	TZ           string `yaml:"tz"`
	Hour         *int   `yaml:"hour"`
	Days         *int   `yaml:"days"`
	Title        string `yaml:"title"`
	Link         string `yaml:"link"`
	Author       string `yaml:"author"`
	Description  string `yaml:"description"`
	BaseURL      string `yaml:"base_url"`
	ItemURL      string `yaml:"item_url"`
	Width        *int   `yaml:"width"`
	History      string `yaml:"history"`
	MaxGraphemes *int   `yaml:"max_graphemes"`
	CardSize     string `yaml:"card_size"`
}

// ParseConfig parses and validates c's feed: section and resolves it over
// DefaultConfig. Every problem is at its line of commonplace.yaml: an
// unknown key (a warning), a value of the wrong type, a time zone Go
// cannot load, an hour outside 0–23, a window outside 1 to
// daily.MaxWindowDays days, a negative width, a link that is not http or
// https, an item_url without {date}, a history path that leaves the
// collection, a max_graphemes below 1, a card_size that is not
// WIDTHxHEIGHT within bounds (errors; the default is used instead), and
// no link at all
// while the build makes RSS or Atom (a warning).
func ParseConfig(c *model.Collection) (Config, []model.Problem) {
	cfg := DefaultConfig()
	s := c.Settings
	var f fileConfig
	probs := s.DecodeSection("feed", &f)
	bad := func(key, format string, args ...any) {
		probs = append(probs, s.SectionProblem(key, false, format, args...))
	}
	cfg.Seed = f.Seed
	if cfg.Seed == "" {
		cfg.Seed = s.Defaults().Title
	}
	if tz := strings.TrimSpace(f.TZ); tz != "" {
		if loc, err := time.LoadLocation(tz); err != nil {
			bad("feed.tz", "%q is not a time zone (IANA names such as Europe/Paris or UTC)", model.Safe(tz, 40))
		} else {
			cfg.Location = loc
		}
	}
	if h := f.Hour; h != nil {
		if *h < 0 || *h > 23 {
			bad("feed.hour", "%d is not an hour of the day (0–23)", *h)
		} else {
			cfg.Hour = *h
		}
	}
	if d := f.Days; d != nil {
		switch {
		case *d < 1:
			bad("feed.days", "%d: a feed shows 1 day or more", *d)
		case *d > daily.MaxWindowDays:
			bad("feed.days", "%d: a feed shows at most %d days (the limit)", *d, daily.MaxWindowDays)
		default:
			cfg.Days = *d
		}
	}
	if w := f.Width; w != nil {
		switch {
		case *w < 0:
			bad("feed.width", "%d: give a number of columns, or 0 for no wrap", *w)
		case *w == 0:
			cfg.NoWrap = true
		default:
			cfg.Width = *w
		}
	}
	if m := f.MaxGraphemes; m != nil {
		if *m < 1 {
			bad("feed.max_graphemes", "%d: a post holds 1 grapheme or more (default %d)", *m, DefaultMaxGraphemes)
		} else {
			cfg.MaxGraphemes = *m
		}
	}
	if v := strings.TrimSpace(f.CardSize); v != "" {
		if w, h, err := ParseSize(v); err != nil {
			bad("feed.card_size", "%v", err)
		} else {
			cfg.CardWidth, cfg.CardHeight = w, h
		}
	}
	for _, u := range []struct {
		key string
		v   *string
		dst *string
	}{{"link", &f.Link, &cfg.Link}, {"base_url", &f.BaseURL, &cfg.BaseURL}, {"item_url", &f.ItemURL, &cfg.ItemURL}} {
		v := strings.TrimSpace(*u.v)
		if v == "" {
			continue
		}
		if why := urlProblem(u.key, v); why != "" {
			probs = append(probs, model.Problem{Path: model.SettingsFile, Line: s.Line("feed." + u.key), Severity: model.Error,
				Message: "feed." + u.key + " " + why})
			continue
		}
		*u.dst = v
	}
	title := s.Defaults().Title
	cfg.Title = firstNonEmpty(f.Title, title)
	cfg.Author = firstNonEmpty(f.Author, s.Compiler)
	cfg.Description = firstNonEmpty(f.Description, "A quotation a day from "+title+".")
	if cfg.Link == "" {
		cfg.Link = cfg.BaseURL
	}
	if h := f.History; h != "" {
		if p := s.ConfinedPath("feed.history", h, "collection folder"); p != nil {
			probs = append(probs, *p)
		} else if err := confineHistory(c.Root, h); err != nil {
			probs = append(probs, model.Problem{Path: model.SettingsFile, Line: s.Line("feed.history"), Severity: model.Error,
				Message: fmt.Sprintf("setting feed.history: %v", err)})
		} else {
			cfg.History = h
			if c.Root != "" {
				cfg.History = filepath.Join(c.Root, h)
			}
		}
	}
	wants := len(s.Build.Outputs) == 0 // the default outputs include both
	for _, o := range s.Build.Outputs {
		wants = wants || o == "rss" || o == "atom"
	}
	if wants && cfg.Link == "" && cfg.BaseURL == "" && f.Link == "" && f.BaseURL == "" {
		probs = append(probs, noLinkWarning(s))
	}
	return cfg, probs
}

// noLinkWarning says that RSS and Atom need a link, naming
// commonplace.yaml only when the collection has one.
func noLinkWarning(s model.Settings) model.Problem {
	if !s.FromFile() {
		return model.Problem{Severity: model.Warning,
			Message: "feed.link is not set (add feed.link or feed.base_url to commonplace.yaml): RSS and Atom feeds need one (JSON Feed and the other outputs do not)"}
	}
	return model.Problem{Path: model.SettingsFile, Line: s.Line("feed"), Severity: model.Warning,
		Message: "no feed.link or feed.base_url: RSS and Atom feeds need one (JSON Feed and the other outputs do not)"}
}

// urlProblem returns why the value v of feed.KEY cannot be used, or "".
func urlProblem(key, v string) string {
	u := v
	if key == "item_url" {
		if !strings.Contains(v, "{date}") {
			return "\"" + model.Safe(v, 80) + "\" has no {date}: every day needs its own page"
		}
		u = strings.ReplaceAll(v, "{date}", "2006-01-02")
	}
	if why := badURL(u); why != "" {
		return "\"" + model.Safe(v, 80) + "\" " + why
	}
	return ""
}

// ParseConfig resolves the feed: section (see the package's ParseConfig).
func (Text) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// ParseConfig resolves the feed: section (see the package's ParseConfig).
func (Fortune) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// ParseConfig resolves the feed: section (see the package's ParseConfig).
func (RSS) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// ParseConfig resolves the feed: section (see the package's ParseConfig).
func (Atom) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// ParseConfig resolves the feed: section (see the package's ParseConfig).
func (JSON) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// confineHistory checks that the history file named in the settings does
// not lead out of the collection through a symbolic link, and is a
// regular file when it exists (a link to /dev/zero or a FIFO would be
// read forever or block).
func confineHistory(root, rel string) error {
	if root == "" {
		return nil
	}
	return confine.Resolves(root, rel)
}
