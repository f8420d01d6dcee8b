package geo

import (
	"math"
	"testing"
)

func TestRingArea(t *testing.T) {
	tests := []struct {
		name string
		r    Ring
		want float64
	}{
		{"ccw unit square", rect(0, 0, 1, 1), 1},
		{"cw unit square", reversed(rect(0, 0, 1, 1)), -1},
		{"far from origin", rect(120.5, 31.2, 120.6, 31.3), 0.01},
		{"triangle", Ring{{0, 0}, {4, 0}, {0, 3}, {0, 0}}, 6},
		{"degenerate", Ring{{0, 0}, {1, 1}, {2, 2}, {0, 0}}, 0},
		{"too short", Ring{{0, 0}, {1, 1}}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Area(); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("Area() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAreaSquareMetres(t *testing.T) {
	// Exact area on the sphere of a cell bounded by meridians and
	// parallels: R² · Δλ · (sin φ2 − sin φ1).
	cell := func(lng0, lat0, lng1, lat1 float64) float64 {
		rad := math.Pi / 180
		return EarthRadius * EarthRadius * (lng1 - lng0) * rad * (math.Sin(lat1*rad) - math.Sin(lat0*rad))
	}
	tests := []struct {
		name string
		r    Ring
		want float64
	}{
		{"1° cell at the equator", rect(0, 0, 1, 1), cell(0, 0, 1, 1)},
		{"0.01° cell in Suzhou", rect(120.6, 31.3, 120.61, 31.31), cell(120.6, 31.3, 120.61, 31.31)},
		{"clockwise", reversed(rect(120.6, 31.3, 120.61, 31.31)), cell(120.6, 31.3, 120.61, 31.31)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.r.AreaSquareMetres()
			if rel := math.Abs(got-tt.want) / tt.want; rel > 1e-3 {
				t.Errorf("AreaSquareMetres() = %.1f, want %.1f (rel. error %.2g)", got, tt.want, rel)
			}
		})
	}
	// About 1.1 km × 0.95 km in Suzhou: a sanity check on magnitude.
	if a := rect(120.6, 31.3, 120.61, 31.31).AreaSquareMetres(); a < 1.0e6 || a > 1.1e6 {
		t.Errorf("0.01° cell in Suzhou = %.0f m², want about 1.05 km²", a)
	}
	p := Polygon{rect(0, 0, 1, 1), reversed(rect(0.25, 0.25, 0.75, 0.75))}
	if got, want := p.AreaSquareMetres(), 0.75*cell(0, 0, 1, 1); math.Abs(got-want)/want > 1e-3 {
		t.Errorf("polygon with hole = %.0f, want about %.0f", got, want)
	}
	m := MultiPolygon{{rect(0, 0, 1, 1)}, {rect(2, 0, 3, 1)}}
	if got, want := m.AreaSquareMetres(), 2*cell(0, 0, 1, 1); math.Abs(got-want)/want > 1e-3 {
		t.Errorf("multipolygon = %.0f, want about %.0f", got, want)
	}
}

func TestPolygonAreaAndCentroid(t *testing.T) {
	tests := []struct {
		name     string
		p        Polygon
		area     float64
		centroid Point
	}{
		{"square", Polygon{rect(0, 0, 2, 2)}, 4, Point{1, 1}},
		{"clockwise square", Polygon{reversed(rect(0, 0, 2, 2))}, 4, Point{1, 1}},
		{"far away", Polygon{rect(120, 31, 120.2, 31.1)}, 0.02, Point{120.1, 31.05}},
		// Removing the right half's inner square moves the centroid left.
		{"hole", Polygon{rect(0, 0, 4, 2), reversed(rect(2.5, 0.5, 3.5, 1.5))}, 7, Point{(8*2 - 1*3) / 7.0, 1}},
		{"hole same orientation", Polygon{rect(0, 0, 4, 2), rect(2.5, 0.5, 3.5, 1.5)}, 7, Point{(8*2 - 1*3) / 7.0, 1}},
		{"L shape", Polygon{{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}}}, 3, Point{5.0 / 6, 5.0 / 6}},
		{"degenerate", Polygon{{{0, 0}, {2, 2}, {4, 4}, {0, 0}}}, 0, Point{2, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.p.Area(); math.Abs(got-tt.area) > 1e-9 {
				t.Errorf("Area() = %v, want %v", got, tt.area)
			}
			c := tt.p.Centroid()
			if math.Abs(c.Lng-tt.centroid.Lng) > 1e-9 || math.Abs(c.Lat-tt.centroid.Lat) > 1e-9 {
				t.Errorf("Centroid() = %v, want %v", c, tt.centroid)
			}
		})
	}
}

func TestInteriorPoint(t *testing.T) {
	tests := []struct {
		name string
		p    Polygon
	}{
		{"square", Polygon{rect(0, 0, 1, 1)}},
		// The centroid of a ring-shaped polygon falls in its hole.
		{"annulus", Polygon{rect(0, 0, 10, 10), reversed(rect(1, 1, 9, 9))}},
		// A thin C whose centroid lies in the opening.
		{"C shape", Polygon{{{0, 0}, {10, 0}, {10, 1}, {1, 1}, {1, 9}, {10, 9}, {10, 10}, {0, 10}, {0, 0}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pt, ok := tt.p.InteriorPoint()
			if !ok || !tt.p.Contains(pt) {
				t.Errorf("InteriorPoint() = %v, %v; not inside", pt, ok)
			}
		})
	}
	if _, ok := (Polygon{}).InteriorPoint(); ok {
		t.Error("empty polygon has an interior point")
	}
	if _, ok := (Polygon{{{0, 0}, {1, 1}, {2, 2}, {0, 0}}}).InteriorPoint(); ok {
		t.Error("degenerate polygon has an interior point")
	}
}
