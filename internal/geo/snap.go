package geo

// snapSet merges points that lie within snapEps of each other but are not
// equal. Without it a boundary vertex lying 1e-13 m from a grid line (as
// happens when the grid is anchored on the boundary's own extremes) would
// leave a 1e-13 m edge in the output, which rounds to a repeated point in
// degrees. Each cluster of close points becomes its lexicographically
// smallest member, so two overlays that see the same points (neighbouring
// unit-grid cells) snap them the same way. Close pairs are rare, so the
// set stays empty and free in the usual case.
type snapSet struct {
	parent map[xy]xy
}

// near records p and q as one point when they are close but not equal.
func (s *snapSet) near(p, q xy) {
	if p == q || abs(p.x-q.x) > snapEps || abs(p.y-q.y) > snapEps {
		return
	}
	if s.parent == nil {
		s.parent = map[xy]xy{}
	}
	rp, rq := s.find(p), s.find(q)
	switch {
	case rp == rq:
	case rp.less(rq):
		s.parent[rq] = rp
	default:
		s.parent[rp] = rq
	}
}

// find returns the point p stands for.
func (s *snapSet) find(p xy) xy {
	q, ok := s.parent[p]
	if !ok {
		return p
	}
	if q == p {
		return p
	}
	r := s.find(q)
	s.parent[p] = r
	return r
}

// empty reports whether no points were merged.
func (s *snapSet) empty() bool { return s.parent == nil }

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
