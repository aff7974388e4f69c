package daily

import (
	"fmt"

	"github.com/commonplace-book/commonplace/model"
)

// MaxWindowDays is the most days one run may show (ten years): a window
// is built in memory, so its length is bounded.
const MaxWindowDays = 3660

// ErrWindowTooLong is returned for a window of more than MaxWindowDays days.
var ErrWindowTooLong = fmt.Errorf("a run shows at most %d days (the limit)", MaxWindowDays)

// Window asks for the days a run shows: Days days ending at Last.
type Window struct {
	// Last is the last day shown.
	Last Day
	// Days is the number of days shown (at least 1).
	Days int
	// Today is today in the feed's time zone: days after it are shown
	// but never recorded.
	Today Day
	// Force allows a run to record more than MaxNewDays new days.
	Force bool
}

// First returns the first day of the window.
func (w Window) First() Day { return w.Last - Day(max(w.Days, 1)) + 1 }

// Issued is the resolved schedule of one run: the days every output of the
// run shows, decided once with the history. Renderers take it and only
// present its days.
type Issued struct {
	// Picks are the days of the window, oldest first.
	Picks []Pick
	// Today is today in the feed's time zone.
	Today Day
	// Pool is the pool size.
	Pool int
	// Recorded is the number of days this run added to the history.
	Recorded int
	// Warnings are the problems the run continued with: a torn last line
	// of the history, a recorded quote that is no longer in the
	// collection (its day is left out). Each names its history line.
	Warnings []model.Problem
}

// Last returns the last n picks (all of them when there are fewer).
func (is *Issued) Last(n int) []Pick {
	if n <= 0 || n >= len(is.Picks) {
		return is.Picks
	}
	return is.Picks[len(is.Picks)-n:]
}

// Issue resolves the days of window w. With a history h, every day of the
// window that is today or earlier and not recorded yet is recorded: days
// after the history's last day are appended (with the days between, so
// the history never has a gap), days before its first day are added in
// front. Days after w.Today are shown but never recorded, so a preview of
// future days writes nothing. A run that would record more than
// MaxNewDays days fails with ErrTooManyDays unless w.Force is set, and
// writes nothing. h may be nil (no history: the plain schedule).
func (s *Schedule) Issue(w Window, h *History) (*Issued, error) {
	if w.Days < 1 {
		w.Days = 1
	}
	if w.Days > MaxWindowDays {
		return nil, fmt.Errorf("%d days: %w", w.Days, ErrWindowTooLong)
	}
	first := w.First()
	out := &Issued{Today: w.Today, Pool: s.Len()}
	if h == nil {
		picks, err := s.Picks(first, w.Days, nil)
		if err != nil {
			return nil, err
		}
		out.Picks = picks
		return out, nil
	}
	out.Warnings = append(out.Warnings, h.Warnings...)
	if hi := min(w.Last, w.Today); hi >= first {
		var from, to Day // days to add in front: [from, to)
		var after []Day  // first and last day to append
		if a, ok := h.First(); ok {
			l, _ := h.Last()
			if first < a {
				from, to = first, a
			}
			if hi > l {
				after = []Day{l + 1, hi}
			}
		} else {
			after = []Day{first, hi}
		}
		n := int(to - from)
		if after != nil {
			n += int(after[1]-after[0]) + 1
		}
		if n > MaxNewDays && !w.Force {
			span := ""
			switch {
			case after != nil && to > from:
				span = fmt.Sprintf("%s to %s and %s to %s", from, to-1, after[0], after[1])
			case after != nil:
				span = fmt.Sprintf("%s to %s", after[0], after[1])
			default:
				span = fmt.Sprintf("%s to %s", from, to-1)
			}
			return nil, fmt.Errorf("history %s: this run would record %d new days (%s), more than %d; nothing was written (check --date, or pass --force): %w",
				h.path, n, span, MaxNewDays, ErrTooManyDays)
		}
		var before, added []Record
		if to > from {
			picks, err := s.Picks(from, int(to-from), h.Records)
			if err != nil {
				return nil, err
			}
			before = records(picks)
		}
		if after != nil {
			picks, err := s.Picks(after[0], int(after[1]-after[0])+1, h.Records)
			if err != nil {
				return nil, err
			}
			added = records(picks)
		}
		if err := h.record(before, added); err != nil {
			return nil, err
		}
		out.Recorded = len(before) + len(added)
	}
	picks, err := s.Picks(first, w.Days, h.Records)
	if err != nil {
		return nil, err
	}
	out.Picks = picks
	for _, p := range picks {
		if p.Record != nil && !p.Found() {
			out.Warnings = append(out.Warnings, model.Problem{Path: h.path, Line: p.Record.At, Severity: model.Warning,
				Message: fmt.Sprintf("%s: the quote issued that day (%s, %s:%d) is no longer in the collection; the day is left out, continuing", p.Day, model.Safe(p.Record.QuoteID, 40), model.Safe(p.Record.Path, 200), p.Record.Line)})
		}
	}
	return out, nil
}

// records turns picks of days not recorded yet into history records.
func records(picks []Pick) []Record {
	out := make([]Record, 0, len(picks))
	for _, p := range picks {
		out = append(out, Record{Day: p.Day, QuoteID: p.Item.Quote.ID, Path: p.Item.Entry.Path, Line: p.Item.Quote.Line})
	}
	return out
}
