package geo

import "math"

// The checks, overlays and unit grids work in a plane measured in metres:
// administrative polygons are city-scale, so a local equirectangular
// projection around the geometry distorts lengths and areas by far less than
// the tolerances people decide with (a few parts per million over 10 km),
// and plane geometry keeps the predicates simple and exact enough.

// xy is a point of the local plane, in metres east (x) and north (y) of the
// projection's origin.
type xy struct{ x, y float64 }

func (a xy) sub(b xy) xy        { return xy{a.x - b.x, a.y - b.y} }
func (a xy) add(b xy) xy        { return xy{a.x + b.x, a.y + b.y} }
func (a xy) scale(f float64) xy { return xy{a.x * f, a.y * f} }
func (a xy) dot(b xy) float64   { return a.x*b.x + a.y*b.y }
func (a xy) cross(b xy) float64 { return a.x*b.y - a.y*b.x }
func (a xy) norm() float64      { return math.Sqrt(a.x*a.x + a.y*a.y) } // lengths here never overflow

// less orders points lexicographically, to give segments a canonical
// direction so that the same geometric computation always runs on the same
// operands in the same order and yields the same bits.
func (a xy) less(b xy) bool { return a.x < b.x || (a.x == b.x && a.y < b.y) }

// seg is a directed segment; in a shape, the interior lies on its left.
type seg struct{ a, b xy }

func (s seg) box() box {
	return box{min(s.a.x, s.b.x), min(s.a.y, s.b.y), max(s.a.x, s.b.x), max(s.a.y, s.b.y)}
}

func (s seg) length() float64 { return s.b.sub(s.a).norm() }

// canon returns s with its end points in lexicographic order.
func (s seg) canon() seg {
	if s.b.less(s.a) {
		return seg{s.b, s.a}
	}
	return s
}

// box is an axis-aligned rectangle of the local plane.
type box struct{ minX, minY, maxX, maxY float64 }

func emptyBox() box {
	return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
}

func (b box) empty() bool { return b.minX > b.maxX || b.minY > b.maxY }

func (b box) extend(p xy) box {
	return box{min(b.minX, p.x), min(b.minY, p.y), max(b.maxX, p.x), max(b.maxY, p.y)}
}

func (b box) union(o box) box {
	if o.empty() {
		return b
	}
	return b.extend(xy{o.minX, o.minY}).extend(xy{o.maxX, o.maxY})
}

func (b box) intersect(o box) box {
	return box{max(b.minX, o.minX), max(b.minY, o.minY), min(b.maxX, o.maxX), min(b.maxY, o.maxY)}
}

func (b box) overlaps(o box) bool {
	return !b.empty() && !o.empty() && b.minX <= o.maxX && o.minX <= b.maxX && b.minY <= o.maxY && o.minY <= b.maxY
}

func (b box) contains(p xy) bool {
	return p.x >= b.minX && p.x <= b.maxX && p.y >= b.minY && p.y <= b.maxY
}

// grow returns b enlarged by d on every side.
func (b box) grow(d float64) box { return box{b.minX - d, b.minY - d, b.maxX + d, b.maxY + d} }

// proj is a local equirectangular projection: x = R·cos φ0·(λ−λ0),
// y = R·(φ−φ0), in metres, with R = EarthRadius.
//
// The projection is affine in longitude and latitude, so an edge that is
// straight in degrees (as GeoJSON draws it) stays straight, and crossings,
// touches and inside/outside are decided exactly as in degrees. Its x scale
// is off by tan φ0·Δy/R at Δy metres north or south of φ0 (5·10⁻⁴ at 5 km
// in Suzhou), which is harmless for lengths compared with a tolerance but
// not for areas reported in square metres: those are computed by area,
// which integrates the sphere's true area element along each edge instead
// of using the plane's.
type proj struct {
	lng0, lat0, kx, ky float64
	// phi0 and cos0 are φ0 in radians and its cosine.
	phi0, cos0 float64
	// orig maps projected input vertices back to the exact coordinates
	// they came from, so that output that reuses an input vertex (a unit
	// grid following the community boundary) reproduces it bit for bit
	// instead of after a rounding round trip. It is filled only while
	// record is set (see remember): filling it is most of the cost of
	// projecting, and wasted on input that is never returned.
	orig   map[xy]Point
	record bool
}

// newProj returns the projection centred on b, which must not be empty.
func newProj(b BBox) *proj {
	c := b.Center()
	k := EarthRadius * math.Pi / 180
	phi0 := c.Lat * math.Pi / 180
	return &proj{lng0: c.Lng, lat0: c.Lat, kx: k * math.Cos(phi0), ky: k,
		phi0: phi0, cos0: math.Cos(phi0)}
}

// edgeArea returns the term of edge a→b in the area on the sphere of a
// region bounded by edges straight in longitude and latitude:
// A = −R² ∮ (sin φ − sin φ0) dλ (Green's theorem on the area element
// R² cos φ dφ dλ; subtracting the constant sin φ0 changes nothing on a
// closed boundary and keeps the terms small). Along a straight edge the
// mean of sin φ is sin φm · sin(u)/u with φm the middle latitude and u half
// the latitude span, so the integral is exact. AreaSquareMetres evaluates
// the same integral by the trapezoid rule.
func (p *proj) edgeArea(a, b xy) float64 {
	phiA, phiB := p.phi0+a.y/EarthRadius, p.phi0+b.y/EarthRadius
	phiM, u := (phiA+phiB)/2, (phiB-phiA)/2
	// 1 − sin(u)/u, by its series where the direct form would cancel.
	oneMinusSinc := u * u / 6 * (1 - u*u/20)
	if math.Abs(u) > 1e-3 {
		oneMinusSinc = 1 - math.Sin(u)/u
	}
	// sin φm − sin φ0, in a form without cancellation.
	g := 2*math.Cos((phiM+p.phi0)/2)*math.Sin((phiM-p.phi0)/2) - math.Sin(phiM)*oneMinusSinc
	return -EarthRadius / p.cos0 * (b.x - a.x) * g
}

// area returns the area in square metres, on the sphere of radius
// EarthRadius, of a region given by its directed boundary edges (region on
// the left), or of a polygon's closed rings.
func (p *proj) area(segs []seg) float64 {
	var a float64
	for _, s := range segs {
		a += p.edgeArea(s.a, s.b)
	}
	return a
}

// polyArea returns the area in square metres of pp (see area).
func (p *proj) polyArea(pp ppoly) float64 {
	var a float64
	for _, r := range pp {
		for i := 1; i < len(r); i++ {
			a += p.edgeArea(r[i-1], r[i])
		}
	}
	return a
}

// groundDist returns the distance in metres between nearby points a and b,
// with the x scale taken at their latitude rather than at φ0.
func (p *proj) groundDist(a, b xy) float64 {
	phi := p.phi0 + (a.y+b.y)/2/EarthRadius
	return math.Hypot((a.x-b.x)*math.Cos(phi)/p.cos0, a.y-b.y)
}

func (p *proj) fwd(pt Point) xy {
	q := xy{(pt.Lng - p.lng0) * p.kx, (pt.Lat - p.lat0) * p.ky}
	if p.record {
		p.orig[q] = pt
	}
	return q
}

// remember makes p record the points it projects from now on (see orig).
func (p *proj) remember() *proj {
	if p.orig == nil {
		p.orig = map[xy]Point{}
	}
	p.record = true
	return p
}

func (p *proj) inv(q xy) Point {
	if pt, ok := p.orig[q]; ok {
		return pt
	}
	return Point{p.lng0 + q.x/p.kx, p.lat0 + q.y/p.ky}
}

// bboxOf returns the union of the bounding boxes of ms.
func bboxOf(ms ...MultiPolygon) BBox {
	b := EmptyBBox()
	for _, m := range ms {
		for _, pg := range m {
			for _, r := range pg {
				b = b.Union(r.BBox())
			}
		}
	}
	return b
}

// finitePoint reports whether p is a usable longitude/latitude pair.
func finitePoint(p Point) bool {
	return !math.IsNaN(p.Lng) && !math.IsNaN(p.Lat) &&
		p.Lng >= -180 && p.Lng <= 180 && p.Lat >= -90 && p.Lat <= 90
}

// usable reports whether every coordinate of m is finite and in range: the
// projection and the overlay would turn NaN into nonsense silently.
func usable(m MultiPolygon) bool {
	for _, pg := range m {
		for _, r := range pg {
			for _, p := range r {
				if !finitePoint(p) {
					return false
				}
			}
		}
	}
	return true
}
