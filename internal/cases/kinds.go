package cases

import (
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
)

// Triage is the 三事分流 class of a case.
type Triage string

// The triage classes.
const (
	Major   Triage = "major"   // 大事: dispatched to government departments
	Minor   Triage = "minor"   // 小事: handled by the community itself
	Private Triage = "private" // 私事: personal or market matters, referred to a service
)

// Triages lists the classes in display order.
var Triages = []Triage{Major, Minor, Private}

// Valid reports whether t is a known class.
func (t Triage) Valid() bool { return t == Major || t == Minor || t == Private }

// Key is the catalogue key of the class's name.
func (t Triage) Key() string { return "triage." + string(t) }

// Priority orders cases in queues; urgent cases usually carry limits in hours.
type Priority string

// The priorities.
const (
	Normal    Priority = "normal"
	Urgent    Priority = "urgent"
	Emergency Priority = "emergency" // 紧急: danger to people, handled at once
)

// Priorities lists the priorities in display order.
var Priorities = []Priority{Normal, Urgent, Emergency}

// Valid reports whether p is a known priority.
func (p Priority) Valid() bool { return p == Normal || p == Urgent || p == Emergency }

// Key is the catalogue key of the priority's name.
func (p Priority) Key() string { return "priority." + string(p) }

// Stage is a timed part of a case's life; each category gives each stage a limit.
type Stage string

// The timed stages.
const (
	StageAcknowledge Stage = "acknowledge" // from dispatch to 签收
	StageHandle      Stage = "handle"      // from 签收 to 处置反馈
	StageVerify      Stage = "verify"      // from 处置反馈 to 核查
	StageVisit       Stage = "visit"       // from 结案 to 回访 and rating
)

// Stages lists the stages in the order a case passes them.
var Stages = []Stage{StageAcknowledge, StageHandle, StageVerify, StageVisit}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool {
	for _, x := range Stages {
		if x == s {
			return true
		}
	}
	return false
}

// Key is the catalogue key of the stage's name.
func (s Stage) Key() string { return "stage." + string(s) }

// Limits are a category's time limits per stage. A zero limit means the stage is not timed.
type Limits map[Stage]calendar.Limit

// Responsibility says who a category's cases go to first (DESIGN.md §3).
type Responsibility string

// The responsibility rules.
const (
	OwnerFirst Responsibility = "owner_first" // 部件先属主、后属地: the facility's owner, then the area
	AreaFirst  Responsibility = "area_first"  // 事件先属地、后属主: the area, then the owner
)

// Valid reports whether r is a known rule.
func (r Responsibility) Valid() bool { return r == OwnerFirst || r == AreaFirst }

// Key is the catalogue key of the rule's name.
func (r Responsibility) Key() string { return "responsibility." + string(r) }

// CategoryKind tells the trees of categories apart.
type CategoryKind string

// The category kinds.
const (
	FacilityKind CategoryKind = "facility" // 部件 (GB/T 30428)
	EventKind    CategoryKind = "event"    // 事件 (GB/T 30428)
	HotlineKind  CategoryKind = "hotline"  // 12345 热线 classes: advice, complaint, consultation…
)

// CategoryKinds lists the kinds in display order.
var CategoryKinds = []CategoryKind{FacilityKind, EventKind, HotlineKind}

// Valid reports whether k is a known kind.
func (k CategoryKind) Valid() bool { return k == FacilityKind || k == EventKind || k == HotlineKind }

// Key is the catalogue key of the kind's name.
func (k CategoryKind) Key() string { return "category_kind." + string(k) }

// DefaultResponsibility is the rule of a kind when a category does not say otherwise.
func (k CategoryKind) DefaultResponsibility() Responsibility {
	if k == FacilityKind {
		return OwnerFirst
	}
	return AreaFirst
}

// Calendar computes due times; *calendar.Calendar implements it. The loop depends on this
// interface so its rules can be tested with a plain calendar.
type Calendar interface {
	// Due is when a limit that starts at start runs out.
	Due(start time.Time, l calendar.Limit) time.Time
	// Partial is when the given fraction (0…1) of a limit starting at start has run.
	Partial(start time.Time, l calendar.Limit, fraction float64) time.Time
	// Remaining is how much of a limit counted in unit u is left at now before due
	// (zero when due has passed), in that unit's own measure of time.
	Remaining(now, due time.Time, u calendar.Unit) time.Duration
	// Extend is the time at which d of unit u's measure has run from start; it is the
	// inverse of Remaining, used when a suspended clock resumes.
	Extend(start time.Time, d time.Duration, u calendar.Unit) time.Time
}
