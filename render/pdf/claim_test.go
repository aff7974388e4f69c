package pdf

import (
	"bytes"
	"testing"
	"time"

	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/rendertest"
)

// TestClaimPages: once a run has claimed the pages for the PDF's Render,
// another output asking for them first waits for that Render instead of
// laying them out apart (the book is set once), and gets the pages Render
// gives; released without a Render, it is told there are none at once.
func TestClaimPages(t *testing.T) {
	c := rendertest.LoadSamples(t)
	o := rendertest.Options(nil)
	o.Shared = &render.Shared{}
	var r Renderer
	release := r.ClaimPages(c, o)
	before := typesets.Load()
	type got struct {
		n   int
		err error
	}
	asked := make(chan got, 1)
	go func() {
		pages, err := r.Pages(c, o)
		n := 0
		if pages != nil {
			n = len(pages.Breaks)
		}
		asked <- got{n, err}
	}()
	time.Sleep(50 * time.Millisecond) // Pages asks before Render starts
	var buf bytes.Buffer
	if err := r.Render(&buf, c, o); err != nil {
		t.Fatal(err)
	}
	release()
	g := <-asked
	if g.err != nil || g.n == 0 {
		t.Fatalf("Pages: %d pages, %v", g.n, g.err)
	}
	if n := typesets.Load() - before; n != 1 {
		t.Errorf("the book was typeset %d times, want once", n)
	}

	// Claimed, and released without a Render.
	o.Shared = &render.Shared{}
	release = r.ClaimPages(c, o)
	done := make(chan error, 1)
	go func() {
		_, err := r.Pages(c, o)
		done <- err
	}()
	release()
	select {
	case err := <-done:
		if err == nil {
			t.Error("Pages after a release without Render: no error")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Pages still waits after the release")
	}
}
