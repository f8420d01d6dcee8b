package indicators

import (
	"errors"
	"testing"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
)

func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestPeriods(t *testing.T) {
	tests := []struct {
		grain, from, to  string
		want, previous   string // "from..to"
		days             int
		labelZH, labelEN string
	}{
		{"day", "2026-03-01", "", "2026-03-01..2026-03-01", "2026-02-28..2026-02-28", 1, "2026年3月1日", "1 March 2026"},
		{"week", "2026-03-04", "", "2026-03-02..2026-03-08", "2026-02-23..2026-03-01", 7, "2026年3月2日—2026年3月8日", "2 Mar 2026 – 8 Mar 2026"},
		{"week", "2026-03-08", "", "2026-03-02..2026-03-08", "2026-02-23..2026-03-01", 7, "2026年3月2日—2026年3月8日", "2 Mar 2026 – 8 Mar 2026"},
		{"week", "2026-01-01", "", "2025-12-29..2026-01-04", "2025-12-22..2025-12-28", 7, "2025年12月29日—2026年1月4日", "29 Dec 2025 – 4 Jan 2026"},
		{"", "2026-03-31", "", "2026-03-01..2026-03-31", "2026-02-01..2026-02-28", 31, "2026年3月", "March 2026"},
		{"month", "2026-01-15", "", "2026-01-01..2026-01-31", "2025-12-01..2025-12-31", 31, "2026年1月", "January 2026"},
		{"month", "2028-02-10", "", "2028-02-01..2028-02-29", "2028-01-01..2028-01-31", 29, "2028年2月", "February 2028"},
		{"quarter", "2026-05-20", "", "2026-04-01..2026-06-30", "2026-01-01..2026-03-31", 91, "2026年第2季度", "Q2 2026"},
		{"quarter", "2026-02-01", "", "2026-01-01..2026-03-31", "2025-10-01..2025-12-31", 90, "2026年第1季度", "Q1 2026"},
		{"quarter", "2026-12-31", "", "2026-10-01..2026-12-31", "2026-07-01..2026-09-30", 92, "2026年第4季度", "Q4 2026"},
		{"year", "2026-07-01", "", "2026-01-01..2026-12-31", "2025-01-01..2025-12-31", 365, "2026年", "2026"},
		{"custom", "2026-03-05", "2026-03-14", "2026-03-05..2026-03-14", "2026-02-23..2026-03-04", 10, "2026年3月5日—2026年3月14日", "5 Mar 2026 – 14 Mar 2026"},
		{"custom", "2026-03-05", "2026-03-05", "2026-03-05..2026-03-05", "2026-03-04..2026-03-04", 1, "2026年3月5日—2026年3月5日", "5 Mar 2026 – 5 Mar 2026"},
		{"custom", "2028-01-01", "2028-12-31", "2028-01-01..2028-12-31", "2026-12-31..2027-12-31", 366, "2028年1月1日—2028年12月31日", "1 Jan 2028 – 31 Dec 2028"},
		{"month", "", "", "2026-12-01..2026-12-31", "2026-11-01..2026-11-30", 31, "2026年12月", "December 2026"}, // today
	}
	today := date(t, "2026-12-02")
	for _, tt := range tests {
		t.Run(tt.grain+" "+tt.from, func(t *testing.T) {
			p, err := ParsePeriod(tt.grain, tt.from, tt.to, today)
			if err != nil {
				t.Fatal(err)
			}
			if got := p.From.String() + ".." + p.To.String(); got != tt.want {
				t.Errorf("period %s, want %s", got, tt.want)
			}
			prev := p.Previous()
			if got := prev.From.String() + ".." + prev.To.String(); got != tt.previous {
				t.Errorf("previous %s, want %s", got, tt.previous)
			}
			if p.Days() != tt.days {
				t.Errorf("%d days, want %d", p.Days(), tt.days)
			}
			if !p.Contains(p.From) || !p.Contains(p.To) || p.Contains(p.To.AddDays(1)) || p.Contains(p.From.AddDays(-1)) {
				t.Errorf("%v does not hold exactly its days", p)
			}
			if zh, en := p.Label("zh-CN"), p.Label("en"); zh != tt.labelZH || en != tt.labelEN {
				t.Errorf("labels %q, %q; want %q, %q", zh, en, tt.labelZH, tt.labelEN)
			}
		})
	}
}

func TestBadPeriods(t *testing.T) {
	tests := []struct {
		name, grain, from, to string
		field                 string
	}{
		{"unknown grain", "fortnight", "2026-03-01", "", "grain"},
		{"not a date", "month", "2026/03/01", "", "from"},
		{"a day that does not exist", "day", "2026-02-30", "", "from"},
		{"custom without a start", "custom", "", "2026-03-01", "from"},
		{"custom without an end", "custom", "2026-03-01", " ", "to"},
		{"reversed", "custom", "2026-03-10", "2026-03-01", "to"},
		{"longer than allowed", "custom", "2026-01-01", "2027-01-02", "to"},
		{"end not a date", "custom", "2026-01-01", "soon", "to"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParsePeriod(tt.grain, tt.from, tt.to, date(t, "2026-12-02"))
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != tt.field {
				t.Fatalf("got %v, want a message on %s", err, tt.field)
			}
		})
	}
}

// A running period is compared with as many first days of the one before; a finished
// one with all of it.
func TestSoFar(t *testing.T) {
	for _, tc := range []struct {
		grain      Grain
		day, today string
		from, to   string
		custom     bool
	}{
		{Month, "2026-12-01", "2026-12-03", "2026-11-01", "2026-11-03", true},
		{Month, "2026-12-01", "2026-12-31", "2026-11-01", "2026-11-30", false}, // longer than November: all of it
		{Month, "2026-03-01", "2026-03-30", "2026-02-01", "2026-02-28", false}, // February is shorter
		{Month, "2026-11-01", "2026-12-03", "2026-10-01", "2026-10-31", false}, // over: the whole month before
		{Week, "2026-12-02", "2026-12-02", "2026-11-23", "2026-11-25", true},   // Monday to Wednesday
		{Year, "2026-01-01", "2026-02-01", "2025-01-01", "2025-02-01", true},
		{Day, "2026-12-03", "2026-12-03", "2026-12-02", "2026-12-02", false},
	} {
		p := PeriodOf(tc.grain, date(t, tc.day)).SoFar(date(t, tc.today))
		if p.From.String() != tc.from || p.To.String() != tc.to || (p.Grain == Custom) != tc.custom {
			t.Errorf("%s of %s on %s: compared with %+v, want %s to %s", tc.grain, tc.day, tc.today, p, tc.from, tc.to)
		}
	}
}
