package geo

import (
	"cmp"
	"math"
	"slices"
)

// maxCrossingsReported caps the self-intersections reported per polygon: a
// badly broken ring (say, coordinates in the wrong order) can have
// thousands, and the first few already say what is wrong.
const maxCrossingsReported = 50

// partsOverlapM2 is the shared area above which two polygons of one
// multipolygon are said to overlap: rounding noise of exactly shared edges
// is many orders of magnitude smaller.
const partsOverlapM2 = 1e-3

// CheckPolygon reports what is wrong with m as the outline of an
// administrative area: empty parts, invalid coordinates, rings that are not
// closed or have fewer than 4 points, repeated points (a warning), spikes,
// self-intersections (edges of a ring that cross or touch, rings of a
// polygon that cross or share an edge), holes outside their outer ring or
// inside another hole, and polygons of the multipolygon that overlap. It
// returns nil for a valid geometry.
//
// Crossings are found by sorting the edges by longitude and comparing only
// those whose boxes overlap, so a 5,000-vertex ring is checked in about a
// millisecond. Rings may touch each other at single points, as in the
// OGC simple-features rules; the checks run in metres on a local projection
// with a contact tolerance of 1e-9 m.
func CheckPolygon(m MultiPolygon) []Problem {
	if len(m) == 0 {
		return []Problem{newProblem(ProblemEmpty, Point{})}
	}
	var probs []Problem
	good := make([]bool, len(m))
	b := EmptyBBox()
	for pi, pg := range m {
		if len(pg) == 0 {
			p := newProblem(ProblemEmpty, Point{})
			p.Polygon = pi
			probs = append(probs, p)
			continue
		}
		good[pi] = true
		for ri, r := range pg {
			if vi := slices.IndexFunc(r, func(p Point) bool { return !finitePoint(p) }); vi >= 0 {
				p := newProblem(ProblemInvalidCoordinate, printable(r[vi]))
				p.Polygon, p.Ring, p.Vertex = pi, ri, vi
				probs = append(probs, p)
				good[pi] = false
			}
		}
		if good[pi] {
			b = b.Union(bboxOf(MultiPolygon{pg}))
		}
	}
	if b.IsEmpty() {
		return probs
	}
	// Points are reported through the inverse projection, within 1e-14°
	// of the input: remembering every vertex would double the cost.
	pr := newProj(b)
	for pi, pg := range m {
		if good[pi] {
			ps, ok := checkPart(pi, pg, pr)
			probs = append(probs, ps...)
			good[pi] = ok
		}
	}
	return append(probs, partsOverlaps(m, good, pr)...)
}

// printable returns p, or the zero point if p cannot be written as JSON.
func printable(p Point) Point {
	if math.IsNaN(p.Lng) || math.IsNaN(p.Lat) || math.IsInf(p.Lng, 0) || math.IsInf(p.Lat, 0) {
		return Point{}
	}
	return p
}

// checkedRing is a ring's distinct vertices (not closed) and the index each
// has in the ring as given.
type checkedRing struct {
	pts []xy
	idx []int
}

// closed returns the ring's vertices with the first repeated at the end.
func (r checkedRing) closed() []xy { return append(slices.Clone(r.pts), r.pts[0]) }

// edge returns the k-th edge, from vertex k to the next.
func (r checkedRing) edge(k int) seg { return seg{r.pts[k], r.pts[(k+1)%len(r.pts)]} }

// checkPart checks polygon pi. ok is false when the polygon has a blocking
// problem (anything but a warning).
func checkPart(pi int, pg Polygon, pr *proj) (probs []Problem, ok bool) {
	ok = true
	at := func(k ProblemKind, p Point, ri, vi int) {
		pb := newProblem(k, p)
		pb.Polygon, pb.Ring, pb.Vertex = pi, ri, vi
		probs = append(probs, pb)
		ok = ok && k.IsWarning()
	}
	rings := make([]*checkedRing, len(pg))
	for ri, r := range pg {
		if len(r) < 4 {
			p := Point{}
			if len(r) > 0 {
				p = r[0]
			}
			at(ProblemTooFewPoints, p, ri, -1)
			continue
		}
		if r[0] != r[len(r)-1] {
			at(ProblemUnclosedRing, r[len(r)-1], ri, len(r)-1)
		}
		cr := &checkedRing{pts: make([]xy, 0, len(r)), idx: make([]int, 0, len(r))}
		for vi, p := range r {
			if vi > 0 && p == r[vi-1] {
				at(ProblemDuplicatePoint, p, ri, vi)
				continue
			}
			if vi == len(r)-1 && p == r[0] {
				continue // the closing point
			}
			cr.pts = append(cr.pts, pr.fwd(p))
			cr.idx = append(cr.idx, vi)
		}
		if len(cr.pts) < 3 {
			at(ProblemTooFewPoints, r[0], ri, -1)
			continue
		}
		rings[ri] = cr
	}
	c := &crossingCheck{pi: pi, pr: pr, rings: rings, crossed: map[[2]int]bool{}}
	c.run()
	if len(c.probs) > 0 {
		ok = false
		probs = append(probs, c.probs...)
	}
	if hp := holeProblems(pi, rings, c.crossed, pr); len(hp) > 0 {
		ok = false
		probs = append(probs, hp...)
	}
	return probs, ok
}

// partsOverlaps reports pairs of valid polygons of m that share area. Only
// polygons whose boxes overlap are projected and compared: most
// multipolygons are one polygon, or islands far apart.
func partsOverlaps(m MultiPolygon, good []bool, pr *proj) []Problem {
	var idx []int
	var boxes []box
	for pi, pg := range m {
		if good[pi] {
			b := pg.BBox()
			idx, boxes = append(idx, pi), append(boxes, box{b.MinLng, b.MinLat, b.MaxLng, b.MaxLat})
		}
	}
	shapes := make([]*shape, len(idx))
	shapeOf := func(i int) *shape {
		if shapes[i] == nil {
			shapes[i] = newShape(MultiPolygon{m[idx[i]]}, pr)
		}
		return shapes[i]
	}
	var probs []Problem
	sweepPairs(boxes, func(i, j int) {
		if i > j {
			i, j = j, i
		}
		if a, q := overlapXY(shapeOf(i), shapeOf(j), pr); a > partsOverlapM2 {
			p := newProblem(ProblemPolygonsOverlap, pr.inv(q))
			p.Polygon, p.OtherPolygon, p.AreaSquareMetres = idx[i], idx[j], a
			probs = append(probs, p)
		}
	})
	slices.SortFunc(probs, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.Polygon, b.Polygon), cmp.Compare(a.OtherPolygon, b.OtherPolygon))
	})
	return probs
}
