package patrol_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/patrol"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// pt is a point s seconds after t0, dy metres north of 平江路 (1e-5 degree of latitude is
// about 1.11 m).
func pt(s, dyMetres, acc float64) patrol.Point {
	return patrol.Point{At: t0.Add(time.Duration(s * float64(time.Second))), Lng: 120.63, Lat: 31.31 + dyMetres/111195, Accuracy: acc}
}

func fieldKey(err error) (string, string) {
	e := errs.As(err)
	if e == nil || len(e.Fields) == 0 {
		if e != nil {
			return "", e.Msg.Key
		}
		return "", ""
	}
	return e.Fields[0].Field, e.Fields[0].Msg.Key
}

func TestAccept(t *testing.T) {
	lim := patrol.DefaultLimits()
	lim.MaxBatch = 5
	now := t0.Add(time.Hour)
	ended := t0.Add(time.Minute)
	last := pt(0, 0, 5)
	tests := []struct {
		name     string
		p        patrol.Patrol
		pts      []patrol.Point
		field    string
		key      string
		kept     int
		dropped  int
		repeated int
		dist     float64 // metres, ±1
	}{
		{"a straight walk", patrol.Patrol{Started: t0}, []patrol.Point{pt(0, 0, 5), pt(10, 12, 5), pt(20, 24, 8)}, "", "", 3, 0, 0, 24},
		{"continues from the last kept point", patrol.Patrol{Started: t0, Last: &last}, []patrol.Point{pt(10, 10, 5)}, "", "", 1, 0, 0, 10},
		{"a retried upload is skipped", patrol.Patrol{Started: t0, Last: &last}, []patrol.Point{pt(0, 0, 5), pt(10, 10, 5)}, "", "", 1, 0, 1, 10},
		{"poor accuracy is dropped", patrol.Patrol{Started: t0}, []patrol.Point{pt(0, 0, 5), pt(10, 10, 150), pt(20, 20, 20)}, "", "", 2, 1, 0, 20},
		{"a jump of 1 km in 10 s is dropped", patrol.Patrol{Started: t0}, []patrol.Point{pt(0, 0, 5), pt(10, 1000, 5), pt(20, 15, 5)}, "", "", 2, 1, 0, 15},
		{"150 km/h is still kept", patrol.Patrol{Started: t0}, []patrol.Point{pt(0, 0, 5), pt(10, 410, 5)}, "", "", 2, 0, 0, 410},
		{"out of order", patrol.Patrol{Started: t0}, []patrol.Point{pt(10, 0, 5), pt(5, 5, 5)}, "points", "err.patrol_point_order", 0, 0, 0, 0},
		{"the same instant twice", patrol.Patrol{Started: t0}, []patrol.Point{pt(10, 0, 5), pt(10, 5, 5)}, "points", "err.patrol_point_order", 0, 0, 0, 0},
		{"latitude beyond the pole", patrol.Patrol{Started: t0}, []patrol.Point{{At: t0, Lng: 120, Lat: 91, Accuracy: 5}}, "points", "err.patrol_point_coord", 0, 0, 0, 0},
		{"null island", patrol.Patrol{Started: t0}, []patrol.Point{{At: t0, Accuracy: 5}}, "points", "err.patrol_point_coord", 0, 0, 0, 0},
		{"not a number", patrol.Patrol{Started: t0}, []patrol.Point{{At: t0, Lng: math.NaN(), Lat: 31, Accuracy: 5}}, "points", "err.patrol_point_coord", 0, 0, 0, 0},
		{"negative accuracy", patrol.Patrol{Started: t0}, []patrol.Point{pt(0, 0, -1)}, "points", "err.patrol_point_accuracy", 0, 0, 0, 0},
		{"before the start", patrol.Patrol{Started: t0}, []patrol.Point{pt(-600, 0, 5)}, "points", "err.patrol_point_time", 0, 0, 0, 0},
		{"in the future", patrol.Patrol{Started: t0}, []patrol.Point{pt(7200, 0, 5)}, "points", "err.patrol_point_time", 0, 0, 0, 0},
		{"no time", patrol.Patrol{Started: t0}, []patrol.Point{{Lng: 120, Lat: 31}}, "points", "err.patrol_point_time", 0, 0, 0, 0},
		{"none", patrol.Patrol{Started: t0}, nil, "points", "err.required", 0, 0, 0, 0},
		{"too many", patrol.Patrol{Started: t0}, []patrol.Point{pt(0, 0, 5), pt(1, 0, 5), pt(2, 0, 5), pt(3, 0, 5), pt(4, 0, 5), pt(5, 0, 5)}, "points", "err.patrol_batch", 0, 0, 0, 0},
		{"an ended patrol", patrol.Patrol{Started: t0, Ended: &ended}, []patrol.Point{pt(0, 0, 5)}, "patrol", "err.patrol_ended", 0, 0, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := patrol.Accept(&tc.p, tc.pts, now, lim)
			if tc.key != "" {
				if f, k := fieldKey(err); f != tc.field || k != tc.key {
					t.Fatalf("got %v, want %s %s", err, tc.field, tc.key)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Kept) != tc.kept || b.Dropped != tc.dropped || b.Repeated != tc.repeated || math.Abs(b.Distance-tc.dist) > 1 {
				t.Fatalf("kept %d dropped %d repeated %d distance %.1f, want %d %d %d %.0f", len(b.Kept), b.Dropped, b.Repeated, b.Distance,
					tc.kept, tc.dropped, tc.repeated, tc.dist)
			}
		})
	}
}

func TestValidateStart(t *testing.T) {
	grids := []patrol.Grid{{ID: 7}, {ID: 9}}
	tests := []struct {
		name  string
		node  int64
		grids []patrol.Grid
		open  *patrol.Patrol
		code  errs.Code
		key   string
	}{
		{"one of theirs", 9, grids, nil, "", ""},
		{"a grid not theirs", 8, grids, nil, errs.Invalid, "err.patrol_grid"},
		{"no grid at all", 7, nil, nil, errs.Invalid, "err.patrol_no_grid"},
		{"a second open patrol", 7, grids, &patrol.Patrol{ID: 1}, errs.Conflict, "err.patrol_open"},
	}
	for _, tc := range tests {
		err := patrol.ValidateStart(tc.node, tc.grids, tc.open)
		if errs.CodeOf(err) != tc.code {
			t.Fatalf("%s: got %v", tc.name, err)
		}
		if _, k := fieldKey(err); k != tc.key {
			t.Fatalf("%s: key %s, want %s", tc.name, k, tc.key)
		}
	}
}

func TestValidateEnd(t *testing.T) {
	ended := t0
	tests := []struct {
		name string
		p    patrol.Patrol
		note string
		code errs.Code
	}{
		{"with a note", patrol.Patrol{}, "路灯坏了一盏", ""},
		{"ending twice", patrol.Patrol{Ended: &ended}, "", errs.Conflict},
		{"a note too long", patrol.Patrol{}, strings.Repeat("长", patrol.MaxNote+1), errs.Invalid},
	}
	for _, tc := range tests {
		if err := patrol.ValidateEnd(&tc.p, tc.note); errs.CodeOf(err) != tc.code {
			t.Fatalf("%s: got %v", tc.name, err)
		}
	}
}

func TestJudge(t *testing.T) {
	req := patrol.DefaultRequirement()
	now := t0.Add(10 * time.Hour)
	walk := func(worker int64, name string, start, minutes int) *patrol.Patrol {
		e := t0.Add(time.Duration(start+minutes) * time.Minute)
		return &patrol.Patrol{WorkerID: worker, WorkerName: name, Started: t0.Add(time.Duration(start) * time.Minute), Ended: &e, Distance: 100}
	}
	open := &patrol.Patrol{WorkerID: 1, WorkerName: "张三", Started: now.Add(-20 * time.Minute)}
	tests := []struct {
		name    string
		ps      []*patrol.Patrol
		status  patrol.Status
		counted int
		minutes int
		workers int
	}{
		{"not patrolled", nil, patrol.None, 0, 0, 0},
		{"twice, long enough", []*patrol.Patrol{walk(1, "张三", 0, 45), walk(1, "张三", 300, 30)}, patrol.Met, 2, 75, 1},
		{"twice, once too short", []*patrol.Patrol{walk(1, "张三", 0, 45), walk(2, "李四", 300, 29)}, patrol.Partly, 1, 74, 2},
		{"once and one still open", []*patrol.Patrol{walk(1, "张三", 0, 60), open}, patrol.Partly, 1, 80, 1},
		{"three times", []*patrol.Patrol{walk(1, "张三", 0, 30), walk(1, "张三", 60, 30), walk(1, "张三", 120, 30)}, patrol.Met, 3, 90, 1},
	}
	for _, tc := range tests {
		d := req.Judge(tc.ps, now)
		if d.Status != tc.status || d.Counted != tc.counted || int(d.Duration.Minutes()) != tc.minutes || len(d.Workers) != tc.workers {
			t.Fatalf("%s: %+v", tc.name, d)
		}
	}
	once := patrol.Requirement{PerDay: 1, MinDuration: 0}
	if d := once.Judge([]*patrol.Patrol{walk(1, "张三", 0, 1)}, now); d.Status != patrol.Met {
		t.Fatalf("a one-a-day requirement: %+v", d)
	}
}

func TestRequirementValidate(t *testing.T) {
	tests := []struct {
		r  patrol.Requirement
		ok bool
	}{
		{patrol.DefaultRequirement(), true},
		{patrol.Requirement{PerDay: 0, MinDuration: time.Minute}, false},
		{patrol.Requirement{PerDay: 2, MinDuration: -time.Minute}, false},
		{patrol.Requirement{PerDay: 2, MinDuration: 13 * time.Hour}, false},
	}
	for _, tc := range tests {
		if err := tc.r.Validate(); (err == nil) != tc.ok {
			t.Fatalf("%+v: %v", tc.r, err)
		}
	}
}

func TestDayOf(t *testing.T) {
	// 23:30 UTC on 1 March is 07:30 on 2 March in China.
	start, end := patrol.DayOf(time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC))
	if start.Format(time.RFC3339) != "2026-03-02T00:00:00+08:00" || end.Sub(start) != 24*time.Hour {
		t.Fatalf("day %v – %v", start, end)
	}
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"", "2026-03-02", true},
		{"2026-02-28", "2026-02-28", true},
		{"2026-02-30", "", false},
		{"yesterday", "", false},
	}
	for _, tc := range tests {
		d, err := patrol.ParseDay(tc.in, time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC))
		if (err == nil) != tc.ok || (tc.ok && d.Format("2006-01-02") != tc.want) {
			t.Fatalf("%q: %v %v", tc.in, d, err)
		}
	}
}

func TestTrackRoundTrip(t *testing.T) {
	pts := []patrol.Point{
		{At: t0, Lng: 120.634512, Lat: 31.317788, Accuracy: 8},
		{At: t0.Add(10012 * time.Millisecond), Lng: 120.634598, Lat: 31.317701, Accuracy: 12.4},
		{At: t0.Add(20 * time.Second), Lng: -73.985130, Lat: 40.758896, Accuracy: 100},
	}
	s := patrol.EncodeTrack(pts)
	got, err := patrol.DecodeTrack(s)
	if err != nil || len(got) != len(pts) {
		t.Fatalf("%q: %v %v", s, got, err)
	}
	for i := range pts {
		if !got[i].At.Equal(pts[i].At) || math.Abs(got[i].Lng-pts[i].Lng) > 1e-6 || math.Abs(got[i].Lat-pts[i].Lat) > 1e-6 ||
			math.Abs(got[i].Accuracy-pts[i].Accuracy) > 0.5 {
			t.Fatalf("point %d: %+v, want %+v", i, got[i], pts[i])
		}
	}
	// Ten-second steps of a walk cost under 20 bytes a point.
	walk := make([]patrol.Point, 2880)
	for i := range walk {
		walk[i] = patrol.Point{At: t0.Add(time.Duration(i) * 10 * time.Second), Lng: 120.63 + float64(i)*0.00011, Lat: 31.31 + float64(i%50)*0.00009, Accuracy: 10}
	}
	if n := len(patrol.EncodeTrack(walk)); n > 20*len(walk) {
		t.Fatalf("eight hours take %d bytes", n)
	}
	for _, bad := range []string{"1,2,3", "a,b,c,d", "1,2,3,4;5"} {
		if _, err := patrol.DecodeTrack(bad); err == nil {
			t.Fatalf("%q decoded", bad)
		}
	}
}
