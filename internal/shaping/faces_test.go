package shaping

import "testing"

// TestEveryFaceParses checks that every embedded face parses (faces are
// parsed when first used, and a face that did not would panic then) and
// that only the book faces are parsed up front.
func TestEveryFaceParses(t *testing.T) {
	r, err := load()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Faces {
		parsed := f.font != nil
		if book := f.Role == RoleSerif; parsed != book {
			t.Errorf("%s: parsed up front %v, want %v", f.File, parsed, book)
		}
		if f.Font() == nil || f.UnitsPerEm() <= 0 || f.Ascent() <= 0 || f.Descent() >= 0 {
			t.Errorf("%s: font %v, %v units per em, ascent %v, descent %v", f.File, f.Font() != nil, f.UnitsPerEm(), f.Ascent(), f.Descent())
		}
	}
}
