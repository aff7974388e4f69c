package daily

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
)

// TestIndexFilters: the pool and the schedule of a collection loaded from
// the cache's index are those of the collection loaded whole, with every
// filter — the length bounds, which read each entry from the cache,
// included.
func TestIndexFilters(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for i := 0; i < 40; i++ {
		var quotes []string
		for k := 0; k < 1+i%4; k++ {
			quotes = append(quotes, fmt.Sprintf("%q", strings.Repeat("word ", 1+(i*7+k*5)%30)+fmt.Sprint(i, k)))
		}
		body := fmt.Sprintf("---\ntitle: T%d\nauthor: Author %d\ncategory: c%d\ntags: [t%d]\nlang: %s\n---\n\n%s\n",
			i, i%5, i%3, i%4, []string{"en", "fr"}[i%2], strings.Join(quotes, "\n\n"))
		p := filepath.Join(dir, fmt.Sprintf("e%02d.md", i))
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		os.Chtimes(p, old, old)
	}
	plain, err := model.Load(dir, model.LoadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	cache := &model.Cache{Dir: t.TempDir(), Version: "test"}
	for _, step := range []string{"cold", "warm"} {
		c, err := model.Load(dir, model.LoadOptions{Cache: cache, Index: true})
		if err != nil {
			t.Fatal(err)
		}
		if c.Index() == nil {
			t.Fatalf("%s: not loaded from the index", step)
		}
		for _, f := range []Filter{{}, {MaxChars: 40}, {MinChars: 60}, {MaxChars: 90, MinChars: 30}, {MaxChars: 50, Lang: "fr"}, {MinChars: 20, Author: "author 2"}, {MaxChars: 1}} {
			var want, got []string
			for _, it := range Pool(plain, f) {
				want = append(want, it.Quote.ID)
			}
			for _, j := range PoolRefs(c, f) {
				got = append(got, c.Index().QuoteID(int(j)))
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %+v: pool %v, want %v", step, f, got, want)
			}
			if all := len(Pool(plain, Filter{})); f != (Filter{}) && f.MaxChars != 1 && (len(want) == 0 || len(want) == all) {
				t.Errorf("%+v keeps %d quotes of %d: the test filters nothing", f, len(want), all)
			}
			// EachWhole gives the pool's quotes whole, in collection
			// order, from the index as from the whole collection.
			each := func(c *model.Collection) (out []string) {
				err := New(c, f, "seed").EachWhole(func(it Item) error {
					out = append(out, fmt.Sprintf("%s %d %s", it.Quote.ID, Chars(it.Quote), it.Lang))
					return nil
				})
				if err != nil {
					t.Fatalf("%s %+v: EachWhole: %v", step, f, err)
				}
				return out
			}
			wantWhole := each(plain)
			if gotWhole := each(c); !reflect.DeepEqual(gotWhole, wantWhole) {
				t.Errorf("%s %+v: EachWhole gives %v, want %v", step, f, gotWhole, wantWhole)
			}
			if len(wantWhole) != len(want) {
				t.Fatalf("%s %+v: EachWhole gives %d quotes, the pool has %d", step, f, len(wantWhole), len(want))
			}
			for k, w := range wantWhole {
				if id, _, _ := strings.Cut(w, " "); id != want[k] || strings.Contains(w, " 0 ") {
					t.Errorf("%s %+v: EachWhole's quote %d is %q, want %s with its text", step, f, k, w, want[k])
				}
			}
			if len(want) == 0 {
				continue
			}
			a, errA := New(plain, f, "seed").Picks(0, 20, nil)
			b, errB := New(c, f, "seed").Picks(0, 20, nil)
			if errA != nil || errB != nil || len(a) != len(b) {
				t.Fatalf("%s %+v: picks %v %v", step, f, errA, errB)
			}
			// The days' entries are the index's heads (Index.Entry: the
			// same *Entry every time, without its body), not entries
			// read whole for every day shown.
			again, _ := New(c, f, "seed").Picks(0, 20, nil)
			for k := range a {
				if a[k].Item.Quote.ID != b[k].Item.Quote.ID {
					t.Errorf("%s %+v: day %d is %s, want %s", step, f, k, b[k].Item.Quote.ID, a[k].Item.Quote.ID)
				}
				if k < len(again) && again[k].Item.Entry != b[k].Item.Entry {
					t.Errorf("%s %+v: day %d's entry is read anew each time, not the index's head", step, f, k)
				}
			}
		}
	}
}
