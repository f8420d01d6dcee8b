package demo

import (
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/demo/district"
	"github.com/shequ-dev/shequ/internal/register"
)

// TestPlanGrid checks that a grid's population is valid by the registers' own rules and
// in the proportions the demo promises.
func TestPlanGrid(t *testing.T) {
	d, err := district.Load()
	if err != nil {
		t.Fatal(err)
	}
	tree, err := district.Layout(d, 1, district.LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	g := tree.Streets[0].Communities[0].Grids[0]
	node := &admin.Node{ID: 1, Level: admin.Grid, Code: g.Code[12:], FullCode: g.Code}
	plan := planGrid(1, g, now)
	households, people, rented, vacant, floating, old := 0, 0, 0, 0, 0, 0
	for _, b := range plan.Buildings {
		in := b.In
		if in.NodeID < -1 || int(in.NodeID) >= len(g.Microgrids) {
			t.Fatalf("building %s: micro-grid index %d", in.Name, in.NodeID)
		}
		in.NodeID = 1
		in.Normalize()
		if err := in.Validate(node); err != nil {
			t.Fatalf("building %+v: %v", in, err)
		}
		if !g.Boundary.Contains(*in.Location) {
			t.Fatalf("building %s outside its grid", in.Name)
		}
		bld := &register.Building{ID: 1, NodeID: 1, FloorsAbove: in.FloorsAbove}
		for _, h := range b.Houses {
			hin := h.In
			hin.BuildingID = 1
			hin.Normalize()
			if err := hin.Validate(bld); err != nil {
				t.Fatalf("house %+v: %v", hin, err)
			}
			switch hin.Use {
			case register.Rented:
				rented++
				if !h.Start.Before(now) || h.End.Before(now) {
					t.Fatalf("rental %v–%v not current", h.Start, h.End)
				}
				if err := (register.RentalInput{HouseID: 1, TenantID: 1, Start: h.Start, End: h.End}).Validate(); err != nil {
					t.Fatalf("rental: %v", err)
				}
			case register.Vacant:
				vacant++
			}
			if len(h.Members) == 0 {
				continue
			}
			households++
			if h.Members[0].Relation != register.Self {
				t.Fatal("household without its head first")
			}
			for _, m := range h.Members {
				people++
				pin := m.In
				pin.NodeID = 1
				pin.Normalize()
				if err := pin.Validate(node, now); err != nil {
					t.Fatalf("person %+v: %v", pin, err)
				}
				if pin.RegType == register.Floating {
					floating++
				}
				if m.age(now) >= 60 {
					old++
				}
			}
		}
	}
	t.Logf("%d buildings, %d households, %d people, %d rented, %d vacant, %d floating, %d over 60",
		len(plan.Buildings), households, people, rented, vacant, floating, old)
	if households < householdsPerGrid || households > householdsPerGrid+200 {
		t.Errorf("households = %d, want about %d", households, householdsPerGrid)
	}
	perHousehold := float64(people) / float64(households)
	if perHousehold < 2 || perHousehold > 3.2 {
		t.Errorf("%.2f people a household", perHousehold)
	}
	share := func(n, of int) float64 { return float64(n) / float64(of) }
	if s := share(rented, households); s < 0.1 || s > 0.3 {
		t.Errorf("rented share %.2f", s)
	}
	if s := share(floating, people); s < 0.08 || s > 0.35 {
		t.Errorf("floating share %.2f", s)
	}
	if s := share(old, people); s < 0.12 || s > 0.45 {
		t.Errorf("over-60 share %.2f", s)
	}
	if vacant == 0 {
		t.Error("no vacant houses")
	}
	for _, o := range plan.Orgs {
		o.NodeID = 1
		o.Normalize()
		if err := o.Validate(node); err != nil {
			t.Fatalf("organisation %+v: %v", o, err)
		}
	}
	if len(plan.Facilities) != facilitiesPerGrid {
		t.Fatalf("%d facilities", len(plan.Facilities))
	}
	for _, f := range plan.Facilities {
		f.NodeID = 1
		f.Normalize()
		if err := f.Validate(node, register.FacilityClasses); err != nil {
			t.Fatalf("facility %+v: %v", f, err)
		}
	}
	again := planGrid(1, g, now)
	if again.Buildings[3].Houses[5].Members[0].In.Name != plan.Buildings[3].Houses[5].Members[0].In.Name && len(again.Buildings) != len(plan.Buildings) {
		t.Error("the same seed gave another population")
	}
}
