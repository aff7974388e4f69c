package pdf

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/commonplace-book/commonplace/internal/hyphen"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestKeptBreaksOtherMeasure: breaks kept for one page size are not used
// for another, the entries edited, or another alignment: each paragraph's
// key holds everything its breaks depend on. The store is shared by hand
// (the files of two layouts have other names).
func TestKeptBreaksOtherMeasure(t *testing.T) {
	c := rendertest.LoadOdd(t)
	set := func(layout string, st *breakStore) []byte {
		var buf bytes.Buffer
		o := &Options{Now: rendertest.Now, Config: &Config{Layout: layout}}
		keptStore = st
		defer func() { keptStore = nil }()
		if err := Encode(&buf, c, o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	letter := set("letter", nil)
	st := &breakStore{}
	a5 := set("a5", st)
	if len(st.freshKeys) == 0 {
		t.Fatal("the a5 book put no breaks in the store")
	}
	if b := set("letter", st); !bytes.Equal(b, letter) {
		t.Fatal("the letter book set with the a5 book's breaks differs")
	}
	if b := set("a5", st); !bytes.Equal(b, a5) {
		t.Fatal("the a5 book set again differs")
	}
}

// TestBreakKeyFields: a paragraph's breaks are found again only with the
// same words and the same measure, indents, size and alignment; any one
// of them changed is weighed again and set as without kept breaks.
func TestBreakKeyFields(t *testing.T) {
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	words := s.shape([]model.Run{{Text: longText + " " + longText}}, style{size: 10}, nil, 200)
	words = s.hyphenate(words, hyphen.For("en"))
	base := para{width: 200, first: 12, align: alignJustify, size: 10, leading: 12}
	variants := map[string]func(p *para){
		"width": func(p *para) { p.width = 150 }, "first": func(p *para) { p.first = 0 },
		"rest": func(p *para) { p.rest = 30 }, "right": func(p *para) { p.right = 40 },
		"size": func(p *para) { p.size = 14 }, "align": func(p *para) { p.align = alignStart },
	}
	texts := func(ls []*line) []string {
		var out []string
		for _, l := range ls {
			out = append(out, segsText(l))
		}
		return out
	}
	for name, change := range variants {
		p := base
		change(&p)
		fresh, _ := newShaper(nil)
		want := texts(fresh.setParagraph(words, p))
		if reflect.DeepEqual(want, texts(fresh.setParagraph(words, base))) {
			t.Fatalf("%s: the change does not change the lines: the test cannot see it", name)
		}
		s.breaks = &breakStore{}
		s.setParagraph(words, base)
		before := paragraphsBroken.Load()
		if got := texts(s.setParagraph(words, p)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s changed: lines\n%q\nwant\n%q", name, got, want)
		}
		if paragraphsBroken.Load() == before {
			t.Errorf("%s changed: the paragraph was not weighed again", name)
		}
	}
	// other words (one hyphenation point fewer) are weighed again
	s.breaks = &breakStore{}
	s.setParagraph(words, base)
	other := append([]word(nil), words...)
	for k := range other {
		if other[k].gapKind == gapHyphen {
			other[k].gapKind = gapNone
			break
		}
	}
	before := paragraphsBroken.Load()
	s.setParagraph(other, base)
	if paragraphsBroken.Load() == before {
		t.Error("other words were not weighed again")
	}
}

func segsText(l *line) string {
	var b []byte
	for _, sg := range l.segs {
		if sg.space {
			b = append(b, ' ')
		}
		b = append(b, sg.str()...)
	}
	return string(b)
}

// TestKeptBreaksBad: kept breaks that do not decode (well kept, so their
// checksum holds), that name line ends a paragraph cannot have, or that
// are damaged on disk are not used: the book is the same, and good breaks
// are kept in their place.
func TestKeptBreaksBad(t *testing.T) {
	c := rendertest.LoadOdd(t)
	o := &Options{Now: rendertest.Now, Config: &Config{Layout: "a5"}}
	encode := func(cache *model.Cache) []byte {
		var buf bytes.Buffer
		o := *o
		o.Cache = cache
		if err := Encode(&buf, c, &o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	plain := encode(nil)
	key := breaksKey(c, o)
	good := func(cache *model.Cache) {
		t.Helper()
		kept, ok := render.Kept(cache, breaksKind, key)
		if !ok || (&breakStore{}).load(kept) != nil {
			t.Error("no good breaks kept in place of bad ones")
		}
	}
	cache := &model.Cache{Dir: t.TempDir(), Version: "test"}
	encode(cache)
	kept, _ := render.Kept(cache, breaksKind, key)
	// every paragraph's lines one word longer or shorter: ends a
	// paragraph cannot have, or at other places
	st := &breakStore{}
	if err := st.load(kept); err != nil {
		t.Fatal(err)
	}
	shifted := &breakStore{}
	for _, k := range st.keys {
		ends, _ := st.find(k, nil)
		for i := range ends {
			ends[i]++
		}
		shifted.put(k, ends)
	}
	keptBad(t, cache, breaksKind, key, [][]byte{shifted.encode()}, func() {
		if b := encode(cache); !bytes.Equal(b, plain) {
			t.Fatal("the book set over bad kept breaks differs")
		}
	}, func() { good(cache) })
}

// TestKeptBreaksPruned: the breaks of paragraphs no longer in the book
// are not kept again, and the file is kept again then, though no
// paragraph was weighed.
func TestKeptBreaksPruned(t *testing.T) {
	c := generated(t, 20)
	o := &Options{Now: rendertest.Now, Config: &Config{Layout: "a5"}}
	cache := &model.Cache{Dir: t.TempDir(), Version: "test"}
	count := func() int {
		t.Helper()
		kept, _ := render.Kept(cache, breaksKind, breaksKey(c, o))
		st := &breakStore{}
		if err := st.load(kept); err != nil {
			t.Fatal(err)
		}
		return len(st.keys)
	}
	encode := func() {
		o := *o
		o.Cache = cache
		if err := Encode(new(bytes.Buffer), c, &o); err != nil {
			t.Fatal(err)
		}
	}
	encode()
	all := count()
	c.Entries = c.Entries[:10]
	before := paragraphsBroken.Load()
	encode()
	// the contents and the sources changed: some paragraphs are new
	if fewer := count(); fewer >= all {
		t.Fatalf("%d paragraphs kept for half the entries, %d for all", fewer, all)
	}
	if paragraphsBroken.Load()-before > int64(all/4) {
		t.Errorf("%d of %d paragraphs weighed again for a book of half the entries", paragraphsBroken.Load()-before, all)
	}
}

// TestBreaksRoundTrip: what load reads of what encode writes encodes to
// the same bytes and finds the same ends; a load that fails reads
// nothing.
func TestBreaksRoundTrip(t *testing.T) {
	st := &breakStore{}
	want := map[breakKey][]int32{{1, 2}: {3, 7, 9}, {1, 1}: {200}, {0xffff_ffff_ffff_ffff, 0}: {1, 2, 300, 301}}
	for k, e := range want {
		st.put(k, e)
	}
	b := st.encode()
	loaded := &breakStore{}
	if err := loaded.load(b); err != nil {
		t.Fatal(err)
	}
	for k, e := range want {
		got, ok := loaded.find(k, nil)
		if !ok || !reflect.DeepEqual(got, e) {
			t.Errorf("%v: found %v, %v; want %v", k, got, ok, e)
		}
	}
	if _, ok := loaded.find(breakKey{5, 5}, nil); ok {
		t.Error("found a paragraph never put")
	}
	// many keys, spread as hashes are: each is found, in its slot
	many := &breakStore{}
	rnd := rand.New(rand.NewPCG(1, 2))
	keys := map[breakKey]int32{}
	for len(keys) < 5000 {
		k := breakKey{rnd.Uint64(), rnd.Uint64()}
		if len(keys)%7 == 0 {
			k.hi = keys0(keys) // keys that share hi
		}
		keys[k] = int32(len(keys) + 1)
		many.put(k, []int32{keys[k]})
	}
	lm := &breakStore{}
	if err := lm.load(many.encode()); err != nil {
		t.Fatal(err)
	}
	for k, n := range keys {
		if got, ok := lm.find(k, nil); !ok || len(got) != 1 || got[0] != n {
			t.Fatalf("%v: found %v, %v; want [%d]", k, got, ok, n)
		}
		k.lo ^= 1
		if _, ok := keys[k]; !ok {
			if _, found := lm.find(k, nil); found {
				t.Fatalf("%v: found, never put", k)
			}
		}
	}
	if again := loaded.encode(); !bytes.Equal(again, b) {
		t.Error("the loaded breaks, all used, encode to other bytes")
	}
	for _, cut := range []int{len(b) - 1, len(b) - 3, len(breaksMagic) + 1} {
		d := &breakStore{}
		if d.load(b[:cut]) == nil || len(d.keys) != 0 {
			t.Errorf("a cut encoding (%d of %d bytes) loaded", cut, len(b))
		}
	}
}

// keys0 returns the hi of some key of keys (0 when there is none).
func keys0(keys map[breakKey]int32) uint64 {
	for k := range keys {
		return k.hi
	}
	return 0
}

// TestValidEnds: line ends read back are used only when a paragraph can
// have them.
func TestValidEnds(t *testing.T) {
	bws := []breakWord{{canEnd: true}, {canEnd: false}, {canEnd: true}, {canEnd: true}}
	for _, c := range []struct {
		ends []int32
		ok   bool
	}{
		{[]int32{1, 3, 4}, true}, {[]int32{4}, true}, {[]int32{3, 4}, true},
		{nil, false}, {[]int32{3}, false}, {[]int32{2, 4}, false}, {[]int32{3, 3, 4}, false},
		{[]int32{3, 1, 4}, false}, {[]int32{0, 4}, false}, {[]int32{5}, false}, {[]int32{1, 5, 4}, false},
	} {
		if got := validEnds(c.ends, bws, len(bws)); got != c.ok {
			t.Errorf("validEnds(%v) = %v, want %v", c.ends, got, c.ok)
		}
	}
}

// FuzzBreaksLoad: loading any bytes never panics, and what loads finds
// rising ends for every key.
func FuzzBreaksLoad(f *testing.F) {
	st := &breakStore{}
	st.put(breakKey{1, 2}, []int32{3, 7, 9})
	st.put(breakKey{3, 4}, []int32{130, 131})
	f.Add(st.encode())
	f.Add([]byte(breaksMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		d := &breakStore{}
		if d.load(b) != nil {
			return
		}
		for _, k := range d.keys {
			ends, ok := d.find(k, nil)
			if !ok {
				continue // ends past MaxInt32
			}
			prev := int32(0)
			for _, e := range ends {
				if e <= prev {
					t.Fatalf("%v: ends %v", k, ends)
				}
				prev = e
			}
		}
		d.encode()
	})
}
