package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// readwiseColumns are the columns of Readwise's CSV export; Highlight and
// Book Title are required, the others optional.
var readwiseColumns = []string{"Highlight", "Book Title", "Book Author", "Amazon Book ID", "Note", "Color", "Tags", "Location Type", "Location", "Highlighted at", "Document tags"}

// ReadReadwise reads a Readwise CSV export. A row that cannot be read is
// reported with its row number (the header is row 1) and the others are
// imported.
func ReadReadwise(path string) ([]*Source, []Problem, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("readwise: %w", err)
	}
	defer f.Close()
	name := filepath.Base(path)
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	header, err := r.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("readwise: %s: cannot read the header row: %w", name, err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))] = i
	}
	for _, need := range []string{"Highlight", "Book Title"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("readwise: %s: no %q column (a Readwise export has the columns %s)", name, need, strings.Join(readwiseColumns, ", "))
		}
	}
	var probs []Problem
	var sources []*Source
	byKey := map[string]*Source{}
	row := 1
	for {
		rec, err := r.Read()
		row++
		if errors.Is(err, io.EOF) {
			break
		}
		at := fmt.Sprintf("%s: row %d", name, row)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				at = fmt.Sprintf("%s:%d (row %d)", name, pe.Line, row)
				probs = append(probs, Problem{Where: at, Message: fmt.Sprintf("bad CSV: %v; row skipped", pe.Err)})
				continue
			}
			return sources, probs, fmt.Errorf("readwise: %s: %w", name, err)
		}
		get := func(c string) string {
			i, ok := col[c]
			if !ok || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		text, title := get("Highlight"), get("Book Title")
		if len(rec) < len(header) {
			probs = append(probs, Problem{Where: at, Warning: true, Message: fmt.Sprintf("row has %d fields, the header %d; the missing ones are empty", len(rec), len(header))})
		}
		if title == "" {
			probs = append(probs, Problem{Where: at, Message: "no book title; row skipped"})
			continue
		}
		if text == "" && get("Note") == "" {
			probs = append(probs, Problem{Where: at, Message: "empty highlight; row skipped"})
			continue
		}
		author := get("Book Author")
		key := "readwise:" + keyPart(title) + "|" + keyPart(author)
		if id := get("Amazon Book ID"); id != "" {
			key = "readwise:asin:" + id
		}
		s := byKey[key]
		if s == nil {
			s = &Source{Key: key, Title: title, Authors: readwiseAuthors(author), Type: "book"}
			for _, t := range splitTags(get("Document tags")) {
				s.Tags = append(s.Tags, t)
			}
			byKey[key] = s
			sources = append(sources, s)
		}
		h := Highlight{Text: text, Note: get("Note"), Where: at}
		switch strings.ToLower(get("Location Type")) {
		case "page":
			h.Page = get("Location")
		case "location":
			h.Location = get("Location")
		}
		s.Highlights = append(s.Highlights, h)
	}
	return sources, probs, nil
}

// readwiseAuthors splits "A, B and C" or "A and B" lists; a lone "Last,
// First" stays whole.
func readwiseAuthors(s string) []string {
	if strings.Contains(s, ";") || strings.Contains(s, "&") {
		return splitAuthors(s)
	}
	if strings.Contains(s, " and ") {
		var out []string
		for _, part := range strings.Split(strings.ReplaceAll(s, " and ", ","), ",") {
			if p := strings.TrimSpace(part); p != "" {
				out = append(out, p)
			}
		}
		return out
	}
	return splitAuthors(s)
}

// splitTags splits a comma- or space-separated tag list, dropping "#"
// and leading dots (Readwise's heading tags like ".h1").
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		t = strings.TrimLeft(strings.TrimSpace(t), "#")
		if t != "" && !strings.HasPrefix(t, ".") {
			out = append(out, t)
		}
	}
	return out
}
