package daily

import (
	"errors"
	"sort"
	"strconv"
	"sync"

	"github.com/commonplace-book/commonplace/model"
)

// ErrEmptyPool is returned when a day needs a quote and no quote of the
// collection passes the filter.
var ErrEmptyPool = errors.New("the pool is empty: no quote matches the filters")

// Schedule assigns a quote of the pool to every calendar day. Building it
// is linear in the number of quotes; each day then costs O(1).
type Schedule struct {
	seed  string
	all   []Item
	cycle []Item

	once  sync.Once       // builds the indexes below, for history
	pos   map[string]int  // quote ID → index in cycle
	byID  map[string]Item // every quote of the collection
	byLoc map[string]Item // "path:line" → quote, for edited quotes
}

// New returns the schedule of the quotes of c that pass f, ordered by seed.
func New(c *model.Collection, f Filter, seed string) *Schedule {
	s := &Schedule{seed: seed, all: all(c)}
	// order drops repeated IDs as pool does, without a map.
	s.cycle = order(filter(s.all, f), seed)
	return s
}

// index builds the lookups that history needs, once.
func (s *Schedule) index() {
	s.once.Do(func() {
		s.byID = make(map[string]Item, len(s.all))
		s.byLoc = make(map[string]Item, len(s.all))
		for _, it := range s.all {
			if _, dup := s.byID[it.Quote.ID]; !dup {
				s.byID[it.Quote.ID] = it
			}
			s.byLoc[it.Loc()] = it
		}
		s.pos = make(map[string]int, len(s.cycle))
		for i, it := range s.cycle {
			if _, dup := s.pos[it.Quote.ID]; !dup {
				s.pos[it.Quote.ID] = i
			}
		}
	})
}

// Len returns the pool size P.
func (s *Schedule) Len() int { return len(s.cycle) }

// Cycle returns the pool in schedule order: day d shows Cycle()[d mod P]
// when there is no history. The slice must not be modified.
func (s *Schedule) Cycle() []Item { return s.cycle }

// At returns the quote of day d without history. It reports false when
// the pool is empty.
func (s *Schedule) At(d Day) (Item, bool) {
	if len(s.cycle) == 0 {
		return Item{}, false
	}
	return s.cycle[floorMod(int64(d), int64(len(s.cycle)))], true
}

// Pick is the quote chosen for a day.
type Pick struct {
	Day Day
	// Item is the quote; its Quote is nil when the day was recorded in the
	// history with a quote that is no longer in the collection.
	Item Item
	// Record is the history line of the day, nil when the day was not
	// recorded before.
	Record *Record
}

// Found reports whether the pick's quote is in the collection.
func (p Pick) Found() bool { return p.Item.Quote != nil }

// QuoteID returns the ID of the pick's quote (from the history when the
// quote is gone).
func (p Pick) QuoteID() string {
	if p.Found() {
		return p.Item.Quote.ID
	}
	if p.Record != nil {
		return p.Record.QuoteID
	}
	return ""
}

// Resolve finds the quote of a history record: by its ID, else (the quote
// was edited, so its ID changed) by its entry path and line.
func (s *Schedule) Resolve(r Record) (Item, bool) {
	s.index()
	if it, ok := s.byID[r.QuoteID]; ok {
		return it, true
	}
	if it, ok := s.byLoc[r.Path+":"+strconv.Itoa(r.Line)]; ok {
		return it, true
	}
	return Item{}, false
}

// Picks returns the quotes of the n days starting at first, oldest first.
//
// hist holds the days already issued (any order; the first record of a
// day wins). A recorded day shows its recorded quote, whatever the pool
// is now. A day after the last recorded day L continues the schedule with
// a cycle of the current pool that starts on day L+1 and lists first the
// quotes the history never showed, in the plain schedule's order from day
// L+1, then the shown ones, least recently shown first. So the new days
// are fair (each quote once per P days) and a quote shown on a recorded
// day does not come back before P days have passed. When the history
// agrees with the plain schedule (the pool did not change), this cycle is
// exactly the plain schedule, and running day by day or in one go gives
// the same days. Days before the last recorded day that were not recorded
// follow the plain schedule.
//
// It returns ErrEmptyPool when a day that is not recorded needs a quote
// and the pool is empty.
func (s *Schedule) Picks(first Day, n int, hist []Record) ([]Pick, error) {
	recs := Normalize(hist)
	byDay := make(map[Day]*Record, len(recs))
	for i := range recs {
		byDay[recs[i].Day] = &recs[i]
	}
	var last Day
	if len(recs) > 0 {
		last = recs[len(recs)-1].Day
	}
	var cont []Item
	out := make([]Pick, 0, max(n, 0))
	for k := 0; k < n; k++ {
		d := first + Day(k)
		if r, ok := byDay[d]; ok {
			it, _ := s.Resolve(*r)
			out = append(out, Pick{Day: d, Item: it, Record: r})
			continue
		}
		if len(s.cycle) == 0 {
			return nil, ErrEmptyPool
		}
		if len(recs) > 0 && d > last {
			if cont == nil {
				cont = s.continuation(recs, last)
			}
			out = append(out, Pick{Day: d, Item: cont[floorMod(int64(d-last-1), int64(len(cont)))]})
			continue
		}
		it, _ := s.At(d)
		out = append(out, Pick{Day: d, Item: it})
	}
	return out, nil
}

// continuation returns the cycle that continues the history recs (sorted,
// one per day, last day last) from day last+1. It is linear in the pool
// and the history.
func (s *Schedule) continuation(recs []Record, last Day) []Item {
	s.index()
	p := len(s.cycle)
	seen := make([]bool, p)
	// Walking the history backwards meets each quote first at its last
	// showing: reversed, that is least recently shown first.
	var shown []int
	for k := len(recs) - 1; k >= 0; k-- {
		it, ok := s.Resolve(recs[k])
		if !ok {
			continue
		}
		i, ok := s.pos[it.Quote.ID]
		if !ok || seen[i] {
			continue // not in the pool, or shown again later
		}
		seen[i] = true
		shown = append(shown, i)
	}
	out := make([]Item, 0, p)
	start := int(floorMod(int64(last+1), int64(p)))
	for k := 0; k < p; k++ {
		if i := (start + k) % p; !seen[i] {
			out = append(out, s.cycle[i])
		}
	}
	for k := len(shown) - 1; k >= 0; k-- {
		out = append(out, s.cycle[shown[k]])
	}
	return out
}

// Normalize returns the records sorted by day with one record per day
// (the first one given for a day wins).
func Normalize(hist []Record) []Record {
	recs := make([]Record, len(hist))
	copy(recs, hist)
	sort.SliceStable(recs, func(i, j int) bool { return recs[i].Day < recs[j].Day })
	var out []Record
	for _, r := range recs {
		if len(out) > 0 && out[len(out)-1].Day == r.Day {
			continue
		}
		out = append(out, r)
	}
	return out
}
