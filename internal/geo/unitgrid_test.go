package geo

import (
	"math"
	"testing"
)

// checkUnitGrids checks the properties every unit grid must have: the cells
// cover the boundary (areas add up, no gaps), do not overlap, lie inside it,
// are valid polygons, and come in row-major order.
func checkUnitGrids(t *testing.T, boundary MultiPolygon, cells []UnitGrid) {
	t.Helper()
	var sum float64
	for i, c := range cells {
		sum += c.AreaSquareMetres
		// AreaSquareMetres integrates by the trapezoid rule, which is off by
		// about 1e-6 on 100 m diagonal edges; the reported area is exact.
		if a := c.Shape.AreaSquareMetres(); !relClose(a, c.AreaSquareMetres, 1e-5, 1e-6) {
			t.Errorf("cell %d,%d: shape area %.3f, reported %.3f", c.Row, c.Col, a, c.AreaSquareMetres)
		}
		if i > 0 {
			p := cells[i-1]
			if p.Row > c.Row || p.Row == c.Row && p.Col >= c.Col {
				t.Errorf("cell %d,%d after %d,%d", c.Row, c.Col, p.Row, p.Col)
			}
		}
		if ps := CheckPolygon(c.Shape); ps != nil {
			t.Errorf("cell %d,%d is not valid: %v", c.Row, c.Col, ps)
		}
		if ps := CheckInside(c.Shape, boundary, 0.5); ps != nil {
			t.Errorf("cell %d,%d is not inside the boundary: %v", c.Row, c.Col, ps)
		}
	}
	want := boundary.AreaSquareMetres()
	if rel := math.Abs(sum-want) / want; rel > 0.005 {
		t.Errorf("cells add up to %.1f m², boundary %.1f m² (%.3g %%)", sum, want, 100*rel)
	} else if rel > 1e-6 {
		t.Logf("cells add up to %.1f m², boundary %.1f m² (%.3g %%)", sum, want, 100*rel)
	}
	for i := range cells {
		bi := cells[i].Shape.BBox()
		for j := i + 1; j < len(cells); j++ {
			if !bi.Intersects(cells[j].Shape.BBox()) {
				continue
			}
			if a, at := Overlap(cells[i].Shape, cells[j].Shape); a > 1e-6 {
				t.Errorf("cells %d,%d and %d,%d overlap by %.3g m² at %v", cells[i].Row, cells[i].Col, cells[j].Row, cells[j].Col, a, at)
			}
		}
	}
	if gaps := CoverageGaps(boundary, cellShapes(cells), 1e-3); gaps != nil {
		t.Errorf("gaps between cells: %+v", gaps)
	}
}

func TestUnitGridsProperties(t *testing.T) {
	tests := []struct {
		name     string
		boundary MultiPolygon
		cell     float64
		minCells int
	}{
		{"rectangle", mpoly(mrect(0, 0, 250, 150)), 100, 6},
		{"concave L", mpoly(lshape(150)), 100, 8},
		{"L on a 37 m grid", mpoly(lshape(150)), 37, 40},
		{"square with a hole", mpoly(mrect(0, 0, 500, 500), reversed(community(9, 250, 250, 120, 5))), 100, 20},
		{"irregular community", mpoly(community(200, 0, 0, 600, 7)), 100, 80},
		{"irregular community, dense", mpoly(community(2000, 0, 0, 600, 8)), 100, 80},
		{"community with an exclave", MultiPolygon{{community(60, 0, 0, 400, 9)}, {mrect(800, 800, 830, 815)}}, 100, 30},
		{"diamond", mpoly(mring(300, 0, 600, 300, 300, 600, 0, 300)), 100, 18},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cells := UnitGrids(tt.boundary, tt.cell)
			if len(cells) < tt.minCells {
				t.Errorf("%d cells, want at least %d", len(cells), tt.minCells)
			}
			checkUnitGrids(t, tt.boundary, cells)
		})
	}
}

func TestUnitGridsLayout(t *testing.T) {
	// Expected areas are those of the squares drawn in the test's metres;
	// the generator's squares are square in a projection centred on the
	// boundary instead, a few parts per million different.
	type cell struct {
		row, col int
		area     MultiPolygon // expected shape, for its area
		full     bool
		parts    int
	}
	u := mpoly(mring(0, 0, 200, 0, 200, 200, 140, 200, 140, 50, 120, 50, 120, 200, 0, 200))
	tests := []struct {
		name     string
		boundary MultiPolygon
		cell     float64
		want     []cell
	}{
		{"rectangle 250 × 150", mpoly(mrect(0, 0, 250, 150)), 100, []cell{
			{0, 0, mpoly(mrect(0, 0, 100, 100)), true, 1},
			{0, 1, mpoly(mrect(100, 0, 200, 100)), true, 1},
			{0, 2, mpoly(mrect(200, 0, 250, 100)), false, 1},
			{1, 0, mpoly(mrect(0, 100, 100, 150)), false, 1},
			{1, 1, mpoly(mrect(100, 100, 200, 150)), false, 1},
			{1, 2, mpoly(mrect(200, 100, 250, 150)), false, 1},
		}},
		{"a 5 m strip merges into its neighbour", mpoly(mrect(0, 0, 205, 100)), 100, []cell{
			{0, 0, mpoly(mrect(0, 0, 100, 100)), true, 1},
			{0, 1, mpoly(mrect(100, 0, 205, 100)), false, 1},
		}},
		{"default size", mpoly(mrect(0, 0, 150, 100)), 0, []cell{
			{0, 0, mpoly(mrect(0, 0, 100, 100)), true, 1},
			{0, 1, mpoly(mrect(100, 0, 150, 100)), false, 1},
		}},
		{"a square the boundary enters twice", u, 100, []cell{
			{0, 0, mpoly(mrect(0, 0, 100, 100)), true, 1},
			{0, 1, mpoly(mring(100, 0, 200, 0, 200, 100, 140, 100, 140, 50, 120, 50, 120, 100, 100, 100)), false, 1},
			{1, 0, mpoly(mrect(0, 100, 100, 200)), true, 1},
			{1, 1, MultiPolygon{{mrect(100, 100, 120, 200)}, {mrect(140, 100, 200, 200)}}, false, 2},
		}},
		{"a small exclave stays on its own", MultiPolygon{{mrect(0, 0, 90, 90)}, {mrect(330, 330, 350, 340)}}, 100, []cell{
			{0, 0, mpoly(mrect(0, 0, 90, 90)), false, 1},
			{3, 3, mpoly(mrect(330, 330, 350, 340)), false, 1},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := UnitGrids(tt.boundary, tt.cell)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d cells, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Row != w.row || g.Col != w.col || g.Full != w.full || len(g.Shape) != w.parts ||
					!relClose(g.AreaSquareMetres, w.area.AreaSquareMetres(), 1e-4, 1e-6) {
					t.Errorf("cell %d = row %d col %d full %v, %d parts, %.3f m²; want %+v (%.3f m²)",
						i, g.Row, g.Col, g.Full, len(g.Shape), g.AreaSquareMetres, w, w.area.AreaSquareMetres())
				}
			}
			checkUnitGrids(t, tt.boundary, got)
		})
	}
}

func TestUnitGridsDegenerate(t *testing.T) {
	tests := []struct {
		name     string
		boundary MultiPolygon
		cell     float64
	}{
		{"empty", MultiPolygon{}, 100},
		{"too short a ring", mpoly(Ring{metres(0, 0), metres(10, 0), metres(0, 0)}), 100},
		{"NaN", mpoly(Ring{{math.NaN(), 0}, {1, 0}, {1, 1}, {math.NaN(), 0}}), 100},
		{"too many cells", mpoly(mrect(0, 0, 1000, 1000)), 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := UnitGrids(tt.boundary, tt.cell); got != nil {
				t.Errorf("got %d cells, want none", len(got))
			}
		})
	}
}
