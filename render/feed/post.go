package feed

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/go-text/typesetting/segmenter"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// DefaultMaxGraphemes is the default length limit of a post: Bluesky's
// 300 grapheme clusters (Mastodon's default is 500 characters).
const DefaultMaxGraphemes = 300

// Post is the "post" renderer: the quote of the day as a social-media
// post.
type Post struct{}

// Name returns "post".
func (Post) Name() string { return "post" }

// MediaType returns the media type of plain UTF-8 text.
func (Post) MediaType() string { return "text/plain; charset=utf-8" }

// Extension returns ".txt".
func (Post) Extension() string { return ".txt" }

// Output declares post.txt, built when asked for.
func (Post) Output() render.Output {
	return render.Output{File: "post.txt", Section: "feed"}
}

// Render writes the post as EncodePost does.
func (Post) Render(w io.Writer, c *model.Collection, o render.Options) error {
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodePost(w, c, fo)
}

// ParseConfig resolves the feed: section (see the package's ParseConfig).
func (Post) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// PrepareKey returns the key of the shared schedule.
func (Post) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into the feed config's Issued.
func (Post) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// EncodePost writes the quote of the window's last day (--date, default
// today) as a post for social media: the quote in quotation marks (its
// paragraphs and verse lines kept), "— " and its short citation, and on
// the last line the day's page (feed.item_url, else BASE/quotes/DATE/)
// or, without one, the source's link. The whole post is at most
// the config's MaxGraphemes grapheme clusters (default 300), links counted in full:
// it is never cut. When the day's quote fits only without the day's
// page, it links to its source instead (with a warning); when it does
// not fit at all, the post shows the next quote of the schedule that does
// (with a warning), linking to its source; no quote of the pool fitting
// is an error (ErrNothingFits).
// o.Note is told how many quotes of the pool fit.
func EncodePost(w io.Writer, c *model.Collection, o *Options) error {
	s, err := newSetup(c, o)
	if err != nil {
		return err
	}
	limit := s.cfg.MaxGraphemes
	p, err := s.dayPick()
	if err != nil {
		return err
	}
	dayLink := s.pageURL(firstNonEmpty(s.cfg.BaseURL, s.cfg.Link), p.Day.String())
	fits := func(link string) func(daily.Item) (bool, error) {
		return func(it daily.Item) (bool, error) {
			if minGraphemes(it.Quote) > limit {
				return false, nil // too long whatever its citation
			}
			pp, err := s.postParts(it)
			return err == nil && pp.graphemes(link) <= limit, err
		}
	}
	// Counting reads every quote of the pool whole, entry by entry, and
	// keeps none of them: memory does not grow with the pool.
	n := 0
	err = s.sched.EachWhole(func(it daily.Item) error {
		it, err := s.full(it) // the body, from a lazy collection too
		if err != nil {
			return err
		}
		if minGraphemes(it.Quote) > limit {
			return nil // too long whatever its citation
		}
		// Neither the citation nor the parts are kept (postParts keeps
		// both, and the entry with them).
		cite, err := citeOnce(it.Entry, it.Quote, s.shortStyle())
		if err != nil {
			return err
		}
		pp := newPostParts(it, cite)
		if pp.graphemes("") <= limit || dayLink != "" && pp.graphemes(dayLink) <= limit {
			n++
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.note("%d of %d quotes of the pool fit in a post of %d graphemes", n, s.sched.Len(), limit)
	// The day's quote links to the day's page, else (the page's address
	// would make it too long) to its source, as a quote counted above
	// may; another one (the day's did not fit) to its source, as the
	// day's page shows the day's.
	withoutPage := false
	it, moved, err := s.fitting(p, func(it daily.Item) (bool, error) {
		if p.Found() && it.Quote.ID == p.Item.Quote.ID {
			ok, err := fits(dayLink)(it)
			if err != nil || ok || dayLink == "" {
				return ok, err
			}
			withoutPage = true
		}
		return fits("")(it)
	})
	if err != nil {
		if errors.Is(err, ErrNothingFits) {
			return fmt.Errorf("feed: post: %w in %d graphemes (--max-graphemes)", err, limit)
		}
		return err
	}
	link := dayLink
	switch {
	case moved:
		link = ""
		s.movedNote("post", p, it, fmt.Sprintf("does not fit in a post of %d graphemes", limit))
	case withoutPage:
		link = ""
		s.warn(it.Entry.Path, it.Quote.Line, "the post of %s links to the source, not to the day's page (%s): with it the post would be longer than %d graphemes", p.Day, dayLink, limit)
	}
	text, err := s.postText(it, link)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(w, text+"\n"); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	return nil
}

// postText returns the post of a quote: the quote, its citation and
// link, else the source's link when the citation does not show it.
func (s *setup) postText(it daily.Item, link string) (string, error) {
	pp, err := s.postParts(it)
	if err != nil {
		return "", err
	}
	return pp.text(link), nil
}

// postPart is a quote's post without its link, with the lengths of its
// parts in grapheme clusters.
type postPart struct {
	quote, cite, source string // source: the entry's link
	gq, gc              int
}

// postParts returns the parts of a quote's post, once per quote and run
// (kept for the quotes tried for the day).
func (s *setup) postParts(it daily.Item) (*postPart, error) {
	if pp, ok := s.posts[it.Quote]; ok {
		return pp, nil
	}
	cite, err := s.citeIn(it.Entry, it.Quote, s.shortStyle())
	if err != nil {
		return nil, err
	}
	pp := newPostParts(it, cite)
	if s.posts == nil {
		s.posts = map[*model.Quote]*postPart{}
	}
	s.posts[it.Quote] = pp
	return pp, nil
}

// newPostParts returns the parts of the post of a quote with its
// citation.
func newPostParts(it daily.Item, cite []model.Run) *postPart {
	pp := &postPart{quote: strings.Join(quoteLines(it.Entry, it.Quote, it.Lang, 0, true), "\n"),
		cite: "— " + clean(model.Plain(cite)), source: it.Entry.Link}
	pp.gq, pp.gc = Graphemes(pp.quote), Graphemes(pp.cite)
	return pp
}

// link returns the link a post shows: link, else the source's; none when
// the citation shows it already.
func (pp *postPart) link(link string) string {
	if link == "" {
		link = pp.source
	}
	if link == "" || strings.Contains(pp.cite, link) {
		return ""
	}
	return link
}

// text returns the post with a link.
func (pp *postPart) text(link string) string {
	t := pp.quote + "\n" + pp.cite
	if l := pp.link(link); l != "" {
		t += "\n" + l
	}
	return t
}

// graphemes returns the length of the post with a link: a newline is a
// cluster of its own, so the parts add up.
func (pp *postPart) graphemes(link string) int {
	n := pp.gq + 1 + pp.gc
	if l := pp.link(link); l != "" {
		n += 1 + Graphemes(l)
	}
	return n
}

// Graphemes returns the number of grapheme clusters of s (UAX #29: what
// a reader sees as one character; an emoji with its modifiers, a letter
// with its accents), as Bluesky counts a post's length.
func Graphemes(s string) int {
	if s == "" {
		return 0
	}
	// Text of characters that neither extend nor join (most Latin,
	// Greek, Cyrillic and CJK text) has a cluster per character, but for
	// CR LF.
	simple := true
	n := 0
	for _, r := range s {
		if !oneCluster(r) {
			simple = false
			break
		}
		n++
	}
	if simple {
		return n - strings.Count(s, "\r\n")
	}
	var seg segmenter.Segmenter
	seg.Init([]rune(s))
	it := seg.GraphemeIterator()
	n = 0
	for it.Next() {
		n++
	}
	return n
}

// minGraphemes returns a lower bound of the grapheme clusters of q's
// text as a post shows it, cheaply: its ASCII letters and digits that
// follow an ASCII character or start a line. Each of them starts a
// cluster of its own (UAX #29: only a Prepend character before it could
// join it to the cluster before), and quoteLines keeps them all.
func minGraphemes(q *model.Quote) int {
	n := 0
	for _, b := range q.Blocks {
		prev := ' '
		count := func(t string) {
			for _, r := range t {
				if prev < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
					n++
				}
				prev = r
			}
		}
		if b.Kind == "pre" {
			count(model.Plain(b.Runs))
			continue
		}
		for _, r := range textRuns(b.Runs) {
			if r.Note == "" && !r.Break {
				count(r.Text)
			} else {
				prev = ' '
			}
		}
	}
	return n
}

// oneCluster reports whether r is a character that UAX #29 never joins
// to the characters around it (Grapheme_Cluster_Break Other or Control,
// not a Hangul jamo, not Indic, not an emoji modifier or joiner), so
// that text made of such characters has one cluster per character (CR LF
// aside). Emoji are in the list: without a joiner or modifier, which are
// not, each stands alone.
func oneCluster(r rune) bool {
	switch {
	case r < 0x300: // ASCII, Latin-1, Latin Extended A and B, IPA, spacing modifiers
		return true
	case r >= 0x370 && r <= 0x482, r >= 0x48A && r <= 0x52F: // Greek, Cyrillic letters
		return true
	case r >= 0x1E00 && r <= 0x1FFF: // Latin Extended Additional, Greek Extended
		return true
	case r >= 0x2000 && r <= 0x200A, r >= 0x2010 && r <= 0x2027, r >= 0x2030 && r <= 0x205E, r >= 0x2070 && r <= 0x20CF:
		return true // spaces, punctuation, super- and subscripts, currency
	case r >= 0x2100 && r <= 0x2BFF: // letterlike, arrows, maths, symbols, dingbats
		return true
	case r >= 0x3000 && r <= 0x3029, r >= 0x3030 && r <= 0x303F, r >= 0x3041 && r <= 0x3096, r >= 0x30A0 && r <= 0x30FF:
		return true // CJK punctuation, kana (not the combining sound marks)
	case r >= 0x4E00 && r <= 0x9FFF, r >= 0xAC00 && r <= 0xD7A3, r >= 0xFF01 && r <= 0xFF9D:
		return true // ideographs, Hangul syllables, full-width forms
	}
	return false
}
