package district

import (
	"fmt"

	"github.com/shequ-dev/shequ/internal/geo"
)

// Directions of boundary edges on the lattice, counter-clockwise order, so
// that d+1 is a left turn and d+3 a right turn.
const (
	east = iota
	north
	west
	south
)

var step = [4][2]int{east: {1, 0}, north: {0, 1}, west: {-1, 0}, south: {0, -1}}

// trace returns the outline of r as a polygon: one counter-clockwise outer
// ring and a clockwise ring per hole, with only the corner vertices kept.
// r must be 4-connected, as partition makes every part.
//
// Each cell contributes the sides it does not share with another cell of r,
// directed counter-clockwise around the cell so the region is always on the
// left. Following those edges end to end yields the rings. At a vertex where
// two cells of r meet only at their corners there are two ways on; turning
// right keeps to the outside cell, so each ring bounds one 4-connected piece
// of the outside. A hole that touches another hole or the outer boundary at
// a single point is then a separate ring touching it there, and no ring
// crosses or touches itself (the OGC rule for valid polygons).
func trace(l lattice, r *region) (geo.Polygon, error) {
	vw := r.w + 1 // vertices per row of the window
	// out[v] has bit d set when an unused edge leaves vertex v in direction d.
	out := make([]uint8, vw*(r.h+1))
	add := func(i, j, d int) { out[j*vw+i] |= 1 << d }
	for j := range r.h {
		for i := range r.w {
			if !r.in[j*r.w+i] {
				continue
			}
			if !r.has(i, j-1) {
				add(i, j, east)
			}
			if !r.has(i+1, j) {
				add(i+1, j, north)
			}
			if !r.has(i, j+1) {
				add(i+1, j+1, west)
			}
			if !r.has(i-1, j) {
				add(i, j+1, south)
			}
		}
	}
	var outer geo.Ring
	var holes []geo.Ring
	for v0 := range out {
		for out[v0] != 0 {
			ring, err := traceRing(l, r, out, v0)
			if err != nil {
				return nil, err
			}
			switch a := ring.Area(); {
			case a > 0 && outer != nil:
				return nil, fmt.Errorf("district: internal error: region is in pieces")
			case a > 0:
				outer = ring
			default:
				holes = append(holes, ring)
			}
		}
	}
	if outer == nil {
		return nil, fmt.Errorf("district: internal error: empty region")
	}
	return append(geo.Polygon{outer}, holes...), nil
}

// traceRing follows unused edges from vertex v0 until the ring closes,
// clearing them in out, and returns the ring's corners as a closed ring.
func traceRing(l lattice, r *region, out []uint8, v0 int) (geo.Ring, error) {
	vw := r.w + 1
	d0 := 0
	for out[v0]&(1<<d0) == 0 {
		d0++
	}
	out[v0] &^= 1 << d0
	var corners []int
	v, d := v0, d0
	for {
		v += step[d][1]*vw + step[d][0]
		avail := out[v]
		if v == v0 {
			avail |= 1 << d0 // the first edge may close the ring
		}
		nd := -1
		for _, t := range [3]int{(d + 3) % 4, d, (d + 1) % 4} {
			if avail&(1<<t) != 0 {
				nd = t
				break
			}
		}
		if nd < 0 {
			// In- and out-degree match at every vertex of a cell
			// boundary, so this means a bug, not bad input.
			return nil, fmt.Errorf("district: internal error: boundary breaks off at vertex %d", v)
		}
		if nd != d {
			corners = append(corners, v)
		}
		if v == v0 && nd == d0 {
			break
		}
		out[v] &^= 1 << nd
		d = nd
	}
	ring := make(geo.Ring, 0, len(corners)+1)
	for _, c := range corners {
		ring = append(ring, l.point(r.level, r.ox+c%vw, r.oy+c/vw))
	}
	return append(ring, ring[0]), nil
}
