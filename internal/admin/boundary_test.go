package admin_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

func square(x0, y0, x1, y1 float64) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
		x0, y0, x1, y0, x1, y1, x0, y1, x0, y0))
}

func TestPlanBoundaries(t *testing.T) {
	comm := &admin.Node{ID: 10, ParentID: 1, Level: admin.Community, Code: "001", FullCode: "320508001001", Name: "平江路社区",
		Path: "/1/10/", Boundary: string(square(120.60, 31.30, 120.61, 31.31))}
	g1 := &admin.Node{ID: 11, ParentID: 10, Level: admin.Grid, Code: "01", FullCode: "32050800100101", Name: "第1网格", Path: "/1/10/11/"}
	g2 := &admin.Node{ID: 12, ParentID: 10, Level: admin.Grid, Code: "02", FullCode: "32050800100102", Name: "第2网格", Path: "/1/10/12/",
		Boundary: string(square(120.605, 31.30, 120.61, 31.31))}
	places := []*admin.Node{comm, g1, g2}
	opt := admin.BoundaryOptions{CodeProperty: "code", NameProperty: "name", CRS: admin.WGS84}
	feat := func(code string, geom json.RawMessage) admin.RawFeature {
		return admin.RawFeature{Properties: map[string]any{"code": code}, Geometry: geom}
	}
	tests := []struct {
		name     string
		features []admin.RawFeature
		ok       bool
		issue    string // a message key on the first row
		gaps     int
	}{
		{"fills the west half next to grid 2", []admin.RawFeature{feat("01", square(120.60, 31.30, 120.605, 31.31))}, true, "", 0},
		{"leaves a strip uncovered", []admin.RawFeature{feat("01", square(120.60, 31.30, 120.604, 31.31))}, true, "", 1},
		{"overlaps grid 2", []admin.RawFeature{feat("01", square(120.60, 31.30, 120.607, 31.31))}, false, "geo.problem.overlaps_sibling_named", 0},
		{"sticks out of the community", []admin.RawFeature{feat("01", square(120.59, 31.30, 120.605, 31.31))}, false, "geo.problem.outside_parent", 0},
		{"within the tolerance outside", []admin.RawFeature{feat("01", square(120.59998, 31.30, 120.605, 31.31))}, true, "", 0},
		{"no geometry", []admin.RawFeature{{Properties: map[string]any{"code": "01"}}}, false, "err.boundary_no_geometry", 0},
		{"matches nothing", []admin.RawFeature{feat("99", square(120.60, 31.30, 120.605, 31.31))}, false, "err.boundary_no_match", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan := admin.PlanBoundaries(comm, places, tt.features, opt)
			if plan.OK() != tt.ok {
				t.Errorf("OK() = %v, rows %+v", plan.OK(), plan.Rows[0].Issues)
			}
			if tt.issue != "" {
				found := false
				for _, is := range plan.Rows[0].Issues {
					found = found || is.Msg.Key == tt.issue
				}
				if !found {
					t.Errorf("no %s in %+v", tt.issue, plan.Rows[0].Issues)
				}
			}
			if len(plan.Gaps) != tt.gaps {
				t.Errorf("%d gaps, want %d: %+v", len(plan.Gaps), tt.gaps, plan.Gaps)
			}
		})
	}
}

func TestParseBoundaryFile(t *testing.T) {
	tests := []struct {
		name, in, key string
	}{
		{"syntax", `{"type":`, "err.geojson_syntax"},
		{"a feature", `{"type":"Feature"}`, "err.geojson_collection"},
		{"empty", `{"type":"FeatureCollection","features":[]}`, "err.geojson_empty"},
		{"fine", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := admin.ParseBoundaryFile([]byte(tt.in))
			got := ""
			if err != nil {
				got = errKey(err)
			}
			if got != tt.key {
				t.Errorf("got %q (%v), want %q", got, err, tt.key)
			}
		})
	}
}

func errKey(err error) string {
	if e := errs.As(err); e != nil {
		return e.Msg.Key
	}
	return err.Error()
}
