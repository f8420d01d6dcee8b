package geo

import (
	"math"
	"testing"
)

// tiles returns the 100 m squares of [0, 300]² in row order, without the
// ones listed.
func tiles(without ...int) []MultiPolygon {
	var out []MultiPolygon
	for i := range 9 {
		skip := false
		for _, w := range without {
			skip = skip || w == i
		}
		if !skip {
			x, y := float64(i%3)*100, float64(i/3)*100
			out = append(out, mpoly(mrect(x, y, x+100, y+100)))
		}
	}
	return out
}

func TestCoverageGaps(t *testing.T) {
	parent := mpoly(mrect(0, 0, 300, 300))
	holed := mpoly(mrect(0, 0, 300, 300), reversed(mrect(100, 100, 200, 200)))
	halves := []MultiPolygon{mpoly(mrect(0, 0, 150, 300)), mpoly(mrect(150.1, 0, 300, 300))}
	type want struct {
		shape MultiPolygon // the expected gap, for its area and to check At
		width float64
		rings int
	}
	tests := []struct {
		name     string
		parent   MultiPolygon
		children []MultiPolygon
		minArea  float64
		want     []want
	}{
		{"exact tiling", parent, tiles(), 1, nil},
		{"centre missing", parent, tiles(4), 1, []want{{mpoly(mrect(100, 100, 200, 200)), 50, 1}}},
		{"corner and a strip missing, largest first", parent, append(tiles(0, 8), mpoly(mrect(200, 200, 300, 280))), 1, []want{
			{mpoly(mrect(0, 0, 100, 100)), 50, 1},
			{mpoly(mrect(200, 280, 300, 300)), 2 * 2000.0 / 240, 1}}},
		{"children sticking out", parent, []MultiPolygon{mpoly(mrect(-50, -50, 150, 350)), mpoly(mrect(150, -50, 350, 350))}, 1, nil},
		{"overlapping children", parent, []MultiPolygon{mpoly(mrect(0, 0, 200, 300)), mpoly(mrect(100, 0, 300, 300))}, 1, nil},
		{"a 10 cm sliver, ignored", parent, halves, 50, nil},
		{"a 10 cm sliver, reported", parent, halves, 1, []want{{mpoly(mrect(150, 0, 150.1, 300)), 0.1, 1}}},
		{"a hole is not a gap", holed, []MultiPolygon{mpoly(mrect(0, 0, 150, 300)), mpoly(mrect(150, 0, 300, 300))}, 1, nil},
		{"no children", holed, nil, 1, []want{{holed, 2 * 80000.0 / 1600, 2}}},
		{"only the centre covered: a ring-shaped gap", parent, tiles(0, 1, 2, 3, 5, 6, 7, 8), 1, []want{{holed, 2 * 80000.0 / 1600, 2}}},
		{"children far away", parent, []MultiPolygon{mpoly(mrect(1000, 0, 1100, 100))}, 1, []want{{parent, 150, 1}}},
		{"empty parent", MultiPolygon{}, tiles(), 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CoverageGaps(tt.parent, tt.children, tt.minArea)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d gaps, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if a := w.shape.AreaSquareMetres(); !relClose(g.AreaSquareMetres, a, 1e-7, 1e-6) {
					t.Errorf("gap %d: area %.4f m², want %.4f", i, g.AreaSquareMetres, a)
				}
				if !relClose(g.WidthMetres, w.width, 1e-3, 0) {
					t.Errorf("gap %d: width %.4f m, want %.4f", i, g.WidthMetres, w.width)
				}
				if len(g.Shape) != w.rings {
					t.Errorf("gap %d: %d rings, want %d", i, len(g.Shape), w.rings)
				}
				if !w.shape.Contains(g.At) || !g.Shape.Contains(g.At) {
					t.Errorf("gap %d: At %v is not inside the gap", i, g.At)
				}
				for _, c := range tt.children {
					if c.Contains(g.At) {
						t.Errorf("gap %d: At %v is inside a child", i, g.At)
					}
				}
				if a := g.Shape.AreaSquareMetres(); !relClose(a, g.AreaSquareMetres, 1e-6, 1e-6) {
					t.Errorf("gap %d: shape area %.4f, reported %.4f", i, a, g.AreaSquareMetres)
				}
			}
		})
	}
}

// TestCoverageGapsRandomTiling cuts an irregular community into grids along
// random lines, removes some, and checks the gaps add up to what was
// removed.
func TestCoverageGapsRandomTiling(t *testing.T) {
	boundary := mpoly(community(120, 0, 0, 500, 3))
	cells := UnitGrids(boundary, 137)
	var children []MultiPolygon
	var removed float64
	for i, c := range cells {
		if i%7 == 3 {
			removed += c.AreaSquareMetres
			continue
		}
		children = append(children, c.Shape)
	}
	gaps := CoverageGaps(boundary, children, 1)
	var total float64
	for _, g := range gaps {
		total += g.AreaSquareMetres
	}
	if math.Abs(total-removed) > 1e-6*removed {
		t.Errorf("gaps add up to %.3f m², removed %.3f", total, removed)
	}
	if gaps := CoverageGaps(boundary, cellShapes(cells), 1e-3); gaps != nil {
		t.Errorf("all cells: gaps %+v", gaps)
	}
}

func cellShapes(cells []UnitGrid) []MultiPolygon {
	out := make([]MultiPolygon, len(cells))
	for i, c := range cells {
		out[i] = c.Shape
	}
	return out
}
