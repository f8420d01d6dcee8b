package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// Tolerances of boundary checks. Hand-drawn and surveyed boundaries disagree by a few
// metres where neighbours meet; more than that is a mistake worth a person's look.
const (
	InsideToleranceMetres = 5    // a child may stick out of its parent by this much
	OverlapToleranceM2    = 25   // siblings may share this much area
	GapMinAreaM2          = 100  // smaller uncovered bits of a parent are not reported
	MaxBoundaryFeatures   = 5000 // features in one uploaded file
)

// CRS is the coordinate system of an uploaded file. shequ stores WGS-84; Chinese map
// data is usually GCJ-02, Baidu's BD-09.
type CRS string

// The coordinate systems accepted on upload.
const (
	WGS84 CRS = "wgs84"
	GCJ02 CRS = "gcj02"
	BD09  CRS = "bd09"
)

// CRSs lists the coordinate systems in display order.
var CRSs = []CRS{WGS84, GCJ02, BD09}

// Valid reports whether c is a known coordinate system.
func (c CRS) Valid() bool { return c == WGS84 || c == GCJ02 || c == BD09 }

// Key is the catalogue key of the system's name.
func (c CRS) Key() string { return "crs." + string(c) }

// ToWGS84 converts a point of c to WGS-84.
func (c CRS) ToWGS84(p geo.Point) geo.Point {
	switch c {
	case GCJ02:
		return geo.GCJ02ToWGS84(p)
	case BD09:
		return geo.BD09ToWGS84(p)
	}
	return p
}

// BoundaryOptions say how the features of an uploaded file are matched to places.
type BoundaryOptions struct {
	CodeProperty string // holds a place's full code, or a child's local code
	NameProperty string // holds a child's name, for features without a usable code
	CRS          CRS
}

// BoundaryIssue is one thing wrong with a feature, said as a catalogue message with a
// map position when it has one.
type BoundaryIssue struct {
	Msg     errs.Message
	At      *geo.Point
	Warning bool // the boundary can still be saved
}

// BoundaryRow is one feature of an uploaded file and what becomes of it.
type BoundaryRow struct {
	Index      int    // position in the file, from 0
	Code, Name string // the values of the chosen properties
	Node       *Node  // the place it is for; nil when it matches none
	Shape      geo.MultiPolygon
	Issues     []BoundaryIssue
}

// Blocked reports whether the row has a problem that stops the import.
func (r *BoundaryRow) Blocked() bool {
	for _, is := range r.Issues {
		if !is.Warning {
			return true
		}
	}
	return false
}

// BoundaryGap is part of a place that none of its children covers.
type BoundaryGap struct {
	Parent *Node
	Gap    geo.Gap
}

// BoundaryPlan is what importing a file would do: each feature's place and problems,
// and the coverage gaps the new boundaries would leave.
type BoundaryPlan struct {
	Rows       []*BoundaryRow
	Gaps       []BoundaryGap
	Properties []string // property names found in the file, for choosing
	Matched    int
}

// OK reports whether the plan can be applied: some feature matched a place and no
// matched feature has a blocking problem. Features that match no place are skipped.
func (p *BoundaryPlan) OK() bool {
	if p.Matched == 0 {
		return false
	}
	for _, r := range p.Rows {
		if r.Node != nil && r.Blocked() {
			return false
		}
	}
	return true
}

// ErrNotFeatureCollection is returned for files that are not GeoJSON collections.
var ErrNotFeatureCollection = errors.New("not a GeoJSON FeatureCollection")

// ParseBoundaryFile reads a GeoJSON FeatureCollection loosely, so that one bad
// geometry becomes that feature's problem rather than the whole file's.
func ParseBoundaryFile(data []byte) ([]RawFeature, error) {
	var fc struct {
		Type     string       `json:"type"`
		Features []RawFeature `json:"features"`
	}
	if err := json.Unmarshal(data, &fc); err != nil {
		return nil, errs.Wrap(err, errs.Invalid, "err.geojson_syntax", jsonErrorPlace(data, err))
	}
	if fc.Type != "FeatureCollection" {
		return nil, errs.Wrap(ErrNotFeatureCollection, errs.Invalid, "err.geojson_collection")
	}
	if len(fc.Features) == 0 {
		return nil, errs.E(errs.Invalid, "err.geojson_empty")
	}
	if len(fc.Features) > MaxBoundaryFeatures {
		return nil, errs.E(errs.Invalid, "err.geojson_too_many", MaxBoundaryFeatures)
	}
	return fc.Features, nil
}

// RawFeature is a feature as uploaded, its geometry not yet decoded.
type RawFeature struct {
	Geometry   json.RawMessage `json:"geometry"`
	Properties map[string]any  `json:"properties"`
}

// jsonErrorPlace describes where a JSON syntax error is, as "line L, column C".
func jsonErrorPlace(data []byte, err error) string {
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return err.Error()
	}
	line, col := 1, 1
	for _, b := range data[:min(int(se.Offset), len(data))] {
		if b == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return fmt.Sprintf("%d:%d", line, col)
}

// PlanBoundaries matches the features of a file to root and the places below it and
// checks every geometry: valid rings, inside the parent, not overlapping siblings. places
// holds root's active descendants with their current boundaries (root included).
// Full codes match anywhere below root; local codes and names match root's children.
func PlanBoundaries(root *Node, places []*Node, features []RawFeature, opt BoundaryOptions) *BoundaryPlan {
	byFull, byLocal, byName := map[string]*Node{}, map[string]*Node{}, map[string]*Node{}
	byID := map[int64]*Node{}
	for _, n := range places {
		byID[n.ID] = n
		byFull[n.FullCode] = n
		if n.ParentID == root.ID {
			// Spreadsheets turn "01" into the number 1: match local codes without their
			// leading zeros too.
			byLocal[n.Code] = n
			byLocal[strings.TrimLeft(n.Code, "0")] = n
			byName[n.Name] = n
		}
	}
	plan := &BoundaryPlan{}
	props := map[string]bool{}
	taken := map[int64]int{} // node → row that claims it
	shapes := map[int64]geo.MultiPolygon{}
	for i, f := range features {
		row := &BoundaryRow{Index: i, Code: propString(f.Properties, opt.CodeProperty), Name: propString(f.Properties, opt.NameProperty)}
		plan.Rows = append(plan.Rows, row)
		for k := range f.Properties {
			props[k] = true
		}
		switch {
		case row.Code != "" && byFull[row.Code] != nil:
			row.Node = byFull[row.Code]
		case row.Code != "" && byLocal[row.Code] != nil:
			row.Node = byLocal[row.Code]
		case row.Code != "" && byLocal[strings.TrimLeft(row.Code, "0")] != nil:
			row.Node = byLocal[strings.TrimLeft(row.Code, "0")]
		case row.Name != "" && byName[row.Name] != nil:
			row.Node = byName[row.Name]
		}
		if row.Node == nil {
			row.Issues = append(row.Issues, BoundaryIssue{Msg: errs.M("err.boundary_no_match"), Warning: true})
		} else if prev, ok := taken[row.Node.ID]; ok {
			row.Issues = append(row.Issues, BoundaryIssue{Msg: errs.M("err.boundary_duplicate", prev+1)})
		} else {
			taken[row.Node.ID] = i
		}
		shape, issue := decodeShape(f.Geometry, opt.CRS)
		if issue != nil {
			row.Issues = append(row.Issues, *issue)
			continue
		}
		row.Shape = shape
		for _, pr := range geo.CheckPolygon(shape) {
			row.Issues = append(row.Issues, problemIssue(pr))
		}
		if row.Node != nil && !row.Blocked() {
			shapes[row.Node.ID] = shape
		}
	}
	for k := range props {
		plan.Properties = append(plan.Properties, k)
	}
	slices.Sort(plan.Properties)

	// The shape a place will have: the new one from the file, else its current one.
	current := func(id int64) geo.MultiPolygon {
		if s, ok := shapes[id]; ok {
			return s
		}
		if n := byID[id]; n != nil && n.Boundary != "" {
			if g, err := geo.ParseGeoJSONGeometry([]byte(n.Boundary)); err == nil {
				return geo.AsMultiPolygon(g)
			}
		}
		return nil
	}
	rowOf := map[int64]*BoundaryRow{}
	children := map[int64][]int64{} // parent → children with a shape, new or current
	for _, r := range plan.Rows {
		if r.Node != nil && shapes[r.Node.ID] != nil {
			rowOf[r.Node.ID] = r
			plan.Matched++
		}
	}
	for _, n := range places {
		if n.ID != root.ID && current(n.ID) != nil {
			children[n.ParentID] = append(children[n.ParentID], n.ID)
		}
	}
	// Inside the parent.
	for id, r := range rowOf {
		if parent := current(r.Node.ParentID); parent != nil {
			for _, pr := range geo.CheckInside(shapes[id], parent, InsideToleranceMetres) {
				r.Issues = append(r.Issues, problemIssue(pr))
			}
		}
	}
	// Siblings, wherever a new shape is among them; and what the parent is left without.
	for parentID, kids := range children {
		changed := false
		for _, k := range kids {
			if rowOf[k] != nil {
				changed = true
			}
		}
		if !changed {
			continue
		}
		sib := make([]geo.MultiPolygon, len(kids))
		for i, k := range kids {
			sib[i] = current(k)
		}
		for _, pr := range geo.CheckSiblings(sib, OverlapToleranceM2) {
			a, b := kids[pr.Shape], kids[pr.OtherShape]
			for _, pair := range [][2]int64{{a, b}, {b, a}} {
				if r := rowOf[pair[0]]; r != nil {
					is := problemIssue(pr)
					is.Msg = errs.M("geo.problem.overlaps_sibling_named", byID[pair[1]].Name, math.Round(pr.AreaSquareMetres))
					r.Issues = append(r.Issues, is)
				}
			}
		}
		if parent := current(parentID); parent != nil && byID[parentID] != nil {
			for _, g := range geo.CoverageGaps(parent, sib, GapMinAreaM2) {
				plan.Gaps = append(plan.Gaps, BoundaryGap{Parent: byID[parentID], Gap: g})
			}
		}
	}
	return plan
}

// decodeShape reads a feature's geometry into WGS-84.
func decodeShape(raw json.RawMessage, crs CRS) (geo.MultiPolygon, *BoundaryIssue) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, &BoundaryIssue{Msg: errs.M("err.boundary_no_geometry")}
	}
	g, err := geo.ParseGeoJSONGeometry(raw)
	if err != nil {
		key := "err.boundary_geometry"
		switch {
		case errors.Is(err, geo.ErrUnknownGeometryType):
			key = "err.boundary_geometry_type"
		case errors.Is(err, geo.ErrUnclosedRing):
			key = "geo.problem.unclosed_ring"
		case errors.Is(err, geo.ErrTooFewPoints):
			key = "geo.problem.too_few_points"
		}
		return nil, &BoundaryIssue{Msg: errs.M(key)}
	}
	m := geo.AsMultiPolygon(g)
	if crs != WGS84 && crs != "" {
		m = m.Transform(crs.ToWGS84)
	}
	return m, nil
}

// problemIssue says a geometry problem as a catalogue message.
func problemIssue(p geo.Problem) BoundaryIssue {
	at := p.At
	is := BoundaryIssue{At: &at, Warning: p.Kind.IsWarning()}
	switch p.Kind {
	case geo.ProblemOutsideParent:
		is.Msg = errs.M("geo.problem.outside_parent", math.Round(p.DistanceMetres*10)/10)
	case geo.ProblemOverlapsSibling, geo.ProblemPolygonsOverlap:
		is.Msg = errs.M("geo.problem."+string(p.Kind), math.Round(p.AreaSquareMetres))
	default:
		is.Msg = errs.M("geo.problem." + string(p.Kind))
	}
	return is
}

// propString reads a property as text: codes often arrive as numbers.
func propString(props map[string]any, name string) string {
	if name == "" {
		return ""
	}
	switch v := props[name].(type) {
	case string:
		return strings.TrimSpace(v)
	case float64:
		if v == math.Trunc(v) && math.Abs(v) < 1e15 {
			return strconv.FormatInt(int64(v), 10)
		}
		return strconv.FormatFloat(v, 'f', -1, 64)
	case nil:
		return ""
	default:
		return strings.TrimSpace(fmt.Sprint(v))
	}
}
