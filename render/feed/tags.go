package feed

import (
	"regexp"
	"strings"

	"github.com/commonplace-book/commonplace/model"
)

// rawTag matches raw HTML tags and comments left in the text of runs.
var rawTag = regexp.MustCompile(`<!--[\s\S]*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)

// stripTags drops raw HTML tags from s: they are markup the Markdown
// carried, not text, and no feed shows them (pandoc's plain writer drops
// them too). The text between tags stays.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	return rawTag.ReplaceAllString(s, "")
}

// textRuns returns runs with raw HTML tags stripped from their text;
// runs left empty are dropped.
func textRuns(runs []model.Run) []model.Run {
	out := make([]model.Run, 0, len(runs))
	for _, r := range runs {
		if r.Text != "" && !r.Code {
			r.Text = stripTags(r.Text)
			if r.Text == "" && !r.Break && r.Note == "" {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}
