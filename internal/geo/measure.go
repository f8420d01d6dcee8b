package geo

import (
	"math"
	"slices"
)

// EarthRadius is the radius in metres of the sphere used for approximate
// areas: the WGS-84 equatorial radius, as web mapping libraries use.
const EarthRadius = 6378137.0

// Area returns the signed planar area of r in square degrees by the shoelace
// formula: positive when r runs counter-clockwise (Lng to the right, Lat up).
// It is good for orientation and for comparing nearby shapes, not for
// reporting sizes: use AreaSquareMetres for that.
func (r Ring) Area() float64 {
	if len(r) < 3 {
		return 0
	}
	// Coordinates relative to the first point keep the products small, so
	// little precision is lost on rings far from (0, 0).
	o := r[0]
	var s float64
	for i := 1; i < len(r)-1; i++ {
		a, b := r[i], r[i+1]
		s += (a.Lng-o.Lng)*(b.Lat-o.Lat) - (b.Lng-o.Lng)*(a.Lat-o.Lat)
	}
	return s / 2
}

// AreaSquareMetres returns the approximate area enclosed by r on a sphere of
// radius EarthRadius, always non-negative. It uses the spherical-excess
// approximation of Chamberlain and Duquette (JPL, 2007), which is within a
// fraction of a percent for areas the size of a city district.
func (r Ring) AreaSquareMetres() float64 {
	n := len(r)
	if n < 4 {
		return 0
	}
	// The ring is closed, so r[n-1] == r[0]; walk the n-1 distinct vertices
	// with wrap-around neighbours.
	m := n - 1
	var s float64
	for i := 0; i < m; i++ {
		prev := r[(i+m-1)%m]
		next := r[(i+1)%m]
		s += (next.Lng - prev.Lng) * math.Pi / 180 * math.Sin(r[i].Lat*math.Pi/180)
	}
	return math.Abs(s) * EarthRadius * EarthRadius / 2
}

// Area returns the planar area of p in square degrees: the outer ring minus
// the holes, whatever their orientation.
func (p Polygon) Area() float64 {
	if len(p) == 0 {
		return 0
	}
	a := math.Abs(p[0].Area())
	for _, h := range p[1:] {
		a -= math.Abs(h.Area())
	}
	return a
}

// AreaSquareMetres returns the approximate area of p in square metres: the
// outer ring minus the holes.
func (p Polygon) AreaSquareMetres() float64 {
	if len(p) == 0 {
		return 0
	}
	a := p[0].AreaSquareMetres()
	for _, h := range p[1:] {
		a -= h.AreaSquareMetres()
	}
	return a
}

// AreaSquareMetres returns the approximate total area of m in square metres.
func (m MultiPolygon) AreaSquareMetres() float64 {
	var a float64
	for _, p := range m {
		a += p.AreaSquareMetres()
	}
	return a
}

// Centroid returns the planar centre of mass of p, holes removed. For a
// concave polygon it may fall outside p; use InteriorPoint when a point
// inside is needed (a map label, a test location). A degenerate polygon of
// zero area yields the mean of its outer ring's vertices.
func (p Polygon) Centroid() Point {
	if len(p) == 0 || len(p[0]) == 0 {
		return Point{}
	}
	o := p[0][0]
	var sa, sx, sy float64
	for i, r := range p {
		a, cx, cy := r.moments(o)
		// Holes subtract whatever their stored orientation.
		if (i == 0) != (a > 0) {
			a, cx, cy = -a, -cx, -cy
		}
		sa += a
		sx += cx
		sy += cy
	}
	if sa == 0 {
		return p[0].vertexMean()
	}
	return Point{o.Lng + sx/(3*sa), o.Lat + sy/(3*sa)}
}

// moments returns twice the signed area of r and the first moments (times
// six) relative to origin o, the terms of the polygon centroid formula.
func (r Ring) moments(o Point) (a, mx, my float64) {
	for i := 1; i < len(r); i++ {
		x0, y0 := r[i-1].Lng-o.Lng, r[i-1].Lat-o.Lat
		x1, y1 := r[i].Lng-o.Lng, r[i].Lat-o.Lat
		c := x0*y1 - x1*y0
		a += c
		mx += (x0 + x1) * c
		my += (y0 + y1) * c
	}
	return a, mx, my
}

// vertexMean returns the mean of r's distinct vertices.
func (r Ring) vertexMean() Point {
	m := len(r)
	if m > 1 && r[0] == r[m-1] {
		m--
	}
	var x, y float64
	for _, pt := range r[:m] {
		x += pt.Lng
		y += pt.Lat
	}
	return Point{x / float64(m), y / float64(m)}
}

// InteriorPoint returns a point strictly inside p, for labels and markers.
// It is the centroid when that lies inside; otherwise it is the middle of
// the widest inside stretch of a horizontal line through the polygon. The
// second boolean is false only for a degenerate polygon with no interior.
func (p Polygon) InteriorPoint() (Point, bool) {
	if len(p) == 0 {
		return Point{}, false
	}
	if c := p.Centroid(); p.Contains(c) {
		return c, true
	}
	b := p.BBox()
	// Try the centroid's latitude first, then a few fixed fractions of the
	// height: one of them will miss every vertex and cut the interior.
	lats := []float64{p.Centroid().Lat}
	for _, f := range []float64{0.5, 0.3711, 0.6289, 0.2137, 0.7863, 0.1013, 0.8987} {
		lats = append(lats, b.MinLat+f*(b.MaxLat-b.MinLat))
	}
	for _, lat := range lats {
		if pt, ok := p.widestStretch(lat); ok {
			return pt, true
		}
	}
	return Point{}, false
}

// widestStretch intersects p with the line Lat = lat and returns the middle
// of the widest stretch of that line lying inside p.
func (p Polygon) widestStretch(lat float64) (Point, bool) {
	var xs []float64
	for _, r := range p {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			if a.Lat > b.Lat {
				a, b = b, a
			}
			if lat < a.Lat || lat >= b.Lat {
				continue
			}
			xs = append(xs, a.Lng+(lat-a.Lat)*(b.Lng-a.Lng)/(b.Lat-a.Lat))
		}
	}
	slices.Sort(xs)
	best, found := Point{}, false
	width := 0.0
	// By the even-odd rule the stretches between crossings alternate
	// outside, inside, outside…
	for i := 0; i+1 < len(xs); i += 2 {
		if w := xs[i+1] - xs[i]; w > width {
			mid := Point{(xs[i] + xs[i+1]) / 2, lat}
			if p.Contains(mid) {
				best, width, found = mid, w, true
			}
		}
	}
	return best, found
}

// Distance is the great-circle distance between two WGS-84 points in metres.
func Distance(a, b Point) float64 {
	const r = 6_371_008.8 // mean Earth radius
	la1, la2 := a.Lat*math.Pi/180, b.Lat*math.Pi/180
	dLat, dLng := la2-la1, (b.Lng-a.Lng)*math.Pi/180
	h := math.Sin(dLat/2)*math.Sin(dLat/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dLng/2)*math.Sin(dLng/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}
