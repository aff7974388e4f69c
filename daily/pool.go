// Package daily chooses the quote of the day. The pool is every quote of a
// collection that passes a Filter; the schedule assigns one quote of the
// pool to each calendar day; an optional history file pins the days already
// issued so that later edits to the collection never change them.
//
// The schedule without history is a fixed cycle: the pool is put in an
// order that depends only on the seed and the quote IDs, and day d shows
// the quote at position d mod P (P = pool size, d counted from
// 1970-01-01). Every run of P consecutive days therefore shows every quote
// exactly once: over any span of days each quote appears equally often
// (±1), and no quote appears twice within P consecutive days (more than
// the ⌊P/2⌋ promised), across cycle boundaries too. Fairness over every
// span forces this: if every window of P days holds each quote once, the
// quote leaving a window is the one entering the next, so the sequence
// repeats with period P.
//
// When the pool changes (a quote added, removed or filtered out) without a
// history file, the schedule of every day may change. With a history file,
// recorded days never change, and the days after the last recorded one
// continue with a cycle of the current pool that shows first the quotes not
// yet shown, then the shown ones, least recently shown first (see
// Schedule.Picks).
package daily

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/commonplace-book/commonplace/model"
)

// Filter selects the quotes of the pool. The zero Filter selects every
// quote. String fields compare case-insensitively.
type Filter struct {
	// Category keeps entries whose category equals it.
	Category string
	// Tag keeps entries that carry it.
	Tag string
	// Author keeps entries with an author whose name ("Given Family" or
	// "Family, Given") contains it; "anonymous" also matches entries
	// without an author.
	Author string
	// Lang keeps quotes whose language (quote, else entry, else
	// collection) is Lang or a subtag of it: "zh" keeps "zh-Hant".
	Lang string
	// MaxChars and MinChars bound the quote's length in characters, its
	// whitespace collapsed (0 = no bound).
	MaxChars, MinChars int
}

// Item is one quote of the pool with the entry it comes from.
type Item struct {
	Entry *model.Entry
	Quote *model.Quote
	// Lang is the quote's effective language tag (quote, entry, then
	// collection).
	Lang string
}

// Loc returns where the quote is: "path:line".
func (it Item) Loc() string {
	return it.Entry.Path + ":" + strconv.Itoa(it.Quote.Line)
}

// Pool returns the quotes of c that pass f, in collection order (entries
// in their order, quotes in file order). A quote whose ID is already in
// the pool (the same passage twice in one entry) is left out. For a
// collection loaded from the cache's index (model.LoadOptions.Index) each
// item's entry is read from the cache without its body; PoolRefs gives
// the pool of such a collection without reading any entry.
func Pool(c *model.Collection, f Filter) []Item {
	src := sourceOf(c)
	refs := PoolRefs(c, f)
	out := make([]Item, 0, len(refs))
	for _, i := range refs {
		if it, err := src.item(int(i)); err == nil {
			out = append(out, it)
		}
	}
	return out
}

// PoolRefs returns the pool of Pool as numbers of the quotes of c in
// collection order: positions in Entries' quotes, or Index.Quote numbers
// for a collection loaded from the index.
func PoolRefs(c *model.Collection, f Filter) []int32 {
	src := sourceOf(c)
	n := src.n()
	out := make([]int32, 0, n)
	seen := make(map[string]bool, n)
	for i := 0; i < n; i++ {
		if id := src.id(i); src.keep(f, i) && !seen[id] {
			seen[id] = true
			out = append(out, int32(i))
		}
	}
	return out
}

// source is the quotes of a collection in collection order: its
// entries' quotes, or the quotes of its index.
type source interface {
	n() int
	id(i int) string
	path(i int) string
	line(i int) int
	keep(f Filter, i int) bool
	// item returns quote i with its entry (from an index: its head).
	item(i int) (Item, error)
	// whole returns quote i with its entry whole; called quote after
	// quote in collection order (from one goroutine), it reads each
	// entry of an index once and keeps none but the last.
	whole(i int) (Item, error)
}

func sourceOf(c *model.Collection) source {
	lang := c.Settings.Defaults().Language
	if x := c.Index(); x != nil {
		return &indexSource{x: x, lang: lang}
	}
	return itemSource(all(c))
}

// itemSource is the quotes of a collection's Entries.
type itemSource []Item

func (s itemSource) n() int                    { return len(s) }
func (s itemSource) id(i int) string           { return s[i].Quote.ID }
func (s itemSource) path(i int) string         { return s[i].Entry.Path }
func (s itemSource) line(i int) int            { return s[i].Quote.Line }
func (s itemSource) keep(f Filter, i int) bool { return f.keep(s[i]) }
func (s itemSource) item(i int) (Item, error)  { return s[i], nil }
func (s itemSource) whole(i int) (Item, error) { return s[i], nil }

// indexSource is the quotes of a collection loaded from the index.
type indexSource struct {
	x    *model.Index
	lang string
	// read is the entry (number readAt) that keep or whole last read
	// whole: both are called from one goroutine, quote after quote, so
	// an entry's quotes need it read once.
	read   *model.Entry
	readAt int
}

func (s *indexSource) n() int            { return s.x.Quotes() }
func (s *indexSource) id(i int) string   { return s.x.QuoteID(i) }
func (s *indexSource) path(i int) string { return s.x.Path(s.x.QuoteEntry(i)) }
func (s *indexSource) line(i int) int    { return s.x.Quote(i).Line }

func (s *indexSource) effLang(q model.QuoteRef) string {
	l := q.Lang
	if l == "" {
		l = s.x.Lang(q.Entry)
	}
	if l == "" {
		l = s.lang
	}
	return l
}

func (s *indexSource) item(i int) (Item, error) {
	q := s.x.Quote(i)
	e, err := s.x.Entry(q.Entry, false)
	if err != nil {
		return Item{}, err
	}
	return Item{Entry: e, Quote: &e.Quotes[q.N], Lang: s.effLang(q)}, nil
}

// wholeEntry returns entry e whole, read once for its quotes in a row.
func (s *indexSource) wholeEntry(e int) (*model.Entry, error) {
	if s.read == nil || s.readAt != e {
		whole, err := s.x.Entry(e, true)
		if err != nil {
			return nil, err
		}
		s.read, s.readAt = whole, e
	}
	return s.read, nil
}

func (s *indexSource) whole(i int) (Item, error) {
	q := s.x.Quote(i)
	e, err := s.wholeEntry(q.Entry)
	if err != nil {
		return Item{}, err
	}
	return Item{Entry: e, Quote: &e.Quotes[q.N], Lang: s.effLang(q)}, nil
}

// keep is Filter.keep on the index's fields (the same tests, in the same
// order); a length bound reads the quote's entry whole.
func (s *indexSource) keep(f Filter, i int) bool {
	if f == (Filter{}) {
		return true
	}
	q := s.x.Quote(i)
	e := q.Entry
	if f.Category != "" && !strings.EqualFold(strings.TrimSpace(s.x.Category(e)), strings.TrimSpace(f.Category)) {
		return false
	}
	if f.Tag != "" && !s.x.Tags(e, func(t string) bool { return strings.EqualFold(strings.TrimSpace(t), strings.TrimSpace(f.Tag)) }) {
		return false
	}
	if f.Author != "" {
		want := authorWant(f.Author)
		n, found := s.x.Authors(e, func(name, inv string) bool {
			return strings.Contains(name, want) || strings.Contains(inv, want)
		})
		if n == 0 && want != "anonymous" || n > 0 && !found {
			return false
		}
	}
	if f.Lang != "" && !langMatch(s.effLang(q), f.Lang) {
		return false
	}
	if f.MaxChars > 0 || f.MinChars > 0 {
		whole, err := s.wholeEntry(e)
		if err != nil {
			return false
		}
		n := Chars(&whole.Quotes[q.N])
		if f.MaxChars > 0 && n > f.MaxChars || f.MinChars > 0 && n < f.MinChars {
			return false
		}
	}
	return true
}

// filter returns the quotes of src that pass f, repeated IDs included.
func filter(src source, f Filter) []int32 {
	out := make([]int32, 0, src.n())
	for i := 0; i < src.n(); i++ {
		if f == (Filter{}) || src.keep(f, i) {
			out = append(out, int32(i))
		}
	}
	return out
}

func all(c *model.Collection) []Item {
	lang := c.Settings.Defaults().Language
	n := 0
	for _, e := range c.Entries {
		if e != nil {
			n += len(e.Quotes)
		}
	}
	out := make([]Item, 0, n)
	for _, e := range c.Entries {
		if e == nil {
			continue
		}
		for i := range e.Quotes {
			q := &e.Quotes[i]
			l := q.Lang
			if l == "" {
				l = e.Lang
			}
			if l == "" {
				l = lang
			}
			out = append(out, Item{Entry: e, Quote: q, Lang: l})
		}
	}
	return out
}

func (f Filter) keep(it Item) bool {
	e := it.Entry
	if f.Category != "" && !strings.EqualFold(strings.TrimSpace(e.Category), strings.TrimSpace(f.Category)) {
		return false
	}
	if f.Tag != "" {
		found := false
		for _, t := range e.Tags {
			if strings.EqualFold(strings.TrimSpace(t), strings.TrimSpace(f.Tag)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if f.Author != "" && !matchAuthor(e.Authors, f.Author) {
		return false
	}
	if f.Lang != "" && !langMatch(it.Lang, f.Lang) {
		return false
	}
	if f.MaxChars > 0 || f.MinChars > 0 {
		n := Chars(it.Quote)
		if f.MaxChars > 0 && n > f.MaxChars || f.MinChars > 0 && n < f.MinChars {
			return false
		}
	}
	return true
}

// langMatch reports whether the language tag got is want or a subtag
// of it.
func langMatch(got, want string) bool {
	want = strings.ToLower(want)
	got = strings.ToLower(got)
	return got == want || strings.HasPrefix(got, want+"-")
}

// authorWant is an author filter as names are compared with it.
func authorWant(want string) string { return strings.ToLower(strings.Join(strings.Fields(want), " ")) }

func matchAuthor(names []model.Name, want string) bool {
	want = authorWant(want)
	if len(names) == 0 {
		return want == "anonymous"
	}
	for _, n := range names {
		if strings.Contains(strings.ToLower(n.String()), want) || strings.Contains(strings.ToLower(n.Inverted()), want) {
			return true
		}
	}
	return false
}

// Chars returns the length of q's text in characters, with footnote
// references left out, runs of white space counted as one and blocks
// joined by one space.
func Chars(q *model.Quote) int {
	n := 0
	space := true // no leading space counted
	for _, b := range q.Blocks {
		for _, r := range b.Runs {
			if r.Note != "" {
				continue
			}
			t := r.Text
			if r.Break {
				t = " "
			}
			for _, c := range t {
				if unicode.IsSpace(c) {
					if !space {
						n++
						space = true
					}
					continue
				}
				n++
				space = false
			}
		}
		if !space {
			n++
			space = true
		}
	}
	if n > 0 && space {
		n-- // the trailing separator
	}
	return n
}

// rank is the place of a quote in the seeded order: a 64-bit FNV-1a hash
// of seed, NUL and id, finished with the SplitMix64 mixer. It is the same
// on every machine and in every run.
func rank(seed, id string) uint64 {
	const prime = 1099511628211
	h := uint64(14695981039346656037)
	for i := 0; i < len(seed); i++ {
		h = (h ^ uint64(seed[i])) * prime
	}
	h = (h ^ 0) * prime
	for i := 0; i < len(id); i++ {
		h = (h ^ uint64(id[i])) * prime
	}
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// order sorts the quotes idx of src by their seeded rank in linear time
// (a radix sort of the 64-bit ranks), equal ranks by ID then location, so
// the result does not depend on the order the quotes came in. Of quotes
// with the same ID only the first in input order is kept, as in pool.
func order(src source, idx []int32, seed string) []int32 {
	type ranked struct {
		r uint64
		i int32 // position in idx
	}
	a := make([]ranked, len(idx))
	for i, q := range idx {
		a[i] = ranked{rank(seed, src.id(int(q))), int32(i)}
	}
	b := make([]ranked, len(idx))
	for shift := uint(0); shift < 64; shift += 8 {
		var count [257]int
		for _, x := range a {
			count[(x.r>>shift)&0xff+1]++
		}
		for k := 1; k < 257; k++ {
			count[k] += count[k-1]
		}
		for _, x := range a {
			d := (x.r >> shift) & 0xff
			b[count[d]] = x
			count[d]++
		}
		a, b = b, a
	}
	b = nil
	id := func(x ranked) string { return src.id(int(idx[x.i])) }
	// Equal ranks (equal IDs, or a hash collision) must not keep input
	// order.
	for lo := 0; lo < len(a); {
		hi := lo + 1
		for hi < len(a) && a[hi].r == a[lo].r {
			hi++
		}
		if hi-lo > 1 {
			sort.Slice(a[lo:hi], func(x, y int) bool {
				p, q := int(idx[a[lo+x].i]), int(idx[a[lo+y].i])
				if ip, iq := src.id(p), src.id(q); ip != iq {
					return ip < iq
				}
				if pp, pq := src.path(p), src.path(q); pp != pq {
					return pp < pq
				}
				return src.line(p) < src.line(q)
			})
		}
		lo = hi
	}
	out := make([]int32, 0, len(a))
	for lo := 0; lo < len(a); {
		hi := lo + 1
		for hi < len(a) && a[hi].r == a[lo].r && id(a[hi]) == id(a[lo]) {
			hi++
		}
		first := a[lo].i // the same ID is adjacent (same rank, sorted by ID)
		for _, x := range a[lo+1 : hi] {
			first = min(first, x.i)
		}
		out = append(out, idx[first])
		lo = hi
	}
	return out
}
