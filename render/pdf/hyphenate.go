package pdf

import (
	"hash/maphash"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/internal/hyphen"
)

// measure returns the width of text set in the face and style of frag f.
// Hyphenation measures the pieces of a word and the hyphen through it, so
// that whatever widths the shaper gives (kerning included) apply to them.
func (s *shaper) measure(f *frag, text string) float64 {
	return s.width(f.face, f.st.size, text)
}

// hyphenate splits the words of a paragraph at their hyphenation points:
// each piece but the last ends in a gapHyphen, where the line breaker may
// break and draw a hyphen. h gives the language's points (nil: only soft
// hyphens). Words already split at soft hyphens keep just those points, as
// in TeX, and so do compounds with a hyphen or dash and addresses broken
// at their slashes; right-to-left words, links, inline code, superscripts and words
// the patterns reject (numbers, addresses, words of five letters or fewer)
// are not hyphenated.
func (s *shaper) hyphenate(words []word, h *hyphen.Hyphenator) []word {
	var out []word // nil until a word is split
	for k := range words {
		w := &words[k]
		if w.gapKind == gapHyphen {
			// a soft hyphen: the hyphen in the word's last face
			if len(w.frags) > 0 {
				w.hyphW = s.measure(&w.frags[len(w.frags)-1], "-")
			}
		}
		var pts []int
		// pieces of words split at soft hyphens, hard hyphens, dashes
		// and slashes (compounds, addresses) take no more points
		split := w.gapKind == gapHyphen || w.gapKind == gapZero ||
			k > 0 && (words[k-1].gapKind == gapHyphen || words[k-1].gapKind == gapZero)
		if h != nil && !split && hyphenatable(w) {
			// the word's text, looked up without a copy
			key := s.hyphKey[:0]
			for i := range w.frags {
				key = w.frags[i].appendStr(key)
			}
			s.hyphKey = key
			pts = s.points(h, key)
		}
		if len(pts) == 0 {
			if out != nil {
				out = append(out, *w)
			}
			continue
		}
		if out == nil {
			out = append(s.hwords[:0], words[:k]...)
		}
		out = s.split(out, w, pts)
	}
	if out == nil {
		return words
	}
	s.hwords = out
	return out
}

// points returns the hyphenation points h gives the word whose text is
// key, through the shaper's caches: they are the caches', not to be
// modified.
func (s *shaper) points(h *hyphen.Hyphenator, key []byte) []int {
	// The most frequent words are found in a small table first, as in
	// shapeWord.
	var slot *frontHyph
	if len(key) <= len(slot.key) {
		if s.frontHyph == nil {
			s.frontHyph = new([frontWords]frontHyph)
			s.frontHyphSeed = maphash.MakeSeed()
		}
		slot = &s.frontHyph[maphash.Bytes(s.frontHyphSeed, key)&(frontWords-1)]
		if slot.h == h && int(slot.n) == len(key) && string(slot.key[:slot.n]) == string(key) {
			return slot.pts
		}
	}
	if s.hyphens == nil {
		s.hyphens = map[*hyphen.Hyphenator]map[string][]int{}
	}
	m := s.hyphens[h]
	if m == nil || len(m) >= maxWordCache {
		m = map[string][]int{}
		s.hyphens[h] = m
	}
	pts, ok := m[string(key)]
	if !ok {
		text := string(key)
		pts = h.Points(text, nil)
		m[text] = pts
	}
	if slot != nil {
		slot.n = uint8(copy(slot.key[:], key))
		slot.h, slot.pts = h, pts
	}
	return pts
}

// frontHyph is a word of the shaper's table of frequent words to
// hyphenate: its text, its hyphenator and its points (one cache line).
type frontHyph struct {
	n   uint8
	key [31]byte
	h   *hyphen.Hyphenator
	pts []int
}

// hyphenatable reports whether a word may take pattern hyphenation.
func hyphenatable(w *word) bool {
	if w.dir != dirL || len(w.frags) == 0 {
		return false
	}
	if len(w.frags) == 1 && w.frags[0].glyphs != nil && len(w.frags[0].src) <= hyphen.MinLetters {
		return false // too short (the patterns would say so, at the cost of its text)
	}
	for i := range w.frags {
		st := w.frags[i].st
		if st.link != "" || st.mono || st.rise != 0 {
			return false
		}
	}
	return true
}

// split appends the pieces of w, cut at the byte offsets pts of its text,
// to out. A piece ends between glyph clusters: a point inside a ligature
// is dropped.
func (s *shaper) split(out []word, w *word, pts []int) []word {
	last := &w.frags[len(w.frags)-1]
	hyph := s.measure(last, "-")
	piece := word{dir: w.dir, gapKind: gapHyphen, gapFace: w.gapFace, hyphW: hyph}
	// the pieces' fragments go on the shaper's, after the paragraph's:
	// at most one per fragment and point
	s.fragRoom(len(w.frags) + len(pts))
	pstart := len(s.frags)
	flush := func() {
		if n := len(s.frags); n > pstart {
			piece.frags = s.frags[pstart:n:n]
			out = append(out, piece)
		}
		pstart = len(s.frags)
		piece = word{dir: w.dir, gapKind: gapHyphen, gapFace: w.gapFace, hyphW: hyph}
	}
	add := func(f frag) {
		s.frags = append(s.frags, f)
		piece.w += f.w
		piece.gapFace = f.face
	}
	off := 0
	pi := 0
	for fi := range w.frags {
		f := w.frags[fi]
		// The fragment's text: glyph-less fragments hold it, a
		// left-to-right fragment's runes give it (counted, not copied).
		counted := f.glyphs != nil && !f.rtl
		var text string
		n := 0
		if counted {
			n = utf8Len(f.src)
		} else {
			text = f.str()
			n = len(text)
		}
		fs, fe := off, off+n
		off = fe
		// cut points inside this fragment, as glyph indices
		start := 0 // glyph (or byte, without glyphs) where the current part starts
		for ; pi < len(pts) && pts[pi] < fe; pi++ {
			p := pts[pi] - fs
			if p <= 0 {
				if p == 0 {
					flush()
				}
				continue
			}
			if f.glyphs == nil {
				add(frag{text: text[start:p], face: f.face, st: f.st, w: s.measure(&f, text[start:p])})
				flush()
				start = p
				continue
			}
			var r int32
			if counted {
				r = runesBefore(f.src, p)
			} else {
				r = int32(utf8.RuneCountInString(text[:p]))
			}
			k := -1
			for g := start; g < len(f.glyphs); g++ {
				if f.glyphs[g].Start == r && (g == 0 || f.glyphs[g-1].Start != r) {
					k = g
					break
				}
			}
			if k <= start {
				continue // inside a cluster or ligature
			}
			add(s.sub(f, start, k))
			flush()
			start = k
		}
		switch {
		case f.glyphs == nil && start > 0:
			add(frag{text: text[start:], face: f.face, st: f.st, w: s.measure(&f, text[start:])})
		case f.glyphs == nil || start == 0:
			add(f)
		default:
			add(s.sub(f, start, len(f.glyphs)))
		}
		if pi < len(pts) && pts[pi] == fe {
			flush()
			pi++
		}
	}
	piece.gap, piece.gapKind, piece.gapFace, piece.hard, piece.hyphW = w.gap, w.gapKind, w.gapFace, w.hard, 0
	n := len(s.frags)
	piece.frags = s.frags[pstart:n:n]
	out = append(out, piece)
	return out
}

// utf8Len returns the length of string(rs) in bytes.
func utf8Len(rs []rune) int {
	n := 0
	for _, r := range rs {
		n += runeBytes(r)
	}
	return n
}

// runesBefore returns utf8.RuneCountInString(string(rs)[:p]) without
// making the string: the runes that end by byte p, and each byte of a
// rune cut at p (counted as one invalid rune, as RuneCountInString does).
func runesBefore(rs []rune, p int) int32 {
	n := 0
	for i, r := range rs {
		if n >= p {
			return int32(i)
		}
		l := runeBytes(r)
		if n+l > p {
			return int32(i + p - n)
		}
		n += l
	}
	return int32(len(rs))
}

// runeBytes returns the bytes r takes in a string (an invalid rune
// becomes U+FFFD, three bytes).
func runeBytes(r rune) int {
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return 3
}
