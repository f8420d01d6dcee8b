package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
)

func TestAssignGridWorkers(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	gridB := mustNode(t, db, tr.commA.ID, 0, "02", "第2网格")
	gridOther := mustNode(t, db, tr.commB.ID, 0, "01", "南门第1网格")
	worker := func(nodeID int64) int64 {
		t.Helper()
		u, err := db.CreateUser(ctx, sys, account.UserInput{Username: "wg" + itoa(phoneSeq+1), DisplayName: "网格员" + itoa(phoneSeq+1),
			Role: account.GridWorker, NodeID: nodeID, Password: "Passw0rd!", Phone: phoneFor(0)})
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	w1, w2, w3, w4 := worker(tr.gridA.ID), worker(tr.gridA.ID), worker(gridB.ID), worker(gridOther.ID)
	staffA := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	staffComm := tr.principal(t, account.Staff, tr.commA.ID, 0)
	gridWorker, _ := db.PrincipalFor(ctx, w1)

	steps := []struct {
		name  string
		p     *account.Principal
		in    account.AssignmentInput
		code  errs.Code
		field string
		key   string
	}{
		{"full-time", staffA, account.AssignmentInput{NodeID: tr.gridA.ID, UserID: w1, Kind: account.FullTime}, "", "", ""},
		{"a second full-time", staffA, account.AssignmentInput{NodeID: tr.gridA.ID, UserID: w2, Kind: account.FullTime}, errs.Invalid, "kind", "err.assign_taken"},
		{"part-time beside", staffComm, account.AssignmentInput{NodeID: tr.gridA.ID, UserID: w2, Kind: account.PartTime}, "", "", ""},
		{"the same worker twice", staffA, account.AssignmentInput{NodeID: tr.gridA.ID, UserID: w2, Kind: account.Backup}, errs.Invalid, "user_id", "err.assign_twice"},
		{"backup from the next grid", staffA, account.AssignmentInput{NodeID: tr.gridA.ID, UserID: w3, Kind: account.Backup}, "", "", ""},
		{"a second backup", staffA, account.AssignmentInput{NodeID: tr.gridA.ID, UserID: w1, Kind: account.Backup}, errs.Invalid, "user_id", "err.assign_twice"},
		{"full-time in two grids", staffA, account.AssignmentInput{NodeID: gridB.ID, UserID: w1, Kind: account.FullTime}, errs.Invalid, "user_id", "err.assign_full_time_elsewhere"},
		{"not a grid", staffA, account.AssignmentInput{NodeID: tr.commA.ID, UserID: w3, Kind: account.FullTime}, errs.Invalid, "node_id", "err.assign_level"},
		{"not a grid worker", staffA, account.AssignmentInput{NodeID: gridB.ID, UserID: staffComm.UserID, Kind: account.PartTime}, errs.Invalid, "user_id", "err.assign_role"},
		{"no such kind", staffA, account.AssignmentInput{NodeID: gridB.ID, UserID: w3, Kind: "boss"}, errs.Invalid, "kind", "err.choose_one"},
		{"no worker", staffA, account.AssignmentInput{NodeID: gridB.ID, Kind: account.FullTime}, errs.Invalid, "user_id", "err.choose_one"},
		{"a worker outside the scope", staffA, account.AssignmentInput{NodeID: gridB.ID, UserID: w4, Kind: account.PartTime}, errs.Invalid, "user_id", "err.choose_one"},
		{"a grid outside the scope", staffA, account.AssignmentInput{NodeID: gridOther.ID, UserID: w3, Kind: account.PartTime}, errs.NotFound, "", ""},
		{"a grid worker may not assign", gridWorker, account.AssignmentInput{NodeID: tr.gridA.ID, UserID: w3, Kind: account.PartTime}, errs.Forbidden, "", ""},
	}
	for _, s := range steps {
		_, err := db.Assign(ctx, s.p, s.in)
		if s.code == "" {
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			continue
		}
		e := errs.As(err)
		if e == nil || e.Code != s.code {
			t.Fatalf("%s: got %v, want %s", s.name, err, s.code)
		}
		if s.field != "" && (len(e.Fields) == 0 || e.Fields[0].Field != s.field || e.Fields[0].Msg.Key != s.key) {
			t.Fatalf("%s: fields %+v, want %s %s", s.name, e.Fields, s.field, s.key)
		}
	}

	active, err := db.Assignments(ctx, staffA, tr.gridA.ID, false)
	if err != nil || len(active) != 3 {
		t.Fatalf("active: %d %v", len(active), err)
	}
	onDuty, err := db.OnDuty(ctx, staffA, []int64{tr.gridA.ID, gridB.ID})
	if err != nil || len(onDuty) != 3 {
		t.Fatalf("on duty: %d %v", len(onDuty), err)
	}
	// Ending the full-time duty frees the place; the row stays as history.
	ended, err := db.EndAssignment(ctx, staffA, active[0].ID)
	if err != nil || ended.Active() {
		t.Fatalf("end: %+v %v", ended, err)
	}
	if _, err := db.EndAssignment(ctx, staffA, active[0].ID); !errs.Is(err, errs.Invalid) {
		t.Fatalf("ending twice: %v", err)
	}
	if _, err := db.Assign(ctx, staffA, account.AssignmentInput{NodeID: tr.gridA.ID, UserID: w1, Kind: account.FullTime}); err != nil {
		t.Fatalf("full-time again after the end: %v", err)
	}
	all, err := db.Assignments(ctx, staffA, tr.gridA.ID, true)
	if err != nil || len(all) != 4 || all[len(all)-1].Active() {
		t.Fatalf("history: %d %v", len(all), err)
	}
	// Other streets see nothing of it.
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	if _, err := db.Assignments(ctx, staffB, tr.gridA.ID, true); !errs.Is(err, errs.NotFound) {
		t.Fatalf("other street: %v", err)
	}
	if _, err := db.EndAssignment(ctx, staffB, all[0].ID); !errs.Is(err, errs.NotFound) {
		t.Fatalf("other street ends: %v", err)
	}
	if got, _ := db.OnDuty(ctx, staffB, []int64{tr.gridA.ID}); len(got) != 0 {
		t.Fatalf("other street sees %d on duty", len(got))
	}
}

// Two staff placing a full-time worker on one grid at the same moment: one wins.
func TestAssignConcurrently(t *testing.T) {
	tr := newTree(t)
	var ids []int64
	for i := 0; i < 8; i++ {
		u, err := tr.db.CreateUser(ctx, sys, account.UserInput{Username: "cw" + itoa(int64(i)), DisplayName: "网格员",
			Role: account.GridWorker, NodeID: tr.gridA.ID, Password: "Passw0rd!", Phone: phoneFor(0)})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	results := make(chan error, len(ids))
	for _, id := range ids {
		go func() {
			_, err := tr.db.Assign(ctx, sys, account.AssignmentInput{NodeID: tr.gridA.ID, UserID: id, Kind: account.FullTime})
			results <- err
		}()
	}
	won := 0
	for range ids {
		if err := <-results; err == nil {
			won++
		} else if !errs.Is(err, errs.Invalid) {
			t.Errorf("unexpected error: %v", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d full-time workers placed, want 1", won)
	}
}
