package model

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseName splits a name written as "Given Family" or "Family, Given".
// Particles written in lower case before the family name ("de", "van der",
// "von", "d’", "al-") stay with the family name and are recorded in
// Particle; "Family, Given de" moves a trailing particle back to the family
// name. A one-word name becomes a Family-only name. Names in CJK scripts
// are family first ("村上 春樹": family 村上, given 春樹); names in other
// scripts that are not Latin, Greek or Cyrillic are literal unless written
// "Family, Given".
func ParseName(s string) Name {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return Name{}
	}
	script := nameScript(s)
	if fam, given, ok := strings.Cut(s, ","); ok {
		given = strings.TrimSpace(given)
		fam = strings.TrimSpace(fam)
		// "Jr." and similar suffixes are not given names: they stay with
		// the family name ("Martin Luther King, Jr.").
		if given != "" && isSuffix(given) {
			n := ParseName(fam)
			n.Family += ", " + given
			n.Literal = ""
			return n
		}
		if given != "" && fam != "" {
			// "Montaigne, Michel de": the particle belongs to the family.
			words := strings.Fields(given)
			i := len(words)
			for i > 1 && isParticle(words[i-1]) {
				i--
			}
			if i < len(words) {
				fam = strings.Join(words[i:], " ") + " " + fam
				given = strings.Join(words[:i], " ")
			}
			return withParticle(Name{Given: given, Family: fam})
		}
	}
	switch script {
	case scriptCJK:
		fam, given, _ := strings.Cut(s, " ")
		return Name{Given: given, Family: fam}
	case scriptOther:
		return Name{Family: s, Literal: s}
	}
	words := strings.Fields(s)
	if len(words) == 1 {
		return Name{Family: s}
	}
	// The family name starts at the first particle that is followed by
	// more words, else it is the last word.
	start := len(words) - 1
	for i := 1; i < len(words)-1; i++ {
		if isParticle(words[i]) {
			start = i
			break
		}
	}
	return withParticle(Name{Given: strings.Join(words[:start], " "), Family: strings.Join(words[start:], " ")})
}

// NameFromFields builds a name from a map of CSL-JSON name fields:
// family, given, literal, dropping-particle, non-dropping-particle and
// suffix. It reports false when the map holds none of them.
func NameFromFields(m map[string]string) (Name, bool) {
	get := func(k string) string { return strings.Join(strings.Fields(m[k]), " ") }
	if l := get("literal"); l != "" {
		return Name{Family: l, Literal: l}, true
	}
	family, given := get("family"), get("given")
	dropping, nonDropping := get("dropping-particle"), get("non-dropping-particle")
	if family == "" && given == "" {
		return Name{}, false
	}
	if family == "" {
		return Name{Family: given, Literal: given}, true
	}
	n := Name{Given: given, Family: family}
	switch {
	case dropping != "":
		n.Particle, n.DroppingParticle = dropping, true
	case nonDropping != "":
		n.Particle = nonDropping
	}
	if n.Particle != "" {
		n.Family = joinParticle(n.Particle, family)
	} else {
		n = withParticle(n)
	}
	if sfx := get("suffix"); sfx != "" {
		n.Family += ", " + sfx
	}
	return n, true
}

// joinParticle puts particle before family, with a space unless the
// particle ends in an apostrophe or hyphen ("d’Alembert", "al-Ghazali").
func joinParticle(particle, family string) string {
	if strings.HasSuffix(particle, "’") || strings.HasSuffix(particle, "'") || strings.HasSuffix(particle, "-") {
		return particle + family
	}
	return particle + " " + family
}

// withParticle sets Particle and DroppingParticle from the words Family
// opens with.
func withParticle(n Name) Name {
	words := strings.Fields(n.Family)
	i := 0
	for i < len(words)-1 && isParticle(words[i]) {
		i++
	}
	switch {
	case i > 0:
		n.Particle = strings.Join(words[:i], " ")
	case len(words) > 0:
		// Particles joined to the name: d’Alembert, al-Ghazali.
		w := words[0]
		for _, p := range []string{"d’", "d'", "al-", "el-"} {
			if strings.HasPrefix(w, p) && len(w) > len(p) {
				n.Particle = p
				break
			}
		}
	}
	if n.Particle != "" {
		first := strings.Fields(n.Particle)[0]
		switch first {
		case "de", "d’", "d'", "du", "des", "von", "zu", "da", "di", "del", "della", "do", "dos", "das":
			n.DroppingParticle = true
		}
	}
	return n
}

// FamilyCore returns the family name without its particle: "Gogh" for
// "van Gogh".
func (n Name) FamilyCore() string {
	if n.Particle == "" || !strings.HasPrefix(n.Family, n.Particle) {
		return n.Family
	}
	return strings.TrimSpace(n.Family[len(n.Particle):])
}

func isParticle(w string) bool {
	switch w {
	case "de", "da", "di", "del", "della", "der", "den", "des", "du", "do", "dos", "das", "la", "le", "van", "von", "zu", "ten", "ter", "al", "el", "bin", "ibn", "ben", "bint":
		return true
	}
	return false
}

func isSuffix(s string) bool {
	switch strings.TrimSuffix(strings.ToLower(s), ".") {
	case "jr", "sr", "ii", "iii", "iv":
		return true
	}
	return false
}

// Scripts a name can be written in, as far as its order is concerned.
const (
	scriptLatin = iota // Latin, Greek, Cyrillic and others written given first
	scriptCJK          // family first, no comma, no space
	scriptOther        // not inverted unless written "Family, Given"
)

// nameScript returns the script class of the first letter of s that
// decides one.
func nameScript(s string) int {
	for _, r := range s {
		switch {
		case !unicode.IsLetter(r):
		case unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul):
			return scriptCJK
		case unicode.In(r, unicode.Latin, unicode.Greek, unicode.Cyrillic):
			return scriptLatin
		default:
			return scriptOther
		}
	}
	return scriptLatin
}

// IsCJK reports whether n is written in a CJK script: family first, with
// no space between family and given name.
func (n Name) IsCJK() bool { return nameScript(n.Family+n.Given) == scriptCJK && n.Literal == "" }

// IsZero reports whether n is empty.
func (n Name) IsZero() bool { return n.Given == "" && n.Family == "" }

// String returns the name in reading order: "Given Family", or "FamilyGiven"
// for a CJK name.
func (n Name) String() string {
	switch {
	case n.Given == "":
		return n.Family
	case n.IsCJK():
		return n.Family + n.Given
	}
	return n.Given + " " + n.Family
}

// Inverted returns the name family first: "Family, Given"; a CJK name as
// in String.
func (n Name) Inverted() string {
	switch {
	case n.Given == "":
		return n.Family
	case n.IsCJK():
		return n.Family + n.Given
	}
	return n.Family + ", " + n.Given
}

// Initials returns the given names as initials: "Henry David" → "H. D.",
// "Jean-Paul" → "J.-P.".
func (n Name) Initials() string {
	var out []string
	// "W.B." is two initials: split after each full stop.
	given := strings.ReplaceAll(n.Given, ".", ". ")
	for _, w := range strings.Fields(given) {
		var parts []string
		for _, p := range strings.Split(w, "-") {
			p = strings.TrimSuffix(p, ".")
			if p == "" {
				continue
			}
			r, _ := utf8.DecodeRuneInString(p)
			if len(parts) == 0 && unicode.IsLower(r) && strings.Contains(w, "-") {
				// A lower-case particle in a hyphenated name stays
				// whole: "Jalal al-Din" → "J. al-D.".
				parts = append(parts, p)
				continue
			}
			parts = append(parts, string(r)+".")
		}
		if len(parts) > 0 {
			out = append(out, strings.Join(parts, "-"))
		}
	}
	return strings.Join(out, " ")
}
