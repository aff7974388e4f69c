package model

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// rawFile is a file split into front matter and body, with the line numbers
// needed to report problems at file lines.
type rawFile struct {
	// format is "yaml", "toml" or "" (no front matter).
	format string
	// front is the front matter text between the fences.
	front []byte
	// frontLine is the file line of the first front-matter line.
	frontLine int
	// body is the text after the closing fence.
	body []byte
	// bodyLine is the file line of the first body line.
	bodyLine int
}

// maxFileSize is the largest entry file the loader accepts.
const maxFileSize = 8 << 20

// normalise removes a UTF-8 BOM and turns CRLF and lone CR line endings
// into LF; line numbers are unchanged.
func normalise(data []byte) []byte {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') < 0 {
		return data
	}
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
}

// checkText reports the first line of data that holds a NUL byte or
// invalid UTF-8, naming the offending bytes in escaped form.
func checkText(data []byte) (line int, msg string) {
	line = 1
	for i := 0; i < len(data); {
		c := data[i]
		if c == '\n' {
			line++
			i++
			continue
		}
		if c == 0 {
			return line, "binary data (NUL byte); entries must be UTF-8 text"
		}
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			end := i + 4
			if end > len(data) {
				end = len(data)
			}
			return line, fmt.Sprintf("invalid UTF-8 (bytes %s); save the file as UTF-8", Safe(string(data[i:end]), 0))
		}
		i += size
	}
	return 0, ""
}

// splitFrontMatter splits normalised data at its front-matter fences.
func splitFrontMatter(data []byte) (rawFile, error) {
	var fence, format string
	switch {
	case hasFence(data, "---"):
		fence, format = "---", "yaml"
	case hasFence(data, "+++"):
		fence, format = "+++", "toml"
	default:
		return rawFile{body: data, bodyLine: 1}, nil
	}
	// Find the closing fence: a line that is exactly the fence (trailing
	// spaces allowed); YAML also allows "..." as the document end.
	start := bytes.IndexByte(data, '\n') + 1
	line := 2
	for pos := start; pos < len(data) || pos == start; {
		end := bytes.IndexByte(data[pos:], '\n')
		var l []byte
		next := len(data)
		if end >= 0 {
			l = data[pos : pos+end]
			next = pos + end + 1
		} else {
			l = data[pos:]
		}
		t := string(bytes.TrimRight(l, " \t"))
		if t == fence || (format == "yaml" && t == "...") {
			return rawFile{format: format, front: data[start:pos], frontLine: 2, body: data[next:], bodyLine: line + 1}, nil
		}
		if end < 0 {
			break
		}
		pos = next
		line++
	}
	return rawFile{}, fmt.Errorf("front matter opened with %q on line 1 is never closed (add a line with %q after the fields)", fence, fence)
}

// hasFence reports whether data starts with a line that is exactly fence.
func hasFence(data []byte, fence string) bool {
	if !bytes.HasPrefix(data, []byte(fence)) {
		return false
	}
	rest := data[len(fence):]
	i := bytes.IndexByte(rest, '\n')
	if i < 0 {
		i = len(rest)
	}
	return len(bytes.TrimRight(rest[:i], " \t")) == 0
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// shiftYAMLError rewrites a yaml.v3 error, whose lines count from the
// front matter, into a message and a file line.
func shiftYAMLError(err error, frontLine int) (int, string) {
	msg := err.Error()
	msg = strings.TrimPrefix(msg, "yaml: ")
	line := frontLine
	if m := yamlLineRE.FindStringSubmatchIndex(msg); m != nil {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		line = frontLine + n - 1
		msg = msg[:m[0]] + msg[m[1]:]
		msg = strings.TrimLeft(msg, ": ")
	}
	return line, "invalid YAML front matter: " + Safe(msg, 200)
}
