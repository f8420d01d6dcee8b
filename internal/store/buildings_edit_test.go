package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

func wantField(t *testing.T, name string, err error, code errs.Code, field string) {
	t.Helper()
	e := errs.As(err)
	if e == nil || e.Code != code {
		t.Errorf("%s: %v, want %s", name, err, code)
		return
	}
	if field != "" && (len(e.Fields) == 0 || e.Fields[0].Field != field) {
		t.Errorf("%s: fields %v, want %s", name, e.Fields, field)
	}
}

func TestBuildingEditRetireRestore(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	leader := tr.principal(t, account.Leader, tr.district.ID, 0)
	gridA2 := mustNode(t, db, tr.commA.ID, 0, "02", "第2网格")
	staffA := tr.principal(t, account.Staff, tr.streetA.ID, 0)

	in := register.BuildingInput{NodeID: tr.gridA.ID, Name: "12幢", Address: "平江路 12 号", FloorsAbove: 6, FloorsBelow: 1, Kind: register.Residential}
	b, err := db.CreateBuilding(ctx, worker, in)
	if err != nil {
		t.Fatal(err)
	}
	other, err := db.CreateBuilding(ctx, worker, register.BuildingInput{NodeID: tr.gridA.ID, Name: "13幢", Address: "平江路 13 号", FloorsAbove: 3, Kind: register.Commercial})
	if err != nil {
		t.Fatal(err)
	}
	h, err := db.CreateHouse(ctx, worker, register.HouseInput{BuildingID: b.ID, Unit: "1", Floor: 5, Room: "501", Area: 80, Use: register.SelfOccupied})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateHouse(ctx, worker, register.HouseInput{BuildingID: b.ID, Floor: -1, Room: "B01", Area: 20, Use: register.OtherUse}); err != nil {
		t.Fatal(err)
	}

	edit := in
	edit.Name, edit.Location = "12幢（东）", &geo.Point{Lng: 120.63, Lat: 31.31}
	b2, err := db.UpdateBuilding(ctx, worker, b.ID, edit, b.Version)
	if err != nil || b2.Name != "12幢（东）" || b2.Version != b.Version+1 || b2.Location == nil {
		t.Fatalf("update: %+v %v", b2, err)
	}
	bad := []struct {
		name    string
		p       *account.Principal
		in      register.BuildingInput
		version int
		code    errs.Code
		field   string
	}{
		{"stale version", worker, edit, b.Version, errs.Conflict, ""},
		{"the name of another building", worker, func() register.BuildingInput { x := edit; x.Name = "13幢"; return x }(), b2.Version, errs.Invalid, "name"},
		{"floors with houses on them", worker, func() register.BuildingInput { x := edit; x.FloorsAbove = 4; return x }(), b2.Version, errs.Invalid, "floors_above"},
		{"basement with a house in it", worker, func() register.BuildingInput { x := edit; x.FloorsBelow = 0; return x }(), b2.Version, errs.Invalid, "floors_below"},
		{"outside China", worker, func() register.BuildingInput { x := edit; x.Location = &geo.Point{Lng: -73.98, Lat: 40.75}; return x }(), b2.Version, errs.Invalid, "location"},
		{"swapped coordinates", worker, func() register.BuildingInput { x := edit; x.Location = &geo.Point{Lng: 31.31, Lat: 120.63}; return x }(), b2.Version, errs.Invalid, "location"},
		{"unknown kind", worker, func() register.BuildingInput { x := edit; x.Kind = "castle"; return x }(), b2.Version, errs.Invalid, "kind"},
		{"another street", staffB, edit, b2.Version, errs.NotFound, ""},
		{"leaders do not see the registers", leader, edit, b2.Version, errs.NotFound, ""},
	}
	for _, tt := range bad {
		_, err := db.UpdateBuilding(ctx, tt.p, b.ID, tt.in, tt.version)
		wantField(t, tt.name, err, tt.code, tt.field)
	}
	if e := errs.As(func() error { _, err := db.UpdateBuilding(ctx, worker, b.ID, edit, b.Version); return err }()); e == nil || e.Msg.Key != "err.stale" {
		t.Errorf("a stale version says %v", e)
	}

	// Moving the building to another grid takes its houses along.
	moved := edit
	moved.NodeID = gridA2.ID
	if _, err := db.UpdateBuilding(ctx, staffA, b.ID, moved, b2.Version); err != nil {
		t.Fatal(err)
	}
	if hs, err := db.ListHouses(ctx, staffA, store.HouseFilter{RegisterFilter: store.RegisterFilter{Under: gridA2.ID}}); err != nil || len(hs) != 2 {
		t.Fatalf("houses in the new grid: %d %v", len(hs), err)
	}
	if _, err := db.House(ctx, worker, h.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("the old grid's worker still reads the moved house: %v", err)
	}
	b3, err := db.Building(ctx, staffA, b.ID)
	if err != nil {
		t.Fatal(err)
	}

	// Retiring is refused while houses are in use, and says how many.
	err = db.RetireBuilding(ctx, staffA, b.ID, b3.Version)
	if e := errs.As(err); e == nil || e.Code != errs.Conflict || e.Msg.Key != "err.building_has_houses" || len(e.Msg.Args) != 1 || e.Msg.Args[0] != 2 {
		t.Fatalf("retire with houses: %v", err)
	}
	hs, _ := db.Houses(ctx, staffA, store.RegisterFilter{ParentID: b.ID})
	for _, x := range hs {
		if err := db.RetireHouse(ctx, staffA, x.ID, x.Version); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.RetireBuilding(ctx, staffA, b.ID, b3.Version); err != nil {
		t.Fatal(err)
	}
	if err := db.RetireBuilding(ctx, staffA, b.ID, b3.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("retire twice: %v", err)
	}
	if _, err := db.UpdateBuilding(ctx, staffA, b.ID, moved, b3.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("edit a retired building: %v", err)
	}
	hr, _ := db.House(ctx, staffA, h.ID)
	if err := db.RestoreHouse(ctx, staffA, h.ID, hr.Version); !errs.Is(err, errs.Conflict) {
		t.Errorf("restore a house of a retired building: %v", err)
	}
	if bs, _ := db.ListBuildings(ctx, staffA, store.BuildingFilter{}); len(bs) != 1 || bs[0].ID != other.ID {
		t.Errorf("the list without retired has %d", len(bs))
	}
	if err := db.RestoreBuilding(ctx, staffA, b.ID, b3.Version); !errs.Is(err, errs.Conflict) {
		t.Errorf("restore with a stale version: %v", err)
	}
	if err := db.RestoreBuilding(ctx, staffA, b.ID, b3.Version+1); err != nil {
		t.Fatal(err)
	}
	if err := db.RestoreHouse(ctx, staffA, h.ID, hr.Version); err != nil {
		t.Fatal(err)
	}
	if err := db.RestoreHouse(ctx, staffA, h.ID, hr.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("restore twice: %v", err)
	}

	// Every write left its entry; the history shows them to register readers in scope.
	entries, err := db.History(ctx, staffA, "building", b.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	want := []string{"building.restore", "building.retire", "building.update", "building.update", "building.create"}
	if len(actions) != len(want) {
		t.Fatalf("history %v, want %v", actions, want)
	}
	for i := range want {
		if actions[i] != want[i] {
			t.Fatalf("history %v, want %v", actions, want)
		}
	}
	if _, err := db.History(ctx, staffB, "building", b.ID, 0); !errs.Is(err, errs.NotFound) {
		t.Errorf("another street reads the history: %v", err)
	}
	if hh, err := db.History(ctx, staffA, "house", h.ID, 0); err != nil || len(hh) != 3 || hh[0].Action != "house.restore" {
		t.Errorf("house history: %d %v", len(hh), err)
	}
}

func TestHouseEditAndFilters(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	b, err := db.CreateBuilding(ctx, worker, register.BuildingInput{NodeID: tr.gridA.ID, Name: "1幢", Address: "x", FloorsAbove: 6, Kind: register.Residential})
	if err != nil {
		t.Fatal(err)
	}
	b2, err := db.CreateBuilding(ctx, worker, register.BuildingInput{NodeID: tr.gridA.ID, Name: "2幢", Address: "y", FloorsAbove: 2, Kind: register.Commercial})
	if err != nil {
		t.Fatal(err)
	}
	var houses []*register.House
	for i, spec := range []struct {
		unit string
		use  register.HouseUse
	}{{"1", register.Rented}, {"1", register.SelfOccupied}, {"2", register.Rented}, {"2", register.Vacant}} {
		h, err := db.CreateHouse(ctx, worker, register.HouseInput{BuildingID: b.ID, Unit: spec.unit, Floor: i + 1, Room: "0" + string(rune('1'+i)), Area: 60, Use: spec.use})
		if err != nil {
			t.Fatal(err)
		}
		houses = append(houses, h)
	}
	h := houses[0]
	in := register.HouseInput{BuildingID: b.ID, Unit: "1", Floor: 1, Room: "01", Area: 61.5, Use: register.Vacant, OwnerName: "张三"}
	h2, err := db.UpdateHouse(ctx, worker, h.ID, in, h.Version)
	if err != nil || h2.Area != 61.5 || h2.Use != register.Vacant || h2.Code != h.Code || h2.Version != 2 {
		t.Fatalf("update: %+v %v", h2, err)
	}
	bad := []struct {
		name    string
		p       *account.Principal
		in      register.HouseInput
		version int
		code    errs.Code
		field   string
	}{
		{"stale version", worker, in, 1, errs.Conflict, ""},
		{"floor above the roof", worker, func() register.HouseInput { x := in; x.Floor = 7; return x }(), 2, errs.Invalid, "floor"},
		{"no area", worker, func() register.HouseInput { x := in; x.Area = 0; return x }(), 2, errs.Invalid, "area"},
		{"negative area", worker, func() register.HouseInput { x := in; x.Area = -3; return x }(), 2, errs.Invalid, "area"},
		{"unknown use", worker, func() register.HouseInput { x := in; x.Use = "hotel"; return x }(), 2, errs.Invalid, "use"},
		{"the room of another house", worker, func() register.HouseInput { x := in; x.Floor, x.Room = 2, "02"; return x }(), 2, errs.Invalid, "room"},
		{"a building that does not exist", worker, func() register.HouseInput { x := in; x.BuildingID = 999999; return x }(), 2, errs.Invalid, "building_id"},
		{"another street", staffB, in, 2, errs.NotFound, ""},
	}
	for _, tt := range bad {
		_, err := db.UpdateHouse(ctx, tt.p, h.ID, tt.in, tt.version)
		wantField(t, tt.name, err, tt.code, tt.field)
	}
	// Moved to the other building (a correction), the house keeps its plate.
	mv := in
	mv.BuildingID = b2.ID
	h3, err := db.UpdateHouse(ctx, worker, h.ID, mv, 2)
	if err != nil || h3.BuildingID != b2.ID || h3.Code != h.Code {
		t.Fatalf("move: %+v %v", h3, err)
	}

	list := func(f store.HouseFilter) int {
		t.Helper()
		hs, err := db.ListHouses(ctx, worker, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(hs)
	}
	cases := []struct {
		name string
		f    store.HouseFilter
		want int
	}{
		{"all", store.HouseFilter{}, 4},
		{"rented", store.HouseFilter{Use: register.Rented}, 1},
		{"vacant", store.HouseFilter{Use: register.Vacant}, 2},
		{"unit 2", store.HouseFilter{Unit: "2"}, 2},
		{"building 1", store.HouseFilter{RegisterFilter: store.RegisterFilter{ParentID: b.ID}}, 3},
		{"building 1 unit 2 vacant", store.HouseFilter{RegisterFilter: store.RegisterFilter{ParentID: b.ID}, Unit: "2", Use: register.Vacant}, 1},
		{"after the second", store.HouseFilter{RegisterFilter: store.RegisterFilter{AfterID: houses[1].ID}}, 2},
		{"a page of two", store.HouseFilter{RegisterFilter: store.RegisterFilter{Limit: 2}}, 2},
		{"by code", store.HouseFilter{RegisterFilter: store.RegisterFilter{Query: houses[2].Code}}, 1},
	}
	for _, c := range cases {
		if got := list(c.f); got != c.want {
			t.Errorf("%s: %d houses, want %d", c.name, got, c.want)
		}
	}
	bl := func(f store.BuildingFilter) int {
		bs, err := db.ListBuildings(ctx, worker, f)
		if err != nil {
			t.Fatal(err)
		}
		return len(bs)
	}
	if n := bl(store.BuildingFilter{Kind: register.Commercial}); n != 1 {
		t.Errorf("commercial buildings: %d", n)
	}
	if n := bl(store.BuildingFilter{RegisterFilter: store.RegisterFilter{Query: "y"}}); n != 1 {
		t.Errorf("address contains y: %d", n)
	}
	if n := bl(store.BuildingFilter{RegisterFilter: store.RegisterFilter{AfterID: b.ID}}); n != 1 {
		t.Errorf("after the first: %d", n)
	}
	counts, err := db.HouseCounts(ctx, worker, []int64{b.ID, b2.ID})
	if err != nil || counts[b.ID] != 3 || counts[b2.ID] != 1 {
		t.Errorf("counts %v %v", counts, err)
	}
	if counts, _ := db.HouseCounts(ctx, staffB, []int64{b.ID}); len(counts) != 0 {
		t.Errorf("another street counts %v", counts)
	}

	// A retired house's plate leads nowhere; edits wait until it is restored.
	if err := db.RetireHouse(ctx, worker, h.ID, h3.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := db.HouseByCode(ctx, h.Code); !errs.Is(err, errs.NotFound) {
		t.Errorf("retired plate: %v", err)
	}
	if _, err := db.UpdateHouse(ctx, worker, h.ID, mv, h3.Version+1); !errs.Is(err, errs.Conflict) {
		t.Errorf("edit a retired house: %v", err)
	}
	if n := list(store.HouseFilter{RegisterFilter: store.RegisterFilter{IncludeRetired: true}}); n != 4 {
		t.Errorf("with retired: %d", n)
	}
}
