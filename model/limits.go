package model

import (
	"bytes"
	"fmt"
)

// Limits on the shape of an entry. Each keeps the cost of loading one file
// linear in its size, whatever a hostile file holds; each is named in the
// message that reports it.
const (
	// MaxLines is the most lines one entry file may have.
	MaxLines = 100_000
	// MaxFrontDepth is the deepest nesting of arrays and tables ([ and {)
	// allowed in TOML or YAML front matter.
	MaxFrontDepth = 32
	// MaxKeyParts is the most dotted parts a TOML key or table header may
	// have ([a.b.c] has three).
	MaxKeyParts = 32
	// MaxNesting is the deepest nesting of Markdown containers (block
	// quotes and list items) kept; deeper markers are flattened.
	MaxNesting = 32
	// MaxAuthors is the most names one entry's author, translator or
	// editor field may list.
	MaxAuthors = 100
)

// checkLines reports an entry with more than MaxLines lines.
func checkLines(data []byte) string {
	if n := bytes.Count(data, []byte{'\n'}); n > MaxLines {
		return fmt.Sprintf("the file has %d lines, over the limit of %d lines per entry; split it into several entries", n, MaxLines)
	}
	return ""
}

// checkFrontDepth scans front matter in one pass for nesting deeper than
// MaxFrontDepth and, in TOML, keys or table headers with more than
// MaxKeyParts dotted parts. Both parsers would otherwise recurse once per
// level or copy tables once per part. It returns the file line and a
// message, or 0 and "" when the front matter is within the limits.
func checkFrontDepth(format string, front []byte, frontLine int) (int, string) {
	depth, line := 0, frontLine
	var quote byte   // the open string's quote character, or 0
	triple := false  // the open string is a TOML multi-line string
	atStart := true  // only spaces since the start of the line
	header := false  // in a TOML [table] header
	keyParts := 1    // dotted parts of the current key or header
	inKey := true    // before the = of a TOML key/value line
	comment := false // after # (outside strings) until the line's end
	var prev byte    // the line's last byte that is not a space, or 0
	for i := 0; i < len(front); i++ {
		c := front[i]
		if c == '\n' {
			line++
			comment, atStart, header, inKey, keyParts, prev = false, true, false, true, 1, 0
			if quote != 0 && !triple {
				quote = 0 // single-line strings end with their line
			}
			continue
		}
		if comment {
			continue
		}
		if quote != 0 {
			switch {
			case c == '\\' && quote == '"':
				i++
			case c == quote && triple && i+2 < len(front) && front[i+1] == quote && front[i+2] == quote:
				quote, triple = 0, false
				i += 2
			case c == quote && !triple:
				quote = 0
			case c == '\'' && quote == '\'' && format == "yaml" && i+1 < len(front) && front[i+1] == '\'':
				i++ // YAML's '' escape inside single quotes
			}
			continue
		}
		wasStart, before := atStart, prev
		if c != ' ' && c != '\t' {
			atStart = false
			prev = c
		}
		switch c {
		case '#':
			if format == "toml" || wasStart || (i > 0 && (front[i-1] == ' ' || front[i-1] == '\t')) {
				comment = true
			}
		case '"', '\'':
			if format == "toml" && i+2 < len(front) && front[i+1] == c && front[i+2] == c {
				triple = true
				i += 2
			} else if format == "yaml" && c == '\'' && i > 0 && isWordByte(front[i-1]) {
				continue // an apostrophe inside a plain YAML scalar
			}
			quote = c
		case '[', '{':
			if format == "toml" && c == '[' && wasStart {
				header = true
				if i+1 < len(front) && front[i+1] == '[' {
					i++
				}
				continue
			}
			if format == "yaml" && depth == 0 && before != 0 && before != ':' && before != '-' && before != ',' {
				continue // a bracket inside a plain scalar, not a flow collection
			}
			depth++
			inKey = false
			if depth > MaxFrontDepth {
				return line, fmt.Sprintf("front matter nests arrays or tables more than %d levels deep (the limit)", MaxFrontDepth)
			}
		case ']', '}':
			if header {
				header = false
				continue
			}
			if depth > 0 {
				depth--
			}
		case '=':
			if format == "toml" && depth == 0 {
				inKey = false
			}
		case '.':
			if format == "toml" && (header || (inKey && depth == 0)) {
				keyParts++
				if keyParts > MaxKeyParts {
					return line, fmt.Sprintf("TOML key or table header has more than %d dotted parts (the limit)", MaxKeyParts)
				}
			}
		}
	}
	return 0, ""
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c >= 0x80
}

// flattenNesting rewrites, in one pass, every body line whose block quote
// and list markers nest deeper than MaxNesting: the markers past the limit
// are removed and their text kept, and leading indentation is capped so
// that indentation alone cannot nest deeper either. Lines keep their
// numbers. It returns the body (the input itself when nothing changed)
// and the 1-based body lines that were flattened.
func flattenNesting(body []byte) ([]byte, []int) {
	const maxIndent = 4 * MaxNesting
	var out []byte
	var lines []int
	start, n := 0, 1
	for start <= len(body) {
		end := bytes.IndexByte(body[start:], '\n')
		next := len(body) + 1
		l := body[start:]
		if end >= 0 {
			l = body[start : start+end]
			next = start + end + 1
		}
		if fixed, changed := flattenLine(l, maxIndent); changed {
			if out == nil {
				out = make([]byte, 0, len(body))
				out = append(out, body[:start]...)
			}
			out = append(out, fixed...)
			if end >= 0 {
				out = append(out, '\n')
			}
			lines = append(lines, n)
		} else if out != nil {
			out = append(out, body[start:min(next, len(body))]...)
		}
		if end < 0 {
			break
		}
		start = next
		n++
	}
	if out == nil {
		return body, nil
	}
	return out, lines
}

// flattenLine returns l with its container markers beyond MaxNesting and
// its indentation beyond maxIndent columns removed, and whether it changed.
func flattenLine(l []byte, maxIndent int) ([]byte, bool) {
	i, depth, cut := 0, 0, -1
	indent := 0
	for i < len(l) {
		// Up to the indentation before a marker.
		j := i
		for j < len(l) && (l[j] == ' ' || l[j] == '\t') {
			j++
		}
		if i == 0 {
			indent = j
		}
		k := markerEnd(l, j)
		if k < 0 {
			break
		}
		depth++
		if depth == MaxNesting+1 {
			cut = i
		}
		i = k
	}
	if cut < 0 && indent <= maxIndent {
		return l, false
	}
	var b []byte
	if cut >= 0 {
		b = append(b, l[:cut]...)
		b = append(b, ' ')
		b = append(b, bytes.TrimLeft(l[i:], " \t")...)
	} else {
		b = append(b, l...)
	}
	if indent > maxIndent {
		b = append(bytes.Repeat([]byte{' '}, maxIndent), b[indent:]...)
	}
	return b, true
}

// markerEnd returns the index after a block-quote marker (">" and an
// optional space) or a list marker ("-", "*", "+", or up to nine digits
// and "." or ")", then a space) at l[j:], or -1 when there is none.
func markerEnd(l []byte, j int) int {
	if j >= len(l) {
		return -1
	}
	switch c := l[j]; {
	case c == '>':
		if j+1 < len(l) && l[j+1] == ' ' {
			return j + 2
		}
		return j + 1
	case c == '-' || c == '*' || c == '+':
		if j+1 < len(l) && (l[j+1] == ' ' || l[j+1] == '\t') {
			return j + 2
		}
	case c >= '0' && c <= '9':
		k := j
		for k < len(l) && k-j < 9 && l[k] >= '0' && l[k] <= '9' {
			k++
		}
		if k+1 < len(l) && (l[k] == '.' || l[k] == ')') && (l[k+1] == ' ' || l[k+1] == '\t') {
			return k + 2
		}
	}
	return -1
}
