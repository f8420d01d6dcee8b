package admin_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

func TestCheckBoundary(t *testing.T) {
	comm := &admin.Node{ID: 10, Level: admin.Community, Name: "平江路社区", Boundary: string(square(120.60, 31.30, 120.61, 31.31))}
	g1 := &admin.Node{ID: 11, ParentID: 10, Level: admin.Grid, Name: "第1网格"}
	g2 := &admin.Node{ID: 12, ParentID: 10, Level: admin.Grid, Name: "第2网格", Boundary: string(square(120.605, 31.30, 120.61, 31.31))}
	tests := []struct {
		name  string
		geom  string
		issue string // the key of the first blocking issue; "" for none
	}{
		{"the west half", string(square(120.60, 31.30, 120.605, 31.31)), ""},
		{"overlaps grid 2", string(square(120.60, 31.30, 120.607, 31.31)), "geo.problem.overlaps_sibling_named"},
		{"sticks out", string(square(120.59, 31.30, 120.605, 31.31)), "geo.problem.outside_parent"},
		{"a bow-tie", `{"type":"Polygon","coordinates":[[[120.601,31.301],[120.604,31.305],[120.604,31.301],[120.601,31.305],[120.601,31.301]]]}`,
			"geo.problem.self_intersection"},
		{"a point", `{"type":"Point","coordinates":[120.6,31.3]}`, "err.boundary_geometry_type"},
		{"nonsense", `{"type":"Polygon","coordinates":"x"}`, "err.boundary_geometry"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, issues := admin.CheckBoundary(g1, []byte(tt.geom), comm, []*admin.Node{g1, g2})
			got := ""
			for _, is := range issues {
				if !is.Warning {
					got = is.Msg.Key
					break
				}
			}
			if got != tt.issue || admin.BoundaryBlocked(issues) != (tt.issue != "") {
				t.Errorf("first issue %q, want %q (%+v)", got, tt.issue, issues)
			}
		})
	}
	// Its own old boundary is no sibling.
	self := *g1
	self.Boundary = string(square(120.60, 31.30, 120.605, 31.31))
	if _, issues := admin.CheckBoundary(&self, square(120.60, 31.30, 120.604, 31.31), comm, []*admin.Node{&self, g2}); len(issues) != 0 {
		t.Errorf("overlap with itself: %+v", issues)
	}
}

func TestPlanUnitGrids(t *testing.T) {
	// About 950 m × 1,110 m: 10 × 12 cells of 100 m, more than two-digit codes allow.
	comm := &admin.Node{ID: 10, Level: admin.Community, Code: "001", FullCode: "320508001001", Name: "平江路社区", Path: "/1/10/",
		Boundary: string(square(120.60, 31.30, 120.61, 31.31)), Version: 3}
	plan, err := admin.PlanUnitGrids(comm, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Level != admin.Grid || plan.Metres != 100 || len(plan.Cells) < 90 || len(plan.Cells) > 130 {
		t.Fatalf("level %d, %v m, %d cells", plan.Level, plan.Metres, len(plan.Cells))
	}
	if c := plan.Cells[0]; c.Code != "001" || c.Name != "平江路社区单元网格001" || c.Row != 0 || c.Col != 0 {
		t.Errorf("first cell %+v", c)
	}
	// Two-digit codes while they suffice.
	if plan, err := admin.PlanUnitGrids(comm, nil, 200); err != nil || len(plan.Cells) > 99 || plan.Cells[0].Code != "01" {
		t.Errorf("200 m: %v", err)
	}
	// Retired codes are skipped.
	old := retired(&admin.Node{ID: 20, ParentID: 10, Level: admin.Grid, Code: "001"})
	plan, err = admin.PlanUnitGrids(comm, []*admin.Node{old}, 90)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Cells) <= 99 || plan.Cells[0].Code != "002" {
		t.Errorf("%d cells, first code %s", len(plan.Cells), plan.Cells[0].Code)
	}
	seen := map[string]bool{}
	for _, c := range plan.Cells {
		if seen[c.Code] {
			t.Fatalf("code %s twice", c.Code)
		}
		seen[c.Code] = true
	}

	grid := &admin.Node{ID: 11, ParentID: 10, Level: admin.Grid, Code: "01", FullCode: "32050800100101", Name: "第1网格",
		Boundary: string(square(120.60, 31.30, 120.602, 31.302))}
	if plan, err := admin.PlanUnitGrids(grid, nil, 100); err != nil || plan.Level != admin.Microgrid || plan.Cells[0].Code != "01" {
		t.Errorf("grid: %+v %v", plan, err)
	}
	active := &admin.Node{ID: 21, ParentID: 10, Level: admin.Grid, Code: "01"}
	noBoundary := &admin.Node{ID: 12, Level: admin.Community, Name: "x"}
	street := &admin.Node{ID: 2, Level: admin.Street, Boundary: comm.Boundary}
	bigGrid := &admin.Node{ID: 13, Level: admin.Grid, Boundary: comm.Boundary}
	tests := []struct {
		name  string
		n     *admin.Node
		kids  []*admin.Node
		m     float64
		field string
		key   string
		args  []any
	}{
		{"children already", comm, []*admin.Node{active}, 100, "node", "err.unitgrid_has_children", nil},
		{"no boundary", noBoundary, nil, 100, "node", "err.unitgrid_no_boundary", nil},
		{"a street", street, nil, 100, "node", "err.unitgrid_level", nil},
		{"retired", retired(comm), nil, 100, "node", "err.node_retired", nil},
		{"cells too small", comm, nil, 10, "cell_metres", "err.unitgrid_metres", []any{50, 500}},
		{"cells too large", comm, nil, 900, "cell_metres", "err.unitgrid_metres", []any{50, 500}},
		{"more micro-grids than codes", bigGrid, nil, 100, "cell_metres", "err.unitgrid_too_many", []any{119, 99}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := admin.PlanUnitGrids(tt.n, tt.kids, tt.m)
			checkFields(t, err, []errs.FieldError{fe(tt.field, tt.key, tt.args...)})
		})
	}
}
