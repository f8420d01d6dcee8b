package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Plane tests of the overlay engine, where the expected areas are exact.

func psq(x0, y0, x1, y1 float64) []xy {
	return []xy{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func prev(r []xy) []xy {
	out := make([]xy, len(r))
	for i, p := range r {
		out[len(r)-1-i] = p
	}
	return out
}

var (
	opAnd = func(in []bool) bool { return in[0] && in[1] }
	opOr  = func(in []bool) bool { return in[0] || in[1] }
	opSub = func(in []bool) bool { return in[0] && !in[1] }
)

// runOp overlays a and b over everything and returns the area and the
// assembled polygons.
func runOp(a, b *shape, keep func([]bool) bool) (float64, []ppoly) {
	segs := overlay([]*shape{a, b}, a.bx.union(b.bx), keep)
	return segsArea(segs), assemble(segs)
}

func TestOverlayAnalytic(t *testing.T) {
	// The plane L: [0,2]² without (1,2]×(1,2].
	l := []xy{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}}
	diamond := []xy{{1, 0}, {2, 1}, {1, 2}, {0, 1}, {1, 0}}
	tests := []struct {
		name       string
		a, b       [][]xy
		and, or    float64
		polysAnd   int // pieces of the intersection
		holesInAnd int
	}{
		{"offset squares", [][]xy{psq(0, 0, 2, 2)}, [][]xy{psq(1, 1, 3, 3)}, 1, 7, 1, 0},
		{"identical", [][]xy{psq(0, 0, 2, 2)}, [][]xy{psq(0, 0, 2, 2)}, 4, 4, 1, 0},
		{"identical, opposite windings", [][]xy{psq(0, 0, 2, 2)}, [][]xy{prev(psq(0, 0, 2, 2))}, 4, 4, 1, 0},
		{"share an edge", [][]xy{psq(0, 0, 1, 1)}, [][]xy{psq(1, 0, 2, 1)}, 0, 2, 0, 0},
		{"share part of an edge", [][]xy{psq(0, 0, 1, 2)}, [][]xy{psq(1, 1, 2, 3)}, 0, 4, 0, 0},
		{"touch at a corner", [][]xy{psq(0, 0, 1, 1)}, [][]xy{psq(1, 1, 2, 2)}, 0, 2, 0, 0},
		{"apart", [][]xy{psq(0, 0, 1, 1)}, [][]xy{psq(5, 5, 6, 6)}, 0, 2, 0, 0},
		{"contained", [][]xy{psq(0, 0, 4, 4)}, [][]xy{psq(1, 1, 2, 2)}, 1, 16, 1, 0},
		{"contained, sharing a side", [][]xy{psq(0, 0, 4, 4)}, [][]xy{psq(0, 1, 2, 2)}, 2, 16, 1, 0},
		{"L and square over its notch", [][]xy{l}, [][]xy{psq(0.5, 0.5, 2, 2)}, 1.25, 4, 1, 0},
		{"L and square in its notch", [][]xy{l}, [][]xy{psq(1, 1, 2, 2)}, 0, 4, 0, 0},
		{"L and bar across both arms", [][]xy{l}, [][]xy{psq(0.5, 1.5, 2, 1.75)}, 0.125, 3.25, 1, 0},
		{"square with hole and square over the hole", [][]xy{psq(0, 0, 4, 4), prev(psq(1, 1, 3, 3))}, [][]xy{psq(2, 2, 5, 5)}, 3, 18, 1, 0},
		{"square with hole and a frame around the hole", [][]xy{psq(0, 0, 4, 4), prev(psq(1, 1, 3, 3))}, [][]xy{psq(0.5, 0.5, 3.5, 3.5)}, 5, 16, 1, 1},
		{"hole exactly filled", [][]xy{psq(0, 0, 4, 4), prev(psq(1, 1, 3, 3))}, [][]xy{psq(1, 1, 3, 3)}, 0, 16, 0, 0},
		{"diamond in square", [][]xy{psq(0, 0, 2, 2)}, [][]xy{diamond}, 2, 4, 1, 0},
		{"diamond and offset square", [][]xy{psq(1, 1, 3, 3)}, [][]xy{diamond}, 0.5, 5.5, 1, 0},
		{"triangle with vertex on an edge", [][]xy{psq(0, 0, 2, 2)}, [][]xy{{{1, 2}, {2, 3}, {0, 3}, {1, 2}}}, 0, 5, 0, 0},
		{"plus and square", [][]xy{{{1, 0}, {2, 0}, {2, 1}, {3, 1}, {3, 2}, {2, 2}, {2, 3}, {1, 3}, {1, 2}, {0, 2}, {0, 1}, {1, 1}, {1, 0}}}, [][]xy{psq(0, 0, 3, 3)}, 5, 9, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := shapeOfRings(orient(tt.a)...), shapeOfRings(orient(tt.b)...)
			and, polys := runOp(a, b, opAnd)
			or, _ := runOp(a, b, opOr)
			if math.Abs(and-tt.and) > 1e-12 || math.Abs(or-tt.or) > 1e-12 {
				t.Errorf("and, or = %v, %v; want %v, %v", and, or, tt.and, tt.or)
			}
			if len(polys) != tt.polysAnd {
				t.Fatalf("intersection has %d pieces, want %d: %v", len(polys), tt.polysAnd, polys)
			}
			holes := 0
			for _, p := range polys {
				holes += len(p) - 1
				if q := p.interiorPoint(); !a.contains(q) || !b.contains(q) {
					t.Errorf("interior point %v is not inside both", q)
				}
			}
			if holes != tt.holesInAnd {
				t.Errorf("intersection has %d holes, want %d", holes, tt.holesInAnd)
			}
			// The same with the operands swapped.
			if and2, _ := runOp(b, a, opAnd); math.Abs(and2-and) > 1e-12 {
				t.Errorf("b∩a = %v, a∩b = %v", and2, and)
			}
		})
	}
}

// orient returns rings made counter-clockwise for the first and clockwise
// for the others, as newShape would.
func orient(rings [][]xy) [][]xy {
	out := make([][]xy, len(rings))
	for i, r := range rings {
		out[i] = r
		if (i == 0) != (ringArea(r) > 0) {
			out[i] = prev(r)
		}
	}
	return out
}

func TestOverlayMultiPolygon(t *testing.T) {
	// Two parts, both counter-clockwise, and a bar across both.
	a := shapeOfRings(psq(0, 0, 1, 1), psq(2, 0, 3, 1))
	b := shapeOfRings(psq(0.5, 0, 2.5, 1))
	and, polys := runOp(a, b, opAnd)
	if and != 1 || len(polys) != 2 {
		t.Errorf("got %v m² in %d pieces, want 1 in 2", and, len(polys))
	}
	if or, polys := runOp(a, b, opOr); or != 3 || len(polys) != 1 {
		t.Errorf("union got %v m² in %d pieces, want 3 in 1", or, len(polys))
	}
}

func TestAssembleTopology(t *testing.T) {
	tests := []struct {
		name  string
		rings [][]xy // one shape, unioned with itself
		polys int
		holes int
	}{
		{"two squares touching at a corner", [][]xy{psq(0, 0, 1, 1), psq(1, 1, 2, 2)}, 2, 0},
		{"square with a hole", [][]xy{psq(0, 0, 4, 4), prev(psq(1, 1, 2, 2))}, 1, 1},
		{"hole touching the shell at a point", [][]xy{psq(0, 0, 4, 4), {{2, 0}, {1, 1}, {2, 2}, {3, 1}, {2, 0}}}, 1, 1},
		{"two squares sharing an edge merge", [][]xy{psq(0, 0, 1, 1), psq(1, 0, 2, 1)}, 1, 0},
		{"ring of four squares around a hole", [][]xy{psq(0, 0, 2, 1), psq(2, 0, 3, 2), psq(1, 2, 3, 3), psq(0, 1, 1, 3)}, 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sh := shapeOfRings(tt.rings...)
			polys := assemble(overlay([]*shape{sh}, sh.bx, func(in []bool) bool { return in[0] }))
			holes := 0
			for _, p := range polys {
				holes += len(p) - 1
				for _, r := range p {
					seen := map[xy]bool{}
					for _, q := range r[:len(r)-1] {
						if seen[q] {
							t.Errorf("ring %v visits %v twice", r, q)
						}
						seen[q] = true
					}
				}
			}
			if len(polys) != tt.polys || holes != tt.holes {
				t.Errorf("got %d polygons with %d holes, want %d and %d: %v", len(polys), holes, tt.polys, tt.holes, polys)
			}
		})
	}
}

// randomStar returns a star-shaped ring of n vertices around c.
func randomStar(rng *rand.Rand, n int, c xy, r float64) []xy {
	pts := make([]xy, 0, n+1)
	for i := range n {
		th := 2 * math.Pi * float64(i) / float64(n)
		rad := r * (0.4 + 0.6*rng.Float64())
		pts = append(pts, xy{c.x + rad*math.Cos(th), c.y + rad*math.Sin(th)})
	}
	return append(pts, pts[0])
}

// TestOverlayIdentities checks inclusion–exclusion on random concave
// shapes, where intersection, union and difference are computed
// independently: |A∩B| + |A∪B| = |A| + |B| and |A−B| + |A∩B| = |A|.
func TestOverlayIdentities(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		a := shapeOfRings(randomStar(rng, 5+rng.IntN(60), xy{0, 0}, 100))
		b := shapeOfRings(randomStar(rng, 5+rng.IntN(60), xy{rng.Float64()*100 - 50, rng.Float64()*100 - 50}, 100))
		areaA, areaB := segsArea(a.segs), segsArea(b.segs)
		and, _ := runOp(a, b, opAnd)
		or, _ := runOp(a, b, opOr)
		sub, _ := runOp(a, b, opSub)
		if !relClose(and+or, areaA+areaB, 1e-12, 1e-9) || !relClose(sub+and, areaA, 1e-12, 1e-9) {
			t.Fatalf("case %d: ∩ %v ∪ %v − %v, |A| %v |B| %v", i, and, or, sub, areaA, areaB)
		}
		// A coarse raster agrees, as a check that is not an identity.
		if i%20 == 0 {
			hits, n := 0, 0
			for x := -100.0; x < 150; x += 1 {
				for y := -100.0; y < 150; y += 1 {
					q := xy{x + 0.5, y + 0.5}
					n++
					if a.contains(q) && b.contains(q) {
						hits++
					}
				}
			}
			if math.Abs(float64(hits)-and) > 0.02*and+50 {
				t.Errorf("case %d: raster %d m², overlay %.1f m²", i, hits, and)
			}
		}
	}
}

func TestYIndexNearest(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ring := randomStar(rng, 300, xy{0, 0}, 1000)
	sh := shapeOfRings(ring)
	for range 500 {
		q := xy{rng.Float64()*3000 - 1500, rng.Float64()*3000 - 1500}
		got, _ := sh.index().nearest(sh.segs, q)
		want := math.Inf(1)
		for _, s := range sh.segs {
			d, _ := distToSeg(q, s)
			want = math.Min(want, d)
		}
		if got != want {
			t.Fatalf("nearest(%v) = %v, want %v", q, got, want)
		}
		if sh.contains(q) != evenOdd(ring, q) {
			t.Fatalf("contains(%v) disagrees with evenOdd", q)
		}
	}
}

// latticeShape returns the union of n random rectangles on an integer
// lattice: shapes full of shared edges, collinear overlaps and vertices
// lying on edges, the degenerate cases that break naive clippers.
func latticeShape(rng *rand.Rand, n int) *shape {
	var rings [][]xy
	for range n {
		x, y := float64(rng.IntN(8)), float64(rng.IntN(8))
		w, h := float64(1+rng.IntN(4)), float64(1+rng.IntN(4))
		rings = append(rings, psq(x, y, x+w, y+h))
	}
	u := shapeOfRings(rings...)
	var out [][]xy
	for _, p := range assemble(overlay([]*shape{u}, u.bx, func(in []bool) bool { return in[0] })) {
		out = append(out, p...)
	}
	return shapeOfRings(out...)
}

// TestOverlayDegenerate compares the overlay on lattice shapes with a count
// of unit cells, which is exact for them, and checks that restricting the
// work to a window (as Overlap and UnitGrids do) changes nothing.
func TestOverlayDegenerate(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	sum := func(ps []ppoly) (s float64) {
		for _, p := range ps {
			s += p.area()
		}
		return s
	}
	for i := range 500 {
		a, b := latticeShape(rng, 1+rng.IntN(5)), latticeShape(rng, 1+rng.IntN(5))
		var ca, cb, cab int
		for x := range 12 {
			for y := range 12 {
				q := xy{float64(x) + 0.5, float64(y) + 0.5}
				ia, ib := a.contains(q), b.contains(q)
				ca, cb, cab = ca+b2i(ia), cb+b2i(ib), cab+b2i(ia && ib)
			}
		}
		and, pa := runOp(a, b, opAnd)
		or, po := runOp(a, b, opOr)
		sub, ps := runOp(a, b, opSub)
		if segsArea(a.segs) != float64(ca) || and != float64(cab) || or != float64(ca+cb-cab) || sub != float64(ca-cab) {
			t.Fatalf("case %d: |A| %d ∩ %v/%d ∪ %v/%d − %v/%d", i, ca, and, cab, or, ca+cb-cab, sub, ca-cab)
		}
		if sum(pa) != and || sum(po) != or || sum(ps) != sub {
			t.Fatalf("case %d: assembled pieces %v %v %v, want %v %v %v", i, sum(pa), sum(po), sum(ps), and, or, sub)
		}
		wAnd := segsArea(overlay([]*shape{a, b}, a.bx.intersect(b.bx), opAnd))
		wSub := segsArea(overlay([]*shape{a, b}, a.bx, opSub))
		if wAnd != and || wSub != sub {
			t.Fatalf("case %d: windowed ∩ %v − %v, want %v %v", i, wAnd, wSub, and, sub)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
