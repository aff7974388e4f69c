package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/commonplace-book/commonplace/build"
	"github.com/commonplace-book/commonplace/daily"
	"github.com/commonplace-book/commonplace/model"
	"github.com/commonplace-book/commonplace/render"
	"github.com/commonplace-book/commonplace/render/feed"
)

// feedFormats are the formats `commonplace feed` writes.
var feedFormats = []string{"text", "fortune", "rss", "atom", "json", "post", "card", "email", "eml"}

func newFeedCmd() *cobra.Command {
	var f collectionFlags
	var date, format, tz, history, out, size string
	var days, width, maxGraphemes int
	var force bool
	var filter daily.Filter
	cmd := &cobra.Command{
		Use:   "feed [--date YYYY-MM-DD] [--days N] [--format text|fortune|rss|atom|json|post|card|email|eml] [--style STYLE] [--width N] [--max-graphemes N] [--size WxH] [--max-chars N] [--min-chars N] [--category C] [--tag T] [--author A] [--lang L] [--tz ZONE] [--history FILE] [-o FILE] [DIR]",
		Short: "Write the quote of the day, a feed of recent days, or a fortune database",
		Long: `Feed writes the quote of the day. The pool is every quote that passes the
filters; the quote for a date depends only on the pool, the seed (settings
feed.seed, default the collection title) and the date. Over any span of days
every quote of the pool appears equally often (±1), and none twice within P
days (P = pool size).

  text     the quote of --date (or each of --days N days, under its date),
           wrapped at --width (default 72, 0 = no wrap), then its citation
  fortune  the whole pool as a fortune(6) database; with -o FILE also
           FILE.dat, its strfile index, so that 'fortune FILE' works
  rss, atom, json
           RSS 2.0, Atom or JSON Feed 1.1 with one item per day of the
           --days N days ending at --date (default feed.days, else 30),
           newest first, dated at feed.hour (default 6) in the time zone
  post     the quote of --date as a social-media post: the quote, "— " and
           its short citation, the day's page (or the source's link); at
           most --max-graphemes grapheme clusters (default feed.max_graphemes,
           else 300, Bluesky's limit; Mastodon's is 500), never cut: when
           the day's quote does not fit, the next one of the schedule that
           does. Says on stderr how many quotes of the pool fit.
  card     the quote of --date as a PNG image, --size WxH (default
           feed.card_size, else 1080x1080; 1080x1350 portrait, 1200x630
           for link previews), the type as large as fits; a quote too long
           for the card gives way to the next one that fits. With -o FILE
           also FILE.txt, the alt text (the quote and citation in full).
  email    the quote of --date as an HTML fragment with inline styles, to
           paste into a newsletter
  eml      the quote of --date as an email message ready to send: From,
           Subject, Date, and the text and the HTML as multipart/alternative
           (no To: give the recipients to the mailer)

Days are calendar days in --tz (else settings feed.tz, else local time).
--date defaults to today there, or to the date of SOURCE_DATE_EPOCH when it
is set. --history FILE (or settings feed.history) keeps an append-only
record of the days issued, "DATE QUOTE-ID ENTRY:LINE" per line: recorded
days never change when entries are added, edited or removed.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if !isFeedFormat(format) {
				return usageErr("unknown feed format %q (known: %s)", format, strings.Join(feedFormats, ", "))
			}
			r, err := render.Lookup(format)
			if err != nil {
				return usageErr("%v", err)
			}
			if (out == "" || out == "-") && isBinary(r) && isTerminal(cmd.OutOrStdout()) {
				return usageErr("refusing to write %s to a terminal; use -o FILE", r.MediaType())
			}
			if days < 0 {
				return usageErr("--days must be 1 or more, not %d", days)
			}
			if maxGraphemes < 0 {
				return usageErr("--max-graphemes must be 1 or more, not %d", maxGraphemes)
			}
			var cardW, cardH int
			if size != "" {
				w, h, err := feed.ParseSize(size)
				if err != nil {
					return usageErr("--size %v", err)
				}
				cardW, cardH = w, h
			}
			if width < 0 {
				return usageErr("--width must be 0 (no wrap) or more, not %d", width)
			}
			if filter.MaxChars < 0 || filter.MinChars < 0 {
				return usageErr("--max-chars and --min-chars must not be negative")
			}
			var day time.Time
			if date != "" {
				t, err := time.Parse("2006-01-02", date)
				if err != nil {
					return usageErr("--date %q is not a date (want YYYY-MM-DD)", date)
				}
				day = t
			}
			if tz != "" {
				if _, err := time.LoadLocation(tz); err != nil {
					return usageErr("--tz %q is not a time zone: %v", tz, err)
				}
			}
			// The schedule needs every entry's fields and quote IDs, not
			// their text: bodies are loaded for the days shown (fortune
			// shows every quote: lazily only when the cache holds them).
			// The schedule comes from the cache's quote index (written
			// first when a file changed; with --no-cache, an index of
			// this run only), reading no entry but the days'. Length
			// filters, and a post, which counts the quotes of the pool
			// that fit, read each entry once, one at a time. Should no
			// index be written, the load is lazy where that is enough.
			f.index = true
			f.lazy = filter.MaxChars == 0 && filter.MinChars == 0 && (format != "fortune" || f.entryCache() != nil)
			c, err := f.load(cmd, dirArg(args), false)
			if err != nil {
				return err
			}
			// The feed: section, resolved once, then the flags over it.
			cfg, probs := feed.ParseConfig(c)
			if err := model.ErrorOf(probs); err != nil {
				return inputErr(err)
			}
			if tz != "" {
				cfg.Location, _ = time.LoadLocation(tz) // checked above
			}
			now, err := sourceDateEpoch()
			if err != nil {
				return err
			}
			if day.IsZero() {
				if now.IsZero() {
					day = time.Now().In(cfg.Location)
				} else {
					day = now.In(cfg.Location)
				}
			}
			cfg.Date, cfg.Filter, cfg.Force = day, filter, force
			if days > 0 {
				cfg.Days, cfg.TextDays = days, days
			}
			if f.style != "" {
				cfg.ShortStyle = f.style // the post's and card's style too
			}
			if maxGraphemes > 0 {
				cfg.MaxGraphemes = maxGraphemes
			}
			if cardW > 0 {
				cfg.CardWidth, cfg.CardHeight = cardW, cardH
			}
			if cmd.Flags().Changed("width") {
				cfg.Width, cfg.NoWrap = width, width == 0
			}
			if history != "" {
				cfg.History = history
			}
			opts := render.Options{Now: now, Configs: render.Configs{feed.Section: cfg},
				Warn: func(p model.Problem) { fmt.Fprintln(cmd.ErrOrStderr(), p.String()) },
				Note: func(msg string) { fmt.Fprintf(cmd.ErrOrStderr(), "%s: %s\n", format, msg) }}
			opts.Shared, opts.Context = &render.Shared{}, cmd.Context()
			if _, err := build.WriteFile(cmd.OutOrStdout(), out, r, c, opts); err != nil {
				return feedErr(err)
			}
			if model.Errors(c.Problems) > 0 {
				return inputErr(nil)
			}
			return nil
		},
	}
	f.add(cmd, true)
	f.addCache(cmd)
	fl := cmd.Flags()
	fl.StringVar(&date, "date", "", "the (last) day, YYYY-MM-DD (default today in the time zone)")
	fl.IntVar(&days, "days", 0, "number of days ending at --date (default 1 for text, feed.days or 30 for feeds)")
	fl.StringVar(&format, "format", "text", "output format: "+strings.Join(feedFormats, ", "))
	fl.IntVar(&width, "width", 0, "wrap text at N columns, 0 = no wrap (default feed.width, else 72)")
	fl.IntVar(&filter.MaxChars, "max-chars", 0, "only quotes of at most N characters")
	fl.IntVar(&filter.MinChars, "min-chars", 0, "only quotes of at least N characters")
	fl.StringVar(&filter.Category, "category", "", "only entries of this category")
	fl.StringVar(&filter.Tag, "tag", "", "only entries with this tag")
	fl.StringVar(&filter.Author, "author", "", "only entries by an author whose name contains this")
	fl.StringVar(&filter.Lang, "lang", "", "only quotes in this language (zh also matches zh-Hant)")
	fl.StringVar(&tz, "tz", "", "IANA time zone of calendar days (default feed.tz, else local)")
	fl.StringVar(&history, "history", "", "history file of the days issued (default feed.history)")
	fl.IntVar(&maxGraphemes, "max-graphemes", 0, "post: the longest post in grapheme clusters (default feed.max_graphemes, else 300)")
	fl.StringVar(&size, "size", "", "card: the image size WIDTHxHEIGHT in pixels (default feed.card_size, else 1080x1080)")
	fl.BoolVar(&force, "force", false, "record more than 366 new days in the history in one run")
	fl.StringVarP(&out, "output", "o", "", "output file (default standard output); fortune also writes FILE.dat, card FILE.txt")
	return cmd
}

func isFeedFormat(s string) bool {
	for _, x := range feedFormats {
		if x == s {
			return true
		}
	}
	return false
}

// feedErr maps an error resolving or rendering days to its exit: an empty
// pool, a history with problems or too many new days are input problems
// (exit 1, nothing written).
func feedErr(err error) error {
	var he *daily.HistoryError
	if errors.Is(err, daily.ErrEmptyPool) || errors.Is(err, daily.ErrTooManyDays) || errors.Is(err, daily.ErrWindowTooLong) || errors.Is(err, feed.ErrNoLink) || errors.Is(err, feed.ErrNothingFits) || errors.As(err, &he) {
		return inputErr(err)
	}
	return &exitError{code: 1, err: err}
}
