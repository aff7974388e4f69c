package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// ReadKOReader reads KOReader highlights: its JSON export (one book, or a
// list or map of books) or a metadata.*.lua side file from a book's .sdr
// folder, in either layout — the new "annotations" list or the old
// "highlight" table by page with notes in "bookmarks". The Lua file is
// read by a parser of its data, never run.
func ReadKOReader(path string) ([]*Source, []Problem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("koreader: %w", err)
	}
	name := filepath.Base(path)
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && json.Valid(trimmed) {
		return koreaderJSON(name, trimmed)
	}
	if strings.HasSuffix(strings.ToLower(name), ".json") {
		var anyv any
		err := json.Unmarshal(trimmed, &anyv)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, fmt.Errorf("koreader: %s:%d: invalid JSON: %v", name, lineAt(trimmed, se.Offset), se)
		}
		return nil, nil, fmt.Errorf("koreader: %s: invalid JSON: %v", name, err)
	}
	v, err := parseLua(string(data))
	if err != nil {
		var le *luaError
		if errors.As(err, &le) {
			return nil, nil, fmt.Errorf("koreader: %s:%d: %s", name, le.line, le.msg)
		}
		return nil, nil, fmt.Errorf("koreader: %s: %w", name, err)
	}
	t, ok := v.(*luaTable)
	if !ok {
		return nil, nil, fmt.Errorf("koreader: %s: not a metadata file (it returns no table)", name)
	}
	return koreaderLua(name, path, t)
}

// koBook is a book in KOReader's JSON export.
type koBook struct {
	Title   string `json:"title"`
	Author  string `json:"author"`
	MD5     string `json:"md5sum"`
	File    string `json:"file"`
	Entries []struct {
		Text    string          `json:"text"`
		Note    string          `json:"note"`
		Page    json.RawMessage `json:"page"`
		Chapter string          `json:"chapter"`
		Time    int64           `json:"time"`
		Sort    string          `json:"sort"`
	} `json:"entries"`
}

func koreaderJSON(name string, data []byte) ([]*Source, []Problem, error) {
	var books []json.RawMessage
	switch data[0] {
	case '[':
		if err := json.Unmarshal(data, &books); err != nil {
			return nil, nil, fmt.Errorf("koreader: %s: %w", name, err)
		}
	default:
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(data, &obj); err != nil {
			return nil, nil, fmt.Errorf("koreader: %s: %w", name, err)
		}
		if _, ok := obj["entries"]; ok {
			books = []json.RawMessage{data}
		} else {
			// A map of books (an export of all books), in key order.
			keys := make([]string, 0, len(obj))
			for k := range obj {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if v := bytes.TrimSpace(obj[k]); len(v) > 0 && v[0] == '{' {
					books = append(books, v)
				}
			}
		}
	}
	var probs []Problem
	var sources []*Source
	for i, raw := range books {
		at := fmt.Sprintf("%s: book %d", name, i+1)
		var b koBook
		if err := json.Unmarshal(raw, &b); err != nil {
			probs = append(probs, Problem{Where: at, Message: fmt.Sprintf("not a KOReader book: %v; skipped", err)})
			continue
		}
		if b.Title == "" {
			b.Title = strings.TrimSuffix(filepath.Base(b.File), filepath.Ext(b.File))
		}
		if b.Title == "" {
			probs = append(probs, Problem{Where: at, Message: "book has no title and no file name; skipped"})
			continue
		}
		s := &Source{Key: koKey(b.MD5, b.Title, b.Author), Title: b.Title, Authors: splitKOAuthors(b.Author), Type: "book"}
		for j, e := range b.Entries {
			eat := fmt.Sprintf("%s, highlight %d", at, j+1)
			if strings.TrimSpace(e.Text) == "" && strings.TrimSpace(e.Note) == "" {
				probs = append(probs, Problem{Where: eat, Warning: true, Message: "empty highlight; skipped"})
				continue
			}
			s.Highlights = append(s.Highlights, Highlight{Text: e.Text, Note: e.Note, Page: koPage(e.Page), Where: eat})
		}
		sources = append(sources, s)
	}
	return sources, probs, nil
}

func koKey(md5, title, author string) string {
	if md5 != "" {
		return "koreader:md5:" + md5
	}
	return "koreader:" + keyPart(title) + "|" + keyPart(author)
}

// splitKOAuthors splits KOReader's author field: one author a line.
func splitKOAuthors(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		out = append(out, splitAuthors(l)...)
	}
	return out
}

// koPage returns a page number; KOReader's xpointers
// ("/body/DocFragment[2]…") are no page and give "".
func koPage(raw json.RawMessage) string {
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	var s string
	if json.Unmarshal(raw, &s) == nil && pageLike.MatchString(s) {
		return s
	}
	return ""
}

var pageLike = regexp.MustCompile(`^[0-9ivxlcdm]+(?:-[0-9ivxlcdm]+)?$`)

// autoNote matches the text KOReader puts in a bookmark when the reader
// wrote no note: "Page 12 …@ 2020-01-01 10:00:00".
var autoNote = regexp.MustCompile(`^(?:Page|Seite|Página|Pagina|Страница|Page) \S+ .*@ \d{4}-\d{2}-\d{2}`)

func koreaderLua(name, path string, t *luaTable) ([]*Source, []Problem, error) {
	props := t.table("doc_props")
	title, author := props.str("title"), props.str("authors")
	if title == "" {
		// The book's file name: "Title.epub" for "Title.sdr/metadata.epub.lua".
		dir := filepath.Base(filepath.Dir(path))
		title = strings.TrimSuffix(dir, ".sdr")
		if title == "." || title == "" {
			title = strings.TrimSuffix(name, ".lua")
		}
	}
	s := &Source{Key: koKey(t.str("partial_md5_checksum"), title, author), Title: title,
		Authors: splitKOAuthors(author), Type: "book", Lang: props.str("language")}
	if d := props.str("pubdate"); len(d) >= 4 {
		s.Date = d[:4]
	}
	var probs []Problem
	if ann := t.table("annotations"); ann != nil {
		for _, k := range ann.keys {
			a, ok := ann.get(k).(*luaTable)
			if !ok {
				continue
			}
			at := fmt.Sprintf("%s: annotations[%v]", name, k)
			text, note := a.str("text"), a.str("note")
			if a.get("pos0") == nil {
				continue // a bookmark, not a highlight
			}
			if strings.TrimSpace(text) == "" && strings.TrimSpace(note) == "" {
				probs = append(probs, Problem{Where: at, Warning: true, Message: "empty highlight; skipped"})
				continue
			}
			page := a.str("pageno")
			if page == "" {
				if p := a.str("page"); pageLike.MatchString(p) {
					page = p
				}
			}
			s.Highlights = append(s.Highlights, Highlight{Text: text, Note: note, Page: page, Where: at})
		}
		return []*Source{s}, probs, nil
	}
	hl := t.table("highlight")
	if hl == nil {
		return nil, nil, fmt.Errorf("koreader: %s: no \"annotations\" or \"highlight\" table: the book has no highlights", name)
	}
	// Notes live in the bookmarks, matched by the highlight's position
	// (or time).
	notes := map[string]string{}
	if bm := t.table("bookmarks"); bm != nil {
		for _, k := range bm.keys {
			b, ok := bm.get(k).(*luaTable)
			if !ok {
				continue
			}
			text := b.str("text")
			if text == "" || autoNote.MatchString(text) || text == b.str("notes") {
				continue
			}
			if p := b.str("pos0"); p != "" {
				notes["pos:"+p] = text
			}
			if d := b.str("datetime"); d != "" {
				notes["time:"+d] = text
			}
		}
	}
	type item struct {
		page int64
		idx  int64
		h    Highlight
	}
	var items []item
	for _, pk := range hl.keys {
		page, _ := pk.(int64)
		pt, ok := hl.get(pk).(*luaTable)
		if !ok {
			continue
		}
		for _, ik := range pt.keys {
			a, ok := pt.get(ik).(*luaTable)
			if !ok {
				continue
			}
			idx, _ := ik.(int64)
			at := fmt.Sprintf("%s: highlight[%v][%v]", name, pk, ik)
			text := a.str("text")
			if strings.TrimSpace(text) == "" {
				probs = append(probs, Problem{Where: at, Warning: true, Message: "empty highlight; skipped"})
				continue
			}
			note := notes["pos:"+a.str("pos0")]
			if note == "" {
				note = notes["time:"+a.str("datetime")]
			}
			h := Highlight{Text: text, Note: note, Where: at}
			if page > 0 {
				h.Page = strconv.FormatInt(page, 10)
			}
			items = append(items, item{page, idx, h})
		}
	}
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].page != items[j].page {
			return items[i].page < items[j].page
		}
		return items[i].idx < items[j].idx
	})
	for _, it := range items {
		s.Highlights = append(s.Highlights, it.h)
	}
	return []*Source{s}, probs, nil
}
