package web_test

import (
	"fmt"
	"net/url"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the case pages: every role with case.view opens the queues;
// a case is seen by those whose subtree holds it and by the handlers of the unit it was
// dispatched to; bulk dispatch needs case.dispatch in scope.

func init() {
	viewers := map[string]string{webtest.Admin: "any", webtest.StaffDist: "any", webtest.StaffA: "any", webtest.StaffCommA: "any",
		webtest.GridWorkerA: "any", webtest.HandlerA: "any", webtest.Supervisor: "any", webtest.Leader: "any"}
	seers := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.Leader: "both", webtest.StaffA: "in",
		webtest.StaffCommA: "in", webtest.GridWorkerA: "in", webtest.HandlerA: "in", webtest.Supervisor: "in"}
	dispatchers := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in"}
	// dispatched is a case in grid A sent to unit A (in), or in grid B sent to unit B.
	dispatched := func(e *webtest.Env, in bool) *cases.Case {
		grid, _ := treeSide(e, in)
		u := e.UnitA
		if !in {
			u = e.UnitB
		}
		return deskCase(e, grid, "授权测试案件", toDispatched(u)...)
	}
	authzCases = append(authzCases,
		authzCase{route: "GET /cases", req: fixed("GET", "/cases?queue=all"), allow: viewers},
		authzCase{route: "GET /cases/mine", req: fixed("GET", "/cases/mine"), allow: viewers},
		authzCase{route: "GET /cases/{id}", allow: seers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/cases/%d", dispatched(e, in).ID)}
		}},
		authzCase{route: "POST /cases/{id}/act", allow: seers, req: func(e *webtest.Env, in bool) target {
			c := dispatched(e, in)
			return target{method: "POST", path: fmt.Sprintf("/cases/%d/act", c.ID),
				form: url.Values{"action": {"comment"}, "note": {"已电话联系反映人"}, "version": {fmt.Sprint(c.Version)}}.Encode()}
		}},
		authzCase{route: "POST /cases/bulk", allow: dispatchers, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			c := deskCase(e, grid, "批量派遣授权测试", toRegistered...)
			return target{method: "POST", path: "/cases/bulk", form: url.Values{"action": {"dispatch"},
				"unit_id": {fmt.Sprint(e.UnitA.ID)}, "case": {fmt.Sprintf("%d:%d", c.ID, c.Version)}}.Encode()}
		}},
	)
}
