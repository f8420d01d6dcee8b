package calendar

import (
	"fmt"
	"time"
)

// Location is China Standard Time, UTC+8 all year (China keeps no daylight saving time).
// Every date and time of day in this package is read in it.
var Location = time.FixedZone("CST", 8*60*60)

// Date is a civil date in China, without a time of day.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf is the date in China at t.
func DateOf(t time.Time) Date {
	y, m, d := t.In(Location).Date()
	return Date{y, m, d}
}

// ParseDate reads a date written YYYY-MM-DD. It rejects dates that do not exist
// (2026-02-30) and years outside 1900…9999.
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, Location)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: %w", s, err)
	}
	if t.Year() < 1900 {
		return Date{}, fmt.Errorf("date %q: year before 1900", s)
	}
	return DateOf(t), nil
}

// String writes the date YYYY-MM-DD, the form it is stored and sent in.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) }

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// Start is midnight at the beginning of the date in China.
func (d Date) Start() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, Location) }

// At is the moment of the date at the given time of day.
func (d Date) At(c TimeOfDay) time.Time { return d.Start().Add(time.Duration(c) * time.Minute) }

// AddDays is the date n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.Start().AddDate(0, 0, n)) }

// Weekday is the day of the week of the date.
func (d Date) Weekday() time.Weekday { return d.Start().Weekday() }

// IsWeekend reports whether the date is a Saturday or Sunday.
func (d Date) IsWeekend() bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// MarshalText writes the date YYYY-MM-DD (JSON uses it too).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }
