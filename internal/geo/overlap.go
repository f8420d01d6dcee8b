package geo

import "slices"

// Overlap returns the area in square metres that a and b share and a point
// inside the largest shared piece (the zero Point when they share none).
// Siblings in the administrative tree (grids of one community) should share
// only edges, which yields 0.
//
// The shared region is computed exactly by polygon overlay (see overlay),
// not estimated on a raster, and its area is integrated on the sphere along
// its boundary (see proj.edgeArea), so it is exact up to floating-point
// rounding: the tests find 100 m × 1 cm slivers to within 1e-4 m², and
// areas agree with AreaSquareMetres of the same shape to about 1e-6 (the
// trapezoid rule that one uses). Edges the two polygons share, in either
// direction and even when one edge covers only part of the other, cancel
// exactly, so neighbours that only touch give 0. a and b are expected to be
// valid (see CheckPolygon).
func Overlap(a, b MultiPolygon) (areaM2 float64, at Point) {
	if !usable(a) || !usable(b) {
		return 0, Point{}
	}
	ba, bb := bboxOf(a), bboxOf(b)
	if !ba.Intersects(bb) {
		return 0, Point{}
	}
	pr := newProj(ba.Union(bb))
	area, q := overlapXY(newShape(a, pr), newShape(b, pr), pr)
	if area == 0 {
		return 0, Point{}
	}
	return area, pr.inv(q)
}

// overlapXY returns the area in square metres of a ∩ b and a point inside
// its largest piece.
func overlapXY(a, b *shape, pr *proj) (float64, xy) {
	win := a.bx.intersect(b.bx)
	if win.empty() {
		return 0, xy{}
	}
	segs := overlay([]*shape{a, b}, win, func(in []bool) bool { return in[0] && in[1] })
	area := pr.area(segs)
	if area <= 0 {
		return 0, xy{}
	}
	polys := assemble(segs)
	if len(polys) == 0 {
		return area, xy{}
	}
	largest := slices.MaxFunc(polys, func(p, q ppoly) int {
		switch pa, qa := p.area(), q.area(); {
		case pa < qa:
			return -1
		case pa > qa:
			return 1
		}
		return 0
	})
	return area, largest.interiorPoint()
}

// CheckSiblings reports every pair of siblings (grids of one community,
// communities of one street…) that share more than toleranceM2 square
// metres, with the shared area and a point inside it. Shape and OtherShape
// are the indexes of the pair in siblings. Pairs are found through their
// bounding boxes, so a community's hundred grids cost about a hundred
// overlays, not five thousand. Siblings with unusable coordinates are
// skipped: CheckPolygon reports them.
func CheckSiblings(siblings []MultiPolygon, toleranceM2 float64) []Problem {
	b := EmptyBBox()
	for _, s := range siblings {
		if usable(s) {
			b = b.Union(bboxOf(s))
		}
	}
	if b.IsEmpty() {
		return nil
	}
	pr := newProj(b)
	shapes := make([]*shape, len(siblings))
	boxes := make([]box, len(siblings))
	for i, s := range siblings {
		if usable(s) {
			shapes[i] = newShape(s, pr)
			boxes[i] = shapes[i].bx
		} else {
			boxes[i] = emptyBox()
		}
	}
	var probs []Problem
	sweepPairs(boxes, func(i, j int) {
		if boxes[i].empty() || boxes[j].empty() {
			return
		}
		if i > j {
			i, j = j, i
		}
		if a, q := overlapXY(shapes[i], shapes[j], pr); a > toleranceM2 {
			p := newProblem(ProblemOverlapsSibling, pr.inv(q))
			p.Shape, p.OtherShape, p.AreaSquareMetres = i, j, a
			probs = append(probs, p)
		}
	})
	slices.SortFunc(probs, func(a, b Problem) int {
		if a.Shape != b.Shape {
			return a.Shape - b.Shape
		}
		return a.OtherShape - b.OtherShape
	})
	return probs
}
