package store_test

import (
	"sync"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

func facilityAt(node int64, class register.FacilityClass, lng, lat float64) register.FacilityInput {
	return register.FacilityInput{NodeID: node, Major: class.Major(), Minor: class, Location: &geo.Point{Lng: lng, Lat: lat},
		Condition: register.Good}
}

func TestFacilities(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	gridB := mustNode(t, db, tr.commB.ID, 0, "09", "南门第9网格")
	worker := tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	staffB := tr.principal(t, account.Staff, tr.streetB.ID, 0)
	unit, err := db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: tr.district.ID, Kind: admin.Department, Name: "区水务局"})
	if err != nil {
		t.Fatal(err)
	}
	orgB, err := db.CreateOrganisation(ctx, sys, register.OrganisationInput{NodeID: gridB.ID, Kind: register.OtherOrg, Name: "南门小店", Address: "南门路 1 号"})
	if err != nil {
		t.Fatal(err)
	}

	in := facilityAt(tr.gridA.ID, "0101", 120.631, 31.316)
	in.OwnerUnitID, in.Address = unit.ID, " 平江路 100 号门前 "
	f, err := db.CreateFacility(ctx, worker, in)
	if err != nil {
		t.Fatal(err)
	}
	if f.Code != "3205080101000001" || f.Class != "0101" || f.OwnerUnitID != unit.ID || f.Address != "平江路 100 号门前" {
		t.Fatalf("facility %+v", f)
	}
	// An imported code raises the counter: the next serial is past it.
	imp := facilityAt(tr.gridA.ID, "0101", 120.632, 31.316)
	imp.Code = "3205080101000007"
	if _, err := db.CreateFacility(ctx, worker, imp); err != nil {
		t.Fatal(err)
	}
	f3, err := db.CreateFacility(ctx, worker, facilityAt(tr.gridA.ID, "0101", 120.633, 31.316))
	if err != nil || f3.Code != "3205080101000008" {
		t.Fatalf("after an import %+v %v", f3, err)
	}
	// Another class has its own serials.
	if f4, err := db.CreateFacility(ctx, worker, facilityAt(tr.gridA.ID, "0102", 120.634, 31.316)); err != nil || f4.Code != "3205080102000001" {
		t.Fatalf("another class %+v %v", f4, err)
	}

	with := func(change func(*register.FacilityInput)) register.FacilityInput {
		in := facilityAt(tr.gridA.ID, "0103", 120.64, 31.32)
		change(&in)
		return in
	}
	bad := []struct {
		name  string
		p     *account.Principal
		in    register.FacilityInput
		code  errs.Code
		field string
	}{
		{"an unknown class", worker, with(func(in *register.FacilityInput) { in.Minor = "0199" }), errs.Invalid, "minor"},
		{"a minor class of another major", worker, with(func(in *register.FacilityInput) { in.Major = "02" }), errs.Invalid, "minor"},
		{"a code of the wrong form", worker, with(func(in *register.FacilityInput) { in.Code = "32050801030001" }), errs.Invalid, "code"},
		{"a code of another district", worker, with(func(in *register.FacilityInput) { in.Code = "3205070103000001" }), errs.Invalid, "code"},
		{"a code in use", worker, with(func(in *register.FacilityInput) { in.Minor, in.Major, in.Code = "0101", "01", "3205080101000007" }), errs.Invalid, "code"},
		{"no location", worker, with(func(in *register.FacilityInput) { in.Location = nil }), errs.Invalid, "location"},
		{"outside China", worker, with(func(in *register.FacilityInput) { in.Location = &geo.Point{Lng: -73.99, Lat: 40.73} }), errs.Invalid, "location"},
		{"the same class at the same place", worker, with(func(in *register.FacilityInput) {
			in.Minor, in.Major, in.Location = "0101", "01", &geo.Point{Lng: 120.633, Lat: 31.316}
		}), errs.Invalid, "location"},
		{"an unknown condition", worker, with(func(in *register.FacilityInput) { in.Condition = "fine" }), errs.Invalid, "condition"},
		{"an owner unit that does not exist", worker, with(func(in *register.FacilityInput) { in.OwnerUnitID = 9999 }), errs.Invalid, "owner_unit_id"},
		{"an owner organisation out of scope", worker, with(func(in *register.FacilityInput) { in.OwnerOrgID = orgB.ID }), errs.Invalid, "owner_org_id"},
		{"a grid out of scope", staffB, with(func(in *register.FacilityInput) {}), errs.NotFound, ""},
	}
	for _, tt := range bad {
		_, err := db.CreateFacility(ctx, tt.p, tt.in)
		if e := errs.As(err); e == nil || e.Code != tt.code || fieldOf(err) != tt.field {
			t.Errorf("%s: %v", tt.name, err)
		}
	}

	if _, err := db.Facility(ctx, staffB, f.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("out of scope: %v", err)
	}
	// Changing the class gives a new code; a stale version is refused.
	up := facilityAt(tr.gridA.ID, "0103", 120.631, 31.316)
	up.Condition = register.Damaged
	f2, err := db.UpdateFacility(ctx, worker, f.ID, up, f.Version)
	if err != nil || f2.Code != "3205080103000001" || f2.Condition != register.Damaged || f2.Version != 2 || f2.OwnerUnitID != 0 {
		t.Fatalf("update %+v %v", f2, err)
	}
	if _, err := db.UpdateFacility(ctx, worker, f.ID, up, f.Version); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale: %v", err)
	}
	up.Condition = register.Good
	if f2, err = db.UpdateFacility(ctx, worker, f.ID, up, f2.Version); err != nil || f2.Code != "3205080103000001" {
		t.Fatalf("code kept %+v %v", f2, err)
	}
	if f2, err = db.RetireFacility(ctx, worker, f.ID, f2.Version); err != nil || !f2.IsRetired() {
		t.Fatalf("retire %+v %v", f2, err)
	}
	if _, err := db.RestoreFacility(ctx, worker, f.ID, f2.Version); err != nil {
		t.Fatal(err)
	}
	hist, err := db.History(ctx, worker, "facility", f.ID, 0)
	if err != nil || len(hist) != 5 || hist[0].Action != "facility.restore" {
		t.Errorf("history %d %v", len(hist), err)
	}

	// Listing and filters.
	filters := []struct {
		name string
		f    store.FacilityFilter
		want int
	}{
		{"all", store.FacilityFilter{}, 4},
		{"major", store.FacilityFilter{Major: "01"}, 4},
		{"minor", store.FacilityFilter{Minor: "0101"}, 2},
		{"condition", store.FacilityFilter{Condition: register.Good}, 4},
		{"code prefix", store.FacilityFilter{Query: "32050801010000"}, 2},
		{"code", store.FacilityFilter{Code: "3205080102000001"}, 1},
		{"address", store.FacilityFilter{Query: "平江"}, 0},
	}
	for _, tt := range filters {
		list, _, err := db.Facilities(ctx, worker, tt.f)
		if err != nil || len(list) != tt.want {
			t.Errorf("%s: %d %v", tt.name, len(list), err)
		}
	}
	page, next, err := db.Facilities(ctx, worker, store.FacilityFilter{Limit: 3})
	if err != nil || len(page) != 3 || next.IsZero() {
		t.Fatalf("page %d %+v %v", len(page), next, err)
	}
	if rest, next2, err := db.Facilities(ctx, worker, store.FacilityFilter{Limit: 3, After: next}); err != nil || len(rest) != 1 || !next2.IsZero() {
		t.Errorf("second page %d %v", len(rest), err)
	}

	// The map layer: a box, in scope only.
	if _, err := db.CreateFacility(ctx, sys, facilityAt(gridB.ID, "0101", 120.6315, 31.3165)); err != nil {
		t.Fatal(err)
	}
	box := geo.BBox{MinLng: 120.630, MinLat: 31.315, MaxLng: 120.6325, MaxLat: 31.317}
	pts, err := db.FacilitiesInBox(ctx, worker, box, 100)
	if err != nil || len(pts) != 2 {
		t.Fatalf("in box %+v %v", pts, err)
	}
	if all, _ := db.FacilitiesInBox(ctx, sys, box, 100); len(all) != 3 {
		t.Errorf("whole scope %d", len(all))
	}

	// Moving the grid keeps the facility in step.
	g, _ := db.Node(ctx, sys, tr.gridA.ID)
	if _, err := db.MoveNode(ctx, sys, tr.gridA.ID, tr.commB.ID, g.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Facility(ctx, staffB, f.ID); err != nil {
		t.Errorf("moved grid: %v", err)
	}
}

func TestFacilityCodesUnderConcurrency(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	const n = 12
	codes := make(chan string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f, err := db.CreateFacility(ctx, sys, facilityAt(tr.gridA.ID, "0201", 120.6+float64(i)*0.001, 31.3))
			if err != nil {
				t.Error(err)
				return
			}
			codes <- f.Code
		}()
	}
	wg.Wait()
	close(codes)
	seen := map[string]bool{}
	for c := range codes {
		if seen[c] {
			t.Errorf("code %s twice", c)
		}
		seen[c] = true
	}
	if len(seen) != n || !seen["3205080201000012"] {
		t.Errorf("codes %v", seen)
	}
}
