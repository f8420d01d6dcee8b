// Package calendar holds the working calendar (法定节假日 and 调休 make-up working days,
// working hours) and the arithmetic of time limits counted in working hours, working days
// or natural hours. It knows nothing of SQL or HTTP: storage loads the calendar's days and
// hands them to New.
package calendar

import "github.com/shequ-dev/shequ/internal/errs"

// Unit is how a time limit is counted.
type Unit string

// The units of a time limit.
const (
	WorkingHours Unit = "working_hours" // 工作时: only hours inside working hours on working days count
	WorkingDays  Unit = "working_days"  // 工作日: whole working days
	NaturalHours Unit = "natural_hours" // 自然时: the clock, day and night, holidays included
)

// Units lists the units in display order.
var Units = []Unit{WorkingHours, WorkingDays, NaturalHours}

// Valid reports whether u is a known unit.
func (u Unit) Valid() bool { return u == WorkingHours || u == WorkingDays || u == NaturalHours }

// Key is the catalogue key of the unit's name.
func (u Unit) Key() string { return "time_unit." + string(u) }

// MaxLimit bounds a limit's amount: a year of working days is more than any rule asks.
const MaxLimit = 250

// Limit is a time limit: an amount of a unit, such as 5 working hours or 15 working days.
// The zero Limit means "no limit".
type Limit struct {
	Amount int
	Unit   Unit
}

// IsZero reports whether the limit is unset.
func (l Limit) IsZero() bool { return l.Amount == 0 }

// Validate checks the limit for the form field named field.
func (l Limit) Validate(v *errs.Validation, field string) {
	if l.IsZero() {
		return
	}
	if !v.Check(l.Unit.Valid(), field, "err.choose_one") {
		return
	}
	v.Check(l.Amount > 0 && l.Amount <= MaxLimit, field, "err.range", 1, MaxLimit)
}
