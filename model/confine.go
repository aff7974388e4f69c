package model

import (
	"fmt"

	"github.com/commonplace-book/commonplace/internal/confine"
)

// confinePaths checks the collection-wide settings that name files or
// folders (build.dir): each must stay inside the collection (build.names,
// inside the output folder, is checked by package build and refused when
// writing; the renderers confine the paths of their own sections with
// ConfinedPath). A
// path that does not is reported at its line and cleared, so that nothing
// is read or written outside the collection; only paths given on the
// command line (-o, --history) may point elsewhere.
func confinePaths(s *Settings) []Problem {
	var probs []Problem
	bad := func(key, val, where string) {
		probs = append(probs, Problem{Path: SettingsFile, Line: s.Line(key), Severity: Error,
			Message: fmt.Sprintf("setting %s: %q leaves the %s; give a relative path inside it (only -o and --history on the command line may point elsewhere)", key, Safe(val, 60), where)})
	}
	if d := s.Build.Dir; d != "" && !confine.Inside(d) {
		bad("build.dir", d, "collection folder")
		s.Build.Dir = ""
	}
	return probs
}

// ConfinedPath returns a problem when the setting key ("epub.cover") names
// a path that leaves the collection folder (where: "collection folder",
// "collection's layouts folder"); such a setting must not be used. Only
// paths given on the command line may point elsewhere.
func (s Settings) ConfinedPath(key, val, where string) *Problem {
	if val == "" || confine.Inside(val) {
		return nil
	}
	p := Problem{Path: SettingsFile, Line: s.Line(key), Severity: Error,
		Message: fmt.Sprintf("setting %s: %q leaves the %s; give a relative path inside it (only -o and --history on the command line may point elsewhere)", key, Safe(val, 60), where)}
	return &p
}
