package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// hypAnnotation holds the fields of both shapes Hypothes.is gives: its
// API/export rows (uri, text, tags, document.title, target[].selector)
// and W3C Web Annotations (target.source, body[] with purposes).
type hypAnnotation struct {
	ID       string   `json:"id"`
	Created  string   `json:"created"`
	URI      string   `json:"uri"`
	Text     string   `json:"text"`
	Tags     []string `json:"tags"`
	Document struct {
		Title []string `json:"title"`
	} `json:"document"`
	Target json.RawMessage `json:"target"`
	Body   json.RawMessage `json:"body"`
	Title  string          `json:"dc:title"`
}

type hypTarget struct {
	Source   string          `json:"source"`
	Title    string          `json:"title"`
	Selector json.RawMessage `json:"selector"`
}

type hypSelector struct {
	Type  string `json:"type"`
	Exact string `json:"exact"`
}

// selectors returns a target's selectors: a list or a single one.
func (t hypTarget) selectors() []hypSelector {
	var list []hypSelector
	if len(t.Selector) > 0 && t.Selector[0] == '{' {
		var one hypSelector
		if json.Unmarshal(t.Selector, &one) == nil {
			list = append(list, one)
		}
		return list
	}
	json.Unmarshal(t.Selector, &list)
	return list
}

type hypBody struct {
	Type    string `json:"type"`
	Value   string `json:"value"`
	Purpose string `json:"purpose"`
}

// ReadHypothesis reads a Hypothes.is export: a JSON array of annotations,
// an object with "annotations", "rows" or "items" (a W3C
// AnnotationCollection, also under "first"), or one annotation. The quote
// is the TextQuoteSelector's exact text, the note the comment (a
// commenting body), tags the tagging bodies; a page note without a quote
// becomes commentary.
func ReadHypothesis(path string) ([]*Source, []Problem, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("hypothesis: %w", err)
	}
	name := filepath.Base(path)
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	raws, err := hypList(data)
	if err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, nil, fmt.Errorf("hypothesis: %s:%d: invalid JSON: %v", name, lineAt(data, se.Offset), se)
		}
		return nil, nil, fmt.Errorf("hypothesis: %s: %w", name, err)
	}
	var probs []Problem
	var sources []*Source
	byKey := map[string]*Source{}
	for i, raw := range raws {
		at := fmt.Sprintf("%s: annotation %d", name, i+1)
		var a hypAnnotation
		if err := json.Unmarshal(raw, &a); err != nil {
			probs = append(probs, Problem{Where: at, Message: fmt.Sprintf("not an annotation: %v; skipped", err)})
			continue
		}
		if a.ID != "" {
			at += " (" + clipText(a.ID, 40) + ")"
		}
		var targets []hypTarget
		if len(a.Target) > 0 {
			if a.Target[0] == '[' {
				json.Unmarshal(a.Target, &targets)
			} else if a.Target[0] == '{' {
				var t hypTarget
				json.Unmarshal(a.Target, &t)
				targets = append(targets, t)
			} else {
				var s string
				if json.Unmarshal(a.Target, &s) == nil {
					targets = append(targets, hypTarget{Source: s})
				}
			}
		}
		uri, title, quote := a.URI, "", ""
		if len(a.Document.Title) > 0 {
			title = a.Document.Title[0]
		}
		if title == "" {
			title = a.Title
		}
		for _, t := range targets {
			if uri == "" {
				uri = t.Source
			}
			if title == "" {
				title = t.Title
			}
			for _, sel := range t.selectors() {
				if sel.Type == "TextQuoteSelector" && quote == "" {
					quote = sel.Exact
				}
			}
		}
		note := a.Text
		tags := a.Tags
		if len(a.Body) > 0 {
			var bodies []hypBody
			if a.Body[0] == '[' {
				json.Unmarshal(a.Body, &bodies)
			} else {
				var b hypBody
				if json.Unmarshal(a.Body, &b) == nil {
					bodies = append(bodies, b)
				}
			}
			for _, b := range bodies {
				switch {
				case b.Purpose == "tagging":
					tags = append(tags, b.Value)
				case b.Value != "":
					note = joinNotes(note, b.Value)
				}
			}
		}
		if uri == "" {
			probs = append(probs, Problem{Where: at, Message: "no uri or target source: the page it annotates is unknown; skipped"})
			continue
		}
		if strings.TrimSpace(quote) == "" && strings.TrimSpace(note) == "" {
			probs = append(probs, Problem{Where: at, Warning: true, Message: "neither a quote nor a comment; skipped"})
			continue
		}
		key := "hypothesis:" + canonicalURL(uri)
		s := byKey[key]
		if s == nil {
			if title == "" {
				title = titleFromURL(uri)
			}
			s = &Source{Key: key, Title: title, Link: uri, Type: "webpage"}
			byKey[key] = s
			sources = append(sources, s)
		}
		if d := dateOf(a.Created); d != "" && (s.Accessed == "" || d < s.Accessed) {
			s.Accessed = d
		}
		for _, t := range tags {
			if t = strings.TrimSpace(t); t != "" && !contains(s.Tags, t) {
				s.Tags = append(s.Tags, t)
			}
		}
		s.Highlights = append(s.Highlights, Highlight{Text: quote, Note: note, Where: at})
	}
	return sources, probs, nil
}

// hypList finds the list of annotations in an export.
func hypList(data []byte) ([]json.RawMessage, error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		var list []json.RawMessage
		err := json.Unmarshal(data, &list)
		return list, err
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(data, &obj); err != nil {
		return nil, err
	}
	for _, k := range []string{"annotations", "rows", "items"} {
		if v, ok := obj[k]; ok {
			var list []json.RawMessage
			err := json.Unmarshal(v, &list)
			return list, err
		}
	}
	if v, ok := obj["first"]; ok {
		return hypList(v)
	}
	if _, ok := obj["target"]; ok {
		return []json.RawMessage{data}, nil
	}
	return nil, errors.New("no annotations found (expected a list, or \"annotations\", \"rows\" or \"items\")")
}

// canonicalURL drops the fragment and a trailing slash, so the same page
// annotated from two links is one source.
func canonicalURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil {
		return strings.TrimSpace(u)
	}
	p.Fragment = ""
	p.Host = strings.ToLower(p.Host)
	return strings.TrimSuffix(p.String(), "/")
}

func titleFromURL(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Host == "" {
		return u
	}
	return strings.TrimSuffix(p.Host+p.Path, "/")
}

// dateOf returns the YYYY-MM-DD of an ISO 8601 timestamp.
func dateOf(ts string) string {
	if len(ts) >= 10 && ts[4] == '-' && ts[7] == '-' {
		return ts[:10]
	}
	return ""
}

// lineAt returns the 1-based line of a byte offset.
func lineAt(data []byte, off int64) int {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}
