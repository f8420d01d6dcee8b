// Package patrol holds grid workers' patrols (巡查): who walked which grid when, the track
// their phone recorded, and the daily requirement (一日双巡) a grid's patrols must meet. It
// knows nothing of SQL or HTTP.
package patrol

import (
	"math"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// Patrol is one walk of a grid worker through one grid, from start to end.
type Patrol struct {
	ID         int64
	WorkerID   int64
	WorkerName string
	NodeID     int64 // the grid (or micro-grid) patrolled
	NodeName   string
	NodePath   string
	Started    time.Time
	Ended      *time.Time // nil while the patrol is open
	Distance   float64    // metres, along the kept points
	Points     int        // kept track points
	Dropped    int        // points received but not kept (poor accuracy, impossible jumps)
	Cases      int        // cases reported on this patrol
	Note       string
	Last       *Point // the last kept point: later uploads continue from it
	Version    int
}

// Open reports whether the patrol has not ended.
func (p *Patrol) Open() bool { return p.Ended == nil }

// Duration is how long the patrol lasted, or has lasted until now while open.
func (p *Patrol) Duration(now time.Time) time.Duration {
	end := now
	if p.Ended != nil {
		end = *p.Ended
	}
	if end.Before(p.Started) {
		return 0
	}
	return end.Sub(p.Started)
}

// Point is one position of a track, WGS-84, with the accuracy the phone reported in
// metres (the radius of 68 % confidence, as the browser's geolocation gives it).
type Point struct {
	At       time.Time
	Lng, Lat float64
	Accuracy float64
}

// Limits are what an upload of track points must respect.
type Limits struct {
	MaxAccuracy float64       // points less accurate than this (metres) are dropped
	MaxSpeed    float64       // metres a second; a jump faster than this from the last kept point is dropped
	MaxBatch    int           // points in one upload
	Skew        time.Duration // how far ahead of the server's clock a phone's point may be
}

// DefaultLimits drop points worse than 100 m and jumps faster than 150 km/h, and take at
// most 500 points an upload (over an hour of points at 10 s intervals, buffered offline).
func DefaultLimits() Limits {
	return Limits{MaxAccuracy: 100, MaxSpeed: 150 / 3.6, MaxBatch: 500, Skew: 2 * time.Minute}
}

// Batch is what an upload kept: the new points, the distance they add and how many
// were dropped or already received (an upload retried after a lost answer).
type Batch struct {
	Kept     []Point
	Distance float64
	Dropped  int
	Repeated int
}

// MaxNote bounds the note written when a patrol ends.
const MaxNote = 500

// Accept checks an upload of points for an open patrol p at time now and returns the
// points to keep. Points must be in strictly increasing time order within the upload,
// with valid coordinates, not before the patrol started nor in the future: otherwise
// the whole upload is refused with a field message. Points at or before the last point
// already kept are taken as a retried upload and skipped. Points with poor accuracy, and
// points implying a jump faster than MaxSpeed from the last kept point, are dropped
// (phones report such fixes when they fall back to cell towers indoors).
func Accept(p *Patrol, pts []Point, now time.Time, lim Limits) (*Batch, error) {
	if !p.Open() {
		return nil, errs.FieldInvalid("patrol", "err.patrol_ended")
	}
	v := &errs.Validation{}
	if len(pts) == 0 {
		v.Add("points", "err.required")
	} else if len(pts) > lim.MaxBatch {
		v.Add("points", "err.patrol_batch", lim.MaxBatch)
	}
	if !v.OK() {
		return nil, v.Err()
	}
	for i, pt := range pts {
		switch {
		case !ValidCoord(pt.Lng, pt.Lat):
			v.Add("points", "err.patrol_point_coord", i+1)
		case math.IsNaN(pt.Accuracy) || math.IsInf(pt.Accuracy, 0) || pt.Accuracy < 0:
			v.Add("points", "err.patrol_point_accuracy", i+1)
		case pt.At.IsZero() || pt.At.Before(p.Started.Add(-lim.Skew)) || pt.At.After(now.Add(lim.Skew)):
			v.Add("points", "err.patrol_point_time", i+1)
		case i > 0 && !pt.At.After(pts[i-1].At):
			v.Add("points", "err.patrol_point_order", i+1)
		}
		if !v.OK() {
			return nil, v.Err()
		}
	}
	b := &Batch{}
	last := p.Last
	for _, pt := range pts {
		if last != nil && !pt.At.After(last.At) {
			b.Repeated++
			continue
		}
		if pt.Accuracy > lim.MaxAccuracy {
			b.Dropped++
			continue
		}
		var d float64
		if last != nil {
			d = geo.Distance(geo.Point{Lng: last.Lng, Lat: last.Lat}, geo.Point{Lng: pt.Lng, Lat: pt.Lat})
			if d/pt.At.Sub(last.At).Seconds() > lim.MaxSpeed {
				b.Dropped++
				continue
			}
		}
		b.Distance += d
		kept := pt
		b.Kept = append(b.Kept, kept)
		last = &b.Kept[len(b.Kept)-1]
	}
	return b, nil
}

// ValidCoord reports whether a longitude and latitude are a real WGS-84 position. (0, 0),
// the position of a phone that has none, is refused too.
func ValidCoord(lng, lat float64) bool {
	for _, x := range []float64{lng, lat} {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return false
		}
	}
	return lng >= -180 && lng <= 180 && lat >= -90 && lat <= 90 && !(lng == 0 && lat == 0)
}

// Grid is a grid a worker may patrol: one they serve on duty, or the one their account
// is bound to.
type Grid struct {
	ID   int64
	Name string
	Path string
}

// ValidateStart checks that a worker may start a patrol of grid nodeID: it must be one of
// their grids, and they must not have a patrol open already.
func ValidateStart(nodeID int64, grids []Grid, open *Patrol) error {
	if open != nil {
		return errs.E(errs.Conflict, "err.patrol_open")
	}
	if len(grids) == 0 {
		return errs.FieldInvalid("node_id", "err.patrol_no_grid")
	}
	for _, g := range grids {
		if g.ID == nodeID {
			return nil
		}
	}
	return errs.FieldInvalid("node_id", "err.patrol_grid")
}

// ValidateEnd checks the ending of a patrol with a note.
func ValidateEnd(p *Patrol, note string) error {
	if !p.Open() {
		return errs.E(errs.Conflict, "err.patrol_ended")
	}
	v := &errs.Validation{}
	v.MaxLen("note", strings.TrimSpace(note), MaxNote)
	return v.Err()
}

// Requirement is how much patrolling a grid needs each day: PerDay patrols, each lasting at
// least MinDuration to count.
type Requirement struct {
	PerDay      int
	MinDuration time.Duration
}

// DefaultRequirement is 一日双巡: two patrols a day of at least 30 minutes each.
func DefaultRequirement() Requirement {
	return Requirement{PerDay: 2, MinDuration: 30 * time.Minute}
}

// Validate checks a configured requirement.
func (r Requirement) Validate() error {
	v := &errs.Validation{}
	v.Check(r.PerDay >= 1 && r.PerDay <= 24, "per_day", "err.patrol_per_day")
	v.Check(r.MinDuration >= 0 && r.MinDuration <= 12*time.Hour, "min_duration", "err.patrol_min_duration")
	return v.Err()
}

// Counts reports whether a patrol counts towards the requirement: it has ended and lasted
// at least MinDuration.
func (r Requirement) Counts(p *Patrol) bool {
	return p.Ended != nil && p.Duration(*p.Ended) >= r.MinDuration
}

// Status says how far a grid's patrols of a day meet the requirement.
type Status string

// The statuses: met, partly (patrolled, but not enough), none (not patrolled at all).
const (
	Met    Status = "met"
	Partly Status = "partly"
	None   Status = "none"
)

// Key is the catalogue key of the status's words.
func (s Status) Key() string { return "patrol_status." + string(s) }

// Day is one grid's patrolling of one day.
type Day struct {
	Patrols  int           // patrols started that day, open ones included
	Counted  int           // patrols that count towards the requirement
	Open     int           // patrols still open
	Duration time.Duration // total time patrolled (open patrols until now)
	Distance float64
	Workers  []string // names of the workers who patrolled, in order of first patrol
	Status   Status
}

// Judge sums a grid's patrols of a day, as of now, against the requirement.
func (r Requirement) Judge(ps []*Patrol, now time.Time) Day {
	d := Day{}
	seen := map[int64]bool{}
	for _, p := range ps {
		d.Patrols++
		if p.Open() {
			d.Open++
		}
		if r.Counts(p) {
			d.Counted++
		}
		d.Duration += p.Duration(now)
		d.Distance += p.Distance
		if !seen[p.WorkerID] {
			seen[p.WorkerID] = true
			d.Workers = append(d.Workers, p.WorkerName)
		}
	}
	switch {
	case d.Counted >= r.PerDay:
		d.Status = Met
	case d.Patrols > 0:
		d.Status = Partly
	default:
		d.Status = None
	}
	return d
}

// DayOf returns the start and end of the local (China Standard Time) day holding t; a
// patrol belongs to the day it started.
func DayOf(t time.Time) (start, end time.Time) {
	l := t.In(calendar.Location)
	start = time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, calendar.Location)
	return start, start.AddDate(0, 0, 1)
}

// ParseDay reads a day written as 2006-01-02 in China Standard Time; empty is today.
func ParseDay(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		d, _ := DayOf(now)
		return d, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, calendar.Location)
	if err != nil {
		return time.Time{}, errs.FieldInvalid("day", "err.patrol_day")
	}
	return d, nil
}
