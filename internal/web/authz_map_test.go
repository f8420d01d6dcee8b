package web_test

import (
	"fmt"
	"net/url"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of drawing boundaries, unit grids, statistics and the map's
// register layers: drawing and cutting need grid.manage (and tree.manage to create
// places), statistics follow the tree, buildings the registers.

// registerReaders may see the registers: administrators, area staff and grid workers.
func registerReaders() map[string]string {
	return map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in",
		webtest.GridWorkerA: "in"}
}

func init() {
	readers, managers := treeReaders(), treeManagers()
	authzCases = append(authzCases,
		authzCase{route: "GET /admin/nodes/{id}/boundary/edit", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/admin/nodes/%d/boundary/edit", grid.ID)}
		}},
		authzCase{route: "PUT /api/v1/nodes/{id}/boundary", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "PUT", path: fmt.Sprintf("/api/v1/nodes/%d/boundary", grid.ID), json: map[string]any{"geometry": nil}}
		}},
		authzCase{route: "GET /admin/nodes/{id}/unit-grids", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/admin/nodes/%d/unit-grids", grid.ID)}
		}},
		authzCase{route: "POST /admin/nodes/{id}/unit-grids", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return treePageForm(fmt.Sprintf("/admin/nodes/%d/unit-grids", grid.ID), url.Values{"cell_m": {"100"}, "version": {"1"}})
		}},
		authzCase{route: "GET /api/v1/nodes/{id}/unit-grids", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/api/v1/nodes/%d/unit-grids", grid.ID)}
		}},
		authzCase{route: "POST /api/v1/nodes/{id}/unit-grids", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "POST", path: fmt.Sprintf("/api/v1/nodes/%d/unit-grids", grid.ID), json: map[string]any{"version": 1}}
		}},
		authzCase{route: "GET /api/v1/nodes/{id}/stats", allow: readers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/api/v1/nodes/%d/stats?children=true", grid.ID)}
		}},
		authzCase{route: "GET /api/v1/map/buildings", allow: treeAnyOf(registerReaders()), req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: "/api/v1/map/buildings?bbox=120.6,31.3,120.61,31.31"}
		}},
	)
}
