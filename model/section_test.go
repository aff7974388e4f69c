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

// TestTopLevelSettingTypeError: a collection-wide setting of the wrong
// kind is said plainly at its line, as a section's is, not with the YAML
// decoder's words (it was "unmarshal errors:\n  : cannot unmarshal !!seq
// into string").
func TestTopLevelSettingTypeError(t *testing.T) {
	_, probs := ParseSettings([]byte("title: [a, b]\ndrafts: maybe\n"))
	want := []string{
		`commonplace.yaml:1: setting "title": a list where text is expected`,
		`commonplace.yaml:2: setting "drafts": "maybe" is not true or false`,
	}
	if len(probs) != len(want) {
		t.Fatalf("problems %v, want %v", probs, want)
	}
	for i, p := range probs {
		if got := p.String(); got != want[i] {
			t.Errorf("problem %d: %q, want %q", i, got, want[i])
		}
	}
}
