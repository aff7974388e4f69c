package pdf

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestLazyBodyGone: the PDF of a lazily loaded collection reads each body
// as it sets the entry; when bodies cannot be read (their files gone),
// the book fails with the error of the first of them in reading order,
// on one core or several, and neither panics nor hangs.
func TestLazyBodyGone(t *testing.T) {
	dir := rendertest.CopySamples(t)
	c, err := model.Load(dir, model.LoadOptions{Lazy: true})
	if err != nil {
		t.Fatal(err)
	}
	// reading order: the groups' entries in turn
	var order []*model.Entry
	for _, g := range c.Groups(c.Settings.Defaults().Group) {
		order = append(order, g.Entries...)
	}
	if len(order) < 4 {
		t.Fatalf("%d entries in the samples", len(order))
	}
	first, later := order[1].Path, order[len(order)-2].Path
	for _, p := range []string{later, first} {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(p))); err != nil {
			t.Fatal(err)
		}
	}
	for _, procs := range []int{1, 4} {
		old := runtime.GOMAXPROCS(procs)
		for _, print := range []bool{false, true} {
			err := Encode(io.Discard, c, &Options{Config: &Config{Layout: "a5", Print: print}})
			if err == nil || !strings.Contains(err.Error(), first) || strings.Contains(err.Error(), later) {
				t.Errorf("%d cores, print %v: %v; want the error of %s", procs, print, err, first)
			}
		}
		runtime.GOMAXPROCS(old)
	}
}
