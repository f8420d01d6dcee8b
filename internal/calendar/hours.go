package calendar

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
)

// TimeOfDay is a wall-clock time in China as minutes after midnight, 0 (00:00) to
// 1440 (24:00, the end of the day).
type TimeOfDay int

// EndOfDay is 24:00, the latest time a working period may end.
const EndOfDay TimeOfDay = 24 * 60

// ParseTimeOfDay reads a time written HH:MM (24:00 is the end of the day).
func ParseTimeOfDay(s string) (TimeOfDay, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, fmt.Errorf("time of day %q: want HH:MM", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("time of day %q: want HH:MM", s)
	}
	return TimeOfDay(hh*60 + mm), nil
}

// String writes the time HH:MM.
func (c TimeOfDay) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// Duration is the time since midnight.
func (c TimeOfDay) Duration() time.Duration { return time.Duration(c) * time.Minute }

// Period is one working period of a working day, from Start up to (not including) End.
type Period struct {
	Start TimeOfDay
	End   TimeOfDay
}

// String writes the period HH:MM-HH:MM.
func (p Period) String() string { return p.Start.String() + "-" + p.End.String() }

// Hours are the working periods of every working day, in order.
type Hours []Period

// DefaultHours are the usual office hours of a Chinese government office: 09:00–12:00
// and 13:30–17:30, seven hours a day.
var DefaultHours = Hours{{Start: 9 * 60, End: 12 * 60}, {Start: 13*60 + 30, End: 17*60 + 30}}

// MaxPeriods bounds the working periods of a day.
const MaxPeriods = 6

// String writes the periods separated by spaces: "09:00-12:00 13:30-17:30", the form
// ParseHours reads.
func (h Hours) String() string {
	s := make([]string, len(h))
	for i, p := range h {
		s[i] = p.String()
	}
	return strings.Join(s, " ")
}

// Daily is the working time of one working day.
func (h Hours) Daily() time.Duration {
	var d time.Duration
	for _, p := range h {
		d += (p.End - p.Start).Duration()
	}
	return d
}

// Validate checks the periods for the field named field: at least one, at most
// MaxPeriods, each within the day and not empty or reversed, in order and not
// overlapping (one may end when the next starts).
func (h Hours) Validate(v *errs.Validation, field string) {
	if !v.Check(len(h) > 0, field, "err.required") {
		return
	}
	if !v.Check(len(h) <= MaxPeriods, field, "err.calendar_periods_max", MaxPeriods) {
		return
	}
	for i, p := range h {
		n := i + 1
		switch {
		case p.Start < 0 || p.End > EndOfDay:
			v.Add(field, "err.calendar_period_day", n)
		case p.End == p.Start:
			v.Add(field, "err.calendar_period_empty", n)
		case p.End < p.Start:
			v.Add(field, "err.calendar_period_reversed", n)
		case i > 0 && p.Start < h[i-1].Start:
			v.Add(field, "err.calendar_period_order", n)
		case i > 0 && p.Start < h[i-1].End:
			v.Add(field, "err.calendar_period_overlap", i, n)
		}
	}
}

// ParseHours reads periods written HH:MM-HH:MM, separated by spaces, commas or
// semicolons ("09:00-12:00, 13:30-17:30"), and validates them; problems are reported
// on field.
func ParseHours(s, field string) (Hours, error) {
	var v errs.Validation
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ',' || r == ';' || r == '，' || r == '；' || r == '\t' || r == '\n' || r == '\r' || r == '、'
	})
	h := make(Hours, 0, len(f))
	for i, item := range f {
		item = strings.NewReplacer("–", "-", "—", "-", "~", "-", "～", "-", "至", "-", "：", ":").Replace(item)
		a, b, ok := strings.Cut(item, "-")
		start, err1 := ParseTimeOfDay(a)
		end, err2 := ParseTimeOfDay(b)
		if !ok || err1 != nil || err2 != nil {
			v.Add(field, "err.calendar_period_format", i+1)
			return nil, v.Err()
		}
		h = append(h, Period{Start: start, End: end})
	}
	h.Validate(&v, field)
	return h, v.Err()
}
