package web_test

import (
	"fmt"
	"net/url"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of assessment: reading a month is for those with
// dashboard.view within their scope (a handler has no area to rank); the weights and
// publishing are for area staff within theirs; rating the embedded units for staff,
// whose own community the store then insists on.
func init() {
	readers := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.Leader: "both",
		webtest.StaffA: "in", webtest.StaffCommA: "in", webtest.GridWorkerA: "in", webtest.Supervisor: "in"}
	managers := treeManagers()
	raters := map[string]string{webtest.Admin: "any", webtest.StaffDist: "any", webtest.StaffA: "any", webtest.StaffCommA: "any"}
	inGrid := func(path string) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf(path, grid.ID)}
		}
	}
	posted := func(path string, v func(gridID int64) url.Values) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return treePageForm(path, v(grid.ID))
		}
	}
	authzCases = append(authzCases,
		authzCase{route: "GET /assessment", allow: readers, req: inGrid("/assessment?assessed=area&node_id=%d")},
		authzCase{route: "GET /api/v1/assessment", allow: readers, req: inGrid("/api/v1/assessment?assessed=area&node_id=%d")},
		authzCase{route: "GET /assessment/export.xlsx", allow: readers, req: inGrid("/assessment/export.xlsx?assessed=area&node_id=%d")},
		authzCase{route: "GET /assessment/scheme", allow: managers, req: inGrid("/assessment/scheme?assessed=area&node_id=%d")},
		authzCase{route: "POST /assessment/scheme", allow: managers, req: posted("/assessment/scheme", func(id int64) url.Values {
			return url.Values{"node_id": {fmt.Sprint(id)}, "assessed": {"area"}, "version": {"0"}, "points.close_rate": {"100"}}
		})},
		authzCase{route: "POST /assessment/publish", allow: managers, req: posted("/assessment/publish", func(id int64) url.Values {
			return url.Values{"node_id": {fmt.Sprint(id)}, "assessed": {"area"}, "month": {"2026-02"}}
		})},
		authzCase{route: "GET /assessment/ratings", allow: raters, req: fixed("GET", "/assessment/ratings")},
		authzCase{route: "POST /assessment/ratings", allow: raters, req: func(*webtest.Env, bool) target {
			return treePageForm("/assessment/ratings", url.Values{"month": {"2026-02"}})
		}},
	)
}
