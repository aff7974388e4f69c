package pdf

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

func TestBidiDisplayOrder(t *testing.T) {
	// In a left-to-right line a run of Arabic words is reversed, each
	// word's letters too; a number after Arabic belongs to its run (rule
	// W2) but keeps its digits in order; Latin words keep their order.
	got := lineText(t, "Abu قال كلمة 123 end", false)
	words := strings.Fields(got)
	if len(words) != 5 || words[0] != "Abu" || words[1] != "123" || words[4] != "end" {
		t.Fatalf("display order %q", got)
	}
	// كلمة shown before قال, its letters reversed
	if []rune(words[2])[0] != 0x0629 { // teh marbuta, the word's last letter
		t.Errorf("Arabic run not reversed: %q (%U)", got, []rune(words[2]))
	}
	// A right-to-left paragraph: the first word is rightmost; a Latin
	// word inside keeps its letters in order.
	got = lineText(t, "قال Abu نعم.", true)
	words = strings.Fields(got)
	if len(words) < 3 || words[len(words)-2] != "Abu" || []rune(words[len(words)-1])[0] != 0x0644 {
		t.Fatalf("rtl display order %q", got)
	}
	if !strings.HasPrefix(words[0], ".") {
		t.Errorf("final full stop should be leftmost in a right-to-left line: %q", got)
	}
}

func TestFallbackFaces(t *testing.T) {
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	words := s.shape([]model.Run{{Text: "Ἐν ἀρχῇ 道可道 Привет "}, {Text: "كلمة", Italic: true}, {Text: " bold", Bold: true, Italic: true}}, style{size: 10}, nil, 1000)
	faces := map[string]face{}
	for _, w := range words {
		for _, f := range w.frags {
			faces[f.str()] = f.face
		}
	}
	for text, want := range map[string]face{"Ἐν": faceRegular, "道": faceCJK, "Привет": faceRegular, "bold": faceBoldItalic} {
		if got, ok := faces[text]; !ok || got != want {
			t.Errorf("%q drawn in face %d (found %v), want %d", text, got, ok, want)
		}
	}
	arabic := false
	for text, f := range faces {
		if strings.ContainsRune(text, 'م') || f == faceArabic {
			arabic = f == faceArabic
		}
	}
	if !arabic {
		t.Errorf("Arabic not drawn in the Arabic face: %v", faces)
	}
}

func TestLongWordsBreak(t *testing.T) {
	s, _ := newShaper(nil)
	words := s.shape([]model.Run{{Text: strings.Repeat("x", 400) + " https://example.org/" + strings.Repeat("segment/", 30)}}, style{size: 10}, nil, 200)
	ls := s.setParagraph(words, para{width: 200, align: alignJustify, size: 10, leading: 12})
	if len(ls) < 5 {
		t.Fatalf("%d lines", len(ls))
	}
	for _, ln := range ls {
		for _, sg := range ln.segs {
			if sg.x < 0 || sg.x+sg.w > 200.01 {
				t.Errorf("segment %q at %.1f–%.1f outside 0–200", sg.str(), sg.x, sg.x+sg.w)
			}
		}
	}
}

func TestVerseKeepsLines(t *testing.T) {
	s, _ := newShaper(nil)
	runs := []model.Run{{Text: "Line one"}, {Break: true}, {Text: "line two"}, {Break: true}, {Text: "three"}}
	ls := s.setParagraph(s.shape(runs, style{size: 10}, nil, 300), para{width: 300, align: alignStart, rest: 14, size: 10, leading: 12})
	if len(ls) != 3 {
		t.Fatalf("%d lines, want 3", len(ls))
	}
	for i, ln := range ls {
		if ln.segs[0].x != 0 {
			t.Errorf("line %d starts at %.1f: a verse line is not a turnover", i, ln.segs[0].x)
		}
	}
}

func TestNoBreakSpaceIsNotStretched(t *testing.T) {
	s, _ := newShaper(nil)
	for _, r := range []rune{0xA0, 0x202F} {
		if !s.reg.Faces[faceRegular].Has(r) {
			t.Errorf("Noto Serif has no U+%04X", r)
		}
	}
	words := s.shape([]model.Run{{Text: "a\u00a0b c d e f g h i j k l m n o p q r s t u v w x y z a b c d e f g h i j k l m n o p"}}, style{size: 10}, nil, 100)
	if string([]rune(words[0].frags[0].str())) != "a\u00a0b" {
		t.Errorf("first word %q, want a, no-break space, b", words[0].frags[0].str())
	}
}
func lineText(t *testing.T, text string, rtl bool) string {
	t.Helper()
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	words := s.shape([]model.Run{{Text: text}}, style{size: 10}, nil, 1000)
	ls := s.setParagraph(words, para{width: 1000, align: alignStart, rtl: rtl, size: 10, leading: 12})
	return ls[0].text()
}

// TestCJKInsideLatinNotLetterSpaced justifies English with a Chinese
// phrase in it: the Latin spaces take the slack and the ideographs stay
// solid; a line of Chinese alone is justified between its characters,
// and closing punctuation never starts a line (kinsoku).
func TestCJKInsideLatinNotLetterSpaced(t *testing.T) {
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	text := "The old master wrote 道可道非常道名可名非常名 and the students copied the words again and again for many long years of study."
	words := s.shape([]model.Run{{Text: text}}, style{size: 10}, nil, 200)
	lines := s.setParagraph(words, para{width: 200, align: alignJustify, size: 10, leading: 13})
	solid := 0
	for _, ln := range lines[:len(lines)-1] {
		for k := 1; k < len(ln.segs); k++ {
			a, b := ln.segs[k-1], ln.segs[k]
			if !isCJK([]rune(a.str())[0]) || !isCJK([]rune(b.str())[0]) {
				continue
			}
			if gap := b.x - (a.x + a.w); gap > 0.01 {
				t.Errorf("ideographs %q %q letter-spaced by %.2f pt in a Latin line", a.str(), b.str(), gap)
			}
			solid++
		}
	}
	if solid == 0 {
		t.Fatalf("no ideographs side by side on a justified line: %q", lines[0].text())
	}
	// Chinese alone: justified between characters, no line opens with
	// a comma or full stop.
	zh := "道可道，非常道。名可名，非常名。無名天地之始；有名萬物之母。故常無欲，以觀其妙；常有欲，以觀其徼。此兩者，同出而異名，同謂之玄。"
	words = s.shape([]model.Run{{Text: zh}}, style{size: 10}, nil, 105)
	lines = s.setParagraph(words, para{width: 105, align: alignJustify, size: 10, leading: 13})
	if len(lines) < 3 {
		t.Fatalf("%d lines", len(lines))
	}
	for i, ln := range lines {
		first := []rune(ln.segs[0].str())[0]
		if noBreakBefore(first) {
			t.Errorf("line %d opens with %q", i, first)
		}
		if i < len(lines)-1 {
			end := ln.segs[len(ln.segs)-1]
			if d := end.x + end.w - 105; d < -0.05 || d > 0.05 {
				t.Errorf("line %d of Chinese ends at %.2f, not justified to 105", i, end.x+end.w)
			}
		}
	}
}

// TestSpaceBetweenFaces: the space between words set in faces of
// different roles (code and text, Arabic and Latin) is the book face's,
// not the monospace face's wider one or the Arabic face's narrower one.
func TestSpaceBetweenFaces(t *testing.T) {
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	st := style{size: 10}
	words := s.shape([]model.Run{{Text: "like "}, {Text: "fmt.Println()", Code: true}, {Text: " is كتاب الأغاني was"}}, st, nil, 1000)
	serif := s.spaceWidth(faceRegular, &st)
	for _, w := range words[:len(words)-1] {
		if w.gapKind != gapSpace {
			continue
		}
		want := serif
		if wordSrc(w) == "كتاب" { // between two Arabic words: the Arabic space
			want = s.spaceWidth(faceArabic, &st)
		}
		if w.gap != want {
			t.Errorf("space after %q is %.2f pt, want %.2f", wordSrc(w), w.gap, want)
		}
	}
}

// wordSrc is a word's text in logical order.
func wordSrc(w word) string {
	var b strings.Builder
	for _, f := range w.frags {
		if f.glyphs == nil {
			b.WriteString(f.text)
		} else {
			b.WriteString(string(f.src))
		}
	}
	return b.String()
}
