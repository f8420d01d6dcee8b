package web_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

type locateResult struct {
	Inside bool      `json:"inside"`
	Point  geo.Point `json:"point"`
	Places []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"places"`
	Workers []struct {
		Name string `json:"name"`
		Duty string `json:"duty"`
	} `json:"workers"`
}

func TestLocate(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	for _, b := range []struct {
		id   int64
		geom string
	}{
		{e.StreetA.ID, rect(120.60, 31.30, 120.62, 31.32)},
		{e.CommA.ID, rect(120.60, 31.30, 120.61, 31.31)},
		{e.GridA.ID, rect(120.60, 31.30, 120.605, 31.305)},
	} {
		if err := e.DB.SetNodeBoundary(ctx, e.Sys, b.id, b.geom, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.DB.Assign(ctx, e.Sys, account.AssignmentInput{NodeID: e.GridA.ID, UserID: e.Users[webtest.GridWorkerA].ID, Kind: account.FullTime}); err != nil {
		t.Fatal(err)
	}
	gcj := geo.WGS84ToGCJ02(geo.Point{Lng: 120.602, Lat: 31.302})
	bd := geo.WGS84ToBD09(geo.Point{Lng: 120.602, Lat: 31.302})
	staff := e.Login(webtest.StaffA)
	tests := []struct {
		name    string
		query   string
		status  int
		places  []int64
		workers int
		field   string
	}{
		{"in grid A", "lat=31.302&lng=120.602", 200, []int64{e.GridA.ID, e.CommA.ID, e.StreetA.ID}, 1, ""},
		{"in the community, in no grid", "lat=31.308&lng=120.608", 200, []int64{e.CommA.ID, e.StreetA.ID}, 0, ""},
		{"outside every boundary", "lat=39.9&lng=116.4", 200, nil, 0, ""},
		{"GCJ-02 input", fmt.Sprintf("lat=%f&lng=%f&crs=gcj02", gcj.Lat, gcj.Lng), 200, []int64{e.GridA.ID, e.CommA.ID, e.StreetA.ID}, 1, ""},
		{"BD-09 input", fmt.Sprintf("lat=%f&lng=%f&crs=BD09", bd.Lat, bd.Lng), 200, []int64{e.GridA.ID, e.CommA.ID, e.StreetA.ID}, 1, ""},
		{"no latitude", "lng=120.6", 400, nil, 0, "lat"},
		{"latitude not a number", "lat=north&lng=120.6", 400, nil, 0, "lat"},
		{"latitude NaN", "lat=NaN&lng=120.6", 400, nil, 0, "lat"},
		{"longitude out of range", "lat=31.3&lng=190", 400, nil, 0, "lng"},
		{"unknown coordinate system", "lat=31.3&lng=120.6&crs=mars", 400, nil, 0, "crs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := staff.Get("/api/v1/locate?" + tt.query)
			treeWantStatus(t, r, tt.status)
			if tt.status != 200 {
				if treeDecodeErr(t, r).Error.Fields[tt.field] == "" {
					t.Errorf("no message for %s: %s", tt.field, r.Body)
				}
				return
			}
			var got locateResult
			r.JSON(t, &got)
			var ids []int64
			for _, p := range got.Places {
				ids = append(ids, p.ID)
			}
			if fmt.Sprint(ids) != fmt.Sprint(tt.places) || got.Inside != (len(tt.places) > 0) || len(got.Workers) != tt.workers {
				t.Errorf("got %+v, want places %v and %d workers", got, tt.places, tt.workers)
			}
		})
	}

	// Another street's staff learn where the point is, but not who works there.
	var other locateResult
	e.Login(webtest.StaffB).Get("/api/v1/locate?lat=31.302&lng=120.602").JSON(t, &other)
	if len(other.Places) != 3 || len(other.Workers) != 0 {
		t.Errorf("other street: %+v", other)
	}

	// A boundary changed behind this server's back is seen once the index is rechecked.
	if err := e.DB.SetNodeBoundary(ctx, e.Sys, e.GridA.ID, rect(120.605, 31.305, 120.61, 31.31), 0, 0); err != nil {
		t.Fatal(err)
	}
	e.DB.Clock.Advance(31 * time.Second)
	var moved locateResult
	staff.Get("/api/v1/locate?lat=31.302&lng=120.602").JSON(t, &moved)
	if len(moved.Places) != 2 {
		t.Errorf("after the grid moved away: %+v", moved)
	}
}
