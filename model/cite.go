package model

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Styles lists the citation styles Cite knows, in the order shown to users.
var Styles = []string{"chicago", "chicago-bib", "mla", "apa", "short"}

// Cite builds the citation of e in style as rich text: titles are italic
// runs where the style italicises them, the link is a run with Link set.
// An unknown style is an error that lists the known ones.
//
// The styles chicago (Chicago 17 full note), chicago-bib (Chicago 17
// bibliography entry), mla (MLA 9) and apa (APA 7) follow what citeproc
// produces with the official CSL styles chicago-fullnote-bibliography,
// modern-language-association and apa, each entry cited on its own; the few
// places where Cite deliberately differs are listed in testdata/cite. The
// short style is Commonplace's own: authors, title, publication and date.
//
// Titles keep the collector's capitalisation (citeproc would title-case
// them for Chicago and MLA). Straight quotes, "--", "---" and "..." in the
// front matter become typographic characters, and a title set in quotes has
// its own quotes turned into single ones.
func Cite(e *Entry, style string) ([]Run, error) {
	return cite(newCiteSource(e), style)
}

// cite builds the citation of s in style.
func cite(s *citeSource, style string) ([]Run, error) {
	var r citeText
	switch style {
	case "chicago":
		r = citeChicagoNote(s.titleCased())
	case "chicago-bib":
		r = citeChicagoBib(s.titleCased())
	case "mla":
		r = citeMLA(s.titleCased())
	case "apa":
		r = citeAPA(s)
	case "short":
		r = citeShort(s)
	default:
		return nil, fmt.Errorf("cite: unknown style %q (known: %s)", style, strings.Join(Styles, ", "))
	}
	return []Run(r), nil
}

// CitePlain returns the citation of e in style as plain text: Plain of the
// runs Cite returns.
func CitePlain(e *Entry, style string) (string, error) {
	runs, err := Cite(e, style)
	if err != nil {
		return "", err
	}
	return Plain(runs), nil
}

// CSL item types an entry is cited as.
const (
	cslArticle  = "article-magazine"
	cslBook     = "book"
	cslChapter  = "chapter"
	cslLetter   = "personal_communication"
	cslSpeech   = "speech"
	cslWebpage  = "webpage"
	cslDocument = "document"
)

// cslTypeWords maps the words the front matter's type may hold, CSL type
// names and plain words alike, to CSL item types. Words not listed (poem,
// essay, story…) take the type the entry's fields suggest.
var cslTypeWords = map[string]string{
	"article": cslArticle, "article-magazine": cslArticle, "magazine": cslArticle,
	"article-newspaper": "article-newspaper", "newspaper": "article-newspaper",
	"article-journal": "article-journal", "journal": "article-journal", "paper": "article-journal",
	"review": "review", "review-book": "review-book", "interview": "interview",
	"book": cslBook, "novel": cslBook, "chapter": cslChapter,
	"webpage": cslWebpage, "web page": cslWebpage, "web": cslWebpage, "website": cslWebpage,
	"post-weblog": "post-weblog", "blog": "post-weblog", "blog post": "post-weblog", "post": "post",
	"speech": cslSpeech, "lecture": cslSpeech, "talk": cslSpeech, "address": cslSpeech,
	"letter": cslLetter, "personal_communication": cslLetter, "email": cslLetter,
	"manuscript": "manuscript", "report": "report", "thesis": "thesis", "dissertation": "thesis",
	"song": "song", "motion_picture": "motion_picture", "film": "motion_picture", "movie": "motion_picture",
	"broadcast": "broadcast", "document": cslDocument, "pamphlet": "pamphlet",
	"entry-encyclopedia": "entry-encyclopedia", "entry-dictionary": "entry-dictionary",
	"paper-conference": "paper-conference", "classic": "classic",
}

// citeType returns the CSL item type e is cited as; it is also how an
// entry becomes a CSL item when the styles are checked against citeproc
// (cslItem).
//
// A type word from cslTypeWords gives its CSL type, except that a book or
// chapter with a Publication is a chapter, one without is a book, and an
// article (of any kind) without a Publication takes the type the fields
// suggest. Any other word, or none, takes the type the fields suggest:
//
//   - Publication and Publisher (or Place, or Editors, or an ISBN) →
//     chapter, a part of a book ("In …").
//   - Publication and a DOI → article-journal.
//   - Publication alone → article-magazine, an article in a periodical or
//     site.
//   - Publisher (or Place, or an ISBN) alone → book.
//   - A Link alone → webpage.
//   - None of these → document, its title in quotes.
//
// A letter is cited as personal_communication (Chicago and MLA treat it
// like a letter; APA gives the full date); a speech as speech, with genre
// "speech", Publication the event, Place the event place, Date both the
// issued and the event date.
func citeType(e *Entry) string {
	kind := strings.ToLower(strings.Join(strings.Fields(e.Type), " "))
	csl, known := cslTypeWords[kind]
	if !known {
		csl, known = cslTypeWords[strings.ReplaceAll(kind, " ", "-")]
	}
	hasPub := strings.TrimSpace(e.Publication) != ""
	switch {
	case !known:
		return citeStructuralType(e)
	case csl == cslBook || csl == cslChapter:
		if hasPub {
			return cslChapter
		}
		return cslBook
	case strings.HasPrefix(csl, "article") && !hasPub:
		return citeStructuralType(e)
	}
	return csl
}

// citeStructuralType is the CSL type e's fields suggest. An ISBN (an
// unknown field kept in Extra) says a book as a publisher does; a DOI
// makes an article with nothing of a book's a journal article (a volume
// and an issue do not: magazines have them too).
func citeStructuralType(e *Entry) string {
	hasPub := strings.TrimSpace(e.Publication) != ""
	book := strings.TrimSpace(e.Publisher) != "" || strings.TrimSpace(e.Place) != "" || hasExtra(e, "isbn")
	switch {
	case hasPub && (book || len(e.Editors) > 0):
		return cslChapter
	case hasPub && strings.TrimSpace(e.DOI) != "":
		return "article-journal"
	case hasPub:
		return cslArticle
	case book:
		return cslBook
	case strings.TrimSpace(e.Link) != "":
		return cslWebpage
	}
	return cslDocument
}

// hasExtra reports whether e has the unknown field key (any case) with a
// value that is not empty.
func hasExtra(e *Entry, key string) bool {
	for k, v := range e.Extra {
		if strings.EqualFold(k, key) && v != nil && strings.TrimSpace(fmt.Sprint(v)) != "" {
			return true
		}
	}
	return false
}

// inferredTypeWord is the plain word for the type e's fields suggest:
// chapter, article, journal, book, webpage or document.
func inferredTypeWord(e *Entry) string {
	switch citeStructuralType(e) {
	case cslChapter:
		return "chapter"
	case "article-journal":
		return "journal"
	case cslArticle:
		return "article"
	case cslBook:
		return "book"
	case cslWebpage:
		return "webpage"
	}
	return "document"
}

// citeFamily is the layout a CSL type is cited with: one of the types
// the styles here spell out.
func citeFamily(csl string) string {
	switch csl {
	case cslArticle, "article-newspaper", "article-journal", "review", "review-book", "interview", "entry-encyclopedia", "entry-dictionary":
		return cslArticle
	case "post-weblog", "post":
		return cslWebpage
	case cslChapter, "paper-conference":
		return cslChapter
	case cslBook, cslLetter, cslSpeech, cslWebpage, cslDocument:
		return csl
	}
	return cslBook
}

// citeSource is an entry's fields as the styles read them: typographic
// characters in place, the Publication split into container or event.
type citeSource struct {
	typ                           string // the layout: citeFamily of csl
	csl                           string // the CSL type
	authors, editors, translators []Name
	title                         string
	container                     string // CSL container-title
	event, eventPlace             string // speeches only
	publisher, place              string
	url                           string
	date, accessed                Date
	pages                         string
	volume, issue                 string
	// locator is the page of the one passage cited (CiteQuote), which
	// a Chicago note gives as citeproc gives a locator.
	locator string
	english bool // titles take English title case
}

// citeURL is the link a citation ends with: the DOI's, as citeproc gives
// it, else the entry's link.
func citeURL(e *Entry) string {
	if doi := strings.TrimSpace(e.DOI); doi != "" {
		return "https://doi.org/" + doi
	}
	return strings.TrimSpace(e.Link)
}

func newCiteSource(e *Entry) *citeSource {
	csl := citeType(e)
	s := &citeSource{
		typ:         citeFamily(csl),
		csl:         csl,
		authors:     citeTypoNames(e.Authors),
		editors:     citeTypoNames(e.Editors),
		translators: citeTypoNames(e.Translators),
		title:       citeTypo(e.Title),
		publisher:   citeTypo(e.Publisher),
		url:         citeURL(e),
		date:        citeDate(e.Date),
		accessed:    citeDate(e.Accessed),
		pages:       citeTypo(e.Pages),
		volume:      citeTypo(e.Volume),
		issue:       citeTypo(e.Issue),
		english:     citeEnglish(e.Lang),
	}
	if s.typ == cslSpeech {
		s.event, s.eventPlace = citeTypo(e.Publication), citeTypo(e.Place)
	} else {
		s.container, s.place = citeTypo(e.Publication), citeTypo(e.Place)
	}
	return s
}

// citeDate is d with the parts it cannot show dropped: no date without a
// year, no month outside 1–12, no day outside 1–31.
func citeDate(d Date) Date {
	switch {
	case d.Year == 0:
		return Date{}
	case d.Month < 1 || d.Month > 12:
		return Date{Year: d.Year}
	case d.Day < 0 || d.Day > 31:
		return Date{Year: d.Year, Month: d.Month}
	}
	return d
}

// titleCased returns a copy of s with its title and container in English
// title case, when the entry is in English; Chicago and MLA use it.
func (s *citeSource) titleCased() *citeSource {
	if !s.english {
		return s
	}
	c := *s
	c.title = citeTitleCase(c.title)
	c.container = citeTitleCase(c.container)
	return &c
}

func (s *citeSource) is(types ...string) bool {
	for _, t := range types {
		if s.typ == t {
			return true
		}
	}
	return false
}

var (
	citeInnerQuotes = strings.NewReplacer("“", "‘", "”", "’")
	citeDashes      = strings.NewReplacer("---", "—", "--", "–", "...", "…")
)

// quotedTitle is the title in double quotes, its own double quotes made
// single.
func (s *citeSource) quotedTitle() citeText {
	if s.title == "" {
		return nil
	}
	t := citeInnerQuotes.Replace(s.title)
	return citeRoman("“" + t + "”")
}

// ---- Chicago ----

// citeChicagoNote follows the first-note layout of chicago-fullnote-bibliography.
func citeChicagoNote(s *citeSource) citeText {
	edUsed, trUsed := false, false
	var contrib citeText
	switch {
	case len(s.authors) > 0:
		contrib = citeRoman(chicagoNames(s.authors, 4, 1))
	case len(s.editors) > 0:
		contrib = citeRoman(chicagoNames(s.editors, 4, 1) + ", " + citePlural(s.editors, "ed.", "eds."))
		edUsed = true
	case len(s.translators) > 0:
		contrib = citeRoman(chicagoNames(s.translators, 4, 1) + ", trans.")
		trUsed = true
	}
	var title citeText
	switch {
	case s.title == "" && s.is(cslSpeech):
		title = citeRoman("speech")
	case s.is(cslBook):
		title = citeItalic(s.title)
	default:
		title = s.quotedTitle()
	}
	edtr := chicagoEdTrNote(s, edUsed, trUsed)
	var secondary, containerEdTr citeText
	if s.is(cslChapter) {
		containerEdTr = edtr
	} else {
		secondary = edtr
	}
	container := chicagoVolume(s, chicagoContainer(s, "in"))
	r := citeJoin(", ", citeJoin(", ", contrib, title), secondary, container, containerEdTr)
	hasPublisher := s.place != "" || s.publisher != "" || s.eventPlace != ""
	pagesAfter := ", "
	switch {
	case s.is(cslSpeech):
		r = citeJoin(" ", r, citeWrap("(", citeJoin(", ", citeRoman("speech"), citeRoman(s.event), citeRoman(s.eventPlace), citeRoman(s.publisher), chicagoIssued(s)), ")"))
	case chicagoJournal(s):
		r = citeJoin(" ", r, citeWrap("(", chicagoIssued(s), ")"))
		pagesAfter = ": "
	case hasPublisher:
		r = citeJoin(" ", r, citeWrap("(", citeJoin(", ", citeJoin(": ", citeRoman(s.place), citeRoman(s.publisher)), chicagoIssued(s)), ")"))
	default:
		r = citeJoin(", ", r, chicagoIssued(s))
	}
	// A locator (the cited passage's page) comes after the publication
	// details, before the access date and link; with no locator citeproc
	// gives the pages of a part of a book or a journal article, not those
	// of a magazine article or a book.
	if s.locator != "" {
		r = citeJoin(pagesAfter, r, citeRoman(citePages(s.locator, chicagoRange)))
	} else if s.is(cslChapter) || s.csl == "article-journal" {
		r = citeJoin(pagesAfter, r, citeRoman(citePages(s.pages, chicagoRange)))
	}
	var accessed citeText
	if s.date.IsZero() && !s.accessed.IsZero() {
		accessed = citeJoin(" ", citeRoman("accessed"), citeRoman(chicagoDate(s.accessed)))
	}
	return citeCat(citeJoin(", ", r, accessed, citeLink(s.url)), citeRoman("."))
}

// citeChicagoBib follows the bibliography layout of chicago-fullnote-bibliography.
func citeChicagoBib(s *citeSource) citeText {
	edUsed, trUsed := false, false
	var contrib citeText
	switch {
	case len(s.authors) > 0:
		contrib = citeRoman(chicagoSortNames(s.authors))
	case len(s.editors) > 0:
		contrib = citeRoman(chicagoSortNames(s.editors) + ", " + citePlural(s.editors, "ed.", "eds."))
		edUsed = true
	case len(s.translators) > 0:
		contrib = citeRoman(chicagoSortNames(s.translators) + ", trans.")
		trUsed = true
	}
	var title citeText
	switch {
	case s.title == "" && s.is(cslSpeech):
		title = citeRoman("Speech")
	case s.is(cslBook):
		title = citeItalic(s.title)
	default:
		title = s.quotedTitle()
	}
	r := citeJoin(". ", contrib, title)
	var secondary, container citeText
	if !s.is(cslChapter) {
		secondary = chicagoEdTrBib(s, edUsed, trUsed, true)
	}
	// citeproc puts the magazine of an article with no author in the
	// author's place ("The Economist. “Title,” May 2, 2019."); the
	// issue this follows asks for the title first, as in the other
	// styles, so Cite leaves the container where it is.
	container = chicagoVolume(s, chicagoContainer(s, "In"))
	if s.is(cslChapter) && len(s.authors) > 0 {
		container = citeJoin(", ", container, chicagoEdTrBib(s, edUsed, trUsed, false))
	}
	r = citeJoin(". ", r, secondary, container)
	if s.is(cslChapter) {
		r = citeJoin(", ", r, citeRoman(citePages(s.pages, chicagoRange)))
	}
	switch {
	case s.is(cslSpeech):
		var genre citeText
		if s.title != "" {
			genre = citeRoman("Speech")
		}
		presented := "presented at the"
		if genre == nil {
			presented = "Presented at the"
		}
		var event citeText
		if s.event != "" {
			event = citeRoman(presented + " " + s.event)
		}
		r = citeJoin(". ", r, citeJoin(", ", citeJoin(" ", genre, event), citeRoman(s.eventPlace), chicagoIssued(s)))
	case chicagoJournal(s):
		r = citeJoin(" ", r, citeWrap("(", chicagoIssued(s), ")"))
	case s.place != "" || s.publisher != "":
		r = citeJoin(". ", r, citeJoin(", ", citeJoin(": ", citeRoman(s.place), citeRoman(s.publisher)), chicagoIssued(s)))
	default:
		r = citeJoin(", ", r, chicagoIssued(s))
	}
	if s.csl == "article-journal" {
		after := ", "
		if chicagoJournal(s) {
			after = ": "
		}
		r = citeJoin(after, r, citeRoman(citePages(s.pages, chicagoRange)))
	}
	var accessed citeText
	if s.date.IsZero() && !s.accessed.IsZero() {
		accessed = citeJoin(" ", citeRoman("Accessed"), citeRoman(chicagoDate(s.accessed)))
	}
	return citeCat(citeJoin(". ", r, accessed, citeLink(s.url)), citeRoman("."))
}

// chicagoContainer is the container title: websites in roman, others in
// italics, chapters after the word in ("in" or "In").
func chicagoContainer(s *citeSource, in string) citeText {
	switch {
	case s.container == "":
		return nil
	case s.csl == "post-weblog":
		return citeCat(citeItalic(s.container), citeRoman(" (blog)"))
	case s.is(cslWebpage):
		return citeRoman(s.container)
	case s.is(cslChapter):
		return citeJoin(" ", citeRoman(in), citeItalic(s.container))
	}
	return citeItalic(s.container)
}

// chicagoJournal reports whether s is a journal article with a volume or
// an issue, which Chicago gives after the journal, the date in
// parentheses and the pages after a colon: “Title,” *Mind* 59, no. 236
// (October 1950): 433–60.
func chicagoJournal(s *citeSource) bool {
	return s.csl == "article-journal" && (s.volume != "" || s.issue != "")
}

// chicagoVolume is container followed by a journal article's volume and
// issue (*Mind* 59, no. 236); container alone for other sources.
func chicagoVolume(s *citeSource, container citeText) citeText {
	if !chicagoJournal(s) || container == nil {
		return container
	}
	var issue citeText
	if s.issue != "" {
		issue = citeRoman("no. " + s.issue)
	}
	return citeJoin(", ", citeJoin(" ", container, citeRoman(s.volume)), issue)
}

// chicagoIssued is the date: the year for books and chapters, else the
// date in full; "n.d." when there is none, unless the source is a link
// with an access date.
func chicagoIssued(s *citeSource) citeText {
	switch {
	case !s.date.IsZero() && s.is(cslBook, cslChapter):
		return citeRoman(strconv.Itoa(s.date.Year))
	case !s.date.IsZero():
		return citeRoman(chicagoDate(s.date))
	case !s.accessed.IsZero() && s.url != "":
		return nil
	}
	return citeRoman("n.d.")
}

// chicagoEdTrNote is "ed. A, trans. B" or "ed. and trans. A".
func chicagoEdTrNote(s *citeSource, edUsed, trUsed bool) citeText {
	ed, tr := s.editors, s.translators
	if edUsed {
		ed = nil
	}
	if trUsed {
		tr = nil
	}
	if len(ed) > 0 && citeSameNames(ed, tr) {
		return citeRoman("ed. and trans. " + chicagoNames(ed, 4, 1))
	}
	var a, b citeText
	if len(ed) > 0 {
		a = citeRoman("ed. " + chicagoNames(ed, 4, 1))
	}
	if len(tr) > 0 {
		b = citeRoman("trans. " + chicagoNames(tr, 4, 1))
	}
	return citeJoin(", ", a, b)
}

// chicagoEdTrBib is "Edited by A. Translated by B" (sentences, for books)
// or "edited by A, translated by B" (for chapters).
func chicagoEdTrBib(s *citeSource, edUsed, trUsed, sentences bool) citeText {
	ed, tr := s.editors, s.translators
	if edUsed {
		ed = nil
	}
	if trUsed {
		tr = nil
	}
	verb := func(v string) string {
		if sentences {
			return citeUpperFirst(v)
		}
		return v
	}
	if len(ed) > 0 && citeSameNames(ed, tr) {
		return citeRoman(verb("edited and translated by ") + chicagoNames(ed, 11, 7))
	}
	var a, b citeText
	if len(ed) > 0 {
		a = citeRoman(verb("edited by ") + chicagoNames(ed, 11, 7))
	}
	if len(tr) > 0 {
		b = citeRoman(verb("translated by ") + chicagoNames(tr, 11, 7))
	}
	if sentences {
		return citeJoin(". ", a, b)
	}
	return citeJoin(", ", a, b)
}

// chicagoNames lists names in reading order, "A, B, and C"; with etAlMin or
// more names only the first etAlFirst are shown, then "et al.".
func chicagoNames(names []Name, etAlMin, etAlFirst int) string {
	shown, etAl := citeTruncate(names, etAlMin, etAlFirst)
	parts := make([]string, len(shown))
	for i, n := range shown {
		parts[i] = n.String()
	}
	return citeNameList(parts, etAl, "and", false)
}

// chicagoSortNames lists names for a bibliography: the first inverted with
// its particle last ("Gogh, Vincent van"), the others in reading order,
// always a comma before "and"; et al. after seven of eleven or more.
func chicagoSortNames(names []Name) string {
	shown, etAl := citeTruncate(names, 11, 7)
	parts := make([]string, len(shown))
	for i, n := range shown {
		parts[i] = n.String()
	}
	parts[0] = citeSortName(shown[0], shown[0].Given, true)
	return citeNameList(parts, etAl, "and", true)
}

// citeSortName is n inverted for a bibliography, given written as the
// style wants it: "Family, Given". With demote set (Chicago) a particle
// goes after the given name ("Gogh, Vincent van"); otherwise only a
// dropping one does ("Montaigne, Michel de", "van Gogh, Vincent"). CJK
// names and names without a given name are written as they are.
func citeSortName(n Name, given string, demote bool) string {
	switch {
	case n.Given == "":
		return n.Family
	case n.IsCJK():
		return n.String()
	case n.Particle != "" && (demote || n.DroppingParticle):
		return n.FamilyCore() + ", " + given + " " + n.Particle
	}
	return n.Family + ", " + given
}

func chicagoDate(d Date) string {
	switch d.Precision() {
	case YearPrecision:
		return strconv.Itoa(d.Year)
	case MonthPrecision:
		return d.MonthName() + " " + strconv.Itoa(d.Year)
	case DayPrecision:
		return d.MonthName() + " " + strconv.Itoa(d.Day) + ", " + strconv.Itoa(d.Year)
	}
	return ""
}

// ---- MLA ----

// citeMLA follows the bibliography layout of modern-language-association.
func citeMLA(s *citeSource) citeText {
	edUsed, trUsed := false, false
	var title citeText
	if s.container != "" {
		title = s.quotedTitle()
	} else {
		title = citeItalic(s.title)
	}
	var author citeText
	switch {
	case len(s.authors) > 0:
		author = citeRoman(mlaSortNames(s.authors))
	case len(s.editors) > 0:
		author = citeRoman(mlaSortNames(s.editors) + ", " + citePlural(s.editors, "editor", "editors"))
		edUsed = true
	case len(s.translators) > 0:
		author = citeRoman(mlaSortNames(s.translators) + ", " + citePlural(s.translators, "translator", "translators"))
		trUsed = true
	default:
		// The title stands for the author.
		author, title = title, nil
	}

	// Other contributors: lower case after a container; before the
	// publisher of a book the first is capitalised. citeproc capitalises
	// every one ("Edited by A, Translated by B"); only the first is here.
	ed, tr := s.editors, s.translators
	if edUsed {
		ed = nil
	}
	if trUsed {
		tr = nil
	}
	var others []string
	if len(ed) > 0 && citeSameNames(ed, tr) {
		// citeproc's English term, ampersand and all.
		others = append(others, "edited & translated by "+mlaNames(ed))
	} else {
		if len(ed) > 0 {
			others = append(others, "edited by "+mlaNames(ed))
		}
		if len(tr) > 0 {
			others = append(others, "translated by "+mlaNames(tr))
		}
	}
	if len(others) > 0 && s.container == "" {
		others[0] = citeUpperFirst(others[0])
	}

	var publisher, date citeText
	if !s.is(cslArticle) {
		publisher = citeRoman(s.publisher)
	}
	switch {
	case s.is(cslBook, cslChapter):
		if !s.date.IsZero() {
			date = citeRoman(strconv.Itoa(s.date.Year))
		}
	case !s.is(cslSpeech):
		date = citeRoman(mlaDate(s.date))
	}
	var pages citeText
	if s.pages != "" {
		pages = citeRoman(citePageLabel(s.pages, "p.", "pp.") + " " + citePages(s.pages, minimalTwoRange))
	}
	var volume, issue citeText
	if s.is(cslArticle) {
		if s.volume != "" {
			volume = citeRoman("vol. " + s.volume)
		}
		if s.issue != "" {
			issue = citeRoman("no. " + s.issue)
		}
	}
	container1 := citeJoin(", ", citeItalic(s.container), citeRoman(strings.Join(others, ", ")), volume, issue, publisher, date, citeJoin(", ", pages, citeLink(s.url)))
	var container2 citeText
	if s.is(cslSpeech) {
		container2 = citeJoin(", ", citeRoman(s.event), citeRoman(mlaDate(s.date)), citeRoman(s.eventPlace))
	}
	var accessed citeText
	if s.date.IsZero() && !s.accessed.IsZero() {
		accessed = citeJoin(" ", citeRoman("Accessed"), citeRoman(mlaDate(s.accessed)))
	}
	return citeCat(citeJoin(". ", author, title, container1, container2, accessed), citeRoman("."))
}

// mlaSortNames is "Family, Given", "Family, Given, and Given Family" or
// "Family, Given, et al.", initials given full stops.
func mlaSortNames(names []Name) string {
	first := citeSortName(names[0], citeSpacedInitials(names[0].Given), false)
	switch len(names) {
	case 1:
		return first
	case 2:
		return first + ", and " + mlaName(names[1])
	}
	return first + ", et al."
}

// mlaNames is "A", "A and B" or "A et al." in reading order, as written.
func mlaNames(names []Name) string {
	shown, etAl := citeTruncate(names, 3, 1)
	parts := make([]string, len(shown))
	for i, n := range shown {
		parts[i] = n.String()
	}
	return citeNameList(parts, etAl, "and", false)
}

func mlaName(n Name) string {
	n.Given = citeSpacedInitials(n.Given)
	return n.String()
}

// citeSpacedInitials writes the initials in given names as citeproc does:
// with a full stop and a space, "W.B." and "W B" → "W. B.".
func citeSpacedInitials(given string) string {
	words := strings.Fields(given)
	for i, w := range words {
		letters := strings.Split(strings.TrimSuffix(w, "."), ".")
		initials := true
		for _, l := range letters {
			r, size := utf8.DecodeRuneInString(l)
			initials = initials && size == len(l) && unicode.IsUpper(r)
		}
		if initials {
			words[i] = strings.Join(letters, ". ") + "."
		}
	}
	return strings.Join(words, " ")
}

var mlaMonths = [...]string{"Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."}

func mlaDate(d Date) string {
	switch d.Precision() {
	case YearPrecision:
		return strconv.Itoa(d.Year)
	case MonthPrecision:
		return mlaMonths[d.Month-1] + " " + strconv.Itoa(d.Year)
	case DayPrecision:
		return strconv.Itoa(d.Day) + " " + mlaMonths[d.Month-1] + " " + strconv.Itoa(d.Year)
	}
	return ""
}

// ---- APA ----

// citeAPA follows the bibliography layout of apa.
func citeAPA(s *citeSource) citeText {
	var title citeText
	switch {
	case s.is(cslWebpage) && s.csl != "post-weblog":
		title = citeItalic(s.title)
	case s.container != "":
		title = citeRoman(s.title)
	default:
		title = citeItalic(s.title)
	}
	edUsed := false
	var author, descriptions citeText
	switch {
	case len(s.authors) > 0:
		author = citeRoman(apaSortNames(s.authors))
	case len(s.editors) > 0:
		author = citeRoman(apaSortNames(s.editors) + " (" + citePlural(s.editors, "Ed.", "Eds.") + ")")
		edUsed = true
	default:
		// The title stands for the author, with everything in its
		// parenthesis.
		author = citeJoin(" ", title, apaParenthetical(s, false))
		title = nil
	}
	if title != nil {
		descriptions = citeJoin(" ", title, apaParenthetical(s, edUsed))
	}
	switch {
	case s.is(cslSpeech):
		descriptions = citeJoin(" ", descriptions, citeRoman("[Speech]"))
	case s.is(cslLetter) && s.container == "" && s.publisher == "" && s.url == "":
		descriptions = citeJoin(" ", descriptions, citeRoman("[Personal communication]"))
	}

	var date string
	switch {
	case s.date.IsZero():
		date = "n.d."
	case s.date.Precision() > YearPrecision && s.is(cslArticle, cslLetter, cslSpeech, cslWebpage) && s.csl != "article-journal":
		date = strconv.Itoa(s.date.Year) + ", " + s.date.MonthName()
		if s.date.Day != 0 {
			date += " " + strconv.Itoa(s.date.Day)
		}
	default:
		date = strconv.Itoa(s.date.Year)
	}

	var container citeText
	switch {
	case s.is(cslArticle):
		// the volume in italics, the issue after it in parentheses
		// (citeproc gives an issue without a volume in italics)
		var volume citeText
		switch {
		case s.volume != "" && s.issue != "":
			volume = citeCat(citeItalic(s.volume), citeRoman("("+s.issue+")"))
		case s.volume != "":
			volume = citeItalic(s.volume)
		case s.issue != "":
			volume = citeItalic(s.issue)
		}
		container = citeJoin(", ", citeItalic(s.container), volume, citeRoman(citePages(s.pages, expandedRange)))
	case s.csl == "post-weblog":
		container = citeItalic(s.container)
	case s.is(cslWebpage) || s.container == "":
	default:
		ed := s.editors
		if edUsed {
			ed = nil
		}
		contributors := apaContributors(ed, s.translators, true)
		var pages citeText
		if s.pages != "" {
			pages = citeWrap("(", citeRoman(citePageLabel(s.pages, "p.", "pp.")+" "+citePages(s.pages, expandedRange)), ")")
		}
		container = citeJoin(" ", citeRoman("In"), citeJoin(", ", contributors, citeItalic(s.container)), pages)
	}
	var event citeText
	if s.event != "" {
		event = citeJoin(", ", citeRoman(s.event), citeRoman(s.eventPlace))
	}
	var publisher citeText
	switch {
	case s.csl == "post-weblog":
	case s.is(cslWebpage):
		publisher = citeJoin("; ", citeRoman(s.container), citeRoman(s.publisher))
	case !s.is(cslArticle):
		publisher = citeRoman(s.publisher)
	}
	r := citeCat(citeJoin(". ", author, citeRoman("("+date+")"), descriptions, container, event, publisher), citeRoman("."))
	if s.url != "" {
		var retrieved citeText
		if s.date.IsZero() && !s.accessed.IsZero() {
			retrieved = citeRoman("Retrieved " + chicagoDate(s.accessed) + ", from")
		}
		r = citeJoin(" ", r, citeJoin(" ", retrieved, citeLink(s.url)))
	}
	return r
}

// apaParenthetical is the parenthesis after the title: translators (and
// editors of a book), and the pages of a book; "(E. Wilson, Trans.)".
func apaParenthetical(s *citeSource, edUsed bool) citeText {
	var contributors, pages citeText
	switch {
	case s.is(cslArticle):
		contributors = apaContributors(nil, s.translators, false)
	case s.is(cslWebpage) || s.container == "":
		ed := s.editors
		if edUsed {
			ed = nil
		}
		contributors = apaContributors(ed, s.translators, false)
	}
	if s.container == "" && !s.is(cslArticle, cslSpeech, cslWebpage) && s.pages != "" {
		pages = citeRoman(citePageLabel(s.pages, "p.", "pp.") + " " + citePages(s.pages, expandedRange))
	}
	return citeWrap("(", citeJoin("; ", contributors, pages), ")")
}

// apaContributors lists editors and translators with their roles, after
// a title ("E. Wilson, Trans."; "A. Mandelker, Ed.; L. Maude & A. Maude,
// Trans.") or, with inInPart set, before a container ("P. B. Armstrong
// (Ed.)").
func apaContributors(ed, tr []Name, inInPart bool) citeText {
	role := func(names []Name, one, many string) string {
		if inInPart {
			return apaNames(names) + " (" + citePlural(names, one, many) + ")"
		}
		return apaNames(names) + ", " + citePlural(names, one, many)
	}
	if len(ed) > 0 && citeSameNames(ed, tr) {
		return citeRoman(role(ed, "Ed. & Trans.", "Eds. & Trans."))
	}
	var a, b citeText
	if len(ed) > 0 {
		a = citeRoman(role(ed, "Ed.", "Eds."))
	}
	if len(tr) > 0 {
		b = citeRoman(role(tr, "Trans.", "Trans."))
	}
	if inInPart {
		return citeJoin(", & ", a, b)
	}
	return citeJoin("; ", a, b)
}

// apaSortNames is "Family, I. I., Family, I., & Family, I."; from 21 names
// on, the first 19, an ellipsis and the last.
func apaSortNames(names []Name) string {
	inv := func(n Name) string {
		return citeSortName(n, apaInitials(n), false)
	}
	if len(names) >= 21 {
		parts := make([]string, 19)
		for i := range parts {
			parts[i] = inv(names[i])
		}
		return strings.Join(parts, ", ") + ", … " + inv(names[len(names)-1])
	}
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = inv(n)
	}
	return citeAndList(parts, "&", true)
}

// apaNames is "I. Family", "I. Family & I. Family" or "A, B, & C".
func apaNames(names []Name) string {
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n.Family
		switch {
		case n.IsCJK():
			parts[i] = n.String()
		case n.Given != "":
			parts[i] = apaInitials(n) + " " + n.Family
		}
	}
	return citeAndList(parts, "&", false)
}

// apaInitials is "H. D." for "Henry David", and for "W.B." too.
func apaInitials(n Name) string {
	return Name{Given: citeSpacedInitials(n.Given)}.Initials()
}

// ---- short ----

// citeShort is "Authors, “Title,” Publication, D Month YYYY": authors joined
// "A and B" or "A, B, and C"; no author, no translators, editors,
// publisher, pages or link; no final full stop.
func citeShort(s *citeSource) citeText {
	parts := make([]string, len(s.authors))
	for i, n := range s.authors {
		parts[i] = n.String()
	}
	var date string
	switch s.date.Precision() {
	case YearPrecision:
		date = strconv.Itoa(s.date.Year)
	case MonthPrecision:
		date = s.date.MonthName() + " " + strconv.Itoa(s.date.Year)
	case DayPrecision:
		date = strconv.Itoa(s.date.Day) + " " + s.date.MonthName() + " " + strconv.Itoa(s.date.Year)
	}
	// The publication is italic; a speech's occasion is not a title.
	publication := citeItalic(s.container)
	if s.is(cslSpeech) {
		publication = citeRoman(s.event)
	}
	return citeJoin(", ", citeRoman(citeAndList(parts, "and", false)), s.quotedTitle(), publication, citeRoman(date))
}

// ---- shared helpers ----

// citeAndList joins items with ", " and word before the last: "A and B",
// "A, B, and C"; with always set, "A, and B" too.
func citeAndList(items []string, word string, always bool) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	case 2:
		if always {
			return items[0] + ", " + word + " " + items[1]
		}
		return items[0] + " " + word + " " + items[1]
	}
	return strings.Join(items[:len(items)-1], ", ") + ", " + word + " " + items[len(items)-1]
}

// citeTruncate returns the names to show: all, or the first etAlFirst when
// there are etAlMin or more, with etAl set.
func citeTruncate(names []Name, etAlMin, etAlFirst int) (shown []Name, etAl bool) {
	if len(names) >= etAlMin {
		return names[:etAlFirst], true
	}
	return names, false
}

// citeNameList joins names as citeAndList does, or, when the list was cut
// short, with commas and "et al." at the end (after a comma when more than
// one name is shown).
func citeNameList(names []string, etAl bool, word string, always bool) string {
	switch {
	case !etAl:
		return citeAndList(names, word, always)
	case len(names) > 1:
		return strings.Join(names, ", ") + ", et al."
	}
	return names[0] + " et al."
}

func citeSameNames(a, b []Name) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func citePlural(names []Name, one, many string) string {
	if len(names) > 1 {
		return many
	}
	return one
}

func citeUpperFirst(s string) string {
	if s == "" {
		return ""
	}
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

func citeTypoNames(names []Name) []Name {
	var out []Name
	for _, n := range names {
		n.Given, n.Family, n.Particle = citeTypo(n.Given), citeTypo(n.Family), citeTypo(n.Particle)
		if !n.IsZero() {
			out = append(out, n)
		}
	}
	return out
}

// citeTypo returns s trimmed, with spaces collapsed and typographic characters
// for straight quotes and apostrophes (a quote before an elision, 'Tis or
// '90s, is an apostrophe), "---" (em dash), "--" (en dash) and
// "..." (ellipsis).
func citeTypo(s string) string {
	if !collapsed(s) {
		s = strings.Join(strings.Fields(s), " ")
	}
	if s == "" {
		return ""
	}
	if strings.Contains(s, "--") || strings.Contains(s, "...") {
		s = citeDashes.Replace(s) // (which copies s even when nothing matches)
	}
	if !strings.ContainsAny(s, `"'`) {
		return s
	}
	var b strings.Builder
	prev := ' '
	for i, r := range s {
		opening := unicode.IsSpace(prev) || strings.ContainsRune("([{“‘—–/", prev)
		switch {
		case r == '"' && opening:
			b.WriteRune('“')
		case r == '"':
			b.WriteRune('”')
		case r == '\'' && opening && !Elided(s[i+1:]):
			b.WriteRune('‘')
		case r == '\'':
			b.WriteRune('’')
		default:
			b.WriteRune(r)
		}
		prev = r
	}
	return b.String()
}

// collapsed reports whether strings.Join(strings.Fields(s), " ") is s:
// no white space but single spaces between other characters.
func collapsed(s string) bool {
	space := true // a space at the start is not collapsed
	for _, r := range s {
		if unicode.IsSpace(r) {
			if r != ' ' || space {
				return false
			}
			space = true
			continue
		}
		space = false
	}
	return !space || s == ""
}

// Page range formats, as CSL names them.
const (
	chicagoRange    = "chicago"
	minimalTwoRange = "minimal-two"
	expandedRange   = "expanded"
)

// citePages formats pages as citeproc does for the page-range-format f:
// each range in a list ("12–14, 20") gets an en dash and its second number
// shortened (chicago: 321–28, 101–8, 1496–1504; minimal-two: 321–28,
// 101–08) or written in full (expanded: 321–328).
func citePages(pages, f string) string {
	if pages == "" {
		return ""
	}
	var out []string
	for _, part := range strings.Split(pages, ",") {
		var amp []string
		for _, r := range strings.Split(part, "&") {
			amp = append(amp, citeRange(strings.TrimSpace(r), f))
		}
		out = append(out, strings.Join(amp, " & "))
	}
	return strings.Join(out, ", ")
}

func citeRange(r, f string) string {
	ends := strings.FieldsFunc(r, func(c rune) bool { return c == '-' || c == '–' })
	if len(ends) != 2 {
		return r
	}
	w, v := strings.TrimSpace(ends[0]), strings.TrimSpace(ends[1])
	isDigit := func(c rune) bool { return c >= '0' && c <= '9' }
	wPrefix := strings.TrimRightFunc(w, isDigit)
	vPrefix := strings.TrimRightFunc(v, isDigit)
	if wPrefix != vPrefix {
		return w + "–" + v
	}
	x, y := w[len(wPrefix):], v[len(vPrefix):]
	if len(y) < len(x) {
		y = x[:len(x)-len(y)] + y
	}
	// minimal keeps the digits of y that differ from x, at least n.
	minimal := func(n int) string {
		i := 0
		for i < len(x) && i < len(y) && x[i] == y[i] {
			i++
		}
		rest := y[i:]
		if len(rest) < n && len(y) >= n {
			rest = y[len(y)-n:]
		}
		return wPrefix + x + "–" + rest
	}
	full := wPrefix + x + "–" + wPrefix + y
	switch f {
	case expandedRange:
		return full
	case minimalTwoRange:
		return minimal(2)
	}
	changed := 0
	for i := range y {
		if i >= len(x) || x[i] != y[i] {
			changed++
		}
	}
	switch {
	case len(x) < 3 || strings.HasSuffix(x, "00"):
		return wPrefix + x + "–" + y
	case x[len(x)-2] == '0':
		return minimal(1)
	case len(x) == 4 && changed >= 3:
		return wPrefix + x + "–" + y
	}
	return minimal(2)
}

// citePageLabel is one for a single page, many for a range or list.
func citePageLabel(pages, one, many string) string {
	f := strings.FieldsFunc(pages, func(c rune) bool {
		return unicode.IsSpace(c) || strings.ContainsRune(",;-–&", c)
	})
	if len(f) > 1 {
		return many
	}
	return one
}

// ---- rich text assembly ----

// citeText is a piece of a citation: runs in order, adjacent runs of the same
// style merged. The nil citeText is empty and vanishes from joins, as an empty
// group does in CSL.
type citeText []Run

func citeRoman(s string) citeText {
	if s == "" {
		return nil
	}
	return citeText{{Text: s}}
}

func citeItalic(s string) citeText {
	if s == "" {
		return nil
	}
	return citeText{{Text: s, Italic: true}}
}

func citeLink(url string) citeText {
	if url == "" {
		return nil
	}
	return citeText{{Text: url, Link: safeLink(url)}}
}

// citeWrap puts prefix and suffix around r, unless r is empty.
func citeWrap(prefix string, r citeText, suffix string) citeText {
	if len(r) == 0 {
		return nil
	}
	return citeCat(citeRoman(prefix), r, citeRoman(suffix))
}

// citeJoin joins the non-empty parts with delim between them.
func citeJoin(delim string, parts ...citeText) citeText {
	var out citeText
	for _, p := range parts {
		if len(p) == 0 {
			continue
		}
		if len(out) > 0 {
			out = citeGlue(out, citeRoman(delim))
		}
		out = citeGlue(out, p)
	}
	return out
}

// citeCat concatenates the parts.
func citeCat(parts ...citeText) citeText {
	var out citeText
	for _, p := range parts {
		out = citeGlue(out, p)
	}
	return out
}

// citeGlue appends b to a the way citeproc joins punctuation: a comma or full
// stop that follows a closing quotation mark moves inside it (American
// style, inside every closing mark: ‘Camp,’” where citeproc writes
// ‘Camp’,”), where it vanishes after "?" or "!"; outside quotation marks a
// full stop vanishes after "?", "!" or another full stop.
//
// The result may use a's storage, and changes a's last run: a must be
// what an earlier citeGlue returned (or empty), and not used again. b is
// not changed.
func citeGlue(a, b citeText) citeText {
	if len(a) == 0 {
		return append(citeText(nil), b...)
	}
	out := a
	if len(b) > 0 && b[0].Link == "" && !b[0].Italic && (strings.HasPrefix(b[0].Text, ",") || strings.HasPrefix(b[0].Text, ".")) {
		p := b[0].Text[:1]
		last := &out[len(out)-1]
		body, quotes := last.Text, ""
		if !last.Italic && last.Link == "" {
			body, quotes = citeClosingQuotes(last.Text)
		}
		end, _ := utf8.DecodeLastRuneInString(body)
		drop := end == '?' || end == '!' || (end == '.' && p == ".")
		switch {
		case quotes != "" && !drop:
			last.Text = body + p + quotes
			drop = true
		case quotes == "" && p == ",":
			drop = false
		}
		if drop {
			b = append(citeText{{Text: b[0].Text[1:]}}, b[1:]...)
		}
	}
	for _, r := range b {
		if r.Text == "" && !r.Break && r.Note == "" {
			continue
		}
		if n := len(out); n > 0 && citeSameStyle(out[n-1], r) {
			out[n-1].Text += r.Text
			continue
		}
		out = append(out, r)
	}
	return out
}

// citeClosingQuotes splits the closing quotation marks off the end of s:
// ” always, ’ only when an opening ‘ comes before it (else it is an
// apostrophe).
func citeClosingQuotes(s string) (body, quotes string) {
	body = s
	for {
		r, n := utf8.DecodeLastRuneInString(body)
		if r == '”' || (r == '’' && strings.ContainsRune(body[:len(body)-n], '‘')) {
			body = body[:len(body)-n]
			continue
		}
		return body, s[len(body):]
	}
}

func citeSameStyle(a, b Run) bool {
	return !a.Break && !b.Break && a.Note == "" && b.Note == "" &&
		a.Italic == b.Italic && a.Bold == b.Bold && a.Code == b.Code && a.Mark == b.Mark && a.Strike == b.Strike && a.Link == b.Link
}

// cslItem is e as a CSL-JSON item, as the styles here read it: the type
// citeType gives, Authors → author, Editors → editor, Translators →
// translator (names as family, given and particle, or literal), Title →
// title, Publication → container-title (event for a speech), Publisher →
// publisher, Place → publisher-place (event-place for a speech), Link →
// URL, Date → issued, Accessed → accessed, Pages → page, Lang →
// language. It is how the citations are checked against citeproc.
func cslItem(e *Entry, id string) map[string]any {
	names := func(ns []Name) []map[string]string {
		var out []map[string]string
		for _, n := range ns {
			m := map[string]string{}
			switch {
			case n.Literal != "":
				m["literal"] = n.Literal
			case n.Particle != "":
				m["family"] = n.FamilyCore()
				if n.DroppingParticle {
					m["dropping-particle"] = n.Particle
				} else {
					m["non-dropping-particle"] = n.Particle
				}
			default:
				m["family"] = n.Family
			}
			if n.Given != "" {
				m["given"] = n.Given
			}
			out = append(out, m)
		}
		return out
	}
	date := func(d Date) map[string]any {
		parts := []int{d.Year}
		if d.Month != 0 {
			parts = append(parts, d.Month)
			if d.Day != 0 {
				parts = append(parts, d.Day)
			}
		}
		return map[string]any{"date-parts": [][]int{parts}}
	}
	typ := citeType(e)
	item := map[string]any{"id": id, "type": typ}
	set := func(key, value string) {
		if value != "" {
			item[key] = value
		}
	}
	set("title", e.Title)
	set("publisher", e.Publisher)
	set("URL", e.Link)
	set("DOI", e.DOI)
	set("page", e.Pages)
	set("volume", e.Volume)
	set("issue", e.Issue)
	set("language", e.Lang)
	if typ == cslSpeech {
		item["genre"] = "speech"
		set("event", e.Publication)
		set("event-place", e.Place)
		if !e.Date.IsZero() {
			item["event-date"] = date(e.Date)
		}
	} else {
		set("container-title", e.Publication)
		set("publisher-place", e.Place)
	}
	for key, ns := range map[string][]Name{"author": e.Authors, "editor": e.Editors, "translator": e.Translators} {
		if len(ns) > 0 {
			item[key] = names(ns)
		}
	}
	if !e.Date.IsZero() {
		item["issued"] = date(e.Date)
	}
	if !e.Accessed.IsZero() {
		item["accessed"] = date(e.Accessed)
	}
	return item
}

// citeStopWords are the words English title case leaves in lower case:
// the CSL specification's list and the few citeproc adds.
var citeStopWords = map[string]bool{
	"a": true, "an": true, "and": true, "as": true, "at": true, "but": true, "by": true, "down": true,
	"for": true, "from": true, "in": true, "into": true, "nor": true, "of": true, "on": true, "onto": true,
	"or": true, "over": true, "so": true, "the": true, "till": true, "to": true, "up": true, "via": true,
	"with": true, "yet": true,
	// citeproc (Haskell) keeps these lower case too.
	"about": true, "de": true, "van": true, "von": true,
}

// citeTitleCase applies English headline-style capitalisation as citeproc
// does for text-case="title": a word written all in lower case gets a
// capital first letter unless it is a stop word or a single letter; the
// first word of the title, and the first after a colon or a full stop,
// question or exclamation mark, is capitalised all the same. Words with
// any capital letter (iPhone, NASA, McDonald, Of) are left as they are.
// Parts of hyphenated and slashed words are words of their own; an
// apostrophe does not end a word (d’hier, it’s).
func citeTitleCase(s string) string {
	if !utf8.ValidString(s) {
		s = string([]rune(s)) // each bad byte a replacement character
	}
	var b []byte  // nil while every word is as it was
	start := true // the next word starts the title or a sentence
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !citeWordRune(r) || r == '\'' || r == '’' {
			switch {
			case r == ':' || r == '?' || r == '!':
				start = true
			case r == '.' && i+size < len(s):
				if next, _ := utf8.DecodeRuneInString(s[i+size:]); unicode.IsSpace(next) {
					start = true
				}
			}
			if b != nil {
				b = append(b, s[i:i+size]...)
			}
			i += size
			continue
		}
		j := i + size
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !citeWordRune(r) {
				break
			}
			j += n
		}
		word := s[i:j]
		if citeTitleCap(word, start) {
			if b == nil {
				b = append(make([]byte, 0, len(s)+8), s[:i]...)
			}
			first, size := utf8.DecodeRuneInString(word)
			b = utf8.AppendRune(b, unicode.ToUpper(first))
			b = append(b, word[size:]...)
		} else if b != nil {
			b = append(b, word...)
		}
		start = false
		i = j
	}
	if b == nil {
		return s
	}
	return string(b)
}

// citeWordRune reports whether r belongs to a word for citeTitleCase.
func citeWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
}

// citeTitleCap reports whether citeTitleCase capitalises the word w:
// one written all in lower case, unless it is not the start of the title
// or of a sentence and is a stop word or a single letter.
func citeTitleCap(w string, start bool) bool {
	first, size := utf8.DecodeRuneInString(w)
	if !unicode.IsLower(first) {
		return false
	}
	for _, r := range w[size:] {
		if unicode.IsUpper(r) {
			return false
		}
	}
	if start {
		return true
	}
	if citeStopWords[w] {
		return false
	}
	// a single letter, before any apostrophe (d’hier, l'amour)
	core := 0
	for _, r := range w {
		if r == '\'' || r == '’' {
			break
		}
		core++
	}
	return core != 1
}

// citeEnglish reports whether lang is empty or an English tag.
func citeEnglish(lang string) bool {
	l := strings.ToLower(lang)
	return l == "" || l == "en" || strings.HasPrefix(l, "en-")
}
