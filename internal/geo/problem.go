package geo

import (
	"fmt"
	"strings"
)

// ProblemKind names a defect of administrative polygons. The values are
// stable strings, fit to be keys of the translation catalogue and values in
// the JSON API.
type ProblemKind string

// The kinds of problem the geometry checks report.
const (
	// ProblemEmpty: a multipolygon without polygons, or a polygon without
	// rings (Polygon says which; −1 for the whole geometry). CheckInside
	// reports it for a parent with no area.
	ProblemEmpty ProblemKind = "empty"
	// ProblemInvalidCoordinate: a longitude or latitude that is not a
	// number or out of range (swapped axes are the usual cause).
	ProblemInvalidCoordinate ProblemKind = "invalid_coordinate"
	// ProblemTooFewPoints: a ring with fewer than 4 points, or fewer than 3
	// distinct ones.
	ProblemTooFewPoints ProblemKind = "too_few_points"
	// ProblemUnclosedRing: the last point of a ring differs from the first.
	ProblemUnclosedRing ProblemKind = "unclosed_ring"
	// ProblemDuplicatePoint: a point repeated at once, a harmless defect
	// (a double click while drawing); the only warning among the kinds.
	ProblemDuplicatePoint ProblemKind = "duplicate_point"
	// ProblemSpike: the boundary turns back on itself at a vertex, enclosing
	// a zero-width sliver.
	ProblemSpike ProblemKind = "spike"
	// ProblemSelfIntersection: two edges cross or touch (edges of one ring,
	// which must not meet except at their shared vertex), or two rings of
	// a polygon cross or share an edge (rings may touch at single points).
	ProblemSelfIntersection ProblemKind = "self_intersection"
	// ProblemHoleOutsideShell: a hole lies outside its polygon's outer ring.
	ProblemHoleOutsideShell ProblemKind = "hole_outside_shell"
	// ProblemNestedHole: a hole lies inside another hole of the polygon.
	ProblemNestedHole ProblemKind = "nested_hole"
	// ProblemPolygonsOverlap: two polygons of one multipolygon overlap.
	ProblemPolygonsOverlap ProblemKind = "polygons_overlap"
	// ProblemOutsideParent: part of a child lies outside its parent by more
	// than the tolerance.
	ProblemOutsideParent ProblemKind = "outside_parent"
	// ProblemOverlapsSibling: two siblings share more area than the
	// tolerance.
	ProblemOverlapsSibling ProblemKind = "overlaps_sibling"
)

// IsWarning reports whether problems of kind k may be accepted as they are
// (the geometry is still usable) rather than blocking a save.
func (k ProblemKind) IsWarning() bool { return k == ProblemDuplicatePoint }

// Problem is one defect found by a geometry check, precise enough for a map
// page to mark it and for a message to explain it. Indexes that do not
// apply are −1.
type Problem struct {
	Kind ProblemKind `json:"kind"`
	// At is where to put the marker: the crossing point, the offending
	// vertex, the point farthest outside the parent, a point inside an
	// overlap.
	At Point `json:"at"`
	// Polygon, Ring and Vertex locate the problem in the checked
	// MultiPolygon (for CheckInside: in the child). Ring 0 is the outer
	// ring; Vertex indexes the ring as given, so for an edge it is the
	// index of the edge's first point.
	Polygon int `json:"polygon"`
	Ring    int `json:"ring"`
	Vertex  int `json:"vertex"`
	// OtherPolygon, OtherRing and OtherVertex locate the second party of a
	// pairwise problem: the other edge of a self-intersection, the outer
	// ring or hole a hole is checked against, the other polygon of an
	// overlap.
	OtherPolygon int `json:"other_polygon"`
	OtherRing    int `json:"other_ring"`
	OtherVertex  int `json:"other_vertex"`
	// Shape and OtherShape are indexes into the slice given to
	// CheckSiblings.
	Shape      int `json:"shape"`
	OtherShape int `json:"other_shape"`
	// DistanceMetres is how far outside the parent the child reaches.
	DistanceMetres float64 `json:"distance_m,omitempty"`
	// AreaSquareMetres is the area of an overlap or of the part of a child
	// outside its parent.
	AreaSquareMetres float64 `json:"area_m2,omitempty"`
}

// newProblem returns a problem of kind k at p with every index unset.
func newProblem(k ProblemKind, p Point) Problem {
	return Problem{Kind: k, At: p, Polygon: -1, Ring: -1, Vertex: -1,
		OtherPolygon: -1, OtherRing: -1, OtherVertex: -1, Shape: -1, OtherShape: -1}
}

// String describes p in English for logs and tests; pages should build
// their message from Kind and the other fields through the catalogue.
func (p Problem) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s at (%.7f, %.7f)", p.Kind, p.At.Lng, p.At.Lat)
	loc := func(prefix string, pg, r, v int) {
		if pg >= 0 {
			fmt.Fprintf(&b, " %spolygon %d", prefix, pg)
		}
		if r >= 0 {
			fmt.Fprintf(&b, " %sring %d", prefix, r)
		}
		if v >= 0 {
			fmt.Fprintf(&b, " %svertex %d", prefix, v)
		}
	}
	loc("", p.Polygon, p.Ring, p.Vertex)
	if p.OtherPolygon >= 0 || p.OtherRing >= 0 || p.OtherVertex >= 0 {
		b.WriteString(" with")
		loc("", p.OtherPolygon, p.OtherRing, p.OtherVertex)
	}
	if p.Shape >= 0 {
		fmt.Fprintf(&b, " shapes %d and %d", p.Shape, p.OtherShape)
	}
	if p.DistanceMetres > 0 {
		fmt.Fprintf(&b, " %.2f m", p.DistanceMetres)
	}
	if p.AreaSquareMetres > 0 {
		fmt.Fprintf(&b, " %.2f m²", p.AreaSquareMetres)
	}
	return b.String()
}
