package geo

import "math"

// yIndex buckets segments by the horizontal bands their latitude range
// crosses. A ray cast (point-in-polygon) and a nearest-edge search only
// look at the edges near one height, so with about two edges per band a
// query on a 5,000-vertex ring touches a handful of edges instead of all.
type yIndex struct {
	y0, h float64
	// Bucket b holds items[start[b]:start[b+1]]: a compressed layout, one
	// allocation for all buckets.
	start []int32
	items []int32
}

// newYIndex indexes segs. Each segment goes into every band its closed
// latitude range touches, so a query at a height equal to an end point
// finds it.
func newYIndex(segs []seg) *yIndex {
	b := emptyBox()
	for _, s := range segs {
		b = b.union(s.box())
	}
	n := max(1, min(len(segs)/2, 1<<16))
	ix := &yIndex{y0: b.minY, h: (b.maxY - b.minY) / float64(n)}
	if len(segs) == 0 || !(ix.h > 0) {
		n, ix.h = 1, 0
	}
	ix.start = make([]int32, n+1)
	for _, s := range segs {
		lo, hi := ix.span(s)
		for k := lo; k <= hi; k++ {
			ix.start[k+1]++
		}
	}
	for k := 1; k <= n; k++ {
		ix.start[k] += ix.start[k-1]
	}
	ix.items = make([]int32, ix.start[n])
	fill := append([]int32(nil), ix.start[:n]...)
	for i, s := range segs {
		lo, hi := ix.span(s)
		for k := lo; k <= hi; k++ {
			ix.items[fill[k]] = int32(i)
			fill[k]++
		}
	}
	return ix
}

func (ix *yIndex) buckets() int { return len(ix.start) - 1 }

// bucket returns the band holding height y, clamped to the indexed range.
func (ix *yIndex) bucket(y float64) int {
	if ix.h == 0 {
		return 0
	}
	k := int(math.Floor((y - ix.y0) / ix.h))
	return max(0, min(k, ix.buckets()-1))
}

func (ix *yIndex) span(s seg) (lo, hi int) {
	return ix.bucket(math.Min(s.a.y, s.b.y)), ix.bucket(math.Max(s.a.y, s.b.y))
}

// at returns the indexes of the segments whose latitude range may contain
// y (a superset: callers test the range themselves).
func (ix *yIndex) at(y float64) []int32 {
	if len(ix.items) == 0 {
		return nil
	}
	k := ix.bucket(y)
	return ix.items[ix.start[k]:ix.start[k+1]]
}

// nearest returns the distance from p to the closest of segs and the
// closest point, visiting bands outwards from p's height and stopping once
// a band is farther away than the best distance found.
func (ix *yIndex) nearest(segs []seg, p xy) (float64, xy) {
	best, at := math.Inf(1), p
	if len(ix.items) == 0 {
		return best, at
	}
	visit := func(k int) {
		for _, i := range ix.items[ix.start[k]:ix.start[k+1]] {
			if d, q := distToSeg(p, segs[i]); d < best {
				best, at = d, q
			}
		}
	}
	k0 := ix.bucket(p.y)
	visit(k0)
	for d := 1; ; d++ {
		up, down := k0+d, k0-d
		if up >= ix.buckets() && down < 0 {
			break
		}
		// Distance in latitude from p to the nearer edge of band k0±d;
		// infinite past the ends of the index.
		gapUp, gapDown := math.Inf(1), math.Inf(1)
		if up < ix.buckets() {
			gapUp = ix.y0 + float64(up)*ix.h - p.y
		}
		if down >= 0 {
			gapDown = p.y - (ix.y0 + float64(down+1)*ix.h)
		}
		if gapUp > best && gapDown > best {
			break
		}
		if up < ix.buckets() && gapUp <= best {
			visit(up)
		}
		if down >= 0 && gapDown <= best {
			visit(down)
		}
	}
	return best, at
}

// distToSeg returns the distance from p to segment s and the closest point.
func distToSeg(p xy, s seg) (float64, xy) {
	d := s.b.sub(s.a)
	l2 := d.dot(d)
	q := s.a
	if l2 > 0 {
		t := math.Max(0, math.Min(1, p.sub(s.a).dot(d)/l2))
		q = s.a.add(d.scale(t))
	}
	return p.sub(q).norm(), q
}
