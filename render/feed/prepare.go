package feed

import (
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// The formats that show days of the schedule share one resolution per
// build (render.Preparer): the window of feed.days ending today, resolved
// with the history once, handed to each of them as the feed config's Issued.

// prepareKey names the schedule shared by text, rss, atom and json.
const prepareKey = "feed.schedule"

func prepareSchedule(c *model.Collection, o *render.Options) error {
	fo, err := options(c, *o)
	if err != nil {
		return err
	}
	if fo.Issued != nil {
		return nil
	}
	is, err := Resolve(c, fo, max(fo.Days, fo.TextDays))
	if err != nil {
		return err
	}
	cfg := *fo.Config
	cfg.Issued = is
	o.Configs = o.Configs.With(Section, cfg)
	return nil
}

// PrepareKey returns the key of the shared schedule.
func (Text) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into the feed config's Issued.
func (Text) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// PrepareKey returns the key of the shared schedule.
func (RSS) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into the feed config's Issued.
func (RSS) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// PrepareKey returns the key of the shared schedule.
func (Atom) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into the feed config's Issued.
func (Atom) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// PrepareKey returns the key of the shared schedule.
func (JSON) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into the feed config's Issued.
func (JSON) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }
