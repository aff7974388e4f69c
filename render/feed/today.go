package feed

import (
	"errors"
	"fmt"

	"github.com/commonplace-book/commonplace/daily"
)

// The formats of one day — post, card and email — show the quote of the
// window's last day (--date, else today): the day text and the feeds show
// under that date, from the same schedule and history. A post and a card
// must show their quote whole; when the day's quote does not fit one, they
// show the next quote of the schedule's cycle that does (and say so).

// ErrNothingFits is returned when no quote of the pool fits a post or a
// card.
var ErrNothingFits = errors.New("no quote of the pool fits")

// dayPick returns the pick of the window's last day.
func (s *setup) dayPick() (daily.Pick, error) {
	picks, err := s.picks(1)
	if err != nil {
		return daily.Pick{}, err
	}
	if len(picks) == 0 {
		return daily.Pick{}, daily.ErrEmptyPool
	}
	return picks[len(picks)-1], nil
}

// fitting returns the day's quote when fits says it fits, else the first
// quote after it in the schedule's cycle (the pool in schedule order,
// from the day's place) that fits, with moved set. A day whose recorded
// quote is gone starts from the day's place in the plain cycle. It
// returns ErrNothingFits when no quote of the pool fits.
func (s *setup) fitting(p daily.Pick, fits func(daily.Item) (bool, error)) (it daily.Item, moved bool, err error) {
	if p.Found() {
		ok, err := fits(p.Item)
		if err != nil || ok {
			return p.Item, false, err
		}
	}
	n := s.sched.Len()
	if n == 0 {
		return daily.Item{}, false, daily.ErrEmptyPool
	}
	start := int(((int64(p.Day) % int64(n)) + int64(n)) % int64(n))
	if p.Found() {
		if i, ok := s.sched.Place(p.Item.Quote.ID); ok {
			start = i + 1
		}
	}
	for k := 0; k < n; k++ {
		c, err := s.sched.CycleAt((start + k) % n)
		if err != nil {
			return daily.Item{}, false, fmt.Errorf("feed: %w", err)
		}
		if p.Found() && c.Quote.ID == p.Item.Quote.ID {
			continue
		}
		c, err = s.full(c) // a lazy collection's body, for this quote only
		if err != nil {
			return daily.Item{}, false, err
		}
		ok, err := fits(c)
		if err != nil {
			return daily.Item{}, false, err
		}
		if ok {
			return c, true, nil
		}
	}
	return daily.Item{}, false, ErrNothingFits
}

// shortStyle returns the citation style of posts and cards (the
// config's ShortStyle: "short" unless --style asks for another).
func (s *setup) shortStyle() string { return s.cfg.ShortStyle }

// movedNote tells why a post or card shows another quote than the day's.
func (s *setup) movedNote(format string, p daily.Pick, it daily.Item, why string) {
	day := p.Day.String()
	if p.Found() {
		s.warn(p.Item.Entry.Path, p.Item.Quote.Line, "the quote of %s %s; the %s shows the next one of the schedule that fits (%s)", day, why, format, it.Loc())
		return
	}
	s.warn("", 0, "the quote of %s is no longer in the collection; the %s shows the next one of the schedule that fits (%s)", day, format, it.Loc())
}

// note sends an informational message to Options.Note.
func (s *setup) note(format string, args ...any) {
	if s.o.Note != nil {
		s.o.Note(fmt.Sprintf(format, args...))
	}
}
