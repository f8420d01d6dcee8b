package store

// Temporary stand-ins until the category, calendar, timer and attachment stores land.

import (
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
)

type caseCategory struct {
	ID       int64
	Name     string
	Triage   cases.Triage
	Priority cases.Priority
	Limits   cases.Limits
	Leaf     bool
	Retired  bool
}

func (t *Tx) caseCategory(id int64) (*caseCategory, error) {
	return &caseCategory{ID: id, Name: "c", Triage: cases.Major, Priority: cases.Normal, Leaf: true, Limits: cases.Limits{
		cases.StageAcknowledge: {Amount: 2, Unit: calendar.WorkingHours},
		cases.StageHandle:      {Amount: 5, Unit: calendar.WorkingDays},
		cases.StageVerify:      {Amount: 1, Unit: calendar.WorkingDays},
		cases.StageVisit:       {Amount: 1, Unit: calendar.WorkingDays},
	}}, nil
}

func (t *Tx) dispatchUnit(categoryID int64, nodePath string, facilityID int64) (int64, string, error) {
	return 0, "", nil
}

func (t *Tx) setTimer(kind string, refID int64, at time.Time) error { return nil }
func (t *Tx) cancelTimer(kind string, refID int64) error            { return nil }


type Timer struct {
	ID     int64
	Kind   string
	RefID  int64
	FireAt time.Time
}

type TimerHandler func(tx *Tx, t Timer) error

func (t *Tx) categoryName(id int64) string { return "c" }
