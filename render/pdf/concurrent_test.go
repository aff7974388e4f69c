package pdf

import (
	"bytes"
	"fmt"
	"io"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/books"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestConcurrentEncodes renders in parallel, as "commonplace build" does;
// run with -race.
func TestConcurrentEncodes(t *testing.T) {
	c := rendertest.LoadSamples(t)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func(print bool) {
			defer wg.Done()
			if err := Encode(io.Discard, c, &Options{Config: &Config{Layout: "a5", Print: print}}); err != nil {
				t.Error(err)
			}
		}(i%2 == 1)
	}
	wg.Wait()
}

// TestSameOnEveryCore renders the same books on one core and on several:
// entries are set and pages compressed in parallel, and neither the bytes
// nor the warnings may depend on the scheduling.
func TestSameOnEveryCore(t *testing.T) {
	books := []struct {
		name string
		c    *model.Collection
	}{
		{"samples", rendertest.LoadSamples(t)},
		{"odd", rendertest.LoadOdd(t)},
		{"generated", generated(t, 300)},
	}
	render := func(c *model.Collection, print bool) ([]byte, []string) {
		var warns []string
		var buf bytes.Buffer
		o := &Options{Now: rendertest.Now, Config: &Config{Layout: "a5", Print: print}, Warn: func(p model.Problem) { warns = append(warns, p.String()) }}
		if err := Encode(&buf, c, o); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes(), warns
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, bk := range books {
		for _, print := range []bool{false, true} {
			runtime.GOMAXPROCS(1)
			one, oneWarns := render(bk.c, print)
			runtime.GOMAXPROCS(4)
			four, fourWarns := render(bk.c, print)
			if !bytes.Equal(one, four) {
				t.Errorf("%s (print %v): the PDF on 1 core (%d bytes) differs from the PDF on 4 (%d bytes)", bk.name, print, len(one), len(four))
			}
			if !slices.Equal(oneWarns, fourWarns) {
				t.Errorf("%s (print %v): warnings on 1 core differ from those on 4:\n%q\n%q", bk.name, print, oneWarns, fourWarns)
			}
		}
	}
}

// TestInOrder checks the parallel setter: results used in order,
// warnings replayed in order before their piece, and a worker's panic
// re-raised on the caller with the place it was setting.
func TestInOrder(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	var warned []string
	s, err := newShaper(func(path string, line int, msg string) {
		warned = append(warned, fmt.Sprintf("%s:%d: %s", path, line, msg))
	})
	if err != nil {
		t.Fatal(err)
	}
	b := &builder{s: s}
	var used []int
	b.inOrder(200, func(wb *builder, i int) {
		wb.s.at(fmt.Sprintf("e%d.md", i), i)
		if i%7 == 0 {
			wb.s.warnf("seven")
		}
		for k := 0; k < i%3+1; k++ {
			wb.items = append(wb.items, item{h: float64(i)})
		}
	}, func(i int, items []item) {
		if len(items) != i%3+1 || items[0].h != float64(i) {
			t.Fatalf("piece %d: got %d items of %v", i, len(items), items)
		}
		if want := i/7 + 1; len(warned) != want {
			t.Fatalf("piece %d: %d warnings replayed before it, want %d", i, len(warned), want)
		}
		used = append(used, i)
	})
	if len(used) != 200 || !slices.IsSorted(used) {
		t.Errorf("pieces used out of order or missing: %v", used)
	}
	if warned[1] != "e7.md:7: seven" {
		t.Errorf("second warning %q, want e7.md:7: seven", warned[1])
	}

	before := runtime.NumGoroutine()
	func() {
		defer func() {
			r := recover()
			if r != "boom" || b.s.path != "e5.md" || b.s.line != 2 {
				t.Errorf("recovered %v at %s:%d, want boom at e5.md:2", r, b.s.path, b.s.line)
			}
		}()
		b.inOrder(1000, func(wb *builder, i int) {
			wb.s.at(fmt.Sprintf("e%d.md", i), 2)
			if i == 5 {
				panic("boom")
			}
		}, func(i int, items []item) {
			if i >= 5 {
				t.Errorf("piece %d used after the panic", i)
			}
		})
	}()
	// the workers stop once the caller has gone
	for k := 0; k < 200 && runtime.NumGoroutine() > before; k++ {
		time.Sleep(5 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left after the panic, %d before", n, before)
	}
}

// blockingWriter holds the first Write until release is closed.
type blockingWriter struct {
	release chan struct{}
	buf     bytes.Buffer
}

func (w *blockingWriter) Write(p []byte) (int, error) {
	<-w.release
	return w.buf.Write(p)
}

// TestPagesBeforeTheBookIsWritten: in a run that makes the PDF and asks
// for its pages (the EPUB's page list), the pages are given out as soon
// as they are laid out, while the PDF is still being finished and
// written, and they are the pages that counting alone gives, in both
// profiles; the book is the same bytes as Encode's.
func TestPagesBeforeTheBookIsWritten(t *testing.T) {
	c := rendertest.LoadSamples(t)
	for _, print := range []bool{false, true} {
		cfg := Config{Layout: "a5", Print: print}
		o := render.Options{Now: rendertest.Now, Configs: render.Configs{"pdf": cfg}, Shared: &render.Shared{}}
		w := &blockingWriter{release: make(chan struct{})}
		done := make(chan error, 1)
		go func() { done <- Renderer{}.Render(w, c, o) }()
		got := make(chan *books.Pages, 1)
		go func() {
			p, err := Renderer{}.Pages(c, o)
			if err != nil {
				t.Error(err)
			}
			got <- p
		}()
		var pages *books.Pages
		select {
		case pages = <-got:
		case err := <-done:
			t.Fatalf("print %v: Render returned (%v) before it wrote anything", print, err)
		case <-time.After(2 * time.Minute):
			t.Fatalf("print %v: the pages were not given out before the book was written", print)
		}
		close(w.release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		want, err := Renderer{}.Pages(c, render.Options{Now: rendertest.Now, Configs: render.Configs{"pdf": cfg}})
		if err != nil {
			t.Fatal(err)
		}
		if pages == nil || len(pages.Breaks) == 0 || !reflect.DeepEqual(pages, want) {
			t.Errorf("print %v: pages while drawing differ from the pages counted", print)
		}
		var ref bytes.Buffer
		if err := Encode(&ref, c, &Options{Config: &cfg, Now: rendertest.Now}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(ref.Bytes(), w.buf.Bytes()) {
			t.Errorf("print %v: Render's book differs from Encode's", print)
		}
	}
}
