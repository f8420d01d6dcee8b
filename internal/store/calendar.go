package store

import (
	"context"
	"strings"
	"sync"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
)

// calendarCache keeps the working calendar with the generation it was read at. The
// generation (working_hours.generation) goes up with every edit of the days or hours,
// on whichever instance, so one primary-key read tells whether the copy is current.
type calendarCache struct {
	mu  sync.Mutex
	gen int64
	cal *calendar.Calendar
}

const calendarDayCols = `day, kind, name, created_at, updated_at, version`

func scanCalendarDay(s rowScanner) (*calendar.DayRecord, error) {
	var r calendar.DayRecord
	var day string
	var created, updated int64
	if err := s.Scan(&day, &r.Kind, &r.Name, &created, &updated, &r.Version); err != nil {
		return nil, err
	}
	d, err := calendar.ParseDate(day)
	if err != nil {
		return nil, errs.Internalf("calendar day %q: %v", day, err)
	}
	r.Date, r.Created, r.Updated = d, fromMS(created), fromMS(updated)
	return &r, nil
}

// Calendar is the working calendar every due time is computed with. It is kept in
// memory and costs one primary-key read while no one edits it, so callers may ask for
// it on every case transition.
func (db *DB) Calendar(ctx context.Context) (*calendar.Calendar, error) {
	c, _, err := db.committedCalendar(ctx)
	return c, err
}

// committedCalendar is Calendar with the generation it is of.
func (db *DB) committedCalendar(ctx context.Context) (*calendar.Calendar, int64, error) {
	var gen int64
	if err := db.queryRow(ctx, `SELECT generation FROM working_hours WHERE id = 1`).Scan(&gen); err != nil {
		return nil, 0, mapErr(err, "entity.calendar")
	}
	db.cal.mu.Lock()
	defer db.cal.mu.Unlock()
	if db.cal.cal != nil && db.cal.gen == gen {
		return db.cal.cal, gen, nil
	}
	days, err := queryList(ctx, db, "entity.calendar", scanCalendarDay, `SELECT `+calendarDayCols+` FROM calendar_days ORDER BY day`)
	if err != nil {
		return nil, 0, err
	}
	var periods string
	if err := db.queryRow(ctx, `SELECT periods FROM working_hours WHERE id = 1`).Scan(&periods); err != nil {
		return nil, 0, mapErr(err, "entity.calendar")
	}
	c, err := buildCalendar(days, periods)
	if err != nil {
		return nil, 0, err
	}
	// The reads need not share a snapshot: an edit that commits after the generation was
	// read makes the data newer than gen, never older, so the next call reloads.
	db.cal.gen, db.cal.cal = gen, c
	return c, gen, nil
}

// calendar is the working calendar as the transaction sees it, its own edits included.
// It uses the cached copy when that is current and never caches what it reads, since
// the transaction may still roll back.
func (t *Tx) calendar() (*calendar.Calendar, error) {
	if t.stmts != nil && t.stmts.cal != nil {
		return t.stmts.cal, nil
	}
	c, err := t.readCalendar()
	if err == nil && t.stmts != nil {
		t.stmts.cal = c // until the transaction edits it (Tx.forget)
	}
	return c, err
}

func (t *Tx) readCalendar() (*calendar.Calendar, error) {
	var gen int64
	var periods string
	if err := t.queryRow(`SELECT generation, periods FROM working_hours WHERE id = 1`).Scan(&gen, &periods); err != nil {
		return nil, mapErr(err, "entity.calendar")
	}
	t.db.cal.mu.Lock()
	c, cgen := t.db.cal.cal, t.db.cal.gen
	t.db.cal.mu.Unlock()
	if c != nil && cgen == gen {
		return c, nil
	}
	// Outside a batch, the committed calendar is cached when it is the one this
	// transaction sees (no edit of its own, none committed since it began): else every
	// transaction would read every day until someone called Calendar.
	if t.db.batchTx(t.ctx) == nil {
		if c, cgen, err := t.db.committedCalendar(t.ctx); err == nil && cgen == gen {
			return c, nil
		}
	}
	days, err := txList(t, "entity.calendar", scanCalendarDay, `SELECT `+calendarDayCols+` FROM calendar_days ORDER BY day`)
	if err != nil {
		return nil, err
	}
	return buildCalendar(days, periods)
}

func buildCalendar(records []*calendar.DayRecord, periods string) (*calendar.Calendar, error) {
	hours, err := calendar.ParseHours(periods, "periods")
	if err != nil {
		return nil, errs.Internalf("stored working hours %q: %v", periods, err)
	}
	days := make([]calendar.Day, len(records))
	for i, r := range records {
		days[i] = r.Day
	}
	c, err := calendar.New(days, hours)
	if err != nil {
		return nil, errs.Internalf("stored calendar: %v", err)
	}
	return c, nil
}

// MinCalendarYear and MaxCalendarYear bound the years the calendar pages and API accept.
const (
	MinCalendarYear = 2000
	MaxCalendarYear = 2100
)

// CalendarDays lists the overrides of a year in date order.
func (db *DB) CalendarDays(ctx context.Context, year int) ([]*calendar.DayRecord, error) {
	if year < MinCalendarYear || year > MaxCalendarYear {
		return nil, errs.FieldInvalid("year", "err.calendar_year", MinCalendarYear, MaxCalendarYear)
	}
	lo, hi := calendar.Date{Year: year, Month: 1, Day: 1}, calendar.Date{Year: year + 1, Month: 1, Day: 1}
	return queryList(ctx, db, "entity.calendar_day", scanCalendarDay,
		`SELECT `+calendarDayCols+` FROM calendar_days WHERE day >= ? AND day < ? ORDER BY day`, lo.String(), hi.String())
}

// CalendarDay is the override of one date.
func (db *DB) CalendarDay(ctx context.Context, d calendar.Date) (*calendar.DayRecord, error) {
	r, err := scanCalendarDay(db.queryRow(ctx, `SELECT `+calendarDayCols+` FROM calendar_days WHERE day = ?`, d.String()))
	return r, mapErr(err, "entity.calendar_day")
}

func canManageCalendar(p *account.Principal) error {
	if !p.Can(account.CalendarManage) {
		return errs.ForbiddenErr()
	}
	return nil
}

// bumpCalendar moves the calendar's generation on, so every instance reloads it.
func (t *Tx) bumpCalendar() error {
	_, err := t.exec(`UPDATE working_hours SET generation = generation + 1 WHERE id = 1`)
	return mapErr(err, "entity.calendar")
}

func (db *DB) forgetCalendar() {
	db.cal.mu.Lock()
	db.cal.cal = nil
	db.cal.mu.Unlock()
}

// CreateCalendarDay adds an override for a date that has none.
func (db *DB) CreateCalendarDay(ctx context.Context, p *account.Principal, d calendar.Day) (*calendar.DayRecord, error) {
	if err := canManageCalendar(p); err != nil {
		return nil, err
	}
	d.Name = strings.TrimSpace(d.Name)
	var v errs.Validation
	d.Validate(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	err := db.write(ctx, p, func(tx *Tx) error {
		now := ms(tx.now)
		if _, err := tx.exec(`INSERT INTO calendar_days (day, kind, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
			d.Date.String(), d.Kind, d.Name, now, now); err != nil {
			if errs.Is(mapErr(err, ""), errs.Conflict) {
				return errs.FieldInvalid("day", "err.calendar_day_taken")
			}
			return mapErr(err, "entity.calendar_day")
		}
		if err := tx.bumpCalendar(); err != nil {
			return err
		}
		return tx.audit(Record{Action: "calendar.day_create", Entity: "calendar_day",
			Detail: map[string]any{"day": d.Date.String(), "kind": d.Kind, "name": d.Name}})
	})
	db.forgetCalendar()
	if err != nil {
		return nil, err
	}
	return db.CalendarDay(ctx, d.Date)
}

// UpdateCalendarDay changes the kind and name of a date's override (in.Date is
// ignored: the date is the override's identity).
func (db *DB) UpdateCalendarDay(ctx context.Context, p *account.Principal, date calendar.Date, in calendar.Day, version int) (*calendar.DayRecord, error) {
	if err := canManageCalendar(p); err != nil {
		return nil, err
	}
	in.Date, in.Name = date, strings.TrimSpace(in.Name)
	old, err := db.CalendarDay(ctx, date)
	if err != nil {
		return nil, err
	}
	var v errs.Validation
	in.Validate(&v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE calendar_days SET kind = ?, name = ?, updated_at = ?, version = version + 1 WHERE day = ? AND version = ?`,
			in.Kind, in.Name, ms(tx.now), date.String(), version)); err != nil {
			return mapErr(err, "entity.calendar_day")
		}
		if err := tx.bumpCalendar(); err != nil {
			return err
		}
		return tx.audit(Record{Action: "calendar.day_update", Entity: "calendar_day",
			Detail: map[string]any{"day": date.String(), "kind": []calendar.Kind{old.Kind, in.Kind}, "name": []string{old.Name, in.Name}}})
	})
	db.forgetCalendar()
	if err != nil {
		return nil, err
	}
	return db.CalendarDay(ctx, date)
}

// DeleteCalendarDay removes a date's override: the date becomes an ordinary working
// day or weekend again.
func (db *DB) DeleteCalendarDay(ctx context.Context, p *account.Principal, date calendar.Date, version int) error {
	if err := canManageCalendar(p); err != nil {
		return err
	}
	old, err := db.CalendarDay(ctx, date)
	if err != nil {
		return err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`DELETE FROM calendar_days WHERE day = ? AND version = ?`, date.String(), version)); err != nil {
			return mapErr(err, "entity.calendar_day")
		}
		if err := tx.bumpCalendar(); err != nil {
			return err
		}
		return tx.audit(Record{Action: "calendar.day_delete", Entity: "calendar_day",
			Detail: map[string]any{"day": date.String(), "kind": old.Kind, "name": old.Name}})
	})
	db.forgetCalendar()
	return err
}

// WorkingHours are the stored working periods of a working day.
func (db *DB) WorkingHours(ctx context.Context) (*calendar.HoursRecord, error) {
	var periods string
	var updated int64
	var r calendar.HoursRecord
	if err := db.queryRow(ctx, `SELECT periods, updated_at, version FROM working_hours WHERE id = 1`).Scan(&periods, &updated, &r.Version); err != nil {
		return nil, mapErr(err, "entity.working_hours")
	}
	h, err := calendar.ParseHours(periods, "periods")
	if err != nil {
		return nil, errs.Internalf("stored working hours %q: %v", periods, err)
	}
	r.Hours, r.Updated = h, fromMS(updated)
	return &r, nil
}

// SetWorkingHours replaces the working periods of every working day.
func (db *DB) SetWorkingHours(ctx context.Context, p *account.Principal, h calendar.Hours, version int) (*calendar.HoursRecord, error) {
	if err := canManageCalendar(p); err != nil {
		return nil, err
	}
	var v errs.Validation
	h.Validate(&v, "periods")
	if err := v.Err(); err != nil {
		return nil, err
	}
	old, err := db.WorkingHours(ctx)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE working_hours SET periods = ?, generation = generation + 1, updated_at = ?, version = version + 1
			WHERE id = 1 AND version = ?`, h.String(), ms(tx.now), version)); err != nil {
			return mapErr(err, "entity.working_hours")
		}
		return tx.audit(Record{Action: "calendar.hours_update", Entity: "working_hours",
			Detail: map[string]any{"periods": []string{old.Hours.String(), h.String()}}})
	})
	db.forgetCalendar()
	if err != nil {
		return nil, err
	}
	return db.WorkingHours(ctx)
}
