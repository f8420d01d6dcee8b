package geo

// Contains reports whether p lies inside the area enclosed by r, by the
// even-odd rule (a ray cast towards +Lng crosses the ring an odd number of
// times).
//
// Points on the boundary follow a half-open convention: a point on a left or
// bottom edge is inside, on a right or top edge outside. Each edge is
// evaluated in a fixed (south to north) direction, so two polygons sharing an
// edge compute the same crossing for it; a point on the shared edge is
// therefore inside exactly one of them, and a tiling assigns every point to
// exactly one tile.
func (r Ring) Contains(p Point) bool {
	return r.crossings(p)%2 == 1
}

// crossings counts the edges of r crossed by the ray from p towards +Lng.
func (r Ring) crossings(p Point) int {
	n := 0
	for i := 1; i < len(r); i++ {
		a, b := r[i-1], r[i]
		if a.Lat > b.Lat {
			a, b = b, a // one direction per edge: see the doc comment
		}
		// Half-open in latitude: [a.Lat, b.Lat). Horizontal edges never
		// count, and a vertex shared by two edges is counted once.
		if p.Lat < a.Lat || p.Lat >= b.Lat {
			continue
		}
		x := a.Lng + (p.Lat-a.Lat)*(b.Lng-a.Lng)/(b.Lat-a.Lat)
		if p.Lng < x {
			n++
		}
	}
	return n
}

// Contains reports whether p lies inside the polygon: inside the outer ring
// and in none of the holes. This is the even-odd rule over all rings.
func (pg Polygon) Contains(p Point) bool {
	n := 0
	for _, r := range pg {
		n += r.crossings(p)
	}
	return n%2 == 1
}

// Contains reports whether p lies inside any polygon of m.
func (m MultiPolygon) Contains(p Point) bool {
	for _, pg := range m {
		if pg.Contains(p) {
			return true
		}
	}
	return false
}
