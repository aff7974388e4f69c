package model

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Values of the dates: setting.
const (
	// DatesPublished (the default) reads an entry's date as the day the
	// source was published.
	DatesPublished = "published"
	// DatesSaved reads the date of an entry with a link as the day the
	// collector saved it: it becomes the access date, and the
	// publication date is the one the link carries, if any.
	DatesSaved = "saved"
)

var (
	// /2016/04/12/ or /2016/04/ in a path (a day or a month).
	linkPathDate = regexp.MustCompile(`/((?:1[89]|20)\d\d)/(0[1-9]|1[0-2])(?:/(0[1-9]|[12]\d|3[01]))?(?:/|$|[.?#])`)
	// 2016-04-12 or 2016_04_12 in a path or name, not inside a longer number.
	linkDashDate = regexp.MustCompile(`(?:^|[^0-9])((?:1[89]|20)\d\d)[-_](0[1-9]|1[0-2])[-_](0[1-9]|[12]\d|3[01])(?:[^0-9]|$)`)
	// -20180716 or /20180716/: eight digits standing alone between
	// separators.
	linkCompactDate = regexp.MustCompile(`(?:^|[-_/.])((?:1[89]|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:[-_/.]|$)`)
)

// linkDateKeys are the query parameters read as a date.
var linkDateKeys = []string{"date", "d", "published", "pubdate"}

// LinkDate returns the publication date a URL carries, or the zero Date:
// a path like /2016/04/12/ (or /2016/04/, a month), a date written
// 2016-04-12 or 20180716 between separators (…-20180716), or a query
// parameter date=, d=, published= or pubdate= holding such a date. Years
// from 1800 to 2099 are taken; impossible dates (2015-02-30) are not.
func LinkDate(link string) Date {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || u.Host == "" {
		return Date{}
	}
	p := u.EscapedPath()
	if d, ok := matchDate(linkPathDate, p); ok {
		return d
	}
	if d, ok := matchDate(linkDashDate, p); ok {
		return d
	}
	if d, ok := matchDate(linkCompactDate, p); ok {
		return d
	}
	q := u.Query()
	for _, k := range linkDateKeys {
		v := strings.TrimSpace(q.Get(k))
		if v == "" {
			continue
		}
		if d, ok := matchDate(linkDashDate, v); ok {
			return d
		}
		if d, ok := matchDate(linkCompactDate, v); ok {
			return d
		}
	}
	return Date{}
}

// matchDate reads the first match of re in s (year, month and an
// optional day) as a Date, refusing impossible dates.
func matchDate(re *regexp.Regexp, s string) (Date, bool) {
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		text := m[1] + "-" + m[2]
		if m[3] != "" {
			text += "-" + m[3]
		}
		if d, err := ParseDate(text); err == nil {
			return d, true
		}
	}
	return Date{}, false
}

// span returns the first and last day a Date covers (a year, a month or
// a day).
func (d Date) span() (first, last time.Time) {
	first = d.Time()
	switch d.Precision() {
	case YearPrecision:
		return first, first.AddDate(1, 0, -1)
	case MonthPrecision:
		return first, first.AddDate(0, 1, -1)
	}
	return first, first
}

// moreThanAMonthApart reports whether the days a and b cover are more
// than a month apart: 2016-04-12 and 2016-05-20 are, 2016 and
// 2016-11-30 are not.
func moreThanAMonthApart(a, b Date) bool {
	af, al := a.span()
	bf, bl := b.span()
	if bf.Before(af) { // b starts first
		return bl.AddDate(0, 1, 0).Before(af)
	}
	return al.AddDate(0, 1, 0).Before(bf)
}

// noDateMessage is the warning about an entry without a date.
const noDateMessage = "no date (set date: YYYY, YYYY-MM or YYYY-MM-DD, or name the file YYYY-MM-DD-slug.md)"

// linkDateMarker is in every message of linkDateMessage.
const linkDateMarker = "more than a month from the date in the link"

// linkDateMessage returns the warning check gives when e's date and the
// date in its link are more than a month apart, or "".
func linkDateMessage(e *Entry) string {
	if e.Date.IsZero() || e.Link == "" {
		return ""
	}
	ld := LinkDate(e.Link)
	if ld.IsZero() || !moreThanAMonthApart(e.Date, ld) {
		return ""
	}
	return fmt.Sprintf("the date %s is "+linkDateMarker+" (%s); if it is the day you saved the entry, not the day the source was published, set \"dates: saved\" in %s", e.Date, ld, SettingsFile)
}

// ApplySettings returns e and the problems found while parsing it as the
// collection's settings s read them. With "dates: saved" an entry with a
// link gets its date as the access date (unless it has one) and the
// date its link carries, if any, as its publication date; the warnings
// that the two differ, or that there is no date when the link gives
// one, are then dropped. e itself is never changed: a changed entry is a
// copy. Load applies it to every entry; a program that parses one file
// with ParseEntry should apply it too.
func ApplySettings(s Settings, e *Entry, probs []Problem) (*Entry, []Problem) {
	if e == nil || s.Dates != DatesSaved || e.Link == "" {
		return e, probs
	}
	cp := *e
	if cp.Accessed.IsZero() {
		cp.Accessed = cp.Date
	}
	cp.Date = LinkDate(cp.Link)
	drop := map[string]bool{}
	if msg := linkDateMessage(e); msg != "" {
		drop[msg] = true
	}
	if e.Date.IsZero() && !cp.Date.IsZero() {
		drop[noDateMessage] = true
	}
	if len(drop) > 0 {
		kept := make([]Problem, 0, len(probs))
		for _, p := range probs {
			if p.Path == e.Path && p.Severity == Warning && drop[p.Message] {
				continue
			}
			kept = append(kept, p)
		}
		probs = kept
	}
	return &cp, probs
}
