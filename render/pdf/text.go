package pdf

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/commonplace-book/commonplace/model"
)

// destPrefix marks a run's link as internal, to the anchor whose index + 1
// follows; the loader never produces such links.
const destPrefix = "commonplace-anchor:"

// style is the look of a piece of text within a paragraph.
type style struct {
	italic, bold bool
	size         float64
	rise         float64 // baseline raised by this much (note labels)
	link         string  // external link target
	dest         int     // internal link target (anchor index + 1)
}

// frag is a measured piece of text in one face and style, in display
// order.
type frag struct {
	text string
	face face
	st   *style
	w    float64
}

// Gap kinds: what follows a word.
const (
	gapSpace uint8 = iota // a space: stretches when justified
	gapCJK                // a break between ideographs: no width, stretches
	gapZero               // a break after a hyphen or slash: no width, no stretch
	gapNone               // no break and no width: trailing punctuation split off a right-to-left word
)

// Direction classes of a word.
const (
	dirN   int8 = iota // neutral: punctuation, symbols
	dirL               // left to right letters
	dirR               // right to left letters
	dirNum             // digits
)

// word is an unbreakable unit of a paragraph.
type word struct {
	frags   []frag
	w       float64
	dir     int8
	gap     float64 // natural width of the gap after the word
	gapKind uint8
	gapFace face
	hard    bool // a forced line break follows
}

// char is a character of a word being built, in logical order.
type char struct {
	r  rune
	st *style
}

// shaper turns rich text into measured words, choosing a face per run of
// characters and reporting what it cannot show.
type shaper struct {
	m    [numFaces]*metrics
	used [numFaces]bool
	warn func(path string, line int, msg string)
	// path and line locate the text being shaped, for warnings.
	path string
	line int
	pend [numProbs][]rune
	seen map[string]bool

	words []word
	cur   []char
	rbuf  []rune
}

func newShaper(warn func(path string, line int, msg string)) (*shaper, error) {
	s := &shaper{warn: warn}
	for f := face(0); f < numFaces; f++ {
		m, err := faceMetrics(f)
		if err != nil {
			return nil, err
		}
		s.m[f] = m
	}
	return s, nil
}

func (s *shaper) warnf(format string, args ...any) {
	if s.warn != nil {
		s.warn(s.path, s.line, fmt.Sprintf(format, args...))
	}
}

// Kinds of characters reported in one warning per place.
const (
	probAstral   = iota // above U+FFFF
	probNoGlyph         // in no face
	probUnjoined        // Arabic letters without forms
	numProbs
)

// at flushes the warnings of the previous place and sets the place (file
// and line) that warnings are reported at.
func (s *shaper) at(path string, line int) {
	s.flush()
	s.path, s.line = path, line
}

// problem notes a character of a kind, once per file.
func (s *shaper) problem(kind int, r rune) {
	if s.warn == nil {
		return
	}
	if s.seen == nil {
		s.seen = map[string]bool{}
	}
	k := fmt.Sprintf("%s\x00%d\x00%d", s.path, kind, r)
	if s.seen[k] {
		return
	}
	s.seen[k] = true
	s.pend[kind] = append(s.pend[kind], r)
}

// flush reports the characters noted at the current place.
func (s *shaper) flush() {
	for kind, rs := range s.pend {
		if len(rs) == 0 {
			continue
		}
		var list []string
		for i, r := range rs {
			if i == 8 {
				list = append(list, fmt.Sprintf("and %d more", len(rs)-8))
				break
			}
			list = append(list, fmt.Sprintf("U+%04X %s", r, string(r)))
		}
		l := strings.Join(list, ", ")
		switch kind {
		case probAstral:
			s.warnf("pdf: %s cannot be drawn (fpdf encodes only characters up to U+FFFF); replaced with U+FFFD", l)
		case probNoGlyph:
			s.warnf("pdf: no font has a glyph for %s; replaced with U+FFFD", l)
		case probUnjoined:
			s.warnf("pdf: Arabic letters %s have no contextual forms here; they are shown unjoined", l)
		}
		s.pend[kind] = rs[:0]
	}
}

func serifFace(st *style) face {
	switch {
	case st.bold && st.italic:
		return faceBoldItalic
	case st.bold:
		return faceBold
	case st.italic:
		return faceItalic
	}
	return faceRegular
}

// Script classes for face fallback.
const (
	scOther = iota
	scNeutral
	scCJK
	scArabic
)

func script(r rune) int {
	switch {
	case r < 0x80:
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' {
			return scOther
		}
		return scNeutral
	case r >= 0x0600 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0x08A0 && r <= 0x08FF ||
		r >= 0xFB50 && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFE:
		return scArabic
	case isCJK(r):
		return scCJK
	case r >= 0x2000 && r <= 0x206F || unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsDigit(r):
		return scNeutral
	}
	return scOther
}

func isCJK(r rune) bool {
	return r >= 0x1100 && r <= 0x11FF || r >= 0x2E80 && r <= 0x2FDF || r >= 0x3000 && r <= 0x33FF ||
		r >= 0x3400 && r <= 0x4DBF || r >= 0x4E00 && r <= 0x9FFF || r >= 0xA960 && r <= 0xA97F ||
		r >= 0xAC00 && r <= 0xD7AF || r >= 0xF900 && r <= 0xFAFF || r >= 0xFE30 && r <= 0xFE4F ||
		r >= 0xFF00 && r <= 0xFFEF
}

// noBreakBefore and noBreakAfter are the line-breaking exceptions between
// ideographs (kinsoku): closing punctuation never starts a line, opening
// punctuation never ends one.
func noBreakBefore(r rune) bool {
	return strings.ContainsRune("、。，．：；？！）」』】〕〉》〗〙〛｝〟ー々ゝゞぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥・,.;:!?)]}”’%", r)
}

func noBreakAfter(r rune) bool {
	return strings.ContainsRune("（「『【〔〈《〖〘〚｛〝“‘([{", r)
}

// isRTL reports whether r is a strong right-to-left character.
func isRTL(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF && !isDigit(r) && !arabicTransparent(r) && r != 0x060C && r != 0x061B && r != 0x061F && r != 0x06D4 ||
		r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFE
}

func isDigit(r rune) bool {
	return r >= '0' && r <= '9' || r >= 0x0660 && r <= 0x0669 || r >= 0x06F0 && r <= 0x06F9
}

// paragraphRTL reports whether the first strong character of runs is
// right to left.
func paragraphRTL(runs []model.Run) bool {
	for _, r := range runs {
		for _, c := range r.Text {
			if isRTL(c) {
				return true
			}
			if unicode.IsLetter(c) {
				return false
			}
		}
	}
	return false
}

// words shapes runs into words. base is the paragraph's style; notes maps a
// footnote ID to its label; maxW is the narrowest line the words must fit
// (longer words are broken).
func (s *shaper) shape(runs []model.Run, base style, notes map[string]string, maxW float64) []word {
	s.words = s.words[:0]
	s.cur = s.cur[:0]
	for i := range runs {
		r := &runs[i]
		if r.Break {
			s.finish(gapSpace, maxW)
			if n := len(s.words); n > 0 {
				s.words[n-1].hard = true
			}
			continue
		}
		st := base
		st.italic = base.italic != r.Italic // emphasis inside italic text is upright
		st.bold = base.bold || r.Bold
		st.link = r.Link
		if strings.HasPrefix(r.Link, "#") {
			st.link = "" // in-page fragments of the source lead nowhere here
		}
		if d, ok := strings.CutPrefix(r.Link, destPrefix); ok {
			st.link = ""
			st.dest, _ = strconv.Atoi(d)
		}
		text := r.Text
		if r.Note != "" {
			label := notes[r.Note]
			if label == "" {
				continue
			}
			text = label
			st.size = base.size * 0.65
			st.rise = base.size * 0.38
		}
		sp := &st
		if !norm.NFC.IsNormalString(text) {
			text = norm.NFC.String(text)
		}
		for _, c := range text {
			s.add(c, sp, maxW)
		}
	}
	s.finish(gapSpace, maxW)
	out := make([]word, len(s.words))
	copy(out, s.words)
	return out
}

// add appends one character to the paragraph.
func (s *shaper) add(c rune, st *style, maxW float64) {
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000 || unicode.IsSpace(c) && c != 0xA0 && c != 0x202F:
		s.finish(gapSpace, maxW)
		return
	case c == 0x200B:
		s.finish(gapZero, maxW)
		return
	case c < 0x20 || c >= 0x7F && c < 0xA0 || c == 0xAD || c == 0xFEFF || c >= 0xFE00 && c <= 0xFE0F ||
		c == 0x200E || c == 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x2060:
		return // controls, soft hyphens, variation selectors, bidi marks
	case c == utf8.RuneError:
		c = 0xFFFD
	case c > 0xFFFF:
		s.problem(probAstral, c)
		c = 0xFFFD
	case c == 0xA0 || c == 0x202F:
		// no-break spaces stay in the word: drawn, never broken, never
		// stretched
	}
	if n := len(s.cur); n > 0 {
		p := s.cur[n-1].r
		if (isCJK(p) || isCJK(c)) && !noBreakBefore(c) && !noBreakAfter(p) && p != ' ' {
			s.finish(gapCJK, maxW)
		}
	}
	s.cur = append(s.cur, char{c, st})
	if (c == '-' || c == 0x2010 || c == 0x2013 || c == 0x2014) && len(s.cur) > 2 {
		s.finish(gapZero, maxW)
	}
}

// finish ends the current word with a gap of the given kind.
func (s *shaper) finish(kind uint8, maxW float64) {
	if len(s.cur) == 0 {
		if n := len(s.words); n > 0 && kind == gapSpace && s.words[n-1].gapKind != gapSpace {
			w := &s.words[n-1]
			w.gapKind = gapSpace
			w.gap = s.spaceWidth(w.gapFace, lastStyle(w))
		}
		return
	}
	chars := s.cur
	s.cur = s.cur[:0]
	// Long URLs and paths break after their punctuation.
	if len(chars) > 24 && !hasRTL(chars) {
		start := 0
		for i := 0; i < len(chars)-1; i++ {
			if strings.ContainsRune("/?&=_.", chars[i].r) && chars[i+1].r != '/' && i-start >= 6 {
				s.build(chars[start:i+1], gapZero, maxW)
				start = i + 1
			}
		}
		chars = chars[start:]
	}
	s.build(chars, kind, maxW)
}

func hasRTL(chars []char) bool {
	for _, c := range chars {
		if isRTL(c.r) {
			return true
		}
	}
	return false
}

func lastStyle(w *word) *style {
	if len(w.frags) == 0 {
		return &style{size: 10}
	}
	return w.frags[len(w.frags)-1].st
}

func (s *shaper) spaceWidth(f face, st *style) float64 {
	return float64(s.m[f].adv(' ')) * st.size / 1000
}

// pick chooses the face that draws c, preferring the face of the previous
// character for neutral characters. It returns the character to draw,
// which is U+FFFD when no face has a glyph.
func (s *shaper) pick(c rune, st *style, prev face, havePrev bool) (face, rune) {
	serif := serifFace(st)
	switch script(c) {
	case scCJK:
		if s.m[faceCJK].has(c) {
			return faceCJK, c
		}
	case scArabic:
		if s.m[faceArabic].has(c) {
			return faceArabic, c
		}
	case scNeutral:
		if havePrev && s.m[prev].has(c) {
			return prev, c
		}
	}
	for _, f := range [...]face{serif, faceRegular, faceArabic, faceCJK} {
		if s.m[f].has(c) {
			return f, c
		}
	}
	s.problem(probNoGlyph, c)
	return serif, 0xFFFD
}

// build measures a word from its characters (in logical order): Arabic
// letters are joined, faces chosen per character and the characters put
// in display order.
func (s *shaper) build(chars []char, kind uint8, maxW float64) {
	rtl := false
	arabic := false
	for _, c := range chars {
		if isRTL(c.r) {
			rtl = true
		}
		if c.r >= 0x0600 && c.r <= 0x08FF {
			arabic = true
		}
	}
	// Punctuation after a right-to-left word is a word of its own, so that
	// it takes its direction from its neighbours.
	if rtl && kind != gapNone {
		k := len(chars)
		for k > 1 && strings.ContainsRune(".,;:!?،؛؟…\"'”’»", chars[k-1].r) {
			k--
		}
		if k < len(chars) && k > 0 {
			tail := append([]char(nil), chars[k:]...)
			s.build(chars[:k], gapNone, maxW)
			s.build(tail, kind, maxW)
			return
		}
	}
	if arabic {
		chars = s.joinArabic(chars)
	}
	// Faces and widths, in logical order.
	type pc struct {
		r  rune
		f  face
		st *style
		w  float64
	}
	pcs := make([]pc, 0, len(chars))
	havePrev := false
	var prev face
	dir := dirN
	for _, c := range chars {
		f, r := s.pick(c.r, c.st, prev, havePrev)
		prev, havePrev = f, true
		pcs = append(pcs, pc{r, f, c.st, float64(s.m[f].adv(r)) * c.st.size / 1000})
		switch {
		case isRTL(r):
			dir = dirR
		case dir != dirR && unicode.IsLetter(r):
			dir = dirL
		case dir == dirN && isDigit(r):
			dir = dirNum
		}
	}
	// Display order: in a right-to-left word, runs of digits and
	// left-to-right letters keep their order, everything else is
	// reversed; combining marks stay after their base.
	if rtl {
		vis := make([]pc, 0, len(pcs))
		ltr := func(r rune) bool { return isDigit(r) || unicode.IsLetter(r) && !isRTL(r) }
		i := len(pcs)
		for i > 0 {
			j := i - 1
			if ltr(pcs[j].r) {
				for j > 0 && (ltr(pcs[j-1].r) || strings.ContainsRune(".,:", pcs[j-1].r) && j > 1 && isDigit(pcs[j-2].r)) {
					j--
				}
				vis = append(vis, pcs[j:i]...)
			} else {
				for j > 0 && unicode.Is(unicode.Mn, pcs[j].r) {
					j--
				}
				for k := j; k < i; k++ {
					p := pcs[k]
					p.r = mirror(p.r)
					vis = append(vis, p)
				}
			}
			i = j
		}
		pcs = vis
	}
	// Too wide for any line: break into pieces that fit.
	total := 0.0
	for _, p := range pcs {
		total += p.w
	}
	var pieces [][]pc
	if maxW > 0 && total > maxW && len(pcs) > 1 {
		start, acc := 0, 0.0
		for i, p := range pcs {
			if acc+p.w > maxW && i > start {
				pieces = append(pieces, pcs[start:i])
				start, acc = i, 0
			}
			acc += p.w
		}
		pieces = append(pieces, pcs[start:])
		if rtl {
			for a, b := 0, len(pieces)-1; a < b; a, b = a+1, b-1 {
				pieces[a], pieces[b] = pieces[b], pieces[a]
			}
		}
	} else {
		pieces = [][]pc{pcs}
	}
	for pi, piece := range pieces {
		w := word{dir: dir, gapKind: gapZero}
		var b strings.Builder
		for i, p := range piece {
			if i > 0 && (p.f != piece[i-1].f || p.st != piece[i-1].st) {
				w.frags = append(w.frags, frag{text: b.String(), face: piece[i-1].f, st: piece[i-1].st})
				b.Reset()
			}
			b.WriteRune(p.r)
			w.w += p.w
			s.used[p.f] = true
		}
		last := piece[len(piece)-1]
		w.frags = append(w.frags, frag{text: b.String(), face: last.f, st: last.st})
		for i := range w.frags {
			w.frags[i].w = s.width(w.frags[i].face, w.frags[i].st.size, w.frags[i].text)
		}
		if pi == len(pieces)-1 {
			w.gapKind = kind
		}
		w.gapFace = last.f
		if rtl {
			w.gapFace = piece[0].f
		}
		if w.gapKind == gapSpace {
			w.gap = s.spaceWidth(w.gapFace, last.st)
		}
		s.words = append(s.words, w)
	}
}

// width measures text in face f at size.
func (s *shaper) width(f face, size float64, text string) float64 {
	n := 0
	m := s.m[f]
	for _, r := range text {
		n += m.adv(r)
	}
	return float64(n) * size / 1000
}

// joinArabic shapes the Arabic letters of a word.
func (s *shaper) joinArabic(chars []char) []char {
	rs := s.rbuf[:0]
	for _, c := range chars {
		rs = append(rs, c.r)
	}
	s.rbuf = rs
	shaped, unjoined := shapeArabic(rs, s.m[faceArabic].has)
	for _, r := range unjoined {
		s.problem(probUnjoined, r)
	}
	// Map styles: shaping only removes characters (joiners, the alef of
	// lam-alef), so walk both in step.
	out := make([]char, 0, len(shaped))
	j := 0
	for _, r := range shaped {
		for j < len(chars)-1 && !sameLetter(chars[j].r, r) {
			j++
		}
		out = append(out, char{r, chars[j].st})
		j++
		if j >= len(chars) {
			j = len(chars) - 1
		}
	}
	return out
}

// sameLetter reports whether the shaped character g can stand for the
// logical character r.
func sameLetter(r, g rune) bool {
	if r == g {
		return true
	}
	if f, ok := arabicForms[r]; ok {
		for _, x := range f {
			if x == g && x != 0 {
				return true
			}
		}
	}
	if r == lam && g >= 0xFEF5 && g <= 0xFEFC {
		return true
	}
	return false
}

// mirror returns the mirrored form of a bracket in right-to-left text.
func mirror(r rune) rune {
	switch r {
	case '(':
		return ')'
	case ')':
		return '('
	case '[':
		return ']'
	case ']':
		return '['
	case '{':
		return '}'
	case '}':
		return '{'
	case '<':
		return '>'
	case '>':
		return '<'
	case '«':
		return '»'
	case '»':
		return '«'
	}
	return r
}
