package web_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the case API. Reading a case needs case.view and reach:
// the case lies in the caller's subtree, or the caller's unit holds it. Each step needs
// its own permission; the steps of whoever holds the case belong to the handlers of
// that unit alone.

// caseFixture reports a case in grid A (in) or B and dispatches it to that street's unit.
func caseFixture(e *webtest.Env, in bool) *cases.Case {
	e.T.Helper()
	grid, _ := treeSide(e, in)
	unit := e.UnitA
	if !in {
		unit = e.UnitB
	}
	ctx := context.Background()
	got, err := e.DB.Report(ctx, e.Sys, cases.Report{Source: cases.FromResident, CategoryID: testCategoryID(e),
		Description: "授权测试：楼道堆放杂物", Location: &geo.Point{Lng: 120.63, Lat: 31.32}, NodeID: grid.ID, NodePath: grid.Path, Located: true})
	if err != nil {
		e.T.Fatalf("report: %v", err)
	}
	c := got.Case
	for _, s := range []cases.Step{{Action: cases.ActRegister}, {Action: cases.ActDispatch, UnitID: unit.ID}} {
		s.Version = c.Version
		if c, err = e.DB.Act(ctx, e.Sys, c.ID, s, nil); err != nil {
			e.T.Fatalf("%s: %v", s.Action, err)
		}
	}
	return c
}

// testCategoryID is a seeded minor class that takes reports (占用消防通道).
func testCategoryID(e *webtest.Env) int64 { return eventCategory(e, "0511") }

// eventCategory is the seeded event class of the given code.
func eventCategory(e *webtest.Env, code string) int64 {
	e.T.Helper()
	tree, err := e.DB.Categories(context.Background())
	if err != nil {
		e.T.Fatal(err)
	}
	c := tree.ByCode(cases.EventKind, code)
	if c == nil {
		e.T.Fatalf("no event class %s", code)
	}
	return c.ID
}

func caseReaders() map[string]string {
	return map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in",
		webtest.GridWorkerA: "in", webtest.HandlerA: "in", webtest.Supervisor: "in", webtest.Leader: "both"}
}

// stepAllow is who may take each step on a case dispatched to a unit.
func stepAllow(a cases.Action) map[string]string {
	staff := func(extra map[string]string) map[string]string {
		m := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in"}
		for k, v := range extra {
			m[k] = v
		}
		return m
	}
	switch a.Permission() {
	case account.CaseHandle:
		return map[string]string{webtest.HandlerA: "in"}
	case account.CaseApprove:
		return staff(map[string]string{webtest.Supervisor: "in"})
	case account.CaseVerify:
		return staff(map[string]string{webtest.Supervisor: "in", webtest.GridWorkerA: "in"})
	case account.CaseSupervise:
		return staff(map[string]string{webtest.Supervisor: "in", webtest.Leader: "both"})
	case account.CaseView:
		return caseReaders()
	}
	return staff(nil)
}

func init() {
	casePath := func(suffix string) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/cases/%d%s", caseFixture(e, in).ID, suffix)}
		}
	}
	authzCases = append(authzCases,
		authzCase{route: "POST /api/v1/cases", allow: everyone, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/cases", json: map[string]any{"category_id": testCategoryID(e),
				"description": "路灯不亮", "address": "平江路 8 号"}}
		}},
		// Anyone may ask about a draft; what the answer holds is TestSimilarDraftTells's.
		authzCase{route: "POST /api/v1/cases/similar", allow: everyone, req: func(e *webtest.Env, in bool) target {
			c := caseFixture(e, in)
			return target{method: "POST", path: "/api/v1/cases/similar", json: map[string]any{"category_id": testCategoryID(e),
				"description": c.Description, "location": map[string]any{"lat": c.Location.Lat, "lng": c.Location.Lng}}}
		}},
		authzCase{route: "POST /api/v1/sensor/alarms", allow: map[string]string{}, req: jsonReq("POST", "/api/v1/sensor/alarms",
			map[string]any{"device_id": "SMK-1", "alarm_type": "smoke", "address": "平江路 8 号"})},
		authzCase{route: "GET /api/v1/cases", allow: map[string]string{webtest.Admin: "any", webtest.StaffDist: "any", webtest.StaffA: "any",
			webtest.StaffCommA: "any", webtest.GridWorkerA: "any", webtest.HandlerA: "any", webtest.Supervisor: "any", webtest.Leader: "any"},
			req: fixed("GET", "/api/v1/cases?queue=open")},
		authzCase{route: "GET /api/v1/cases/{id}", allow: caseReaders(), req: casePath("")},
		authzCase{route: "GET /api/v1/cases/{id}/events", allow: caseReaders(), req: casePath("/events")},
		authzCase{route: "GET /api/v1/cases/{id}/similar", allow: caseReaders(), req: casePath("/similar")},
		authzCase{route: "GET /api/v1/track/{ticket}", allow: everyone, req: func(e *webtest.Env, in bool) target {
			c := caseFixture(e, in)
			return target{method: "GET", path: "/api/v1/track/" + c.Ticket + "?key=" + e.DB.TrackKey(c.Ticket)}
		}},
	)
	for _, a := range cases.Actions {
		route := "/api/v1/cases/{id}/" + strings.ReplaceAll(string(a), "_", "-")
		authzCases = append(authzCases, authzCase{route: "POST " + route, allow: stepAllow(a), req: func(e *webtest.Env, in bool) target {
			c := caseFixture(e, in)
			return target{method: "POST", path: strings.Replace(route, "{id}", fmt.Sprint(c.ID), 1),
				json: map[string]any{"version": c.Version, "note": "授权测试"}}
		}})
	}
}
