package model

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// locationPieces are what texts are made of to test findLocation: the
// parts of a location line, dashes, spaces and newlines.
var locationPieces = []string{"— ", "–", "-", " ", "\t", "\n", "page", "Pages", "p.", "pp.", "location", "LOC.", ":", " 12", "180-183",
	", ", ";", "x", "word ", "ü", "— page 12", "\n— p. 3, loc. 95", "—", "^ref", "(", ")", ").", " (p. 12)", "\n(pp. 4-5)"}

// TestFindLocation: findLocation, which runs the expression on the last
// line only, finds what locationLine finds on the whole text, on 50,000
// texts made of the pieces of location lines.
func TestFindLocation(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	found := 0
	for range 50000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(locationPieces[rng.IntN(len(locationPieces))])
		}
		text := b.String()
		got, want := findLocation(text), locationLine.FindStringSubmatchIndex(text)
		if !slices.Equal(got, want) {
			t.Fatalf("%q: %v, want %v", text, got, want)
		}
		if want != nil {
			found++
		}
	}
	if found < 1000 {
		t.Fatalf("only %d texts had a location", found)
	}
}

// FuzzFindLocation compares findLocation with locationLine on any text.
func FuzzFindLocation(f *testing.F) {
	for _, s := range []string{"The end.\n— page 12", "— p. 3, loc. 95", "a — b\n— location: 180-183", "x\n\n–pp.7", "“The end.” (p. 12).", "x\n(loc. 95)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := findLocation(text), locationLine.FindStringSubmatchIndex(text); !slices.Equal(got, want) {
			t.Fatalf("%q: %v, want %v", text, got, want)
		}
	})
}
