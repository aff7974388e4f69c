package feed

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// Text is the "text" renderer: the quote of the day in plain text.
type Text struct{}

// Name returns "text".
func (Text) Name() string { return "text" }

// MediaType returns the media type of plain UTF-8 text.
func (Text) MediaType() string { return "text/plain; charset=utf-8" }

// Extension returns ".txt".
func (Text) Extension() string { return ".txt" }

// Render writes the quote of the day (or of each day of the config's
// TextDays) as EncodeText does.
func (Text) Render(w io.Writer, c *model.Collection, o render.Options) error {
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodeText(w, c, fo)
}

// EncodeText writes the quote of each day of the window (TextDays, by
// default one day) to w: the quote in typographic quotation marks for its language,
// wrapped at the width with East Asian wide characters counted as two
// columns and verse line breaks kept, then the citation on its own line
// after an em dash. With more than one day, each day comes under its date,
// oldest first. Nothing is ever cut: a word longer than the width
// overflows its line.
func EncodeText(w io.Writer, c *model.Collection, o *Options) error {
	s, err := newSetup(c, o)
	if err != nil {
		return err
	}
	n := s.cfg.TextDays
	picks, err := s.picks(n)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	for i, p := range picks {
		if i > 0 {
			bw.WriteString("\n")
		}
		if n > 1 {
			fmt.Fprintf(bw, "%s, %s\n\n", p.Day.Weekday(), p.Day.Long())
		}
		lines, err := s.dayLines(p, s.width, true)
		if err != nil {
			return err
		}
		for _, l := range lines {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	return nil
}

// dayLines returns a day's quote and citation as text lines wrapped at
// width (<= 0: not wrapped).
func (s *setup) dayLines(p daily.Pick, width int, withMarks bool) ([]string, error) {
	if !p.Found() {
		r := p.Record
		return []string{fmt.Sprintf("[The quote issued on this day (%s, %s:%d) is no longer in the collection.]", model.Safe(r.QuoteID, 40), model.Safe(r.Path, 200), r.Line)}, nil
	}
	lines := quoteLines(p.Item.Entry, p.Item.Quote, p.Item.Lang, width, withMarks)
	cite, err := s.cite(p.Item.Entry, p.Item.Quote)
	if err != nil {
		return nil, err
	}
	return append(lines, wrap(clean(model.Plain(cite)), width, "— ", "  ")...), nil
}

// quoteLines returns the text of q as lines: blocks separated by a blank
// line, hard line breaks kept (wrapped verse lines continue indented by
// two spaces), list items bulleted, code blocks verbatim. With withMarks,
// the quote opens and closes with the quotation marks of lang.
//
// Footnote references become "[label]" and the notes follow the quote,
// one per line ("[1] The note."), when e holds them.
func quoteLines(e *model.Entry, q *model.Quote, lang string, width int, withMarks bool) []string {
	var out []string
	quoteLinesEach(e, q, lang, width, withMarks, func(l []byte) { out = append(out, string(l)) })
	return out
}

// quoteLinesEach is quoteLines giving each line to emit, in order,
// instead of making strings of them: the line's bytes are emit's only
// during the call.
func quoteLinesEach(e *model.Entry, q *model.Quote, lang string, width int, withMarks bool, emit func([]byte)) {
	var notes []model.Note
	type para struct {
		kind    string
		level   int
		ordered bool // an item of an ordered list, numbered number
		number  int
		more    bool // a list item's later paragraph
		lines   []string
	}
	var paras []para
	for _, b := range q.Blocks {
		switch b.Kind {
		case "hr":
			paras = append(paras, para{kind: "hr", lines: []string{"* * *"}})
			continue
		case "pre":
			var raw []string
			for _, l := range strings.Split(strings.TrimRight(model.Plain(b.Runs), "\n"), "\n") {
				raw = append(raw, strings.TrimRight(cleanLine(l), " "))
			}
			paras = append(paras, para{kind: "pre", lines: raw})
			continue
		}
		var lines []string
		var cur strings.Builder
		runs := textRuns(b.Runs)
		size := 0
		for _, r := range runs {
			size += len(r.Text)
		}
		cur.Grow(size)
		struck := false // struck-through text is between ~~, as model.Plain gives it
		for _, r := range runs {
			switch {
			case r.Break:
				lines = append(lines, clean(cur.String()))
				cur.Reset()
			case r.Note != "":
				if n, ok := findNote(e, r.Note); ok {
					cur.WriteString("[" + n.Label + "]")
					notes = append(notes, n)
				}
			default:
				cur.WriteString(model.StrikeMark(&struck, r.Strike))
				cur.WriteString(r.Text)
			}
		}
		cur.WriteString(model.StrikeMark(&struck, false))
		lines = append(lines, clean(cur.String()))
		// drop empty lines at the ends of the block
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		for len(lines) > 0 && lines[0] == "" {
			lines = lines[1:]
		}
		if len(lines) == 0 {
			continue
		}
		paras = append(paras, para{kind: b.Kind, level: b.Level, ordered: b.Ordered, number: b.Number, more: b.More, lines: lines})
	}
	if withMarks && len(paras) > 0 {
		open, close := marks(lang)
		nest := nestMarksIn(open, lang)
		for i := range paras {
			if paras[i].kind == "hr" || paras[i].kind == "pre" {
				continue
			}
			for j := range paras[i].lines {
				paras[i].lines[j] = nest(paras[i].lines[j])
			}
		}
		if first := &paras[0]; first.kind != "hr" && first.kind != "pre" {
			first.lines[0] = open + first.lines[0]
		} else {
			paras = append([]para{{kind: "p", lines: []string{open}}}, paras...)
		}
		if last := &paras[len(paras)-1]; last.kind != "hr" && last.kind != "pre" {
			last.lines[len(last.lines)-1] += close
		} else {
			paras = append(paras, para{kind: "p", lines: []string{close}})
		}
	}
	var pre []byte
	// labels is the width of the label ("• ", "3. ") of the list item
	// last set at each depth: its later paragraphs align with its text.
	var labels []int
	for i, p := range paras {
		if i > 0 {
			emit(nil)
		}
		indent := strings.Repeat("  ", max(p.level, 0))
		switch p.kind {
		case "hr":
			emit([]byte("* * *"))
		case "pre":
			for _, l := range p.lines {
				pre = append(append(append(pre[:0], "    "...), indent...), l...)
				emit(bytes.TrimRight(pre, " "))
			}
		case "li":
			// "• " or "3. " before the item's first line, its other
			// lines and later paragraphs aligned with its text
			label := "• "
			if p.ordered {
				label = strconv.Itoa(p.number) + ". "
			}
			d := max(p.level, 0)
			for len(labels) <= d {
				labels = append(labels, 2)
			}
			if !p.more {
				labels[d] = utf8.RuneCountInString(label)
			}
			rest := indent + strings.Repeat(" ", labels[d])
			for j, l := range p.lines {
				first := indent + label
				if j > 0 || p.more {
					first = rest
				}
				wrapEach(l, width, first, rest, "", emit)
			}
		default:
			rest := indent
			if len(p.lines) > 1 {
				rest += "  " // verse: a wrapped line continues indented
			}
			for _, l := range p.lines {
				wrapEach(l, width, indent, rest, "", emit)
			}
		}
	}
	noteLinesEach(notes, width, emit)
}

// clean collapses runs of spaces, tabs and newlines into one space, trims
// the ends and drops control characters and invalid UTF-8. Other spaces
// (no-break, ideographic) are kept as they are.
func clean(s string) string {
	if isClean(s) {
		return s // most text: nothing to do, nothing to copy
	}
	return cleanCopy(s)
}

// cleanCopy is clean making a new string whatever s holds.
func cleanCopy(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range cleanLine(s) {
		if r == ' ' || r == '\t' || r == '\n' {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isClean reports whether clean returns s as it is: valid UTF-8 without
// control characters (tabs and newlines included), no space at either
// end, no two spaces in a row.
func isClean(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f || c == ' ' && space {
				return false
			}
			space = c == ' '
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || r >= 0x80 && r < 0xa0 {
			return false
		}
		space = false
		i += n
	}
	return true
}

// cleanLine drops control characters other than tab and newline, and
// invalid UTF-8; tabs become spaces.
func cleanLine(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return ' '
		case r == '\n':
			return r
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return -1
		}
		return r
	}, s)
}

// findNote returns the footnote id of e, once per quote rendering.
func findNote(e *model.Entry, id string) (model.Note, bool) {
	if e == nil {
		return model.Note{}, false
	}
	for _, n := range e.Notes {
		if n.ID == id {
			return n, true
		}
	}
	return model.Note{}, false
}

// noteLines returns footnotes as lines "[1] The note.", wrapped with a
// hanging indent.
func noteLines(notes []model.Note, width int) []string {
	var out []string
	noteLinesEach(notes, width, func(l []byte) { out = append(out, string(l)) })
	return out
}

// noteLinesEach is noteLines giving each line to emit, as wrapEach does.
func noteLinesEach(notes []model.Note, width int, emit func([]byte)) {
	for _, n := range notes {
		var text []string
		for _, b := range n.Blocks {
			text = append(text, model.Plain(textRuns(dropNotes(b.Runs))))
		}
		label := "[" + n.Label + "] "
		wrapEach(clean(strings.Join(text, " ")), width, label, strings.Repeat(" ", cols(label)), "", emit)
	}
}

// nestMarks returns a function that turns the quotation marks inside a
// quote into the other kind, for a quote set between the marks that open
// with open: in English double marks become single and single pairs
// double (an apostrophe, a ’ that closes no ‘, stays); in German „ “
// become ‚ ‘ and ‚ ‘ become „ “; inside « » (French, Russian …) « »
// become “ ” without the spaces « » take; in Swedish ” becomes ’; in Japanese 「」 become 『』 and
// 『』 become 「」. It keeps state from call to
// call, so a pair may span lines; call it on the quote's lines in order.
func nestMarks(open string) func(string) string { return nestMarksIn(open, "") }

// nestMarksIn is nestMarks for a quote in lang: inside « » in Russian,
// Ukrainian and Belarusian « » become „ “ (the marks those languages
// nest), elsewhere “ ”.
func nestMarksIn(open, lang string) func(string) string {
	open = strings.TrimSpace(strings.Trim(open, "\u00a0"))
	cyrillic := false
	switch l, _, _ := strings.Cut(strings.ToLower(strings.ReplaceAll(lang, "_", "-")), "-"); l {
	case "ru", "uk", "be":
		cyrillic = true
	}
	var m map[rune]rune
	switch open {
	case "„":
		m = map[rune]rune{'„': '‚', '“': '‘', '”': '’', '"': '‘'}
	case "«":
		m = map[rune]rune{'«': '“', '»': '”'}
		if cyrillic {
			m = map[rune]rune{'«': '„', '»': '“'}
		}
	case "”":
		m = map[rune]rune{'”': '’', '“': '’'}
	case "「":
		m = map[rune]rune{'「': '『', '」': '』'}
	default:
		m = map[rune]rune{'“': '‘', '”': '’', '"': '’'}
	}
	english, german, japanese, french := open == "“", open == "„", open == "「", open == "«" && !cyrillic
	singles := 0 // ‘ (English) or ‚ (German) opened and not yet closed
	return func(s string) string {
		if !strings.ContainsAny(s, "“”„\"«»「」『』‘’‚") {
			return s
		}
		out := make([]rune, 0, len(s))
		skipSpace := false
		for _, r := range s {
			if skipSpace && guillemetSpace(r) {
				continue // the space a « took, which “ does not
			}
			skipSpace = false
			switch {
			case french && r == '«':
				skipSpace = true
				r = '“'
			case french && r == '»':
				for len(out) > 0 && guillemetSpace(out[len(out)-1]) {
					out = out[:len(out)-1]
				}
				r = '”'
			case english && r == '‘':
				singles++
				r = '“'
			case german && r == '‚':
				singles++
				r = '„'
			case english && r == '’' && singles > 0:
				singles--
				r = '”'
			case german && r == '‘' && singles > 0:
				singles--
				r = '“'
			case japanese && r == '『':
				r = '「'
			case japanese && r == '』':
				r = '」'
			default:
				if to, ok := m[r]; ok {
					r = to
				}
			}
			out = append(out, r)
		}
		return string(out)
	}
}

// guillemetSpace reports the spaces French and other languages set inside
// « » (no-break, narrow no-break, or a plain space).
func guillemetSpace(r rune) bool { return r == '\u00a0' || r == '\u202f' || r == ' ' }
