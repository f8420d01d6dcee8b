package geo

import (
	"cmp"
	"math"
	"slices"
)

// CheckInside reports the parts of child that lie outside parent by more
// than toleranceMetres: one ProblemOutsideParent per separate outside piece,
// farthest first, with the point of the piece farthest from the parent
// (At), that distance (DistanceMetres), the piece's area
// (AreaSquareMetres), and the child's ring and vertex when the farthest
// point is one of its vertices, as it is when a child was drawn a little
// beyond its parent. Digitising noise along a shared border (a vertex
// 0.3 m outside with a 0.5 m tolerance) is accepted. It returns nil when the
// child is inside.
//
// The outside pieces are computed exactly (child minus parent, see
// overlay). Their depth is the largest distance to the parent's boundary
// over the pieces' vertices, points along their edges at most
// max(toleranceMetres/2, 0.1 m, edge/256) apart and the
// middles of a few scan lines across each piece: exact when the farthest
// point is a vertex, within half the sample spacing along edges, and an
// underestimate only for a piece whose deepest point is in its interior (a
// child covering a hole of its parent), which the scan lines bound from
// below. A parent without area yields one ProblemEmpty, and unusable
// coordinates in either one ProblemInvalidCoordinate (CheckPolygon says
// where). Run CheckPolygon first: the result is meaningless for polygons
// that cross themselves.
func CheckInside(child, parent MultiPolygon, toleranceMetres float64) []Problem {
	if !usable(child) || !usable(parent) {
		return []Problem{newProblem(ProblemInvalidCoordinate, Point{})}
	}
	cb, pb := bboxOf(child), bboxOf(parent)
	if cb.IsEmpty() {
		return nil // nothing to be outside
	}
	if pb.IsEmpty() {
		return []Problem{newProblem(ProblemEmpty, Point{})}
	}
	// The child's vertices are remembered so the farthest one is reported
	// exactly as given; the parent's are never returned.
	pr := newProj(cb.Union(pb)).remember()
	sc := newShape(child, pr)
	pr.record = false
	sp := newShape(parent, pr)
	if len(sp.segs) == 0 {
		return []Problem{newProblem(ProblemEmpty, Point{})}
	}
	if len(sc.segs) == 0 {
		return nil
	}
	pieces := assemble(overlay([]*shape{sc, sp}, sc.bx, func(in []bool) bool { return in[0] && !in[1] }))
	type vref struct{ pg, r, v int }
	verts := map[xy]vref{}
	for pi, pg := range child {
		for ri, r := range pg {
			for vi, p := range r {
				q := pr.fwd(p)
				if _, dup := verts[q]; !dup {
					verts[q] = vref{pi, ri, vi}
				}
			}
		}
	}
	spacing := math.Max(toleranceMetres/2, 0.1)
	var probs []Problem
	for _, pc := range pieces {
		area := pr.polyArea(pc)
		if area <= 0 {
			continue
		}
		depth, far := deepest(pc, sp, pr, spacing)
		if depth <= toleranceMetres {
			continue
		}
		p := newProblem(ProblemOutsideParent, pr.inv(far))
		p.DistanceMetres, p.AreaSquareMetres = depth, area
		if v, ok := verts[far]; ok {
			p.Polygon, p.Ring, p.Vertex = v.pg, v.r, v.v
		}
		probs = append(probs, p)
	}
	slices.SortFunc(probs, func(a, b Problem) int { return cmp.Compare(b.DistanceMetres, a.DistanceMetres) })
	return probs
}

// deepest returns the sampled point of pc farthest from the boundary of sh,
// and its distance.
func deepest(pc ppoly, sh *shape, pr *proj, spacing float64) (float64, xy) {
	ix := sh.index()
	best, at := -1.0, pc[0][0]
	try := func(q xy) float64 {
		_, near := ix.nearest(sh.segs, q)
		d := pr.groundDist(q, near)
		if d > best {
			best, at = d, q
		}
		return d
	}
	for _, r := range pc {
		for i := 1; i < len(r); i++ {
			try(r[i-1])
		}
	}
	// Along the edges, the distance changes by at most the distance
	// travelled, so from a point at distance d the next best − d metres
	// cannot beat the best: skip them (most edges of an outside piece run
	// along the parent's boundary, at distance 0).
	for _, r := range pc {
		for i := 1; i < len(r); i++ {
			e := seg{r[i-1], r[i]}
			l := e.length()
			step := max(spacing, l/256)
			for pos := step; pos < l; {
				d := try(e.a.add(e.b.sub(e.a).scale(pos / l)))
				pos += max(step, best-d)
			}
		}
	}
	if c, ok := pc.centroid(); ok && pc.contains(c) {
		try(c)
	}
	for _, s := range pc.scanMidpoints(9) {
		try(s.p)
	}
	return best, at
}
