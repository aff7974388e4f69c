package epub

import (
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render/books"
)

// Names and titles in another language than the book's are marked with
// their language wherever the book prints them — the byline, the index of
// authors, the citations and the list of sources — so that a screen
// reader reads "Пушкин" or "Essais" in the right voice. The model knows
// the language of an entry (its lang, else its quotes' script); an
// entry's authors and titles are taken to be in it.

// foreign is the language of an entry's names and titles when it is not
// the book's, with the strings to mark: its title, its publication and
// its authors' and editors' names, longest first.
type foreign struct {
	attrs   string // ` lang="…" xml:lang="…"` and dir
	dir     string // the dir in attrs, "" when it is the book's
	strings []string
}

// entryLang returns the language of an entry's names and titles: its
// lang, else the language all its quotes share (found from their
// script), else "".
func entryLang(e *model.Entry) string {
	if l := books.Lang(e.Lang); l != "" || e.Lang != "" {
		return l
	}
	lang := ""
	for _, q := range e.Quotes {
		l := books.Lang(q.Lang)
		if l == "" || lang != "" && l != lang {
			return ""
		}
		lang = l
	}
	return lang
}

// foreignOf returns what to mark in the entry's citations, or nil when
// its language is the book's or unknown.
func (bk *book) foreignOf(e *model.Entry) *foreign {
	lang := entryLang(e)
	if lang == "" || sameLang(lang, bk.lang) {
		return nil
	}
	var b strings.Builder
	dir := bk.langDir(&b, lang, "")
	f := &foreign{attrs: b.String(), dir: dir}
	// Only what is written in the language's script is taken to be in
	// it: "Анна Каренина" is Russian, but "Homer" and the English editors
	// of a Greek text are not Greek, nor is a Greek name in a French
	// entry French.
	add := func(s string) {
		if s = strings.TrimSpace(s); utf8.RuneCountInString(s) >= 2 && inScriptOf(lang, s) {
			f.strings = append(f.strings, s)
		}
	}
	add(e.Title)
	add(e.Publication)
	for _, ns := range [][]model.Name{e.Authors, e.Editors} {
		for _, n := range ns {
			add(n.Literal)
			add(n.Family)
			add(n.Given)
			add(n.String())
			add(n.Inverted())
		}
	}
	sort.SliceStable(f.strings, func(i, j int) bool { return len(f.strings[i]) > len(f.strings[j]) })
	return f
}

// sameLang reports whether two canonical tags name the same language for
// a reader's voice: the same primary language and script ("en-GB" and
// "en" do, "zh-Hant" and "zh-Hans" do not).
func sameLang(a, b string) bool {
	if strings.EqualFold(a, b) {
		return true
	}
	pa, _, _ := strings.Cut(a, "-")
	pb, _, _ := strings.Cut(b, "-")
	return strings.EqualFold(pa, pb) && !strings.Contains(a+b, "Han")
}

// next returns the first of f's strings in s at or after byte i: its
// start and end, or -1.
func (f *foreign) next(s string, i int) (int, int) {
	best, end := -1, -1
	for _, w := range f.strings {
		if k := strings.Index(s[i:], w); k >= 0 && (best < 0 || i+k < best) {
			best, end = i+k, i+k+len(w)
		}
	}
	return best, end
}

// byline writes the entry's byline: its authors joined in the book's
// words, each name marked with the entry's language when foreign. When
// every name is, and that language runs the other way than the book's,
// the paragraph runs that way too (as the PDF sets it, and as the
// heading is): المتنبي stands at the right under ديوان المتنبي.
func (bk *book) byline(b *strings.Builder, e *model.Entry, f *foreign) {
	var names []string
	all := f != nil && f.dir != ""
	for _, n := range e.Authors {
		if s := strings.TrimSpace(n.String()); s != "" {
			var nb strings.Builder
			mark := f != nil && slices.Contains(f.strings, s)
			all = all && mark
			if mark {
				nb.WriteString("<span" + f.attrs + ">")
			}
			esc(&nb, s)
			if mark {
				nb.WriteString("</span>")
			}
			names = append(names, nb.String())
		}
	}
	b.WriteString(`<p class="byline"`)
	if all {
		b.WriteString(` dir="` + f.dir + `"`)
	}
	b.WriteString(">")
	l := bk.s.Labels
	l.And, l.Comma = escString(l.And), escString(l.Comma)
	b.WriteString(l.List(names))
	b.WriteString("</p>\n")
}

// indexLang returns the lang and dir attributes of a name in the index:
// the language of all the author's entries (acc) when they share one
// that is not the book's and the name is written in its script.
func (bk *book) indexLang(name string, acc langAcc) string {
	lang := acc.lang
	if acc.none || lang == "" || sameLang(lang, bk.lang) || !inScriptOf(lang, name) {
		return ""
	}
	var b strings.Builder
	bk.langDir(&b, lang, "")
	return b.String()
}

// inScriptOf reports whether s is written in the script of lang: in Latin
// letters only for a language written in them, with letters of another
// script for one that is not.
func inScriptOf(lang, s string) bool {
	latin := true
	if t, err := language.Parse(lang); err == nil {
		sc, _ := t.Script()
		latin = sc.String() == "Latn"
	}
	return latin == (strings.IndexFunc(s, nonLatin) < 0)
}

// nonLatin reports a letter of a script other than Latin.
func nonLatin(r rune) bool { return unicode.IsLetter(r) && !unicode.Is(unicode.Latin, r) }
