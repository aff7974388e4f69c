// Package hyphen finds the points at which a word may be hyphenated, with
// Frank Liang's algorithm (as TeX does it) and the hyphenation patterns of
// the hyph-utf8 project.
//
// The patterns and exception lists are embedded under patterns/, each
// beside its licence and metadata (hyph-TAG.lic.txt), from which the
// language's left and right hyphenmins are read. A language's patterns are
// compiled once, on first use; looking a word up allocates nothing.
package hyphen

import (
	"bufio"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed patterns/*.txt
var files embed.FS

// MinLetters is the length, in letters, at or below which a word is never
// hyphenated.
const MinLetters = 5

// maxRunes is the longest word hyphenated; longer strings are not words.
const maxRunes = 64

// Hyphenator hyphenates the words of one language.
type Hyphenator struct {
	tag         string
	left, right int
	once        sync.Once
	err         error
	// next maps a trie node and a letter (node<<32 | letter) to the
	// child node; values holds each node's pattern digits (nil when no
	// pattern ends there).
	next   map[uint64]int32
	values [][]uint8
	// exceptions maps a lower-case word to its hyphenation points, as
	// rune indices (a point i falls before the word's i-th letter).
	exceptions map[string][]uint8
	// poly, for monotonic Greek, hyphenates words with polytonic accents.
	poly *Hyphenator
}

var languages = map[string]*Hyphenator{}

func init() {
	for _, tag := range []string{"en-us", "en-gb", "fr", "de-1996", "es", "it", "pt", "nl", "ru", "el-monoton", "el-polyton", "la"} {
		languages[tag] = &Hyphenator{tag: tag}
	}
	languages["el-monoton"].poly = languages["el-polyton"]
}

// Tags lists the pattern sets embedded, by their hyph-utf8 names.
func Tags() []string {
	return []string{"de-1996", "el-monoton", "el-polyton", "en-gb", "en-us", "es", "fr", "it", "la", "nl", "pt", "ru"}
}

// britishRegions are the regions whose English follows British spelling.
var britishRegions = map[string]bool{
	"gb": true, "uk": true, "ie": true, "au": true, "nz": true, "za": true, "in": true,
	"ng": true, "ke": true, "sg": true, "hk": true, "mt": true, "jm": true,
}

// For returns the hyphenator for a BCP 47 language tag, or nil when no
// patterns are embedded for the language. English is American unless the
// region spells the British way; Greek is monotonic unless the tag says
// polytonic (el-polyton, grc), and words with polytonic accents use the
// polytonic patterns in any case.
func For(tag string) *Hyphenator {
	parts := strings.FieldsFunc(strings.ToLower(tag), func(r rune) bool { return r == '-' || r == '_' })
	if len(parts) == 0 {
		return nil
	}
	has := func(sub string) bool {
		for _, p := range parts[1:] {
			if p == sub {
				return true
			}
		}
		return false
	}
	switch parts[0] {
	case "en":
		for _, p := range parts[1:] {
			if britishRegions[p] {
				return languages["en-gb"]
			}
		}
		return languages["en-us"]
	case "de", "gsw":
		return languages["de-1996"]
	case "el":
		if has("polyton") {
			return languages["el-polyton"]
		}
		return languages["el-monoton"]
	case "grc":
		return languages["el-polyton"]
	case "fr", "es", "it", "pt", "nl", "ru", "la":
		return languages[parts[0]]
	}
	return nil
}

// Tag returns the hyph-utf8 name of the hyphenator's patterns.
func (h *Hyphenator) Tag() string { return h.tag }

// Mins returns the fewest letters left before and carried after a hyphen.
func (h *Hyphenator) Mins() (left, right int) {
	h.load()
	return h.left, h.right
}

// Err reports a problem loading the patterns (a defect of the embedded
// files; tests check that there is none).
func (h *Hyphenator) Err() error {
	h.load()
	return h.err
}

func (h *Hyphenator) load() {
	h.once.Do(func() { h.err = h.compile() })
}

func (h *Hyphenator) compile() error {
	h.left, h.right = 2, 3 // TeX's defaults
	lic, err := files.ReadFile("patterns/hyph-" + h.tag + ".lic.txt")
	if err != nil {
		return fmt.Errorf("hyphen: %s: %w", h.tag, err)
	}
	if l, r, ok := hyphenmins(string(lic)); ok {
		h.left, h.right = l, r
	}
	h.next = map[uint64]int32{}
	h.values = [][]uint8{nil}
	pat, err := files.ReadFile("patterns/hyph-" + h.tag + ".pat.txt")
	if err != nil {
		return fmt.Errorf("hyphen: %s: %w", h.tag, err)
	}
	var letters []rune
	var digits []uint8
	for _, p := range strings.Fields(string(pat)) {
		letters, digits = letters[:0], digits[:0]
		d := uint8(0)
		for _, r := range p {
			if r >= '0' && r <= '9' {
				d = uint8(r - '0')
				continue
			}
			digits = append(digits, d)
			d = 0
			letters = append(letters, r)
		}
		digits = append(digits, d)
		node := int32(0)
		for _, r := range letters {
			k := uint64(node)<<32 | uint64(uint32(r))
			c, ok := h.next[k]
			if !ok {
				c = int32(len(h.values))
				h.values = append(h.values, nil)
				h.next[k] = c
			}
			node = c
		}
		h.values[node] = append([]uint8(nil), digits...)
	}
	h.exceptions = map[string][]uint8{}
	if hyp, err := files.ReadFile("patterns/hyph-" + h.tag + ".hyp.txt"); err == nil {
		for _, w := range strings.Fields(string(hyp)) {
			var pts []uint8
			var b strings.Builder
			n := 0
			for _, r := range w {
				if r == '-' {
					pts = append(pts, uint8(n))
					continue
				}
				b.WriteRune(unicode.ToLower(r))
				n++
			}
			h.exceptions[b.String()] = pts
		}
	}
	return nil
}

// hyphenmins reads the typesetting hyphenmins from a hyph-utf8 metadata
// header (the generation values when no typesetting ones are given).
func hyphenmins(meta string) (left, right int, ok bool) {
	sc := bufio.NewScanner(strings.NewReader(meta))
	in, section := false, ""
	found := map[string][2]int{}
	for sc.Scan() {
		line := sc.Text()
		trim := strings.TrimSpace(line)
		indent := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case indent == 0 && trim != "":
			in = trim == "hyphenmins:"
			section = ""
		case !in:
		case indent == 4 && strings.HasSuffix(trim, ":"):
			section = strings.TrimSuffix(trim, ":")
		case indent > 4:
			k, v, _ := strings.Cut(trim, ":")
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				continue
			}
			lr := found[section]
			switch strings.TrimSpace(k) {
			case "left":
				lr[0] = n
			case "right":
				lr[1] = n
			}
			found[section] = lr
		}
	}
	for _, s := range []string{"typesetting", "generation"} {
		if lr, has := found[s]; has && lr[0] > 0 && lr[1] > 0 {
			return lr[0], lr[1], true
		}
	}
	return 0, 0, false
}

// isApostrophe reports whether r is an apostrophe, which some languages'
// patterns (French, Italian) know.
func isApostrophe(r rune) bool { return r == '\'' || r == '’' }

// Points appends to dst the byte offsets in word at which a hyphen may be
// inserted, in increasing order, and returns the extended slice. The word
// may carry punctuation before and after its letters (quotes, commas),
// which is ignored; a word with other non-letters inside (digits, dots,
// slashes: numbers, addresses, code) or of MinLetters letters or fewer is
// not hyphenated, and neither is a word longer than 64 letters. Points lie
// at least the language's hyphenmins from the word's ends and never next to
// an apostrophe.
func (h *Hyphenator) Points(word string, dst []int) []int {
	if h == nil {
		return dst
	}
	h.load()
	if h.err != nil {
		return dst
	}
	// The letters: trim leading and trailing non-letters.
	start := 0
	for start < len(word) {
		r, size := utf8.DecodeRuneInString(word[start:])
		if unicode.IsLetter(r) {
			break
		}
		start += size
	}
	end := len(word)
	for end > start {
		r, size := utf8.DecodeLastRuneInString(word[:end])
		if unicode.IsLetter(r) || unicode.Is(unicode.Mn, r) {
			break
		}
		end -= size
	}
	if end-start == 0 {
		return dst
	}
	var (
		runes   [maxRunes + 2]rune
		offsets [maxRunes + 1]int
		lower   [4 * (maxRunes + 2)]byte
	)
	n, letters, nb := 0, 0, 0
	runes[0] = '.'
	polytonic := false
	for i, r := range word[start:end] {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.Is(unicode.Mn, r), isApostrophe(r):
		default:
			return dst // not a word
		}
		if n == maxRunes {
			return dst
		}
		if r >= 0x1F00 && r <= 0x1FFF {
			polytonic = true
		}
		lr := unicode.ToLower(r)
		if r == '\'' {
			lr = '’'
		}
		runes[n+1] = lr
		offsets[n] = start + i
		nb += utf8.EncodeRune(lower[nb:], lr)
		n++
	}
	offsets[n] = end
	if letters <= MinLetters {
		return dst
	}
	if polytonic && h.poly != nil {
		return h.poly.Points(word, dst)
	}
	runes[n+1] = '.'
	var vals [maxRunes + 3]uint8
	if pts, ok := h.exceptions[string(lower[:nb])]; ok {
		for _, p := range pts {
			vals[int(p)+1] = 1
		}
	} else {
		w := runes[:n+2]
		for i := range w {
			node := int32(0)
			for j := i; j < len(w); j++ {
				c, ok := h.next[uint64(node)<<32|uint64(uint32(w[j]))]
				if !ok {
					break
				}
				node = c
				if v := h.values[node]; v != nil {
					for k, d := range v {
						if d > vals[i+k] {
							vals[i+k] = d
						}
					}
				}
			}
		}
	}
	// A point before letter r of the word is vals[r+1].
	for r := h.left; r <= n-h.right; r++ {
		if vals[r+1]%2 == 1 && !isApostrophe(runes[r]) && !isApostrophe(runes[r+1]) &&
			!unicode.Is(unicode.Mn, runes[r+1]) {
			dst = append(dst, offsets[r])
		}
	}
	return dst
}

// Hyphenate returns word with a hyphen (or sep) at each point, for tests
// and tools.
func (h *Hyphenator) Hyphenate(word, sep string) string {
	pts := h.Points(word, nil)
	if len(pts) == 0 {
		return word
	}
	var b strings.Builder
	last := 0
	for _, p := range pts {
		b.WriteString(word[last:p])
		b.WriteString(sep)
		last = p
	}
	b.WriteString(word[last:])
	return b.String()
}
