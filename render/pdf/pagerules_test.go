package pdf

import (
	"testing"
)

func TestGutterIsLeastInsideMargin(t *testing.T) {
	l, err := LoadLayout("", "a5")
	if err != nil {
		t.Fatal(err)
	}
	inner, outer, pw := float64(l.Margins.Inner), float64(l.Margins.Outer), float64(l.Page.Width)
	for _, g := range []float64{0, gutterFor(100), gutterFor(400), gutterFor(1000)} {
		bk := &book{l: l, o: &Options{Config: &Config{Layout: "a5", Print: true}}, gutter: g}
		bk.width = pw - bk.inside() - outer
		want := pw - max(inner, g) - outer
		if bk.width != want {
			t.Errorf("gutter %.1f: measure %.1f, want %.1f", g, bk.width, want)
		}
		if got := bk.left(0); got != max(inner, g) {
			t.Errorf("gutter %.1f: recto inside margin %.1f, want %.1f", g, got, max(inner, g))
		}
		if got := bk.left(1); got != outer {
			t.Errorf("gutter %.1f: verso left margin %.1f, want the outer %.1f", g, got, outer)
		}
	}
	// A5's 14 mm inner margin already holds the narrowest gutter
	if inner < gutterFor(100) {
		t.Fatalf("a5 inner margin %.1f narrower than the 0.375 in gutter", inner)
	}
}

func TestRunningHeadsFollowFolio(t *testing.T) {
	for _, front := range []int{4, 5} {
		for phys := front; phys < front+6; phys++ {
			folio := phys - front + 1
			if verso(phys, front) != (folio%2 == 0) {
				t.Errorf("front %d, page %d (folio %d): verso = %v", front, phys, folio, verso(phys, front))
			}
		}
	}
}
