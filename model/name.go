package model

import "strings"

// ParseName splits a name written as "Given Family" or "Family, Given".
// Particles written in lower case before the family name ("de", "van",
// "von", "al-") stay with the family name; a one-word name becomes a
// Family-only name.
func ParseName(s string) Name {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return Name{}
	}
	if fam, given, ok := strings.Cut(s, ","); ok {
		given = strings.TrimSpace(given)
		fam = strings.TrimSpace(fam)
		// "Jr." and similar suffixes are not given names: they stay with
		// the family name ("Martin Luther King, Jr.").
		if given != "" && isSuffix(given) {
			n := ParseName(fam)
			n.Family += ", " + given
			return n
		}
		if given != "" {
			return Name{Given: given, Family: fam}
		}
	}
	words := strings.Fields(s)
	if len(words) == 1 {
		return Name{Family: s}
	}
	// The family name starts at the first lower-case particle that is
	// followed by more words, else it is the last word.
	start := len(words) - 1
	for i := 1; i < len(words)-1; i++ {
		if isParticle(words[i]) {
			start = i
			break
		}
	}
	return Name{Given: strings.Join(words[:start], " "), Family: strings.Join(words[start:], " ")}
}

func isParticle(w string) bool {
	switch w {
	case "de", "da", "di", "del", "della", "der", "des", "du", "la", "le", "van", "von", "ten", "ter", "al", "el", "bin", "ibn":
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

// IsZero reports whether n is empty.
func (n Name) IsZero() bool { return n.Given == "" && n.Family == "" }

// String returns the name in reading order: "Given Family".
func (n Name) String() string {
	if n.Given == "" {
		return n.Family
	}
	return n.Given + " " + n.Family
}

// Inverted returns the name family first: "Family, Given".
func (n Name) Inverted() string {
	if n.Given == "" {
		return n.Family
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
			r := []rune(strings.TrimSuffix(p, "."))
			if len(r) == 0 {
				continue
			}
			parts = append(parts, string(r[0])+".")
		}
		if len(parts) > 0 {
			out = append(out, strings.Join(parts, "-"))
		}
	}
	return strings.Join(out, " ")
}
