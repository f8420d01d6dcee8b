package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

func TestBuildingsAndHouses(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	handler := tr.principal(t, account.Leader, tr.streetA.ID, 0)

	b, err := db.CreateBuilding(ctx, worker, register.BuildingInput{NodeID: tr.gridA.ID, Name: " 12幢 ", Address: "平江路 12 号",
		Location: &geo.Point{Lng: 120.63, Lat: 31.31}, FloorsAbove: 6, Kind: register.Residential})
	if err != nil {
		t.Fatal(err)
	}
	if b.Name != "12幢" || b.Location == nil || b.NodeID != tr.gridA.ID {
		t.Fatalf("building %+v", b)
	}
	badBuildings := []struct {
		name  string
		p     *account.Principal
		in    register.BuildingInput
		code  errs.Code
		field string
	}{
		{"the same name in the grid", worker, register.BuildingInput{NodeID: tr.gridA.ID, Name: "12幢", Address: "x", FloorsAbove: 3, Kind: register.Residential}, errs.Invalid, "name"},
		{"no floors", worker, register.BuildingInput{NodeID: tr.gridA.ID, Name: "13幢", Address: "x", Kind: register.Residential}, errs.Invalid, "floors_above"},
		{"a grid outside the scope", staffB, register.BuildingInput{NodeID: tr.gridA.ID, Name: "13幢", Address: "x", FloorsAbove: 3, Kind: register.Residential}, errs.Invalid, "node_id"},
		{"leaders only read", handler, register.BuildingInput{NodeID: tr.gridA.ID, Name: "13幢", Address: "x", FloorsAbove: 3, Kind: register.Residential}, errs.Forbidden, ""},
	}
	for _, tt := range badBuildings {
		_, err := db.CreateBuilding(ctx, tt.p, tt.in)
		e := errs.As(err)
		if e == nil || e.Code != tt.code || (tt.field != "" && (len(e.Fields) == 0 || e.Fields[0].Field != tt.field)) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}

	var codes = map[string]bool{}
	for _, room := range []string{"101", "102", "201"} {
		floor := int(room[0] - '0')
		h, err := db.CreateHouse(ctx, worker, register.HouseInput{BuildingID: b.ID, Unit: "1", Floor: floor, Room: room, Area: 72.5, Use: register.SelfOccupied})
		if err != nil {
			t.Fatal(err)
		}
		if len(h.Code) != 10 || codes[h.Code] {
			t.Fatalf("door-plate code %q", h.Code)
		}
		codes[h.Code] = true
	}
	badHouses := []struct {
		name  string
		in    register.HouseInput
		field string
	}{
		{"the same room", register.HouseInput{BuildingID: b.ID, Unit: "1", Floor: 1, Room: "101", Area: 50, Use: register.Rented}, "room"},
		{"floor 7 of 6", register.HouseInput{BuildingID: b.ID, Floor: 7, Room: "701", Area: 50, Use: register.Rented}, "floor"},
		{"no building", register.HouseInput{Floor: 1, Room: "1", Area: 50, Use: register.Rented}, "building_id"},
		{"no area", register.HouseInput{BuildingID: b.ID, Floor: 2, Room: "202", Use: register.Rented}, "area"},
	}
	for _, tt := range badHouses {
		_, err := db.CreateHouse(ctx, worker, tt.in)
		if e := errs.As(err); e == nil || e.Code != errs.Invalid || len(e.Fields) == 0 || e.Fields[0].Field != tt.field {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	if _, err := db.CreateHouse(ctx, staffB, register.HouseInput{BuildingID: b.ID, Floor: 3, Room: "301", Area: 50, Use: register.Rented}); !errs.Is(err, errs.Invalid) {
		t.Errorf("a building outside the scope: %v", err)
	}

	hs, err := db.Houses(ctx, worker, store.RegisterFilter{ParentID: b.ID})
	if err != nil || len(hs) != 3 || hs[0].Room != "101" || hs[2].Room != "201" {
		t.Fatalf("houses of the building: %d %v", len(hs), err)
	}
	if got, err := db.Houses(ctx, staffB, store.RegisterFilter{ParentID: b.ID}); err != nil || len(got) != 0 {
		t.Fatalf("another street sees %d houses (%v)", len(got), err)
	}
	if _, err := db.Building(ctx, staffB, b.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("another street reads the building: %v", err)
	}
	bs, err := db.Buildings(ctx, worker, store.RegisterFilter{Query: "平江路"})
	if err != nil || len(bs) != 1 {
		t.Fatalf("search: %d %v", len(bs), err)
	}

	// Anyone who scans the plate learns the address, nothing more.
	plate, err := db.HouseByCode(ctx, hs[1].Code)
	if err != nil || plate.BuildingName != "12幢" || plate.Room != "102" || plate.Address != "平江路 12 号" {
		t.Fatalf("plate %+v %v", plate, err)
	}
	if _, err := db.HouseByCode(ctx, "NOSUCHCODE"); !errs.Is(err, errs.NotFound) {
		t.Errorf("unknown plate: %v", err)
	}
}

// A grid moved to another community takes its buildings and houses along: the new
// community's staff see them, the old one's no longer do.
func TestRegistersMoveWithTheirGrid(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	commA2 := mustNode(t, db, tr.streetA.ID, 0, "002", "新社区")
	staffOld := tr.principal(t, account.Staff, tr.commA.ID, 0)
	staffNew := tr.principal(t, account.Staff, commA2.ID, 0)
	b, err := db.CreateBuilding(ctx, sys, register.BuildingInput{NodeID: tr.gridA.ID, Name: "1幢", Address: "x", FloorsAbove: 2, Kind: register.Residential})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateHouse(ctx, sys, register.HouseInput{BuildingID: b.ID, Floor: 1, Room: "101", Area: 60, Use: register.Vacant}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.MoveNode(ctx, sys, tr.gridA.ID, commA2.ID, tr.gridA.Version); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		p    *account.Principal
		want int
	}{{"old community", staffOld, 0}, {"new community", staffNew, 1}} {
		bs, err := db.Buildings(ctx, c.p, store.RegisterFilter{})
		hs, err2 := db.Houses(ctx, c.p, store.RegisterFilter{})
		if err != nil || err2 != nil || len(bs) != c.want || len(hs) != c.want {
			t.Errorf("%s sees %d buildings and %d houses (%v %v), want %d", c.name, len(bs), len(hs), err, err2, c.want)
		}
	}
}
