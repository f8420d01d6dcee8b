package geo

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// toMetres is the inverse of metres.
func toMetres(p Point) (x, y float64) {
	k := EarthRadius * math.Pi / 180
	return (p.Lng - testOrigin.Lng) * k * math.Cos(testOrigin.Lat*math.Pi/180), (p.Lat - testOrigin.Lat) * k
}

// wantProblem is the part of a Problem a test pins down; at is in metres
// (nil: not checked).
type wantProblem struct {
	kind                   ProblemKind
	polygon, ring, vertex  int
	otherRing, otherVertex int
	at                     []float64
}

func checkProblems(t *testing.T, got []Problem, want []wantProblem) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d problems, want %d:\n%v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Kind != w.kind || g.Polygon != w.polygon || g.Ring != w.ring || g.Vertex != w.vertex ||
			g.OtherRing != w.otherRing || g.OtherVertex != w.otherVertex {
			t.Errorf("problem %d = %v, want %+v", i, g, w)
		}
		if w.at != nil {
			if x, y := toMetres(g.At); math.Hypot(x-w.at[0], y-w.at[1]) > 1e-6 {
				t.Errorf("problem %d at (%.6f, %.6f) m, want %v", i, x, y, w.at)
			}
		}
	}
}

func TestCheckPolygon(t *testing.T) {
	sq := mrect(0, 0, 100, 100)
	hole := func(x0, y0, x1, y1 float64) Ring { return reversed(mrect(x0, y0, x1, y1)) }
	a, b, c := metres(0, 0), metres(100, 0), metres(100, 100)
	nan := Point{math.NaN(), 31}
	tests := []struct {
		name string
		m    MultiPolygon
		want []wantProblem
	}{
		{"square", mpoly(sq), nil},
		{"square with a hole", mpoly(sq, hole(20, 20, 40, 40)), nil},
		{"hole touching the shell at a point", mpoly(sq, mring(50, 0, 40, 20, 60, 20)), nil},
		{"two polygons sharing an edge", MultiPolygon{{sq}, {mrect(100, 0, 200, 100)}}, nil},
		{"no polygons", MultiPolygon{}, []wantProblem{{ProblemEmpty, -1, -1, -1, -1, -1, nil}}},
		{"polygon without rings", MultiPolygon{{sq}, {}}, []wantProblem{{ProblemEmpty, 1, -1, -1, -1, -1, nil}}},
		{"NaN", mpoly(Ring{a, b, nan, a}), []wantProblem{{ProblemInvalidCoordinate, 0, 0, 2, -1, -1, nil}}},
		{"latitude out of range (swapped axes)", mpoly(Ring{{31.3, 120.6}, {31.4, 120.6}, {31.4, 120.7}, {31.3, 120.6}}),
			[]wantProblem{{ProblemInvalidCoordinate, 0, 0, 0, -1, -1, nil}}},
		{"three points", mpoly(Ring{a, b, a}), []wantProblem{{ProblemTooFewPoints, 0, 0, -1, -1, -1, nil}}},
		{"three distinct points but only two", mpoly(Ring{a, b, b, a}), []wantProblem{
			{ProblemDuplicatePoint, 0, 0, 2, -1, -1, []float64{100, 0}},
			{ProblemTooFewPoints, 0, 0, -1, -1, -1, nil}}},
		{"unclosed", mpoly(sq[:4]), []wantProblem{{ProblemUnclosedRing, 0, 0, 3, -1, -1, []float64{0, 100}}}},
		{"repeated point", mpoly(Ring{a, b, b, c, metres(0, 100), a}), []wantProblem{{ProblemDuplicatePoint, 0, 0, 2, -1, -1, []float64{100, 0}}}},
		{"spike", mpoly(mring(0, 0, 100, 0, 100, 50, 150, 50, 100, 50, 100, 100, 0, 100)),
			[]wantProblem{{ProblemSpike, 0, 0, 3, -1, -1, []float64{150, 50}}}},
		{"bow tie", mpoly(mring(0, 0, 100, 100, 100, 0, 0, 100)),
			[]wantProblem{{ProblemSelfIntersection, 0, 0, 0, 0, 2, []float64{50, 50}}}},
		{"figure eight through a vertex", mpoly(mring(0, 0, 50, 50, 100, 0, 100, 100, 50, 50, 0, 100)),
			[]wantProblem{{ProblemSelfIntersection, 0, 0, 0, 0, 3, []float64{50, 50}}}},
		{"vertex on its own ring's edge", mpoly(mring(0, 0, 100, 0, 100, 100, 60, 100, 50, 0, 0, 100)),
			[]wantProblem{{ProblemSelfIntersection, 0, 0, 0, 0, 3, []float64{50, 0}}}},
		{"hole crossing the shell", mpoly(sq, hole(80, 20, 120, 40)), []wantProblem{
			{ProblemSelfIntersection, 0, 0, 1, 1, 1, []float64{100, 40}},
			{ProblemSelfIntersection, 0, 0, 1, 1, 3, []float64{100, 20}}}},
		{"hole sharing an edge with the shell", mpoly(sq, hole(0, 20, 20, 40)),
			[]wantProblem{{ProblemSelfIntersection, 0, 0, 3, 1, 0, []float64{0, 40}}}},
		{"hole outside the shell", mpoly(sq, hole(200, 0, 220, 20)),
			[]wantProblem{{ProblemHoleOutsideShell, 0, 1, -1, 0, -1, nil}}},
		{"hole inside a hole", mpoly(sq, hole(10, 10, 90, 90), hole(40, 40, 60, 60)),
			[]wantProblem{{ProblemNestedHole, 0, 2, -1, 1, -1, nil}}},
		{"overlapping polygons", MultiPolygon{{sq}, {mrect(50, 0, 150, 100)}},
			[]wantProblem{{ProblemPolygonsOverlap, 0, -1, -1, -1, -1, []float64{75, 50}}}},
		{"problems in two polygons", MultiPolygon{{mring(0, 0, 100, 100, 100, 0, 0, 100)}, {mrect(200, 0, 300, 100)[:4]}}, []wantProblem{
			{ProblemSelfIntersection, 0, 0, 0, 0, 2, []float64{50, 50}},
			{ProblemUnclosedRing, 1, 0, 3, -1, -1, nil}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkProblems(t, CheckPolygon(tt.m), tt.want)
		})
	}
}

func TestCheckPolygonDetails(t *testing.T) {
	// The overlap of two parts carries its area, and the other polygon.
	ps := CheckPolygon(MultiPolygon{{mrect(0, 0, 100, 100)}, {mrect(50, 0, 150, 100)}})
	if len(ps) != 1 || !relClose(ps[0].AreaSquareMetres, 5000, 1e-4, 0) || ps[0].OtherPolygon != 1 {
		t.Errorf("overlap = %v, want 5000 m² with polygon 1", ps)
	}
	// A duplicate point is the only warning.
	for _, k := range []ProblemKind{ProblemSelfIntersection, ProblemUnclosedRing, ProblemOutsideParent} {
		if k.IsWarning() {
			t.Errorf("%s is a warning", k)
		}
	}
	if !ProblemDuplicatePoint.IsWarning() {
		t.Error("duplicate_point is not a warning")
	}
	// A valid ring of 5,000 vertices, then the same with a notch cut in
	// it: vertex 2000 pulled half-way to the centre and vertex 2001 moved
	// back to just inside vertex 1990, so that edge 2001 (back out to
	// vertex 2002) crosses edge 1999 (in to the notch).
	big := community(5000, 0, 0, 600, 1)
	if ps := CheckPolygon(mpoly(big)); ps != nil {
		t.Errorf("5,000-vertex ring: %v", ps)
	}
	towardsCentre := func(p Point, f float64) Point {
		x, y := toMetres(p)
		return metres(f*x, f*y)
	}
	broken := slices.Clone(big)
	broken[2000], broken[2001] = towardsCentre(big[2000], 0.5), towardsCentre(big[1990], 0.9)
	ps = CheckPolygon(mpoly(broken))
	if len(ps) != 1 || ps[0].Kind != ProblemSelfIntersection || ps[0].Vertex != 1999 || ps[0].OtherVertex != 2001 {
		t.Errorf("swapped vertices: %v", ps)
	}
	// A badly broken ring reports at most maxCrossingsReported crossings.
	rng := rand.New(rand.NewPCG(1, 1))
	xys := make([]float64, 0, 400)
	for range 200 {
		xys = append(xys, rng.Float64()*1000, rng.Float64()*1000)
	}
	if ps := CheckPolygon(mpoly(mring(xys...))); len(ps) != maxCrossingsReported {
		t.Errorf("random ring: %d problems, want %d", len(ps), maxCrossingsReported)
	}
}

// naiveCrossings examines every pair of edges: the O(n²) baseline the
// sweep must agree with.
func naiveCrossings(c *crossingCheck) {
	edges, _ := c.edges()
	var found []Problem
	for i := range edges {
		for j := i + 1; j < len(edges); j++ {
			if p, ok := c.pair(edges[i], edges[j]); ok {
				found = append(found, p)
			}
		}
	}
	c.finish(found)
}

// newCrossingCheck prepares the rings of pg as CheckPolygon does.
func newCrossingCheck(pg Polygon) *crossingCheck {
	pr := newProj(bboxOf(MultiPolygon{pg}))
	rings := make([]*checkedRing, len(pg))
	for ri, r := range pg {
		cr := &checkedRing{pts: make([]xy, 0, len(r)), idx: make([]int, 0, len(r))}
		for vi, p := range r[:len(r)-1] {
			cr.pts = append(cr.pts, pr.fwd(p))
			cr.idx = append(cr.idx, vi)
		}
		rings[ri] = cr
	}
	return &crossingCheck{pr: pr, rings: rings, crossed: map[[2]int]bool{}}
}

func TestCrossingsSweepMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 3))
	for i := range 300 {
		n := 4 + rng.IntN(12)
		xys := make([]float64, 0, 2*n)
		for range n {
			// A coarse lattice, so that touches and collinear edges occur.
			xys = append(xys, float64(rng.IntN(6))*20, float64(rng.IntN(6))*20)
		}
		pg := Polygon{mring(xys...), reversed(community(8, 50, 50, 20, uint64(i)))}
		sweep, naive := newCrossingCheck(pg), newCrossingCheck(pg)
		sweep.run()
		naiveCrossings(naive)
		if len(sweep.probs) != len(naive.probs) {
			t.Fatalf("case %d: sweep found %d, naive %d:\n%v\n%v", i, len(sweep.probs), len(naive.probs), sweep.probs, naive.probs)
		}
		for k := range sweep.probs {
			if sweep.probs[k] != naive.probs[k] {
				t.Fatalf("case %d: problem %d: sweep %v, naive %v", i, k, sweep.probs[k], naive.probs[k])
			}
		}
	}
}
