package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar date that knows its precision: a year, a year and
// month, or a full date. The zero Date means "no date".
type Date struct {
	Year  int `json:"year,omitempty"`
	Month int `json:"month,omitempty"` // 1–12, 0 when only the year is known
	Day   int `json:"day,omitempty"`   // 1–31, 0 when not known
}

// Precision values returned by Date.Precision.
const (
	NoDate = iota
	YearPrecision
	MonthPrecision
	DayPrecision
)

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d.Year == 0 && d.Month == 0 && d.Day == 0 }

// Precision returns NoDate, YearPrecision, MonthPrecision or DayPrecision.
func (d Date) Precision() int {
	switch {
	case d.IsZero():
		return NoDate
	case d.Month == 0:
		return YearPrecision
	case d.Day == 0:
		return MonthPrecision
	}
	return DayPrecision
}

// String formats d as YYYY, YYYY-MM or YYYY-MM-DD; "" for the zero Date.
func (d Date) String() string {
	switch d.Precision() {
	case YearPrecision:
		return fmt.Sprintf("%04d", d.Year)
	case MonthPrecision:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	case DayPrecision:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return ""
}

// Before reports whether d sorts before e; missing parts sort first.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// Time returns d as midnight UTC, missing parts taken as 1.
func (d Date) Time() time.Time {
	m, day := d.Month, d.Day
	if m == 0 {
		m = 1
	}
	if day == 0 {
		day = 1
	}
	return time.Date(d.Year, time.Month(m), day, 0, 0, 0, 0, time.UTC)
}

// MonthName returns the English name of d's month, or "".
func (d Date) MonthName() string {
	if d.Month < 1 || d.Month > 12 {
		return ""
	}
	return time.Month(d.Month).String()
}

// DateForms lists the accepted date forms, for error messages.
const DateForms = "YYYY, YYYY-MM, YYYY-MM-DD or a timestamp like 2015-11-16 10:00:00 -0500"

// ParseDate parses YYYY, YYYY-MM, YYYY-MM-DD, or a timestamp whose calendar
// date comes first (2015-11-16 10:00:00 -0500, 2015-11-16T10:00:00Z); the
// date is taken as written, with no time-zone shift. It rejects impossible
// dates such as 2015-13-45 and 2015-02-30.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, fmt.Errorf("empty date")
	}
	datePart, timePart := s, ""
	if i := strings.IndexAny(s, " Tt"); i >= 0 {
		datePart, timePart = s[:i], strings.TrimSpace(s[i+1:])
	}
	parts := strings.Split(datePart, "-")
	if len(parts) > 3 {
		return Date{}, fmt.Errorf("%q is not a date", s)
	}
	var n [3]int
	widths := [3]int{4, 2, 2}
	for i, p := range parts {
		if len(p) != widths[i] && !(i > 0 && len(p) == 1) {
			return Date{}, fmt.Errorf("%q is not a date", s)
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || strings.ContainsAny(p, "+-") {
			return Date{}, fmt.Errorf("%q is not a date", s)
		}
		n[i] = v
	}
	if len(parts) < 3 && datePart != s {
		return Date{}, fmt.Errorf("%q is not a date", s)
	}
	if timePart != "" {
		if err := checkTimePart(timePart); err != nil {
			return Date{}, fmt.Errorf("%q is not a date: %w", s, err)
		}
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if d.Year == 0 {
		return Date{}, fmt.Errorf("%q is not a date: there is no year 0", s)
	}
	if len(parts) >= 2 && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("%q is not a date: month %d does not exist", s, d.Month)
	}
	if len(parts) == 3 {
		last := time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return Date{}, fmt.Errorf("%q is not a date: %s %d has no day %d", s, time.Month(d.Month), d.Year, d.Day)
		}
	}
	return d, nil
}

// checkTimePart accepts the time and zone after a date, such as
// "10:00:00 -0500", "10:00", "10:00:00Z" or "10:00:00.5+01:00".
func checkTimePart(t string) error {
	if t == "" {
		return nil
	}
	clock := t
	if i := strings.IndexAny(t, " +-Zz"); i >= 0 {
		clock = t[:i]
	}
	f := strings.Split(clock, ":")
	if len(f) < 2 || len(f) > 3 {
		return fmt.Errorf("%q is not a time", t)
	}
	for i, p := range f {
		if i == 2 {
			p, _, _ = strings.Cut(p, ".")
		}
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || (i == 0 && v > 24) || (i > 0 && v > 60) {
			return fmt.Errorf("%q is not a time", t)
		}
	}
	return nil
}
