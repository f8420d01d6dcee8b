package web_test

import (
	"fmt"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of indicators and exports: figures are for those with
// dashboard.view, each within its scope; a handler's figures are its unit's wherever it
// asks.
func init() {
	readers := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.Leader: "both", webtest.HandlerA: "both",
		webtest.StaffA: "in", webtest.StaffCommA: "in", webtest.GridWorkerA: "in", webtest.Supervisor: "in"}
	caseViewers := map[string]string{webtest.Admin: "any", webtest.StaffDist: "any", webtest.StaffA: "any", webtest.StaffCommA: "any",
		webtest.GridWorkerA: "any", webtest.HandlerA: "any", webtest.Supervisor: "any", webtest.Leader: "any"}
	inGrid := func(path string) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf(path, grid.ID)}
		}
	}
	authzCases = append(authzCases,
		authzCase{route: "GET /api/v1/indicators", allow: treeAnyOf(readers), req: fixed("GET", "/api/v1/indicators")},
		authzCase{route: "GET /api/v1/indicators/figures", allow: readers, req: inGrid("/api/v1/indicators/figures?node_id=%d&by=category")},
		authzCase{route: "GET /api/v1/indicators/cases", allow: readers, req: inGrid("/api/v1/indicators/cases?node_id=%d&code=close_rate")},
		authzCase{route: "GET /dashboard", allow: readers, req: inGrid("/dashboard?node_id=%d")},
		authzCase{route: "GET /dashboard/cases", allow: readers, req: inGrid("/dashboard/cases?node_id=%d&code=close_on_time_rate")},
		authzCase{route: "GET /dashboard/export", allow: readers, req: inGrid("/dashboard/export?node_id=%d&table=figures")},
		authzCase{route: "GET /dashboard/indicators", allow: treeAnyOf(readers), req: fixed("GET", "/dashboard/indicators")},
		// The cases' downloads take the queue's filters, within the caller's cases.
		authzCase{route: "GET /cases/export.csv", allow: caseViewers, req: fixed("GET", "/cases/export.csv?queue=all")},
		authzCase{route: "GET /cases/export.xlsx", allow: caseViewers, req: fixed("GET", "/cases/export.xlsx?queue=all")},
	)
}
