package calendar_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/errs/errstest"
)

// The loop computes its deadlines through cases.Calendar.
var _ cases.Calendar = (*calendar.Calendar)(nil)

// reference reads the 2025 and 2026 arrangements from testdata (npm chinese-days).
func reference(t testing.TB) []calendar.Day {
	t.Helper()
	b, err := os.ReadFile("testdata/chinese-days-2025-2026.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string]map[string]string
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	var days []calendar.Day
	for set, kind := range map[string]calendar.Kind{"holidays": calendar.Holiday, "workdays": calendar.Workday} {
		for date, v := range ref[set] {
			d, err := calendar.ParseDate(date)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.Split(v, ",")[1]
			days = append(days, calendar.Day{Date: d, Kind: kind, Name: name})
		}
	}
	return days
}

func china(t testing.TB) *calendar.Calendar {
	t.Helper()
	c, err := calendar.New(reference(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// at reads "2006-01-02 15:04" in China.
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Location)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func show(v time.Time) string {
	if v.IsZero() {
		return "zero"
	}
	return v.In(calendar.Location).Format("2006-01-02 15:04:05 Mon")
}

func TestIsWorkday(t *testing.T) {
	c := china(t)
	for _, tc := range []struct {
		date string
		want bool
	}{
		{"2026-03-02", true},  // Monday
		{"2026-03-07", false}, // Saturday
		{"2026-03-08", false}, // Sunday
		{"2025-01-01", false}, // 元旦, Wednesday
		{"2025-01-26", true},  // Sunday worked for 春节
		{"2025-01-28", false}, // 除夕
		{"2025-02-04", false}, // last day of 春节
		{"2025-02-05", true},
		{"2025-02-08", true},  // Saturday worked for 春节
		{"2025-04-27", true},  // Sunday worked for 劳动节
		{"2025-09-28", true},  // Sunday worked for 国庆节
		{"2025-10-06", false}, // 中秋 inside 国庆节
		{"2025-10-11", true},  // Saturday worked for 国庆节
		{"2026-01-04", true},  // Sunday worked for 元旦
		{"2026-02-14", true},  // Saturday worked for 春节
		{"2026-02-23", false}, // Monday off, 春节
		{"2026-02-28", true},  // Saturday worked for 春节
		{"2026-05-09", true},
		{"2026-09-20", true},
		{"2026-09-25", false}, // 中秋, Friday
		{"2026-10-07", false},
		{"2026-10-08", true},
		{"2026-10-10", true},
		{"2027-10-01", true}, // not entered yet: an ordinary Friday
	} {
		d, err := calendar.ParseDate(tc.date)
		if err != nil {
			t.Fatal(err)
		}
		if got := c.IsWorkday(d); got != tc.want {
			t.Errorf("IsWorkday(%s) = %v, want %v", tc.date, got, tc.want)
		}
	}
}

func TestDue(t *testing.T) {
	c := china(t)
	wh := func(n int) calendar.Limit { return calendar.Limit{Amount: n, Unit: calendar.WorkingHours} }
	wd := func(n int) calendar.Limit { return calendar.Limit{Amount: n, Unit: calendar.WorkingDays} }
	nh := func(n int) calendar.Limit { return calendar.Limit{Amount: n, Unit: calendar.NaturalHours} }
	for _, tc := range []struct {
		name  string
		start string
		limit calendar.Limit
		want  string // "" is the zero time
	}{
		{"working hour in the morning", "2026-03-02 09:00", wh(1), "2026-03-02 10:00"},
		{"ends at the end of the morning, not after lunch", "2026-03-02 09:00", wh(3), "2026-03-02 12:00"},
		{"across the lunch break", "2026-03-02 10:00", wh(3), "2026-03-02 14:30"},
		{"start in the lunch break", "2026-03-02 12:30", wh(1), "2026-03-02 14:30"},
		{"start at the lunch break's start", "2026-03-02 12:00", wh(1), "2026-03-02 14:30"},
		{"before work", "2026-03-02 06:00", wh(5), "2026-03-02 15:30"},
		{"a whole day", "2026-03-02 09:00", wh(7), "2026-03-02 17:30"},
		{"a day and an hour", "2026-03-02 09:00", wh(8), "2026-03-03 10:00"},
		{"at close of business", "2026-03-02 17:30", wh(1), "2026-03-03 10:00"},
		{"at night", "2026-03-02 20:00", wh(1), "2026-03-03 10:00"},
		{"Friday afternoon to Monday", "2026-03-06 17:00", wh(1), "2026-03-09 09:30"},
		{"Saturday", "2026-03-07 10:00", wh(5), "2026-03-09 15:30"},
		{"a working week", "2026-03-02 09:00", wh(35), "2026-03-06 17:30"},
		{"2025 Spring Festival", "2025-01-27 17:00", wh(1), "2025-02-05 09:30"},
		{"2025 make-up Sunday before Spring Festival", "2025-01-25 10:00", wh(1), "2025-01-26 10:00"},
		{"2025 make-up Saturday after Spring Festival", "2025-02-07 17:00", wh(1), "2025-02-08 09:30"},
		{"2026 National Day", "2026-09-30 17:00", wh(1), "2026-10-08 09:30"},
		{"2026 make-up Sunday before National Day", "2026-09-19 12:00", wh(2), "2026-09-20 11:00"},
		{"2026 Mid-Autumn Friday", "2026-09-24 17:00", wh(1), "2026-09-28 09:30"},
		{"year end into a make-up Sunday", "2025-12-31 17:00", wh(1), "2026-01-04 09:30"},
		{"working day: the start's day is not counted", "2026-03-02 10:00", wd(1), "2026-03-03 17:30"},
		{"working day: early morning start", "2026-03-02 00:30", wd(1), "2026-03-03 17:30"},
		{"working day: late evening start", "2026-03-02 23:30", wd(1), "2026-03-03 17:30"},
		{"working day: Friday to Monday", "2026-03-06 10:00", wd(1), "2026-03-09 17:30"},
		{"working day: Saturday start counts Monday as day 1", "2026-03-07 10:00", wd(1), "2026-03-09 17:30"},
		{"working day: Sunday night start", "2026-03-08 23:00", wd(1), "2026-03-09 17:30"},
		{"working days: five is a week", "2026-03-02 10:00", wd(5), "2026-03-09 17:30"},
		{"working day: 2025 Spring Festival", "2025-01-27 09:00", wd(1), "2025-02-05 17:30"},
		{"working days: make-up Sunday is day 1", "2025-01-24 15:00", wd(2), "2025-01-27 17:30"},
		{"working day: start on a holiday", "2025-01-30 10:00", wd(1), "2025-02-05 17:30"},
		{"working day: 2026 make-up Saturday", "2026-02-13 10:00", wd(1), "2026-02-14 17:30"},
		{"working day: 2026 National Day", "2026-09-30 10:00", wd(1), "2026-10-08 17:30"},
		{"working days: 2026 make-up Saturday after National Day", "2026-09-30 10:00", wd(3), "2026-10-10 17:30"},
		{"working days: fifteen across Mid-Autumn and National Day", "2026-09-21 10:00", wd(15), "2026-10-19 17:30"},
		{"working days: year end", "2025-12-30 10:00", wd(3), "2026-01-05 17:30"},
		{"natural hours ignore nights and holidays", "2026-09-30 20:00", nh(24), "2026-10-01 20:00"},
		{"natural hours across the year end", "2025-12-31 23:00", nh(2), "2026-01-01 01:00"},
		{"zero limit", "2026-03-02 10:00", calendar.Limit{}, ""},
		{"unknown unit", "2026-03-02 10:00", calendar.Limit{Amount: 1, Unit: "weeks"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Due(at(t, tc.start), tc.limit)
			want := time.Time{}
			if tc.want != "" {
				want = at(t, tc.want)
			}
			if !got.Equal(want) {
				t.Errorf("Due(%s, %v) = %s, want %s", tc.start, tc.limit, show(got), show(want))
			}
		})
	}
}

func TestDueUTC(t *testing.T) {
	c := china(t)
	// 01:00 UTC is 09:00 in China.
	got := c.Due(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC), calendar.Limit{Amount: 1, Unit: calendar.WorkingHours})
	if want := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("got %s, want %s", show(got), show(want))
	}
	// 20:00 UTC on Sunday is 04:00 on Monday in China: Monday is the start's day.
	got = c.Due(time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC), calendar.Limit{Amount: 1, Unit: calendar.WorkingDays})
	if want := at(t, "2026-03-03 17:30"); !got.Equal(want) {
		t.Errorf("got %s, want %s", show(got), show(want))
	}
}

func TestPartial(t *testing.T) {
	c := china(t)
	for _, tc := range []struct {
		name  string
		start string
		limit calendar.Limit
		f     float64
		want  string
	}{
		{"working hours at 0.8", "2026-03-02 09:00", calendar.Limit{Amount: 10, Unit: calendar.WorkingHours}, 0.8, "2026-03-03 10:00"},
		{"working hours at half, lunch skipped", "2026-03-02 10:00", calendar.Limit{Amount: 4, Unit: calendar.WorkingHours}, 0.5, "2026-03-02 12:00"},
		{"natural hours at half", "2026-03-02 00:00", calendar.Limit{Amount: 10, Unit: calendar.NaturalHours}, 0.5, "2026-03-02 05:00"},
		// Monday 10:00 to Tuesday 17:30 is 6 + 7 = 13 working hours; 0.8 of it is 10h24m.
		{"working day at 0.8", "2026-03-02 10:00", calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}, 0.8, "2026-03-03 14:54"},
		// From a Saturday the whole limit is Monday's 7 hours; half is 12:30 after lunch.
		{"working day from a Saturday at half", "2026-03-07 10:00", calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}, 0.5, "2026-03-09 14:00"},
		{"across 2025 Spring Festival", "2025-01-27 16:30", calendar.Limit{Amount: 2, Unit: calendar.WorkingHours}, 0.5, "2025-01-27 17:30"},
		{"across 2025 Spring Festival, later", "2025-01-27 16:30", calendar.Limit{Amount: 2, Unit: calendar.WorkingHours}, 0.75, "2025-02-05 09:30"},
		{"fraction 0 is the start", "2026-03-02 10:00", calendar.Limit{Amount: 3, Unit: calendar.WorkingHours}, 0, "2026-03-02 10:00"},
		{"fraction 1 is the due time", "2026-03-02 10:00", calendar.Limit{Amount: 3, Unit: calendar.WorkingHours}, 1, "2026-03-02 14:30"},
		{"fraction above 1 is the due time", "2026-03-02 10:00", calendar.Limit{Amount: 3, Unit: calendar.WorkingDays}, 1.5, "2026-03-05 17:30"},
		{"zero limit", "2026-03-02 10:00", calendar.Limit{}, 0.8, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := c.Partial(at(t, tc.start), tc.limit, tc.f)
			want := time.Time{}
			if tc.want != "" {
				want = at(t, tc.want)
			}
			if !got.Equal(want) {
				t.Errorf("Partial = %s, want %s", show(got), show(want))
			}
		})
	}
}

func TestWorkingBetween(t *testing.T) {
	c := china(t)
	for _, tc := range []struct {
		from, to string
		want     time.Duration
	}{
		{"2026-03-02 09:00", "2026-03-02 17:30", 7 * time.Hour},
		{"2026-03-02 11:00", "2026-03-02 14:00", 90 * time.Minute},
		{"2026-03-02 12:10", "2026-03-02 13:20", 0},
		{"2026-03-02 20:00", "2026-03-03 08:00", 0},
		{"2026-03-06 17:00", "2026-03-09 09:30", time.Hour},
		{"2026-03-02 00:00", "2026-03-09 00:00", 35 * time.Hour},
		{"2025-01-27 00:00", "2025-02-09 00:00", 5 * 7 * time.Hour}, // 01-27, 02-05…07 and make-up 02-08; 01-26 outside
		{"2026-09-28 00:00", "2026-10-12 00:00", 6 * 7 * time.Hour}, // 09-28…30, 10-08…10
		{"2026-03-02 17:30", "2026-03-02 09:00", 0},                 // reversed
	} {
		if got := c.WorkingBetween(at(t, tc.from), at(t, tc.to)); got != tc.want {
			t.Errorf("WorkingBetween(%s, %s) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestNextWorkingStart(t *testing.T) {
	c := china(t)
	for _, tc := range []struct{ t, want string }{
		{"2026-03-02 10:00", "2026-03-02 10:00"},
		{"2026-03-02 09:00", "2026-03-02 09:00"},
		{"2026-03-02 12:00", "2026-03-02 13:30"},
		{"2026-03-02 07:00", "2026-03-02 09:00"},
		{"2026-03-02 17:30", "2026-03-03 09:00"},
		{"2026-03-07 10:00", "2026-03-09 09:00"},
		{"2025-01-28 10:00", "2025-02-05 09:00"},
		{"2025-02-07 18:00", "2025-02-08 09:00"},
		{"2026-10-01 00:00", "2026-10-08 09:00"},
		{"2025-12-31 18:00", "2026-01-04 09:00"},
	} {
		if got := c.NextWorkingStart(at(t, tc.t)); !got.Equal(at(t, tc.want)) {
			t.Errorf("NextWorkingStart(%s) = %s, want %s", tc.t, show(got), tc.want)
		}
	}
}

// A clock suspended and resumed moves its due time by exactly the working time it was
// paused for (wall time for natural hours).
func TestSuspendResume(t *testing.T) {
	c := china(t)
	for _, tc := range []struct {
		name                 string
		start, pause, resume string
		limit                calendar.Limit
		left                 time.Duration
		want                 string
	}{
		{"working hours across a weekend", "2026-03-02 10:00", "2026-03-03 10:00", "2026-03-06 09:00",
			calendar.Limit{Amount: 15, Unit: calendar.WorkingHours}, 8 * time.Hour, "2026-03-09 10:00"},
		{"working days over 2026 National Day", "2026-09-28 10:00", "2026-09-30 10:00", "2026-10-08 14:00",
			calendar.Limit{Amount: 3, Unit: calendar.WorkingDays}, 2*time.Hour + 4*time.Hour + 7*time.Hour, "2026-10-10 11:30"},
		{"natural hours", "2026-03-02 10:00", "2026-03-02 20:00", "2026-03-03 08:00",
			calendar.Limit{Amount: 24, Unit: calendar.NaturalHours}, 14 * time.Hour, "2026-03-03 22:00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			due := c.Due(at(t, tc.start), tc.limit)
			pause, resume := at(t, tc.pause), at(t, tc.resume)
			left := c.Remaining(pause, due, tc.limit.Unit)
			if left != tc.left {
				t.Fatalf("Remaining at pause = %v, want %v", left, tc.left)
			}
			got := c.Extend(resume, left, tc.limit.Unit)
			if !got.Equal(at(t, tc.want)) {
				t.Errorf("resumed due = %s, want %s", show(got), tc.want)
			}
			paused, moved := resume.Sub(pause), got.Sub(due)
			if tc.limit.Unit != calendar.NaturalHours {
				paused, moved = c.WorkingBetween(pause, resume), c.WorkingBetween(due, got)
			}
			if paused != moved {
				t.Errorf("paused %v but the due time moved %v", paused, moved)
			}
		})
	}
	if got := c.Remaining(at(t, "2026-03-03 10:00"), at(t, "2026-03-02 10:00"), calendar.WorkingHours); got != 0 {
		t.Errorf("Remaining after due = %v, want 0", got)
	}
}

// roundTrip checks, for one start, amount of working time and later moment, that
// Remaining inverts Extend and Extend inverts Remaining.
func roundTrip(t *testing.T, c *calendar.Calendar, start time.Time, d, later time.Duration) {
	t.Helper()
	for _, u := range []calendar.Unit{calendar.WorkingHours, calendar.WorkingDays, calendar.NaturalHours} {
		due := c.Extend(start, d, u)
		if got := c.Remaining(start, due, u); got != d {
			t.Fatalf("%s: Remaining(%s, Extend(%v)) = %v", u, show(start), d, got)
		}
		span := due.Sub(start)
		if span <= 0 {
			continue
		}
		now := start.Add(later % span)
		if got := c.Extend(now, c.Remaining(now, due, u), u); !got.Equal(due) {
			t.Fatalf("%s: start %s, d %v, now %s: Extend(now, Remaining(now, due)) = %s, want %s",
				u, show(start), d, show(now), show(got), show(due))
		}
	}
}

func TestRoundTrip(t *testing.T) {
	c := china(t)
	r := rand.New(rand.NewPCG(2025, 2026))
	base := at(t, "2024-12-20 00:00")
	for range 3000 {
		start := base.Add(time.Duration(r.Int64N(int64(750 * 24 * time.Hour))))
		d := time.Duration(1 + r.Int64N(int64(120*time.Hour)))
		roundTrip(t, c, start, d, time.Duration(r.Int64N(int64(1000*24*time.Hour))))
	}
}

func FuzzRoundTrip(f *testing.F) {
	c := china(f)
	base := at(f, "2024-12-20 00:00")
	f.Add(int64(0), int64(time.Hour), int64(0))
	f.Add(int64(39*24*time.Hour+17*time.Hour), int64(2*time.Hour), int64(time.Hour))
	f.Add(int64(649*24*time.Hour), int64(30*time.Hour), int64(100*time.Hour))
	f.Fuzz(func(t *testing.T, start, d, later int64) {
		if start < 0 || d <= 0 || later < 0 || d > int64(2000*time.Hour) || start > int64(800*24*time.Hour) {
			t.Skip()
		}
		roundTrip(t, c, base.Add(time.Duration(start)), time.Duration(d), time.Duration(later))
	})
}

func TestCustomHours(t *testing.T) {
	h, err := calendar.ParseHours("08:30-12:00, 14:00-18:00", "periods")
	if err != nil {
		t.Fatal(err)
	}
	c, err := calendar.New(nil, h)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Due(at(t, "2026-03-02 11:00"), calendar.Limit{Amount: 2, Unit: calendar.WorkingHours}); !got.Equal(at(t, "2026-03-02 15:00")) {
		t.Errorf("got %s", show(got))
	}
	if got := c.Due(at(t, "2026-03-02 11:00"), calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}); !got.Equal(at(t, "2026-03-03 18:00")) {
		t.Errorf("got %s", show(got))
	}
	if got := c.Hours().String(); got != "08:30-12:00 14:00-18:00" {
		t.Errorf("Hours = %q", got)
	}
	// A round-the-clock service: one period the whole day.
	c, err = calendar.New(nil, calendar.Hours{{Start: 0, End: calendar.EndOfDay}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Due(at(t, "2026-03-06 20:00"), calendar.Limit{Amount: 8, Unit: calendar.WorkingHours}); !got.Equal(at(t, "2026-03-09 04:00")) {
		t.Errorf("got %s", show(got))
	}
}

func TestParseHours(t *testing.T) {
	fe := errstest.FE
	for _, tc := range []struct {
		in   string
		want []errs.FieldError
	}{
		{"09:00-12:00 13:30-17:30", nil},
		{"9:00–12:00，13:30～17:30", nil},
		{"00:00-24:00", nil},
		{"09:00-12:00 12:00-17:00", nil},
		{"", []errs.FieldError{fe("periods", "err.required")}},
		{"09:00", []errs.FieldError{fe("periods", "err.calendar_period_format", 1)}},
		{"09:00-12:00 13:30-25:00", []errs.FieldError{fe("periods", "err.calendar_period_format", 2)}},
		{"09:00-12:00 13:30-1730", []errs.FieldError{fe("periods", "err.calendar_period_format", 2)}},
		{"12:00-09:00", []errs.FieldError{fe("periods", "err.calendar_period_reversed", 1)}},
		{"09:00-09:00", []errs.FieldError{fe("periods", "err.calendar_period_empty", 1)}},
		{"09:00-12:00 11:00-17:00", []errs.FieldError{fe("periods", "err.calendar_period_overlap", 1, 2)}},
		{"13:30-17:30 09:00-12:00", []errs.FieldError{fe("periods", "err.calendar_period_order", 2)}},
		{"01:00-02:00 03:00-04:00 05:00-06:00 07:00-08:00 09:00-10:00 11:00-12:00 13:00-14:00",
			[]errs.FieldError{fe("periods", "err.calendar_periods_max", calendar.MaxPeriods)}},
	} {
		t.Run(tc.in, func(t *testing.T) {
			_, err := calendar.ParseHours(tc.in, "periods")
			errstest.CheckFields(t, err, tc.want)
		})
	}
	var v errs.Validation
	calendar.Hours{{Start: -5, End: 60}}.Validate(&v, "periods")
	errstest.CheckFields(t, v.Err(), []errs.FieldError{fe("periods", "err.calendar_period_day", 1)})
}

func TestNewInvalid(t *testing.T) {
	fe := errstest.FE
	d := func(s string) calendar.Date {
		v, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tc := range []struct {
		name string
		days []calendar.Day
		want []errs.FieldError
	}{
		{"fine", []calendar.Day{{Date: d("2026-10-01"), Kind: calendar.Holiday, Name: "国庆节"}, {Date: d("2026-10-10"), Kind: calendar.Workday}}, nil},
		{"holiday on a weekend", []calendar.Day{{Date: d("2026-10-03"), Kind: calendar.Holiday}}, nil},
		{"no date", []calendar.Day{{Kind: calendar.Holiday}}, []errs.FieldError{fe("day", "err.date")}},
		{"unknown kind", []calendar.Day{{Date: d("2026-10-01"), Kind: "festival"}}, []errs.FieldError{fe("kind", "err.choose_one")}},
		{"make-up on a weekday", []calendar.Day{{Date: d("2026-10-09"), Kind: calendar.Workday}}, []errs.FieldError{fe("day", "err.calendar_workday_weekday")}},
		{"long name", []calendar.Day{{Date: d("2026-10-01"), Kind: calendar.Holiday, Name: strings.Repeat("节", calendar.MaxName+1)}},
			[]errs.FieldError{fe("name", "err.too_long", calendar.MaxName)}},
		{"twice", []calendar.Day{{Date: d("2026-10-01"), Kind: calendar.Holiday}, {Date: d("2026-10-01"), Kind: calendar.Holiday}},
			[]errs.FieldError{fe("day", "err.calendar_day_twice", "2026-10-01")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := calendar.New(tc.days, nil)
			errstest.CheckFields(t, err, tc.want)
		})
	}
	_, err := calendar.New(nil, calendar.Hours{{Start: 600, End: 540}})
	errstest.CheckFields(t, err, []errs.FieldError{fe("periods", "err.calendar_period_reversed", 1)})
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2026-02-28", true}, {"2024-02-29", true}, {"2026-02-29", false}, {"2026-13-01", false},
		{"2026-1-1", false}, {"", false}, {"0001-01-01", false}, {"26-01-01", false},
	} {
		d, err := calendar.ParseDate(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseDate(%q) error %v, want ok %v", tc.in, err, tc.ok)
		}
		if err == nil && d.String() != tc.in {
			t.Errorf("ParseDate(%q).String() = %q", tc.in, d.String())
		}
	}
}
