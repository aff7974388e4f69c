package pdf

import (
	"testing"

	"github.com/commonplace-book/commonplace/internal/hyphen"
	"github.com/commonplace-book/commonplace/model"
)

// TestShortLastLines sets the quotes of generated entries as justified
// paragraphs on the A5 measure and counts paragraphs that end on a line
// of one word, or on a line shorter than an eighth of the measure: few
// enough that a reader rarely meets one (some cannot be avoided without
// loose lines).
func TestShortLastLines(t *testing.T) {
	c := generated(t, 300)
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	const width = 340.0
	paras, oneWord, short := 0, 0, 0
	for _, e := range c.Entries {
		for _, q := range e.Quotes {
			for _, bl := range q.Blocks {
				if isVerse(bl.Runs) || len(model.Plain(bl.Runs)) < 200 {
					continue
				}
				words := s.hyphenate(s.shape(bl.Runs, style{size: 10}, nil, width), hyphen.For("en"))
				ls := s.setParagraph(words, para{width: width, align: alignJustify, size: 10, leading: 13.6})
				if len(ls) < 2 {
					continue
				}
				paras++
				last := ls[len(ls)-1]
				end := last.segs[len(last.segs)-1]
				words1 := 0
				for _, sg := range last.segs {
					if sg.space || words1 == 0 {
						words1++
					}
				}
				switch {
				case words1 == 1:
					oneWord++
				case end.x+end.w < width/8:
					short++
				}
			}
		}
	}
	t.Logf("%d paragraphs: %d end on one word (%.1f %%), %d more on a line under 1/8 of the measure (%.1f %%)",
		paras, oneWord, 100*float64(oneWord)/float64(paras), short, 100*float64(short)/float64(paras))
	if paras < 500 {
		t.Fatalf("only %d paragraphs", paras)
	}
	// with the old, weaker penalty: 5.7 % and 4.0 %
	if float64(oneWord) > 0.02*float64(paras) || float64(short) > 0.03*float64(paras) {
		t.Errorf("too many short last lines (want at most 2 %% of one word, 3 %% short)")
	}
}
