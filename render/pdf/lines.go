package pdf

import (
	"strings"

	"github.com/commonplace-book/commonplace/internal/shaping"
)

// seg is a run of text drawn with one call: one face and style, its
// spaces stretched to fill w when justify is set. x is from the left edge
// of the text block.
type seg struct {
	x, w float64
	text string // in display order
	face face
	st   *style
	// glyphs are the shaped glyphs in display order, their clusters
	// indexing src (the text in logical order); a segment without glyphs
	// (leaders, page numbers) draws text with the face's nominal glyphs.
	glyphs []shaping.Glyph
	src    []rune
	rtl    bool
	space  bool // a word space comes before it
}

// line is one typeset line: its segments and its height (leading).
type line struct {
	segs []seg
	h    float64
	size float64 // the line's type size, which places the baseline
	dest int     // an internal link over the whole line (anchor index + 1)
	rule float64 // when > 0, a centred rule of this width instead of text
}

// Alignments of a paragraph's lines.
const (
	alignJustify = iota
	alignStart   // left in a left-to-right paragraph, right in a right-to-left one
	alignCenter
	alignEnd
)

// para describes how a paragraph is set.
type para struct {
	width float64 // the text block's width
	first float64 // indent of the first line (from the start side)
	rest  float64 // indent of the other lines
	right float64 // space kept free on the end side (contents page numbers)
	align int
	rtl   bool
	// fixedDir keeps the book's direction instead of taking the
	// direction of the paragraph's first strong character.
	fixedDir bool
	leading  float64
	size     float64
}

// maxStretch is how much a justified line's spaces may grow, in space
// widths (a space is taken as 0.26 em); a line that would need more is left
// ragged, and line breaking avoids such lines when it can.
const maxStretch = 3

// setParagraph breaks words into lines and sets each line. Breaks are
// chosen for the whole paragraph at once (as TeX does, without
// hyphenation): the sum over its lines of the squared stretch of their
// spaces is smallest, the last line and lines before a hard break being
// free.
func (s *shaper) setParagraph(words []word, p para) []*line {
	n := len(words)
	if n == 0 {
		return nil
	}
	indent := func(i int) float64 {
		if i == 0 || words[i-1].hard {
			return p.first
		}
		return p.rest
	}
	canEnd := func(j int) bool {
		return j == n-1 || words[j].hard || words[j].gapKind != gapNone
	}
	// cost[i] is the least cost of setting words[i:]; next[i] is where
	// the line starting at i ends (exclusive).
	cost := make([]float64, n+1)
	next := make([]int, n+1)
	space := p.size * 0.26
	for i := n - 1; i >= 0; i-- {
		if i > 0 && !canEnd(i-1) {
			continue // no line starts here
		}
		avail := p.width - indent(i) - p.right
		best, bestJ := 0.0, -1
		w := 0.0
		stretch := 0
		for j := i; j < n; j++ {
			if j > i {
				w += words[j-1].gap
				if stretches(words[j-1].gapKind) {
					stretch++
				}
			}
			w += words[j].w
			if j > i && w > avail+0.001 {
				break
			}
			if !canEnd(j) {
				continue
			}
			var c float64
			short := (avail - w) / (p.size * 3) // space left over, in units of 3 em
			switch {
			case j == n-1 || words[j].hard:
			case p.align != alignJustify:
				c = short * short * 100
			case stretch == 0:
				// nothing to stretch: the line stays ragged
				c = 1e4 + short*short*100
			default:
				r := (avail - w) / (float64(stretch) * space)
				c = r * r * 100
				if r > maxStretch {
					c += 1e4 // setLine would leave it ragged: avoid if at all possible
				}
			}
			c += 10 + cost[j+1]
			if bestJ < 0 || c < best {
				best, bestJ = c, j+1
			}
			if words[j].hard {
				break
			}
		}
		if bestJ < 0 {
			// a single box wider than the line (cannot happen: shape
			// breaks such words); take the word alone
			bestJ = i + 1
			for bestJ < n && !canEnd(bestJ-1) {
				bestJ++
			}
			best = 1e6 + cost[bestJ]
		}
		cost[i], next[i] = best, bestJ
	}
	var lines []*line
	for i := 0; i < n; {
		j := next[i]
		if j <= i {
			j = i + 1
		}
		last := j == n || words[j-1].hard
		ind := indent(i)
		lines = append(lines, s.setLine(words[i:j], p, ind, p.width-ind-p.right, last))
		i = j
	}
	return lines
}

// setLine places the words of one line in display order.
func (s *shaper) setLine(ws []word, p para, indent, avail float64, last bool) *line {
	ln := &line{h: p.leading, size: p.size}
	natural, stretch := 0.0, 0
	for k := range ws {
		natural += ws[k].w
		if k < len(ws)-1 {
			natural += ws[k].gap
			if stretches(ws[k].gapKind) {
				stretch++
			}
		}
	}
	extra := 0.0
	align := p.align
	if align == alignJustify {
		extra = (avail - natural) / float64(max(stretch, 1))
		// Spaces stretched to more than maxStretch + 1 times their width read
		// worse than a ragged line.
		if last || stretch == 0 || extra > maxStretch*p.size*0.26 {
			align, extra = alignStart, 0
		}
		extra = max(extra, 0)
	}
	// Bidi at word level: levels, then reverse runs from the highest
	// level down (rule L2 of the Unicode bidi algorithm).
	base := 0
	if p.rtl {
		base = 1
	}
	n := len(ws)
	levels := make([]int, n)
	for k := range ws {
		levels[k] = s.level(ws, k, base)
	}
	// tokens: even = word index, odd = gap after word (k-1)/2
	order := make([]int, 2*n-1)
	tl := make([]int, 2*n-1)
	maxL := 0
	for t := range order {
		order[t] = t
		if t%2 == 0 {
			tl[t] = levels[t/2]
		} else {
			tl[t] = min(levels[(t-1)/2], levels[(t+1)/2])
		}
		maxL = max(maxL, tl[t])
	}
	for lv := maxL; lv >= 1; lv-- {
		for t := 0; t < len(order); {
			if tl[order[t]] < lv {
				t++
				continue
			}
			u := t
			for u < len(order) && tl[order[u]] >= lv {
				u++
			}
			for a, b := t, u-1; a < b; a, b = a+1, b-1 {
				order[a], order[b] = order[b], order[a]
			}
			t = u
		}
	}
	// Position.
	lineW := natural + extra*float64(stretch)
	off := 0.0
	switch align {
	case alignCenter:
		off = (avail - lineW) / 2
	case alignEnd:
		off = avail - lineW
	}
	x := indent + off
	if p.rtl {
		x = p.width - indent - off - lineW
	}
	// the gap before the next word
	var gapW float64
	var gapKind uint8
	have := false
	for _, t := range order {
		if t%2 == 1 {
			w := &ws[(t-1)/2]
			gapW, gapKind, have = w.gap, w.gapKind, true
			if stretches(w.gapKind) {
				gapW += extra
			}
			continue
		}
		w := &ws[t/2]
		for fi, f := range w.frags {
			space := false
			if fi == 0 && have {
				x += gapW
				space = gapKind == gapSpace
			}
			ln.segs = append(ln.segs, seg{x: x, w: f.w, text: f.text, face: f.face, st: f.st,
				glyphs: f.glyphs, src: f.src, rtl: f.rtl, space: space})
			x += f.w
		}
		have = false
	}
	return ln
}
func stretches(kind uint8) bool { return kind == gapSpace || kind == gapCJK }

// level returns the bidi embedding level of word k in a line of base level
// base: right-to-left words are odd, left-to-right words and numbers in a
// right-to-left context even and above; neutrals take the direction of
// their neighbours when both agree, else the base direction.
func (s *shaper) level(ws []word, k, base int) int {
	d := ws[k].dir
	if d == dirN || d == dirNum && base == 0 {
		prev, next := s.strong(ws, k, -1, base), s.strong(ws, k, 1, base)
		switch {
		case d == dirNum && prev == dirR:
			return 2
		case prev == next && prev == dirR:
			return 1
		case prev == next && prev == dirL:
			if base == 1 {
				return 2
			}
			return 0
		}
		return base
	}
	switch d {
	case dirR:
		return 1
	case dirNum:
		return 2
	}
	if base == 1 {
		return 2
	}
	return 0
}

// strong returns the direction of the nearest strong word from k in
// direction step, or the base direction at the line's edge.
func (s *shaper) strong(ws []word, k, step, base int) int8 {
	for j := k + step; j >= 0 && j < len(ws); j += step {
		switch ws[j].dir {
		case dirR:
			return dirR
		case dirL:
			return dirL
		}
	}
	if base == 1 {
		return dirR
	}
	return dirL
}

// text returns the line's text in display order, for tests.
func (ln *line) text() string {
	var b strings.Builder
	for i, sg := range ln.segs {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(sg.text)
	}
	return b.String()
}
