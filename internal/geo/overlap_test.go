package geo

import (
	"math"
	"testing"
)

func TestOverlap(t *testing.T) {
	sq := mpoly(mrect(0, 0, 100, 100))
	l := mpoly(lshape(100)) // [0,200]² without its north-east quarter
	holed := mpoly(mrect(0, 0, 400, 400), reversed(mrect(100, 100, 300, 300)))
	tests := []struct {
		name string
		a, b MultiPolygon
		want MultiPolygon // the analytic intersection; nil when empty
	}{
		{"identical", sq, sq, sq},
		{"overlapping by 1 m", sq, mpoly(mrect(99, 0, 199, 100)), mpoly(mrect(99, 0, 100, 100))},
		{"sharing an edge", sq, mpoly(mrect(100, 0, 200, 100)), nil},
		{"sharing half an edge", sq, mpoly(mrect(100, 50, 200, 150)), nil},
		{"touching at a corner", sq, mpoly(mrect(100, 100, 200, 200)), nil},
		{"apart", sq, mpoly(mrect(300, 0, 400, 100)), nil},
		{"quarter", sq, mpoly(mrect(50, 50, 150, 150)), mpoly(mrect(50, 50, 100, 100))},
		{"contained", mpoly(mrect(0, 0, 1000, 1000)), sq, sq},
		{"L and a square over its corner", l, mpoly(mrect(50, 50, 200, 200)), mpoly(mring(50, 50, 200, 50, 200, 100, 100, 100, 100, 200, 50, 200))},
		{"L and a square in its notch", l, mpoly(mrect(100, 100, 200, 200)), nil},
		{"L and a bar across both arms", l, mpoly(mrect(50, 150, 200, 175)), mpoly(mrect(50, 150, 100, 175))},
		{"hole and a square over it", holed, mpoly(mrect(200, 200, 500, 500)), mpoly(mring(300, 200, 400, 200, 400, 400, 200, 400, 200, 300, 300, 300))},
		{"square inside the hole", holed, mpoly(mrect(150, 150, 250, 250)), nil},
		{"frame around the hole", holed, mpoly(mrect(50, 50, 350, 350)), mpoly(mrect(50, 50, 350, 350), reversed(mrect(100, 100, 300, 300)))},
		{"multipolygon", MultiPolygon{{mrect(0, 0, 100, 100)}, {mrect(200, 0, 300, 100)}}, mpoly(mrect(50, 0, 250, 100)),
			MultiPolygon{{mrect(50, 0, 100, 100)}, {mrect(200, 0, 250, 100)}}},
		{"empty", sq, MultiPolygon{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want.AreaSquareMetres()
			for _, ab := range [][2]MultiPolygon{{tt.a, tt.b}, {tt.b, tt.a}} {
				got, at := Overlap(ab[0], ab[1])
				if !relClose(got, want, 1e-7, 1e-6) {
					t.Errorf("Overlap = %.6f m², want %.6f", got, want)
				}
				if want > 0 && !(ab[0].Contains(at) && ab[1].Contains(at)) {
					t.Errorf("at %v is not inside both", at)
				}
				if want == 0 && at != (Point{}) {
					t.Errorf("at = %v for no overlap", at)
				}
			}
		})
	}
}

// TestOverlapTolerance shows Overlap is fine enough to decide "more than
// 1 m²" between 100 m grids: a neighbour whose shared corner was drawn
// 2 cm over the line shares a sliver of 100 m × 2 cm / 2 = 1 m².
func TestOverlapTolerance(t *testing.T) {
	a := mpoly(mrect(0, 0, 100, 100))
	tests := []struct {
		shift float64 // how far the neighbour's corner pokes into a, metres
		want  float64
	}{
		{0, 0},
		{0.01, 0.5},
		{0.02, 1},
		{0.04, 2},
	}
	for _, tt := range tests {
		b := mpoly(mring(100-tt.shift, 0, 200, 0, 200, 100, 100, 100))
		got, _ := Overlap(a, b)
		if math.Abs(got-tt.want) > 1e-4 {
			t.Errorf("corner %.2f m over: overlap %.6f m², want %.6f", tt.shift, got, tt.want)
		}
	}
}

func TestCheckSiblings(t *testing.T) {
	var grids []MultiPolygon
	for r := range 3 {
		for c := range 3 {
			x, y := float64(c)*100, float64(r)*100
			grids = append(grids, mpoly(mrect(x, y, x+100, y+100)))
		}
	}
	if ps := CheckSiblings(grids, 1); ps != nil {
		t.Errorf("tiling: %v", ps)
	}
	// Grid 4 (the middle) drawn 3 m too far east, and grid 0 overlapping
	// grid 1 by less than the tolerance.
	bad := append([]MultiPolygon(nil), grids...)
	bad[4] = mpoly(mrect(103, 100, 203, 200))
	bad[0] = mpoly(mrect(0, 0, 100.005, 100))
	ps := CheckSiblings(bad, 1)
	if len(ps) != 1 || ps[0].Kind != ProblemOverlapsSibling || ps[0].Shape != 4 || ps[0].OtherShape != 5 ||
		!relClose(ps[0].AreaSquareMetres, mpoly(mrect(200, 100, 203, 200)).AreaSquareMetres(), 1e-7, 0) || !bad[4].Contains(ps[0].At) || !bad[5].Contains(ps[0].At) {
		t.Errorf("got %v, want grids 4 and 5 sharing 300 m²", ps)
	}
	if ps := CheckSiblings(bad, 0.1); len(ps) != 2 || ps[0].Shape != 0 || ps[0].OtherShape != 1 {
		t.Errorf("tolerance 0.1 m²: got %v, want grids 0–1 and 4–5", ps)
	}
}

// TestSphericalArea checks the area used for reporting against
// AreaSquareMetres, which evaluates the same integral differently, on a
// polygon far larger than a community.
func TestSphericalArea(t *testing.T) {
	for _, m := range []MultiPolygon{
		mpoly(community(300, 0, 0, 5000, 1)),
		mpoly(mrect(-20000, -20000, 20000, 20000), reversed(community(50, 0, 0, 5000, 2))),
	} {
		pr := newProj(m.BBox())
		sh := newShape(m, pr)
		if got, want := pr.area(sh.segs), m.AreaSquareMetres(); !relClose(got, want, 1e-8, 0) {
			t.Errorf("area %.3f m², AreaSquareMetres %.3f", got, want)
		}
	}
}
