package pdf

import (
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// reversed is an Arabic word as a left-to-right line shows it.
func reversed(s string) string {
	r := []rune(s)
	for a, b := 0, len(r)-1; a < b; a, b = a+1, b-1 {
		r[a], r[b] = r[b], r[a]
	}
	return string(r)
}

// citeLine sets e's citation on one wide line, its fields isolated when
// isolate is set.
func citeLine(t *testing.T, e *model.Entry, cs string, rtlBook, isolate bool) string {
	t.Helper()
	runs, err := model.Cite(e, cs)
	if err != nil {
		t.Fatal(err)
	}
	if isolate {
		runs = books.IsolateFields(e, runs, rtlBook)
	}
	s, err := newShaper(nil)
	if err != nil {
		t.Fatal(err)
	}
	words := s.shape(runs, style{size: 10}, nil, 5000)
	ls := s.setParagraph(words, para{width: 5000, align: alignStart, rtl: rtlBook, size: 10, leading: 12})
	var segs []string
	for _, sg := range ls[0].segs {
		segs = append(segs, sg.str())
	}
	return strings.Join(segs, "|")
}

// TestCitationFieldsIsolated: an Arabic author and title in an English
// citation keep the citation's order (author, comma, title) and each
// reads right to left; without isolation the comma between them would
// join the two into one right-to-left run, title first.
func TestCitationFieldsIsolated(t *testing.T) {
	e := &model.Entry{Path: "a.md", Title: "ديوان المتنبي", Authors: []model.Name{model.ParseName("المتنبي")},
		Publisher: "Dar Sader", Place: "Beirut", Type: "book", Date: model.Date{Year: 1958}}
	got := citeLine(t, e, "chicago", false, true)
	author, title := reversed("المتنبي"), reversed("ديوان")
	// author, comma, then the title read right to left
	want := author + "|,|" + author + "|" + title + "|(Beirut:"
	if !strings.HasPrefix(got, want) {
		t.Errorf("isolated:\n got %s\nwant %s…", got, want)
	}
	if plain := citeLine(t, e, "chicago", false, false); strings.HasPrefix(plain, want) {
		t.Errorf("the test no longer shows what isolation changes: %s", plain)
	}
	// An English title in an Arabic book: the Latin field stays whole and
	// in order, the Arabic punctuation around it where Arabic puts it.
	en := &model.Entry{Path: "b.md", Title: "The Open Society", Authors: []model.Name{model.ParseName("Karl Popper")},
		Publisher: "دار الساقي", Place: "بيروت", Type: "book", Date: model.Date{Year: 1998}}
	got = citeLine(t, en, "chicago", true, true)
	t.Logf("rtl book: %s (without isolation: %s)", got, citeLine(t, en, "chicago", true, false))
	if !strings.Contains(got, "The|Open|Society") && !strings.Contains(got, "The Open Society") {
		t.Errorf("rtl book: the English title is not in order: %s", got)
	}
	if strings.Index(got, "Popper") < strings.Index(got, "Society") {
		t.Errorf("rtl book: the author should be right of the title: %s", got)
	}
}

func TestIsolateFieldsMarks(t *testing.T) {
	e := &model.Entry{Title: "كتاب الأغاني", Authors: []model.Name{{Given: "Abu al-Faraj", Family: "al-Isfahani"}}}
	runs := []model.Run{{Text: "Abu al-Faraj al-Isfahani, "}, {Text: "كتاب الأغاني", Italic: true}, {Text: " (Cairo, 1905)."}}
	out := books.IsolateFields(e, runs, false)
	if out[1].Text != "\u2068كتاب الأغاني\u2069" || out[0].Text != runs[0].Text || out[2].Text != runs[2].Text {
		t.Errorf("got %+v", out)
	}
	if got := books.IsolateFields(e, runs, true); got[0].Text != "\u2068Abu al-Faraj al-Isfahani\u2069, " || got[1].Text != runs[1].Text {
		t.Errorf("rtl book: got %+v", got)
	}
}
