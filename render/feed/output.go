package feed

import (
	"io"
	"strings"
	"time"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// The feed formats' outputs in a build: all made by default, all
// configured by the feed: section of commonplace.yaml.

// Output declares today.txt.
func (Text) Output() render.Output {
	return render.Output{File: "today.txt", Default: true, Section: "feed"}
}

// Output declares quotes and its index quotes.dat.
func (Fortune) Output() render.Output {
	return render.Output{File: "quotes", Companions: []string{".dat"}, Default: true, Section: "feed"}
}

// Output declares feed.xml.
func (RSS) Output() render.Output {
	return render.Output{File: "feed.xml", Default: true, Section: "feed"}
}

// Output declares atom.xml.
func (Atom) Output() render.Output {
	return render.Output{File: "atom.xml", Default: true, Section: "feed"}
}

// Output declares feed.json.
func (JSON) Output() render.Output {
	return render.Output{File: "feed.json", Default: true, Section: "feed"}
}

// ReadsLazily declares that Text loads only the bodies it shows.
func (Text) ReadsLazily() {}

// ReadsLazily declares that Fortune loads the bodies one entry at a time.
func (Fortune) ReadsLazily() {}

// ReadsLazily declares that RSS loads only the bodies it shows.
func (RSS) ReadsLazily() {}

// ReadsLazily declares that Atom loads only the bodies it shows.
func (Atom) ReadsLazily() {}

// ReadsLazily declares that JSON loads only the bodies it shows.
func (JSON) ReadsLazily() {}

// RenderFiles writes the database to main and its strfile index to
// main + ".dat", from the same bytes, so that `fortune main` works.
func (f Fortune) RenderFiles(create render.Create, main string, c *model.Collection, o render.Options) error {
	w, err := create(main)
	if err != nil {
		return err
	}
	// The index is computed as the database is written, which is never
	// held in memory whole.
	var dat datIndex
	if err := f.Render(io.MultiWriter(w, &dat), c, o); err != nil {
		return err
	}
	dw, err := create(main + ".dat")
	if err != nil {
		return err
	}
	return dat.writeTo(dw)
}

// checkSettings validates the feed: section as the feed formats use it:
// the links (SettingsProblems), the time zone, the hour, the window and
// the width.
func checkSettings(c *model.Collection) []model.Problem {
	fs := c.Settings.Feed
	out := SettingsProblems(c)
	if tz := strings.TrimSpace(fs.TZ); tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			out = append(out, render.SettingsProblem(c, "feed.tz", false, "%q is not a time zone (IANA names such as Europe/Paris or UTC)", model.Safe(tz, 40)))
		}
	}
	if h := fs.Hour; h != nil && (*h < 0 || *h > 23) {
		out = append(out, render.SettingsProblem(c, "feed.hour", false, "%d is not an hour of the day (0–23)", *h))
	}
	if fs.Days < 0 {
		out = append(out, render.SettingsProblem(c, "feed.days", false, "%d: a feed shows 1 day or more", fs.Days))
	}
	if fs.Days > daily.MaxWindowDays {
		out = append(out, render.SettingsProblem(c, "feed.days", false, "%d: a feed shows at most %d days (the limit)", fs.Days, daily.MaxWindowDays))
	}
	if v := strings.TrimSpace(fs.CardSize); v != "" {
		if _, _, err := ParseSize(v); err != nil {
			out = append(out, render.SettingsProblem(c, "feed.card_size", false, "%v", err))
		}
	}
	if fs.MaxGraphemes < 0 {
		out = append(out, render.SettingsProblem(c, "feed.max_graphemes", false, "%d: a post holds 1 grapheme or more (default 300)", fs.MaxGraphemes))
	}
	if fs.Width < 0 {
		out = append(out, render.SettingsProblem(c, "feed.width", false, "%d: give a number of columns (wrap with --width 0 for none)", fs.Width))
	}
	return out
}

// CheckSettings validates the feed: section (shared by every feed format).
func (Text) CheckSettings(c *model.Collection) []model.Problem { return checkSettings(c) }

// CheckSettings validates the feed: section (shared by every feed format).
func (Fortune) CheckSettings(c *model.Collection) []model.Problem { return checkSettings(c) }

// CheckSettings validates the feed: section (shared by every feed format).
func (RSS) CheckSettings(c *model.Collection) []model.Problem { return checkSettings(c) }

// CheckSettings validates the feed: section (shared by every feed format).
func (Atom) CheckSettings(c *model.Collection) []model.Problem { return checkSettings(c) }

// CheckSettings validates the feed: section (shared by every feed format).
func (JSON) CheckSettings(c *model.Collection) []model.Problem { return checkSettings(c) }

// noLinkReason is why a default build leaves RSS and Atom out.
func noLinkReason(c *model.Collection) string {
	if strings.TrimSpace(c.Settings.Feed.Link) == "" && strings.TrimSpace(c.Settings.Feed.BaseURL) == "" {
		return "RSS and Atom need feed.link or feed.base_url in commonplace.yaml"
	}
	return ""
}

// SkipReason says why a default build cannot make an RSS feed: no link.
func (RSS) SkipReason(c *model.Collection) string { return noLinkReason(c) }

// SkipReason says why a default build cannot make an Atom feed: no link.
func (Atom) SkipReason(c *model.Collection) string { return noLinkReason(c) }

// ReadsLazily declares that Post loads only the bodies it uses.
func (Post) ReadsLazily() {}

// ReadsLazily declares that Card loads only the bodies it uses.
func (Card) ReadsLazily() {}

// ReadsLazily declares that Email loads only the bodies it uses.
func (Email) ReadsLazily() {}

// ReadsLazily declares that EML loads only the bodies it uses.
func (EML) ReadsLazily() {}
