package calendar

import (
	"sort"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Kind is what an override makes of a day.
type Kind string

// The kinds of override.
const (
	Holiday Kind = "holiday" // 法定节假日/休息日: a day off, even on a weekday
	Workday Kind = "workday" // 调休上班: a weekend day that is worked
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{Holiday, Workday}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Holiday || k == Workday }

// Key is the catalogue key of the kind's name.
func (k Kind) Key() string { return "day_kind." + string(k) }

// MaxName bounds the name of a day.
const MaxName = 40

// Day is an override of one date: the State Council's holidays (including the weekend
// days inside a holiday span, which stay days off) and the weekend days worked in
// exchange (调休).
type Day struct {
	Date Date
	Kind Kind
	Name string // such as 春节 or 国庆节
}

// Validate checks the day; fields are "day", "kind" and "name". A make-up working day
// must fall on a weekend (every weekday already is one).
func (d Day) Validate(v *errs.Validation) {
	v.Check(!d.Date.IsZero(), "day", "err.date")
	if v.Check(d.Kind.Valid(), "kind", "err.choose_one") && d.Kind == Workday && !d.Date.IsZero() {
		v.Check(d.Date.IsWeekend(), "day", "err.calendar_workday_weekday")
	}
	v.MaxLen("name", d.Name, MaxName)
}

// Calendar is the working calendar: which dates are working days and the working hours
// of each. It is immutable and safe for concurrent use.
//
// A date is a working day when an override makes it one (Workday) or, without an
// override, when it is Monday to Friday; Saturdays and Sundays are days off unless
// overridden, and a Holiday override makes any date a day off. Working time is the time
// inside the working periods (Hours) of working days, read in China Standard Time.
//
// Time limits are counted by unit (DESIGN.md §3):
//
//   - NaturalHours: the wall clock. N natural hours from start end at start + N hours,
//     nights and holidays included.
//   - WorkingHours: only working time counts. A limit that starts at night, in the lunch
//     break, on a weekend or on a holiday starts counting at the start of the next
//     working period. N working hours end at the earliest moment at which N hours of
//     working time have passed since start: the end of a working period rather than the
//     start of the next one (3 working hours from 09:00 end at 12:00, not 13:30).
//   - WorkingDays: as in Chinese administrative practice, the day a period starts is not
//     counted (期间开始的日不计算在内). Day 1 is the first working day after the start's
//     date, whatever the start's time of day, and N working days end at the close of
//     business (the end of the last working period) of the N-th working day after the
//     start's date. A start on a weekend or holiday therefore has the next working day
//     as day 1, like a start on the working day before it: a request that arrives on a
//     Saturday and one that arrives on the Friday before are both due on the same day.
//
// Remaining and Extend measure natural hours on the wall clock and both working units
// in working time, so a clock suspended at t with Remaining(t, due, u) left resumes
// at r with Extend(r, left, u) and its due time moves by exactly the working time (or,
// for natural hours, the wall time) it was paused.
type Calendar struct {
	days  map[Date]Day
	hours Hours
	daily time.Duration
}

// New builds a calendar from its overrides and working hours; nil or empty hours mean
// DefaultHours. It fails with field errors on a bad day, a date given twice or bad hours.
func New(days []Day, hours Hours) (*Calendar, error) {
	if len(hours) == 0 {
		hours = DefaultHours
	}
	var v errs.Validation
	hours.Validate(&v, "periods")
	c := &Calendar{days: make(map[Date]Day, len(days)), hours: append(Hours(nil), hours...), daily: hours.Daily()}
	for _, d := range days {
		d.Validate(&v)
		if _, dup := c.days[d.Date]; dup {
			v.Add("day", "err.calendar_day_twice", d.Date.String())
		}
		c.days[d.Date] = d
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return c, nil
}

// Hours are the working periods of a working day.
func (c *Calendar) Hours() Hours { return append(Hours(nil), c.hours...) }

// Override is the override of a date, if it has one.
func (c *Calendar) Override(d Date) (Day, bool) {
	day, ok := c.days[d]
	return day, ok
}

// IsWorkday reports whether d is a working day.
func (c *Calendar) IsWorkday(d Date) bool {
	if day, ok := c.days[d]; ok {
		return day.Kind == Workday
	}
	return !d.IsWeekend()
}

// searchDays bounds the search for working time: a calendar that gives no working
// day in ten years is broken, and the search stops there rather than loop.
const searchDays = 3660

// WorkingBetween is the working time from from to to (zero when to is not after from).
// It measures a paused clock and the handling time of a case in working time.
func (c *Calendar) WorkingBetween(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	var sum time.Duration
	end := DateOf(to)
	for d := DateOf(from); !end.Before(d); d = d.AddDays(1) {
		if !c.IsWorkday(d) {
			continue
		}
		for _, p := range c.hours {
			s, e := d.At(p.Start), d.At(p.End)
			if s.Before(from) {
				s = from
			}
			if e.After(to) {
				e = to
			}
			if e.After(s) {
				sum += e.Sub(s)
			}
		}
	}
	return sum
}

// advance is the earliest moment t' ≥ t at which d of working time has passed since t.
func (c *Calendar) advance(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	// Whole working days past the first are skipped a day at a time, without walking
	// every period of every day.
	for day, n := DateOf(t), 0; n < searchDays+int(d/c.daily)*2; day, n = day.AddDays(1), n+1 {
		if !c.IsWorkday(day) {
			continue
		}
		if day.Start().After(t) && d > c.daily {
			d -= c.daily
			continue
		}
		for _, p := range c.hours {
			s, e := day.At(p.Start), day.At(p.End)
			if s.Before(t) {
				s = t
			}
			if !e.After(s) {
				continue
			}
			if avail := e.Sub(s); d <= avail {
				return s.Add(d).In(Location)
			} else {
				d -= avail
			}
		}
	}
	return time.Time{}
}

// NextWorkingStart is t itself when t is working time (inside a working period of a
// working day; a period's end is not inside it), and otherwise the start of the next
// working period: the moment a clock that starts at t begins to count working time.
func (c *Calendar) NextWorkingStart(t time.Time) time.Time {
	for day, n := DateOf(t), 0; n < searchDays; day, n = day.AddDays(1), n+1 {
		if !c.IsWorkday(day) {
			continue
		}
		for _, p := range c.hours {
			s, e := day.At(p.Start), day.At(p.End)
			if !t.Before(e) {
				continue
			}
			if t.Before(s) {
				return s
			}
			return t.In(Location)
		}
	}
	return time.Time{}
}

// closeOf is the end of the last working period of date d.
func (c *Calendar) closeOf(d Date) time.Time { return d.At(c.hours[len(c.hours)-1].End) }

// Due is when a limit that starts at start runs out (see Calendar for how each unit
// counts). The zero limit, or one with an unknown unit, has no due time: Due returns
// the zero time.
func (c *Calendar) Due(start time.Time, l Limit) time.Time {
	if l.Amount <= 0 {
		return time.Time{}
	}
	switch l.Unit {
	case NaturalHours:
		return start.Add(time.Duration(l.Amount) * time.Hour).In(Location)
	case WorkingHours:
		return c.advance(start, time.Duration(l.Amount)*time.Hour)
	case WorkingDays:
		d, n := DateOf(start), 0
		for i := 0; n < l.Amount && i < searchDays+2*l.Amount; i++ {
			d = d.AddDays(1)
			if c.IsWorkday(d) {
				n++
			}
		}
		if n < l.Amount {
			return time.Time{}
		}
		return c.closeOf(d)
	}
	return time.Time{}
}

// Partial is the moment the fraction f of a limit that starts at start has run: for
// natural hours f of the wall time, for working units f of the working time between
// start and Due (for working days, the working time left on the start's own day
// counts too). It is used for early warnings, such as yellow at 0.8. A fraction at or
// below 0 gives start, at or above 1 the due time; the zero limit gives the zero time.
func (c *Calendar) Partial(start time.Time, l Limit, f float64) time.Time {
	due := c.Due(start, l)
	if due.IsZero() {
		return due
	}
	if f <= 0 {
		return start.In(Location)
	}
	if f >= 1 {
		return due
	}
	if l.Unit == NaturalHours {
		return start.Add(time.Duration(float64(due.Sub(start)) * f)).In(Location)
	}
	return c.advance(start, time.Duration(float64(c.WorkingBetween(start, due))*f))
}

// Remaining is how much of a limit counted in unit u is left at now before due: wall
// time for natural hours, working time for working hours and working days. It is zero
// when due has passed.
func (c *Calendar) Remaining(now, due time.Time, u Unit) time.Duration {
	if !due.After(now) {
		return 0
	}
	if u == NaturalHours {
		return due.Sub(now)
	}
	return c.WorkingBetween(now, due)
}

// Extend is the moment at which d of unit u's measure has run from start: start + d
// for natural hours, the earliest moment after d of working time for working units.
// It inverts Remaining: Remaining(start, Extend(start, d, u), u) == d for every d ≥ 0,
// and Extend(t, Remaining(t, due, u), u) == due whenever due is inside a working period
// or at its end (every due time Due gives is).
func (c *Calendar) Extend(start time.Time, d time.Duration, u Unit) time.Time {
	if u == NaturalHours {
		return start.Add(max(d, 0)).In(Location)
	}
	return c.advance(start, d)
}

// Days lists the calendar's overrides in date order.
func (c *Calendar) Days() []Day {
	out := make([]Day, 0, len(c.days))
	for _, d := range c.days {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Date.Before(out[j].Date) })
	return out
}

// DayRecord is a stored override with its bookkeeping.
type DayRecord struct {
	Day
	Created, Updated time.Time
	Version          int
}

// HoursRecord is the stored working hours with their bookkeeping.
type HoursRecord struct {
	Hours   Hours
	Updated time.Time
	Version int
}
