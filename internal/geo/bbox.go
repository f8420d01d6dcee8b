package geo

import "math"

// BBox is an axis-aligned bounding box in degrees. Its edges belong to it.
// The zero value is the single point (0, 0); start accumulations from
// EmptyBBox instead.
type BBox struct {
	MinLng, MinLat, MaxLng, MaxLat float64
}

// EmptyBBox returns a box that contains nothing and that Extend and Union
// treat as the identity, so boxes can be accumulated without a first-point
// special case.
func EmptyBBox() BBox {
	return BBox{
		MinLng: math.Inf(1), MinLat: math.Inf(1),
		MaxLng: math.Inf(-1), MaxLat: math.Inf(-1),
	}
}

// IsEmpty reports whether b contains no point at all.
func (b BBox) IsEmpty() bool {
	return b.MinLng > b.MaxLng || b.MinLat > b.MaxLat
}

// Contains reports whether p lies in b or on its edge.
func (b BBox) Contains(p Point) bool {
	return p.Lng >= b.MinLng && p.Lng <= b.MaxLng &&
		p.Lat >= b.MinLat && p.Lat <= b.MaxLat
}

// Intersects reports whether b and o share at least one point; boxes that
// only touch along an edge intersect.
func (b BBox) Intersects(o BBox) bool {
	if b.IsEmpty() || o.IsEmpty() {
		return false
	}
	return b.MinLng <= o.MaxLng && o.MinLng <= b.MaxLng &&
		b.MinLat <= o.MaxLat && o.MinLat <= b.MaxLat
}

// Extend returns the smallest box that contains both b and p.
func (b BBox) Extend(p Point) BBox {
	return BBox{
		MinLng: math.Min(b.MinLng, p.Lng),
		MinLat: math.Min(b.MinLat, p.Lat),
		MaxLng: math.Max(b.MaxLng, p.Lng),
		MaxLat: math.Max(b.MaxLat, p.Lat),
	}
}

// Union returns the smallest box that contains both b and o.
func (b BBox) Union(o BBox) BBox {
	if o.IsEmpty() {
		return b
	}
	return b.Extend(Point{o.MinLng, o.MinLat}).Extend(Point{o.MaxLng, o.MaxLat})
}

// Center returns the middle of b.
func (b BBox) Center() Point {
	return Point{(b.MinLng + b.MaxLng) / 2, (b.MinLat + b.MaxLat) / 2}
}

// BBox returns the bounding box of r.
func (r Ring) BBox() BBox {
	b := EmptyBBox()
	for _, p := range r {
		b = b.Extend(p)
	}
	return b
}

// BBox returns the bounding box of p. Holes lie inside the outer ring, so
// only the outer ring is measured.
func (p Polygon) BBox() BBox {
	if len(p) == 0 {
		return EmptyBBox()
	}
	return p[0].BBox()
}

// BBox returns the bounding box of all polygons of m.
func (m MultiPolygon) BBox() BBox {
	b := EmptyBBox()
	for _, p := range m {
		b = b.Union(p.BBox())
	}
	return b
}
