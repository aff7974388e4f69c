package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/commonplace-book/commonplace/model"
)

func TestParseLua(t *testing.T) {
	v, err := parseLua("-- c\n--[[ long\ncomment ]]\nreturn { [\"a\"] = 'x\\'y\\n\\65\\u{263A}', b = { 1, 2.5, -3, 0x10, true, nil, [[long\nstr]] }, [3] = false; }")
	if err != nil {
		t.Fatal(err)
	}
	tb := v.(*luaTable)
	if got := tb.str("a"); got != "x'y\nA☺" {
		t.Errorf("a = %q", got)
	}
	b := tb.table("b")
	if b.get(1) != int64(1) || b.get(2) != 2.5 || b.get(3) != int64(-3) || b.get(4) != int64(16) || b.get(5) != true || b.get(7) != "long\nstr" {
		t.Errorf("b = %#v", b.vals)
	}
	if tb.get(3) != false {
		t.Errorf("[3] = %#v", tb.get(3))
	}
	for src, want := range map[string]string{
		"return {":                   "line 1: table opened with { is never closed",
		"return {\n a = 1\n b = 2 }": "line 3: expected , or } in table",
		"return { x = os.exit() }":   "only tables, strings",
		"return { 'abc }":            "string never closed",
		strings.Repeat("{", 200):     "nested more than",
		"return { [[never closed }":  "never closed",
		"return { a = 1 } trailing":  "after the value",
	} {
		_, err := parseLua(src)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseLua(%q) = %v, want %q", src, err, want)
		}
	}
}

func TestKindleMeta(t *testing.T) {
	cases := []struct{ meta, kind, page, loc string }{
		{"- Highlight Loc. 145-46  | Added on Tuesday, March 13, 2012, 08:15 PM", "highlight", "", "145-146"},
		{"- Your Highlight on page 12 | location 180-183 | Added on Monday, 3 April 2023 21:04:11", "highlight", "12", "180-183"},
		{"- Your Note on Location 183 | Added on Monday, 3 April 2023 9:04:11 PM", "note", "", "183"},
		{"- Ihre Markierung auf Seite 7 | Position 95-97 | Hinzugefügt am Montag", "highlight", "7", "95-97"},
		{"- Votre surlignement sur la page 33 | emplacement 501-503 | Ajouté le", "highlight", "33", "501-503"},
		{"- Tu subrayado en la página 5 | posición 70-72 | Añadido el", "highlight", "5", "70-72"},
		{"- La tua evidenziazione a pagina 21 | posizione 310-312 | Aggiunto", "highlight", "21", "310-312"},
		{"- Seu destaque na página 18 | posição 270-271 | Adicionado:", "highlight", "18", "270-271"},
		{"- Je markering op pagina 4 | locatie 55-57 | Toegevoegd op", "highlight", "4", "55-57"},
		{"- Ваш выделенный отрывок на странице 15 | месторасположение 230-232 | Добавлено:", "highlight", "15", "230-232"},
		{"- 您在第 8 页（位置 #120-122）的标注 | 添加于 2023年4月3日星期一 下午9:04:11", "highlight", "8", "120-122"},
		{"- 12ページ|位置No. 180-183のハイライト |作成日: 2023年4月3日", "highlight", "12", "180-183"},
		{"- 位置No. 183のメモ |作成日: 2023年4月3日", "note", "", "183"},
	}
	dir := t.TempDir()
	for _, c := range cases {
		p := filepath.Join(dir, "c.txt")
		os.WriteFile(p, []byte("Book (A)\n"+c.meta+"\n\nSome passage text.\n==========\n"), 0o644)
		ss, probs, err := ReadKindle(p)
		if err != nil || len(probs) > 0 || len(ss) != 1 || len(ss[0].Highlights) != 1 {
			t.Errorf("%s: %v %v %v", c.meta, err, probs, ss)
			continue
		}
		h := ss[0].Highlights[0]
		kind := "highlight"
		if h.Text == "" {
			kind = "note"
		}
		if kind != c.kind || h.Page != c.page || h.Location != c.loc {
			t.Errorf("%s: got %s page %q loc %q", c.meta, kind, h.Page, h.Location)
		}
	}
}

// TestRoundTrip checks that what Write produces loads back with the same
// text, note and location, whatever Markdown the text holds.
func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	texts := []string{
		"Stars *and* _stripes_ [1] <b> `code` # not a heading & more",
		"- not a list\n1. not a list either\n> not a quote",
		"\"Quoted,\" she said.",
		"Backslash \\ and pipe | and tilde ~ and 3 + 4 = 7.",
	}
	s := &Source{Key: "test:1", Title: "A / B: ../../etc", Authors: []string{"Last, First"}, Type: "book"}
	for i, tx := range texts {
		s.Highlights = append(s.Highlights, Highlight{Text: tx, Note: "\"Note\" " + tx, Page: "1" + strings.Repeat("0", i)})
	}
	res, err := Write(dir, []*Source{s}, Options{})
	if err != nil || len(res.Changes) != 1 {
		t.Fatal(err, res)
	}
	if name := res.Changes[0].Path; name != "a-b-etc.md" {
		t.Errorf("name %q", name)
	}
	c, err := model.Load(dir, model.LoadOptions{})
	if err != nil || model.Errors(c.Problems) > 0 || len(c.Entries) != 1 {
		t.Fatal(err, c.Problems)
	}
	e := c.Entries[0]
	if len(e.Quotes) != len(texts) {
		t.Fatalf("%d quotes, want %d", len(e.Quotes), len(texts))
	}
	for i, q := range e.Quotes {
		got := normText(strings.ReplaceAll(model.PlainBlocks(q.Blocks), "\n\n", "\n"))
		if want := normText(texts[i]); got != want {
			t.Errorf("quote %d: %q, want %q", i, got, want)
		}
		if p := model.QuotePage(q); p != s.Highlights[i].Page {
			t.Errorf("quote %d page %q", i, p)
		}
	}
	// Idempotent.
	res, err = Write(dir, []*Source{s}, Options{})
	if err != nil || len(res.Changes) != 0 || res.Unchanged != 1 {
		t.Errorf("second write: %v %+v", err, res)
	}
}

// TestCollapseResized: a highlight resized on the device is kept once, in
// its longest form, even when the punctuation that ended the shorter one
// is not in the longer; passages at other locations stay apart.
func TestCollapseResized(t *testing.T) {
	hs := collapse([]Highlight{
		{Text: "The sea keeps its own counsel.", Location: "180-183"},
		{Text: "The sea keeps its own counsel, and the harbour keeps the sea.", Location: "180-185", Note: "n"},
		{Text: "Yes.", Location: "400"},
		{Text: "Yes, and no.", Location: "500"},
		{Text: "The sea keeps its own counsel, and the harbour keeps the sea.", Location: "180-185"},
	})
	var got []string
	for _, h := range hs {
		got = append(got, h.Text+"@"+h.Location+"#"+h.Note)
	}
	want := []string{"The sea keeps its own counsel, and the harbour keeps the sea.@180-185#n", "Yes.@400#", "Yes, and no.@500#"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("collapse = %q\nwant %q", got, want)
	}
}

// TestSlugWindowsNames checks that a book whose title is a device name
// Windows reserves (CON, aux, Com1…) gets a file name Windows accepts,
// and that other titles keep theirs.
func TestSlugWindowsNames(t *testing.T) {
	for title, want := range map[string]string{
		"CON":              "con-book",
		"Aux":              "aux-book",
		"nul":              "nul-book",
		"COM1":             "com1-book",
		"lpt9":             "lpt9-book",
		"Con Men":          "con-men",
		"COM10":            "com10",
		"Console":          "console",
		"The Consolations": "the-consolations",
	} {
		if got := slug(title); got != want {
			t.Errorf("slug(%q) = %q, want %q", title, got, want)
		}
	}
}
