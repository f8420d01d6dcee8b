package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

func TestNodeStats(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	micro := mustNode(t, db, tr.gridA.ID, 0, "01", "第1微网格")
	gridB := mustNode(t, db, tr.commB.ID, 0, "01", "南门第1网格")
	building := func(node int64, name string, lng float64) *register.Building {
		t.Helper()
		b, err := db.CreateBuilding(ctx, sys, register.BuildingInput{NodeID: node, Name: name, Address: "平江路 " + name,
			Location: &geo.Point{Lng: lng, Lat: 31.31}, FloorsAbove: 6, Kind: register.Residential})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	house := func(b *register.Building, room string, use register.HouseUse) *register.House {
		t.Helper()
		h, err := db.CreateHouse(ctx, sys, register.HouseInput{BuildingID: b.ID, Floor: 1, Room: room, Area: 60, Use: use})
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	b1 := building(tr.gridA.ID, "1幢", 120.601)
	b2 := building(micro.ID, "2幢", 120.602)
	gone := building(micro.ID, "3幢", 120.603)
	other := building(gridB.ID, "南1幢", 120.604)
	house(b1, "101", register.Rented)
	house(b1, "102", register.SelfOccupied)
	house(b2, "101", register.Rented)
	house(b2, "102", register.Vacant)
	old := house(b2, "103", register.Rented)
	house(other, "101", register.Rented)
	if err := db.RetireRowForTest(ctx, "buildings", gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.RetireRowForTest(ctx, "houses", old.ID); err != nil {
		t.Fatal(err)
	}

	staffA := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	st, err := db.NodeStats(ctx, staffA, tr.commA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Buildings != 2 || st.Houses != 4 || st.RentedHouses != 2 || st.HousesByUse["vacant"] != 1 || st.HousesByUse["self_occupied"] != 1 {
		t.Errorf("community A: %+v", st)
	}
	// The counts are the registers' rows: the same place, the same scope, active only.
	bs, err := db.Buildings(ctx, staffA, store.RegisterFilter{Under: tr.commA.ID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	hs, err := db.Houses(ctx, staffA, store.RegisterFilter{Under: tr.commA.ID, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	rented := 0
	for _, h := range hs {
		if h.Use == register.Rented {
			rented++
		}
	}
	if len(bs) != st.Buildings || len(hs) != st.Houses || rented != st.RentedHouses {
		t.Errorf("registers list %d buildings, %d houses (%d rented); stats %+v", len(bs), len(hs), rented, st)
	}

	// Per child: street A's one community, community A's one grid, grid A's micro-grid.
	for _, tt := range []struct {
		node              int64
		child             int64
		buildings, houses int
	}{
		{tr.streetA.ID, tr.commA.ID, 2, 4},
		{tr.commA.ID, tr.gridA.ID, 2, 4},
		{tr.gridA.ID, micro.ID, 1, 2},
	} {
		kids, err := db.ChildStats(ctx, staffA, tt.node)
		if err != nil {
			t.Fatal(err)
		}
		if len(kids) != 1 || kids[0].NodeID != tt.child || kids[0].Buildings != tt.buildings || kids[0].Houses != tt.houses {
			t.Errorf("children of %d: %+v", tt.node, kids)
		}
	}
	district, err := db.ChildStats(ctx, sys, tr.district.ID)
	if err != nil || len(district) != 2 || district[1].NodeID != tr.streetB.ID || district[1].Houses != 1 || district[1].Buildings != 1 {
		t.Errorf("district: %+v %v", district, err)
	}
	// Out of scope: not found.
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	if _, err := db.NodeStats(ctx, staffB, tr.commA.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("street B staff: %v", err)
	}
	if _, err := db.ChildStats(ctx, staffB, tr.commA.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("street B staff, children: %v", err)
	}
}

func TestMapBuildingsAndSearch(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	gridB := mustNode(t, db, tr.commB.ID, 0, "01", "南门第1网格")
	mk := func(node int64, name, addr string, lng, lat float64) *register.Building {
		b, err := db.CreateBuilding(ctx, sys, register.BuildingInput{NodeID: node, Name: name, Address: addr,
			Location: &geo.Point{Lng: lng, Lat: lat}, FloorsAbove: 6, Kind: register.Residential})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	in := mk(tr.gridA.ID, "1幢", "平江路 1 号", 120.601, 31.301)
	mk(tr.gridA.ID, "2幢", "平江路 2 号", 120.650, 31.301) // outside the box
	mk(gridB.ID, "南1幢", "南门路 1 号", 120.602, 31.302)   // outside the scope
	h, err := db.CreateHouse(ctx, sys, register.HouseInput{BuildingID: in.ID, Floor: 1, Room: "101", Area: 60, Use: register.Rented})
	if err != nil {
		t.Fatal(err)
	}
	staffA := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	box := geo.BBox{MinLng: 120.60, MinLat: 31.30, MaxLng: 120.61, MaxLat: 31.31}
	bs, more, err := db.MapBuildings(ctx, staffA, box, 0)
	if err != nil || more || len(bs) != 1 || bs[0].ID != in.ID || bs[0].Location.Lng != 120.601 {
		t.Errorf("buildings %+v %v %v", bs, more, err)
	}
	all, more, err := db.MapBuildings(ctx, sys, box, 1)
	if err != nil || !more || len(all) != 1 {
		t.Errorf("limited: %+v %v %v", all, more, err)
	}
	leader := tr.principal(t, account.Leader, tr.streetA.ID, 0)
	if _, _, err := db.MapBuildings(ctx, leader, box, 0); !errs.Is(err, errs.Forbidden) {
		t.Errorf("leader: %v", err)
	}
	for _, q := range []string{"平江路 1", h.Code, h.Code[:6]} {
		found, err := db.MapSearch(ctx, staffA, q, 0)
		if err != nil || len(found) == 0 || found[0].BuildingID != in.ID {
			t.Errorf("search %q: %+v %v", q, found, err)
		}
	}
	if found, _ := db.MapSearch(ctx, staffA, "南门路", 0); len(found) != 0 {
		t.Errorf("search outside the scope: %+v", found)
	}
}

// TestNodeStatsMatchRegisters: every count of the statistics equals the rows the
// registers list for the same place and caller, retired rows left out.
func TestNodeStatsMatchRegisters(t *testing.T) {
	ps := newPeople(t)
	db := ps.db
	gridA := ps.tree.gridA
	// A resident who moved away, a household, rentals now and past, organisations and
	// facilities with one of each retired, and some of everything in grid B.
	gone := ps.mustPerson(t, register.PersonInput{NodeID: gridA.ID, Name: "王迁", RegType: register.Floating, IDNumber: idNum("32050819700101102")})
	if _, err := db.RetirePerson(ctx, ps.worker, gone.ID, true, gone.Version); err != nil {
		t.Fatal(err)
	}
	b, err := db.CreateBuilding(ctx, ps.worker, register.BuildingInput{NodeID: gridA.ID, Name: "1幢", Address: "平江路 1 号", FloorsAbove: 6, Kind: register.Residential})
	if err != nil {
		t.Fatal(err)
	}
	house, err := db.CreateHouse(ctx, ps.worker, register.HouseInput{BuildingID: b.ID, Floor: 1, Room: "101", Area: 80, Use: register.Rented})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateHousehold(ctx, ps.worker, register.HouseholdInput{NodeID: gridA.ID, Number: "H001", HouseID: house.ID,
		Members: []register.Member{{PersonID: ps.zhang.ID, Relation: register.Self}, {PersonID: ps.kid.ID, Relation: register.Grandchild}}}); err != nil {
		t.Fatal(err)
	}
	today := register.Today(db.Clock.Now())
	for _, span := range [][2]int{{-30, 60}, {-90, -1}} {
		if _, err := db.CreateRental(ctx, ps.worker, register.RentalInput{HouseID: house.ID, TenantID: ps.li.ID,
			Start: today.AddDate(0, 0, span[0]), End: today.AddDate(0, 0, span[1])}); err != nil {
			t.Fatal(err)
		}
	}
	for i, name := range []string{"平江小店", "平江茶馆"} {
		o, err := db.CreateOrganisation(ctx, ps.worker, register.OrganisationInput{NodeID: gridA.ID, Kind: register.OtherOrg, Name: name, Address: "平江路"})
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if _, err := db.RetireOrganisation(ctx, ps.worker, o.ID, o.Version); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, class := range []register.FacilityClass{"0101", "0101", "0201"} {
		f, err := db.CreateFacility(ctx, ps.worker, facilityAt(gridA.ID, class, 120.631+float64(i)/1000, 31.316))
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			if _, err := db.RetireFacility(ctx, ps.worker, f.ID, f.Version); err != nil {
				t.Fatal(err)
			}
		}
	}
	if _, err := db.CreateFacility(ctx, ps.other, facilityAt(ps.gridB.ID, "0101", 120.64, 31.32)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateOrganisation(ctx, ps.other, register.OrganisationInput{NodeID: ps.gridB.ID, Kind: register.OtherOrg, Name: "南门小店", Address: "南门路"}); err != nil {
		t.Fatal(err)
	}

	st, err := db.NodeStats(ctx, ps.street, ps.tree.commA.ID)
	if err != nil {
		t.Fatal(err)
	}
	under := ps.tree.commA.ID
	people, _, err := db.People(ctx, ps.street, store.PeopleFilter{Under: under, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	floating, _, _ := db.People(ctx, ps.street, store.PeopleFilter{Under: under, RegType: register.Floating, Limit: 500})
	households, _, err := db.Households(ctx, ps.street, store.HouseholdFilter{Under: under, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	rentals, _, err := db.Rentals(ctx, ps.street, store.RentalFilter{Under: under, Status: store.RentalsActive, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	orgs, _, err := db.Organisations(ctx, ps.street, store.OrganisationFilter{Under: under, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	facs, _, err := db.Facilities(ctx, ps.street, store.FacilityFilter{Under: under, Limit: 500})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		what       string
		stat, rows int
		want       int
	}{
		{"residents", st.Residents, len(people), 3},
		{"floating residents", st.ResidentsByType["floating"], len(floating), 1},
		{"households", st.Households, len(households), 1},
		{"rentals covering today", st.Rentals, len(rentals), 1},
		{"organisations", st.Organisations, len(orgs), 1},
		{"facilities", st.Facilities, len(facs), 2},
	} {
		if c.stat != c.rows || c.stat != c.want {
			t.Errorf("%s: statistics %d, register %d, want %d", c.what, c.stat, c.rows, c.want)
		}
	}
	if st.FacilitiesByClass["01"] != 1 || st.FacilitiesByClass["02"] != 1 || st.ResidentsByType["registered"] != 2 || st.RentedHouses != 1 {
		t.Errorf("breakdowns %+v", st)
	}
	kids, err := db.ChildStats(ctx, ps.staff, ps.tree.commA.ID)
	if err != nil || len(kids) != 1 || kids[0].Residents != 3 || kids[0].Facilities != 2 || kids[0].Organisations != 1 {
		t.Errorf("grids of community A: %+v %v", kids, err)
	}
	// Grid B's records count for grid B only, and grid B's worker sees nothing of A.
	if st, err := db.NodeStats(ctx, ps.other, ps.gridB.ID); err != nil || st.Facilities != 1 || st.Organisations != 1 || st.Residents != 0 {
		t.Errorf("grid B: %+v %v", st, err)
	}
	if _, err := db.NodeStats(ctx, ps.other, gridA.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("grid B's worker reads grid A: %v", err)
	}
}
