package books

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/commonplace-book/commonplace/model"
)

// IndexEntry is one author of the author index.
type IndexEntry struct {
	// Name is the author as the entries give it.
	Name model.Name
	// Display is the name as the index shows it, family name first and
	// the particles the index sorts past after the given name:
	// "Beauvoir, Simone de", "Ghazali, Abu Hamid al-", "Ghazali, al-".
	Display string
	// Letter is the letter the name is filed under, upper case and
	// without diacritics ("E" for "Éluard"): the index leaves a gap
	// where it changes.
	Letter string
	// Entries are the entries by this author, in collection order.
	Entries []*model.Entry

	// key is what the name is sorted by: the filing name, then the
	// given name, then the particle.
	key [3]string
}

// AuthorIndex returns the authors of c for the index of a book cited in
// style, sorted with the collation of the collection's language
// (golang.org/x/text/collate): by the filing name, then the given name.
// The filing name leaves out what indexes sort past: an Arabic article
// ("al-Ghazali" files under G, as does a literal "الغزالي" under غ), a
// particle that citeproc drops ("Simone de Beauvoir" under B), and in
// the Chicago styles, which demote every particle
// (demote-non-dropping-particle), the others too ("Vincent van Gogh"
// under G; under V in MLA and APA). Entries without an author are listed
// under the Anonymous label.
func AuthorIndex(c *model.Collection, style string) []IndexEntry {
	refs := c.AuthorIndex()
	out := make([]IndexEntry, 0, len(refs))
	for _, r := range refs {
		e := IndexName(r.Name, style)
		if strings.TrimSpace(e.Display) == "" {
			continue
		}
		e.Entries = r.Entries
		out = append(out, e)
	}
	slices.SortStableFunc(out, IndexOrder(c.Settings.Defaults().Language))
	return out
}

// IndexName returns how the index of a book cited in style shows and
// files the author n (AuthorIndex without the entries). A name whose
// Display is blank is left out of the index.
func IndexName(n model.Name, style string) IndexEntry {
	return indexEntry(n, SourceStyle(style) == "chicago-bib")
}

// IndexOrder returns the order of AuthorIndex for a collection in
// lang: a comparison for slices.SortStableFunc of IndexEntry values
// in the order of model.Collection.AuthorIndex. It is not safe for
// concurrent use.
func IndexOrder(lang string) func(a, b IndexEntry) int {
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.Und
	}
	// A collator is not safe for concurrent use: one per call.
	col := collate.New(tag, collate.Numeric)
	return func(a, b IndexEntry) int {
		for k := range a.key {
			if d := col.CompareString(a.key[k], b.key[k]); d != 0 {
				return d
			}
		}
		return strings.Compare(a.Display, b.Display)
	}
}

// indexEntry works out how name is shown and filed.
func indexEntry(n model.Name, demote bool) IndexEntry {
	e := IndexEntry{Name: n}
	if n.Particle == "" && n.Literal == "" {
		// a one-word name keeps its article: "al-Ghazali"
		for _, p := range []string{"al-", "el-", "Al-", "El-"} {
			if len(n.Family) > len(p)+1 && strings.HasPrefix(n.Family, p) {
				n.Particle = strings.ToLower(p)
				n.Family = n.Particle + n.Family[len(p):]
				break
			}
		}
	}
	family, given, particle := n.Family, n.Given, ""
	switch {
	case n.Literal != "" || n.IsCJK():
		e.Display = n.Inverted()
		family = stripArabicArticle(n.Inverted())
		given = ""
	case n.Particle != "" && (n.DroppingParticle || demote || arabicArticle(n.Particle)):
		particle = n.Particle
		family = n.FamilyCore()
		switch {
		case given != "":
			e.Display = family + ", " + given + " " + particle
		default:
			e.Display = family + ", " + particle
		}
	default:
		e.Display = n.Inverted()
	}
	e.key = [3]string{family, given, particle}
	e.Letter = letter(family)
	return e
}

// arabicArticle reports whether a particle is the Arabic article as
// transliterated ("al-", "el-", "al", "el"), which indexes sort past.
func arabicArticle(p string) bool {
	switch strings.ToLower(p) {
	case "al-", "el-", "al", "el", "al‑", "el‑":
		return true
	}
	return false
}

// stripArabicArticle leaves out the article ال that opens a name written
// in Arabic script, when a name of two letters or more follows it.
func stripArabicArticle(s string) string {
	rest, ok := strings.CutPrefix(s, "ال")
	if !ok {
		return s
	}
	letters := 0
	for _, r := range rest {
		if r == ' ' {
			break
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < 2 {
		return s
	}
	return rest
}

// letter returns the letter s is filed under: its first letter, upper
// case, without diacritics; "" when s has no letter.
func letter(s string) string {
	for _, r := range norm.NFD.String(s) {
		if unicode.IsLetter(r) {
			return string(unicode.ToUpper(r))
		}
	}
	return ""
}
