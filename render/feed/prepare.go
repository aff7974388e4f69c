package feed

import (
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// The formats that show days of the schedule share one resolution per
// build (render.Preparer): the window of feed.days ending today, resolved
// with the history once, handed to each of them as Feed.Issued.

// prepareKey names the schedule shared by text, rss, atom and json.
const prepareKey = "feed.schedule"

func prepareSchedule(c *model.Collection, o *render.Options) error {
	if o.Feed.Issued != nil {
		return nil
	}
	is, err := Resolve(c, FromRender(*o), WindowDays(c, o.Feed.Days))
	if err != nil {
		return err
	}
	o.Feed.Issued = is
	return nil
}

// PrepareKey returns the key of the shared schedule.
func (Text) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into o.Feed.Issued.
func (Text) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// PrepareKey returns the key of the shared schedule.
func (RSS) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into o.Feed.Issued.
func (RSS) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// PrepareKey returns the key of the shared schedule.
func (Atom) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into o.Feed.Issued.
func (Atom) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// PrepareKey returns the key of the shared schedule.
func (JSON) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into o.Feed.Issued.
func (JSON) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }
