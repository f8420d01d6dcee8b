package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

func mustUnit(t *testing.T, trx *tree, n *admin.Node, name string) *admin.Unit {
	t.Helper()
	u, err := trx.db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: n.ID, Kind: admin.Department, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestDispatchRuleWrites(t *testing.T) {
	trx := newTree(t)
	db := trx.db
	staffA := trx.principal(t, account.Staff, trx.streetA.ID, 0)
	grid := trx.principal(t, account.GridWorker, trx.gridA.ID, 0)
	district := mustUnit(t, trx, trx.district, "区城管局")
	unitA := mustUnit(t, trx, trx.streetA, "平江街道城管中队")
	unitB := mustUnit(t, trx, trx.streetB, "沧浪街道城管中队")
	gone := mustUnit(t, trx, trx.streetA, "已撤销的中队")
	if err := db.SetUnitRetired(ctx, sys, gone.ID, true, gone.Version); err != nil {
		t.Fatal(err)
	}
	tr, _ := db.Categories(ctx)
	refuse := tr.ByCode(cases.EventKind, "0102")
	retiredCat, err := db.CreateCategory(ctx, sys, cases.CategoryInput{ParentID: refuse.ParentID, Code: "0130", Name: "旧类",
		RegisterRule: "x", CloseRule: "y", Limits: cases.Limits{cases.StageHandle: {Amount: 1, Unit: "working_days"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetCategoryRetired(ctx, sys, retiredCat.ID, true, retiredCat.Version); err != nil {
		t.Fatal(err)
	}

	bad := []struct {
		name  string
		in    cases.DispatchRuleInput
		field string
		key   string
	}{
		{"node out of scope", cases.DispatchRuleInput{NodeID: trx.commB.ID, UnitID: unitA.ID}, "node_id", "err.not_found"},
		{"unknown node", cases.DispatchRuleInput{NodeID: 999999, UnitID: unitA.ID}, "node_id", "err.not_found"},
		{"no node", cases.DispatchRuleInput{UnitID: unitA.ID}, "node_id", "err.required"},
		{"retired unit", cases.DispatchRuleInput{NodeID: trx.commA.ID, UnitID: gone.ID}, "unit_id", "err.unit_retired"},
		{"unit of another street", cases.DispatchRuleInput{NodeID: trx.commA.ID, UnitID: unitB.ID}, "unit_id", "err.not_found"},
		{"unknown unit", cases.DispatchRuleInput{NodeID: trx.commA.ID, UnitID: 999999}, "unit_id", "err.not_found"},
		{"unknown category", cases.DispatchRuleInput{NodeID: trx.commA.ID, UnitID: unitA.ID, CategoryID: 999999}, "category_id", "err.not_found"},
		{"retired category", cases.DispatchRuleInput{NodeID: trx.commA.ID, UnitID: unitA.ID, CategoryID: retiredCat.ID}, "category_id", "err.category_retired"},
	}
	for _, tt := range bad {
		if _, err := db.CreateDispatchRule(ctx, staffA, tt.in); catFieldKey(err, tt.field) != tt.key {
			t.Errorf("%s: %v, want %s on %s", tt.name, err, tt.key, tt.field)
		}
	}
	if _, err := db.CreateDispatchRule(ctx, grid, cases.DispatchRuleInput{NodeID: trx.gridA.ID, UnitID: unitA.ID}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("grid worker: %v", err)
	}
	// A street's rule may send its cases to the district's department above it.
	r1, err := db.CreateDispatchRule(ctx, staffA, cases.DispatchRuleInput{NodeID: trx.streetA.ID, UnitID: district.ID, Note: " 兜底 "})
	if err != nil {
		t.Fatal(err)
	}
	if r1.Note != "兜底" || r1.CategoryID != 0 || r1.UnitName != "区城管局" || r1.NodeName != "平江街道" {
		t.Errorf("created %+v", r1)
	}
	if _, err := db.CreateDispatchRule(ctx, staffA, cases.DispatchRuleInput{NodeID: trx.streetA.ID, UnitID: unitA.ID}); catFieldKey(err, "category_id") != "err.dispatch_rule_taken" {
		t.Errorf("second any-category rule: %v", err)
	}
	r2, err := db.CreateDispatchRule(ctx, staffA, cases.DispatchRuleInput{NodeID: trx.commA.ID, UnitID: unitA.ID, CategoryID: refuse.ID})
	if err != nil {
		t.Fatal(err)
	}
	rB, err := db.CreateDispatchRule(ctx, sys, cases.DispatchRuleInput{NodeID: trx.streetB.ID, UnitID: unitB.ID})
	if err != nil {
		t.Fatal(err)
	}
	list, err := db.DispatchRules(ctx, staffA, store.DispatchRuleFilter{})
	if err != nil || len(list) != 2 || list[0].ID != r1.ID || list[1].ID != r2.ID {
		t.Errorf("staff A's rules: %v %v", list, err)
	}
	major := tr.Major(refuse)
	for _, f := range []struct {
		name string
		f    func() []int64
		want []int64
	}{
		{"by category of a major class", func() []int64 { return ruleIDs(t, db, sys, storeFilter(0, 0, major.ID, false)) }, []int64{r2.ID}},
		{"any only", func() []int64 { return ruleIDs(t, db, sys, storeFilter(0, 0, 0, true)) }, []int64{r1.ID, rB.ID}},
		{"by unit", func() []int64 { return ruleIDs(t, db, sys, storeFilter(0, unitB.ID, 0, false)) }, []int64{rB.ID}},
		{"under", func() []int64 { return ruleIDs(t, db, sys, storeFilter(trx.commA.ID, 0, 0, false)) }, []int64{r2.ID}},
	} {
		if got := f.f(); !equalIDs(got, f.want) {
			t.Errorf("%s: %v, want %v", f.name, got, f.want)
		}
	}
	if _, err := db.DispatchRule(ctx, staffA, rB.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("a rule out of scope: %v", err)
	}
	if _, err := db.UpdateDispatchRule(ctx, staffA, rB.ID, cases.DispatchRuleInput{NodeID: trx.streetA.ID, UnitID: unitA.ID}, rB.Version); !errs.Is(err, errs.NotFound) {
		t.Errorf("update a rule out of scope: %v", err)
	}
	if _, err := db.UpdateDispatchRule(ctx, staffA, r2.ID, cases.DispatchRuleInput{NodeID: trx.commB.ID, UnitID: unitA.ID}, r2.Version); catFieldKey(err, "node_id") != "err.not_found" {
		t.Errorf("move a rule out of scope: %v", err)
	}
	up, err := db.UpdateDispatchRule(ctx, staffA, r2.ID, cases.DispatchRuleInput{NodeID: trx.gridA.ID, UnitID: unitA.ID, CategoryID: major.ID}, r2.Version)
	if err != nil || up.NodeID != trx.gridA.ID || up.CategoryID != major.ID || up.Version != r2.Version+1 {
		t.Fatalf("update: %+v %v", up, err)
	}
	if _, err := db.UpdateDispatchRule(ctx, staffA, r2.ID, cases.DispatchRuleInput{NodeID: trx.gridA.ID, UnitID: unitA.ID}, r2.Version); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale update: %v", err)
	}
	if err := db.DeleteDispatchRule(ctx, staffA, r2.ID, r2.Version); !errs.Is(err, errs.Conflict) {
		t.Errorf("stale delete: %v", err)
	}
	if err := db.DeleteDispatchRule(ctx, staffA, r2.ID, up.Version); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DispatchRule(ctx, staffA, r2.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("deleted rule: %v", err)
	}
	units, err := db.DispatchUnits(ctx, staffA)
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, u := range units {
		names[u.Name] = true
	}
	if !names["区城管局"] || !names["平江街道城管中队"] || names["沧浪街道城管中队"] || names["已撤销的中队"] {
		t.Errorf("dispatch units of street A: %v", names)
	}
}

func storeFilter(under, unit, cat int64, anyOnly bool) store.DispatchRuleFilter {
	return store.DispatchRuleFilter{Under: under, UnitID: unit, CategoryID: cat, AnyOnly: anyOnly}
}

func ruleIDs(t *testing.T, db *storetest.DB, p *account.Principal, f store.DispatchRuleFilter) []int64 {
	t.Helper()
	rs, err := db.DispatchRules(ctx, p, f)
	if err != nil {
		t.Fatal(err)
	}
	var out []int64
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestResolveUnitStore(t *testing.T) {
	trx := newTree(t)
	db := trx.db
	district := mustUnit(t, trx, trx.district, "区城管局")
	water := mustUnit(t, trx, trx.district, "区水务局")
	unitA := mustUnit(t, trx, trx.streetA, "平江街道城管中队")
	tr, _ := db.Categories(ctx)
	refuse := tr.ByCode(cases.EventKind, "0102")
	cover := tr.ByCode(cases.FacilityKind, "0101")
	rules := []cases.DispatchRuleInput{
		{NodeID: trx.district.ID, UnitID: district.ID},
		{NodeID: trx.streetA.ID, UnitID: unitA.ID, CategoryID: refuse.ParentID},
	}
	var ids []int64
	for _, in := range rules {
		r, err := db.CreateDispatchRule(ctx, sys, in)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
	}
	owned, err := db.CreateFacility(ctx, sys, register.FacilityInput{NodeID: trx.gridA.ID, Major: "01", Minor: "0101",
		Location: &geo.Point{Lng: 120.63, Lat: 31.32}, Condition: register.Good, OwnerUnitID: water.ID})
	if err != nil {
		t.Fatal(err)
	}
	orphan, err := db.CreateFacility(ctx, sys, register.FacilityInput{NodeID: trx.gridA.ID, Major: "01", Minor: "0101",
		Location: &geo.Point{Lng: 120.64, Lat: 31.32}, Condition: register.Good})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		cat      int64
		path     string
		facility int64
		unit     int64
		reason   string
		errField string
	}{
		{"event: the street's major-class rule", refuse.ID, trx.gridA.Path, 0, unitA.ID, "rule:" + itoa(ids[1]), ""},
		{"event elsewhere: the district's rule", refuse.ID, trx.commB.Path, 0, district.ID, "rule:" + itoa(ids[0]), ""},
		{"facility: its owner first", cover.ID, trx.gridA.Path, owned.ID, water.ID, "owner:" + owned.Code, ""},
		{"facility without owner: the area", cover.ID, trx.gridA.Path, orphan.ID, district.ID, "rule:" + itoa(ids[0]), ""},
		{"event about an owned facility: the area first", refuse.ID, trx.gridA.Path, owned.ID, unitA.ID, "rule:" + itoa(ids[1]), ""},
		{"no category", 0, trx.gridA.Path, 0, district.ID, "rule:" + itoa(ids[0]), ""},
		{"outside every rule", refuse.ID, "/999/", 0, 0, "", ""},
		{"unknown category", 999999, trx.gridA.Path, 0, 0, "", "category_id"},
		{"unknown facility", cover.ID, trx.gridA.Path, 999999, 0, "", "facility_id"},
	}
	for _, tt := range tests {
		for _, inTx := range []bool{false, true} {
			resolve := db.ResolveUnit
			if inTx {
				resolve = db.ResolveUnitInTxForTest
			}
			unit, reason, err := resolve(ctx, tt.cat, tt.path, tt.facility)
			if tt.errField != "" {
				if catFieldKey(err, tt.errField) != "err.not_found" {
					t.Errorf("%s (tx %v): %v", tt.name, inTx, err)
				}
				continue
			}
			if err != nil || unit != tt.unit || reason != tt.reason {
				t.Errorf("%s (tx %v): %d %q %v, want %d %q", tt.name, inTx, unit, reason, err, tt.unit, tt.reason)
			}
		}
	}
	// A retired owner receives nothing: the area rule applies.
	if err := db.SetUnitRetired(ctx, sys, water.ID, true, 1); err != nil {
		t.Fatal(err)
	}
	if unit, _, err := db.ResolveUnit(ctx, cover.ID, trx.gridA.Path, owned.ID); err != nil || unit != district.ID {
		t.Errorf("retired owner: %d %v", unit, err)
	}
}
