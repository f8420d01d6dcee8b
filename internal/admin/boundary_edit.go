package admin

import (
	"encoding/json"
	"math"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// CheckBoundary decodes a boundary drawn for n (a GeoJSON geometry in WGS-84) and checks
// it as an import would: closed, non-self-intersecting rings; inside parent within
// InsideToleranceMetres (when the parent has a boundary); sharing no more than
// OverlapToleranceM2 with any of siblings (n's active siblings, n itself left out). The
// shape is nil when the geometry cannot be read at all. Issues that are warnings do not
// stop a save.
func CheckBoundary(n *Node, raw json.RawMessage, parent *Node, siblings []*Node) (geo.MultiPolygon, []BoundaryIssue) {
	shape, issue := decodeShape(raw, WGS84)
	if issue != nil {
		return nil, []BoundaryIssue{*issue}
	}
	var issues []BoundaryIssue
	for _, pr := range geo.CheckPolygon(shape) {
		issues = append(issues, problemIssue(pr))
	}
	if blocked(issues) {
		// Containment and overlap are meaningless for a shape that is not one.
		return shape, issues
	}
	if ps := nodeShape(parent); ps != nil {
		for _, pr := range geo.CheckInside(shape, ps, InsideToleranceMetres) {
			issues = append(issues, problemIssue(pr))
		}
	}
	shapes := []geo.MultiPolygon{shape}
	named := []*Node{nil}
	for _, s := range siblings {
		if s.ID == n.ID || s.IsRetired() {
			continue
		}
		if sh := nodeShape(s); sh != nil {
			shapes = append(shapes, sh)
			named = append(named, s)
		}
	}
	if len(shapes) > 1 {
		for _, pr := range geo.CheckSiblings(shapes, OverlapToleranceM2) {
			other := -1
			switch {
			case pr.Shape == 0:
				other = pr.OtherShape
			case pr.OtherShape == 0:
				other = pr.Shape
			}
			if other <= 0 {
				continue // two siblings overlapping each other is not this edit's doing
			}
			is := problemIssue(pr)
			is.Msg = errs.M("geo.problem.overlaps_sibling_named", named[other].Name, math.Round(pr.AreaSquareMetres))
			issues = append(issues, is)
		}
	}
	return shape, issues
}

// BoundaryBlocked reports whether any of issues stops a save.
func BoundaryBlocked(issues []BoundaryIssue) bool { return blocked(issues) }

func blocked(issues []BoundaryIssue) bool {
	for _, is := range issues {
		if !is.Warning {
			return true
		}
	}
	return false
}

// nodeShape is the stored boundary of n, or nil when it has none (or none readable).
func nodeShape(n *Node) geo.MultiPolygon {
	if n == nil || n.Boundary == "" {
		return nil
	}
	g, err := geo.ParseGeoJSONGeometry([]byte(n.Boundary))
	if err != nil {
		return nil
	}
	return geo.AsMultiPolygon(g)
}

// Shape is the stored boundary of n, or nil when it has none.
func (n *Node) Shape() geo.MultiPolygon { return nodeShape(n) }
