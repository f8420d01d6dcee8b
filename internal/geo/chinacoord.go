package geo

import "math"

// GCJ-02 ("Mars coordinates") is WGS-84 with a deliberate, smooth, non-linear
// offset of a few hundred metres, mandated for maps published in China. The
// offset formula below is the one reverse-engineered from public map SDKs and
// used by every open converter; it is based on the Krasovsky 1940 ellipsoid.
const (
	krasovskyA  = 6378245.0              // semi-major axis, metres
	krasovskyEE = 0.00669342162296594323 // first eccentricity squared
	// bdXPi is the angular constant of Baidu's BD-09 offset.
	bdXPi = math.Pi * 3000.0 / 180.0
)

// OutOfChina reports whether p lies outside the rough bounding box of China
// that GCJ-02 converters use. Outside it GCJ-02 equals WGS-84. The box is
// coarse (it includes parts of neighbouring countries), but matching it is
// what makes our conversions agree with the map providers'.
func OutOfChina(p Point) bool {
	return p.Lng < 72.004 || p.Lng > 137.8347 || p.Lat < 0.8293 || p.Lat > 55.8271
}

// WGS84ToGCJ02 converts a WGS-84 point to GCJ-02. Points outside China are
// returned unchanged.
func WGS84ToGCJ02(p Point) Point {
	if OutOfChina(p) {
		return p
	}
	d := gcjOffset(p)
	return Point{p.Lng + d.Lng, p.Lat + d.Lat}
}

// GCJ02ToWGS84 converts a GCJ-02 point back to WGS-84. The offset has no
// closed-form inverse, so it is solved by fixed-point iteration: the offset
// varies slowly, so each step shrinks the error by orders of magnitude, and
// the result is within 1e-9 degrees (well under a millimetre) after a few
// steps. Points outside China are returned unchanged.
func GCJ02ToWGS84(g Point) Point {
	if OutOfChina(g) {
		return g
	}
	w := g
	for range 30 {
		c := WGS84ToGCJ02(w)
		dLng, dLat := c.Lng-g.Lng, c.Lat-g.Lat
		w.Lng -= dLng
		w.Lat -= dLat
		if math.Abs(dLng) < 1e-12 && math.Abs(dLat) < 1e-12 {
			break
		}
	}
	return w
}

// gcjOffset returns the GCJ-02 shift, in degrees, at WGS-84 point p.
func gcjOffset(p Point) Point {
	x, y := p.Lng-105.0, p.Lat-35.0
	dLat := gcjTransformLat(x, y)
	dLng := gcjTransformLng(x, y)
	radLat := p.Lat / 180.0 * math.Pi
	magic := math.Sin(radLat)
	magic = 1 - krasovskyEE*magic*magic
	sqrtMagic := math.Sqrt(magic)
	// Metres of offset to degrees, with the meridian and parallel radii of
	// curvature of the Krasovsky ellipsoid.
	dLat = (dLat * 180.0) / ((krasovskyA * (1 - krasovskyEE)) / (magic * sqrtMagic) * math.Pi)
	dLng = (dLng * 180.0) / (krasovskyA / sqrtMagic * math.Cos(radLat) * math.Pi)
	return Point{dLng, dLat}
}

func gcjTransformLat(x, y float64) float64 {
	r := -100.0 + 2.0*x + 3.0*y + 0.2*y*y + 0.1*x*y + 0.2*math.Sqrt(math.Abs(x))
	r += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	r += (20.0*math.Sin(y*math.Pi) + 40.0*math.Sin(y/3.0*math.Pi)) * 2.0 / 3.0
	r += (160.0*math.Sin(y/12.0*math.Pi) + 320*math.Sin(y*math.Pi/30.0)) * 2.0 / 3.0
	return r
}

func gcjTransformLng(x, y float64) float64 {
	r := 300.0 + x + 2.0*y + 0.1*x*x + 0.1*x*y + 0.1*math.Sqrt(math.Abs(x))
	r += (20.0*math.Sin(6.0*x*math.Pi) + 20.0*math.Sin(2.0*x*math.Pi)) * 2.0 / 3.0
	r += (20.0*math.Sin(x*math.Pi) + 40.0*math.Sin(x/3.0*math.Pi)) * 2.0 / 3.0
	r += (150.0*math.Sin(x/12.0*math.Pi) + 300.0*math.Sin(x/30.0*math.Pi)) * 2.0 / 3.0
	return r
}

// GCJ02ToBD09 converts a GCJ-02 point to Baidu's BD-09. Baidu applies its
// offset everywhere, so there is no out-of-China exception here.
func GCJ02ToBD09(g Point) Point {
	x, y := g.Lng, g.Lat
	z := math.Sqrt(x*x+y*y) + 0.00002*math.Sin(y*bdXPi)
	theta := math.Atan2(y, x) + 0.000003*math.Cos(x*bdXPi)
	return Point{z*math.Cos(theta) + 0.0065, z*math.Sin(theta) + 0.006}
}

// BD09ToGCJ02 converts a Baidu BD-09 point to GCJ-02 with the customary
// closed-form approximation, then polishes it with fixed-point steps so that
// the round trip through GCJ02ToBD09 is exact to about 1e-12 degrees (the
// closed form alone is off by up to about 1e-6).
func BD09ToGCJ02(b Point) Point {
	x, y := b.Lng-0.0065, b.Lat-0.006
	z := math.Sqrt(x*x+y*y) - 0.00002*math.Sin(y*bdXPi)
	theta := math.Atan2(y, x) - 0.000003*math.Cos(x*bdXPi)
	g := Point{z * math.Cos(theta), z * math.Sin(theta)}
	for range 5 {
		c := GCJ02ToBD09(g)
		g.Lng -= c.Lng - b.Lng
		g.Lat -= c.Lat - b.Lat
	}
	return g
}

// WGS84ToBD09 converts a WGS-84 point to BD-09 through GCJ-02.
func WGS84ToBD09(p Point) Point { return GCJ02ToBD09(WGS84ToGCJ02(p)) }

// BD09ToWGS84 converts a BD-09 point to WGS-84 through GCJ-02.
func BD09ToWGS84(b Point) Point { return GCJ02ToWGS84(BD09ToGCJ02(b)) }
