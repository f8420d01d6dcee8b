package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/web"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func square(lng, lat float64) string {
	return fmt.Sprintf(`{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}`,
		lng, lat, lng+0.001, lat, lng+0.001, lat+0.001, lng, lat+0.001, lng, lat)
}

func TestMapAreas(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	for i, n := range []int64{e.GridA.ID, e.GridB.ID, e.StreetA.ID} {
		if err := e.DB.SetNodeBoundary(ctx, e.Sys, n, square(120.6+float64(i)*0.01, 31.3), 120.6, 31.3); err != nil {
			t.Fatal(err)
		}
	}
	type fc struct {
		Type     string `json:"type"`
		Features []struct {
			ID         int64                 `json:"id"`
			Geometry   struct{ Type string } `json:"geometry"`
			Properties struct {
				Name      string `json:"name"`
				Level     int    `json:"level"`
				LevelName string `json:"level_name"`
			} `json:"properties"`
		} `json:"features"`
	}
	tests := []struct {
		name, login, path string
		status            int
		ids               []int64
		field             string
	}{
		{"grids of the district", webtest.StaffDist, "/api/v1/map/areas?level=5", 200, []int64{e.GridA.ID, e.GridB.ID}, ""},
		{"grids of street A only", webtest.StaffA, "/api/v1/map/areas?level=5", 200, []int64{e.GridA.ID}, ""},
		{"below a node", webtest.StaffDist, fmt.Sprintf("/api/v1/map/areas?level=5&under=%d", e.StreetB.ID), 200, []int64{e.GridB.ID}, ""},
		{"one place", webtest.StaffA, fmt.Sprintf("/api/v1/map/areas?id=%d", e.StreetA.ID), 200, []int64{e.StreetA.ID}, ""},
		{"a place outside the scope is simply absent", webtest.StaffA, fmt.Sprintf("/api/v1/map/areas?id=%d", e.GridB.ID), 200, nil, ""},
		{"places without boundary are left out", webtest.StaffDist, "/api/v1/map/areas?level=4", 200, nil, ""},
		{"no level", webtest.StaffA, "/api/v1/map/areas", 400, nil, "level"},
		{"a level that does not exist", webtest.StaffA, "/api/v1/map/areas?level=9", 400, nil, "level"},
		{"under not a number", webtest.StaffA, "/api/v1/map/areas?level=5&under=x", 400, nil, "under"},
		{"under outside the scope", webtest.StaffA, fmt.Sprintf("/api/v1/map/areas?level=5&under=%d", e.StreetB.ID), 404, nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.Login(tt.login).Get(tt.path)
			treeWantStatus(t, r, tt.status)
			if tt.status != 200 {
				if got := treeDecodeErr(t, r).Error.Fields; tt.field != "" && got[tt.field] == "" {
					t.Errorf("no message for %s: %s", tt.field, r.Body)
				}
				return
			}
			var got fc
			r.JSON(t, &got)
			if got.Type != "FeatureCollection" || len(got.Features) != len(tt.ids) {
				t.Fatalf("got %+v", got)
			}
			for i, f := range got.Features {
				if f.ID != tt.ids[i] || f.Geometry.Type != "Polygon" || f.Properties.Name == "" || f.Properties.LevelName == "" {
					t.Errorf("feature %d: %+v", i, f)
				}
			}
		})
	}
}

func TestMapPage(t *testing.T) {
	e := webtest.NewWith(t, func(c *web.Config) { c.MapTiles = "https://{s}.tiles.example.com/{z}/{x}/{y}.png" })
	staff := e.Login(webtest.StaffA)
	r := staff.Get("/map?q=" + "平江")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, `data-map="`, "leaflet.", "map.", e.StreetA.Name, fmt.Sprintf(`href="/map?focus=%d"`, e.StreetA.ID))
	if csp := r.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: blob: https://*.tiles.example.com;") {
		t.Errorf("CSP does not allow the tiles: %s", csp)
	}
	if r := staff.Get(fmt.Sprintf("/map?focus=%d", e.GridB.ID)); r.StatusCode != 404 {
		t.Errorf("focus outside the scope: %d", r.StatusCode)
	}
	if r := staff.Get("/map?focus=abc"); r.StatusCode != 400 {
		t.Errorf("focus not a number: %d", r.StatusCode)
	}
	// Without tiles the page asks nothing of other servers.
	plain := webtest.New(t).Login(webtest.StaffA).Get("/map")
	if csp := plain.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "img-src 'self' data: blob:;") {
		t.Errorf("CSP without tiles: %s", csp)
	}
}

func TestBoundaryExport(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	for i, n := range []int64{e.StreetA.ID, e.CommA.ID, e.GridA.ID, e.GridB.ID} {
		if err := e.DB.SetNodeBoundary(ctx, e.Sys, n, square(120.6+float64(i)*0.01, 31.3), 120.6, 31.3); err != nil {
			t.Fatal(err)
		}
	}
	r := e.Login(webtest.StaffA).Get(fmt.Sprintf("/api/v1/nodes/%d/boundaries", e.StreetA.ID))
	treeWantStatus(t, r, 200)
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="`+e.StreetA.FullCode+`.geojson"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	var got struct {
		Features []struct {
			Properties struct {
				Code       string `json:"code"`
				ParentCode string `json:"parent_code"`
			}
		}
	}
	r.JSON(t, &got)
	var codes []string
	for _, f := range got.Features {
		codes = append(codes, f.Properties.Code+"<"+f.Properties.ParentCode)
	}
	want := []string{e.StreetA.FullCode + "<" + e.District.FullCode, e.CommA.FullCode + "<" + e.StreetA.FullCode, e.GridA.FullCode + "<" + e.CommA.FullCode}
	if strings.Join(codes, " ") != strings.Join(want, " ") {
		t.Errorf("exported %v, want %v", codes, want)
	}
	if r := e.Login(webtest.StaffA).Get(fmt.Sprintf("/api/v1/nodes/%d/boundaries", e.StreetB.ID)); r.StatusCode != 404 {
		t.Errorf("another street's boundaries: %d", r.StatusCode)
	}
}
