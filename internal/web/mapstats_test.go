package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// mapRegisters puts two buildings with houses in grid A and one in grid B.
func mapRegisters(t *testing.T, e *webtest.Env) (in *register.Building, house *register.House) {
	ctx := context.Background()
	mk := func(node int64, name string, lng float64) *register.Building {
		b, err := e.DB.CreateBuilding(ctx, e.Sys, register.BuildingInput{NodeID: node, Name: name, Address: "平江路 " + name,
			Location: &geo.Point{Lng: lng, Lat: 31.302}, FloorsAbove: 6, Kind: register.Residential})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	in = mk(e.GridA.ID, "1幢", 120.601)
	mk(e.GridA.ID, "2幢", 120.602)
	out := mk(e.GridB.ID, "南1幢", 120.603)
	for i, b := range []*register.Building{in, in, out} {
		h, err := e.DB.CreateHouse(ctx, e.Sys, register.HouseInput{BuildingID: b.ID, Floor: 1, Room: fmt.Sprint(101 + i), Area: 60, Use: register.Rented})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			house = h
		}
	}
	return in, house
}

func TestNodeStatsAPI(t *testing.T) {
	e := webtest.New(t)
	mapRegisters(t, e)
	staff := e.Login(webtest.StaffA)
	var one, kids struct {
		Items []struct {
			NodeID       int64 `json:"node_id"`
			Buildings    int   `json:"buildings"`
			Houses       int   `json:"houses"`
			RentedHouses int   `json:"rented_houses"`
		} `json:"items"`
		Metrics []struct{ Key, Name string } `json:"metrics"`
	}
	r := staff.Get(fmt.Sprintf("/api/v1/nodes/%d/stats", e.StreetA.ID))
	r.JSON(t, &one)
	if r.StatusCode != 200 || len(one.Items) != 1 || one.Items[0].Buildings != 2 || one.Items[0].Houses != 2 || one.Items[0].RentedHouses != 2 {
		t.Errorf("street A: %d %s", r.StatusCode, r.Body)
	}
	if len(one.Metrics) != 8 || one.Metrics[0].Name != "户数" {
		t.Errorf("metrics %+v", one.Metrics)
	}
	r = staff.Get(fmt.Sprintf("/api/v1/nodes/%d/stats?children=true", e.CommA.ID))
	r.JSON(t, &kids)
	if len(kids.Items) != 1 || kids.Items[0].NodeID != e.GridA.ID || kids.Items[0].Buildings != 2 {
		t.Errorf("children: %s", r.Body)
	}
	for _, bad := range []struct {
		path   string
		status int
	}{
		{"/api/v1/nodes/x/stats", 404},
		{fmt.Sprintf("/api/v1/nodes/%d/stats?children=maybe", e.CommA.ID), 400},
		{fmt.Sprintf("/api/v1/nodes/%d/stats", e.CommB.ID), 404},
		{"/api/v1/nodes/999999/stats", 404},
	} {
		if r := staff.Get(bad.path); r.StatusCode != bad.status {
			t.Errorf("%s: %d, want %d", bad.path, r.StatusCode, bad.status)
		}
	}
	// The grid's page shows its statistics.
	if r := staff.Get(fmt.Sprintf("/admin/nodes/%d", e.GridA.ID)); !strings.Contains(r.Body, `id="stats"`) || !strings.Contains(r.Body, "出租") {
		t.Error("no statistics on the grid's page")
	}
}

func TestMapBuildingsAPI(t *testing.T) {
	e := webtest.New(t)
	in, _ := mapRegisters(t, e)
	staff := e.Login(webtest.StaffA)
	var fc struct {
		Features []struct {
			ID         int64                            `json:"id"`
			Geometry   struct{ Coordinates [2]float64 } `json:"geometry"`
			Properties struct{ Name, URL string }       `json:"properties"`
		} `json:"features"`
		Truncated bool `json:"truncated"`
	}
	r := staff.Get("/api/v1/map/buildings?bbox=120.60,31.30,120.61,31.31")
	r.JSON(t, &fc)
	if r.StatusCode != 200 || len(fc.Features) != 2 || fc.Features[0].ID != in.ID || fc.Features[0].Properties.URL != fmt.Sprintf("/registers/buildings/%d", in.ID) ||
		fc.Features[0].Geometry.Coordinates[0] != 120.601 || fc.Truncated {
		t.Errorf("buildings: %d %s", r.StatusCode, r.Body)
	}
	for _, bad := range []string{"", "?bbox=1,2,3", "?bbox=a,b,c,d", "?bbox=120,31,121,32", "?bbox=200,31,200.01,31.01"} {
		if r := staff.Get("/api/v1/map/buildings" + bad); r.StatusCode != 400 || !strings.Contains(r.Body, `"bbox"`) {
			t.Errorf("%q: %d %s", bad, r.StatusCode, r.Body)
		}
	}
	if r := e.Login(webtest.Leader).Get("/api/v1/map/buildings?bbox=120.60,31.30,120.61,31.31"); r.StatusCode != 403 {
		t.Errorf("leader: %d", r.StatusCode)
	}
}

func TestMapSearchRegisters(t *testing.T) {
	e := webtest.New(t)
	in, house := mapRegisters(t, e)
	staff := e.Login(webtest.StaffA)
	for _, q := range []string{"平江路 1幢", house.Code} {
		r := staff.Get("/map?q=" + url.QueryEscape(q))
		if r.StatusCode != 200 || !strings.Contains(r.Body, `id="map-places"`) || !strings.Contains(r.Body, fmt.Sprintf("/registers/buildings/%d", in.ID)) ||
			!strings.Contains(r.Body, "/map?at=31.302000%2c120.601000") {
			t.Errorf("search %q: %d", q, r.StatusCode)
		}
	}
	if r := staff.Get("/map?at=31.302,120.601"); r.StatusCode != 200 || !strings.Contains(r.Body, "&#34;at&#34;:[31.302,120.601]") {
		t.Errorf("at: %d", r.StatusCode)
	}
	if r := staff.Get("/map?at=north"); r.StatusCode != 400 {
		t.Errorf("bad at: %d", r.StatusCode)
	}
	// The map offers the layers: buildings to those who see the registers, statistics to all.
	r := staff.Get("/map")
	if !strings.Contains(r.Body, "&#34;edit&#34;:&#34;/boundary/edit&#34;") || !strings.Contains(r.Body, "/api/v1/map/buildings") || !strings.Contains(r.Body, "/api/v1/map/facilities") || !strings.Contains(r.Body, fmt.Sprintf("/api/v1/nodes/%d/stats?children=true", e.StreetA.ID)) {
		t.Error("the map lacks its layers")
	}
	if r := e.Login(webtest.Leader).Get("/map"); strings.Contains(r.Body, "/api/v1/map/buildings") || strings.Contains(r.Body, "/boundary/edit") {
		t.Error("a leader is offered the buildings layer or drawing")
	}
}
