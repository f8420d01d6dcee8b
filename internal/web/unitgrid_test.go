package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

type unitGridAnswer struct {
	Version int     `json:"version"`
	Level   int     `json:"level"`
	Count   int     `json:"count"`
	CellM   float64 `json:"cell_m"`
	Cells   struct {
		Features []struct {
			Properties struct {
				Code string `json:"code"`
				Name string `json:"name"`
			} `json:"properties"`
		} `json:"features"`
	} `json:"cells"`
	Items []struct {
		ID       int64  `json:"id"`
		FullCode string `json:"full_code"`
		Level    int    `json:"level"`
	} `json:"items"`
	Error struct {
		Fields map[string]string `json:"fields"`
	} `json:"error"`
}

func TestUnitGridsAPI(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	// Community B: about 475 m × 555 m, so 5 × 6 cells of 100 m, some clipped.
	if err := e.DB.SetNodeBoundary(ctx, e.Sys, e.GridB.ID, rect(120.60, 31.30, 120.605, 31.305), 120.6025, 31.3025); err != nil {
		t.Fatal(err)
	}
	grid, _ := e.DB.Node(ctx, e.Sys, e.GridB.ID)
	staff := e.Login(webtest.StaffB)
	path := fmt.Sprintf("/api/v1/nodes/%d/unit-grids", grid.ID)

	r := staff.Get(path)
	if r.StatusCode != 200 {
		t.Fatalf("preview: %d %s", r.StatusCode, r.Body)
	}
	var pv unitGridAnswer
	r.JSON(t, &pv)
	if pv.Count != 30 || len(pv.Cells.Features) != 30 || pv.Level != int(admin.Microgrid) || pv.Version != grid.Version || pv.CellM != 100 {
		t.Fatalf("preview %+v", pv)
	}
	if f := pv.Cells.Features[0].Properties; f.Code != grid.FullCode+"01" || f.Name != grid.Name+"单元网格01" {
		t.Errorf("first cell %+v", f)
	}
	// Nothing is stored by a preview.
	if kids, _ := e.DB.NodeChildrenAll(ctx, e.Sys, grid.ID); len(kids) != 0 {
		t.Fatalf("preview created %d", len(kids))
	}

	bad := []struct {
		name, method, path string
		body               any
		status             int
		field              string
	}{
		{"cells too small", "GET", path + "?cell_m=5", nil, 400, "cell_m"},
		{"not a number", "GET", path + "?cell_m=abc", nil, 400, "cell_m"},
		{"no version", "POST", path, map[string]any{"cell_m": 100}, 400, "version"},
		{"a stale version", "POST", path, map[string]any{"cell_m": 100, "version": grid.Version + 5}, 409, ""},
		{"a string for a number", "POST", path, `{"cell_m":"100","version":1}`, 400, "cell_m"},
		{"a community with grids", "GET", fmt.Sprintf("/api/v1/nodes/%d/unit-grids", e.CommB.ID), nil, 400, "node"},
		{"no boundary", "GET", fmt.Sprintf("/api/v1/nodes/%d/unit-grids", e.CommB.ID), nil, 400, "node"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			var r *webtest.Response
			if tt.method == "GET" {
				r = staff.Get(tt.path)
			} else {
				r = staff.JSON(tt.method, tt.path, tt.body)
			}
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tt.status, r.Body)
			}
			var a unitGridAnswer
			r.JSON(t, &a)
			if tt.field != "" && a.Error.Fields[tt.field] == "" {
				t.Errorf("no message for %s: %s", tt.field, r.Body)
			}
		})
	}
	if r := e.Login(webtest.StaffA).Get(path); r.StatusCode != 404 {
		t.Errorf("out of scope: %d", r.StatusCode)
	}
	if r := e.Login(webtest.GridWorkerA).Get(fmt.Sprintf("/api/v1/nodes/%d/unit-grids", e.GridA.ID)); r.StatusCode != 403 {
		t.Errorf("grid worker: %d", r.StatusCode)
	}

	// Creating them: micro-grids with their shapes, audited, found by locate at once.
	r = staff.JSON(http.MethodPost, path, map[string]any{"cell_m": 100, "version": pv.Version})
	if r.StatusCode != 201 {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
	var made unitGridAnswer
	r.JSON(t, &made)
	if len(made.Items) != 30 || made.Items[0].FullCode != grid.FullCode+"01" || made.Items[29].FullCode != grid.FullCode+"30" || made.Items[0].Level != 6 {
		t.Fatalf("created %+v", made.Items)
	}
	areas, err := e.DB.MapAreas(ctx, e.Sys, admin.Microgrid, grid.ID, 0)
	if err != nil || len(areas) != 30 {
		t.Fatalf("%d micro-grids with a boundary: %v", len(areas), err)
	}
	if r := staff.Get("/api/v1/locate?lat=31.3005&lng=120.6005"); !strings.Contains(r.Body, grid.Name+"单元网格01") {
		t.Errorf("locate: %s", r.Body)
	}
	es, err := e.DB.AuditEntries(ctx, e.Sys, audit.Filter{Action: "node.unit_grids", Entity: "node", EntityID: fmt.Sprint(grid.ID)})
	if err != nil || len(es) != 1 || !strings.Contains(es[0].Detail, `"count":30`) {
		t.Errorf("audit %+v %v", es, err)
	}
	if es, _ := e.DB.AuditEntries(ctx, e.Sys, audit.Filter{Action: "node.create", Limit: 100}); len(es) < 30 {
		t.Errorf("%d node.create entries", len(es))
	}
	// A second confirmation of the same preview is refused; nothing doubles.
	if r := staff.JSON(http.MethodPost, path, map[string]any{"cell_m": 100, "version": pv.Version}); r.StatusCode != 400 && r.StatusCode != 409 {
		t.Errorf("again: %d %s", r.StatusCode, r.Body)
	}
	if kids, _ := e.DB.Nodes(ctx, e.Sys, store.NodeFilter{ParentID: grid.ID}); len(kids) != 30 {
		t.Errorf("%d children", len(kids))
	}
}

func TestUnitGridsPage(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	if err := e.DB.SetNodeBoundary(ctx, e.Sys, e.GridA.ID, rect(120.60, 31.30, 120.603, 31.303), 120.6015, 31.3015); err != nil {
		t.Fatal(err)
	}
	staff := e.Login(webtest.StaffA)
	path := fmt.Sprintf("/admin/nodes/%d/unit-grids", e.GridA.ID)
	if r := staff.Get(fmt.Sprintf("/admin/nodes/%d", e.GridA.ID)); !strings.Contains(r.Body, path) {
		t.Error("the grid's page does not offer unit grids")
	}
	r := staff.Get(path)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "将生成 12 个微网格") || !strings.Contains(r.Body, "data-preview-map") {
		t.Fatalf("preview page: %d %s", r.StatusCode, r.Body)
	}
	if r := staff.Get(path + "?cell_m=1000"); r.StatusCode != 400 || !strings.Contains(r.Body, "边长须在 50 到 500 米之间") {
		t.Errorf("bad size: %d", r.StatusCode)
	}
	grid, _ := e.DB.Node(ctx, e.Sys, e.GridA.ID)
	if r := staff.PostForm(path, url.Values{"cell_m": {"100"}, "version": {"999"}}); r.StatusCode != 409 || !strings.Contains(r.Body, "该记录已被他人修改") {
		t.Errorf("stale: %d", r.StatusCode)
	}
	r = staff.PostForm(path, url.Values{"cell_m": {"100"}, "version": {fmt.Sprint(grid.Version)}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), fmt.Sprintf("/admin/nodes/%d", grid.ID)) {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
	if kids, _ := e.DB.Nodes(ctx, e.Sys, store.NodeFilter{ParentID: grid.ID}); len(kids) != 12 {
		t.Errorf("%d children", len(kids))
	}
	// Now it has children: the page says why nothing more can be cut.
	if r := staff.Get(path); r.StatusCode != 400 || !strings.Contains(r.Body, "已有下级区划") {
		t.Errorf("again: %d", r.StatusCode)
	}
}
