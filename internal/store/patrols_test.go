package store_test

import (
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/patrol"
	"github.com/shequ-dev/shequ/internal/store"
)

// walk returns n points ten seconds apart from the clock's now, heading north 10 m a step.
func walk(now time.Time, from, n int) []patrol.Point {
	pts := make([]patrol.Point, n)
	for i := range pts {
		k := from + i
		pts[i] = patrol.Point{At: now.Add(time.Duration(k*10) * time.Second), Lng: 120.63, Lat: 31.31 + float64(k)*10/111195, Accuracy: 8}
	}
	return pts
}

func TestPatrolLifecycle(t *testing.T) {
	w := newCaseWorld(t)
	db := w.db
	gridB := mustNode(t, db, w.commA.ID, 0, "02", "第2网格")
	gridOther := mustNode(t, db, w.commB.ID, 0, "01", "南门第1网格")
	// The worker is bound to grid A and also serves grid B part-time.
	if _, err := db.Assign(ctx, w.staff, account.AssignmentInput{NodeID: gridB.ID, UserID: w.worker.UserID, Kind: account.PartTime}); err != nil {
		t.Fatal(err)
	}
	other := w.principal(t, account.GridWorker, gridB.ID, 0)
	grids, err := db.PatrolGrids(ctx, w.worker)
	if err != nil || len(grids) != 2 || grids[0].ID != w.gridA.ID {
		t.Fatalf("grids %+v %v", grids, err)
	}

	start := db.Clock.Now()
	steps := []struct {
		name string
		p    *account.Principal
		node int64
		code errs.Code
		key  string
	}{
		{"a grid not theirs", w.worker, gridOther.ID, errs.Invalid, "err.patrol_grid"},
		{"staff do not patrol", w.staff, w.gridA.ID, errs.Forbidden, ""},
		{"their grid", w.worker, w.gridA.ID, "", ""},
		{"a second open patrol", w.worker, gridB.ID, errs.Conflict, "err.patrol_open"},
		{"another worker at once", other, gridB.ID, "", ""},
	}
	var mine *patrol.Patrol
	for _, s := range steps {
		pt, err := db.StartPatrol(ctx, s.p, s.node)
		if errs.CodeOf(err) != s.code {
			t.Fatalf("%s: %v", s.name, err)
		}
		if s.key != "" {
			e := errs.As(err)
			if e.Msg.Key != s.key && (len(e.Fields) == 0 || e.Fields[0].Msg.Key != s.key) {
				t.Fatalf("%s: %v, want %s", s.name, err, s.key)
			}
		}
		if err == nil && s.p == w.worker {
			mine = pt
		}
	}
	if open, err := db.OpenPatrol(ctx, w.worker); err != nil || open == nil || open.ID != mine.ID {
		t.Fatalf("open %+v %v", open, err)
	}

	// Upload in two batches, the second one retried after a lost answer.
	db.Clock.Advance(20 * time.Minute)
	r, err := db.AddPatrolPoints(ctx, w.worker, mine.ID, walk(start, 0, 60))
	if err != nil || r.Kept != 60 || r.Patrol.Points != 60 {
		t.Fatalf("first batch %+v %v", r, err)
	}
	second := walk(start, 60, 60)
	second[10].Accuracy = 500
	for i := 0; i < 2; i++ {
		if r, err = db.AddPatrolPoints(ctx, w.worker, mine.ID, second); err != nil {
			t.Fatal(err)
		}
	}
	if r.Kept != 0 || r.Repeated != 60 || r.Patrol.Points != 119 || r.Patrol.Dropped != 1 {
		t.Fatalf("retry %+v %+v", r, r.Patrol)
	}
	if d := r.Patrol.Distance; d < 1180 || d > 1200 {
		t.Fatalf("distance %.1f", d)
	}
	u, err := db.CreateUser(ctx, sys, account.UserInput{Username: "wg.a2", DisplayName: "网格员乙", Role: account.GridWorker,
		NodeID: w.gridA.ID, Password: "Passw0rd!", Phone: phoneFor(99)})
	if err != nil {
		t.Fatal(err)
	}
	neighbour, _ := db.PrincipalFor(ctx, u.ID)
	bad := []struct {
		name string
		p    *account.Principal
		pts  []patrol.Point
		code errs.Code
	}{
		{"points out of order", w.worker, []patrol.Point{walk(start, 130, 1)[0], walk(start, 125, 1)[0]}, errs.Invalid},
		{"a patrol of someone else in the same grid", neighbour, walk(start, 130, 1), errs.Forbidden},
		{"a patrol of someone outside the scope", other, walk(start, 130, 1), errs.NotFound},
		{"staff may not upload", w.staff, walk(start, 130, 1), errs.Forbidden},
	}
	for _, b := range bad {
		if _, err := db.AddPatrolPoints(ctx, b.p, mine.ID, b.pts); errs.CodeOf(err) != b.code {
			t.Fatalf("%s: %v", b.name, err)
		}
	}
	track, err := db.PatrolTrack(ctx, w.staff, mine.ID)
	if err != nil || len(track) != 119 || !track[0].At.Equal(start) {
		t.Fatalf("track %d %v", len(track), err)
	}

	// A case reported on patrol counts on it.
	c := w.report(t, "路灯不亮")
	if pid, err := db.LinkCaseOnPatrol(ctx, w.worker, c.Case.ID); err != nil || pid != mine.ID {
		t.Fatalf("link %d %v", pid, err)
	}
	if pid, err := db.LinkCaseOnPatrol(ctx, w.staff, c.Case.ID); err != nil || pid != 0 {
		t.Fatalf("no patrol: %d %v", pid, err)
	}

	db.Clock.Advance(15 * time.Minute)
	ended, err := db.EndPatrol(ctx, w.worker, mine.ID, " 巡查正常 ")
	if err != nil || ended.Open() || ended.Note != "巡查正常" || ended.Cases != 1 {
		t.Fatalf("end %+v %v", ended, err)
	}
	if _, err := db.EndPatrol(ctx, w.worker, mine.ID, ""); errs.CodeOf(err) != errs.Conflict {
		t.Fatalf("ending twice: %v", err)
	}
	if _, err := db.AddPatrolPoints(ctx, w.worker, mine.ID, walk(start, 200, 1)); errs.CodeOf(err) != errs.Invalid {
		t.Fatalf("points after the end: %v", err)
	}
	if _, err := db.LinkCaseOnPatrol(ctx, w.worker, c.Case.ID); err != nil {
		t.Fatalf("no open patrol is no error: %v", err)
	}

	// A second patrol the same day, too short to count.
	second2, err := db.StartPatrol(ctx, w.worker, w.gridA.ID)
	if err != nil {
		t.Fatal(err)
	}
	db.Clock.Advance(10 * time.Minute)
	if _, err := db.EndPatrol(ctx, w.worker, second2.ID, ""); err != nil {
		t.Fatal(err)
	}

	req := patrol.DefaultRequirement()
	cov, err := db.Coverage(ctx, w.staff, w.streetA.ID, start, req)
	if err != nil || len(cov) != 2 {
		t.Fatalf("coverage %+v %v", cov, err)
	}
	a, b := cov[0], cov[1]
	if a.NodeID != w.gridA.ID || a.Patrols != 2 || a.Counted != 1 || a.Status != patrol.Partly || int(a.Duration.Minutes()) != 45 {
		t.Fatalf("grid A %+v", a)
	}
	if b.NodeID != gridB.ID || b.Patrols != 1 || b.Open != 1 || b.Status != patrol.Partly {
		t.Fatalf("grid B %+v", b)
	}
	if cov, err := db.Coverage(ctx, w.staff, w.streetA.ID, start, patrol.Requirement{PerDay: 1, MinDuration: time.Minute}); err != nil || cov[0].Status != patrol.Met {
		t.Fatalf("once a day %+v %v", cov, err)
	}
	if cov, err := db.Coverage(ctx, w.staff, w.streetA.ID, start.AddDate(0, 0, 1), req); err != nil || cov[0].Status != patrol.None {
		t.Fatalf("tomorrow %+v %v", cov, err)
	}
	if cov, err := db.Coverage(ctx, w.staff, w.gridA.ID, start, req); err != nil || len(cov) != 1 || cov[0].Patrols != 2 {
		t.Fatalf("one grid %+v %v", cov, err)
	}
	staffB := w.principal(t, account.Staff, w.streetB.ID, 0)
	if _, err := db.Coverage(ctx, staffB, w.streetA.ID, start, req); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("another street: %v", err)
	}
	if _, err := db.Coverage(ctx, w.handler, w.district.ID, start, req); errs.CodeOf(err) != errs.Forbidden {
		t.Fatalf("a handler: %v", err)
	}

	lists := []struct {
		name string
		p    *account.Principal
		want int
	}{
		{"staff see the street's", w.staff, 3},
		{"the worker sees their own", w.worker, 2},
		{"staff of the other street see none", staffB, 0},
	}
	for _, l := range lists {
		ps, err := db.ListPatrols(ctx, l.p, store.PatrolFilter{Day: start})
		if err != nil || len(ps) != l.want {
			t.Fatalf("%s: %d %v", l.name, len(ps), err)
		}
	}
	if _, err := db.Patrol(ctx, staffB, mine.ID); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("another street's patrol: %v", err)
	}
	if _, err := db.Patrol(ctx, other, mine.ID); errs.CodeOf(err) != errs.NotFound {
		t.Fatalf("another worker: %v", err)
	}
}
