package shaping

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"
	hb "github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Style selects faces: the book face's bold and italic, or the monospace
// face for code. Scripts without an italic use their upright face; a
// script without a bold uses its regular face.
type Style struct {
	Bold, Italic, Mono bool
}

// Direction is a paragraph's base direction.
type Direction uint8

// Base directions.
const (
	Auto Direction = iota // from the first strong character (UAX #9 rules P2, P3)
	LTR
	RTL
)

// Options are the settings of one Shape call.
type Options struct {
	// Lang is a BCP 47 language tag ("en", "fa", "sr-Latn"); it selects
	// language-specific forms where a font has them.
	Lang string
	// Dir is the base direction of the text.
	Dir Direction
}

// Glyph is one shaped glyph.
type Glyph struct {
	// ID is the glyph's index in its run's face.
	ID uint16
	// Advance moves the pen after the glyph; XOffset and YOffset move the
	// glyph from the pen (y up). All in ems.
	Advance, XOffset, YOffset float32
	// Start and End are the runes of the glyph's cluster, as indexes into
	// the run's text (Text[Run.Start:Run.End]). Every glyph of a cluster
	// has the same range; a ligature's cluster holds all its letters.
	Start, End int32
}

// Run is text shaped in one face and one direction.
type Run struct {
	Face *Face
	// Level is the bidi embedding level: odd is right to left.
	Level int8
	// Start and End are the run's runes in the text given to Shape.
	Start, End int
	// Glyphs are in visual order (left to right, also in a right-to-left
	// run). They may be shared with other runs of the same text: do not
	// modify them.
	Glyphs []Glyph
	// Advance is the sum of the glyphs' advances, in ems.
	Advance float32
	// Missing lists the characters of the run that no face has (drawn as
	// the face's missing-glyph box).
	Missing []rune
}

// RTL reports whether the run is set right to left.
func (r *Run) RTL() bool { return r.Level%2 == 1 }

// Shaper shapes text. It keeps a cache of shaped words and its own
// font instances: it is not safe for concurrent use; make one per
// goroutine (they are cheap; the faces they use are shared).
type Shaper struct {
	reg   *Registry
	hb    hb.HarfbuzzShaper
	faces []*font.Face
	para  bidi.Paragraph
	// cache maps a piece's key (see shapePiece) to its glyphs; key is
	// the buffer the key is built in, so that a hit allocates nothing.
	cache map[string]cached
	key   []byte
	cand  [16]*Face
	seg   segmenter.Segmenter
}

type cached struct {
	glyphs  []Glyph
	advance float32
}

// maxCache bounds the number of cached shaped pieces of a Shaper.
const maxCache = 1 << 16

// NewShaper returns a shaper over the registry's faces.
func (r *Registry) NewShaper() *Shaper {
	return &Shaper{reg: r, faces: make([]*font.Face, len(r.Faces)), cache: map[string]cached{}}
}

// Registry returns the shaper's faces.
func (s *Shaper) Registry() *Registry { return s.reg }

func (s *Shaper) face(f *Face) *font.Face {
	if s.faces[f.ID] == nil {
		s.faces[f.ID] = font.NewFace(f.Font())
	}
	return s.faces[f.ID]
}

// ignorable reports whether c is drawn by no face on its own: joiners,
// variation selectors, bidi controls, soft hyphens. It takes the face of
// the text around it.
func ignorable(c rune) bool {
	return c == 0xAD || c >= 0x200B && c <= 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2060 && c <= 0x206F ||
		c >= 0xFE00 && c <= 0xFE0F || c == 0xFEFF || c >= 0xE0100 && c <= 0xE01EF || c >= 0xE0000 && c <= 0xE007F
}

// mayBeRTL reports whether c might make text right to left (a strong
// right-to-left character or an explicit bidi control).
func mayBeRTL(c rune) bool {
	return c >= 0x0590 && c <= 0x08FF || c >= 0xFB1D && c <= 0xFDFF || c >= 0xFE70 && c <= 0xFEFF ||
		c >= 0x10800 && c <= 0x10FFF || c >= 0x1E800 && c <= 0x1EFFF ||
		c == 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069
}

// Shape shapes text (in logical order) into runs of one face and one
// direction, in logical order; Visual puts them in drawing order. Runs
// follow the bidi algorithm's levels (isolates and embeddings included)
// and change face where the style's face lacks a character: each script
// goes to its own face, marks and punctuation stay with the letters
// before them when that face has them.
func (s *Shaper) Shape(text []rune, st Style, o Options) []Run {
	return s.AppendShape(nil, text, st, o)
}

// AppendShape is Shape appending the runs to dst, so that a caller can
// reuse its slice.
func (s *Shaper) AppendShape(dst []Run, text []rune, st Style, o Options) []Run {
	if len(text) == 0 {
		return dst
	}
	base := int8(0)
	if o.Dir == RTL {
		base = 1
	}
	runs := dst
	rtl := o.Dir == RTL
	if !rtl {
		for _, c := range text {
			if mayBeRTL(c) {
				rtl = true
				break
			}
		}
	}
	if !rtl {
		return s.itemize(runs, text, 0, len(text), base, st, o)
	}
	def := bidi.Neutral
	switch o.Dir {
	case LTR:
		def = bidi.LeftToRight
	case RTL:
		def = bidi.RightToLeft
	}
	br := s.para.Segment(text, def)
	type lr struct {
		start, end int
		level      int8
	}
	levels := make([]lr, br.NumRuns())
	for i := range levels {
		r := br.Run(i)
		levels[i] = lr{r.Start, r.End, int8(r.Level)}
	}
	for _, l := range levels {
		if l.level%2 == 1 || l.level == 0 || br.Run(0).Level%2 == 1 && o.Dir != LTR {
			runs = s.itemize(runs, text, l.start, l.end, l.level, st, o)
			continue
		}
		// go-text's bidi merges adjacent runs of one parity and reports
		// the first one's level: in a left-to-right paragraph, "2024 here"
		// after Hebrew comes as one run at level 2. Outside isolates and
		// embeddings only numbers are raised to 2 there; the letters and
		// the neutrals between them and the numbers are at 0.
		depth := 0
		for i := 0; i < l.start; i++ {
			depth += isolateStep(text[i])
		}
		i := l.start
		for i < l.end {
			j := i
			lv := l.level
			if depth == 0 && !isNumber(text[i]) {
				for j < l.end && depth == 0 && !isNumber(text[j]) {
					depth += isolateStep(text[j])
					j++
				}
				lv = 0
			} else {
				for j < l.end && (depth > 0 || isNumber(text[j]) || j+1 < l.end && isNumber(text[j+1]) && isNumber(text[j-1]) && strings.ContainsRune(".,:/+- ", text[j])) {
					depth += isolateStep(text[j])
					j++
					if depth == 0 && j > i && !isNumber(text[j-1]) && isolateStep(text[j-1]) < 0 {
						break
					}
				}
				if j == i {
					j++
				}
			}
			runs = s.itemize(runs, text, i, j, lv, st, o)
			i = j
		}
	}
	return runs
}

// isNumber reports whether c is a European or Arabic digit.
func isNumber(c rune) bool {
	return c >= '0' && c <= '9' || c >= 0x0660 && c <= 0x0669 || c >= 0x06F0 && c <= 0x06F9
}

// isolateStep is +1 for a character that opens an isolate or embedding,
// -1 for one that closes it.
func isolateStep(c rune) int {
	switch {
	case c >= 0x2066 && c <= 0x2068 || c >= 0x202A && c <= 0x202B || c >= 0x202D && c <= 0x202E:
		return 1
	case c == 0x2069 || c == 0x202C:
		return -1
	}
	return 0
}

// itemize splits text[start:end], of one bidi level, by face and script
// and shapes each piece.
func (s *Shaper) itemize(runs []Run, text []rune, start, end int, level int8, st Style, o Options) []Run {
	var cur *Face
	curScript := language.Common
	pieceStart := start
	var missing []rune
	flush := func(i int) {
		if i > pieceStart {
			f := cur
			if f == nil {
				f = s.reg.Serif(st)
			}
			runs = append(runs, s.shapePiece(text, pieceStart, i, f, level, curScript, o, missing))
		}
		pieceStart = i
		missing = nil
	}
	for i := start; i < end; i++ {
		c := text[i]
		if ignorable(c) {
			continue
		}
		sc := language.LookupScript(c)
		strong := sc != language.Common && sc != language.Inherited && sc != language.Unknown
		var f *Face
		if cur != nil && !strong && !isEmoji(c) && !isMath(c) && cur.Has(c) {
			f = cur
		} else {
			for _, cf := range s.reg.candidates(c, st, s.cand[:0]) {
				if cf.Has(c) {
					f = cf
					break
				}
			}
			if f == nil {
				if cur == nil {
					cur = s.reg.Serif(st)
				}
				f = cur
				missing = append(missing, c)
			}
		}
		if cur == nil {
			cur = f
		}
		if f != cur || strong && curScript != language.Common && sc != curScript {
			m := missing
			if len(m) > 0 && m[len(m)-1] == c {
				missing = m[:len(m)-1]
				flush(i)
				missing = []rune{c}
			} else {
				flush(i)
			}
			cur = f
			curScript = language.Common
		}
		if strong && curScript == language.Common {
			curScript = sc
		}
	}
	flush(end)
	return runs
}

// shapePiece shapes text[start:end] in face f, through the cache.
func (s *Shaper) shapePiece(text []rune, start, end int, f *Face, level int8, script language.Script, o Options, missing []rune) Run {
	if script == language.Common {
		script = language.Latin
	}
	// The key: face, direction, script, language, then the text in
	// UTF-8 (a rune that UTF-8 cannot hold as 0xFF and its four bytes,
	// which no UTF-8 has).
	key := append(s.key[:0], byte(f.ID), byte(f.ID>>8), byte(level%2))
	key = binary.LittleEndian.AppendUint32(key, uint32(script))
	key = append(key, o.Lang...)
	key = append(key, 0)
	for _, c := range text[start:end] {
		if utf8.ValidRune(c) {
			key = utf8.AppendRune(key, c)
		} else {
			key = binary.LittleEndian.AppendUint32(append(key, 0xFF), uint32(c))
		}
	}
	s.key = key
	r := Run{Face: f, Level: level, Start: start, End: end, Missing: missing}
	if c, ok := s.cache[string(key)]; ok {
		r.Glyphs, r.Advance = c.glyphs, c.advance
		return r
	}
	dir := di.DirectionLTR
	if level%2 == 1 {
		dir = di.DirectionRTL
	}
	upem := f.UnitsPerEm()
	out := s.hb.Shape(hb.Input{
		Text: text[start:end], RunStart: 0, RunEnd: end - start,
		Direction: dir, Face: s.face(f), Size: fixed.Int26_6(int(upem) << 6),
		Script: script, Language: language.NewLanguage(o.Lang),
	})
	scale := 1 / (upem * 64)
	gs := make([]Glyph, len(out.Glyphs))
	var adv float32
	for i, g := range out.Glyphs {
		gs[i] = Glyph{
			ID:      uint16(g.GlyphID),
			Advance: float32(g.Advance) * scale,
			XOffset: float32(g.XOffset) * scale,
			YOffset: float32(g.YOffset) * scale,
			Start:   int32(g.TextIndex()),
			End:     int32(g.TextIndex() + g.RunesCount()),
		}
		adv += gs[i].Advance
	}
	if len(s.cache) >= maxCache {
		clear(s.cache)
	}
	s.cache[string(key)] = cached{gs, adv}
	r.Glyphs, r.Advance = gs, adv
	return r
}

// Visual returns runs (of one line, in logical order) in drawing order,
// left to right, by rule L2 of the bidi algorithm: from the highest level
// down, every sequence of runs at that level or higher is reversed.
func Visual(runs []Run) []Run {
	out := make([]Run, len(runs))
	copy(out, runs)
	maxL, minOdd := int8(0), int8(127)
	for _, r := range runs {
		maxL = max(maxL, r.Level)
		if r.Level%2 == 1 {
			minOdd = min(minOdd, r.Level)
		}
	}
	for lv := maxL; lv >= minOdd && lv > 0; lv-- {
		for i := 0; i < len(out); {
			if out[i].Level < lv {
				i++
				continue
			}
			j := i
			for j < len(out) && out[j].Level >= lv {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				out[a], out[b] = out[b], out[a]
			}
			i = j
		}
	}
	return out
}

// Width returns the total advance of runs, in ems.
func Width(runs []Run) float32 {
	var w float32
	for i := range runs {
		w += runs[i].Advance
	}
	return w
}

// Isolate wraps s in first-strong isolate marks (U+2068 … U+2069), so
// that its direction neither takes from nor gives to the text around it:
// each field of a citation is isolated this way.
func Isolate(s string) string { return "\u2068" + s + "\u2069" }

// Break kinds at a position of text (see Breaks).
const (
	NoBreak   uint8 = iota
	CanBreak        // a line may end before this rune
	MustBreak       // a line must end before this rune
)

// Breaks returns the line-break opportunities of text by UAX #14:
// out[i] says whether a line may end before text[i] (out[len(text)] is
// the end of the text). Korean breaks between words only (at spaces), as
// Korean is set, not between syllables.
func (s *Shaper) Breaks(text []rune) []uint8 {
	out := make([]uint8, len(text)+1)
	if len(text) == 0 {
		return out
	}
	s.seg.Init(text)
	it := s.seg.LineIterator()
	for it.Next() {
		l := it.Line()
		e := l.Offset + len(l.Text)
		if l.IsMandatoryBreak {
			out[e] = MustBreak
		} else {
			out[e] = CanBreak
		}
	}
	for i := 1; i < len(text); i++ {
		if out[i] == CanBreak && (isHangul(text[i-1]) || isHangul(text[i])) && !isSpace(text[i-1]) {
			out[i] = NoBreak
		}
	}
	return out
}

func isHangul(c rune) bool {
	return c >= 0xAC00 && c <= 0xD7AF || c >= 0x1100 && c <= 0x11FF || c >= 0x3130 && c <= 0x318F || c >= 0xA960 && c <= 0xA97F || c >= 0xD7B0 && c <= 0xD7FF
}

func isSpace(c rune) bool { return c == ' ' || c == '\t' || c == '\n' || c == 0x3000 }
