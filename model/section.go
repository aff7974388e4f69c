package model

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Section is one renderer's section of commonplace.yaml as written (the
// value of "pdf:", say), kept with its lines for the renderer that parses
// it.
type Section struct {
	// Key is the section's key ("pdf").
	Key string
	// Line is the line of the key in commonplace.yaml.
	Line int
	// Node is the section's value as parsed; a mapping in a valid file.
	Node *yaml.Node
}

// Section returns the section key of s, or a Section with a nil Node when
// the file has none.
func (s Settings) Section(key string) Section {
	if sec, ok := s.Sections[key]; ok {
		return sec
	}
	return Section{Key: key}
}

// DecodeSection decodes the section key of s into v, a pointer to a
// struct whose fields have yaml tags, one key at a time: every problem (a
// key the struct does not have, a value of the wrong type) is returned at
// its line of commonplace.yaml and the other keys still apply. An absent
// section leaves v as it is. Renderers decode into pointer fields (*bool,
// *int) to tell "not set" from a value the user gave, and resolve their
// defaults from that.
func (s Settings) DecodeSection(key string, v any) []Problem {
	sec := s.Section(key)
	n := sec.Node
	if n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null") {
		return nil
	}
	prob := func(line int, sev Severity, format string, args ...any) Problem {
		return Problem{Path: SettingsFile, Line: line, Severity: sev, Message: fmt.Sprintf(format, args...)}
	}
	if n.Kind != yaml.MappingNode {
		return []Problem{prob(sec.Line, Error, "setting %s: must be fields (key: value), as %s: {key: value}", key, key)}
	}
	known := settingsKeys(reflect.TypeOf(v).Elem())
	rv := reflect.ValueOf(v).Elem()
	var probs []Problem
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !known[k.Value] {
			probs = append(probs, prob(k.Line, Warning, "unknown setting %q in %s (known: %s)", Safe(k.Value, 40), key, strings.Join(sortedKeys(known), ", ")))
			continue
		}
		one := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, val}}
		// A value of the wrong type leaves the field as it was (yaml
		// would leave a pointer field set to a zero value).
		saved := reflect.New(rv.Type()).Elem()
		saved.Set(rv)
		if err := one.Decode(v); err != nil {
			rv.Set(saved)
			probs = append(probs, prob(val.Line, Error, "setting %s.%s: %s", key, k.Value, typeErrorText(err)))
		}
	}
	return probs
}

// SectionProblem returns a problem (an error, or with warn a warning)
// about the setting key ("feed.tz") at its line of commonplace.yaml.
func (s Settings) SectionProblem(key string, warn bool, format string, args ...any) Problem {
	sev := Error
	if warn {
		sev = Warning
	}
	return Problem{Path: SettingsFile, Line: s.Line(key), Severity: sev,
		Message: fmt.Sprintf("setting %s: ", key) + fmt.Sprintf(format, args...)}
}

// Deprecated maps each key commonplace.yaml used to have at the top level
// to its place in a renderer's section. Such a key is still read, moved
// into its section, with a warning naming its line; when the file sets
// the new key too, the old one is ignored (also with a warning).
var Deprecated = map[string]string{
	"layout":       "pdf.layout",
	"print":        "pdf.print",
	"theme":        "epub.theme",
	"cover":        "epub.cover",
	"embed_fonts":  "epub.embed_fonts",
	"certified_by": "epub.certified_by",
	"seed":         "feed.seed",
	"tz":           "feed.tz",
	"hour":         "feed.hour",
	"days":         "feed.days",
	"width":        "feed.width",
	"link":         "feed.link",
	"base_url":     "feed.base_url",
	"item_url":     "feed.item_url",
	"history":      "feed.history",
	"outputs":      "build.outputs",
}

// moveDeprecated rewrites the deprecated top-level keys of root into
// their sections (Deprecated) and returns a warning for each.
func moveDeprecated(root *yaml.Node) []Problem {
	var probs []Problem
	warn := func(line int, format string, args ...any) {
		probs = append(probs, Problem{Path: SettingsFile, Line: line, Severity: Warning, Message: fmt.Sprintf(format, args...)})
	}
	find := func(m *yaml.Node, key string) *yaml.Node {
		for i := 0; i+1 < len(m.Content); i += 2 {
			if m.Content[i].Value == key {
				return m.Content[i+1]
			}
		}
		return nil
	}
	kept := &yaml.Node{Kind: yaml.MappingNode}
	var old []*yaml.Node // key, value pairs of the deprecated keys
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if _, ok := Deprecated[k.Value]; ok {
			old = append(old, k, v)
		} else {
			kept.Content = append(kept.Content, k, v)
		}
	}
	for i := 0; i+1 < len(old); i += 2 {
		k, v := old[i], old[i+1]
		to := Deprecated[k.Value]
		secKey, field, _ := strings.Cut(to, ".")
		sec := find(kept, secKey)
		switch {
		case sec != nil && sec.Kind != yaml.MappingNode:
			warn(k.Line, "setting %s: deprecated and ignored, use %s (%s is not a section of fields)", k.Value, to, secKey)
			continue
		case sec != nil && find(sec, field) != nil:
			warn(k.Line, "setting %s: deprecated and ignored, %s is set", k.Value, to)
			continue
		}
		warn(k.Line, "setting %s: deprecated, use %s", k.Value, to)
		if sec == nil {
			sec = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: k.Line, Column: k.Column}
			kept.Content = append(kept.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: secKey, Line: k.Line, Column: k.Column}, sec)
		}
		nk := *k
		nk.Value = field
		sec.Content = append(sec.Content, &nk, v)
	}
	root.Content = kept.Content
	return probs
}

// MarshalJSON writes the settings with every section as written in
// commonplace.yaml, by key, after the collection-wide keys.
func (s Settings) MarshalJSON() ([]byte, error) {
	type plain Settings
	b, err := json.Marshal(plain(s))
	if err != nil || len(s.Sections) == 0 {
		return b, err
	}
	keys := make([]string, 0, len(s.Sections))
	for k := range s.Sections {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := b[:len(b)-1]
	for _, k := range keys {
		var val any
		if n := s.Sections[k].Node; n != nil {
			if v, nerr := yamlValue(n, 0); nerr == nil {
				val = jsonable(v)
			}
		}
		kb, _ := json.Marshal(k)
		vb, err := json.Marshal(val)
		if err != nil {
			return nil, fmt.Errorf("settings: section %s: %w", k, err)
		}
		out = append(append(append(append(out, ','), kb...), ':'), vb...)
	}
	return append(out, '}'), nil
}

// jsonable converts the maps of a YAML value to string-keyed maps.
func jsonable(v any) any {
	switch t := v.(type) {
	case map[string]any:
		for k, x := range t {
			t[k] = jsonable(x)
		}
		return t
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[fmt.Sprint(k)] = jsonable(x)
		}
		return m
	case []any:
		for i, x := range t {
			t[i] = jsonable(x)
		}
		return t
	}
	return v
}

// Set sets the key ("feed.tz") of a renderer's section to value, as if
// commonplace.yaml said so; programs that build a collection in code and
// tests use it. The section is created when missing. It returns an
// error when key is not SECTION.FIELD, names a collection-wide setting,
// or value cannot be written as YAML.
func (s *Settings) Set(key string, value any) error {
	sec, field, ok := strings.Cut(key, ".")
	if !ok || sec == "" || field == "" || strings.Contains(field, ".") {
		return fmt.Errorf("settings: set %q: want SECTION.FIELD", key)
	}
	if settingsKeys(reflect.TypeOf(Settings{}))[sec] {
		return fmt.Errorf("settings: set %q: %s is a collection-wide setting, set its field directly", key, sec)
	}
	var v yaml.Node
	if err := v.Encode(value); err != nil {
		return fmt.Errorf("settings: set %q: %w", key, err)
	}
	// A new map, so that a Settings value copied before is not changed.
	secs := make(map[string]Section, len(s.Sections)+1)
	for k, v := range s.Sections {
		secs[k] = v
	}
	s.Sections = secs
	cur := s.Sections[sec]
	n := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	if cur.Node != nil && cur.Node.Kind == yaml.MappingNode {
		n.Content = append(n.Content, cur.Node.Content...)
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == field {
			n.Content = append(n.Content[:i:i], n.Content[i+2:]...)
			break
		}
	}
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: field}, &v)
	s.Sections[sec] = Section{Key: sec, Line: cur.Line, Node: n}
	return nil
}

// typeErrorText says what is wrong with one setting's value, from the
// YAML decoder's error: its type error in plain words (plainTypeError),
// else the error itself.
func typeErrorText(err error) string {
	te, ok := err.(*yaml.TypeError)
	if !ok || len(te.Errors) == 0 {
		return err.Error()
	}
	msg := te.Errors[0]
	if _, rest, ok := strings.Cut(msg, ": "); ok && strings.HasPrefix(msg, "line ") {
		msg = rest
	}
	return plainTypeError(msg)
}

// yamlTypeErrorRE matches a YAML decoder's type error for one value.
var yamlTypeErrorRE = regexp.MustCompile("^cannot unmarshal !!(\\w+)(?: `(.*)`)? into (\\S+)$")

// plainTypeError says a YAML type error in the words of a settings file:
// "maybe" is not true or false, rather than cannot unmarshal !!str
// `maybe` into bool.
func plainTypeError(msg string) string {
	m := yamlTypeErrorRE.FindStringSubmatch(msg)
	if m == nil {
		return msg
	}
	what, val, into := m[1], m[2], m[3]
	var want string
	switch {
	case into == "bool":
		want = "true or false"
	case strings.HasPrefix(into, "int") || strings.HasPrefix(into, "uint"):
		want = "a whole number"
	case strings.HasPrefix(into, "float"):
		want = "a number"
	case into == "string":
		want = "text"
	case strings.HasPrefix(into, "[]"):
		want = "a list"
	case strings.HasPrefix(into, "map"):
		want = "fields (key: value)"
	default:
		return msg
	}
	switch what {
	case "seq":
		return "a list where " + want + " is expected"
	case "map":
		return "fields where " + want + " is expected"
	}
	return strconv.Quote(Safe(val, 40)) + " is not " + want
}
