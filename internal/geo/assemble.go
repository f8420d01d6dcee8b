package geo

import (
	"cmp"
	"math"
	"slices"
)

// ppoly is a polygon of the local plane: closed rings, the outer one
// counter-clockwise first, then clockwise holes.
type ppoly [][]xy

// area returns the area of p: the shell's minus the holes'.
func (p ppoly) area() float64 {
	var a float64
	for _, r := range p {
		a += ringArea(r) // holes are clockwise, so negative
	}
	return a
}

// perimeter returns the total length of p's rings.
func (p ppoly) perimeter() float64 {
	var l float64
	for _, r := range p {
		for i := 1; i < len(r); i++ {
			l += r[i].sub(r[i-1]).norm()
		}
	}
	return l
}

func (p ppoly) contains(q xy) bool {
	in := false
	for _, r := range p {
		if evenOdd(r, q) {
			in = !in
		}
	}
	return in
}

// assemble chains directed boundary edges (region on the left) into
// polygons. At a vertex where several edges leave, it takes the sharpest
// left turn, which walks around one face at a time; rings that still visit
// a vertex twice (a hole touching its shell) are then cut there into simple
// loops. Counter-clockwise loops are shells, clockwise ones holes, and each
// hole goes to the smallest shell around it. Loops enclosing no area are
// dropped.
func assemble(segs []seg) []ppoly {
	from := make(map[xy][]int, len(segs))
	for i, s := range segs {
		from[s.a] = append(from[s.a], i)
	}
	used := make([]bool, len(segs))
	var loops [][]xy
	for i := range segs {
		if used[i] {
			continue
		}
		used[i] = true
		start := segs[i].a
		ring := []xy{start, segs[i].b}
		cur := i
		closed := false
		for {
			v := segs[cur].b
			if v == start {
				closed = true
				break
			}
			next := leftmost(segs, from[v], used, segs[cur])
			if next < 0 {
				break // an open chain: rounding debris, dropped
			}
			used[next] = true
			ring = append(ring, segs[next].b)
			cur = next
		}
		if closed {
			loops = append(loops, simpleLoops(ring)...)
		}
	}

	var shells []ppoly
	var holes [][]xy
	for _, l := range loops {
		switch a := ringArea(l); {
		case a > 0:
			shells = append(shells, ppoly{l})
		case a < 0:
			holes = append(holes, l)
		}
	}
	// Smallest shell first, so the first shell found around a hole is the
	// one it belongs to.
	slices.SortFunc(shells, func(a, b ppoly) int { return cmp.Compare(ringArea(a[0]), ringArea(b[0])) })
	for _, h := range holes {
		// The midpoint of a hole edge never lies on a shell edge: an edge
		// with the region on neither side is never emitted.
		q := xy{(h[0].x + h[1].x) / 2, (h[0].y + h[1].y) / 2}
		for i := range shells {
			if evenOdd(shells[i][0], q) {
				shells[i] = append(shells[i], h)
				break
			}
		}
	}
	return shells
}

// leftmost returns the unused edge among cands that turns most to the left
// after arriving along in, or −1.
func leftmost(segs []seg, cands []int, used []bool, in seg) int {
	best, bestAngle := -1, math.Inf(-1)
	din := in.b.sub(in.a)
	for _, c := range cands {
		if used[c] {
			continue
		}
		d := segs[c].b.sub(segs[c].a)
		a := math.Atan2(din.cross(d), din.dot(d))
		if a == math.Pi {
			a = -math.Pi // going straight back is the last resort
		}
		if a > bestAngle {
			best, bestAngle = c, a
		}
	}
	return best
}

// simpleLoops cuts a closed ring at every vertex it visits twice into
// loops that visit each vertex once.
func simpleLoops(ring []xy) [][]xy {
	var out [][]xy
	stack := make([]xy, 0, len(ring))
	pos := make(map[xy]int, len(ring))
	for _, p := range ring {
		if j, ok := pos[p]; ok {
			loop := append([]xy(nil), stack[j:]...)
			loop = append(loop, p)
			if len(loop) >= 4 {
				out = append(out, loop)
			}
			for _, q := range stack[j+1:] {
				delete(pos, q)
			}
			stack = stack[:j+1]
			continue
		}
		pos[p] = len(stack)
		stack = append(stack, p)
	}
	return out
}

// interiorPoint returns a point well inside p: the centroid when it is
// inside, otherwise the middle of the widest inside stretch of a few
// horizontal lines.
func (p ppoly) interiorPoint() xy {
	if c, ok := p.centroid(); ok && p.contains(c) {
		return c
	}
	pts := p.scanMidpoints(7)
	best, w := p[0][0], -1.0
	for _, s := range pts {
		if s.w > w {
			best, w = s.p, s.w
		}
	}
	return best
}

func (p ppoly) centroid() (xy, bool) {
	var a, cx, cy float64
	o := p[0][0]
	for _, r := range p {
		for i := 1; i < len(r); i++ {
			u, v := r[i-1].sub(o), r[i].sub(o)
			c := u.cross(v)
			a += c
			cx += (u.x + v.x) * c
			cy += (u.y + v.y) * c
		}
	}
	if a == 0 {
		return xy{}, false
	}
	return xy{o.x + cx/(3*a), o.y + cy/(3*a)}, true
}

// stretch is the middle of an inside stretch of a scan line and its width.
type stretch struct {
	p xy
	w float64
}

// scanMidpoints cuts p with n horizontal lines at irregular fractions of
// its height (so they rarely pass through vertices) and returns the middle
// of every stretch of them inside p.
func (p ppoly) scanMidpoints(n int) []stretch {
	b := emptyBox()
	for _, q := range p[0] {
		b = b.extend(q)
	}
	var out []stretch
	for i := range n {
		f := (float64(i) + 0.5 + 0.1231*math.Sin(float64(i)+1)) / float64(n)
		y := b.minY + f*(b.maxY-b.minY)
		var xs []float64
		for _, r := range p {
			for j := 1; j < len(r); j++ {
				lo, hi := r[j-1], r[j]
				if lo.y > hi.y {
					lo, hi = hi, lo
				}
				if y >= lo.y && y < hi.y {
					xs = append(xs, xAtY(lo, hi, y))
				}
			}
		}
		slices.Sort(xs)
		for j := 0; j+1 < len(xs); j += 2 {
			out = append(out, stretch{xy{(xs[j] + xs[j+1]) / 2, y}, xs[j+1] - xs[j]})
		}
	}
	return out
}
