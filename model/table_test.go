package model

import "testing"

func TestTextWidth(t *testing.T) {
	for _, c := range []struct {
		s    string
		want int
	}{
		{"", 0},
		{"Economy", 7},
		{"読書", 4},        // wide: two columns each
		{"ＡＢ", 4},        // full-width
		{"e\u0301te", 3}, // a combining accent takes no column
		{"a\u200db", 2},  // nor a format character
		{"Ελληνικά", 8},
	} {
		if got := textWidth(c.s); got != c.want {
			t.Errorf("textWidth(%q) = %d, want %d", c.s, got, c.want)
		}
	}
}
