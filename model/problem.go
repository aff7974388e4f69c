package model

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Severity says whether a Problem rejects the entry or only warns.
type Severity string

// Severities.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// String formats p as "FILE:LINE: message" ("FILE: message" when Line is
// 0, the message alone when Path is empty too), with "warning: " before
// warnings' messages. The file name is shown
// with Safe, so a name holding a newline, an escape sequence or a bidi
// override cannot forge a line or hide what it says; the message is
// expected to be safe already (values quoted in it go through Safe).
func (p Problem) String() string {
	loc := Safe(p.Path, 0)
	if p.Line > 0 {
		loc = fmt.Sprintf("%s:%d", loc, p.Line)
	}
	if loc != "" {
		loc += ": "
	}
	if p.Severity == Warning {
		return loc + "warning: " + p.Message
	}
	return loc + p.Message
}

// Errors returns the number of error problems in ps.
func Errors(ps []Problem) int {
	n := 0
	for _, p := range ps {
		if p.Severity == Error {
			n++
		}
	}
	return n
}

// ErrorOf returns the errors among ps (not the warnings) as one error,
// each as FILE:LINE: message, or nil when there is none.
func ErrorOf(ps []Problem) error {
	var errs []error
	for _, p := range ps {
		if p.Severity == Error {
			errs = append(errs, errors.New(p.String()))
		}
	}
	return errors.Join(errs...)
}

// Safe returns s fit to print in a message: invalid UTF-8 and control
// characters are escaped (\x1b, \u200e), and it is cut after max runes
// (max <= 0 means no limit).
func Safe(s string, max int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if max > 0 && n >= max {
			b.WriteString("…")
			break
		}
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r < 0x80 && (r < 0x20 || r == 0x7f):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) && r != 0x200d:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
		n++
	}
	return b.String()
}
