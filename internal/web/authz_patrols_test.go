package web_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/patrol"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of patrols: grid workers start, record and end their own
// patrols; those who see an area's cases see its patrols and coverage (department
// handlers, whose case view is their unit's, do not).

// patrolReaders see patrols: inside grid A for every A-side account, grid B too for the
// district-wide ones.
func patrolReaders() map[string]string {
	return map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.Leader: "both",
		webtest.StaffA: "in", webtest.StaffCommA: "in", webtest.GridWorkerA: "in", webtest.Supervisor: "in"}
}

var (
	patrolFixturesMu sync.Mutex
	patrolWorkerB    = map[*webtest.Env]*account.Principal{}
)

// patrolOf returns a patrol to aim at: grid A's worker's open patrol (started afresh
// when the last one was ended), or an open patrol of a worker of grid B.
func patrolOf(e *webtest.Env, in bool) *patrol.Patrol {
	e.T.Helper()
	patrolFixturesMu.Lock()
	defer patrolFixturesMu.Unlock()
	ctx := context.Background()
	var p *account.Principal
	var grid int64
	if in {
		pp, err := e.DB.PrincipalFor(ctx, e.Users[webtest.GridWorkerA].ID)
		if err != nil {
			e.T.Fatal(err)
		}
		p, grid = pp, e.GridA.ID
	} else {
		if patrolWorkerB[e] == nil {
			u := e.User("grid.b", account.GridWorker, e.GridB.ID, 0, "")
			pp, err := e.DB.PrincipalFor(ctx, u.ID)
			if err != nil {
				e.T.Fatal(err)
			}
			patrolWorkerB[e] = pp
		}
		p, grid = patrolWorkerB[e], e.GridB.ID
	}
	open, err := e.DB.OpenPatrol(ctx, p)
	if err != nil {
		e.T.Fatal(err)
	}
	if open != nil {
		return open
	}
	pt, err := e.DB.StartPatrol(ctx, p, grid)
	if err != nil {
		e.T.Fatal(err)
	}
	return pt
}

func init() {
	readers := patrolReaders()
	worker := map[string]string{webtest.GridWorkerA: "in"}
	workerAny := map[string]string{webtest.GridWorkerA: "any"}
	point := func(e *webtest.Env) map[string]any {
		return map[string]any{"points": []map[string]any{{"at": e.DB.Clock.Now().UTC(), "lng": 120.63, "lat": 31.31, "accuracy": 10}}}
	}
	nodeOf := func(e *webtest.Env, in bool) int64 {
		if in {
			return e.GridA.ID
		}
		return e.GridB.ID
	}
	authzCases = append(authzCases,
		authzCase{route: "GET /patrol", allow: workerAny, req: fixed("GET", "/patrol")},
		// Starting is allowed to the worker; a second start is a conflict (allowed through
		// the guard), the grid's choice is checked by the patrol tests.
		authzCase{route: "POST /patrol/start", allow: workerAny, req: func(e *webtest.Env, in bool) target {
			return treePageForm("/patrol/start", map[string][]string{"node_id": {fmt.Sprint(e.GridA.ID)}})
		}},
		authzCase{route: "POST /api/v1/patrols", allow: workerAny, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/patrols", json: map[string]any{"node_id": e.GridA.ID}}
		}},
		authzCase{route: "POST /patrol/{id}/end", allow: worker, req: func(e *webtest.Env, in bool) target {
			return treePageForm(fmt.Sprintf("/patrol/%d/end", patrolOf(e, in).ID), map[string][]string{"note": {""}})
		}},
		authzCase{route: "POST /api/v1/patrols/{id}/end", allow: worker, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: fmt.Sprintf("/api/v1/patrols/%d/end", patrolOf(e, in).ID), json: map[string]any{}}
		}},
		authzCase{route: "POST /api/v1/patrols/{id}/points", allow: worker, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: fmt.Sprintf("/api/v1/patrols/%d/points", patrolOf(e, in).ID), json: point(e)}
		}},
		authzCase{route: "GET /api/v1/patrols/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/patrols/%d?track=true", patrolOf(e, in).ID)}
		}},
		authzCase{route: "GET /patrols/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/patrols/%d", patrolOf(e, in).ID)}
		}},
		authzCase{route: "GET /api/v1/patrols", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/patrols?under=%d", nodeOf(e, in))}
		}},
		authzCase{route: "GET /api/v1/patrols/coverage", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/patrols/coverage?node=%d", nodeOf(e, in))}
		}},
		authzCase{route: "GET /patrols", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/patrols?node=%d", nodeOf(e, in))}
		}},
	)
}
