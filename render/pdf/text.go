package pdf

import (
	"fmt"
	"hash/maphash"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/commonplace-book/commonplace/internal/hyphen"

	"golang.org/x/text/unicode/norm"

	"github.com/commonplace-book/commonplace/internal/shaping"

	"github.com/commonplace-book/commonplace/model"
)

// destPrefix marks a run's link as internal, to the anchor whose index + 1
// follows; the loader never produces such links.
const destPrefix = "commonplace-anchor:"

// style is the look of a piece of text within a paragraph.
type style struct {
	italic, bold bool
	mono         bool // code: the monospace face
	size         float64
	rise         float64 // baseline raised by this much (note labels)
	link         string  // external link target
	dest         int     // internal link target (anchor index + 1)
	mark         bool    // highlighted by the collector (model.Run.Mark)
	strike       bool    // struck through (model.Run.Strike)
}

// frag is a measured piece of text in one face and style, in display
// order.
type frag struct {
	// text is the text of a fragment without glyphs (a hyphen), drawn
	// with the face's nominal glyphs; str gives any fragment's text.
	text string
	face face
	st   *style
	w    float64
	// glyphs are the shaped glyphs in display order; src is the run's
	// text in logical order, which the glyphs' clusters index.
	glyphs []shaping.Glyph
	src    []rune
	rtl    bool
	// lg orders a word's fragments logically (they are kept in display
	// order): the text is drawn in logical order, so that copying gives
	// it in that order.
	lg int32
}

// Gap kinds: what follows a word.
const (
	gapSpace  uint8 = iota // a space: stretches when justified
	gapCJK                 // a break between ideographs: no width, stretches
	gapZero                // a break after a hyphen or slash: no width, no stretch
	gapNone                // no break and no width: trailing punctuation split off a right-to-left word
	gapHyphen              // a hyphenation point (soft hyphen or pattern): no width; a hyphen is drawn when the line breaks here
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
	hard    bool    // a forced line break follows
	hyphW   float64 // width of the hyphen drawn when a line breaks at a gapHyphen after the word
	// iso is the bidi isolate (FSI … PDI, a citation field) the word is
	// in, numbered from 1 within a paragraph; 0 outside isolates.
	iso int32
}

// char is a character of a word being built, in logical order.
type char struct {
	r  rune
	st *style
}

// shaper turns rich text into measured words, choosing a face per run of
// characters and reporting what it cannot show.
type shaper struct {
	reg  *shaping.Registry
	sh   *shaping.Shaper
	used [numFaces]bool
	warn func(path string, line int, msg string)
	// path and line locate the text being shaped, for warnings.
	path string
	line int
	pend [numProbs][]rune
	seen map[string]bool
	// record holds a worker's warnings (see builder.worker).
	record []warning

	// Buffers reused from word to word and paragraph to paragraph:
	// words and frags hold the words of the paragraph being shaped (see
	// shape; frags in blocks, see fragRoom), hwords those that hyphenate
	// returns, pruns a word's shaped runs, cost and next the line
	// breaker's tables, levels and order a line's bidi levels and order.
	words  []word
	frags  []frag
	hwords []word
	cur    []char
	rbuf   []rune
	pruns  []prun
	runs   []shaping.Run
	cost   []float64
	bws    []breakWord
	next   []int
	levels []int
	order  []int
	tls    []int
	// lineWords and lineFrags hold the words of a line that ends with a
	// hyphen, the hyphen added (setLine).
	lineWords []word
	lineFrags []frag
	// runeBlock and glyphBlock are blocks that the runes and glyphs kept
	// by lines are cut from, a few allocations for many words.
	// iso is the isolate being read (0 = none), isoN the last one
	// numbered.
	iso, isoN  int32
	runeBlock  []rune
	glyphBlock []shaping.Glyph
	segBlock   []seg
	// pool, for a worker's shaper, is where its blocks come from and go
	// back to (see blocks.go); retired holds the blocks it filled while
	// setting the current piece.
	pool    *blockPool
	retired retired
	advs    map[uint32]float32 // advances of nominal glyphs, face<<16 | glyph
	// spaceAdv holds the width of a space in each face, in ems, once
	// spaceKnown says it is known (see spaceWidth).
	spaceAdv   [numFaces]float32
	spaceKnown [numFaces]bool
	// wordRuns caches the shaped runs of words by style, direction and
	// text (see shapeWord), hyphens their hyphenation points by
	// language and text: words recur, and shaping and hyphenating them
	// again gives the same.
	wordRuns map[string][]shaping.Run
	shared   *wordCache
	// breaks, when set, holds the book's kept line breaks (breaks.go);
	// keyBuf and endBuf are the buffers a paragraph's key is hashed in
	// and its line ends read to.
	breaks    *breakStore
	keyBuf    []byte
	endBuf    []int32
	front     *[frontWords]frontWord
	frontSeed maphash.Seed
	wordKey   []byte
	// hyphens holds the points of words by language; hyphKey is the
	// buffer a word's text is looked up in.
	hyphens map[*hyphen.Hyphenator]map[string][]int
	hyphKey []byte
	// frontHyph is the table of frequent words to hyphenate (points).
	frontHyph     *[frontWords]frontHyph
	frontHyphSeed maphash.Seed
}

// maxWordCache bounds the words a shaper keeps shaped or hyphenated.
const maxWordCache = 1 << 15

// maxSharedWords bounds the words the shapers of a book share (wordCache)
// and so the words kept between runs (shapes.go): the 124,300 distinct
// words of 100,000 generated entries fit, in 14.5 MB kept, so that none is
// shaped twice in a book and a book set again shapes none.
const maxSharedWords = 1 << 18

// shapeWord returns the runs of a word as the shaper's Shape gives them,
// through the cache: they are the cache's, not to be modified.
func (s *shaper) shapeWord(src []rune, st shaping.Style, o shaping.Options) []shaping.Run {
	var flags byte
	if st.Bold {
		flags |= 1
	}
	if st.Italic {
		flags |= 2
	}
	if st.Mono {
		flags |= 4
	}
	key := append(s.wordKey[:0], flags, byte(o.Dir))
	key = append(key, o.Lang...)
	key = append(key, 0)
	for _, c := range src {
		key = utf8.AppendRune(key, c)
	}
	s.wordKey = key
	// The most frequent words are found in a small table first, their
	// keys held in place: a look-up there touches one cache line, where
	// the map's touches three that are seldom in the cache.
	var slot *frontWord
	if len(key) <= len(slot.key) {
		if s.front == nil {
			s.front = new([frontWords]frontWord)
			s.frontSeed = maphash.MakeSeed()
		}
		slot = &s.front[maphash.Bytes(s.frontSeed, key)&(frontWords-1)]
		if int(slot.n) == len(key) && string(slot.key[:slot.n]) == string(key) {
			return slot.runs
		}
	}
	runs, ok := s.wordRuns[string(key)]
	if !ok {
		if runs, ok = s.shared.get(key); !ok {
			s.runs = s.sh.AppendShape(s.runs[:0], src, st, o)
			wordsShaped.Add(1)
			if s.shared != nil {
				s.shared.shaped.Add(1)
			}
			runs = s.shared.put(key, slices.Clone(s.runs))
		}
		if s.wordRuns == nil || len(s.wordRuns) >= maxWordCache {
			s.wordRuns = map[string][]shaping.Run{}
		}
		s.wordRuns[string(key)] = runs
	}
	if slot != nil {
		slot.n = uint8(copy(slot.key[:], key))
		slot.runs = runs
	}
	return runs
}

// wordCache holds the words shaped by all the shapers of a book (the
// workers' and the book's own), so that no word is shaped once per
// worker: shaping a word gives the same runs whichever shaper does it, so
// the book does not depend on which worker shaped a word first. It is
// safe for concurrent use; a nil *wordCache holds nothing. Each shaper
// keeps the words it looked up in its own map too (no lock for those).
type wordCache struct {
	seed   maphash.Seed
	shards [wordShards]wordShard
	// shaped counts the words shaped, not found (see keepShapes).
	shaped atomic.Int64
}

// wordShards is the number of independently locked parts of a wordCache
// (a power of two).
const wordShards = 16

type wordShard struct {
	mu sync.RWMutex
	m  map[string][]shaping.Run
	_  [64]byte // each shard's lock on its own cache lines
}

func newWordCache() *wordCache {
	return &wordCache{seed: maphash.MakeSeed()}
}

func (c *wordCache) shard(key []byte) *wordShard {
	return &c.shards[maphash.Bytes(c.seed, key)&(wordShards-1)]
}

// get returns the runs of the word with key, if some shaper put them.
func (c *wordCache) get(key []byte) ([]shaping.Run, bool) {
	if c == nil {
		return nil, false
	}
	sh := c.shard(key)
	sh.mu.RLock()
	runs, ok := sh.m[string(key)]
	sh.mu.RUnlock()
	return runs, ok
}

// put keeps runs as the word's with key and returns them, or the runs
// another shaper put first (the same glyphs). A shard holding
// maxSharedWords/wordShards words is emptied first, which bounds the
// memory, as the shapers' own maps are.
func (c *wordCache) put(key []byte, runs []shaping.Run) []shaping.Run {
	if c == nil {
		return runs
	}
	sh := c.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if prev, ok := sh.m[string(key)]; ok {
		return prev
	}
	if sh.m == nil || len(sh.m) >= maxSharedWords/wordShards {
		sh.m = map[string][]shaping.Run{}
	}
	sh.m[string(key)] = runs
	return runs
}

// wordsShaped counts the words shaped in this process (tests check that
// a book set again with the words kept shapes none).
var wordsShaped atomic.Int64

// keep puts runs kept from an earlier run (loadShapes) as the word's
// with key, unless the word is there or its shard is full.
func (c *wordCache) keep(key []byte, runs []shaping.Run) {
	sh := c.shard(key)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.m == nil {
		sh.m = map[string][]shaping.Run{}
	}
	if _, ok := sh.m[string(key)]; !ok && len(sh.m) < maxSharedWords/wordShards {
		sh.m[string(key)] = runs
	}
}

// frontWords is the size of the shaper's table of frequent words (a
// power of two).
const frontWords = 4096

// frontWord is a word of that table: its key (as shapeWord builds it)
// and its runs.
type frontWord struct {
	n    uint8
	key  [39]byte
	runs []shaping.Run
}

// prun is a shaped run of a word, with its style and text.
type prun struct {
	run shaping.Run
	st  *style
	src []rune
	lg  int32 // its place in logical order among the word's runs
}

// keepRunes returns a copy of rs that lines may keep.
func (s *shaper) keepRunes(rs []rune) []rune {
	if len(rs) > cap(s.runeBlock)-len(s.runeBlock) {
		var free chan []rune
		if s.pool != nil {
			free = s.pool.runes
		}
		s.runeBlock = newBlock(s, s.runeBlock, len(rs), runeBlock, free, &s.retired.runes)
	}
	n := len(s.runeBlock)
	s.runeBlock = append(s.runeBlock, rs...)
	return s.runeBlock[n:len(s.runeBlock):len(s.runeBlock)]
}

// keepGlyphs returns room for n glyphs that lines may keep.
func (s *shaper) keepGlyphs(n int) []shaping.Glyph {
	if n > cap(s.glyphBlock)-len(s.glyphBlock) {
		var free chan []shaping.Glyph
		if s.pool != nil {
			free = s.pool.glyphs
		}
		s.glyphBlock = newBlock(s, s.glyphBlock, n, glyphBlock, free, &s.retired.glyphs)
	}
	k := len(s.glyphBlock)
	s.glyphBlock = s.glyphBlock[:k+n]
	return s.glyphBlock[k : k+n : k+n]
}

// str returns the fragment's text in display order.
func (f *frag) str() string { return segText(f.text, f.glyphs, f.src, f.rtl) }

// str returns the segment's text in display order.
func (sg *seg) str() string { return segText(sg.text, sg.glyphs, sg.src, sg.rtl) }

// appendStr appends the fragment's text in display order (str) to b.
func (f *frag) appendStr(b []byte) []byte {
	switch {
	case f.glyphs == nil:
		return append(b, f.text...)
	case !f.rtl:
		for _, r := range f.src {
			b = utf8.AppendRune(b, r)
		}
		return b
	}
	for k := len(f.src) - 1; k >= 0; k-- {
		b = utf8.AppendRune(b, mirror(f.src[k]))
	}
	return b
}

func segText(text string, glyphs []shaping.Glyph, src []rune, rtl bool) string {
	if glyphs == nil || !rtl {
		if glyphs == nil {
			return text
		}
		return string(src)
	}
	rs := make([]rune, len(src))
	for k, r := range src {
		rs[len(src)-1-k] = mirror(r)
	}
	return string(rs)
}

func newShaper(warn func(path string, line int, msg string)) (*shaper, error) {
	reg, err := registry()
	if err != nil {
		return nil, err
	}
	return &shaper{warn: warn, reg: reg, sh: reg.NewShaper(), shared: newWordCache()}, nil
}

func (s *shaper) warnf(format string, args ...any) {
	if s.warn != nil {
		s.warn(s.path, s.line, fmt.Sprintf(format, args...))
	}
}

// Kinds of characters reported in one warning per place.
const (
	probNoGlyph = iota // in no face
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
		case probNoGlyph:
			s.warnf("pdf: no font has a glyph for %s; drawn as an empty box", l)
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

// isHangul reports whether r is Korean: Korean breaks at spaces, not
// between syllables.
func isHangul(r rune) bool {
	return r >= 0x1100 && r <= 0x11FF || r >= 0x3130 && r <= 0x318F || r >= 0xA960 && r <= 0xA97F || r >= 0xAC00 && r <= 0xD7FF
}

func isCJK(r rune) bool {
	if r < 0x1100 {
		return false // most text: one comparison
	}
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
	if r < 0x0590 {
		return false
	}
	return r >= 0x0590 && r <= 0x08FF && !isDigit(r) && !unicode.Is(unicode.Mn, r) && r != 0x060C && r != 0x061B && r != 0x061F && r != 0x06D4 ||
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

// shape shapes runs into words. base is the paragraph's style; notes maps
// a footnote ID to its label; maxW is the narrowest line the words must fit
// (longer words are broken). The words and their fragments are the
// shaper's own: they are valid until the next call of shape.
func (s *shaper) shape(runs []model.Run, base style, notes map[string]string, maxW float64) []word {
	s.words = s.words[:0]
	s.frags = s.frags[:0]
	s.cur = s.cur[:0]
	s.iso, s.isoN = 0, 0
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
		st.mono = r.Code
		st.mark = r.Mark
		st.strike = r.Strike
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
		if !isASCII(text) && !norm.NFC.IsNormalString(text) {
			text = norm.NFC.String(text)
		}
		for _, c := range text {
			s.add(c, sp, maxW)
		}
	}
	s.finish(gapSpace, maxW)
	return s.words
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
	case c == 0xAD:
		s.finish(gapHyphen, maxW)
		return
	case c >= 0x2066 && c <= 0x2068:
		// an isolate opens: its words are set apart, without a break
		// between them and what comes before
		s.finish(gapNone, maxW)
		s.isoN++
		s.iso = s.isoN
		return
	case c == 0x2069:
		s.finish(gapNone, maxW)
		s.iso = 0
		return
	case c < 0x20 || c >= 0x7F && c < 0xA0 || c == 0xFEFF || c >= 0xFE00 && c <= 0xFE0F ||
		c == 0x200E || c == 0x200F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x2060:
		return // controls, variation selectors, bidi marks
	case c == utf8.RuneError:
		c = 0xFFFD
	case c == 0xA0 || c == 0x202F:
		// no-break spaces stay in the word: drawn, never broken, never
		// stretched
	}
	if n := len(s.cur); n > 0 {
		p := s.cur[n-1].r
		if (isCJK(p) || isCJK(c)) && !isHangul(p) && !isHangul(c) && !noBreakBefore(c) && !noBreakAfter(p) && p != ' ' {
			s.finish(gapCJK, maxW)
		}
	}
	s.cur = append(s.cur, char{c, st})
	if (c == '-' || c == 0x2010 || c == 0x2013 || c == 0x2014) && len(s.cur) > 2 && schemeEnd(s.cur) == 0 {
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
	if s.iso != 0 {
		defer func(n int) {
			for k := n; k < len(s.words); k++ {
				s.words[k].iso = s.iso
			}
		}(len(s.words))
	}
	// Long URLs and paths break before their punctuation (as Chicago
	// has it), never inside "//" nor within the scheme: a line never ends
	// on a lone "https://".
	if len(chars) > 24 && !hasRTL(chars) {
		start := 0
		for i := 1; i < len(chars)-1; i++ {
			c := chars[i].r
			if !strings.ContainsRune("/?&=_.#%~-", c) || c == '/' && (chars[i-1].r == '/' || chars[i+1].r == '/') ||
				chars[i-1].r == '/' && i >= 2 && chars[i-2].r == '/' || i-start < 6 {
				continue
			}
			if k := schemeEnd(chars); k > 0 && i <= k+1 {
				continue
			}
			s.build(chars[start:i], gapZero, maxW)
			start = i
		}
		chars = chars[start:]
	}
	s.build(chars, kind, maxW)
}

// schemeEnd returns the index just after "://" in chars, or 0.
func schemeEnd(chars []char) int {
	for i := 0; i+2 < len(chars) && i < 12; i++ {
		if chars[i].r == ':' && chars[i+1].r == '/' && chars[i+2].r == '/' {
			return i + 3
		}
	}
	return 0
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

// spaceWidth returns the width of a space of face f in style st.
func (s *shaper) spaceWidth(f face, st *style) float64 {
	if !s.spaceKnown[f] {
		s.spaceAdv[f], s.spaceKnown[f] = spaceAdvance(s.reg, f), true
	}
	return float64(s.spaceAdv[f]) * st.size
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
	_ = arabic
	// Shape each piece of one style; the runs of the word in display
	// order.
	runs := s.pruns[:0]
	dir := dirN
	for i := 0; i < len(chars); {
		j := i
		rs := s.rbuf[:0]
		for j < len(chars) && chars[j].st == chars[i].st {
			rs = append(rs, chars[j].r)
			j++
		}
		s.rbuf = rs
		src := s.keepRunes(rs)
		st := chars[i].st
		o := shaping.Options{}
		if rtl {
			o.Dir = shaping.RTL
		}
		word := s.shapeWord(src, shaping.Style{Bold: st.bold, Italic: st.italic, Mono: st.mono}, o)
		for k := range word {
			r := &word[k]
			for _, c := range r.Missing {
				s.problem(probNoGlyph, c)
			}
			runs = append(runs, prun{*r, st, src, int32(len(runs))})
		}
		i = j
	}
	s.pruns = runs
	for _, c := range chars {
		switch {
		case isRTL(c.r):
			dir = dirR
		case dir != dirR && unicode.IsLetter(c.r):
			dir = dirL
		case dir == dirN && isDigit(c.r):
			dir = dirNum
		}
	}
	if rtl {
		// display order: by bidi level, as one line
		lv := make([]shaping.Run, len(runs))
		idx := make([]int, len(runs))
		for k := range runs {
			lv[k] = runs[k].run
			lv[k].Start = k // remember the position
			idx[k] = k
		}
		vis := shaping.Visual(lv)
		ordered := make([]prun, len(runs))
		for k, r := range vis {
			ordered[k] = runs[r.Start]
		}
		runs = ordered
	}
	s.fragRoom(len(runs))
	first := len(s.frags)
	total := 0.0
	for _, p := range runs {
		// the run's Advance is the sum of its glyphs' advances, in
		// order, as shaping computes it
		f := frag{face: face(p.run.Face.ID), st: p.st, glyphs: p.run.Glyphs, src: p.src[p.run.Start:p.run.End], rtl: p.run.RTL(), lg: p.lg,
			w: float64(p.run.Advance) * p.st.size}
		s.used[f.face] = true
		total += f.w
		s.frags = append(s.frags, f)
	}
	frags := s.frags[first:len(s.frags):len(s.frags)]
	// Too wide for any line: break into pieces that fit, between
	// clusters.
	var pieces [][]frag
	if maxW > 0 && total > maxW && !rtl {
		var cur []frag
		acc := 0.0
		for _, f := range frags {
			p := prun{st: f.st}
			gs := f.glyphs
			start := 0
			for k := 0; k < len(gs); k++ {
				w := float64(gs[k].Advance) * f.st.size
				if acc+w > maxW && acc > 0 && (k == 0 || gs[k].Start != gs[k-1].Start) {
					if k > start {
						cur = append(cur, s.sub(f, start, k))
					}
					pieces = append(pieces, cur)
					cur, acc, start = nil, 0, k
				}
				acc += w
			}
			_ = p
			cur = append(cur, s.sub(f, start, len(gs)))
		}
		pieces = append(pieces, cur)
	} else {
		s.addWord(frags, dir, kind, rtl)
		return
	}
	for pi, piece := range pieces {
		k := gapZero
		if pi == len(pieces)-1 {
			k = kind
		}
		s.addWord(piece, dir, k, rtl)
	}
}

// fragBlock is the number of fragments a block of the shaper's holds.
const fragBlock = 4096

// fragRoom makes room for n more fragments in s.frags without moving the
// ones there, which words hold: when the block is full, the next
// fragments go in a new block. A paragraph's fragments thus take their
// own size and a block's slack, where growing one slice kept every
// smaller copy alive through the words that held it (twice the size: a
// 1 MB paragraph's took 77 MB).
func (s *shaper) fragRoom(n int) {
	if len(s.frags)+n > cap(s.frags) {
		s.frags = make([]frag, 0, max(fragBlock, n))
	}
}

// addWord appends a word of frags, followed by a gap of the given kind.
func (s *shaper) addWord(piece []frag, dir int8, kind uint8, rtl bool) {
	if len(piece) == 0 {
		return
	}
	w := word{dir: dir, gapKind: kind, frags: piece}
	for _, f := range piece {
		w.w += f.w
	}
	// A space between words set in faces of different roles (Arabic and
	// Latin, code and text) is the book face's: the Arabic face's space
	// is narrower, the monospace face's wider.
	if n := len(s.words); n > 0 && s.words[n-1].gapKind == gapSpace {
		prev := &s.words[n-1]
		first := piece[0]
		if rtl {
			first = piece[len(piece)-1]
		}
		if role := s.reg.Faces[prev.gapFace].Role; role != s.reg.Faces[first.face].Role && role != shaping.RoleSerif {
			last := prev.frags[len(prev.frags)-1]
			prev.gapFace = serifFace(last.st)
			prev.gap = s.spaceWidth(prev.gapFace, last.st)
		}
	}
	last := piece[len(piece)-1]
	w.gapFace = last.face
	if rtl {
		w.gapFace = piece[0].face
	}
	if s.reg.Faces[w.gapFace].Role == shaping.RoleSymbols || s.reg.Faces[w.gapFace].Role == shaping.RoleMath {
		w.gapFace = serifFace(last.st)
	}
	if w.gapKind == gapSpace {
		w.gap = s.spaceWidth(w.gapFace, last.st)
	}
	s.words = append(s.words, w)
}

// sub returns the glyphs [a:b) of a left-to-right fragment as a fragment.
func (s *shaper) sub(f frag, a, b int) frag {
	if a == 0 && b == len(f.glyphs) {
		return f
	}
	g := f.glyphs[a:b]
	lo, hi := g[0].Start, g[len(g)-1].End
	n := frag{face: f.face, st: f.st, src: f.src[lo:hi], glyphs: s.keepGlyphs(len(g))}
	var adv float32
	for k, x := range g {
		x.Start -= lo
		x.End -= lo
		n.glyphs[k] = x
		adv += x.Advance
	}
	n.w = float64(adv) * f.st.size
	return n
}

// width measures text in face f at size, by the advances of its
// characters' nominal glyphs (figures, leaders).
func (s *shaper) width(f face, size float64, text string) float64 {
	fc := s.reg.Faces[f]
	if s.advs == nil {
		s.advs = map[uint32]float32{}
	}
	var n float32
	for _, r := range text {
		g := fc.Glyph(r)
		k := uint32(f)<<16 | uint32(g)
		a, ok := s.advs[k]
		if !ok {
			a = fc.Advance(g)
			s.advs[k] = a
		}
		n += a
	}
	return float64(n) * size
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

// isASCII reports whether s is all ASCII (and so in NFC, which
// norm.NFC.IsNormalString would tell at the cost of an allocation).
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
