package cases

import (
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/geo"
)

// Source is the channel a case came in by.
type Source string

// The sources.
const (
	FromResident Source = "resident" // a resident on a phone (H5)
	FromPatrol   Source = "patrol"   // a grid worker or supervisor on patrol
	FromHotline  Source = "hotline"  // a 12345 operator for a caller
	FromAssigned Source = "assigned" // 上级交办: assigned by a superior
	FromSensor   Source = "sensor"   // a machine alarm
)

// Sources lists the sources in display order.
var Sources = []Source{FromResident, FromPatrol, FromHotline, FromAssigned, FromSensor}

// Valid reports whether s is a known source.
func (s Source) Valid() bool {
	for _, x := range Sources {
		if x == s {
			return true
		}
	}
	return false
}

// Key is the catalogue key of the source's name.
func (s Source) Key() string { return "case_source." + string(s) }

// Rating is the reporter's judgement at the return visit.
type Rating string

// The ratings.
const (
	Satisfied       Rating = "satisfied"    // 满意
	FairlySatisfied Rating = "fairly"       // 基本满意
	Dissatisfied    Rating = "dissatisfied" // 不满意
)

// Ratings lists the ratings from best to worst.
var Ratings = []Rating{Satisfied, FairlySatisfied, Dissatisfied}

// Valid reports whether r is a known rating.
func (r Rating) Valid() bool { return r == Satisfied || r == FairlySatisfied || r == Dissatisfied }

// Key is the catalogue key of the rating's name.
func (r Rating) Key() string { return "rating." + string(r) }

// Closure says how a closed case ended.
type Closure string

// The closures.
const (
	Resolved    Closure = "resolved"     // handled, verified and closed
	Referred    Closure = "referred"     // 私事: referred to a service
	SelfHandled Closure = "self_handled" // 自行处置 on the spot
	WithMaster  Closure = "with_master"  // a merged duplicate, closed with its master
)

// Pending is a request waiting for approval.
type Pending string

// The pending requests.
const (
	NoRequest         Pending = ""
	ExtensionRequest  Pending = "extension"
	SuspensionRequest Pending = "suspension"
)

// Case is one problem moving through the loop.
type Case struct {
	ID          int64
	Ticket      string // 20261122-000123
	Source      Source
	Status      Status
	CategoryID  int64
	Triage      Triage
	Priority    Priority
	Description string
	Address     string
	Location    *geo.Point // WGS-84; nil when the reporter gave none
	Located     bool       // false: no grid holds the case yet (the unlocated queue)
	NodeID      int64      // the grid, or the deepest node known
	NodePath    string
	BuildingID  int64
	FacilityID  int64

	ReporterUserID int64
	ReporterName   string // "" when anonymous
	ReporterPhone  string // masked when read; plaintext only on intake
	Anonymous      bool

	DeviceID   string // sensor cases: the device and alarm that opened it
	AlarmType  string
	AlarmCount int

	AssigneeUnitID int64 // 大事: the unit it is dispatched to
	AssigneeNodeID int64 // 小事: the community handling it itself
	DispatchReason string
	MasterID       int64 // merged into
	Closure        Closure

	Stage       Stage      // the timed stage now running; "" when none
	StageStart  *time.Time // when the stage began
	WarnAt      *time.Time // yellow from here
	DueAt       *time.Time // red from here
	PausedAt    *time.Time // suspended since
	PausedLeft  time.Duration
	PausedWarn  time.Duration
	Overdue     bool // the current stage's limit has passed
	Supervising int  // supervisions not yet answered

	Pending       Pending
	PendingLimit  calendar.Limit
	PendingReason string

	ReturnCount    int
	ReworkCount    int
	ReopenCount    int
	ExtensionCount int
	UrgeCount      int
	OverdueCount   int

	Rating        Rating
	RatingComment string

	ReportedAt     time.Time
	RegisteredAt   *time.Time
	DispatchedAt   *time.Time
	AcknowledgedAt *time.Time
	HandledAt      *time.Time
	VerifiedAt     *time.Time
	ClosedAt       *time.Time
	RatedAt        *time.Time
	ArchivedAt     *time.Time
	Updated        time.Time
	Version        int
}

// Light is the traffic light of a case's current stage.
type Light string

// The lights.
const (
	NoLight Light = ""       // no timed stage
	Green   Light = "green"  // in time
	Yellow  Light = "yellow" // 黄灯: the warning fraction of the limit has run
	Red     Light = "red"    // 红灯: overdue
	Paused  Light = "paused" // suspended: the clock is stopped
)

// Light tells the case's light at now.
func (c *Case) Light(now time.Time) Light {
	switch {
	case c.DueAt == nil:
		return NoLight
	case c.PausedAt != nil:
		return Paused
	case !now.Before(*c.DueAt):
		return Red
	case c.WarnAt != nil && !now.Before(*c.WarnAt):
		return Yellow
	}
	return Green
}
