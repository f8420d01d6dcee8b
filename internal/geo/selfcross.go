package geo

import (
	"cmp"
	"math"
	"slices"
)

// contactKind says how two edges meet.
type contactKind int

const (
	noContact   contactKind = iota
	touching                // at a single point, not crossing
	crossing                // each passes from one side of the other to the other
	overlapping             // collinear along a stretch of positive length
)

// contact returns how e and f meet and a point where they do.
func contact(e, f seg) (contactKind, xy) {
	d1, d2 := side(e, f.a), side(e, f.b)
	if math.Abs(d1) <= snapEps && math.Abs(d2) <= snapEps {
		dir := e.b.sub(e.a)
		l := dir.norm()
		u := dir.scale(1 / l)
		s0, s1 := f.a.sub(e.a).dot(u), f.b.sub(e.a).dot(u)
		if s0 > s1 {
			s0, s1 = s1, s0
		}
		lo, hi := max(0, s0), min(l, s1)
		switch {
		case hi-lo > snapEps:
			return overlapping, e.a.add(u.scale(lo))
		case hi-lo >= -snapEps:
			return touching, e.a.add(u.scale(lo))
		}
		return noContact, xy{}
	}
	if p, ok := properCrossing(e, f); ok {
		return crossing, p
	}
	for _, q := range [2]xy{f.a, f.b} {
		if d, _ := distToSeg(q, e); d <= snapEps {
			return touching, q
		}
	}
	for _, q := range [2]xy{e.a, e.b} {
		if d, _ := distToSeg(q, f); d <= snapEps {
			return touching, q
		}
	}
	return noContact, xy{}
}

// crossingCheck finds spikes and self-intersections among the edges of one
// polygon's rings.
type crossingCheck struct {
	pi    int
	pr    *proj
	rings []*checkedRing // nil for rings already found unusable
	// crossed records the pairs of rings {i, j} (i < j) that cross or share
	// an edge, so the hole checks skip them.
	crossed map[[2]int]bool
	probs   []Problem
}

// ringEdge names the k-th edge of ring r.
type ringEdge struct{ r, k int }

func (c *crossingCheck) run() {
	edges, boxes := c.edges()
	var found []Problem
	sweepPairs(boxes, func(i, j int) {
		if p, ok := c.pair(edges[i], edges[j]); ok {
			found = append(found, p)
		}
	})
	c.finish(found)
}

// edges lists the edges of the usable rings and their boxes.
func (c *crossingCheck) edges() ([]ringEdge, []box) {
	n := 0
	for _, r := range c.rings {
		if r != nil {
			n += len(r.pts)
		}
	}
	edges, boxes := make([]ringEdge, 0, n), make([]box, 0, n)
	for ri, r := range c.rings {
		if r == nil {
			continue
		}
		for k := range r.pts {
			edges = append(edges, ringEdge{ri, k})
			boxes = append(boxes, r.edge(k).box().grow(snapEps))
		}
	}
	return edges, boxes
}

// finish turns the problems found pair by pair into the report: one
// problem per place (a spike also makes the edges around its base touch,
// and several edges can meet at one point), in ring and vertex order, with
// at most maxCrossingsReported crossings.
func (c *crossingCheck) finish(found []Problem) {
	order := func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Ring, b.Ring), cmp.Compare(a.Vertex, b.Vertex),
			cmp.Compare(a.OtherRing, b.OtherRing), cmp.Compare(a.OtherVertex, b.OtherVertex))
	}
	slices.SortFunc(found, order)
	seen := map[Point]bool{}
	var spikes, crossings []Problem
	for _, p := range found {
		if p.Kind == ProblemSpike {
			spikes = append(spikes, p)
			seen[p.At] = true
			if base, ok := c.spikeBase(p); ok {
				seen[base] = true
			}
		}
	}
	for _, p := range found {
		if p.Kind != ProblemSpike && !seen[p.At] {
			seen[p.At] = true
			crossings = append(crossings, p)
		}
	}
	if len(crossings) > maxCrossingsReported {
		crossings = crossings[:maxCrossingsReported]
	}
	c.probs = append(spikes, crossings...)
}

// spikeBase returns where a spike leaves the boundary when it returns
// exactly to the point it left from (…A B A…).
func (c *crossingCheck) spikeBase(p Problem) (Point, bool) {
	r := c.rings[p.Ring]
	k := slices.Index(r.idx, p.Vertex)
	n := len(r.pts)
	if k < 0 {
		return Point{}, false
	}
	u, w := r.pts[(k+n-1)%n], r.pts[(k+1)%n]
	return c.pr.inv(u), u == w
}

// pair examines edges e and f and returns the problem they
// make, if any.
func (c *crossingCheck) pair(e, f ringEdge) (Problem, bool) {
	if f.r < e.r || f.r == e.r && f.k < e.k {
		e, f = f, e
	}
	re, rf := c.rings[e.r], c.rings[f.r]
	se, sf := re.edge(e.k), rf.edge(f.k)
	if e.r == f.r {
		n := len(re.pts)
		var u, v, w xy
		var vi int
		switch {
		case (e.k+1)%n == f.k:
			u, v, w, vi = se.a, se.b, sf.b, re.idx[f.k]
		case (f.k+1)%n == e.k:
			u, v, w, vi = sf.a, sf.b, se.b, re.idx[e.k]
		default:
			kind, q := contact(se, sf)
			if kind == noContact {
				return Problem{}, false
			}
			return c.problem(ProblemSelfIntersection, q, e, f), true
		}
		// Adjacent edges meet at v; they only go wrong by folding back.
		if math.Abs(side(seg{v, u}, w)) <= snapEps && u.sub(v).dot(w.sub(v)) > 0 {
			p := newProblem(ProblemSpike, c.pr.inv(v))
			p.Polygon, p.Ring, p.Vertex = c.pi, e.r, vi
			return p, true
		}
		return Problem{}, false
	}
	kind, q := contact(se, sf)
	if kind != crossing && kind != overlapping {
		return Problem{}, false // rings may touch at a point
	}
	c.crossed[[2]int{e.r, f.r}] = true
	return c.problem(ProblemSelfIntersection, q, e, f), true
}

func (c *crossingCheck) problem(k ProblemKind, q xy, e, f ringEdge) Problem {
	p := newProblem(k, c.pr.inv(q))
	p.Polygon, p.Ring, p.Vertex = c.pi, e.r, c.rings[e.r].idx[e.k]
	p.OtherPolygon, p.OtherRing, p.OtherVertex = c.pi, f.r, c.rings[f.r].idx[f.k]
	return p
}

// holeProblems reports holes outside the outer ring and holes inside other
// holes. Rings that cross were reported already; rings that do not cross
// are either inside one another or apart, so one point decides.
func holeProblems(pi int, rings []*checkedRing, crossed map[[2]int]bool, pr *proj) []Problem {
	if len(rings) < 2 || rings[0] == nil {
		return nil
	}
	var probs []Problem
	shell := rings[0].closed()
	var holes []int
	var boxes []box
	for hi := 1; hi < len(rings); hi++ {
		if rings[hi] == nil {
			continue
		}
		holes = append(holes, hi)
		b := emptyBox()
		for _, q := range rings[hi].pts {
			b = b.extend(q)
		}
		boxes = append(boxes, b)
		if crossed[[2]int{0, hi}] {
			continue
		}
		if q := probePoint(rings[hi], shell); !evenOdd(shell, q) {
			p := newProblem(ProblemHoleOutsideShell, pr.inv(q))
			p.Polygon, p.Ring, p.OtherPolygon, p.OtherRing = pi, hi, pi, 0
			probs = append(probs, p)
		}
	}
	sweepPairs(boxes, func(i, j int) {
		a, b := holes[i], holes[j]
		if a > b {
			a, b = b, a
		}
		if crossed[[2]int{a, b}] {
			return
		}
		for _, pair := range [2][2]int{{b, a}, {a, b}} {
			inner, outer := pair[0], pair[1]
			or := rings[outer].closed()
			if q := probePoint(rings[inner], or); evenOdd(or, q) {
				p := newProblem(ProblemNestedHole, pr.inv(q))
				p.Polygon, p.Ring, p.OtherPolygon, p.OtherRing = pi, inner, pi, outer
				probs = append(probs, p)
				return
			}
		}
	})
	return probs
}

// probePoint returns the midpoint of an edge of r that is not on the ring
// other (rings that do not cross can still touch at a vertex, and a point
// on the boundary would be an unreliable witness).
func probePoint(r *checkedRing, other []xy) xy {
	for k := range r.pts {
		e := r.edge(k)
		q := xy{(e.a.x + e.b.x) / 2, (e.a.y + e.b.y) / 2}
		onOther := false
		for i := 1; i < len(other) && !onOther; i++ {
			d, _ := distToSeg(q, seg{other[i-1], other[i]})
			onOther = d <= snapEps
		}
		if !onOther {
			return q
		}
	}
	return r.pts[0]
}
