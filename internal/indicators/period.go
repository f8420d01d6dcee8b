package indicators

import (
	"fmt"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
)

// Grain is the length of a period figures are given for.
type Grain string

// The grains. Weeks start on Monday, as Chinese calendars print them.
const (
	Day     Grain = "day"
	Week    Grain = "week"
	Month   Grain = "month"
	Quarter Grain = "quarter"
	Year    Grain = "year"
	Custom  Grain = "custom" // any range of whole days, at most MaxCustomDays
)

// Grains are the grains in the order a form offers them.
var Grains = []Grain{Day, Week, Month, Quarter, Year, Custom}

// MaxCustomDays bounds a custom period: a year, leap day included.
const MaxCustomDays = 366

// Period is a range of whole days in China, both ends included.
type Period struct {
	Grain    Grain
	From, To calendar.Date
}

// PeriodOf is the period of grain g (not Custom) that holds d.
func PeriodOf(g Grain, d calendar.Date) Period {
	switch g {
	case Week:
		back := (int(d.Weekday()) + 6) % 7 // days since Monday
		from := d.AddDays(-back)
		return Period{Week, from, from.AddDays(6)}
	case Month:
		from := calendar.Date{Year: d.Year, Month: d.Month, Day: 1}
		return Period{Month, from, monthEnd(from)}
	case Quarter:
		from := calendar.Date{Year: d.Year, Month: (d.Month-1)/3*3 + 1, Day: 1}
		return Period{Quarter, from, monthEnd(calendar.Date{Year: d.Year, Month: from.Month + 2, Day: 1})}
	case Year:
		return Period{Year, calendar.Date{Year: d.Year, Month: time.January, Day: 1}, calendar.Date{Year: d.Year, Month: time.December, Day: 31}}
	default:
		return Period{Day, d, d}
	}
}

// monthEnd is the last day of first's month.
func monthEnd(first calendar.Date) calendar.Date {
	return calendar.DateOf(first.Start().AddDate(0, 1, -1))
}

// ParsePeriod reads a period as a page or the API gives it: a grain ("" for a month), a
// day within it (from, "" for today), and for a custom period its last day (to). The
// error names each field that is wrong.
func ParsePeriod(grain, from, to string, today calendar.Date) (Period, error) {
	var v errs.Validation
	g := Grain(strings.TrimSpace(grain))
	if g == "" {
		g = Month
	}
	switch g {
	case Day, Week, Month, Quarter, Year, Custom:
	default:
		v.Add("grain", "err.period_grain")
	}
	date := func(field, s string) calendar.Date {
		s = strings.TrimSpace(s)
		if s == "" {
			if g == Custom {
				v.Add(field, "err.required")
			}
			return today
		}
		d, err := calendar.ParseDate(s)
		if err != nil {
			v.Add(field, "err.date")
		}
		return d
	}
	start := date("from", from)
	if g != Custom {
		if err := v.Err(); err != nil {
			return Period{}, err
		}
		return PeriodOf(g, start), nil
	}
	end := date("to", to)
	if v.OK() {
		if end.Before(start) {
			v.Add("to", "err.date_order")
		} else if days(start, end) > MaxCustomDays {
			v.Add("to", "err.period_too_long", MaxCustomDays)
		}
	}
	if err := v.Err(); err != nil {
		return Period{}, err
	}
	return Period{Custom, start, end}, nil
}

// days is the number of days from a to b, both included.
func days(a, b calendar.Date) int {
	return int(b.Start().Sub(a.Start()).Round(24*time.Hour)/(24*time.Hour)) + 1
}

// Days is the number of days in p.
func (p Period) Days() int { return days(p.From, p.To) }

// Contains reports whether d lies in p.
func (p Period) Contains(d calendar.Date) bool { return !d.Before(p.From) && !p.To.Before(d) }

// Previous is the period figures are compared with: the one before p of the same grain
// (the previous month for a month, even a shorter one), or for a custom period as many
// days just before it.
func (p Period) Previous() Period {
	if p.Grain == Custom {
		return Period{Custom, p.From.AddDays(-p.Days()), p.From.AddDays(-1)}
	}
	return PeriodOf(p.Grain, p.From.AddDays(-1))
}

// SoFar is the period figures are compared with on today: the previous period, or while
// p is still running its first days as many (1–3 December against 1–3 November), so a
// month three days old is not set against a whole one.
func (p Period) SoFar(today calendar.Date) Period {
	prev := p.Previous()
	if !p.Contains(today) {
		return prev
	}
	if n := days(p.From, today); n < prev.Days() {
		return Period{Custom, prev.From, prev.From.AddDays(n - 1)}
	}
	return prev
}

// Label names p for a page in lang ("en" or zh-CN).
func (p Period) Label(lang string) string {
	en := lang == "en"
	switch p.Grain {
	case Day:
		if en {
			return p.From.Start().Format("2 January 2006")
		}
		return fmt.Sprintf("%d年%d月%d日", p.From.Year, p.From.Month, p.From.Day)
	case Month:
		if en {
			return p.From.Start().Format("January 2006")
		}
		return fmt.Sprintf("%d年%d月", p.From.Year, p.From.Month)
	case Quarter:
		q := (int(p.From.Month)-1)/3 + 1
		if en {
			return fmt.Sprintf("Q%d %d", q, p.From.Year)
		}
		return fmt.Sprintf("%d年第%d季度", p.From.Year, q)
	case Year:
		if en {
			return fmt.Sprint(p.From.Year)
		}
		return fmt.Sprintf("%d年", p.From.Year)
	}
	if en {
		return p.From.Start().Format("2 Jan 2006") + " – " + p.To.Start().Format("2 Jan 2006")
	}
	return fmt.Sprintf("%d年%d月%d日—%d年%d月%d日", p.From.Year, p.From.Month, p.From.Day, p.To.Year, p.To.Month, p.To.Day)
}
