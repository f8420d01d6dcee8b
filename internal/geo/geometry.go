package geo

import (
	"errors"
	"fmt"
	"slices"
)

// Point is a position as longitude and latitude in degrees. It is WGS-84
// unless the function that produced it says otherwise.
type Point struct {
	Lng, Lat float64
}

// Ring is a closed sequence of points: its first and last points are equal,
// so a triangle has four points. The orientation is not prescribed, but
// GeoJSON (RFC 7946) prefers outer rings counter-clockwise and holes clockwise.
type Ring []Point

// Polygon is an outer ring followed by zero or more holes.
type Polygon []Ring

// MultiPolygon is a set of polygons that do not overlap, such as a district
// with an exclave.
type MultiPolygon []Polygon

// Validation errors returned (wrapped with the position of the offending
// ring) by Validate and by the GeoJSON parser. Test for them with errors.Is.
var (
	// ErrUnclosedRing reports a ring whose first and last points differ.
	ErrUnclosedRing = errors.New("ring is not closed (first and last points differ)")
	// ErrTooFewPoints reports a ring with fewer than the four points a
	// closed triangle needs.
	ErrTooFewPoints = errors.New("ring has fewer than 4 points")
	// ErrEmptyPolygon reports a polygon without an outer ring or a
	// multipolygon without polygons.
	ErrEmptyPolygon = errors.New("polygon has no rings")
)

// Validate reports whether r is a usable closed ring. It does not look for
// self-intersections: that is costly and the data we read does not need it.
func (r Ring) Validate() error {
	if len(r) < 4 {
		return fmt.Errorf("%w (got %d)", ErrTooFewPoints, len(r))
	}
	if r[0] != r[len(r)-1] {
		return ErrUnclosedRing
	}
	return nil
}

// Validate checks every ring of p and names the first bad one.
func (p Polygon) Validate() error {
	if len(p) == 0 {
		return ErrEmptyPolygon
	}
	for i, r := range p {
		if err := r.Validate(); err != nil {
			return fmt.Errorf("ring %d: %w", i, err)
		}
	}
	return nil
}

// Validate checks every polygon of m and names the first bad one.
func (m MultiPolygon) Validate() error {
	if len(m) == 0 {
		return ErrEmptyPolygon
	}
	for i, p := range m {
		if err := p.Validate(); err != nil {
			return fmt.Errorf("polygon %d: %w", i, err)
		}
	}
	return nil
}

// Transform returns a copy of r with f applied to every point, for example
// GCJ02ToWGS84 to bring provider data into the stored datum.
func (r Ring) Transform(f func(Point) Point) Ring {
	out := make(Ring, len(r))
	for i, pt := range r {
		out[i] = f(pt)
	}
	return out
}

// Transform returns a copy of p with f applied to every point.
func (p Polygon) Transform(f func(Point) Point) Polygon {
	out := make(Polygon, len(p))
	for i, r := range p {
		out[i] = r.Transform(f)
	}
	return out
}

// Transform returns a copy of m with f applied to every point.
func (m MultiPolygon) Transform(f func(Point) Point) MultiPolygon {
	out := make(MultiPolygon, len(m))
	for i, p := range m {
		out[i] = p.Transform(f)
	}
	return out
}

// Rewind returns a copy of p with the outer ring counter-clockwise and the
// holes clockwise, the winding RFC 7946 asks GeoJSON writers to use. The
// even-odd rule used by Contains does not depend on winding, but some
// renderers and validators do.
func (p Polygon) Rewind() Polygon {
	out := make(Polygon, len(p))
	for i, r := range p {
		out[i] = slices.Clone(r)
		// Outer ring (i == 0) must be counter-clockwise (positive area),
		// holes clockwise.
		if (i == 0) != (r.Area() > 0) {
			slices.Reverse(out[i])
		}
	}
	return out
}

// Rewind returns a copy of m with every polygon rewound as Polygon.Rewind
// does.
func (m MultiPolygon) Rewind() MultiPolygon {
	out := make(MultiPolygon, len(m))
	for i, p := range m {
		out[i] = p.Rewind()
	}
	return out
}
