package geo

import (
	"math"
	"testing"
)

// closeTo reports whether a and b differ by at most tol degrees on each axis.
func closeTo(a, b Point, tol float64) bool {
	return math.Abs(a.Lng-b.Lng) <= tol && math.Abs(a.Lat-b.Lat) <= tol
}

// Published reference pairs. The WGS-84/GCJ-02 ones are the test vectors of
// the widely used "eviltransform" converters (Shanghai, Shenzhen, Beijing);
// the 116.404, 39.915 ones (near Tiananmen) are the documented example
// output of the "coordtransform" library.
var gcjPairs = []struct {
	name     string
	wgs, gcj Point
}{
	{"Shanghai", Point{121.5272106, 31.1774276}, Point{121.531541859215, 31.17530398364597}},
	{"Shenzhen", Point{113.912316, 22.543847}, Point{113.9171764808363, 22.540796131694766}},
	{"Beijing", Point{116.377817, 39.911954}, Point{116.38404722455657, 39.91334545536069}},
	{"Tiananmen", Point{116.404, 39.915}, Point{116.41024449916938, 39.91640428150164}},
}

func TestWGS84ToGCJ02Known(t *testing.T) {
	for _, tt := range gcjPairs {
		t.Run(tt.name, func(t *testing.T) {
			if got := WGS84ToGCJ02(tt.wgs); !closeTo(got, tt.gcj, 1e-9) {
				t.Errorf("WGS84ToGCJ02(%v) = %v, want %v", tt.wgs, got, tt.gcj)
			}
		})
	}
}

func TestGCJ02ToWGS84Known(t *testing.T) {
	for _, tt := range gcjPairs {
		t.Run(tt.name, func(t *testing.T) {
			if got := GCJ02ToWGS84(tt.gcj); !closeTo(got, tt.wgs, 1e-8) {
				t.Errorf("GCJ02ToWGS84(%v) = %v, want %v", tt.gcj, got, tt.wgs)
			}
		})
	}
}

func TestBD09Known(t *testing.T) {
	// coordtransform's documented example outputs for input 116.404, 39.915.
	// Its BD-09 → GCJ-02 uses the closed-form approximation alone, about
	// 4e-7° from the exact inverse we compute, hence the tolerance.
	in := Point{116.404, 39.915}
	tests := []struct {
		name string
		f    func(Point) Point
		want Point
		tol  float64
	}{
		{"GCJ02ToBD09", GCJ02ToBD09, Point{116.41036949371029, 39.92133699351021}, 1e-9},
		{"BD09ToGCJ02", BD09ToGCJ02, Point{116.39762729119315, 39.90865673957631}, 1e-6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.f(in); !closeTo(got, tt.want, tt.tol) {
				t.Errorf("%s(%v) = %v, want %v", tt.name, in, got, tt.want)
			}
		})
	}
}

// TestConversionsOffsetSize checks the offsets have the expected size in
// Suzhou: GCJ-02 shifts a few hundred metres, BD-09 about a kilometre more.
func TestConversionsOffsetSize(t *testing.T) {
	w := Point{120.62, 31.32}
	g := WGS84ToGCJ02(w)
	if d := math.Hypot(g.Lng-w.Lng, g.Lat-w.Lat); d < 0.002 || d > 0.008 {
		t.Errorf("GCJ-02 offset = %g°, want a few hundred metres", d)
	}
	b := WGS84ToBD09(w)
	if d := math.Hypot(b.Lng-g.Lng, b.Lat-g.Lat); d < 0.005 || d > 0.02 {
		t.Errorf("BD-09 offset = %g°, want about a kilometre", d)
	}
}

func TestOutOfChinaUnchanged(t *testing.T) {
	points := []Point{
		{-73.9857, 40.7484}, // New York
		{2.2945, 48.8584},   // Paris
		{139.9, 35.7},       // east of the box (Tokyo area)
		{100, 0.5},          // south of the box
		{100, 56},           // north of the box
	}
	for _, p := range points {
		if !OutOfChina(p) {
			t.Errorf("OutOfChina(%v) = false", p)
		}
		if got := WGS84ToGCJ02(p); got != p {
			t.Errorf("WGS84ToGCJ02(%v) = %v, want unchanged", p, got)
		}
		if got := GCJ02ToWGS84(p); got != p {
			t.Errorf("GCJ02ToWGS84(%v) = %v, want unchanged", p, got)
		}
	}
	if OutOfChina(Point{120.62, 31.32}) {
		t.Error("Suzhou is out of China")
	}
}

// TestRoundTrips sweeps a lattice over China and checks each inverse undoes
// its forward conversion to well under the 1e-6° (≈ 0.1 m) requirement.
func TestRoundTrips(t *testing.T) {
	const tol = 1e-9
	worst := map[string]float64{}
	for lng := 73.0; lng <= 135.0; lng += 0.77 {
		for lat := 18.0; lat <= 53.0; lat += 0.53 {
			p := Point{lng, lat}
			checks := []struct {
				name string
				got  Point
			}{
				{"GCJ02ToWGS84∘WGS84ToGCJ02", GCJ02ToWGS84(WGS84ToGCJ02(p))},
				{"WGS84ToGCJ02∘GCJ02ToWGS84", WGS84ToGCJ02(GCJ02ToWGS84(p))},
				{"BD09ToGCJ02∘GCJ02ToBD09", BD09ToGCJ02(GCJ02ToBD09(p))},
				{"GCJ02ToBD09∘BD09ToGCJ02", GCJ02ToBD09(BD09ToGCJ02(p))},
				{"BD09ToWGS84∘WGS84ToBD09", BD09ToWGS84(WGS84ToBD09(p))},
			}
			for _, c := range checks {
				d := math.Max(math.Abs(c.got.Lng-p.Lng), math.Abs(c.got.Lat-p.Lat))
				worst[c.name] = math.Max(worst[c.name], d)
				if d > tol {
					t.Fatalf("%s(%v) = %v, error %g°", c.name, p, c.got, d)
				}
			}
		}
	}
	for name, d := range worst {
		t.Logf("%s: worst error %.2g°", name, d)
	}
}

func TestTransformPolygon(t *testing.T) {
	p := Polygon{rect(120.6, 31.3, 120.61, 31.31)}
	g := p.Transform(WGS84ToGCJ02)
	if g[0][0] == p[0][0] {
		t.Fatal("Transform did not convert")
	}
	if p[0][0] != (Point{120.6, 31.3}) {
		t.Fatal("Transform modified its receiver")
	}
	back := MultiPolygon{g}.Transform(GCJ02ToWGS84)
	for i, pt := range back[0][0] {
		if !closeTo(pt, p[0][i], 1e-9) {
			t.Errorf("point %d: %v, want %v", i, pt, p[0][i])
		}
	}
	if err := back.Validate(); err != nil {
		t.Errorf("transformed polygon invalid: %v", err)
	}
}
