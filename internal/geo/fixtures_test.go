package geo

import (
	"math"
	"math/rand/v2"
)

// Test shapes are drawn in metres east and north of a point in Suzhou and
// converted to WGS-84 with the same equirectangular model the package
// uses, so expected areas can be worked out on paper.
var testOrigin = Point{Lng: 120.62, Lat: 31.30}

// metres returns the point x metres east and y metres north of testOrigin.
func metres(x, y float64) Point {
	k := EarthRadius * math.Pi / 180
	return Point{testOrigin.Lng + x/(k*math.Cos(testOrigin.Lat*math.Pi/180)), testOrigin.Lat + y/k}
}

// mring returns the closed ring through the given x, y pairs (in metres).
func mring(xys ...float64) Ring {
	r := make(Ring, 0, len(xys)/2+1)
	for i := 0; i+1 < len(xys); i += 2 {
		r = append(r, metres(xys[i], xys[i+1]))
	}
	return append(r, r[0])
}

// mrect returns the counter-clockwise rectangle [x0, x1] × [y0, y1] in
// metres.
func mrect(x0, y0, x1, y1 float64) Ring {
	return mring(x0, y0, x1, y0, x1, y1, x0, y1)
}

// mpoly returns a one-polygon MultiPolygon of the given rings.
func mpoly(rings ...Ring) MultiPolygon { return MultiPolygon{Polygon(rings)} }

// community returns an irregular, somewhat concave polygon of n vertices
// around (cx, cy) with a mean radius of r metres: the kind of outline a
// hand-digitised community has (a smooth wobble plus vertex noise, smaller
// when the vertices are dense). It is star-shaped around its centre, so it
// never crosses itself.
func community(n int, cx, cy, r float64, seed uint64) Ring {
	rng := rand.New(rand.NewPCG(seed, 7))
	xys := make([]float64, 0, 2*n)
	for i := range n {
		th := 2 * math.Pi * float64(i) / float64(n)
		rad := r * (1 + 0.25*math.Sin(3*th+0.5) + 0.12*math.Cos(7*th) + 0.03*min(1, 20/float64(n))*(rng.Float64()-0.5))
		xys = append(xys, cx+rad*math.Cos(th), cy+rad*math.Sin(th))
	}
	return mring(xys...)
}

// lshape returns an L: the square [0, 2s]² without its north-east quarter.
func lshape(s float64) Ring {
	return mring(0, 0, 2*s, 0, 2*s, s, s, s, s, 2*s, 0, 2*s)
}

// relClose reports whether got is within rel (relative) of want, or within
// abs when want is near zero.
func relClose(got, want, rel, abs float64) bool {
	return math.Abs(got-want) <= math.Max(abs, rel*math.Abs(want))
}
