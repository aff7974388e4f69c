package daily

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/commonplace-book/commonplace/model"
)

// ErrEmptyPool is returned when a day needs a quote and no quote of the
// collection passes the filter.
var ErrEmptyPool = errors.New("the pool is empty: no quote matches the filters")

// Schedule assigns a quote of the pool to every calendar day. Building it
// is linear in the number of quotes; each day then costs O(1).
//
// The schedule holds the quotes as numbers (see PoolRefs), so that a
// collection loaded from the cache's index (model.LoadOptions.Index) is
// scheduled without reading its entries: only the quotes returned are
// read, each entry without its body.
type Schedule struct {
	seed  string
	src   source
	cycle []int32

	once  sync.Once        // builds the indexes below, for history
	pos   map[string]int32 // quote ID → index in cycle
	byID  map[string]int32 // every quote of the collection
	byLoc map[loc]int32    // path and line → quote, for edited quotes

	mu  sync.Mutex
	err error // the first entry that could not be read
}

// loc is where a quote is.
type loc struct {
	path string
	line int
}

// New returns the schedule of the quotes of c that pass f, ordered by seed.
func New(c *model.Collection, f Filter, seed string) *Schedule {
	s := &Schedule{seed: seed, src: sourceOf(c)}
	// order drops repeated IDs as pool does, without a map.
	s.cycle = order(s.src, filter(s.src, f), seed)
	return s
}

// item returns quote i of the collection, noting an entry that could
// not be read (Err).
func (s *Schedule) item(i int32) (Item, bool) {
	it, err := s.src.item(int(i))
	if err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
		return Item{}, false
	}
	return it, true
}

// Err returns the first error reading an entry of a collection loaded
// from the cache's index (a file changed while it was read): the quote
// concerned was returned as not found.
func (s *Schedule) Err() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// index builds the lookups that history needs, once.
func (s *Schedule) index() {
	s.once.Do(func() {
		n := s.src.n()
		s.byID = make(map[string]int32, n)
		s.byLoc = make(map[loc]int32, n)
		for i := 0; i < n; i++ {
			id := s.src.id(i)
			if _, dup := s.byID[id]; !dup {
				s.byID[id] = int32(i)
			}
			s.byLoc[loc{s.src.path(i), s.src.line(i)}] = int32(i)
		}
		s.pos = make(map[string]int32, len(s.cycle))
		for i, q := range s.cycle {
			id := s.src.id(int(q))
			if _, dup := s.pos[id]; !dup {
				s.pos[id] = int32(i)
			}
		}
	})
}

// Len returns the pool size P.
func (s *Schedule) Len() int { return len(s.cycle) }

// Cycle returns the pool in schedule order: day d shows Cycle()[d mod P]
// when there is no history. For a collection loaded from the cache's
// index it reads every entry of the pool: use CycleAt.
func (s *Schedule) Cycle() []Item {
	out := make([]Item, 0, len(s.cycle))
	for _, q := range s.cycle {
		if it, ok := s.item(q); ok {
			out = append(out, it)
		}
	}
	return out
}

// EachWhole calls f with every quote of the pool, its entry whole, in
// collection order (not the schedule's), and stops at f's first error,
// which it returns, or at the first entry that cannot be read. For a
// collection loaded from the cache's index each entry is read once and
// not kept, so that memory does not grow with the pool; the entries of
// a lazily loaded collection are as it holds them (Collection.Full makes
// them whole).
func (s *Schedule) EachWhole(f func(Item) error) error {
	qs := slices.Clone(s.cycle)
	slices.Sort(qs)
	for _, q := range qs {
		it, err := s.src.whole(int(q))
		if err != nil {
			return fmt.Errorf("daily: %w", err)
		}
		if err := f(it); err != nil {
			return err
		}
	}
	return nil
}

// CycleAt returns the quote at place i of the cycle (0 <= i < Len).
func (s *Schedule) CycleAt(i int) (Item, error) {
	it, ok := s.item(s.cycle[i])
	if !ok {
		return Item{}, s.Err()
	}
	return it, nil
}

// Place returns the place in the cycle of the quote id (the first, should
// the pool hold it twice), and false when it is not in the pool.
func (s *Schedule) Place(id string) (int, bool) {
	for i, q := range s.cycle {
		if s.src.id(int(q)) == id {
			return i, true
		}
	}
	return 0, false
}

// At returns the quote of day d without history. It reports false when
// the pool is empty (or, see Err, its entry could not be read).
func (s *Schedule) At(d Day) (Item, bool) {
	if len(s.cycle) == 0 {
		return Item{}, false
	}
	return s.item(s.cycle[floorMod(int64(d), int64(len(s.cycle)))])
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
	i, ok := s.resolve(r)
	if !ok {
		return Item{}, false
	}
	return s.item(i)
}

// resolve returns the number of the quote of a history record.
func (s *Schedule) resolve(r Record) (int32, bool) {
	s.index()
	if i, ok := s.byID[r.QuoteID]; ok {
		return i, true
	}
	if i, ok := s.byLoc[loc{r.Path, r.Line}]; ok {
		return i, true
	}
	return 0, false
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
	var cont []int32
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
			it, _ := s.item(cont[floorMod(int64(d-last-1), int64(len(cont)))])
			out = append(out, Pick{Day: d, Item: it})
			continue
		}
		it, _ := s.At(d)
		out = append(out, Pick{Day: d, Item: it})
	}
	if err := s.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// continuation returns the cycle that continues the history recs (sorted,
// one per day, last day last) from day last+1. It is linear in the pool
// and the history.
func (s *Schedule) continuation(recs []Record, last Day) []int32 {
	s.index()
	p := len(s.cycle)
	seen := make([]bool, p)
	// Walking the history backwards meets each quote first at its last
	// showing: reversed, that is least recently shown first.
	var shown []int32
	for k := len(recs) - 1; k >= 0; k-- {
		q, ok := s.resolve(recs[k])
		if !ok {
			continue
		}
		i, ok := s.pos[s.src.id(int(q))]
		if !ok || seen[i] {
			continue // not in the pool, or shown again later
		}
		seen[i] = true
		shown = append(shown, i)
	}
	out := make([]int32, 0, p)
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
