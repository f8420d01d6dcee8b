package web_test

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"

	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// authzIndicatorN numbers the indicators the authorisation cases add.
var authzIndicatorN atomic.Int64

// nextIndicatorCode is an indicator code nobody uses yet.
func nextIndicatorCode() string { return fmt.Sprintf("authz_%d", authzIndicatorN.Add(1)) }

// freshIndicator is a new indicator of one's own, stored.
func freshIndicator(e *webtest.Env) *indicators.Definition {
	e.T.Helper()
	d, err := e.DB.CreateIndicator(context.Background(), e.Sys, indicators.Input{Code: nextIndicatorCode(), NameZH: "授权测试", NameEN: "authz",
		Formula: "closed / close_due", Unit: indicators.Percent})
	if err != nil {
		e.T.Fatalf("indicator: %v", err)
	}
	return d
}

// The authorisation cases of indicators and exports: figures are for those with
// dashboard.view, each within its scope; a handler's figures are its unit's wherever it
// asks.
func init() {
	readers := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.Leader: "both", webtest.HandlerA: "both",
		webtest.StaffA: "in", webtest.StaffCommA: "in", webtest.GridWorkerA: "in", webtest.Supervisor: "in"}
	caseViewers := map[string]string{webtest.Admin: "any", webtest.StaffDist: "any", webtest.StaffA: "any", webtest.StaffCommA: "any",
		webtest.GridWorkerA: "any", webtest.HandlerA: "any", webtest.Supervisor: "any", webtest.Leader: "any"}
	managers := map[string]string{webtest.Admin: "any"}
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
		// Indicator definitions are the installation's: administrators add and reword them.
		authzCase{route: "GET /dashboard/indicators/new", allow: managers, req: fixed("GET", "/dashboard/indicators/new")},
		authzCase{route: "POST /dashboard/indicators", allow: managers, req: func(e *webtest.Env, in bool) target {
			return treePageForm("/dashboard/indicators", url.Values{"code": {nextIndicatorCode()}, "name_zh": {"授权测试"}, "name_en": {"authz"},
				"formula": {"closed / close_due"}, "unit": {"percent"}})
		}},
		authzCase{route: "GET /dashboard/indicators/{code}", allow: managers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: "/dashboard/indicators/" + freshIndicator(e).Code}
		}},
		authzCase{route: "POST /dashboard/indicators/{code}", allow: managers, req: func(e *webtest.Env, in bool) target {
			d := freshIndicator(e)
			return treePageForm("/dashboard/indicators/"+d.Code, url.Values{"name_zh": {"改名"}, "name_en": {"renamed"},
				"formula": {"closed / close_due"}, "unit": {"percent"}, "version": {fmt.Sprint(d.Version)}})
		}},
		authzCase{route: "POST /api/v1/indicators", allow: managers, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/indicators", json: map[string]any{"code": nextIndicatorCode(), "name_zh": "授权测试",
				"name_en": "authz", "formula": "closed / close_due", "unit": "percent"}}
		}},
		authzCase{route: "PUT /api/v1/indicators/{code}", allow: managers, req: func(e *webtest.Env, in bool) target {
			d := freshIndicator(e)
			return target{method: "PUT", path: "/api/v1/indicators/" + d.Code, json: map[string]any{"name_zh": "改名", "name_en": "renamed",
				"formula": "closed / close_due", "unit": "percent", "version": d.Version}}
		}},
		// The cases' downloads take the queue's filters, within the caller's cases.
		authzCase{route: "GET /cases/export.csv", allow: caseViewers, req: fixed("GET", "/cases/export.csv?queue=all")},
		authzCase{route: "GET /cases/export.xlsx", allow: caseViewers, req: fixed("GET", "/cases/export.xlsx?queue=all")},
	)
}
