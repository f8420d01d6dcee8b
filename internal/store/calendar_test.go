package store_test

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

func date(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The migration's 2025 and 2026 arrangements agree with npm chinese-days, day by day,
// kind and name.
func TestCalendarSeedMatchesReference(t *testing.T) {
	db := storetest.New(t)
	b, err := os.ReadFile("../calendar/testdata/chinese-days-2025-2026.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string]map[string]string
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for set, kind := range map[string]calendar.Kind{"holidays": calendar.Holiday, "workdays": calendar.Workday} {
		for d, v := range ref[set] {
			want[d] = string(kind) + " " + strings.Split(v, ",")[1]
		}
	}
	got := map[string]string{}
	for _, year := range []int{2025, 2026} {
		days, err := db.CalendarDays(ctx, year)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range days {
			if d.Date.Year != year {
				t.Errorf("year %d lists %s", year, d.Date)
			}
			got[d.Date.String()] = string(d.Kind) + " " + d.Name
		}
	}
	for d, w := range want {
		if got[d] != w {
			t.Errorf("%s: seed %q, chinese-days %q", d, got[d], w)
		}
	}
	for d, g := range got {
		if _, ok := want[d]; !ok {
			t.Errorf("%s: seed %q, not in chinese-days", d, g)
		}
	}
	h, err := db.WorkingHours(ctx)
	if err != nil || h.Hours.String() != calendar.DefaultHours.String() || h.Version != 1 {
		t.Errorf("working hours %+v %v", h, err)
	}
}

func TestCalendarEdits(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, calendar.Location)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	oneDay := calendar.Limit{Amount: 1, Unit: calendar.WorkingDays}
	due := func() time.Time {
		t.Helper()
		c, err := db.Calendar(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return c.Due(at("2027-02-05 10:00"), oneDay)
	}
	// 2027 is not entered: Friday 2027-02-05 + 1 working day is Monday 02-08.
	if got := due(); !got.Equal(at("2027-02-08 17:30")) {
		t.Fatalf("due %s", got)
	}
	c1, _ := db.Calendar(ctx)
	if c2, _ := db.Calendar(ctx); c1 != c2 {
		t.Error("the calendar is read again without an edit")
	}

	// Adding a holiday on Monday moves it to Tuesday; a make-up Saturday moves it back.
	mon, err := db.CreateCalendarDay(ctx, sys, calendar.Day{Date: date(t, "2027-02-08"), Kind: calendar.Holiday, Name: " 春节 "})
	if err != nil || mon.Name != "春节" || mon.Version != 1 {
		t.Fatalf("create %+v %v", mon, err)
	}
	if got := due(); !got.Equal(at("2027-02-09 17:30")) {
		t.Errorf("after holiday: due %s", got)
	}
	sat, err := db.CreateCalendarDay(ctx, sys, calendar.Day{Date: date(t, "2027-02-06"), Kind: calendar.Workday, Name: "春节"})
	if err != nil {
		t.Fatal(err)
	}
	if got := due(); !got.Equal(at("2027-02-06 17:30")) {
		t.Errorf("after make-up day: due %s", got)
	}

	// Bad input is refused field by field; a date already set is a field error too.
	for _, tc := range []struct {
		name  string
		day   calendar.Day
		field string
	}{
		{"taken", calendar.Day{Date: date(t, "2027-02-08"), Kind: calendar.Holiday}, "day"},
		{"no date", calendar.Day{Kind: calendar.Holiday}, "day"},
		{"unknown kind", calendar.Day{Date: date(t, "2027-02-10"), Kind: "vacation"}, "kind"},
		{"make-up weekday", calendar.Day{Date: date(t, "2027-02-10"), Kind: calendar.Workday}, "day"},
		{"long name", calendar.Day{Date: date(t, "2027-02-10"), Kind: calendar.Holiday, Name: strings.Repeat("长", 41)}, "name"},
	} {
		if _, err := db.CreateCalendarDay(ctx, sys, tc.day); !errs.Is(err, errs.Invalid) || fieldOf(err) != tc.field {
			t.Errorf("%s: %v", tc.name, err)
		}
	}

	// Updates and deletes check the version.
	if _, err := db.UpdateCalendarDay(ctx, sys, mon.Date, calendar.Day{Kind: calendar.Holiday, Name: "春节（补）"}, mon.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale update: %v", err)
	}
	upd, err := db.UpdateCalendarDay(ctx, sys, mon.Date, calendar.Day{Kind: calendar.Holiday, Name: "春节（补）"}, mon.Version)
	if err != nil || upd.Version != 2 || upd.Name != "春节（补）" {
		t.Fatalf("update %+v %v", upd, err)
	}
	if _, err := db.UpdateCalendarDay(ctx, sys, mon.Date, calendar.Day{Kind: calendar.Workday}, upd.Version); fieldOf(err) != "day" {
		t.Errorf("make-up Monday: %v", err)
	}
	if _, err := db.UpdateCalendarDay(ctx, sys, date(t, "2027-03-01"), calendar.Day{Kind: calendar.Holiday}, 1); !errs.Is(err, errs.NotFound) {
		t.Errorf("update of nothing: %v", err)
	}
	if err := db.DeleteCalendarDay(ctx, sys, sat.Date, sat.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale delete: %v", err)
	}
	if err := db.DeleteCalendarDay(ctx, sys, sat.Date, sat.Version); err != nil {
		t.Fatal(err)
	}
	if got := due(); !got.Equal(at("2027-02-09 17:30")) {
		t.Errorf("after delete: due %s", got)
	}
	if _, err := db.CalendarDay(ctx, sat.Date); !errs.Is(err, errs.NotFound) {
		t.Errorf("deleted day: %v", err)
	}
	days, err := db.CalendarDays(ctx, 2027)
	if err != nil || len(days) != 1 || days[0].Date != mon.Date {
		t.Errorf("2027 days %v %v", days, err)
	}
	if _, err := db.CalendarDays(ctx, 1800); fieldOf(err) != "year" {
		t.Errorf("year 1800: %v", err)
	}

	// Working hours.
	h, err := db.WorkingHours(ctx)
	if err != nil {
		t.Fatal(err)
	}
	afternoon, _ := calendar.ParseHours("08:00-12:00 14:00-18:00", "periods")
	if _, err := db.SetWorkingHours(ctx, sys, calendar.Hours{{Start: 600, End: 540}}, h.Version); fieldOf(err) != "periods" {
		t.Errorf("reversed hours: %v", err)
	}
	if _, err := db.SetWorkingHours(ctx, sys, afternoon, h.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale hours: %v", err)
	}
	h2, err := db.SetWorkingHours(ctx, sys, afternoon, h.Version)
	if err != nil || h2.Version != h.Version+1 || h2.Hours.String() != "08:00-12:00 14:00-18:00" {
		t.Fatalf("set hours %+v %v", h2, err)
	}
	if got := due(); !got.Equal(at("2027-02-09 18:00")) {
		t.Errorf("after hours: due %s", got)
	}

	// Only CalendarManage may edit.
	staff := tr.principal(t, account.Staff, tr.district.ID, 0)
	if _, err := db.CreateCalendarDay(ctx, staff, calendar.Day{Date: date(t, "2027-02-10"), Kind: calendar.Holiday}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("staff create: %v", err)
	}
	if _, err := db.SetWorkingHours(ctx, staff, afternoon, h2.Version); !errs.Is(err, errs.Forbidden) {
		t.Errorf("staff hours: %v", err)
	}
	if err := db.DeleteCalendarDay(ctx, staff, mon.Date, upd.Version); !errs.Is(err, errs.Forbidden) {
		t.Errorf("staff delete: %v", err)
	}

	// Every edit is audited.
	es, err := db.AuditEntries(ctx, sys, audit.Filter{Action: "calendar."})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"calendar.day_create", "calendar.day_update", "calendar.day_delete", "calendar.hours_update"} {
		if !hasAction(es, a) {
			t.Errorf("%s not audited", a)
		}
	}
}

// An edit made through another instance reaches this one at its next read.
func TestCalendarOtherInstance(t *testing.T) {
	db := storetest.New(t)
	other, err := store.Open(ctx, db.URL, store.Options{SearchPath: db.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	d := date(t, "2027-03-01")
	c, err := db.Calendar(ctx)
	if err != nil || !c.IsWorkday(d) {
		t.Fatalf("before: %v", err)
	}
	if _, err := other.CreateCalendarDay(ctx, sys, calendar.Day{Date: d, Kind: calendar.Holiday}); err != nil {
		t.Fatal(err)
	}
	if c, err := db.Calendar(ctx); err != nil || c.IsWorkday(d) {
		t.Errorf("after another instance's edit: %v", err)
	}
}

// Inside a write transaction the calendar includes the transaction's own edits, and a
// rolled-back edit leaves no trace in the cache.
func TestTxCalendar(t *testing.T) {
	// Warm: the cache holds the calendar before the transaction. Cold: the transaction is
	// the first to ask for it, and fills the cache from the committed calendar.
	for _, warm := range []bool{true, false} {
		db := storetest.New(t)
		d := date(t, "2027-03-01")
		if warm {
			if _, err := db.Calendar(ctx); err != nil {
				t.Fatal(err)
			}
		}
		undo := errors.New("undo")
		err := db.TxCalendarForTest(ctx, sys, func(edit func(string) error, cal func() (*calendar.Calendar, error)) error {
			c, err := cal()
			if err != nil || !c.IsWorkday(d) {
				t.Errorf("warm %v: before the edit: %v", warm, err)
			}
			if err := edit(`INSERT INTO calendar_days (day, kind, name, created_at, updated_at) VALUES ('2027-03-01', 'holiday', '', 0, 0)`); err != nil {
				return err
			}
			if err := edit(`UPDATE working_hours SET generation = generation + 1 WHERE id = 1`); err != nil {
				return err
			}
			if c, err := cal(); err != nil || c.IsWorkday(d) {
				t.Errorf("warm %v: own edit not seen: %v", warm, err)
			}
			return undo
		})
		if err != undo {
			t.Fatal(err)
		}
		if c, err := db.Calendar(ctx); err != nil || !c.IsWorkday(d) {
			t.Errorf("warm %v: rolled-back edit seen: %v", warm, err)
		}
	}
}
