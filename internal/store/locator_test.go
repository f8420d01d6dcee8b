package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// A point is placed by the index's own copy of the places' paths, and that copy follows a
// place that moves: its grids are then found under their new path.
func TestLocatePointFollowsMoves(t *testing.T) {
	db := storetest.New(t)
	world, err := db.SeedBenchIntake(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	sys := account.SystemPrincipal("test")
	pt := geo.Point{Lng: (world.SW.Lng + world.NE.Lng) / 2, Lat: (world.SW.Lat + world.NE.Lat) / 2}
	locate := func() (int64, string) {
		t.Helper()
		id, path, ok, err := db.LocatePoint(ctx, pt)
		if err != nil || !ok {
			t.Fatalf("locate: %v %v", ok, err)
		}
		return id, path
	}
	gridID, before := locate()
	grid, err := db.NodeByID(ctx, gridID)
	if err != nil || grid.Path != before || grid.Level != admin.Grid {
		t.Fatalf("located %d at %q, the grid is %+v (%v)", gridID, before, grid, err)
	}
	comm, err := db.NodeByID(ctx, grid.ParentID)
	if err != nil {
		t.Fatal(err)
	}
	street, err := db.NodeByID(ctx, comm.ParentID)
	if err != nil {
		t.Fatal(err)
	}
	other, err := db.CreateNode(ctx, sys, admin.NodeInput{ParentID: street.ParentID, Level: admin.Street, Code: "002", Name: "第二街道"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.MoveNode(ctx, sys, comm.ID, other.ID, comm.Version); err != nil {
		t.Fatal(err)
	}
	moved, err := db.NodeByID(ctx, gridID)
	if err != nil {
		t.Fatal(err)
	}
	if id, after := locate(); id != gridID || after != moved.Path || after == before {
		t.Fatalf("after the move: %d at %q, want %d at %q (was %q)", id, after, gridID, moved.Path, before)
	}
}
