package pdf

import "testing"

func TestCurly(t *testing.T) {
	for in, want := range map[string]string{
		`The "Long" Argument`:     "The “Long” Argument",
		`O'Connell`:               "O’Connell",
		`"Don't," she said`:       "“Don’t,” she said",
		`'Tis the 'Best' of '90s`: "‘Tis the ‘Best’ of ’90s",
		`(“already”) curly`:       "(“already”) curly",
		`plain`:                   "plain",
	} {
		if got := curly(in); got != want {
			t.Errorf("curly(%q) = %q, want %q", in, got, want)
		}
	}
}
