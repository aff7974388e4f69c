package model

import "testing"

// TestPlainTypeError: a value of the wrong type in a settings section is
// said in the words of the file, not the YAML decoder's.
func TestPlainTypeError(t *testing.T) {
	for in, want := range map[string]string{
		"cannot unmarshal !!str `maybe` into bool":  `"maybe" is not true or false`,
		"cannot unmarshal !!str `ten` into int":     `"ten" is not a whole number`,
		"cannot unmarshal !!seq into int":           "a list where a whole number is expected",
		"cannot unmarshal !!map into []string":      "fields where a list is expected",
		"cannot unmarshal !!str `x` into string":    `"x" is not text`,
		"cannot unmarshal !!str `x` into float64":   `"x" is not a number`,
		"something else entirely":                   "something else entirely",
		"cannot unmarshal !!str `x` into time.Time": "cannot unmarshal !!str `x` into time.Time",
	} {
		if got := plainTypeError(in); got != want {
			t.Errorf("plainTypeError(%q) = %q, want %q", in, got, want)
		}
	}
}
