package epub

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/internal/corpus"
	"github.com/commonplace-book/commonplace/model"
)

// TestSameOnEveryCore writes the same books on one core and on several:
// entries are written and documents compressed in parallel, and neither
// the bytes nor the warnings may depend on the scheduling. The generated
// book spans several windows of entries (entryWindow) and carries the
// print edition's page list; one entry has a bad language tag (warned
// about in order).
func TestSameOnEveryCore(t *testing.T) {
	c, err := corpus.Collection(2*entryWindow+40, 3)
	if err != nil {
		t.Fatal(err)
	}
	c.Entries[entryWindow+7].Lang = "not a tag!"
	_, pages := printEdition(t, c, false)
	render := func(procs int) ([]byte, []string) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		var warns []string
		var buf bytes.Buffer
		o := &Options{Pages: pages, Now: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC), MaxDocBytes: 64 << 10,
			Warn: func(p model.Problem) { warns = append(warns, fmt.Sprint(p)) }}
		if err := Encode(&buf, c, o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), warns
	}
	one, w1 := render(1)
	if len(w1) == 0 {
		t.Error("no warning about the bad language tag")
	}
	for _, procs := range []int{2, 4} {
		many, wn := render(procs)
		if !bytes.Equal(one, many) {
			t.Errorf("%d cores: the book differs from one core's", procs)
		}
		if fmt.Sprint(w1) != fmt.Sprint(wn) {
			t.Errorf("%d cores: warnings %q, one core %q", procs, wn, w1)
		}
	}
}
