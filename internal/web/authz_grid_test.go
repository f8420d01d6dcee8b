package web_test

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of grid workers on duty: reading follows the tree, assigning
// needs grid.manage, which administrators and area staff hold, in their scope.

var gridWorkerSeq atomic.Int64

// gridDuty puts a fresh part-time worker on grid A (in) or B and returns the duty's id.
func gridDuty(e *webtest.Env, in bool) int64 {
	e.T.Helper()
	grid, _ := treeSide(e, in)
	n := gridWorkerSeq.Add(1)
	w := e.User(fmt.Sprintf("duty%d", n), account.GridWorker, grid.ID, 0, fmt.Sprintf("1370%07d", n))
	a, err := e.DB.Assign(context.Background(), e.Sys, account.AssignmentInput{NodeID: grid.ID, UserID: w.ID, Kind: account.PartTime})
	if err != nil {
		e.T.Fatalf("assign: %v", err)
	}
	return a.ID
}

func init() {
	readers, managers := treeReaders(), treeManagers()
	authzCases = append(authzCases,
		authzCase{route: "POST /admin/nodes/{id}/workers", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return treePageForm(fmt.Sprintf("/admin/nodes/%d/workers", grid.ID), url.Values{"user_id": {fmt.Sprint(e.Users[webtest.GridWorkerA].ID)}, "kind": {"part_time"}})
		}},
		authzCase{route: "POST /admin/assignments/{id}/end", allow: managers, req: func(e *webtest.Env, in bool) target {
			return treePageForm(fmt.Sprintf("/admin/assignments/%d/end", gridDuty(e, in)), url.Values{})
		}},
		authzCase{route: "GET /api/v1/nodes/{id}/workers", allow: readers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/api/v1/nodes/%d/workers?history=true", grid.ID)}
		}},
		authzCase{route: "POST /api/v1/nodes/{id}/workers", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "POST", path: fmt.Sprintf("/api/v1/nodes/%d/workers", grid.ID),
				json: map[string]any{"user_id": e.Users[webtest.GridWorkerA].ID, "kind": "part_time"}}
		}},
		authzCase{route: "GET /map", allow: readers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/map?focus=%d", grid.ID)}
		}},
		authzCase{route: "GET /api/v1/map/areas", allow: readers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/api/v1/map/areas?level=5&under=%d", grid.ID)}
		}},
		authzCase{route: "GET /api/v1/nodes/{id}/boundaries", allow: readers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/api/v1/nodes/%d/boundaries", grid.ID)}
		}},
		authzCase{route: "GET /admin/nodes/{id}/boundaries", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/admin/nodes/%d/boundaries", grid.ID)}
		}},
		authzCase{route: "POST /admin/nodes/{id}/boundaries", allow: managers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return treePageForm(fmt.Sprintf("/admin/nodes/%d/boundaries", grid.ID), url.Values{"action": {"preview"}})
		}},
		authzCase{route: "GET /api/v1/locate", allow: treeAnyOf(readers), req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: "/api/v1/locate?lat=31.3&lng=120.6"}
		}},
		authzCase{route: "POST /api/v1/assignments/{id}/end", allow: managers, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: fmt.Sprintf("/api/v1/assignments/%d/end", gridDuty(e, in))}
		}},
	)
}
