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
	// text is the text of a segment without glyphs, drawn with the
	// face's nominal glyphs; str gives any segment's text.
	text string
	face face
	st   *style
	// glyphs are the shaped glyphs in display order, their clusters
	// indexing src (the text in logical order); a segment without glyphs
	// (leaders, page numbers) draws text with the face's nominal glyphs.
	glyphs []shaping.Glyph
	src    []rune
	rtl    bool
	space  bool // a word space comes before it
	// word and lg give the segment's place in logical order: its word's
	// index in the paragraph's line and its fragment's lg.
	word int32
	lg   int32
}

// line is one typeset line: its segments and its height (leading).
type line struct {
	segs []seg
	h    float64
	size float64 // the line's type size, which places the baseline
	dest int     // an internal link over the whole line (anchor index + 1)
	rule float64 // when > 0, a centred rule of this width instead of text
	// cols, when set, are lines drawn side by side in columns (the
	// author index): each at dx right of the line's left edge and dy
	// below its top. The line itself then has no segments.
	cols []colLine
}

// colLine is a line of a column, placed within a line of columns.
type colLine struct {
	ln     *line
	dx, dy float64
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
	// citation sets the paragraph in the citations' direction
	// (books.CitationRTL) whatever the book's.
	citation bool
	leading  float64
	size     float64
}

// maxStretch is how much a justified line's spaces may grow, in space
// widths (a space is taken as 0.26 em); a line that would need more is left
// ragged, and line breaking avoids such lines when it can.
const maxStretch = 3

// passLoose turns on passing over too loose lines at first in
// setParagraph (tests turn it off to compare).
var passLoose = true

// lazyBreaks turns on weighing only the line starts setParagraph can
// reach (tests turn it off to compare); maxLazyWords bounds the
// paragraphs so weighed, and so the depth of its recursion.
var lazyBreaks = true

const maxLazyWords = 4096

// Line breaking weighs each line as TeX does (Knuth and Plass): a line's
// demerits are (linePenalty + badness)² plus the square of the penalty of
// its break, plus extra demerits for unwanted patterns. Badness is
// 100·(r/s)³, r being how much the spaces grow (or shrink) in space widths
// and s how much they may: stretchRatio when growing, shrinkRatio when
// shrinking. Spaces never shrink beyond shrinkRatio (to 0.8 of normal).
const (
	linePenalty          = 10
	hyphenPenalty        = 50
	doubleHyphenDemerits = 10000  // two hyphenated lines in a row
	finalHyphenDemerits  = 5000   // the last full line hyphenated
	oneWordLastDemerits  = 200000 // a paragraph ending on a line of one word
	shortLastDemerits    = 60000  // … or on a line shorter than shortLastFraction of the measure
	shortLastFraction    = 1.0 / 8
	stretchRatio         = 0.5
	shrinkRatio          = 0.2
	// maxHyphens is the most hyphenated lines in a row.
	maxHyphens = 2
)

// badness is TeX's badness of a line whose spaces change by r space
// widths.
func badness(r float64) float64 {
	if r < 0 {
		q := -r / shrinkRatio
		return 100 * q * q * q
	}
	q := r / stretchRatio
	return 100 * q * q * q
}

// setParagraph breaks words into lines and sets each line. Breaks are
// chosen for the whole paragraph at once, as TeX does: the breaks with the
// least total demerits win, among spaces, hyphenation points and the
// other break opportunities. The last line and lines before a hard break
// take their natural width (they may shrink, never stretch). At most
// maxHyphens lines in a row end with a hyphen.
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
	// What the breaker reads of each word, packed close together: it
	// visits every word once per line that may hold it.
	bws := grow(&s.bws, n+1)
	for k := range words {
		w := &words[k]
		bws[k] = breakWord{w: w.w, gap: w.gap, hyphW: w.hyphW, kind: w.gapKind, hard: w.hard, canEnd: canEnd(k)}
	}
	// bws[k].last: a line starting at k would be the paragraph's last
	// (lastLine).
	bws[n].last = true
	if n >= 1 {
		bws[n-1].last = true
	}
	for k := n - 2; k >= 0; k-- {
		bws[k].last = bws[k+1].last && !bws[k].hard && bws[k].kind == gapNone
	}
	// A paragraph set before (kept breaks, see breaks.go) ends its lines
	// where it did.
	var key breakKey
	if s.breaks != nil {
		key = breakKeyOf(bws, n, p, &s.keyBuf)
		ends, ok := s.breaks.find(key, s.endBuf)
		s.endBuf = ends
		if ok && validEnds(ends, bws, n) {
			return s.setLines(words, p, ends)
		}
	}
	paragraphsBroken.Add(1)
	// cost[i*S+h] is the least demerits of setting words[i:] when the h
	// lines just before word i end with a hyphen; next[i*S+h] is where
	// the line starting at i then ends (exclusive).
	const S = maxHyphens + 1
	cost := grow(&s.cost, (n+1)*S)
	next := grow(&s.next, (n+1)*S)
	space := p.size * 0.26
	justify := p.align == alignJustify
	// solve sets cost and next for the lines starting at word i, which
	// must be a place a line can start. need(k) makes sure they are set
	// for k (a line ending before word k, or k == n) before they are read.
	var solve func(i int)
	need := func(k int) {
		if k < n && next[k*S] == 0 {
			solve(k)
		}
	}
	solve = func(i int) {
		avail := p.width - indent(i) - p.right
		var best [S]float64
		var bestJ [S]int
		// A justified line that is too loose (demerits of 1e8 or more)
		// can only be the best way on when no other is under 1e8: such
		// lines are first passed over, and the words from i weighed again
		// with them only when no way on is under 1e8 (rare). The result
		// is the same: a line passed over could not have been the least.
		all := !justify || !passLoose
	scan:
		for h := range bestJ {
			bestJ[h] = -1
		}
		passed := false
		w := 0.0
		nsp, ncjk := 0, 0
		shrink := 0.0
		for j := i; j < n; j++ {
			bw := &bws[j]
			if j > i {
				g := &bws[j-1]
				w += g.gap
				switch g.kind {
				case gapSpace:
					nsp++
					shrink += g.gap * shrinkRatio
				case gapCJK:
					ncjk++
				}
			}
			w += bw.w
			if j > i && w-shrink > avail+0.001 {
				break
			}
			if !bw.canEnd {
				continue
			}
			hyph := j < n-1 && !bw.hard && bw.kind == gapHyphen
			lw := w
			if hyph {
				lw += bw.hyphW
			}
			if j > i && lw-shrink > avail+0.001 {
				continue
			}
			last := j == n-1 || bw.hard
			stretch := stretchable(nsp, ncjk)
			var c float64
			switch {
			case last:
				if lw > avail && shrink > 0 {
					b := badness((avail - lw) / shrink * shrinkRatio)
					c = (linePenalty + b) * (linePenalty + b)
				} else {
					c = linePenalty * linePenalty
				}
				if justify && j == n-1 && i > 0 {
					switch {
					case nsp == 0 && ncjk == 0:
						// one word, or the end of one hyphenated
						c += oneWordLastDemerits
					case lw < avail*shortLastFraction:
						c += shortLastDemerits
					}
				}
			case !justify:
				short := (avail - lw) / (p.size * 3) // space left over, in units of 3 em
				c = 10 + short*short*100
			case stretch == 0:
				// nothing to stretch: the line stays ragged
				if !all {
					passed = true
					continue
				}
				short := (avail - lw) / (p.size * 3)
				c = 1e8 + short*short*1e4
			case lw > avail:
				b := badness((avail - lw) / shrink * shrinkRatio)
				c = (linePenalty + b) * (linePenalty + b)
			default:
				r := (avail - lw) / (float64(stretch) * space)
				if r > maxStretch && !all {
					passed = true
					continue
				}
				b := badness(r)
				c = (linePenalty + b) * (linePenalty + b)
				if r > maxStretch {
					c += 1e8 // setLine would leave it ragged: avoid if at all possible
				}
			}
			if hyph {
				c += hyphenPenalty * hyphenPenalty
				if j+1 < n && bws[j+1].last {
					c += finalHyphenDemerits
				}
				need(j + 1)
				for h := 0; h < maxHyphens; h++ {
					d := c
					if h > 0 {
						d += doubleHyphenDemerits
					}
					d += cost[(j+1)*S+h+1]
					if bestJ[h] < 0 || d < best[h] {
						best[h], bestJ[h] = d, j+1
					}
				}
			} else {
				need(j + 1)
				d := c + cost[(j+1)*S]
				for h := 0; h < S; h++ {
					if bestJ[h] < 0 || d < best[h] {
						best[h], bestJ[h] = d, j+1
					}
				}
			}
			if bw.hard {
				break
			}
		}
		if passed {
			for h := 0; h < S; h++ {
				if bestJ[h] < 0 || best[h] >= 1e8 {
					all = true
					goto scan
				}
			}
		}
		for h := 0; h < S; h++ {
			if bestJ[h] < 0 {
				// a single box wider than the line (cannot happen: shape
				// breaks such words), or only hyphens left to break at;
				// take the word alone
				bj := i + 1
				for bj < n && !bws[bj-1].canEnd {
					bj++
				}
				need(bj)
				best[h], bestJ[h] = 1e12+cost[bj*S], bj
			}
			cost[i*S+h], next[i*S+h] = best[h], bestJ[h]
		}
	}
	// Only the lines a way from the first word can reach are weighed,
	// each start once, when they are needed: a justified paragraph's loose
	// lines, passed over, lead nowhere, so many starts are never weighed
	// (10,000 entries: a third fewer line-end trials). The costs are those
	// of weighing every start from the last to the first, and so are the
	// breaks. A long or ragged paragraph
	// (where every start is reachable) is weighed from the last word to the
	// first, without the recursion.
	if lazyBreaks && justify && passLoose && n <= maxLazyWords {
		solve(0)
	} else {
		for i := n - 1; i >= 0; i-- {
			if i == 0 || bws[i-1].canEnd {
				solve(i)
			}
		}
	}
	// Where the lines end, from the first word on.
	ends := s.endBuf[:0]
	h := 0
	for i := 0; i < n; {
		j := next[i*S+h]
		if j <= i {
			j = i + 1
		}
		last := j == n || words[j-1].hard
		if !last && words[j-1].gapKind == gapHyphen {
			h++
		} else {
			h = 0
		}
		h = min(h, maxHyphens)
		ends = append(ends, int32(j))
		i = j
	}
	s.endBuf = ends
	if s.breaks != nil {
		s.breaks.put(key, ends)
	}
	return s.setLines(words, p, ends)
}

// setLines sets the lines of a paragraph that end (exclusive) at each of
// ends, rising to len(words). The lines' segments are cut from one slice:
// one per fragment, and one per line for a hyphen.
func (s *shaper) setLines(words []word, p para, ends []int32) []*line {
	nsegs := len(ends)
	for i := range words {
		nsegs += len(words[i].frags)
	}
	segs := s.keepSegs(nsegs)
	lines := make([]*line, 0, len(ends))
	i := 0
	for _, e := range ends {
		j := int(e)
		last := j == len(words) || words[j-1].hard
		ind := p.rest
		if i == 0 || words[i-1].hard {
			ind = p.first
		}
		ln := s.setLine(words[i:j], p, ind, p.width-ind-p.right, last, segs)
		k := len(ln.segs)
		ln.segs = ln.segs[:k:k]
		if k <= cap(segs) {
			segs = segs[k:k]
		} else {
			segs = nil
		}
		lines = append(lines, ln)
		i = j
	}
	return lines
}

// breakWord is what setParagraph's breaker reads of a word.
type breakWord struct {
	w, gap, hyphW      float64
	kind               uint8
	hard, canEnd, last bool
}

// keepSegs returns room for n segments that lines may keep (appended to
// [:0]).
func (s *shaper) keepSegs(n int) []seg {
	if n > cap(s.segBlock)-len(s.segBlock) {
		var free chan []seg
		if s.pool != nil {
			free = s.pool.segs
		}
		s.segBlock = newBlock(s, s.segBlock, n, segBlock, free, &s.retired.segs)
	}
	k := len(s.segBlock)
	s.segBlock = s.segBlock[:k+n]
	return s.segBlock[k : k : k+n]
}

// grow returns *buf with room for n values, all zero.
func grow[T any](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	b := (*buf)[:n]
	clear(b)
	return b
}

// setLine places the words of one line in display order. Its segments are
// appended to segs[:0] when there is room (setParagraph's slice).
func (s *shaper) setLine(ws []word, p para, indent, avail float64, last bool, segs []seg) *line {
	ln := &line{h: p.leading, size: p.size, segs: segs[:0]}
	if k := len(ws) - 1; !last && ws[k].gapKind == gapHyphen && len(ws[k].frags) > 0 {
		// the line ends at a hyphenation point: draw the hyphen
		// (in the shaper's buffers: the line keeps neither the words nor
		// their fragments, only copies of the fragments' fields)
		hw := ws[k]
		f := hw.frags[len(hw.frags)-1]
		s.lineFrags = append(append(s.lineFrags[:0], hw.frags...), frag{text: "-", face: f.face, st: f.st, w: hw.hyphW})
		hw.frags = s.lineFrags
		hw.w += hw.hyphW
		s.lineWords = append(append(s.lineWords[:0], ws[:k]...), hw)
		ws = s.lineWords
	}
	natural, nsp, ncjk, nshrink := 0.0, 0, 0, 0
	shrink := 0.0 // the most width the spaces may give up
	for k := range ws {
		natural += ws[k].w
		if k < len(ws)-1 {
			natural += ws[k].gap
			switch ws[k].gapKind {
			case gapSpace:
				nsp++
			case gapCJK:
				ncjk++
			}
			if ws[k].gapKind == gapSpace {
				shrink += ws[k].gap * shrinkRatio
				nshrink++
			}
		}
	}
	stretch := stretchable(nsp, ncjk)
	cjkStretch := nsp == 0
	extra := 0.0
	align := p.align
	if align == alignJustify || natural > avail && shrink > 0 {
		extra = (avail - natural) / float64(max(stretch, 1))
		switch {
		case natural > avail:
			// too full: spaces shrink, at most to 1 - shrinkRatio
			extra = max(avail-natural, -shrink) / float64(max(nshrink, 1))
		case last || stretch == 0 || extra > maxStretch*p.size*0.26:
			// Spaces stretched to more than maxStretch + 1 times their
			// width read worse than a ragged line.
			align, extra = alignStart, 0
		case align != alignJustify:
			extra = 0
		}
	}
	// Bidi at word level: levels, then reverse runs from the highest
	// level down (rule L2 of the Unicode bidi algorithm).
	base := 0
	if p.rtl {
		base = 1
	}
	n := len(ws)
	// A left-to-right line without right-to-left words is all at level
	// 0, in logical order.
	mixed := base != 0
	for k := 0; k < n && !mixed; k++ {
		mixed = ws[k].dir == dirR
	}
	levels := grow(&s.levels, n)
	if mixed {
		for k := range ws {
			levels[k] = s.level(ws, k, base)
		}
	}
	// tokens: even = word index, odd = gap after word (k-1)/2
	order := grow(&s.order, 2*n-1)
	tl := grow(&s.tls, 2*n-1)
	maxL := 0
	for t := range order {
		order[t] = t
		if t%2 == 0 {
			tl[t] = levels[t/2]
		} else {
			l, r := (t-1)/2, (t+1)/2
			tl[t] = min(levels[l], levels[r])
			if ws[l].iso != ws[r].iso {
				// a gap at an isolate's edge is outside it
				tl[t] = min(s.outerLevel(ws, l, base), s.outerLevel(ws, r, base))
			}
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
	if extra < 0 {
		lineW = natural + extra*float64(nshrink)
	}
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
	have := false
	for _, t := range order {
		if t%2 == 1 {
			w := &ws[(t-1)/2]
			gapW, have = w.gap, true
			if extra > 0 && (w.gapKind == gapSpace || cjkStretch && w.gapKind == gapCJK) || extra < 0 && w.gapKind == gapSpace {
				gapW += extra
			}
			continue
		}
		w := &ws[t/2]
		// the logically first fragment follows the previous word's space
		first := 0
		for fi, f := range w.frags {
			if f.lg < w.frags[first].lg {
				first = fi
			}
		}
		for fi, f := range w.frags {
			if fi == 0 && have {
				x += gapW
			}
			space := fi == first && t > 0 && ws[t/2-1].gapKind == gapSpace
			ln.segs = append(ln.segs, seg{x: x, w: f.w, text: f.text, face: f.face, st: f.st,
				glyphs: f.glyphs, src: f.src, rtl: f.rtl, space: space, word: int32(t / 2), lg: f.lg})
			x += f.w
		}
		have = false
	}
	return ln
}

// stretchable returns how many gaps of a line stretch when it is
// justified: its spaces; the breaks between ideographs only in a line
// without spaces (Chinese or Japanese set alone), so that a CJK phrase
// inside a Latin line keeps its characters solid and the Latin spaces
// take the slack.
func stretchable(spaces, cjk int) int {
	if spaces > 0 {
		return spaces
	}
	return cjk
}

// level returns the bidi embedding level of word k in a line of base level
// base: right-to-left words are odd, left-to-right words and numbers in a
// right-to-left context even and above; neutrals take the direction of
// their neighbours when both agree, else the base direction. A word in an
// isolate (a citation field) is resolved within it, with the isolate's
// own direction (its first strong word's) as base; outside, an isolate
// counts as a neutral.
func (s *shaper) level(ws []word, k, base int) int {
	iso := ws[k].iso
	if iso == 0 {
		return wordLevel(ws, k, base)
	}
	a, b := k, k+1
	for a > 0 && ws[a-1].iso == iso {
		a--
	}
	for b < len(ws) && ws[b].iso == iso {
		b++
	}
	ib := 0
	for j := a; j < b; j++ {
		if ws[j].dir == dirR {
			ib = 1
			break
		}
		if ws[j].dir == dirL {
			break
		}
	}
	lv := wordLevel(ws[a:b], k-a, ib)
	if ib == 0 && base == 1 {
		lv += 2 // a left-to-right isolate in right-to-left text
	}
	return lv
}

// outerLevel is the level of word k as the text around its isolate sees
// it: its own level outside isolates; inside one, the level of a neutral
// in the isolate's place.
func (s *shaper) outerLevel(ws []word, k, base int) int {
	if ws[k].iso == 0 {
		return s.level(ws, k, base)
	}
	prev, next := outerStrong(ws, k, -1, base), outerStrong(ws, k, 1, base)
	switch {
	case prev == next && prev == dirR:
		return 1
	case prev == next && prev == dirL && base == 1:
		return 2
	}
	return base
}

// wordLevel resolves word k's level among ws, which hold no isolate but
// the one word k is in.
func wordLevel(ws []word, k, base int) int {
	d := ws[k].dir
	if d == dirN || d == dirNum && base == 0 {
		prev, next := strong(ws, k, -1, base), strong(ws, k, 1, base)
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
// direction step within k's isolate (outside isolates for a word outside
// them), or the base direction at the line's edge.
func strong(ws []word, k, step, base int) int8 {
	iso := ws[k].iso
	for j := k + step; j >= 0 && j < len(ws); j += step {
		if ws[j].iso != iso {
			continue
		}
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

// outerStrong is strong as seen from outside the isolate word k is in:
// from the isolate's edge, among the words outside isolates.
func outerStrong(ws []word, k, step, base int) int8 {
	if iso := ws[k].iso; iso != 0 {
		for k+step >= 0 && k+step < len(ws) && ws[k+step].iso == iso {
			k += step
		}
		if k+step < 0 || k+step >= len(ws) {
			if base == 1 {
				return dirR
			}
			return dirL
		}
		k += step
		if ws[k].iso == 0 {
			switch ws[k].dir {
			case dirR:
				return dirR
			case dirL:
				return dirL
			}
		}
	}
	for j := k + step; j >= 0 && j < len(ws); j += step {
		if ws[j].iso != 0 {
			continue
		}
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
		b.WriteString(sg.str())
	}
	return b.String()
}
