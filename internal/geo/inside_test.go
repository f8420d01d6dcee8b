package geo

import (
	"math"
	"testing"
)

func TestCheckInside(t *testing.T) {
	parent := mpoly(mrect(0, 0, 1000, 1000))
	u := mpoly(mring(0, 0, 300, 0, 300, 300, 200, 300, 200, 100, 100, 100, 100, 300, 0, 300))
	withHole := mpoly(mrect(0, 0, 1000, 1000), reversed(mrect(400, 400, 600, 600)))
	type want struct {
		dist, area float64
		vertex     int       // child vertex index, −1 when the farthest point is not one
		at         []float64 // metres; nil: not checked
	}
	tests := []struct {
		name          string
		child, parent MultiPolygon
		tol           float64
		want          []want
	}{
		{"inside", mpoly(mrect(100, 100, 200, 200)), parent, 0.5, nil},
		{"equal to the parent", parent, parent, 0, nil},
		{"sharing the parent's corner", mpoly(mrect(0, 0, 100, 100)), parent, 0, nil},
		{"vertex 0.3 m outside, tolerance 0.5 m", mpoly(mring(0, 100, 100, 100, 100, 200, 0, 200, -0.3, 150)), parent, 0.5, nil},
		{"vertex 2 m outside", mpoly(mring(0, 100, 100, 100, 100, 200, 0, 200, -2, 150)), parent, 0.5,
			[]want{{2, 100, 4, []float64{-2, 150}}}},
		{"outside altogether", mpoly(mrect(1010, 0, 1110, 100)), parent, 0.5, []want{{110, 10000, 1, []float64{1110, 0}}}},
		{"bridging a notch, all vertices inside", mpoly(mrect(50, 150, 250, 250)), u, 0.5, []want{{50, 10000, -1, nil}}},
		{"covering a hole of the parent", mpoly(mrect(300, 300, 700, 700)), withHole, 0.5, []want{{100, 40000, -1, []float64{500, 500}}}},
		{"two excursions, farthest first", mpoly(mring(0, 0, 50, -5, 100, 0, 100, 200, 0, 200, -2, 150, 0, 100)), parent, 0.5,
			[]want{{5, 250, 1, []float64{50, -5}}, {2, 100, 5, []float64{-2, 150}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckInside(tt.child, tt.parent, tt.tol)
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems, want %d: %v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Kind != ProblemOutsideParent || !relClose(g.DistanceMetres, w.dist, 1e-4, 1e-3) ||
					!relClose(g.AreaSquareMetres, w.area, 1e-4, 1e-3) || g.Vertex != w.vertex {
					t.Errorf("problem %d = %v, want %+v", i, g, w)
				}
				if w.vertex >= 0 && (g.Polygon != 0 || g.Ring != 0) {
					t.Errorf("problem %d in polygon %d ring %d, want 0 0", i, g.Polygon, g.Ring)
				}
				if w.at != nil {
					if x, y := toMetres(g.At); math.Hypot(x-w.at[0], y-w.at[1]) > 1e-3 {
						t.Errorf("problem %d at (%.3f, %.3f), want %v", i, x, y, w.at)
					}
				}
			}
		})
	}
}

func TestCheckInsideDegenerate(t *testing.T) {
	sq := mpoly(mrect(0, 0, 100, 100))
	tests := []struct {
		name          string
		child, parent MultiPolygon
		want          []ProblemKind
	}{
		{"empty child", MultiPolygon{}, sq, nil},
		{"empty parent", sq, MultiPolygon{}, []ProblemKind{ProblemEmpty}},
		{"parent of too short rings", sq, mpoly(Ring{metres(0, 0), metres(1, 1), metres(0, 0)}), []ProblemKind{ProblemEmpty}},
		{"NaN in the child", mpoly(Ring{{math.NaN(), 0}, {1, 1}, {1, 0}, {math.NaN(), 0}}), sq, []ProblemKind{ProblemInvalidCoordinate}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := CheckInside(tt.child, tt.parent, 0.5)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for i := range got {
				if got[i].Kind != tt.want[i] {
					t.Errorf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}
