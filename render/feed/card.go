package feed

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/internal/raster"
	"github.com/commonplace-book/commonplace/internal/shaping"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
)

// Card is the "card" renderer: the quote of the day as a PNG image for
// social media and link previews, with its alt text beside it.
type Card struct{}

// Name returns "card".
func (Card) Name() string { return "card" }

// MediaType returns "image/png".
func (Card) MediaType() string { return "image/png" }

// Extension returns ".png".
func (Card) Extension() string { return ".png" }

// Output declares today.png and its alt text today.png.txt, built by
// default.
func (Card) Output() render.Output {
	return render.Output{File: "today.png", Companions: []string{".txt"}, Default: true, Section: "feed"}
}

// Render writes the card's PNG as EncodeCard does.
func (Card) Render(w io.Writer, c *model.Collection, o render.Options) error {
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodeCard(w, nil, c, fo)
}

// RenderFiles writes the PNG to main and its alt text to main + ".txt".
func (Card) RenderFiles(create render.Create, main string, c *model.Collection, o render.Options) error {
	w, err := create(main)
	if err != nil {
		return err
	}
	alt, err := create(main + ".txt")
	if err != nil {
		return err
	}
	fo, err := options(c, o)
	if err != nil {
		return err
	}
	return EncodeCard(w, alt, c, fo)
}

// ParseConfig resolves the feed: section (see the package's ParseConfig).
func (Card) ParseConfig(c *model.Collection) (any, []model.Problem) { return ParseConfig(c) }

// PrepareKey returns the key of the shared schedule.
func (Card) PrepareKey() string { return prepareKey }

// Prepare resolves the run's schedule into the feed config's Issued.
func (Card) Prepare(c *model.Collection, o *render.Options) error { return prepareSchedule(c, o) }

// The card's size: the default, and the bounds of --size.
const (
	DefaultCardWidth, DefaultCardHeight = 1080, 1080
	minCardSide, maxCardSide            = 200, 4096
)

// ParseSize parses a card size "WIDTHxHEIGHT" in pixels (each side 200
// to 4096).
func ParseSize(v string) (w, h int, err error) {
	a, b, ok := strings.Cut(strings.ToLower(strings.TrimSpace(v)), "x")
	if ok {
		w, err = strconv.Atoi(strings.TrimSpace(a))
		if err == nil {
			h, err = strconv.Atoi(strings.TrimSpace(b))
		}
	}
	if !ok || err != nil {
		return 0, 0, fmt.Errorf("%q is not a size: give WIDTHxHEIGHT in pixels, such as 1080x1080", model.Safe(v, 40))
	}
	if w < minCardSide || h < minCardSide || w > maxCardSide || h > maxCardSide {
		return 0, 0, fmt.Errorf("%dx%d: each side is %d to %d pixels", w, h, minCardSide, maxCardSide)
	}
	return w, h, nil
}

// card is a rendered card.
type card struct {
	PNG []byte
	Alt string
	// Day is the day it is for; Item the quote it shows, Moved set
	// when that is not the day's quote (which did not fit).
	Day   daily.Day
	Item  daily.Item
	Moved bool
}

// EncodeCard writes the card of the window's last day (--date, default
// today) to w as a PNG, and its alt text (the quote and citation in
// full) to alt when alt is not nil. The card is the config's
// CardWidth×CardHeight pixels (default 1080×1080): the quote and its short citation set in the
// embedded faces with the PDF's shaping, at the largest size (within
// bounds set by the card's size) at which they fit whole; a quote that
// does not fit at the smallest size is not eligible, and the card shows
// the next quote of the schedule that fits (with a warning). The bytes
// depend only on the collection, the day and the size.
func EncodeCard(w, alt io.Writer, c *model.Collection, o *Options) error {
	s, err := newSetup(c, o)
	if err != nil {
		return err
	}
	cd, err := s.card()
	if err != nil {
		return err
	}
	if _, err := w.Write(cd.PNG); err != nil {
		return fmt.Errorf("feed: write: %w", err)
	}
	if alt != nil {
		if _, err := io.WriteString(alt, cd.Alt); err != nil {
			return fmt.Errorf("feed: write: %w", err)
		}
	}
	return nil
}

// card renders the card of the window's last day, once per run when the
// options share a render.Shared.
func (s *setup) card() (*card, error) {
	w, h := s.cfg.CardWidth, s.cfg.CardHeight
	key := fmt.Sprintf("feed.card %dx%d %s %s", w, h, s.shortStyle(), s.last)
	v, err := s.o.Shared.Do(key, func() (any, error) { return s.makeCard(w, h) })
	if err != nil {
		return nil, err
	}
	return v.(*card), nil
}

func (s *setup) makeCard(w, h int) (*card, error) {
	p, err := s.dayPick()
	if err != nil {
		return nil, err
	}
	ts, err := raster.New()
	if err != nil {
		return nil, fmt.Errorf("feed: card: %w", err)
	}
	cl := newCardLayout(ts, w, h, s.cfg.Title, s.settings.Title)
	fits := func(it daily.Item) (bool, error) {
		q, ct, _, err := s.cardText(it)
		if err != nil {
			return false, err
		}
		_, ok := cl.fit(q, ct, it)
		return ok, nil
	}
	it, moved, err := s.fitting(p, fits)
	if err != nil {
		if errors.Is(err, ErrNothingFits) {
			return nil, fmt.Errorf("feed: card: %w on a %dx%d card", err, w, h)
		}
		return nil, err
	}
	if moved {
		why := fmt.Sprintf("is too long for a %dx%d card", w, h)
		s.movedNote("card", p, it, why)
	}
	q, ct, plain, err := s.cardText(it)
	if err != nil {
		return nil, err
	}
	set, _ := cl.fit(q, ct, it)
	var b bytes.Buffer
	if err := raster.EncodePNG(&b, cl.draw(set)); err != nil {
		return nil, fmt.Errorf("feed: card: %w", err)
	}
	return &card{PNG: b.Bytes(), Alt: q + "\n— " + plain + "\n", Day: p.Day, Item: it, Moved: moved}, nil
}

// cardText returns the quote of a card (its lines, blank lines between
// paragraphs), its citation as styled spans after "— " (titles in
// italics, as the style sets them) and in plain text.
func (s *setup) cardText(it daily.Item) (quote string, cite []raster.Span, plain string, err error) {
	lines := quoteLines(it.Entry, it.Quote, it.Lang, 0, true)
	runs, err := s.citeIn(it.Entry, it.Quote, s.shortStyle())
	if err != nil {
		return "", nil, "", err
	}
	cite = []raster.Span{{Text: "— "}}
	for _, r := range runs {
		t := strings.ReplaceAll(cleanLine(r.Text), "\n", " ")
		if r.Break {
			t = " "
		}
		if r.Note != "" || t == "" {
			continue
		}
		cite = append(cite, raster.Span{Text: t, Style: shaping.Style{Italic: r.Italic, Bold: r.Bold}})
	}
	return strings.Join(lines, "\n"), cite, clean(model.Plain(runs)), nil
}

// The card's colours: dark ink on warm paper, a muted citation and an
// accent rule.
var (
	cardPaper  = color.RGBA{0xFB, 0xF8, 0xF1, 0xFF}
	cardInk    = color.RGBA{0x1F, 0x1D, 0x1A, 0xFF}
	cardMuted  = color.RGBA{0x5E, 0x58, 0x4F, 0xFF}
	cardAccent = color.RGBA{0xA8, 0x6B, 0x2D, 0xFF}
)

// cardLayout is the geometry of a card of one size.
type cardLayout struct {
	ts                   *raster.Typesetter
	w, h                 int
	margin               float32
	minSize, maxSize     float32
	footer               *raster.Layout // the collection's title
	textTop, textHeight  float32
	textWidth, footerTop float32
}

// newCardLayout sets the geometry of a w×h card: margins of 7.5% of the
// short side, type between 2.5% and 6% of the card's mean side (28 to 65
// px on 1080×1080), the title of the feed (else of the collection) at the
// foot.
func newCardLayout(ts *raster.Typesetter, w, h int, titles ...string) *cardLayout {
	short := float32(min(w, h))
	mean := float32(math.Sqrt(float64(w) * float64(h)))
	cl := &cardLayout{ts: ts, w: w, h: h, margin: short * 0.075, minSize: mean * 0.025, maxSize: mean * 0.06}
	cl.textWidth = float32(w) - 2*cl.margin
	title := firstNonEmpty(titles...)
	fs := mean * 0.02
	cl.footer = ts.Layout(raster.Block{Spans: []raster.Span{{Text: clean(title)}}, Size: fs, MaxWidth: cl.textWidth, Align: raster.AlignLeft})
	if len(cl.footer.Lines) > 1 || cl.footer.Split {
		// A title too long for one line is left out.
		cl.footer = ts.Layout(raster.Block{Size: fs})
	}
	cl.footerTop = float32(h) - cl.margin - cl.footer.Height
	cl.textTop = cl.margin
	cl.textHeight = cl.footerTop - fs*1.5 - cl.margin
	return cl
}

// setCard is a quote and citation laid out on a card.
type setCard struct {
	quote, cite *raster.Layout
	gap         float32
}

func (sc setCard) height() float32 { return sc.quote.Height + sc.gap + sc.cite.Height }

// fit lays out quote and citation at the largest size (to a tenth of a
// pixel) at which both fit whole; it reports false, with the layout at the
// smallest size, when they do not fit even then.
func (cl *cardLayout) fit(quote string, cite []raster.Span, it daily.Item) (setCard, bool) {
	dir := shaping.Auto
	if it.Quote.Dir == "rtl" {
		dir = shaping.RTL
	}
	at := func(size float32) (setCard, bool) {
		q := cl.ts.Layout(raster.Block{Spans: []raster.Span{{Text: quote}}, Size: size, LineHeight: 1.4, BlankLine: 0.6,
			MaxWidth: cl.textWidth, Lang: it.Lang, Dir: dir, Hang: true})
		cs := max(size*0.62, cl.minSize*0.8)
		c := cl.ts.Layout(raster.Block{Spans: cite, Size: cs,
			MaxWidth: cl.textWidth, Lang: it.Lang, Dir: dir})
		sc := setCard{quote: q, cite: c, gap: size * 0.9}
		ok := !q.Split && !c.Split && q.Widest <= cl.textWidth && c.Widest <= cl.textWidth && sc.height() <= cl.textHeight
		return sc, ok
	}
	lo, ok := at(cl.minSize)
	if !ok {
		return lo, false
	}
	if hi, ok := at(cl.maxSize); ok {
		return hi, true
	}
	a, z := cl.minSize, cl.maxSize
	for z-a > 0.1 {
		m := (a + z) / 2
		if sc, ok := at(m); ok {
			a, lo = m, sc
		} else {
			z = m
		}
	}
	return lo, true
}

// draw paints a set card: the quote and citation centred vertically in
// the text area, an accent rule between them, the title at the foot.
func (cl *cardLayout) draw(sc setCard) *image.RGBA {
	img := raster.NewImage(cl.w, cl.h, cardPaper)
	top := cl.textTop + (cl.textHeight-sc.height())/2
	sc.quote.Draw(img, cl.margin, top, cardInk)
	// The rule sits in the gap, on the quote's side.
	ruleW := min(cl.textWidth/6, sc.quote.Size()*2.5)
	ruleY := top + sc.quote.Height + sc.gap*0.35
	x := cl.margin
	if len(sc.quote.Lines) > 0 && sc.quote.Lines[0].RTL {
		x = cl.margin + cl.textWidth - ruleW
	}
	raster.FillRect(img, x, ruleY, ruleW, max(1, sc.quote.Size()*0.06), cardAccent)
	sc.cite.Draw(img, cl.margin, top+sc.quote.Height+sc.gap, cardMuted)
	cl.footer.Draw(img, cl.margin, cl.footerTop, cardMuted)
	return img
}
