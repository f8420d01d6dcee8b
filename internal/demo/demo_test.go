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
	res, err := demo.Seed(ctx, db.DB, 1, demo.PopulateCommunity)
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
	// The first community is populated as a real one: about 400 households a grid, every
	// resident in one household, and the registers hold what the seeder counted.
	if res.Households < 350*2 || res.Residents < 2*res.Households || res.Houses <= res.Households || res.Facilities == 0 || res.Organisations == 0 {
		t.Fatalf("demo registers: %+v", res)
	}
	count := func(list func(after store.PathCursor) (int, store.PathCursor, error)) int {
		n := 0
		var after store.PathCursor
		for {
			k, next, err := list(after)
			if err != nil {
				t.Fatal(err)
			}
			n += k
			if next.IsZero() {
				return n
			}
			after = next
		}
	}
	people := count(func(after store.PathCursor) (int, store.PathCursor, error) {
		list, next, err := db.People(ctx, sys, store.PeopleFilter{After: after, Limit: 500})
		return len(list), next, err
	})
	households := count(func(after store.PathCursor) (int, store.PathCursor, error) {
		list, next, err := db.Households(ctx, sys, store.HouseholdFilter{After: after, Limit: 500})
		return len(list), next, err
	})
	if people != res.Residents || households != res.Households {
		t.Fatalf("registers hold %d residents and %d households, the seeder made %d and %d", people, households, res.Residents, res.Households)
	}
	if n, problem, err := db.VerifyAudit(ctx); err != nil || problem != nil || n == 0 {
		t.Fatalf("audit after seeding: %d %v %v", n, problem, err)
	}
}
