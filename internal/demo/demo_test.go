package demo_test

import (
	"context"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/demo"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

func TestSeed(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the whole demo district")
	}
	ctx := context.Background()
	db := storetest.New(t)
	res, err := demo.Seed(ctx, db.DB, 1)
	if err != nil {
		t.Fatal(err)
	}
	sys := account.SystemPrincipal("test")
	counts, err := db.NodeCounts(ctx, sys)
	if err != nil {
		t.Fatal(err)
	}
	if counts[admin.Street] != 8 || counts[admin.Community] != 171 || counts[admin.Grid] < 2*171 || counts[admin.Microgrid] < 2*counts[admin.Grid] {
		t.Fatalf("demo tree: %v", counts)
	}
	// Every place has a boundary, so later maps have something to draw.
	grids, err := db.Nodes(ctx, sys, store.NodeFilter{Level: admin.Grid, Limit: 5})
	if err != nil || len(grids) == 0 || grids[0].Boundary == "" {
		t.Fatalf("grid boundary missing: %v", err)
	}
	roles := map[account.Role]bool{}
	for _, a := range res.Accounts {
		roles[a.Role] = true
		p, _, err := db.Authenticate(ctx, a.Login, a.Password, "127.0.0.1")
		if err != nil {
			t.Fatalf("demo account %s cannot sign in: %v", a.Login, err)
		}
		if p.Role != a.Role {
			t.Fatalf("%s has role %s", a.Login, p.Role)
		}
	}
	for _, r := range account.Roles {
		if !roles[r] {
			t.Errorf("no demo account for role %s", r)
		}
	}
	if n, problem, err := db.VerifyAudit(ctx); err != nil || problem != nil || n == 0 {
		t.Fatalf("audit after seeding: %d %v %v", n, problem, err)
	}
}
