package feed

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestParseConfig: the feed: section parsed, validated at its lines and
// resolved over the defaults; the old top-level keys still read, with a
// warning.
func TestParseConfig(t *testing.T) {
	def := func(f func(*Config)) Config {
		cfg := DefaultConfig()
		cfg.Seed, cfg.Link, cfg.Title, cfg.Description = "T", "https://example.org/", "T", "A quotation a day from T."
		if f != nil {
			f(&cfg)
		}
		return cfg
	}
	link := "title: T\nfeed:\n  link: https://example.org/\n"
	for _, tc := range []struct {
		rendertest.SettingsCase
		want Config
		tz   string // the time zone's name (default Local)
	}{
		{rendertest.SettingsCase{Name: "no file", Problems: []string{"warning: feed.link is not set (add feed.link or feed.base_url to commonplace.yaml)"}},
			func() Config {
				c := DefaultConfig()
				c.Seed, c.Title, c.Description = "Commonplace Book", "Commonplace Book", "A quotation a day from Commonplace Book."
				return c
			}(), ""},
		{rendertest.SettingsCase{Name: "no link", YAML: "title: T\nfeed:\n  days: 7\n", Problems: []string{"2: warning: no feed.link or feed.base_url: RSS and Atom feeds need one"}},
			def(func(c *Config) { c.Link, c.Days = "", 7 }), ""},
		{rendertest.SettingsCase{Name: "no link, no feeds built", YAML: "title: T\nbuild:\n  outputs: [pdf, text]\n"},
			def(func(c *Config) { c.Link = "" }), ""},
		{rendertest.SettingsCase{Name: "link only", YAML: link}, def(nil), ""},
		{rendertest.SettingsCase{Name: "every key", YAML: "title: T\nfeed:\n  seed: s\n  tz: Europe/Paris\n  hour: 0\n  days: 7\n  title: F\n  link: https://example.org/\n" +
			"  author: A\n  description: D\n  base_url: https://example.org/b/\n  item_url: https://example.org/q/{date}.html\n  width: 40\n  history: h.txt\n" +
			"  max_graphemes: 500\n  card_size: 1200x630\n"},
			def(func(c *Config) {
				c.Seed, c.Hour, c.Days, c.Title, c.Author, c.Description = "s", 0, 7, "F", "A", "D"
				c.BaseURL, c.ItemURL, c.Width, c.History = "https://example.org/b/", "https://example.org/q/{date}.html", 40, "h.txt"
				c.MaxGraphemes, c.CardWidth, c.CardHeight = 500, 1200, 630
			}), "Europe/Paris"},
		{rendertest.SettingsCase{Name: "width 0 is no wrap", YAML: link + "  width: 0\n"}, def(func(c *Config) { c.NoWrap = true }), ""},
		{rendertest.SettingsCase{Name: "bad values", YAML: link + "  tz: Mars/Olympus\n  hour: 24\n  days: 0\n  width: -1\n  base_url: ftp://x/\n  item_url: https://example.org/q/\n" +
			"  history: ../h.txt\n  max_graphemes: 0\n  card_size: big\n  hours: 3\n  days_: x\n",
			Problems: []string{
				"4: setting feed.tz: \"Mars/Olympus\" is not a time zone",
				"5: setting feed.hour: 24 is not an hour of the day (0–23)",
				"6: setting feed.days: 0: a feed shows 1 day or more",
				"7: setting feed.width: -1: give a number of columns, or 0 for no wrap",
				"8: feed.base_url \"ftp://x/\" is not an http or https URL",
				"9: feed.item_url \"https://example.org/q/\" has no {date}",
				"10: setting feed.history: \"../h.txt\" leaves the collection folder",
				"11: setting feed.max_graphemes: 0: a post holds 1 grapheme or more (default 300)",
				"12: setting feed.card_size: \"big\" is not a size",
				"13: warning: unknown setting \"hours\" in feed",
				"14: warning: unknown setting \"days_\" in feed",
			}},
			def(nil), ""},
		{rendertest.SettingsCase{Name: "wrong types", YAML: link + "  hour: six\n  days: [1]\n",
			Problems: []string{"4: setting feed.hour: \"six\" is not a whole number", "5: setting feed.days: a list where a whole number is expected"}},
			def(nil), ""},
		{rendertest.SettingsCase{Name: "too many days", YAML: link + "  days: 4000\n", Problems: []string{"4: setting feed.days: 4000: a feed shows at most 3660 days"}},
			def(nil), ""},
		{rendertest.SettingsCase{Name: "deprecated", YAML: "title: T\nseed: s\ntz: UTC\nhour: 7\ndays: 3\nwidth: 50\nlink: https://example.org/\nbase_url: https://example.org/\n" +
			"item_url: https://example.org/{date}\nhistory: h.txt\n",
			Problems: []string{
				"2: warning: setting seed: deprecated, use feed.seed", "3: warning: setting tz: deprecated, use feed.tz",
				"4: warning: setting hour: deprecated, use feed.hour", "5: warning: setting days: deprecated, use feed.days",
				"6: warning: setting width: deprecated, use feed.width", "7: warning: setting link: deprecated, use feed.link",
				"8: warning: setting base_url: deprecated, use feed.base_url", "9: warning: setting item_url: deprecated, use feed.item_url",
				"10: warning: setting history: deprecated, use feed.history",
			}},
			def(func(c *Config) {
				c.Seed, c.Hour, c.Days, c.Width = "s", 7, 3, 50
				c.BaseURL, c.ItemURL, c.History = "https://example.org/", "https://example.org/{date}", "h.txt"
			}), "UTC"},
		{rendertest.SettingsCase{Name: "deprecated value checked at its line", YAML: link + "hour: 25\n",
			Problems: []string{"4: warning: setting hour: deprecated, use feed.hour", "4: setting feed.hour: 25 is not an hour of the day"}},
			def(nil), ""},
	} {
		c := rendertest.SettingsCollection(t, tc.SettingsCase)
		got, probs := ParseConfig(c)
		rendertest.CheckProblems(t, tc.SettingsCase, c, probs)
		wantTZ := tc.tz
		if wantTZ == "" {
			wantTZ = time.Local.String()
		}
		if got.Location == nil || got.Location.String() != wantTZ {
			t.Errorf("%s: time zone %v, want %s", tc.Name, got.Location, wantTZ)
		}
		if tc.want.History != "" {
			tc.want.History = filepath.Join(c.Root, tc.want.History) // joined to the collection's folder
		}
		got.Location, tc.want.Location = nil, nil
		if got != tc.want {
			t.Errorf("%s: config\n  %+v\nwant\n  %+v", tc.Name, got, tc.want)
		}
	}
}

// TestConfigFlagOverride: the command line sets resolved fields either
// way: --width 0 turns off feed.width: 20, --width 20 wraps a collection
// whose feed.width: 0 turns wrapping off, and the text is then the one of
// a collection that says so.
func TestConfigFlagOverride(t *testing.T) {
	text := func(c *model.Collection, cfg Config) string {
		t.Helper()
		var b bytes.Buffer
		o := render.Options{Now: rendertest.Now, Configs: render.Configs{Section: cfg}}
		if err := (Text{}).Render(&b, c, o); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	narrow := rendertest.SettingsCollection(t, rendertest.SettingsCase{YAML: "title: T\nfeed:\n  width: 20\n  seed: s\n  tz: UTC\n"})
	nowrap := rendertest.SettingsCollection(t, rendertest.SettingsCase{YAML: "title: T\nfeed:\n  width: 0\n  seed: s\n  tz: UTC\n"})
	nCfg, _ := ParseConfig(narrow)
	wCfg, _ := ParseConfig(nowrap)
	if nCfg.NoWrap || nCfg.Width != 20 || !wCfg.NoWrap {
		t.Fatalf("parsed %+v and %+v", nCfg, wCfg)
	}
	flagOff, flagOn := nCfg, wCfg
	flagOff.Width, flagOff.NoWrap = 0, true
	flagOn.Width, flagOn.NoWrap = 20, false
	if got, want := text(narrow, flagOff), text(nowrap, wCfg); got != want {
		t.Errorf("--width 0 over feed.width: 20:\n%s\nwant\n%s", got, want)
	}
	if got, want := text(nowrap, flagOn), text(narrow, nCfg); got != want {
		t.Errorf("--width 20 over feed.width: 0:\n%s\nwant\n%s", got, want)
	}
	if strings.Count(text(narrow, nCfg), "\n") < 3 || strings.Count(text(nowrap, wCfg), "\n") != 2 {
		t.Errorf("wrapped:\n%s\nnot wrapped:\n%s", text(narrow, nCfg), text(nowrap, wCfg))
	}
}
