package geo

import (
	"math/rand/v2"
	"testing"
)

func TestPolygonContains(t *testing.T) {
	// A 10×10 square with a 2×2 hole near its centre, and a concave
	// "U" shape whose notch is outside.
	square := Polygon{rect(0, 0, 10, 10), reversed(rect(4, 4, 6, 6))}
	u := Polygon{{{0, 0}, {3, 0}, {3, 3}, {2, 3}, {2, 1}, {1, 1}, {1, 3}, {0, 3}, {0, 0}}}
	// The hole written with the same orientation as the outer ring: the
	// even-odd rule must not care.
	sameOrientation := Polygon{rect(0, 0, 10, 10), rect(4, 4, 6, 6)}

	tests := []struct {
		name string
		pg   Polygon
		p    Point
		want bool
	}{
		{"inside", square, Point{1, 1}, true},
		{"in hole", square, Point{5, 5}, false},
		{"between hole and edge", square, Point{7, 5}, true},
		{"outside", square, Point{11, 5}, false},
		{"far outside", square, Point{-100, -100}, false},
		{"ray through vertex", square, Point{-1, 0}, false},
		{"ray through hole vertex", square, Point{2, 4.000000001}, true},
		{"u left arm", u, Point{0.5, 2}, true},
		{"u notch", u, Point{1.5, 2}, false},
		{"u right arm", u, Point{2.5, 2.5}, true},
		{"u base", u, Point{1.5, 0.5}, true},
		{"u ray through two vertices", u, Point{-1, 3}, false},
		{"hole same orientation", sameOrientation, Point{5, 5}, false},
		{"ring same orientation", sameOrientation, Point{8, 8}, true},
		{"empty polygon", Polygon{}, Point{0, 0}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.pg.Contains(tt.p); got != tt.want {
				t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

// TestContainsBoundaryHalfOpen checks the documented convention on edges.
func TestContainsBoundaryHalfOpen(t *testing.T) {
	sq := Polygon{rect(0, 0, 1, 1)}
	tests := []struct {
		p    Point
		want bool
	}{
		{Point{0, 0.5}, true},  // left edge
		{Point{0.5, 0}, true},  // bottom edge
		{Point{1, 0.5}, false}, // right edge
		{Point{0.5, 1}, false}, // top edge
		{Point{0, 0}, true},    // bottom-left corner
		{Point{1, 1}, false},   // top-right corner
	}
	for _, tt := range tests {
		if got := sq.Contains(tt.p); got != tt.want {
			t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}

// TestContainsTilingExactlyOne checks that polygons sharing edges, including
// slanted ones traversed in opposite directions, claim every point exactly
// once: the property map look-ups ("which grid is this in?") rely on.
func TestContainsTilingExactlyOne(t *testing.T) {
	// A unit square cut by a slanted line and a horizontal line into three
	// polygons; each shared edge appears, with the same end points, in both
	// neighbours, reversed. (Edges must match end point for end point: a
	// long edge against two collinear short ones can round differently.)
	a := Polygon{{{0, 0}, {0.5, 0}, {0.4, 0.5}, {0.3, 1}, {0, 1}, {0, 0}}}
	b := Polygon{{{0.5, 0}, {1, 0}, {1, 0.5}, {0.4, 0.5}, {0.5, 0}}}
	c := Polygon{{{0.4, 0.5}, {1, 0.5}, {1, 1}, {0.3, 1}, {0.4, 0.5}}}
	tiles := []Polygon{a, b, c}

	rng := rand.New(rand.NewPCG(1, 2))
	points := []Point{{0.5, 0}, {0.4, 0.5}, {0.45, 0.25}, {0.35, 0.75}, {0.7, 0.5}}
	for range 2000 {
		points = append(points, Point{rng.Float64(), rng.Float64()})
	}
	// Points exactly on the slanted edges, as computed by the ring code.
	for i := range 50 {
		lat := float64(i) / 50
		points = append(points, Point{0.5 - 0.2*lat, lat})
	}
	for _, p := range points {
		if p.Lng >= 1 || p.Lat >= 1 {
			continue // outer right/top edges belong to no tile
		}
		n := 0
		for _, tl := range tiles {
			if tl.Contains(p) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("point %v is in %d tiles, want 1", p, n)
		}
	}
}

func TestMultiPolygonContains(t *testing.T) {
	m := MultiPolygon{{rect(0, 0, 1, 1)}, {rect(5, 5, 6, 6), reversed(rect(5.4, 5.4, 5.6, 5.6))}}
	tests := []struct {
		p    Point
		want bool
	}{
		{Point{0.5, 0.5}, true},
		{Point{5.2, 5.2}, true},
		{Point{5.5, 5.5}, false},
		{Point{3, 3}, false},
	}
	for _, tt := range tests {
		if got := m.Contains(tt.p); got != tt.want {
			t.Errorf("Contains(%v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}
