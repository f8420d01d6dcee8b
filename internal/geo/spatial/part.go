package spatial

import "github.com/shequ-dev/shequ/internal/geo"

// A part is one polygon (outer ring and holes) of an entry. Its leaf entry
// (item) says where its edges are:
//
//   - lo ≥ 0: the points pts[lo:hi] form one closed walk whose consecutive
//     pairs are the edges. Holes are chained after the outer ring as
//     A…A B…B A C…C A: the connecting edges A→B and B→A are the same
//     segment, which the even-odd test evaluates identically both ways, so
//     each pair adds 0 or 2 crossings and the parity is that of the rings.
//     One flat walk saves a table of ring offsets and a cache miss.
//   - lo < 0: the part is large and uses band table bands[-1-lo].

// bandTable splits a large part's latitude range into equal bands; band b
// holds the edges bandEdges[bandStart[start+b]:bandStart[start+b+1]],
// every edge whose latitude range meets the band.
type bandTable struct {
	start  int32
	n      int32
	minLat float64
	scale  float64 // bands per degree of latitude
}

// edge is a non-horizontal edge stored south to north (ay < by), the fixed
// direction geo.Ring.Contains evaluates edges in.
type edge struct {
	ax, ay, bx, by float64
}

// partContains reports whether p lies in the part of leaf entry n by the
// even-odd rule, with exactly the arithmetic of geo.Polygon.Contains (see
// the package comment on boundaries). The caller has checked n's box.
func (ix *Index) partContains(n *item, p geo.Point) bool {
	odd := false
	if n.lo < 0 {
		bt := &ix.bands[-1-n.lo]
		b := bt.start + bt.band(p.Lat)
		for _, e := range ix.bandEdges[ix.bandStart[b]:ix.bandStart[b+1]] {
			// Half-open in latitude, [ay, by): see geo.Ring.Contains.
			if p.Lat < e.ay || p.Lat >= e.by {
				continue
			}
			if p.Lng < e.ax+(p.Lat-e.ay)*(e.bx-e.ax)/(e.by-e.ay) {
				odd = !odd
			}
		}
		return odd
	}
	pts := ix.pts[n.lo:n.hi]
	// An edge spans p.Lat in geo's half-open sense, min ≤ p.Lat < max,
	// exactly when one end is above p.Lat and the other is not. Testing
	// that first, with the previous end's answer carried over, skips most
	// edges on one well-predicted branch; only the few spanning edges pay
	// for ordering their ends and interpolating.
	aAbove := pts[0].Lat > p.Lat
	for i := 1; i < len(pts); i++ {
		bAbove := pts[i].Lat > p.Lat
		if aAbove == bAbove {
			continue
		}
		aAbove = bAbove
		a, b := pts[i-1], pts[i]
		if a.Lat > b.Lat {
			a, b = b, a
		}
		if p.Lng < a.Lng+(p.Lat-a.Lat)*(b.Lng-a.Lng)/(b.Lat-a.Lat) {
			odd = !odd
		}
	}
	return odd
}

// band returns the band lat falls in, clamped to the table. The mapping is
// monotonic (rounding never reverses an order), so an edge registered in
// the bands of its two end points and all between is found from any
// latitude it spans.
func (bt *bandTable) band(lat float64) int32 {
	b := (lat - bt.minLat) * bt.scale
	switch {
	case !(b > 0): // also NaN
		return 0
	case b >= float64(bt.n-1):
		return bt.n - 1
	}
	return int32(b)
}
