package daily

import (
	"fmt"
	"time"
)

// Day is a calendar day counted from 1970-01-01 (day 0). It has no time
// zone: the caller decides which zone's calendar a day belongs to.
type Day int64

// DayOf returns the calendar day of t as written in t's own location.
func DayOf(t time.Time) Day {
	y, m, d := t.Date()
	u := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix()
	return Day(floorDiv(u, 86400))
}

// ParseDay parses a date written YYYY-MM-DD.
func ParseDay(s string) (Day, error) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return 0, fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
	}
	return DayOf(t), nil
}

// Time returns the instant of day d at hour:00 in loc (UTC when loc is nil).
func (d Day) Time(loc *time.Location, hour int) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	y, m, dd := d.date()
	return time.Date(y, m, dd, hour, 0, 0, 0, loc)
}

func (d Day) date() (int, time.Month, int) {
	return time.Unix(int64(d)*86400, 0).UTC().Date()
}

// String returns d as YYYY-MM-DD.
func (d Day) String() string {
	y, m, dd := d.date()
	return fmt.Sprintf("%04d-%02d-%02d", y, m, dd)
}

// Long returns d as readers write it: "24 November 2026".
func (d Day) Long() string {
	y, m, dd := d.date()
	return fmt.Sprintf("%d %s %d", dd, m, y)
}

// Weekday returns the day of the week of d.
func (d Day) Weekday() time.Weekday {
	return time.Unix(int64(d)*86400, 0).UTC().Weekday()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}
