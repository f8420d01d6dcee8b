package geo

import "slices"

// shape is a MultiPolygon projected to the local plane as a bag of directed
// edges with the interior on their left: outer rings counter-clockwise,
// holes clockwise, whatever the input's winding. With that orientation the
// winding number is 1 inside and 0 outside, which is what the overlay needs
// to tell the two sides of an edge apart.
type shape struct {
	segs []seg
	bx   box
	idx  *yIndex // built on first use
	// mark and gen flag the edges an overlay has taken over, without
	// clearing a slice per call.
	mark []uint32
	gen  uint32
}

// newShape projects m with p. Rings with fewer than three distinct points
// enclose nothing and are skipped; repeated consecutive points are dropped.
func newShape(m MultiPolygon, p *proj) *shape {
	sh := &shape{bx: emptyBox()}
	for _, pg := range m {
		for ri, r := range pg {
			pts := ringXY(r, p)
			if len(pts) < 4 {
				continue
			}
			if (ri == 0) != (ringArea(pts) > 0) {
				slices.Reverse(pts)
			}
			sh.addRing(pts)
		}
	}
	return sh
}

// shapeOfRings builds a shape from closed rings that are already oriented
// (interior on the left), as the overlay produces them.
func shapeOfRings(rings ...[]xy) *shape {
	sh := &shape{bx: emptyBox()}
	for _, r := range rings {
		sh.addRing(r)
	}
	return sh
}

func (sh *shape) addRing(pts []xy) {
	for i := 1; i < len(pts); i++ {
		sh.segs = append(sh.segs, seg{pts[i-1], pts[i]})
	}
	for _, q := range pts {
		sh.bx = sh.bx.extend(q)
	}
}

func (sh *shape) index() *yIndex {
	if sh.idx == nil {
		sh.idx = newYIndex(sh.segs)
	}
	return sh.idx
}

// contains reports whether q lies inside the shape (non-zero winding).
func (sh *shape) contains(q xy) bool {
	if !sh.bx.contains(q) {
		return false
	}
	return windingAt(sh.segs, sh.index().at(q.y), q) != 0
}

// ringXY projects r, drops repeated consecutive points and closes it.
func ringXY(r Ring, p *proj) []xy {
	out := make([]xy, 0, len(r)+1)
	for _, pt := range r {
		q := p.fwd(pt)
		if len(out) > 0 && out[len(out)-1] == q {
			continue
		}
		out = append(out, q)
	}
	if len(out) > 1 && out[0] == out[len(out)-1] {
		out = out[:len(out)-1]
	}
	if len(out) < 3 {
		return nil
	}
	return append(out, out[0])
}

// ringArea returns the signed area of the closed ring r by the shoelace
// formula, positive counter-clockwise.
func ringArea(r []xy) float64 {
	if len(r) < 4 {
		return 0
	}
	o := r[0]
	var s float64
	for i := 1; i < len(r)-1; i++ {
		s += r[i].sub(o).cross(r[i+1].sub(o))
	}
	return s / 2
}

// windingAt returns the winding number of the candidate segments around q
// by a ray cast towards +x, with the half-open rule of Ring.Contains so a
// ray through a vertex counts once.
func windingAt(segs []seg, cands []int32, q xy) int {
	w := 0
	for _, i := range cands {
		s := segs[i]
		lo, hi, dir := s.a, s.b, 1
		if lo.y > hi.y {
			lo, hi, dir = hi, lo, -1
		}
		if q.y < lo.y || q.y >= hi.y {
			continue
		}
		if q.x < xAtY(lo, hi, q.y) {
			w += dir
		}
	}
	return w
}

// xAtY returns the x of the segment lo–hi (lo below hi) at height y,
// exactly at the end points.
func xAtY(lo, hi xy, y float64) float64 {
	switch y {
	case lo.y:
		return lo.x
	case hi.y:
		return hi.x
	}
	return lo.x + (y-lo.y)*(hi.x-lo.x)/(hi.y-lo.y)
}

// evenOdd reports whether q lies inside the closed ring r by the even-odd
// rule; for checks on rings that may not be oriented yet.
func evenOdd(r []xy, q xy) bool {
	in := false
	for i := 1; i < len(r); i++ {
		lo, hi := r[i-1], r[i]
		if lo.y > hi.y {
			lo, hi = hi, lo
		}
		if q.y >= lo.y && q.y < hi.y && q.x < xAtY(lo, hi, q.y) {
			in = !in
		}
	}
	return in
}
