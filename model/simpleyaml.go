package model

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// simpleYAML parses the front matter most entries have — "key: value"
// lines with plain values and "- item" lists — without the general YAML
// parser, which dominates loading time. Anything it is not sure of
// (quotes, flow collections, anchors, comments after values, block
// scalars, tabs, nesting) makes it return ok == false, and the caller uses
// yaml.v3. Where it answers, the fields equal yaml.v3's (checked by the
// fuzz test).
func simpleYAML(front []byte, frontLine int) (fields []field, ok bool) {
	if l, _ := firstControl(front); l != 0 || !utf8.Valid(front) {
		return nil, false
	}
	seen := map[string]bool{}
	// After "key:" with no value, the following "- item" lines are its
	// list: inList is set, and listIndent is the items' indentation
	// (-1 until the first item; a "key:" with no items is null).
	inList, listIndent := false, -1
	endList := func() {
		if inList && listIndent < 0 {
			fields[len(fields)-1].value = nil
		}
		inList, listIndent = false, -1
	}
	line := frontLine - 1
	for len(front) > 0 {
		var l []byte
		if i := bytes.IndexByte(front, '\n'); i >= 0 {
			l, front = front[:i], front[i+1:]
		} else {
			l, front = front, nil
		}
		line++
		if bytes.IndexByte(l, '\t') >= 0 || bytes.IndexByte(l, '\r') >= 0 {
			return nil, false
		}
		t := bytes.TrimRight(l, " ")
		if len(t) == 0 {
			continue
		}
		if t[0] == '#' {
			continue
		}
		if t[0] == ' ' || t[0] == '-' {
			// A list item of the previous key: "- item" or "  - item".
			item := bytes.TrimLeft(t, " ")
			if !inList || len(item) < 2 || item[0] != '-' || item[1] != ' ' {
				return nil, false
			}
			indent := len(t) - len(item)
			if listIndent < 0 { // the first item fixes the indentation
				listIndent = indent
			} else if listIndent != indent {
				return nil, false
			}
			v, ok := plainScalar(string(bytes.TrimLeft(item[2:], " ")))
			if !ok {
				return nil, false
			}
			fields[len(fields)-1].value = append(fields[len(fields)-1].value.([]any), v)
			continue
		}
		endList()
		colon := bytes.IndexByte(t, ':')
		if colon <= 0 || colon > 128 || !simpleKey.Match(t[:colon]) {
			return nil, false
		}
		key := string(t[:colon])
		if seen[key] {
			return nil, false
		}
		seen[key] = true
		rest := t[colon+1:]
		if len(rest) == 0 {
			fields = append(fields, field{key: key, line: line, value: []any{}})
			inList = true
			continue
		}
		if rest[0] != ' ' {
			return nil, false
		}
		text := string(bytes.TrimLeft(rest, " "))
		v, ok := simpleValue(text)
		if !ok {
			return nil, false
		}
		fd := field{key: key, line: line, value: v}
		if _, isInt := v.(int64); isInt {
			fd.raw = text
		}
		fields = append(fields, fd)
	}
	endList()
	return fields, true
}

var (
	simpleKey   = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_-]*$`)
	simpleInt   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	simpleDate  = regexp.MustCompile(`^[0-9]{4}-[0-9]{1,2}(-[0-9]{1,2}([ Tt][0-9: .+-]*[Zz]?)?)?$`)
	simpleRange = regexp.MustCompile(`^[0-9]+(-[0-9]+)+$`)
)

// simpleValue is a plain scalar, a quoted string without escapes, or a
// flow list of plain scalars ("[a, b c]").
func simpleValue(s string) (any, bool) {
	if len(s) >= 2 {
		switch q, last := s[0], s[len(s)-1]; {
		case q == '"' && last == '"':
			inner := s[1 : len(s)-1]
			if strings.ContainsAny(inner, "\\\"") {
				return nil, false
			}
			return inner, true
		case q == '\'' && last == '\'':
			inner := s[1 : len(s)-1]
			if strings.Contains(inner, "'") {
				return nil, false
			}
			return inner, true
		case q == '[' && last == ']':
			inner := strings.TrimSpace(s[1 : len(s)-1])
			out := []any{}
			if inner == "" {
				return out, true
			}
			// (yaml.v3 ends a plain scalar at "?" inside a flow
			// collection, as at the brackets and braces)
			if strings.ContainsAny(inner, "[]{}\"'#?") {
				return nil, false
			}
			for _, item := range strings.Split(inner, ",") {
				item = strings.Trim(item, " ")
				v, ok := plainScalar(item)
				if !ok || item == "" || strings.Contains(item, ":") {
					return nil, false
				}
				out = append(out, v)
			}
			return out, true
		}
	}
	return plainScalar(s)
}

// plainScalar resolves a plain YAML scalar as yaml.v3 does, or reports
// that it is not plain enough to be sure.
func plainScalar(s string) (any, bool) {
	if s == "" {
		return nil, true
	}
	switch s[0] {
	case '"', '\'', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '#', ',', '?', ':', '-', '.', '+', '0':
		if s[0] == '0' && len(s) > 1 {
			return nil, false // octal, hex and leading zeros resolve specially
		}
		if s[0] == '-' || s[0] == '.' || s[0] == '+' {
			if s[0] == '-' && len(s) > 1 && s[1] != ' ' && s[1] >= '0' && s[1] <= '9' {
				break // a negative number or a date-like value
			}
			return nil, false
		}
		if s[0] != '0' {
			return nil, false
		}
	}
	if strings.Contains(s, ": ") || strings.Contains(s, " #") || strings.HasSuffix(s, ":") {
		return nil, false
	}
	for _, r := range s {
		if isControl(r) || r == 0xfeff || r == 0x2028 || r == 0x2029 {
			return nil, false
		}
	}
	switch s {
	case "~", "null", "Null", "NULL":
		return nil, true
	case "true", "True", "TRUE":
		return true, true
	case "false", "False", "FALSE":
		return false, true
	case "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N":
		return nil, false // YAML 1.1 booleans: let yaml.v3 decide
	}
	if c := s[0]; c >= '0' && c <= '9' || c == '-' || c == '+' || c == '.' {
		// Numbers and dates: only plain integers and date-like values are
		// certain; leave every other numeric form to yaml.v3.
		if simpleInt.MatchString(s) {
			digits := strings.TrimLeft(s, "+-")
			if len(digits) > 1 && digits[0] == '0' {
				return nil, false
			}
			i, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return nil, false
			}
			return i, true
		}
		if simpleDate.MatchString(s) || simpleRange.MatchString(s) {
			return s, true
		}
		return nil, false
	}
	return s, true
}
