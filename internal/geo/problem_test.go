package geo

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestProblemString(t *testing.T) {
	crossing := newProblem(ProblemSelfIntersection, Point{120.5, 31.25})
	crossing.Polygon, crossing.Ring, crossing.Vertex = 0, 0, 3
	crossing.OtherPolygon, crossing.OtherRing, crossing.OtherVertex = 0, 1, 7
	sibling := newProblem(ProblemOverlapsSibling, Point{120.5, 31.25})
	sibling.Shape, sibling.OtherShape, sibling.AreaSquareMetres = 2, 5, 12.345
	outside := newProblem(ProblemOutsideParent, Point{120.5, 31.25})
	outside.Polygon, outside.Ring, outside.Vertex, outside.DistanceMetres = 1, 0, 4, 2.5
	tests := []struct {
		p    Problem
		want string
	}{
		{crossing, "self_intersection at (120.5000000, 31.2500000) polygon 0 ring 0 vertex 3 with polygon 0 ring 1 vertex 7"},
		{sibling, "overlaps_sibling at (120.5000000, 31.2500000) shapes 2 and 5 12.35 m²"},
		{outside, "outside_parent at (120.5000000, 31.2500000) polygon 1 ring 0 vertex 4 2.50 m"},
		{newProblem(ProblemEmpty, Point{}), "empty at (0.0000000, 0.0000000)"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("String() = %q, want %q", got, tt.want)
		}
	}
}

// TestProblemJSON pins the field names the API and the map page rely on.
func TestProblemJSON(t *testing.T) {
	p := CheckPolygon(mpoly(mring(0, 0, 100, 100, 100, 0, 0, 100)))
	data, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"kind":"self_intersection"`, `"at":{"Lng":`, `"polygon":0`, `"ring":0`, `"vertex":0`,
		`"other_ring":0`, `"other_vertex":2`, `"shape":-1`} {
		if !strings.Contains(string(data), key) {
			t.Errorf("%s lacks %s", data, key)
		}
	}
	// A NaN coordinate is reported at a point JSON can carry.
	p = CheckPolygon(mpoly(Ring{{0, 0}, {1, 0}, {1, 1}, {math.NaN(), 1}, {0, 0}}))
	if _, err := json.Marshal(p); err != nil {
		t.Errorf("NaN problem: %v", err)
	}
}

// TestGarbageIn feeds random, mostly self-crossing rings to every function:
// the results are meaningless, but nothing may panic or hang.
func TestGarbageIn(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	randomRing := func() Ring {
		n := 3 + rng.IntN(15)
		xys := make([]float64, 0, 2*n)
		for range n {
			xys = append(xys, float64(rng.IntN(5))*50, float64(rng.IntN(5))*50)
		}
		return mring(xys...)
	}
	for range 100 {
		a := MultiPolygon{{randomRing(), randomRing()}, {randomRing()}}
		b := mpoly(randomRing())
		CheckPolygon(a)
		Overlap(a, b)
		CheckInside(a, b, 0.5)
		CheckSiblings([]MultiPolygon{a, b, a}, 1)
		CoverageGaps(a, []MultiPolygon{b}, 1)
		UnitGrids(a, 60)
	}
}
