package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// boundaryEditEnv gives community A a 1 km square and grid A a sibling (grid 02) on the
// east half of it, so grid A's new boundaries can reach outside the parent or into a
// neighbour.
func boundaryEditEnv(t *testing.T) (*webtest.Env, *admin.Node) {
	e := webtest.New(t)
	ctx := context.Background()
	if err := e.DB.SetNodeBoundary(ctx, e.Sys, e.CommA.ID, rect(120.60, 31.30, 120.61, 31.309), 120.605, 31.3045); err != nil {
		t.Fatal(err)
	}
	east, err := e.DB.CreateNode(ctx, e.Sys, admin.NodeInput{ParentID: e.CommA.ID, Code: "02", Name: "平江路第2网格"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.DB.SetNodeBoundary(ctx, e.Sys, east.ID, rect(120.605, 31.30, 120.61, 31.309), 120.6075, 31.3045); err != nil {
		t.Fatal(err)
	}
	return e, east
}

type boundaryAnswer struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
	Problems []struct {
		Message string    `json:"message"`
		At      []float64 `json:"at"`
		Warning bool      `json:"warning"`
	} `json:"problems"`
	Node struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	} `json:"node"`
}

func TestBoundaryPut(t *testing.T) {
	e, _ := boundaryEditEnv(t)
	staff := e.Login(webtest.StaffA)
	path := fmt.Sprintf("/api/v1/nodes/%d/boundary", e.GridA.ID)
	body := func(geom string) string { return `{"geometry":` + geom + `}` }
	bowtie := ring([2]float64{120.601, 31.301}, [2]float64{120.604, 31.305}, [2]float64{120.604, 31.301}, [2]float64{120.601, 31.305})

	tests := []struct {
		name    string
		body    string
		status  int
		field   string // the field the error names
		problem string // a problem message contains this
		at      bool   // and says where
	}{
		{"self-intersecting ring", body(bowtie), 400, "geometry", "边界在此自相交", true},
		{"outside the parent", body(rect(120.601, 31.301, 120.604, 31.32)), 400, "geometry", "超出上级边界约", true},
		{"overlapping a sibling", body(rect(120.601, 31.301, 120.607, 31.305)), 400, "geometry", "与“平江路第2网格”重叠约", true},
		{"an unclosed ring", body(`{"type":"Polygon","coordinates":[[[120.601,31.301],[120.604,31.301],[120.604,31.305]]]}`), 400, "geometry", "边界", false},
		{"coordinates that are not numbers", body(`{"type":"Polygon","coordinates":[["a","b"]]}`), 400, "geometry", "几何图形无法读取", false},
		{"not a polygon", body(`{"type":"Point","coordinates":[120.602,31.302]}`), 400, "geometry", "只能是面", false},
		{"no geometry", `{"geometry":null}`, 400, "geometry", "", false},
		{"malformed JSON", `{"geometry":{"type":"Polygon",`, 400, "", "", false},
		{"an unknown field", `{"geometry":` + rect(120.601, 31.301, 120.604, 31.305) + `,"crs":"gcj02"}`, 400, "crs", "", false},
		{"a stale version", `{"geometry":` + rect(120.601, 31.301, 120.604, 31.305) + `,"version":99}`, 409, "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := staff.JSON(http.MethodPut, path, tc.body)
			if r.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tc.status, r.Body)
			}
			var a boundaryAnswer
			r.JSON(t, &a)
			if tc.field != "" && a.Error.Fields[tc.field] == "" {
				t.Errorf("no message for %s: %s", tc.field, r.Body)
			}
			if tc.problem != "" {
				found := false
				for _, p := range a.Problems {
					if strings.Contains(p.Message, tc.problem) && (!tc.at || len(p.At) == 2) {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem %q (with a place: %v) in %s", tc.problem, tc.at, r.Body)
				}
			}
		})
	}
	// Nothing was stored by the refused requests.
	if n, _ := e.DB.Node(context.Background(), e.Sys, e.GridA.ID); n.Boundary != "" {
		t.Fatalf("a refused boundary was stored: %s", n.Boundary)
	}

	// A good one is stored, audited, and found by locate at once.
	if r := staff.Get("/api/v1/locate?lat=31.303&lng=120.6025"); !strings.Contains(r.Body, `"name":"平江路社区"`) || strings.Contains(r.Body, e.GridA.Name) {
		t.Fatalf("before: %s", r.Body)
	}
	r := staff.JSON(http.MethodPut, path, map[string]any{"geometry": rawJSON(rect(120.601, 31.301, 120.604, 31.305)), "version": e.GridA.Version})
	if r.StatusCode != 200 {
		t.Fatalf("save: %d %s", r.StatusCode, r.Body)
	}
	var a boundaryAnswer
	r.JSON(t, &a)
	if a.Node.ID != e.GridA.ID || a.Node.Version != e.GridA.Version+1 {
		t.Errorf("answer %+v", a.Node)
	}
	if r := staff.Get("/api/v1/locate?lat=31.303&lng=120.6025"); !strings.Contains(r.Body, e.GridA.Name) {
		t.Errorf("locate does not find the new boundary: %s", r.Body)
	}
	es, err := e.DB.AuditEntries(context.Background(), e.Sys, audit.Filter{Action: "node.boundary", Entity: "node", EntityID: fmt.Sprint(e.GridA.ID)})
	if err != nil || len(es) != 1 || es[0].Actor == "" {
		t.Errorf("audit %v %v", es, err)
	}
	// The same version again is stale now.
	if r := staff.JSON(http.MethodPut, path, map[string]any{"geometry": rawJSON(rect(120.601, 31.301, 120.603, 31.305)), "version": e.GridA.Version}); r.StatusCode != 409 {
		t.Errorf("stale save: %d %s", r.StatusCode, r.Body)
	}

	// Out of scope: not found. No grid.manage: forbidden.
	if r := e.Login(webtest.StaffB).JSON(http.MethodPut, path, body(rect(120.601, 31.301, 120.604, 31.305))); r.StatusCode != 404 {
		t.Errorf("staff of street B: %d", r.StatusCode)
	}
	if r := e.Login(webtest.GridWorkerA).JSON(http.MethodPut, path, body(rect(120.601, 31.301, 120.604, 31.305))); r.StatusCode != 403 {
		t.Errorf("grid worker: %d", r.StatusCode)
	}
}

// rawJSON passes a JSON text through a marshalled body unchanged.
type rawJSON string

func (r rawJSON) MarshalJSON() ([]byte, error) { return []byte(r), nil }

func TestBoundaryEditPage(t *testing.T) {
	e, _ := boundaryEditEnv(t)
	staff := e.Login(webtest.StaffA)
	r := staff.Get(fmt.Sprintf("/admin/nodes/%d/boundary/edit", e.GridA.ID))
	if r.StatusCode != 200 {
		t.Fatalf("page: %d", r.StatusCode)
	}
	if strings.Contains(r.Body, "/static/missing/") {
		t.Error("an asset is missing")
	}
	for _, want := range []string{"data-boundary-edit", "@geoman-io/leaflet-geoman-free/leaflet-geoman.min.", "/static/mapedit.", `data-act="draw"`, "这里还没有边界", "平江路社区"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The place's page links to it.
	if r := staff.Get(fmt.Sprintf("/admin/nodes/%d", e.GridA.ID)); !strings.Contains(r.Body, fmt.Sprintf("/admin/nodes/%d/boundary/edit", e.GridA.ID)) {
		t.Error("the place's page does not link to drawing")
	}
	if r := e.Login(webtest.StaffB).Get(fmt.Sprintf("/admin/nodes/%d/boundary/edit", e.GridA.ID)); r.StatusCode != 404 {
		t.Errorf("out of scope: %d", r.StatusCode)
	}
}
