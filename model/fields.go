package model

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"
)

// field is one front-matter field as a plain Go value (string, int64,
// float64, bool, nil, []any or map[string]any; dates stay strings as
// written) with the file line of its key.
type field struct {
	key   string
	line  int
	value any
	// raw is a number as written ("1.10", "0x10", "12345678901234567890.5"),
	// kept so a text field such as a title is taken as written, not as
	// the number it parses to; "" for other values.
	raw string
	// written is the key as written when the model reads the field under
	// another name ("Year::", an inline field read as the date;
	// "published", a front-matter date): problems name it. "" otherwise.
	written string
}

// maxDepth bounds the nesting of front-matter values.
const maxDepth = 50

// yamlFields decodes YAML front matter into fields, refusing aliases
// before anything is expanded.
func yamlFields(rf rawFile, path string) ([]field, []Problem) {
	if fields, ok := simpleYAML(rf.front, rf.frontLine); ok {
		return fields, nil
	}
	return generalYAML(rf, path)
}

// generalYAML decodes front matter with yaml.v3.
func generalYAML(rf rawFile, path string) ([]field, []Problem) {
	if line, ch := firstControl(rf.front); ch != "" {
		return nil, []Problem{{Path: path, Line: rf.frontLine + line - 1, Severity: Error,
			Message: fmt.Sprintf("control character %s in front matter; remove it", ch)}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(rf.front, &doc); err != nil {
		line, msg := shiftYAMLError(err, rf.frontLine)
		if l := unclosedQuote(rf.front); l > 0 && strings.Contains(msg, "end of stream") {
			line = rf.frontLine + l - 1
			msg = "invalid YAML front matter: a quoted value opened on this line is never closed"
		}
		return nil, []Problem{{Path: path, Line: line, Severity: Error, Message: msg}}
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return nil, nil // empty front matter
	}
	root := doc.Content[0]
	fileLine := func(n *yaml.Node) int { return rf.frontLine + n.Line - 1 }
	switch root.Kind {
	case yaml.MappingNode:
	case yaml.ScalarNode:
		if root.Tag == "!!null" {
			return nil, nil
		}
		return nil, []Problem{{Path: path, Line: fileLine(root), Severity: Error,
			Message: "front matter is a single value, not fields; write one field per line, like \"title: Walden\""}}
	case yaml.SequenceNode:
		return nil, []Problem{{Path: path, Line: fileLine(root), Severity: Error,
			Message: "front matter is a list, not fields; write one field per line, like \"title: Walden\", without a leading \"- \""}}
	default:
		return nil, []Problem{{Path: path, Line: fileLine(root), Severity: Error, Message: "front matter must be fields (key: value)"}}
	}
	var fields []field
	var probs []Problem
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		key := k.Value
		if k.Kind != yaml.ScalarNode {
			probs = append(probs, Problem{Path: path, Line: fileLine(k), Severity: Error, Message: "front-matter keys must be plain words"})
			continue
		}
		if prev, dup := seen[key]; dup {
			probs = append(probs, Problem{Path: path, Line: fileLine(k), Severity: Error,
				Message: fmt.Sprintf("field %q given twice (first on line %d)", Safe(key, 40), prev)})
			continue
		}
		seen[key] = fileLine(k)
		val, err := yamlValue(v, 0)
		if err != nil {
			probs = append(probs, Problem{Path: path, Line: fileLine(err.node), Severity: Error,
				Message: fmt.Sprintf("field %q: %s", Safe(key, 40), err.msg)})
			continue
		}
		fd := field{key: key, line: fileLine(k), value: val}
		if v.Kind == yaml.ScalarNode && (v.Tag == "!!int" || v.Tag == "!!float") {
			fd.raw = v.Value
		}
		fields = append(fields, fd)
	}
	return fields, probs
}

type nodeError struct {
	node *yaml.Node
	msg  string
}

// yamlValue converts a node to a plain value. Aliases and anchors are
// refused outright: front matter never needs them, and refusing them
// before decoding is what stops alias bombs.
func yamlValue(n *yaml.Node, depth int) (any, *nodeError) {
	if depth > maxDepth {
		return nil, &nodeError{n, fmt.Sprintf("nested more than %d levels deep", maxDepth)}
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		return nil, &nodeError{n, "YAML anchors and aliases (&name, *name) are not allowed in front matter"}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			return nil, nil
		case "!!bool":
			var b bool
			if err := n.Decode(&b); err == nil {
				return b, nil
			}
		case "!!int":
			if i, err := strconv.ParseInt(n.Value, 0, 64); err == nil {
				return i, nil
			}
		case "!!float":
			if f, err := strconv.ParseFloat(n.Value, 64); err == nil {
				return f, nil
			}
		}
		return n.Value, nil
	case yaml.SequenceNode:
		if s, ok := flowWikiLink(n); ok {
			return s, nil
		}
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := yamlValue(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Kind != yaml.ScalarNode {
				return nil, &nodeError{n.Content[i], "keys must be plain words"}
			}
			v, err := yamlValue(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			out[n.Content[i].Value] = v
		}
		return out, nil
	}
	return nil, &nodeError{n, "unsupported value"}
}

// flowWikiLink returns the wiki link an unquoted "author: [[Seneca]]"
// was meant to be: YAML reads it as a list holding a list, written in
// brackets, of text.
func flowWikiLink(n *yaml.Node) (string, bool) {
	if n.Style&yaml.FlowStyle == 0 || len(n.Content) != 1 {
		return "", false
	}
	in := n.Content[0]
	if in.Kind != yaml.SequenceNode || in.Style&yaml.FlowStyle == 0 || len(in.Content) == 0 || in.Anchor != "" {
		return "", false
	}
	parts := make([]string, 0, len(in.Content))
	for _, c := range in.Content {
		if c.Kind != yaml.ScalarNode || c.Anchor != "" || c.Tag == "!!null" {
			return "", false
		}
		parts = append(parts, c.Value)
	}
	return "[[" + strings.Join(parts, ", ") + "]]", true
}

var (
	tomlKeyRE = regexp.MustCompile(`^\s*("?)([A-Za-z0-9_-]+)("?)\s*=`)
	// tomlNumberRE is a number alone after a key's "=", as written.
	tomlNumberRE = regexp.MustCompile(`^\s*([-+]?[0-9][0-9A-Za-z_.+-]*)\s*(?:#.*)?$`)
)

// tomlFields decodes TOML front matter into fields.
func tomlFields(rf rawFile, path string) ([]field, []Problem) {
	var m map[string]any
	if _, err := toml.Decode(string(rf.front), &m); err != nil {
		line := rf.frontLine
		msg := err.Error()
		if pe, ok := err.(toml.ParseError); ok {
			line = rf.frontLine + pe.Position.Line - 1
			msg = pe.Message
		}
		msg = "invalid TOML front matter: " + Safe(strings.TrimPrefix(msg, "toml: "), 200)
		if strings.Contains(msg, "out of range") {
			msg += "; write it in quotes to keep it as text"
		}
		return nil, []Problem{{Path: path, Line: line, Severity: Error, Message: msg}}
	}
	// TOML keeps no positions per key: find each top-level key's line.
	lines := map[string]int{}
	raws := map[string]string{}
	for i, l := range strings.Split(string(rf.front), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "[") {
			break // tables start; top-level keys end here
		}
		if mm := tomlKeyRE.FindStringSubmatch(l); mm != nil {
			if _, ok := lines[mm[2]]; !ok {
				lines[mm[2]] = rf.frontLine + i
				if n := tomlNumberRE.FindStringSubmatch(l[len(mm[0]):]); n != nil {
					raws[mm[2]] = n[1]
				}
			}
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		li, lj := lines[keys[i]], lines[keys[j]]
		if li != lj {
			return li < lj
		}
		return keys[i] < keys[j]
	})
	fields := make([]field, 0, len(keys))
	for _, k := range keys {
		line := lines[k]
		if line == 0 {
			line = rf.frontLine
		}
		fd := field{key: k, line: line, value: tomlValue(m[k])}
		switch fd.value.(type) {
		case int64, float64:
			fd.raw = raws[k]
		}
		fields = append(fields, fd)
	}
	return fields, nil
}

// tomlValue turns TOML's date and time types into strings as written and
// leaves everything else as plain values.
func tomlValue(v any) any {
	switch x := v.(type) {
	case time.Time:
		return x.Format("2006-01-02 15:04:05 -0700")
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = tomlValue(e)
		}
		return out
	case []map[string]any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = tomlValue(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = tomlValue(e)
		}
		return out
	}
	if s, ok := v.(fmt.Stringer); ok { // toml.LocalDate, LocalDateTime, LocalTime
		return s.String()
	}
	return v
}

// applyFields fills e from the front-matter fields. It returns whether the
// entry is published and the problems found.
func applyFields(e *Entry, fields []field) (published bool, probs []Problem) {
	published = true
	bad := func(f field, sev Severity, format string, args ...any) {
		msg := fmt.Sprintf(format, args...)
		if f.written != "" {
			msg = strings.Replace(msg, fmt.Sprintf("field %q", f.key), fmt.Sprintf("field %q", f.written), 1)
		}
		probs = append(probs, Problem{Path: e.Path, Line: f.line, Severity: sev, Message: msg})
	}
	text := func(f field) string {
		s, ok := scalarText(f.value)
		if f.raw != "" {
			s = f.raw // a number in a text field, as written
		}
		if !ok {
			bad(f, Error, "field %q must be text, not %s", f.key, kindOf(f.value))
			return ""
		}
		clean, found := stripControls(s)
		if found != "" {
			bad(f, Warning, "field %q contains control character %s; removed", f.key, found)
		}
		return clean
	}
	names := func(f field) []Name {
		var raw []string
		var out []Name
		if s, ok := f.value.(string); ok && wikiList.MatchString(strings.TrimSpace(s)) {
			// "[[Will Durant]], [[Ariel Durant]]": a list of names
			var list []any
			for _, n := range wikiLink.FindAllString(s, -1) {
				list = append(list, n)
			}
			f.value = list
		}
		// mapName reads a name given as CSL-JSON does: {family: …,
		// given: …} or {literal: …}.
		mapName := func(m map[string]any) bool {
			fields := map[string]string{}
			keys := make([]string, 0, len(m))
			for k := range m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				x := m[k]
				s, ok := scalarText(x)
				if !ok {
					bad(f, Error, "field %q: name part %q must be text, not %s", f.key, Safe(k, 40), kindOf(x))
					return false
				}
				switch k {
				case "family", "given", "literal", "dropping-particle", "non-dropping-particle", "suffix":
					s, _ = stripControls(s)
					fields[k] = s
				default:
					bad(f, Warning, "field %q: unknown name part %q ignored (use family, given, literal, dropping-particle, non-dropping-particle, suffix)", f.key, Safe(k, 40))
				}
			}
			if n, ok := NameFromFields(fields); ok {
				out = append(out, n)
			}
			return true
		}
		switch v := f.value.(type) {
		case map[string]any:
			mapName(v)
		case []any:
			if len(v) > MaxAuthors {
				bad(f, Warning, "field %q lists %d names; only the first %d are kept (the limit)", f.key, len(v), MaxAuthors)
				v = v[:MaxAuthors]
			}
			for _, x := range v {
				if m, ok := x.(map[string]any); ok {
					if !mapName(m) {
						return nil
					}
					continue
				}
				s, ok := scalarText(x)
				if !ok {
					bad(f, Error, "field %q must be a name or a list of names, not a list holding %s", f.key, kindOf(x))
					return nil
				}
				out = append(out, parseNames([]string{s}, func(found string) {
					bad(f, Warning, "field %q contains control character %s; removed", f.key, found)
				})...)
			}
			return out
		case nil:
		default:
			s := text(f)
			if strings.Contains(s, ";") {
				raw = strings.Split(s, ";")
			} else if strings.Contains(s, " and ") && !strings.Contains(s, ",") {
				raw = strings.Split(s, " and ")
			} else if s != "" {
				raw = []string{s}
			}
			if len(raw) > MaxAuthors {
				bad(f, Warning, "field %q lists %d names; only the first %d are kept (the limit)", f.key, len(raw), MaxAuthors)
				raw = raw[:MaxAuthors]
			}
		}
		return append(out, parseNames(raw, func(found string) {
			bad(f, Warning, "field %q contains control character %s; removed", f.key, found)
		})...)
	}
	date := func(f field) Date {
		s, ok := scalarText(f.value)
		if !ok || f.value == nil {
			bad(f, Error, "field %q is not a date; use %s", f.key, DateForms)
			return Date{}
		}
		if f.raw != "" {
			s = f.raw // a year as written: 0960, not the number 960
		}
		d, err := ParseDate(s)
		if err != nil {
			hint := ""
			if n, aerr := strconv.Atoi(s); aerr == nil && n > 0 && n < 1000 {
				hint = fmt.Sprintf(" (a year before 1000 takes four digits: %04d)", n)
			}
			bad(f, Error, "field %q: %s; use %s%s", f.key, Safe(err.Error(), 120), DateForms, hint)
			return Date{}
		}
		return d
	}
	for _, f := range fields {
		switch strings.ToLower(f.key) {
		case "title":
			e.Title = text(f)
		case "author", "authors":
			e.Authors = names(f)
		case "translator", "translators":
			e.Translators = names(f)
		case "editor", "editors":
			e.Editors = names(f)
		case "publication", "container", "journal", "magazine", "newspaper":
			e.Publication = text(f)
		case "publisher":
			e.Publisher = text(f)
		case "place", "location":
			e.Place = text(f)
		case "link", "url":
			if e.Link == "" || strings.ToLower(f.key) == "link" {
				l := strings.TrimSpace(text(f))
				if l != "" && safeLink(l) == "" {
					bad(f, Warning, "field %q: %q is not an http or https URL; ignored", f.key, Safe(l, 80))
					l = ""
				}
				e.Link = l
			}
		case "date":
			e.Date = date(f)
		case "accessed":
			e.Accessed = date(f)
		case "page", "pages":
			e.Pages = normalisePages(text(f))
		case "volume":
			e.Volume = strings.TrimSpace(text(f))
		case "issue":
			e.Issue = strings.TrimSpace(text(f))
		case "doi":
			e.DOI = bareDOI(text(f))
		case "type":
			e.Type = strings.ToLower(strings.TrimSpace(text(f)))
		case "category":
			e.Category = strings.TrimSpace(text(f))
		case "categories":
			list := stringList(f.value)
			if e.Category == "" && len(list) > 0 {
				e.Category = list[0]
			}
			setExtra(e, f)
		case "tags", "tag", "keywords":
			for _, t := range stringList(f.value) {
				t, _ = stripControls(t)
				if t = strings.TrimSpace(t); t != "" {
					e.Tags = append(e.Tags, t)
				}
			}
		case "lang", "language":
			l := strings.TrimSpace(text(f))
			if l != "" && !validLang(l) {
				bad(f, Warning, "field %q: %q is not a language tag like en, el, zh-Hant; ignored", f.key, Safe(l, 40))
				l = ""
			}
			e.Lang = l
		case "layout":
			e.Layout = text(f)
		case "published":
			switch v := f.value.(type) {
			case bool:
				published = v
			default:
				bad(f, Warning, "field \"published\" should be true or false, not %s; taken as true", Safe(fmt.Sprint(v), 40))
			}
		default:
			setExtra(e, f)
		}
	}
	return published, probs
}

// parseNames parses each of raw with ParseName, dropping empty names;
// control calls back with each control character removed.
func parseNames(raw []string, control func(found string)) []Name {
	var out []Name
	for _, s := range raw {
		s, found := stripControls(s)
		if found != "" {
			control(found)
		}
		if n := ParseName(s); !n.IsZero() {
			out = append(out, n)
		}
	}
	return out
}

func setExtra(e *Entry, f field) {
	if e.Extra == nil {
		e.Extra = map[string]any{}
	}
	e.Extra[f.key] = f.value
}

// scalarText renders a scalar value as text.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return unwiki(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

func kindOf(v any) string {
	switch v.(type) {
	case []any:
		return "a list"
	case map[string]any:
		return "a set of fields"
	}
	return "a value"
}

// stringList accepts a list or a single string (comma-separated, or
// space-separated as Jekyll does).
func stringList(v any) []string {
	switch x := v.(type) {
	case []any:
		var out []string
		for _, e := range x {
			if s, ok := scalarText(e); ok && s != "" {
				out = append(out, s)
			}
		}
		return out
	default:
		s, _ := scalarText(x)
		if strings.Contains(s, ",") {
			var out []string
			for _, p := range strings.Split(s, ",") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
			return out
		}
		return strings.Fields(s)
	}
}

// stripControls removes control characters (tabs and newlines become
// spaces) and returns the first one removed, escaped, or "".
func stripControls(s string) (string, string) {
	clean := cleanText(s)
	if clean == s {
		return s, ""
	}
	if _, found := firstControl([]byte(s)); found != "" {
		return clean, found
	}
	return strings.TrimSpace(clean), "" // only tabs and newlines
}

var pageRE = regexp.MustCompile(`^\s*([0-9A-Za-z]+)\s*(?:-{1,2}|–|—)\s*([0-9A-Za-z]+)\s*$`)

// normalisePages writes a page range with an en dash: "12-14" → "12–14".
func normalisePages(s string) string {
	if m := pageRE.FindStringSubmatch(s); m != nil {
		return m[1] + "–" + m[2]
	}
	return strings.TrimSpace(s)
}

func validLang(l string) bool {
	if len(l) > 35 {
		return false
	}
	for i, part := range strings.Split(l, "-") {
		if part == "" || len(part) > 8 || (i == 0 && len(part) < 2) {
			return false
		}
		for _, r := range part {
			if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r)) {
				return false
			}
		}
	}
	return true
}

// firstControl returns the 1-based line and escaped form of the first
// control character (other than tab and newline) in b.
func firstControl(b []byte) (int, string) {
	line := 1
	for _, r := range string(b) {
		switch {
		case r == '\n':
			line++
		case r == '\t':
		case isControl(r):
			return line, Safe(string(r), 0)
		}
	}
	return 0, ""
}

// unclosedQuote returns the 1-based line of the first "key: value" line
// whose value opens a double or single quote that the line never closes,
// or 0. It explains yaml.v3's "unexpected end of stream".
func unclosedQuote(b []byte) int {
	for i, l := range strings.Split(string(b), "\n") {
		_, v, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		if v == "" {
			continue
		}
		q := v[0]
		if q != '"' && q != '\'' {
			continue
		}
		rest := v[1:]
		closed := false
		for j := 0; j < len(rest); j++ {
			if q == '"' && rest[j] == '\\' {
				j++
				continue
			}
			if rest[j] == q {
				if q == '\'' && j+1 < len(rest) && rest[j+1] == '\'' {
					j++
					continue
				}
				closed = true
				break
			}
		}
		if !closed {
			return i + 1
		}
	}
	return 0
}

// bareDOI returns a DOI without the prefixes it is often written with
// ("https://doi.org/", "doi:").
func bareDOI(s string) string {
	s = strings.TrimSpace(s)
	for _, p := range []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi:", "DOI:", "doi.org/"} {
		if len(s) >= len(p) && strings.EqualFold(s[:len(p)], p) {
			return strings.TrimSpace(s[len(p):])
		}
	}
	return s
}
