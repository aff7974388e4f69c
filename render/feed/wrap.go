package feed

import (
	"bytes"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// runeCols returns the columns a terminal gives r: 2 for East Asian wide
// and fullwidth characters, 0 for combining marks and format characters,
// else 1.
func runeCols(r rune) int {
	if r < 0x300 { // Latin, no combining marks, nothing wide
		if r < 0x20 || (r >= 0x7f && r < 0xa0) || r == 0xad {
			return 0
		}
		return 1
	}
	if r == '\u200b' || unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf) {
		return 0
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

// cols returns the columns of s, tabs advancing to the next multiple of 8.
func cols(s string) int {
	n := 0
	for _, r := range s {
		if r == '\t' {
			n = (n/8 + 1) * 8
			continue
		}
		n += runeCols(r)
	}
	return n
}

// noBreakBefore are characters a line must not start with; noBreakAfter
// are characters a line must not end with (CJK line-breaking rules, and
// the ASCII punctuation that follows or precedes CJK text).
const (
	noBreakBefore = "、。，．・：；？！ー」』）】〉》〕］｝〙〗〟’”…‥々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;!?)]}»›"
	noBreakAfter  = "「『（【〈《〔［｛〘〖〝‘“([{«‹"
)

// breakBetween reports whether a line may break between a and b when no
// space separates them: around wide characters, unless punctuation forbids.
func breakBetween(a, b rune) bool {
	if runeCols(a) != 2 && runeCols(b) != 2 {
		return false
	}
	return !strings.ContainsRune(noBreakBefore, b) && !strings.ContainsRune(noBreakAfter, a)
}

// piece is an unbreakable run of text, and whether a space precedes it.
type piece struct {
	text  string
	cols  int
	space bool
}

// eachPiece calls f with each piece of s in order, without allocating.
func eachPiece(s string, f func(piece)) {
	start, n := -1, 0 // the current piece: s[start:i], n columns
	space, any := false, false
	var prev rune
	prevWide := false // runeCols(prev) == 2
	for i := 0; i < len(s); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:])
		}
		if r == ' ' || r == '\t' || r == '\n' {
			if start >= 0 {
				f(piece{text: s[start:i], cols: n, space: space})
				start, n, space = -1, 0, false
			}
			space = any
			i += size
			continue
		}
		c := 1 // printable ASCII, most of the text
		if r < 0x20 || r >= 0x7f {
			c = runeCols(r)
		}
		if start >= 0 && (c == 2 || prevWide) && breakBetween(prev, r) && !isURL(s[start:i]) {
			f(piece{text: s[start:i], cols: n, space: space})
			start, n, space = -1, 0, false
		}
		if start < 0 {
			start = i
			any = true
		}
		n += c
		prev, prevWide = r, c == 2
		i += size
	}
	if start >= 0 {
		f(piece{text: s[start:], cols: n, space: space})
	}
}

// wrap breaks s (one line: spaces collapse, newlines count as spaces)
// into lines of at most width columns, the first starting with first, the
// others with rest. Words and URLs are never split: a piece wider than a
// line goes on a line of its own and overflows it. width <= 0 means no
// wrapping. The text is never cut.
func wrap(s string, width int, first, rest string) []string {
	return wrapAlt(s, width, first, rest, "")
}

// wrapAlt is wrap where a continuation line whose first piece would not
// fit after rest starts with alt instead (when alt is not "").
func wrapAlt(s string, width int, first, rest, alt string) []string {
	var lines []string
	wrapEach(s, width, first, rest, alt, func(l []byte) { lines = append(lines, string(l)) })
	return lines
}

// wrapEach is wrapAlt giving each line to emit, in order, instead of
// making strings of them (the fortune file of a collection is written
// line by line): the line's bytes are emit's only during the call.
func wrapEach(s string, width int, first, rest, alt string, emit func([]byte)) {
	emitted := false
	buf := lineBufs.Get().(*[]byte)
	defer func() { lineBufs.Put(buf) }()
	line := append((*buf)[:0], first...)
	defer func() { *buf = line[:0] }() // keep what it grew to
	n := cols(first)
	empty := true
	newLine := func() {
		emit(bytes.TrimRight(line, " "))
		emitted = true
		line = append(line[:0], rest...)
		n = cols(rest)
		empty = true
	}
	eachPiece(s, func(p piece) {
		add := p.cols
		if !empty && p.space {
			add++
		}
		if width > 0 && !empty && n+add > width {
			newLine()
			add = p.cols
			if alt != "" && n+add > width {
				line = append(line[:0], alt...)
				n = cols(alt)
			}
		}
		if !empty && p.space {
			line = append(line, ' ')
		}
		line = append(line, p.text...)
		n += add
		if p.text != "" {
			empty = false
		}
		if width > 0 && n > width {
			// an overlong piece keeps its line to itself
			newLine()
		}
	})
	if !empty || !emitted {
		emit(bytes.TrimRight(line, " "))
	}
}

// lineBufs holds the buffers wrapEach builds its lines in.
var lineBufs = sync.Pool{New: func() any { return new([]byte) }}

// isURL reports whether a piece is a URL, which never breaks.
func isURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "mailto:")
}
