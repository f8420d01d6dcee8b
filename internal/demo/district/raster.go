package district

import (
	"math"

	"github.com/shequ-dev/shequ/internal/geo"
)

// The layout works on nested rasters. Every generated polygon is a union of
// cells of one lattice, and a finer level halves the cell size, so a child's
// edges fall exactly (bit for bit) on its parent's lattice lines: nesting and
// non-overlap then hold by construction instead of by floating-point luck.

// lattice maps integer cell corners to coordinates. A cell of level L is
// dx/2^L by dy/2^L degrees, with corner (i, j) at x0 + i·dx/2^L, y0 + j·dy/2^L.
type lattice struct {
	x0, y0 float64 // south-west corner of the level-0 grid
	dx, dy float64 // level-0 cell size in degrees
}

// point returns lattice corner (i, j) of the given level. Scaling by a power
// of two is exact, so corner (2i, 2j) of level L+1 is the very same float as
// corner (i, j) of level L. The explicit float64 conversion forbids fusing
// the multiply-add, so corners are also the same on every CPU.
func (l lattice) point(level, i, j int) geo.Point {
	s := math.Ldexp(1, -level)
	return geo.Point{
		Lng: l.x0 + float64(float64(i)*(l.dx*s)),
		Lat: l.y0 + float64(float64(j)*(l.dy*s)),
	}
}

// region is a set of cells of one level inside a w×h window of the lattice
// whose south-west cell is (ox, oy).
type region struct {
	level  int
	ox, oy int
	w, h   int
	in     []bool // row-major: cell (i, j) is in[j*w+i]
	n      int    // number of cells set in in
}

// has reports whether local cell (i, j) belongs to r; cells outside the
// window do not.
func (r *region) has(i, j int) bool {
	return i >= 0 && j >= 0 && i < r.w && j < r.h && r.in[j*r.w+i]
}

// refine returns r with every cell split into 2×2 cells of the next level:
// the same area, four times the cells.
func (r *region) refine() *region {
	f := &region{level: r.level + 1, ox: 2 * r.ox, oy: 2 * r.oy, w: 2 * r.w, h: 2 * r.h, n: 4 * r.n}
	f.in = make([]bool, f.w*f.h)
	for j := range r.h {
		for i := range r.w {
			if r.in[j*r.w+i] {
				for _, k := range [4]int{2*j*f.w + 2*i, 2*j*f.w + 2*i + 1, (2*j+1)*f.w + 2*i, (2*j+1)*f.w + 2*i + 1} {
					f.in[k] = true
				}
			}
		}
	}
	return f
}

// crop returns the cells of r labelled k as a region of their own, in the
// smallest window that holds them.
func (r *region) crop(labels []int32, k int32) *region {
	return r.cropAll(labels, int(k)+1)[k]
}

// cropAll returns, for each label 0…k-1, the cells of r with that label as a
// region of their own in the smallest window that holds them. One pass
// finds all the windows, so splitting into many parts stays linear.
func (r *region) cropAll(labels []int32, k int) []*region {
	type box struct{ minI, minJ, maxI, maxJ int }
	boxes := make([]box, k)
	for p := range boxes {
		boxes[p] = box{r.w, r.h, -1, -1}
	}
	for j := range r.h {
		for i, p := range labels[j*r.w : (j+1)*r.w] {
			if p >= 0 && int(p) < k {
				b := &boxes[p]
				b.minI, b.maxI = min(b.minI, i), max(b.maxI, i)
				b.minJ, b.maxJ = min(b.minJ, j), max(b.maxJ, j)
			}
		}
	}
	out := make([]*region, k)
	for p, b := range boxes {
		c := &region{level: r.level, ox: r.ox + b.minI, oy: r.oy + b.minJ}
		out[p] = c
		if b.maxI < 0 {
			continue // no cells: an empty region
		}
		c.w, c.h = b.maxI-b.minI+1, b.maxJ-b.minJ+1
		c.in = make([]bool, c.w*c.h)
		for j := range c.h {
			src := labels[(j+b.minJ)*r.w+b.minI:]
			for i := range c.w {
				if src[i] == int32(p) {
					c.in[j*c.w+i] = true
					c.n++
				}
			}
		}
	}
	return out
}

// rasterize returns the level-0 cells of l lying wholly inside pg, within a
// w×h window at the lattice origin. A cell is taken when no edge of pg
// touches it (so the polygon's boundary cannot pass through it) and its
// centre is inside. The result is then cut down to its largest 4-connected
// piece, since the layout needs a connected region to split.
func rasterize(l lattice, w, h int, pg geo.Polygon) *region {
	touched := make([]bool, w*h)
	for _, ring := range pg {
		for e := 1; e < len(ring); e++ {
			markTouched(l, w, h, ring[e-1], ring[e], touched)
		}
	}
	r := &region{w: w, h: h, in: make([]bool, w*h)}
	var xs []float64
	for j := range h {
		// Crossings of the row's centre line, then a sweep along it: a
		// cell centre is inside after an odd number of crossings.
		y := l.y0 + (float64(j)+0.5)*l.dy
		xs = scanline(pg, y, xs[:0])
		c := 0
		for i := range w {
			x := l.x0 + (float64(i)+0.5)*l.dx
			for c < len(xs) && xs[c] <= x {
				c++
			}
			if c%2 == 1 && !touched[j*w+i] {
				r.in[j*w+i] = true
			}
		}
	}
	return largestComponent(r)
}

// scanline appends to xs the sorted longitudes where pg's edges cross the
// line Lat = y, with the half-open rule of geo.Ring.Contains.
func scanline(pg geo.Polygon, y float64, xs []float64) []float64 {
	for _, ring := range pg {
		for e := 1; e < len(ring); e++ {
			a, b := ring[e-1], ring[e]
			if a.Lat > b.Lat {
				a, b = b, a
			}
			if y < a.Lat || y >= b.Lat {
				continue
			}
			xs = append(xs, a.Lng+(y-a.Lat)*(b.Lng-a.Lng)/(b.Lat-a.Lat))
		}
	}
	// Insertion sort: a row crosses a handful of edges.
	for i := 1; i < len(xs); i++ {
		for k := i; k > 0 && xs[k] < xs[k-1]; k-- {
			xs[k], xs[k-1] = xs[k-1], xs[k]
		}
	}
	return xs
}

// markTouched marks every cell whose closed rectangle meets segment ab. By
// the separating axis theorem a segment and a rectangle are disjoint exactly
// when their extents are disjoint on the x axis, the y axis or the segment's
// normal; the first two are the candidate range, the third is the sign test.
func markTouched(l lattice, w, h int, a, b geo.Point, touched []bool) {
	i0 := int(math.Floor((min(a.Lng, b.Lng)-l.x0)/l.dx)) - 1
	i1 := int(math.Floor((max(a.Lng, b.Lng)-l.x0)/l.dx)) + 1
	j0 := int(math.Floor((min(a.Lat, b.Lat)-l.y0)/l.dy)) - 1
	j1 := int(math.Floor((max(a.Lat, b.Lat)-l.y0)/l.dy)) + 1
	for j := max(j0, 0); j <= min(j1, h-1); j++ {
		for i := max(i0, 0); i <= min(i1, w-1); i++ {
			lo, hi := l.point(0, i, j), l.point(0, i+1, j+1)
			if max(a.Lng, b.Lng) < lo.Lng || min(a.Lng, b.Lng) > hi.Lng ||
				max(a.Lat, b.Lat) < lo.Lat || min(a.Lat, b.Lat) > hi.Lat {
				continue
			}
			pos, neg := false, false
			for _, c := range [4]geo.Point{lo, {Lng: hi.Lng, Lat: lo.Lat}, hi, {Lng: lo.Lng, Lat: hi.Lat}} {
				s := (b.Lng-a.Lng)*(c.Lat-a.Lat) - (b.Lat-a.Lat)*(c.Lng-a.Lng)
				pos = pos || s >= 0
				neg = neg || s <= 0
			}
			if pos && neg {
				touched[j*w+i] = true
			}
		}
	}
}

// largestComponent returns r reduced to its largest 4-connected set of cells
// (the first found on a tie, so the choice is deterministic).
func largestComponent(r *region) *region {
	comp := make([]int32, len(r.in))
	for k := range comp {
		comp[k] = -1
	}
	var best, bestSize int32 = -1, 0
	var stack []int
	var id int32
	for start, ok := range r.in {
		if !ok || comp[start] >= 0 {
			continue
		}
		size := int32(0)
		comp[start] = id
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			c := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			i, j := c%r.w, c/r.w
			for _, nb := range [4][2]int{{i + 1, j}, {i - 1, j}, {i, j + 1}, {i, j - 1}} {
				if r.has(nb[0], nb[1]) && comp[nb[1]*r.w+nb[0]] < 0 {
					comp[nb[1]*r.w+nb[0]] = id
					stack = append(stack, nb[1]*r.w+nb[0])
				}
			}
		}
		if size > bestSize {
			best, bestSize = id, size
		}
		id++
	}
	return r.crop(comp, best)
}
