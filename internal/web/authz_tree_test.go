package web_test

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the tree and unit routes. Reading needs tree.view, which
// every role but residents holds; writing needs tree.manage or unit.manage, which only
// administrators and area staff hold. Inside grid A every bound account reaches the
// target; inside grid B only the administrator and the district-wide accounts do.

// treeReaders may read the tree: "both" for district-wide scopes, "in" for street A and below.
func treeReaders() map[string]string {
	return map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.Leader: "both",
		webtest.StaffA: "in", webtest.StaffCommA: "in", webtest.GridWorkerA: "in", webtest.HandlerA: "in", webtest.Supervisor: "in"}
}

// treeManagers may change nodes and units.
func treeManagers() map[string]string {
	return map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in"}
}

// treeAnyOf turns a rule map into one for a route with no target.
func treeAnyOf(m map[string]string) map[string]string {
	out := map[string]string{}
	for k := range m {
		out[k] = "any"
	}
	return out
}

// treeFixtures hands out fresh objects for the matrix, per test environment: micro-grids
// under grid A or B (rolling over to a fresh grid when a grid's 99 codes are used up),
// a destination grid for moves, and units.
type treeFixtures struct {
	mu     sync.Mutex
	parent map[bool]*admin.Node
	used   map[bool]int
	grids  map[bool]int
	dest   map[bool]*admin.Node
	unit   map[bool]*admin.Unit
	units  int
}

var (
	treeFixturesMu  sync.Mutex
	treeFixturesFor = map[*webtest.Env]*treeFixtures{}
)

func treeFixturesOf(e *webtest.Env) *treeFixtures {
	treeFixturesMu.Lock()
	defer treeFixturesMu.Unlock()
	f := treeFixturesFor[e]
	if f == nil {
		f = &treeFixtures{parent: map[bool]*admin.Node{}, used: map[bool]int{}, grids: map[bool]int{},
			dest: map[bool]*admin.Node{}, unit: map[bool]*admin.Unit{}}
		treeFixturesFor[e] = f
	}
	return f
}

func treeSide(e *webtest.Env, in bool) (grid, comm *admin.Node) {
	if in {
		return e.GridA, e.CommA
	}
	return e.GridB, e.CommB
}

func treeNewNode(e *webtest.Env, in admin.NodeInput) *admin.Node {
	e.T.Helper()
	n, err := e.DB.CreateNode(context.Background(), e.Sys, in)
	if err != nil {
		e.T.Fatalf("create node %+v: %v", in, err)
	}
	return n
}

// slot returns a parent grid and a micro-grid code nobody uses under it yet.
func (f *treeFixtures) slot(e *webtest.Env, in bool) (*admin.Node, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	grid, comm := treeSide(e, in)
	if f.parent[in] == nil {
		f.parent[in] = grid
	}
	if f.used[in] == 99 {
		f.grids[in]++
		f.parent[in] = treeNewNode(e, admin.NodeInput{ParentID: comm.ID, Code: fmt.Sprintf("%d", 100+f.grids[in]),
			Name: fmt.Sprintf("授权测试网格%d", f.grids[in])})
		f.used[in] = 0
	}
	f.used[in]++
	return f.parent[in], fmt.Sprintf("%02d", f.used[in])
}

// micro creates a fresh micro-grid inside grid A (in) or grid B.
func (f *treeFixtures) micro(e *webtest.Env, in bool) *admin.Node {
	parent, code := f.slot(e, in)
	return treeNewNode(e, admin.NodeInput{ParentID: parent.ID, Code: code, Name: "授权测试微网格" + code})
}

// retiredMicro creates a fresh micro-grid and retires it (its version is then 2).
func (f *treeFixtures) retiredMicro(e *webtest.Env, in bool) *admin.Node {
	n := f.micro(e, in)
	if err := e.DB.RetireNode(context.Background(), e.Sys, n.ID, n.Version); err != nil {
		e.T.Fatal(err)
	}
	return n
}

// destination is a second grid in the same community, to move micro-grids into.
func (f *treeFixtures) destination(e *webtest.Env, in bool) *admin.Node {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.dest[in] == nil {
		_, comm := treeSide(e, in)
		f.dest[in] = treeNewNode(e, admin.NodeInput{ParentID: comm.ID, Code: "99", Name: "授权测试目标网格"})
	}
	return f.dest[in]
}

// freshUnit creates a unit attached to grid A or B.
func (f *treeFixtures) freshUnit(e *webtest.Env, in bool) *admin.Unit {
	f.mu.Lock()
	f.units++
	name := fmt.Sprintf("授权测试单位%d", f.units)
	f.mu.Unlock()
	grid, _ := treeSide(e, in)
	u, err := e.DB.CreateUnit(context.Background(), e.Sys, admin.UnitInput{NodeID: grid.ID, Kind: admin.Department, Name: name})
	if err != nil {
		e.T.Fatal(err)
	}
	return u
}

// readUnit is one unit per side for the read routes.
func (f *treeFixtures) readUnit(e *webtest.Env, in bool) *admin.Unit {
	f.mu.Lock()
	u := f.unit[in]
	f.mu.Unlock()
	if u == nil {
		u = f.freshUnit(e, in)
		f.mu.Lock()
		f.unit[in] = u
		f.mu.Unlock()
	}
	return u
}

func (f *treeFixtures) nextName() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.units++
	return fmt.Sprintf("授权测试单位%d", f.units)
}

func treePageForm(path string, v url.Values) target {
	return target{method: "POST", path: path, form: v.Encode()}
}

func init() {
	readers, managers := treeReaders(), treeManagers()
	gridOf := func(e *webtest.Env, in bool) *admin.Node { g, _ := treeSide(e, in); return g }
	authzCases = append(authzCases,
		// Pages of the tree.
		authzCase{route: "GET /admin/nodes", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/admin/nodes?under=%d", gridOf(e, in).ID)}
		}},
		authzCase{route: "GET /admin/nodes/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/admin/nodes/%d", gridOf(e, in).ID)}
		}},
		authzCase{route: "POST /admin/nodes", allow: managers, req: func(e *webtest.Env, in bool) target {
			parent, code := treeFixturesOf(e).slot(e, in)
			return treePageForm("/admin/nodes", url.Values{"parent_id": {fmt.Sprint(parent.ID)}, "code": {code}, "name": {"授权测试新增"}})
		}},
		authzCase{route: "POST /admin/nodes/{id}", allow: managers, req: func(e *webtest.Env, in bool) target {
			n := treeFixturesOf(e).micro(e, in)
			return treePageForm(fmt.Sprintf("/admin/nodes/%d", n.ID), url.Values{"name": {"改名后"}, "code": {n.Code}, "version": {"1"}})
		}},
		authzCase{route: "POST /admin/nodes/{id}/move", allow: managers, req: func(e *webtest.Env, in bool) target {
			f := treeFixturesOf(e)
			n, dest := f.micro(e, in), f.destination(e, in)
			return treePageForm(fmt.Sprintf("/admin/nodes/%d/move", n.ID), url.Values{"parent_id": {fmt.Sprint(dest.ID)}, "version": {"1"}})
		}},
		authzCase{route: "POST /admin/nodes/{id}/retire", allow: managers, req: func(e *webtest.Env, in bool) target {
			n := treeFixturesOf(e).micro(e, in)
			return treePageForm(fmt.Sprintf("/admin/nodes/%d/retire", n.ID), url.Values{"version": {"1"}})
		}},
		authzCase{route: "POST /admin/nodes/{id}/restore", allow: managers, req: func(e *webtest.Env, in bool) target {
			n := treeFixturesOf(e).retiredMicro(e, in)
			return treePageForm(fmt.Sprintf("/admin/nodes/%d/restore", n.ID), url.Values{"version": {"2"}})
		}},

		// API of the tree.
		authzCase{route: "GET /api/v1/nodes", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/nodes?under=%d", gridOf(e, in).ID)}
		}},
		authzCase{route: "GET /api/v1/nodes/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/nodes/%d", gridOf(e, in).ID)}
		}},
		authzCase{route: "POST /api/v1/nodes", allow: managers, req: func(e *webtest.Env, in bool) target {
			parent, code := treeFixturesOf(e).slot(e, in)
			return target{method: "POST", path: "/api/v1/nodes", json: map[string]any{"parent_id": parent.ID, "code": code, "name": "授权测试新增"}}
		}},
		authzCase{route: "PATCH /api/v1/nodes/{id}", allow: managers, req: func(e *webtest.Env, in bool) target {
			n := treeFixturesOf(e).micro(e, in)
			return target{method: "PATCH", path: fmt.Sprintf("/api/v1/nodes/%d", n.ID), json: map[string]any{"name": "改名后", "version": 1}}
		}},
		authzCase{route: "POST /api/v1/nodes/{id}/move", allow: managers, req: func(e *webtest.Env, in bool) target {
			f := treeFixturesOf(e)
			n, dest := f.micro(e, in), f.destination(e, in)
			return target{method: "POST", path: fmt.Sprintf("/api/v1/nodes/%d/move", n.ID), json: map[string]any{"parent_id": dest.ID, "version": 1}}
		}},
		authzCase{route: "POST /api/v1/nodes/{id}/retire", allow: managers, req: func(e *webtest.Env, in bool) target {
			n := treeFixturesOf(e).micro(e, in)
			return target{method: "POST", path: fmt.Sprintf("/api/v1/nodes/%d/retire", n.ID), json: map[string]any{"version": 1}}
		}},
		authzCase{route: "POST /api/v1/nodes/{id}/restore", allow: managers, req: func(e *webtest.Env, in bool) target {
			n := treeFixturesOf(e).retiredMicro(e, in)
			return target{method: "POST", path: fmt.Sprintf("/api/v1/nodes/%d/restore", n.ID), json: map[string]any{"version": 2}}
		}},

		// Pages of units.
		authzCase{route: "GET /admin/units", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/admin/units?under=%d", gridOf(e, in).ID)}
		}},
		authzCase{route: "GET /admin/units/new", allow: treeAnyOf(managers), req: fixed("GET", "/admin/units/new")},
		authzCase{route: "GET /admin/units/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/admin/units/%d", treeFixturesOf(e).readUnit(e, in).ID)}
		}},
		authzCase{route: "POST /admin/units", allow: managers, req: func(e *webtest.Env, in bool) target {
			return treePageForm("/admin/units", url.Values{"node_id": {fmt.Sprint(gridOf(e, in).ID)}, "kind": {"department"},
				"name": {treeFixturesOf(e).nextName()}})
		}},
		authzCase{route: "POST /admin/units/{id}", allow: managers, req: func(e *webtest.Env, in bool) target {
			u := treeFixturesOf(e).freshUnit(e, in)
			return treePageForm(fmt.Sprintf("/admin/units/%d", u.ID), url.Values{"node_id": {fmt.Sprint(u.NodeID)}, "kind": {"embedded"},
				"name": {u.Name}, "phone": {"12345"}, "version": {"1"}})
		}},
		authzCase{route: "POST /admin/units/{id}/retire", allow: managers, req: func(e *webtest.Env, in bool) target {
			u := treeFixturesOf(e).freshUnit(e, in)
			return treePageForm(fmt.Sprintf("/admin/units/%d/retire", u.ID), url.Values{"version": {"1"}})
		}},
		authzCase{route: "POST /admin/units/{id}/restore", allow: managers, req: func(e *webtest.Env, in bool) target {
			u := treeFixturesOf(e).freshUnit(e, in)
			if err := e.DB.SetUnitRetired(context.Background(), e.Sys, u.ID, true, 1); err != nil {
				e.T.Fatal(err)
			}
			return treePageForm(fmt.Sprintf("/admin/units/%d/restore", u.ID), url.Values{"version": {"2"}})
		}},

		// API of units.
		authzCase{route: "GET /api/v1/units", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/units?under=%d", gridOf(e, in).ID)}
		}},
		authzCase{route: "GET /api/v1/units/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/units/%d", treeFixturesOf(e).readUnit(e, in).ID)}
		}},
		authzCase{route: "POST /api/v1/units", allow: managers, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/units", json: map[string]any{"node_id": gridOf(e, in).ID, "kind": "department",
				"name": treeFixturesOf(e).nextName()}}
		}},
		authzCase{route: "PATCH /api/v1/units/{id}", allow: managers, req: func(e *webtest.Env, in bool) target {
			u := treeFixturesOf(e).freshUnit(e, in)
			return target{method: "PATCH", path: fmt.Sprintf("/api/v1/units/%d", u.ID), json: map[string]any{"phone": "12345", "version": 1}}
		}},
		authzCase{route: "POST /api/v1/units/{id}/retire", allow: managers, req: func(e *webtest.Env, in bool) target {
			u := treeFixturesOf(e).freshUnit(e, in)
			return target{method: "POST", path: fmt.Sprintf("/api/v1/units/%d/retire", u.ID), json: map[string]any{"version": 1}}
		}},
		authzCase{route: "POST /api/v1/units/{id}/restore", allow: managers, req: func(e *webtest.Env, in bool) target {
			u := treeFixturesOf(e).freshUnit(e, in)
			if err := e.DB.SetUnitRetired(context.Background(), e.Sys, u.ID, true, 1); err != nil {
				e.T.Fatal(err)
			}
			return target{method: "POST", path: fmt.Sprintf("/api/v1/units/%d/restore", u.ID), json: map[string]any{"version": 2}}
		}},
	)
}
