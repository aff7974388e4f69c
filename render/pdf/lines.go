package pdf

import "strings"

// seg is a run of text drawn with one call: one face and style, its
// spaces stretched to fill w when justify is set. x is from the left edge
// of the text block.
type seg struct {
	x, w    float64
	text    string
	face    face
	st      *style
	spaces  int
	justify bool
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

// setParagraph breaks words into lines (first fit) and sets each line.
func (s *shaper) setParagraph(words []word, p para) []*line {
	var lines []*line
	i := 0
	for i < len(words) {
		// A line after a hard break (verse) starts like the first line;
		// only turned-over lines take the rest indent.
		indent := p.rest
		if i == 0 || words[i-1].hard {
			indent = p.first
		}
		avail := p.width - indent - p.right
		j := i
		w := 0.0
		for j < len(words) {
			// the next box: words joined by gapNone
			k, add := j, 0.0
			for {
				if k > i {
					add += words[k-1].gap
				}
				add += words[k].w
				k++
				if k == len(words) || words[k-1].gapKind != gapNone || words[k-1].hard {
					break
				}
			}
			if j > i && w+add > avail+0.001 {
				break
			}
			w += add
			j = k
			if words[j-1].hard {
				break
			}
		}
		last := j == len(words) || words[j-1].hard
		lines = append(lines, s.setLine(words[i:j], p, indent, avail, last))
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
		if last || stretch == 0 {
			align = alignStart
		} else {
			extra = (avail - natural) / float64(stretch)
			if extra < 0 {
				extra = 0
			}
		}
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
	var cur *seg
	// the gap before the next word: its width, natural width, kind and face
	var gapW, gapNat float64
	var gapKind uint8
	var gapFace face
	have := false
	for _, t := range order {
		if t%2 == 1 {
			w := &ws[(t-1)/2]
			gapW, gapNat, gapKind, gapFace, have = w.gap, w.gap, w.gapKind, w.gapFace, true
			if stretches(w.gapKind) {
				gapW += extra
			}
			continue
		}
		w := &ws[t/2]
		for fi, f := range w.frags {
			if fi == 0 && have && cur != nil && cur.face == f.face && *cur.st == *f.st {
				switch {
				case gapKind == gapSpace && gapFace == f.face && gapNat == s.spaceWidth(f.face, f.st):
					// one text with a space, stretched when justified
					cur.text += " " + f.text
					cur.spaces++
					cur.w += gapW + f.w
					x += gapW + f.w
					continue
				case gapNat == 0 && gapW == 0:
					// a break point without width: the same text
					cur.text += f.text
					cur.w += f.w
					x += f.w
					continue
				}
			}
			if fi == 0 && have {
				x += gapW
			}
			ln.segs = append(ln.segs, seg{x: x, w: f.w, text: f.text, face: f.face, st: f.st})
			cur = &ln.segs[len(ln.segs)-1]
			x += f.w
		}
		have = false
	}
	for k := range ln.segs {
		sg := &ln.segs[k]
		sg.justify = sg.spaces > 0 && extra > 0.001
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
