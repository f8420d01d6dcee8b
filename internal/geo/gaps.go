package geo

import (
	"cmp"
	"slices"
)

// Gap is a part of a parent area that none of its children covers, such as
// a block of a community that belongs to no grid.
type Gap struct {
	// AreaSquareMetres is the gap's area.
	AreaSquareMetres float64 `json:"area_m2"`
	// At is a point inside the gap, for a map marker.
	At Point `json:"at"`
	// WidthMetres is 2·area/perimeter, about the width of a strip-shaped
	// gap: a long gap a few centimetres wide is a digitising sliver
	// between two grids drawn separately, not land that nobody manages.
	WidthMetres float64 `json:"width_m"`
	// Shape is the gap's outline (WGS-84), to draw it. It is left out of
	// encoding/json output: encode it with MarshalGeoJSON.
	Shape Polygon `json:"-"`
}

// CoverageGaps returns the parts of parent covered by none of children,
// largest first, leaving out gaps smaller than minAreaM2 square metres.
// Children may stick out of the parent or overlap each other; only what
// they leave uncovered inside the parent counts.
//
// The method is exact polygon overlay (see overlay) of the parent with all
// children at once, keeping what is inside the parent and outside every
// child; it is not a raster, so there is no resolution to choose: gap
// outlines are exact, areas are integrated on the sphere (as in Overlap)
// and exact to floating-point rounding, and edges that neighbouring
// children share cancel exactly, so a tiling that follows the parent's
// boundary leaves no gap at all. Children whose bounding box misses the
// parent's are skipped; a community of a few hundred grids takes a few
// milliseconds.
func CoverageGaps(parent MultiPolygon, children []MultiPolygon, minAreaM2 float64) []Gap {
	pb := bboxOf(parent)
	if pb.IsEmpty() || !usable(parent) {
		return nil
	}
	pr := newProj(pb).remember() // gap outlines reuse input vertices
	sp := newShape(parent, pr)
	if len(sp.segs) == 0 {
		return nil
	}
	shapes := []*shape{sp}
	for _, c := range children {
		if usable(c) && bboxOf(c).Intersects(pb) {
			shapes = append(shapes, newShape(c, pr))
		}
	}
	keep := func(in []bool) bool {
		if !in[0] {
			return false
		}
		for _, covered := range in[1:] {
			if covered {
				return false
			}
		}
		return true
	}
	var gaps []Gap
	for _, pc := range assemble(overlay(shapes, sp.bx, keep)) {
		a := pr.polyArea(pc)
		if a <= 0 || a < minAreaM2 {
			continue
		}
		gaps = append(gaps, Gap{
			AreaSquareMetres: a,
			At:               pr.inv(pc.interiorPoint()),
			WidthMetres:      2 * pc.area() / pc.perimeter(),
			Shape:            pc.toPolygon(pr),
		})
	}
	slices.SortFunc(gaps, func(a, b Gap) int { return cmp.Compare(b.AreaSquareMetres, a.AreaSquareMetres) })
	return gaps
}

// toPolygon converts p back to longitude and latitude. Points closer than
// the resolution of a float64 degree (about a nanometre) become one, so a
// repeated point is dropped, and a ring left with nothing inside too; nil
// means the outer ring itself vanished.
func (p ppoly) toPolygon(pr *proj) Polygon {
	out := make(Polygon, 0, len(p))
	for i, r := range p {
		ring := make(Ring, 0, len(r))
		for _, q := range r {
			if pt := pr.inv(q); len(ring) == 0 || ring[len(ring)-1] != pt {
				ring = append(ring, pt)
			}
		}
		if len(ring) < 4 {
			if i == 0 {
				return nil
			}
			continue
		}
		out = append(out, ring)
	}
	return out
}
