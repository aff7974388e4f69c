package pdf

// Arabic contextual shaping. fpdf draws code points, not shaped glyphs, so
// letters are replaced by their presentation forms (U+FB50–U+FEFF), which
// Noto Naskh Arabic maps, and lam followed by alef becomes a ligature.

// arabicForms maps a letter to its isolated, final, initial and medial
// presentation forms; a letter with no initial form joins only to the
// letter before it (right-joining).
var arabicForms = map[rune][4]rune{
	0x0621: {0xFE80, 0, 0, 0},
	0x0622: {0xFE81, 0xFE82, 0, 0},
	0x0623: {0xFE83, 0xFE84, 0, 0},
	0x0624: {0xFE85, 0xFE86, 0, 0},
	0x0625: {0xFE87, 0xFE88, 0, 0},
	0x0626: {0xFE89, 0xFE8A, 0xFE8B, 0xFE8C},
	0x0627: {0xFE8D, 0xFE8E, 0, 0},
	0x0628: {0xFE8F, 0xFE90, 0xFE91, 0xFE92},
	0x0629: {0xFE93, 0xFE94, 0, 0},
	0x062A: {0xFE95, 0xFE96, 0xFE97, 0xFE98},
	0x062B: {0xFE99, 0xFE9A, 0xFE9B, 0xFE9C},
	0x062C: {0xFE9D, 0xFE9E, 0xFE9F, 0xFEA0},
	0x062D: {0xFEA1, 0xFEA2, 0xFEA3, 0xFEA4},
	0x062E: {0xFEA5, 0xFEA6, 0xFEA7, 0xFEA8},
	0x062F: {0xFEA9, 0xFEAA, 0, 0},
	0x0630: {0xFEAB, 0xFEAC, 0, 0},
	0x0631: {0xFEAD, 0xFEAE, 0, 0},
	0x0632: {0xFEAF, 0xFEB0, 0, 0},
	0x0633: {0xFEB1, 0xFEB2, 0xFEB3, 0xFEB4},
	0x0634: {0xFEB5, 0xFEB6, 0xFEB7, 0xFEB8},
	0x0635: {0xFEB9, 0xFEBA, 0xFEBB, 0xFEBC},
	0x0636: {0xFEBD, 0xFEBE, 0xFEBF, 0xFEC0},
	0x0637: {0xFEC1, 0xFEC2, 0xFEC3, 0xFEC4},
	0x0638: {0xFEC5, 0xFEC6, 0xFEC7, 0xFEC8},
	0x0639: {0xFEC9, 0xFECA, 0xFECB, 0xFECC},
	0x063A: {0xFECD, 0xFECE, 0xFECF, 0xFED0},
	0x0641: {0xFED1, 0xFED2, 0xFED3, 0xFED4},
	0x0642: {0xFED5, 0xFED6, 0xFED7, 0xFED8},
	0x0643: {0xFED9, 0xFEDA, 0xFEDB, 0xFEDC},
	0x0644: {0xFEDD, 0xFEDE, 0xFEDF, 0xFEE0},
	0x0645: {0xFEE1, 0xFEE2, 0xFEE3, 0xFEE4},
	0x0646: {0xFEE5, 0xFEE6, 0xFEE7, 0xFEE8},
	0x0647: {0xFEE9, 0xFEEA, 0xFEEB, 0xFEEC},
	0x0648: {0xFEED, 0xFEEE, 0, 0},
	0x0649: {0xFEEF, 0xFEF0, 0, 0},
	0x064A: {0xFEF1, 0xFEF2, 0xFEF3, 0xFEF4},
	0x0671: {0xFB50, 0xFB51, 0, 0},
	0x0679: {0xFB66, 0xFB67, 0xFB68, 0xFB69},
	0x067E: {0xFB56, 0xFB57, 0xFB58, 0xFB59},
	0x0686: {0xFB7A, 0xFB7B, 0xFB7C, 0xFB7D},
	0x0688: {0xFB88, 0xFB89, 0, 0},
	0x0691: {0xFB8C, 0xFB8D, 0, 0},
	0x0698: {0xFB8A, 0xFB8B, 0, 0},
	0x06A9: {0xFB8E, 0xFB8F, 0xFB90, 0xFB91},
	0x06AF: {0xFB92, 0xFB93, 0xFB94, 0xFB95},
	0x06BA: {0xFB9E, 0xFB9F, 0, 0},
	0x06BE: {0xFBAA, 0xFBAB, 0xFBAC, 0xFBAD},
	0x06C0: {0xFBA4, 0xFBA5, 0, 0},
	0x06C1: {0xFBA6, 0xFBA7, 0xFBA8, 0xFBA9},
	0x06CC: {0xFBFC, 0xFBFD, 0xFBFE, 0xFBFF},
	0x06D2: {0xFBAE, 0xFBAF, 0, 0},
	0x06D3: {0xFBB0, 0xFBB1, 0, 0},
}

// lamAlef maps the alef that follows a lam to the ligature's isolated and
// final forms.
var lamAlef = map[rune][2]rune{
	0x0622: {0xFEF5, 0xFEF6},
	0x0623: {0xFEF7, 0xFEF8},
	0x0625: {0xFEF9, 0xFEFA},
	0x0627: {0xFEFB, 0xFEFC},
}

const (
	tatweel = 0x0640
	lam     = 0x0644
	zwnj    = 0x200C
	zwj     = 0x200D
)

// arabicTransparent reports whether r is a mark that does not take part in
// joining (harakat and Quranic marks).
func arabicTransparent(r rune) bool {
	return r >= 0x0610 && r <= 0x061A || r >= 0x064B && r <= 0x065F || r == 0x0670 ||
		r >= 0x06D6 && r <= 0x06DC || r >= 0x06DF && r <= 0x06E4 || r == 0x06E7 || r == 0x06E8 ||
		r >= 0x06EA && r <= 0x06ED
}

// joinsNext reports whether r connects to the letter after it.
func joinsNext(r rune) bool {
	if r == tatweel || r == zwj {
		return true
	}
	f, ok := arabicForms[r]
	return ok && f[2] != 0
}

// joinsPrev reports whether r connects to the letter before it.
func joinsPrev(r rune) bool {
	if r == tatweel || r == zwj {
		return true
	}
	f, ok := arabicForms[r]
	return ok && f[1] != 0
}

// unjoinable reports whether r is an Arabic letter this shaper has no
// forms for although it joins in real Arabic typesetting.
func unjoinable(r rune) bool {
	if _, ok := arabicForms[r]; ok || r == tatweel {
		return false
	}
	return r >= 0x0620 && r <= 0x064A || r >= 0x066E && r <= 0x06D3 && r != 0x06D4 || r >= 0x06EE && r <= 0x06FF && !(r >= 0x06F0 && r <= 0x06F9) || r >= 0x0750 && r <= 0x077F || r >= 0x08A0 && r <= 0x08C9
}

// shapeArabic replaces the Arabic letters of a word (in logical order) by
// their contextual presentation forms, forms lam-alef ligatures and drops
// joiners. has reports whether the Arabic face has a glyph; forms it lacks
// are left as the base letter. It returns the letters it could not join.
func shapeArabic(rs []rune, has func(rune) bool) (out []rune, unjoined []rune) {
	out = rs[:0:0]
	out = make([]rune, 0, len(rs))
	prevIdx := func(i int) int {
		for j := i - 1; j >= 0; j-- {
			if !arabicTransparent(rs[j]) {
				return j
			}
		}
		return -1
	}
	nextIdx := func(i int) int {
		for j := i + 1; j < len(rs); j++ {
			if !arabicTransparent(rs[j]) {
				return j
			}
		}
		return -1
	}
	skip := -1
	for i, r := range rs {
		if i == skip {
			continue
		}
		if r == zwj || r == zwnj {
			continue
		}
		forms, ok := arabicForms[r]
		if !ok {
			if unjoinable(r) {
				unjoined = append(unjoined, r)
			}
			out = append(out, r)
			continue
		}
		p, n := prevIdx(i), nextIdx(i)
		joinP := p >= 0 && joinsNext(rs[p]) && forms[1] != 0
		if r == lam && n == i+1 {
			if lig, ok := lamAlef[rs[n]]; ok {
				g := lig[0]
				if joinP {
					g = lig[1]
				}
				if has(g) {
					out = append(out, g)
					skip = n
					continue
				}
			}
		}
		joinN := n >= 0 && forms[2] != 0 && joinsPrev(rs[n])
		var g rune
		switch {
		case joinP && joinN:
			g = forms[3]
		case joinP:
			g = forms[1]
		case joinN:
			g = forms[2]
		default:
			g = forms[0]
		}
		if g == 0 || !has(g) {
			g = r
		}
		out = append(out, g)
	}
	return out, unjoined
}
