package cases

import "github.com/shequ-dev/shequ/internal/calendar"

// Policy holds the rules of the loop that a district sets rather than each category.
type Policy struct {
	// WarnFraction is the share of a stage's limit after which the case turns yellow
	// (黄灯) and its unit is urged.
	WarnFraction float64
	// SuperviseAfter is how long after a stage's limit the superior opens a supervision
	// (督办) the unit must answer.
	SuperviseAfter calendar.Limit
	// ReturnWindow is how long after dispatch a unit may send a case back (退单).
	ReturnWindow calendar.Limit
	// MaxExtensions bounds the extensions one stage may get.
	MaxExtensions int
	// AutoReopen reopens (重办) a case when its reporter is dissatisfied, at most
	// MaxReopens times.
	AutoReopen bool
	MaxReopens int
	// AutoDispatch registers and dispatches new cases at intake when nothing needs a
	// person's judgement: located, a known category, triage 大事 or 小事, a unit found by
	// the rules, no likely duplicate.
	AutoDispatch bool
	// DuplicateRadius is how far apart, in metres, two reports of one category may be
	// and still be suggested as duplicates.
	DuplicateRadius float64
}

// DefaultPolicy is the policy of a new installation.
func DefaultPolicy() Policy {
	return Policy{
		WarnFraction:    0.8,
		SuperviseAfter:  calendar.Limit{Amount: 1, Unit: calendar.WorkingDays},
		ReturnWindow:    calendar.Limit{Amount: 2, Unit: calendar.WorkingHours},
		MaxExtensions:   2,
		AutoReopen:      true,
		MaxReopens:      1,
		AutoDispatch:    true,
		DuplicateRadius: 100,
	}
}
