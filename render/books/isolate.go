package books

import (
	"sort"
	"strings"
	"unicode"

	"github.com/commonplace-book/commonplace/model"
)

// Bidi isolation marks (Unicode bidi algorithm, UAX #9).
const (
	// FSI opens a first-strong isolate: the text up to the matching PDI
	// takes its direction from its own first strong letter and is a
	// neutral to the text around it.
	FSI = '\u2068'
	// PDI closes an isolate.
	PDI = '\u2069'
)

// IsolateFields wraps each field of e that appears in a citation and is
// written in the other direction than the book (right to left in a
// left-to-right book, left to right in a right-to-left one) in bidi
// isolation marks (FSI … PDI). An Arabic title inside an English
// citation then reads right to left as a unit while the commas, full
// stops and brackets around it stay where English puts them, and two
// such fields side by side keep their order; the same for an English
// title in an Arabic book. Fields are the title, the publication, the
// publisher, the place and the names of authors, editors and
// translators, as they appear in the text (longest first, each place of
// the text isolated once). Runs are returned unchanged when nothing needs
// isolating.
func IsolateFields(e *model.Entry, runs []model.Run, rtlBook bool) []model.Run {
	foreign := func(s string) bool {
		for _, r := range s {
			if !unicode.IsLetter(r) {
				continue
			}
			if rtlRune(r) != rtlBook {
				return true
			}
		}
		return false
	}
	var fields []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if s != "" && foreign(s) {
			fields = append(fields, s)
		}
	}
	add(e.Title)
	add(e.Publication)
	add(e.Publisher)
	add(e.Place)
	for _, ns := range [][]model.Name{e.Authors, e.Editors, e.Translators} {
		for _, n := range ns {
			add(n.String())
			add(n.Inverted())
			add(n.Family)
			add(n.Given)
		}
	}
	if len(fields) == 0 {
		return runs
	}
	sort.SliceStable(fields, func(i, j int) bool { return len(fields[i]) > len(fields[j]) })
	// The text of the runs as one string, and where each run starts in it.
	var b strings.Builder
	starts := make([]int, len(runs))
	for i, r := range runs {
		starts[i] = b.Len()
		if !r.Break && r.Note == "" {
			b.WriteString(r.Text)
		}
	}
	text := b.String()
	type span struct{ a, b int }
	var spans []span
	taken := func(a, z int) bool {
		for _, s := range spans {
			if a < s.b && s.a < z {
				return true
			}
		}
		return false
	}
	for _, f := range fields {
		for from := 0; from < len(text); {
			i := strings.Index(text[from:], f)
			if i < 0 {
				break
			}
			a := from + i
			z := a + len(f)
			if !taken(a, z) {
				spans = append(spans, span{a, z})
			}
			from = z
		}
	}
	if len(spans) == 0 {
		return runs
	}
	// Insert the marks: FSI before a span's first byte, PDI after its
	// last, in the run that holds that byte.
	marks := map[int][]string{} // offset in text → marks to insert there
	for _, s := range spans {
		marks[s.a] = append(marks[s.a], string(FSI))
		marks[s.b] = append([]string{string(PDI)}, marks[s.b]...)
	}
	out := make([]model.Run, len(runs))
	copy(out, runs)
	for i := range out {
		r := &out[i]
		if r.Break || r.Note != "" {
			continue
		}
		start, end := starts[i], starts[i]+len(r.Text)
		var nb strings.Builder
		for k := start; k <= end; k++ {
			if ms, ok := marks[k]; ok {
				for _, m := range ms {
					// an opening mark belongs to the run its text starts
					// in, a closing one to the run its text ends in
					if m == string(FSI) && k < end || m == string(PDI) && k > start {
						nb.WriteString(m)
					}
				}
			}
			if k < end {
				nb.WriteByte(text[k])
			}
		}
		r.Text = nb.String()
	}
	return out
}

// rtlRune reports whether r is a letter of a right-to-left script.
func rtlRune(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF ||
		r >= 0x10800 && r <= 0x10FFF || r >= 0x1E800 && r <= 0x1EFFF
}
