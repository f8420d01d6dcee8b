package geo

import (
	"cmp"
	"math"
	"slices"
)

// snapEps is the distance in metres under which a vertex counts as lying on
// an edge and two nearly parallel edges as sharing a line. It is far above
// the rounding error of coordinates a few kilometres from the origin
// (~1e-12 m) and far below any distance a surveyor would draw.
const snapEps = 1e-9

// overlay computes the boundary of the region where keep(in) is true, in[k]
// telling whether a point lies inside shapes[k]: keep = in[0] && in[1] is
// the intersection, in[0] && !in[1] the difference, and so on for any
// number of shapes. It returns directed edges with the region on their
// left, which assemble turns into polygons. The region must lie inside
// window: edges that cannot touch the window are not split or classified.
//
// The method is the one at the heart of the Martinez–Rueda and Vatti
// algorithms, without a sweep-line status structure:
//
//  1. Noding: every pair of edges whose boxes overlap is intersected and
//     both edges are split at the crossing. The crossing point is computed
//     once, from canonically ordered operands, and inserted into both, and
//     a vertex lying on another edge splits that edge at the vertex itself,
//     so shared edges of neighbours become identical sub-edges. Vertices
//     closer than snapEps are merged (see snapSet).
//  2. Classification: for each distinct sub-edge, the winding number of
//     each shape is computed just left and just right of its midpoint, by a
//     ray cast with the probe point displaced symbolically (an
//     infinitesimal step), so sub-edges shared by several shapes need no
//     special case: whatever their directions, each side gets the right
//     answer.
//  3. A sub-edge is kept when keep differs on its two sides, directed so
//     the region is on its left.
//
// Areas computed from the result are exact up to floating-point rounding,
// and shared edges between siblings cancel exactly. The cost is that of the
// sort plus, per sub-edge, a ray cast through a latitude-band index of each
// shape whose box holds it: linear in practice, but quadratic in the worst
// case of many long edges spanning one another's boxes.
func overlay(shapes []*shape, window box, keep func(in []bool) bool) []seg {
	win := window.grow(snapEps)
	// Edges that can carry the result (their boxes meet the window), then
	// every edge that can cross one of them, so that those are fully split.
	lbox := emptyBox()
	for _, sh := range shapes {
		for _, s := range sh.segs {
			if b := s.box(); b.overlaps(win) {
				lbox = lbox.union(b)
			}
		}
	}
	if lbox.empty() {
		return nil
	}
	lbox = lbox.grow(snapEps)
	type item struct {
		k     int
		s     seg
		inWin bool
	}
	var items []item
	full := make([]bool, len(shapes)) // every edge of shape k is an item
	for k, sh := range shapes {
		sh.gen++
		if len(sh.mark) != len(sh.segs) {
			sh.mark = make([]uint32, len(sh.segs))
		}
		full[k] = true
		for i, s := range sh.segs {
			b := s.box()
			if !b.overlaps(lbox) {
				full[k] = false
				continue
			}
			sh.mark[i] = sh.gen
			items = append(items, item{k, s, b.overlaps(win)})
		}
	}

	boxes := make([]box, len(items))
	for i, it := range items {
		boxes[i] = it.s.box().grow(snapEps)
	}
	splits := make([][]xy, len(items))
	var snap snapSet
	sweepPairs(boxes, func(i, j int) {
		s, t := items[i].s, items[j].s
		sp, tp := nodePair(s, t)
		splits[i] = append(splits[i], sp...)
		splits[j] = append(splits[j], tp...)
		snap.near(s.a, t.a)
		snap.near(s.a, t.b)
		snap.near(s.b, t.a)
		snap.near(s.b, t.b)
	})
	if !snap.empty() {
		// Vertices closer than snapEps become one; the edges between them
		// shrink to points and are dropped by splitSeg.
		for i := range items {
			items[i].s = seg{snap.find(items[i].s.a), snap.find(items[i].s.b)}
			for k, p := range splits[i] {
				splits[i][k] = snap.find(p)
			}
		}
	}

	sub := make([][]seg, len(shapes))
	var cands []seg
	seen := map[seg]bool{}
	for i, it := range items {
		for _, p := range splitSeg(it.s, splits[i]) {
			sub[it.k] = append(sub[it.k], p)
			if !it.inWin || !p.box().overlaps(win) {
				continue
			}
			if c := p.canon(); !seen[c] {
				seen[c] = true
				cands = append(cands, p)
			}
		}
	}
	subIdx := make([]*yIndex, len(shapes))
	for k := range shapes {
		subIdx[k] = newYIndex(sub[k])
	}

	inL, inR := make([]bool, len(shapes)), make([]bool, len(shapes))
	var out []seg
	for _, s := range cands {
		m := xy{(s.a.x + s.b.x) / 2, (s.a.y + s.b.y) / 2}
		for k, sh := range shapes {
			if !sh.bx.grow(snapEps).contains(m) {
				inL[k], inR[k] = false, false
				continue
			}
			wl, wr := sideWinding(sub[k], subIdx[k].at(m.y), nil, s, m)
			if !full[k] {
				// Edges outside the noded set cannot pass through m, so
				// the plain ray cast over them is exact.
				fl, fr := sideWinding(sh.segs, sh.index().at(m.y), func(i int32) bool { return sh.mark[i] == sh.gen }, s, m)
				wl, wr = wl+fl, wr+fr
			}
			inL[k], inR[k] = wl > 0, wr > 0
		}
		switch fl, fr := keep(inL), keep(inR); {
		case fl && !fr:
			out = append(out, s)
		case fr && !fl:
			out = append(out, seg{s.b, s.a})
		}
	}
	return out
}

// sideWinding returns the winding numbers of the candidate segments at two
// probe points an infinitesimal step left and right of s at its midpoint m.
// Segments identical to s (from any shape, in either direction) are crossed
// by the ray from the probe on their −x side; for the others only the
// half-open latitude rule changes with the side of the probe: a probe just
// above m counts edges spanning [lo, hi), one just below (lo, hi].
func sideWinding(segs []seg, cands []int32, skip func(int32) bool, s seg, m xy) (wl, wr int) {
	dx, dy := s.b.x-s.a.x, s.b.y-s.a.y
	// The left normal is (−dy, dx): the left probe is above m when dx > 0.
	// A vertical s moves the probes sideways only, where the usual
	// [lo, hi) rule applies.
	leftAbove, rightAbove := dx >= 0, dx <= 0
	sc := s.canon()
	for _, i := range cands {
		if skip != nil && skip(i) {
			continue
		}
		t := segs[i]
		lo, hi, dir := t.a, t.b, 1
		if lo.y > hi.y {
			lo, hi, dir = hi, lo, -1
		}
		if lo.y == hi.y {
			continue // horizontal edges never cross a horizontal ray
		}
		if t.canon() == sc {
			if dy > 0 {
				wl += dir
			} else {
				wr += dir
			}
			continue
		}
		above := m.y >= lo.y && m.y < hi.y
		below := m.y > lo.y && m.y <= hi.y
		if !above && !below {
			continue
		}
		x := xAtY(lo, hi, m.y)
		// x == m.x means t passes through m without being split there,
		// which noding prevents; treat it like an identical edge.
		if (leftAbove && above || !leftAbove && below) && (x > m.x || x == m.x && dy > 0) {
			wl += dir
		}
		if (rightAbove && above || !rightAbove && below) && (x > m.x || x == m.x && dy < 0) {
			wr += dir
		}
	}
	return wl, wr
}

// nodePair returns the points at which s and t must be split so that
// wherever they meet they share a vertex.
func nodePair(s, t seg) (sp, tp []xy) {
	for _, q := range [2]xy{t.a, t.b} {
		if onInterior(s, q) {
			sp = append(sp, q)
		}
	}
	for _, q := range [2]xy{s.a, s.b} {
		if onInterior(t, q) {
			tp = append(tp, q)
		}
	}
	if sp != nil || tp != nil {
		return sp, tp // two straight segments meet at one point unless collinear
	}
	if p, ok := properCrossing(s, t); ok && p != s.a && p != s.b && p != t.a && p != t.b {
		return []xy{p}, []xy{p}
	}
	return nil, nil
}

// onInterior reports whether q lies on s, within snapEps, other than at its
// end points.
func onInterior(s seg, q xy) bool {
	if q == s.a || q == s.b {
		return false
	}
	c := s.canon()
	d := c.b.sub(c.a)
	l2 := d.dot(d)
	if l2 == 0 {
		return false
	}
	v := q.sub(c.a)
	if t := v.dot(d) / l2; t <= 0 || t >= 1 {
		return false
	}
	return math.Abs(d.cross(v)) <= snapEps*math.Sqrt(l2)
}

// side returns the signed distance of q from the line through s, positive
// on the left.
func side(s seg, q xy) float64 {
	d := s.b.sub(s.a)
	l := d.norm()
	if l == 0 {
		return 0
	}
	return d.cross(q.sub(s.a)) / l
}

func opposite(a, b float64) bool {
	return a > snapEps && b < -snapEps || a < -snapEps && b > snapEps
}

// properCrossing returns the point where s and t cross, each passing
// strictly from one side of the other to the other side.
func properCrossing(s, t seg) (xy, bool) {
	cs, ct := s.canon(), t.canon()
	if segLess(ct, cs) {
		cs, ct = ct, cs
	}
	if !opposite(side(cs, ct.a), side(cs, ct.b)) || !opposite(side(ct, cs.a), side(ct, cs.b)) {
		return xy{}, false
	}
	return crossingPoint(cs, ct), true
}

// segLess orders canonical segments, so a pair is always computed the same
// way round.
func segLess(a, b seg) bool {
	if a.a != b.a {
		return a.a.less(b.a)
	}
	return a.b.less(b.b)
}

// crossingPoint intersects the lines of two canonical segments. Axis-aligned
// segments keep their fixed coordinate exactly, so unit-grid cells cut from
// the same grid line share their vertices bit for bit.
func crossingPoint(s, t seg) xy {
	vs, vt := s.a.x == s.b.x, t.a.x == t.b.x
	hs, ht := s.a.y == s.b.y, t.a.y == t.b.y
	var p xy
	switch {
	case vs && ht:
		p = xy{s.a.x, t.a.y}
	case vt && hs:
		p = xy{t.a.x, s.a.y}
	case vs:
		p = xy{s.a.x, yAtX(t, s.a.x)}
	case vt:
		p = xy{t.a.x, yAtX(s, t.a.x)}
	case hs:
		p = xy{xAtYSeg(t, s.a.y), s.a.y}
	case ht:
		p = xy{xAtYSeg(s, t.a.y), t.a.y}
	default:
		d, e := s.b.sub(s.a), t.b.sub(t.a)
		p = s.a.add(d.scale(t.a.sub(s.a).cross(e) / d.cross(e)))
	}
	// Rounding must not push the point outside either segment's box.
	b := s.box().intersect(t.box())
	return xy{math.Max(b.minX, math.Min(b.maxX, p.x)), math.Max(b.minY, math.Min(b.maxY, p.y))}
}

// yAtX returns the y of canonical, non-vertical s at x.
func yAtX(s seg, x float64) float64 {
	return s.a.y + (x-s.a.x)*(s.b.y-s.a.y)/(s.b.x-s.a.x)
}

// xAtYSeg returns the x of non-horizontal s at y.
func xAtYSeg(s seg, y float64) float64 {
	lo, hi := s.a, s.b
	if lo.y > hi.y {
		lo, hi = hi, lo
	}
	return xAtY(lo, hi, y)
}

// splitSeg cuts s at the given points, in order along s, keeping its
// direction. A segment that is a single point yields nothing.
func splitSeg(s seg, pts []xy) []seg {
	if s.a == s.b {
		return nil
	}
	if len(pts) == 0 {
		return []seg{s}
	}
	d := s.b.sub(s.a)
	slices.SortFunc(pts, func(p, q xy) int { return cmp.Compare(p.sub(s.a).dot(d), q.sub(s.a).dot(d)) })
	out := make([]seg, 0, len(pts)+1)
	prev := s.a
	for _, p := range pts {
		if p == prev || p == s.b {
			continue
		}
		out = append(out, seg{prev, p})
		prev = p
	}
	return append(out, seg{prev, s.b})
}

// segsArea returns the area enclosed by directed boundary edges (Green's
// theorem): the area of the region an overlay returned, without assembling
// rings.
func segsArea(segs []seg) float64 {
	var a float64
	for _, s := range segs {
		a += s.a.cross(s.b)
	}
	return a / 2
}
