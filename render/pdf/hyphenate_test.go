package pdf

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/internal/hyphen"
	"github.com/commonplace-book/commonplace/model"
)

// setText shapes, hyphenates (in lang; "" for none) and breaks text.
func setText(t *testing.T, runs []model.Run, lang string, width float64) []*line {
	t.Helper()
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	words := s.shape(runs, style{size: 10}, nil, width)
	words = s.hyphenate(words, hyphen.For(lang))
	return s.setParagraph(words, para{width: width, align: alignJustify, size: 10, leading: 12})
}

const longText = "Typographical considerations notwithstanding, international organisations occasionally " +
	"communicate extraordinarily complicated administrative regulations, characteristically " +
	"incomprehensible to uninitiated representatives, intergovernmental commissions, " +
	"parliamentary subcommittees and institutional bureaucracies everywhere."

func TestHyphenatedLines(t *testing.T) {
	ls := setText(t, []model.Run{{Text: longText}}, "en", 150)
	hyph, run, maxRun := 0, 0, 0
	var got []string
	for i, ln := range ls {
		txt := joinedText(ln)
		got = append(got, txt)
		if strings.HasSuffix(txt, "-") {
			if i == len(ls)-1 {
				t.Errorf("the last line ends with a hyphen: %q", txt)
			}
			hyph++
			run++
			maxRun = max(maxRun, run)
		} else {
			run = 0
		}
		end := 0.0
		for _, sg := range ln.segs {
			end = max(end, sg.x+sg.w)
		}
		if end > 150.01 {
			t.Errorf("line %q ends at %.2f, beyond the measure", txt, end)
		}
	}
	if hyph == 0 {
		t.Errorf("no hyphenated line in a narrow paragraph of long words:\n%s", strings.Join(got, "\n"))
	}
	if maxRun > maxHyphens {
		t.Errorf("%d hyphenated lines in a row:\n%s", maxRun, strings.Join(got, "\n"))
	}
	// every hyphen falls at a point the patterns allow
	h := hyphen.For("en")
	for i, txt := range got[:len(got)-1] {
		if !strings.HasSuffix(txt, "-") {
			continue
		}
		fields := strings.Fields(txt)
		head := strings.TrimSuffix(fields[len(fields)-1], "-")
		tail := strings.Fields(got[i+1])[0]
		whole := strings.TrimRight(head+tail, ",.")
		ok := false
		for _, p := range h.Points(whole, nil) {
			ok = ok || p == len(head)
		}
		if !ok {
			t.Errorf("%q broken as %q-, not at a pattern point (%s)", whole, head, h.Hyphenate(whole, "-"))
		}
	}
	// without patterns: no hyphen at all
	for _, ln := range setText(t, []model.Run{{Text: longText}}, "", 150) {
		if strings.HasSuffix(joinedText(ln), "-") {
			t.Errorf("hyphen without a language: %q", joinedText(ln))
		}
	}
}

func TestNoHyphenInLinksCodeAndShortWords(t *testing.T) {
	runs := []model.Run{
		{Text: "aaaa bbbb cccc dddd eeee ffff gggg hhhh "},
		{Text: "representatives", Code: true},
		{Text: " iiii jjjj "},
		{Text: "extraordinarily", Link: "https://example.org/"},
		{Text: " kkkk https://example.org/administrative/organisations/characteristically abcde abcde abcde abcde"},
	}
	for _, w := range []float64{60, 70, 80, 90} {
		for _, ln := range setText(t, runs, "en", w) {
			if txt := joinedText(ln); strings.HasSuffix(txt, "-") {
				t.Errorf("width %g: hyphen in %q", w, txt)
			}
		}
	}
}

func TestSoftHyphens(t *testing.T) {
	// a soft hyphen is invisible unless the line breaks there, and it is
	// the only point of its word
	broke := false
	for w := 60.0; w < 200; w += 4 {
		ls := setText(t, []model.Run{{Text: "xxxx xxxx xxxx super\u00adcalifragilistic xxxx xxxx"}}, "en", w)
		var all []string
		for _, ln := range ls {
			all = append(all, joinedText(ln))
		}
		joined := strings.Join(all, "|")
		if strings.ContainsRune(joined, 0xAD) {
			t.Errorf("soft hyphen drawn: %q", joined)
		}
		broke = broke || strings.Contains(joined, "super-|califragilistic")
		if strings.Contains(joined, "-") && !strings.Contains(joined, "super-|") {
			t.Errorf("width %g: a hyphen elsewhere than at the soft hyphen: %q", w, joined)
		}
	}
	if !broke {
		t.Error("no line broke at the soft hyphen")
	}
	ls := setText(t, []model.Run{{Text: "word super\u00adcalifragilistic"}}, "en", 300)
	if len(ls) != 1 || joinedText(ls[0]) != "word supercalifragilistic" {
		t.Errorf("unbroken soft hyphen shows: %q", joinedText(ls[0]))
	}
}

func TestSpacesShrink(t *testing.T) {
	s, _ := newShaper(nil)
	words := s.shape([]model.Run{{Text: "aaa bbb ccc ddd eee fff ggg"}}, style{size: 10}, nil, 1000)
	natural := 0.0
	for i, w := range words {
		natural += w.w
		if i < len(words)-1 {
			natural += w.gap
		}
	}
	sp := words[0].gap
	// 3 % narrower than natural: one line, spaces shrunk
	ls := s.setParagraph(words, para{width: natural - sp*6*0.15, align: alignJustify, size: 10, leading: 12})
	if len(ls) != 1 {
		t.Fatalf("%d lines; want one line with shrunk spaces", len(ls))
	}
	// narrower than the spaces can shrink: two lines
	ls = s.setParagraph(words, para{width: natural - sp*6*0.25, align: alignJustify, size: 10, leading: 12})
	if len(ls) != 2 {
		t.Fatalf("%d lines; want two (spaces shrink at most to %.0f%%)", len(ls), 100*(1-shrinkRatio))
	}
}

func TestOneWordLastLineAvoided(t *testing.T) {
	// natural breaking leaves "me." alone; the breaker pulls a word down
	text := "It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of Darkness, tell me."
	s, _ := newShaper(nil)
	words := s.shape([]model.Run{{Text: text}}, style{size: 10}, nil, 1000)
	bad := 0
	for width := 150.0; width < 300; width++ {
		ls := s.setParagraph(words, para{width: width, align: alignJustify, size: 10, leading: 12})
		if last := ls[len(ls)-1].text(); len(ls) > 1 && !strings.Contains(last, " ") {
			bad++
		}
	}
	// a few widths leave no better choice than "me." alone (the line
	// before could take it only by overfilling)
	if bad > 8 {
		t.Errorf("%d of 150 widths end on a one-word line", bad)
	}
}

// joinedText is a line's text with a space only where the line has one.
func joinedText(ln *line) string {
	var b strings.Builder
	for i, sg := range ln.segs {
		if i > 0 && sg.space {
			b.WriteByte(' ')
		}
		b.WriteString(sg.str())
	}
	return b.String()
}

// TestFragsInBlocks: a long paragraph's fragments, hyphenation pieces
// included, go in blocks of fragBlock, not in one slice grown with the
// paragraph (whose every smaller copy the words kept alive), and every
// word keeps its own text.
func TestFragsInBlocks(t *testing.T) {
	s, _ := newShaper(nil)
	vocab := strings.Fields("extraordinary commonplace quotation remembrance philosophical understanding of a the and notwithstanding")
	var b strings.Builder
	for i := range 20000 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(vocab[(i*7+i/3)%len(vocab)])
	}
	text := b.String()
	words := s.shape([]model.Run{{Text: text}}, style{size: 10}, nil, 1000)
	words = s.hyphenate(words, hyphen.For("en"))
	if len(words) <= 20000 {
		t.Fatalf("%d words after hyphenation: nothing was hyphenated", len(words))
	}
	if cap(s.frags) > fragBlock {
		t.Errorf("the shaper's fragments grew to %d (a block holds %d)", cap(s.frags), fragBlock)
	}
	var got strings.Builder
	for _, w := range words {
		for _, f := range w.frags {
			got.WriteString(f.str())
		}
		if w.gapKind == gapSpace {
			got.WriteByte(' ')
		}
	}
	if g := strings.TrimSpace(got.String()); g != text {
		t.Errorf("the words' text differs from the paragraph's (%d bytes, want %d)", len(g), len(text))
	}
}
