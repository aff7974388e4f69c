package model

import (
	"fmt"

	"github.com/commonplace-book/commonplace/internal/confine"
)

// confinePaths checks the settings that name files or folders: each must
// stay inside the collection (build.names, inside the output folder, is
// checked by package build and refused when writing). A
// path that does not is reported at its line and cleared, so that nothing
// is read or written outside the collection; only paths given on the
// command line (-o, --history) may point elsewhere.
func confinePaths(s *Settings) []Problem {
	var probs []Problem
	bad := func(key, val, where string) {
		probs = append(probs, Problem{Path: SettingsFile, Line: s.Line(key), Severity: Error,
			Message: fmt.Sprintf("setting %s: %q leaves the %s; give a relative path inside it (only -o and --history on the command line may point elsewhere)", key, Safe(val, 60), where)})
	}
	if h := s.Feed.History; h != "" && !confine.Inside(h) {
		bad("feed.history", h, "collection folder")
		s.Feed.History = ""
	}
	if d := s.Build.Dir; d != "" && !confine.Inside(d) {
		bad("build.dir", d, "collection folder")
		s.Build.Dir = ""
	}
	if c := s.EPUB.Cover; c != "" && !confine.Inside(c) {
		bad("epub.cover", c, "collection folder")
		s.EPUB.Cover = ""
	}
	for _, kv := range [][2]string{{"pdf.layout", s.PDF.Layout}, {"epub.theme", s.EPUB.Theme}} {
		if v := kv[1]; v != "" && !confine.Inside(v) {
			bad(kv[0], v, "collection's layouts folder")
		}
	}
	if v := s.PDF.Layout; v != "" && !confine.Inside(v) {
		s.PDF.Layout = ""
	}
	if v := s.EPUB.Theme; v != "" && !confine.Inside(v) {
		s.EPUB.Theme = ""
	}
	return probs
}
