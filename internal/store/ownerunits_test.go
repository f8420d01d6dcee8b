package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

func TestFacilityOwnerUnits(t *testing.T) {
	tr := newTree(t)
	db := tr.db
	unit := func(node int64, name string) *admin.Unit {
		u, err := db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: node, Kind: admin.Department, Name: name})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	district := unit(tr.district.ID, "区水务局")
	streetA := unit(tr.streetA.ID, "平江街道城管科")
	unit(tr.streetB.ID, "沧浪街道城管科")
	retired := unit(tr.commA.ID, "平江路社区物业科")
	if err := db.SetUnitRetired(ctx, sys, retired.ID, true, retired.Version); err != nil {
		t.Fatal(err)
	}
	names := func(p *account.Principal) map[string]bool {
		t.Helper()
		us, err := db.FacilityOwnerUnits(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, u := range us {
			out[u.Name] = true
		}
		return out
	}
	// A grid worker reaches none of these units by scope, but may name those above the
	// grid as owners: the district's and street A's, not street B's nor a retired one.
	got := names(tr.principal(t, account.GridWorker, tr.gridA.ID, 0))
	if len(got) != 2 || !got[district.Name] || !got[streetA.Name] {
		t.Errorf("grid worker: %v", got)
	}
	// Staff of street A: their street's unit (in scope) and the district's (above).
	got = names(tr.principal(t, account.Staff, tr.streetA.ID, 0))
	if len(got) != 2 || !got[district.Name] || !got[streetA.Name] {
		t.Errorf("street staff: %v", got)
	}
	if got = names(sys); len(got) != 3 {
		t.Errorf("administrator: %v", got)
	}
	if _, err := db.FacilityOwnerUnits(ctx, tr.principal(t, account.Leader, tr.district.ID, 0)); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a leader does not read registers: %v", err)
	}
}
