package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// Authorisation cases for accounts, API tokens and the audit log. Expectations follow the
// permission table in internal/account/role.go:
//
//	user.view       admin, staff, leader          (scope: the caller's subtree)
//	user.manage     admin, staff                  (staff never manage administrators)
//	personal.unmask admin, staff
//	token.manage    admin only
//	audit.view      admin, supervisor             (storage filters entries by scope)
//	audit verify    administrators only (checked in the handler: it reads every scope)
//
// Targets are grid workers in grid A (in) or grid B (out): fresh ones where a write
// would disturb the next call, shared ones otherwise.

var usersAuthzSeq atomic.Int64

// usersAuthzUser makes a fresh grid worker with a phone in grid A (in) or grid B (out).
func usersAuthzUser(e *webtest.Env, in bool) *account.User {
	grid := e.GridB
	if in {
		grid = e.GridA
	}
	n := usersAuthzSeq.Add(1)
	return e.User(fmt.Sprintf("authz.u%d", n), account.GridWorker, grid.ID, 0, fmt.Sprintf("136%08d", n))
}

// usersAuthzShared returns one grid worker per side for calls that leave an account usable by
// the next call (reads, resets, enable, disable, unlock): making a fresh account hashes
// a password, which would make the matrix slow.
func usersAuthzShared(e *webtest.Env, in bool) *account.User {
	usersAuthzMu.Lock()
	defer usersAuthzMu.Unlock()
	k := usersAuthzKey{e, in}
	if u := usersAuthzUsers[k]; u != nil {
		return u
	}
	u := usersAuthzUser(e, in)
	usersAuthzUsers[k] = u
	return u
}

type usersAuthzKey struct {
	e  *webtest.Env
	in bool
}

var (
	usersAuthzMu    sync.Mutex
	usersAuthzUsers = map[usersAuthzKey]*account.User{}
)

func usersAuthzPath(e *webtest.Env, in bool, suffix string) string {
	return "/admin/users/" + strconv.FormatInt(usersAuthzShared(e, in).ID, 10) + suffix
}

func usersAuthzAPIPath(e *webtest.Env, in bool, suffix string) string {
	return "/api/v1/users/" + strconv.FormatInt(usersAuthzShared(e, in).ID, 10) + suffix
}

// usersAuthzNew is a valid new account: a grid worker in grid A (in), or (out) a
// resident. Creating a grid worker in grid B as staff of street A is refused as a field
// error, since grid B does not exist for them (400, tested in user_test.go); the matrix
// needs a target its scope check refuses, and residents sit at the root of the tree,
// outside every scope but the administrator's.
func usersAuthzNew(e *webtest.Env, in bool) map[string]any {
	n := usersAuthzSeq.Add(1)
	if in {
		return map[string]any{"username": fmt.Sprintf("authz.n%d", n), "display_name": "新网格员", "role": "grid_worker",
			"node_id": e.GridA.ID, "password": "Passw0rd!x"}
	}
	return map[string]any{"display_name": "新居民", "role": "resident", "phone": fmt.Sprintf("135%08d", n), "password": "Passw0rd!x"}
}

func usersFormOf(m map[string]any) url.Values {
	v := url.Values{}
	for k, x := range m {
		v.Set(k, fmt.Sprint(x))
	}
	return v
}

func usersAuthzToken(e *webtest.Env, in bool) int64 {
	u := usersAuthzShared(e, in)
	_, t, err := e.DB.CreateToken(context.Background(), e.Sys, u.ID, "authz", 30)
	if err != nil {
		e.T.Fatal(err)
	}
	return t.ID
}

func init() {
	manage := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in"}
	viewers := map[string]string{webtest.Leader: "both"}
	for k, v := range manage {
		viewers[k] = v
	}
	managers := map[string]string{webtest.Admin: "any", webtest.StaffDist: "any", webtest.StaffA: "any", webtest.StaffCommA: "any"}
	// Creating: the out-of-scope target is a resident (see usersAuthzNew), outside the
	// scope of every staff member, district staff included.
	creators := map[string]string{webtest.Admin: "both", webtest.StaffDist: "in", webtest.StaffA: "in", webtest.StaffCommA: "in"}
	adminOnly := map[string]string{webtest.Admin: "any"}
	adminBoth := map[string]string{webtest.Admin: "both"}
	auditors := map[string]string{webtest.Admin: "any", webtest.Supervisor: "any"}

	listAt := func(base string) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			n := e.GridB
			if in {
				n = e.GridA
			}
			return target{method: "GET", path: base + "?node=" + strconv.FormatInt(n.ID, 10)}
		}
	}
	pagePost := func(suffix string, form func(e *webtest.Env, in bool) url.Values) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			f := url.Values{}
			if form != nil {
				f = form(e, in)
			}
			return target{method: "POST", path: usersAuthzPath(e, in, suffix), form: f.Encode()}
		}
	}
	apiPost := func(method, suffix string, body any) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			return target{method: method, path: usersAuthzAPIPath(e, in, suffix), json: body}
		}
	}

	authzCases = append(authzCases,
		// Accounts: pages.
		authzCase{route: "GET /admin/users", req: listAt("/admin/users"), allow: viewers},
		authzCase{route: "GET /admin/users/new", req: fixed("GET", "/admin/users/new"), allow: managers},
		authzCase{route: "POST /admin/users", req: func(e *webtest.Env, in bool) target {
			f := usersFormOf(usersAuthzNew(e, in))
			f.Set("action", "create")
			return target{method: "POST", path: "/admin/users", form: f.Encode()}
		}, allow: creators},
		authzCase{route: "GET /admin/users/{id}", req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: usersAuthzPath(e, in, "")}
		}, allow: viewers},
		authzCase{route: "POST /admin/users/{id}", req: func(e *webtest.Env, in bool) target {
			u := usersAuthzUser(e, in)
			f := url.Values{"action": {"save"}, "version": {strconv.Itoa(u.Version)}, "username": {u.Username},
				"display_name": {"改过的名字"}, "role": {"grid_worker"}, "node_id": {strconv.FormatInt(u.NodeID, 10)}}
			return target{method: "POST", path: "/admin/users/" + strconv.FormatInt(u.ID, 10), form: f.Encode()}
		}, allow: manage},
		authzCase{route: "POST /admin/users/{id}/password", req: pagePost("/password", func(*webtest.Env, bool) url.Values {
			return url.Values{"password": {"Another-pass-9"}}
		}), allow: manage},
		authzCase{route: "POST /admin/users/{id}/disable", req: pagePost("/disable", nil), allow: manage},
		authzCase{route: "POST /admin/users/{id}/enable", req: pagePost("/enable", nil), allow: manage},
		authzCase{route: "POST /admin/users/{id}/unlock", req: pagePost("/unlock", nil), allow: manage},
		authzCase{route: "POST /admin/users/{id}/unmask", req: pagePost("/unmask", func(*webtest.Env, bool) url.Values {
			return url.Values{"purpose": {"核实联系方式"}}
		}), allow: manage},

		// Accounts: API.
		authzCase{route: "GET /api/v1/users", req: listAt("/api/v1/users"), allow: viewers},
		authzCase{route: "POST /api/v1/users", req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/users", json: usersAuthzNew(e, in)}
		}, allow: creators},
		authzCase{route: "GET /api/v1/users/{id}", req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: usersAuthzAPIPath(e, in, "")}
		}, allow: viewers},
		authzCase{route: "PATCH /api/v1/users/{id}", req: apiPost("PATCH", "", map[string]any{"display_name": "改过的名字"}), allow: manage},
		authzCase{route: "POST /api/v1/users/{id}/password", req: apiPost("POST", "/password", map[string]any{"generate_password": true}), allow: manage},
		authzCase{route: "POST /api/v1/users/{id}/disable", req: apiPost("POST", "/disable", nil), allow: manage},
		authzCase{route: "POST /api/v1/users/{id}/enable", req: apiPost("POST", "/enable", nil), allow: manage},
		authzCase{route: "POST /api/v1/users/{id}/unlock", req: apiPost("POST", "/unlock", nil), allow: manage},
		authzCase{route: "POST /api/v1/users/{id}/unmask", req: apiPost("POST", "/unmask", map[string]any{"purpose": "核实联系方式"}), allow: manage},

		// API tokens: administrators only (token.manage), for any account in scope.
		authzCase{route: "GET /admin/tokens", req: fixed("GET", "/admin/tokens"), allow: adminOnly},
		authzCase{route: "POST /admin/tokens", req: func(e *webtest.Env, in bool) target {
			f := url.Values{"user": {strconv.FormatInt(usersAuthzShared(e, in).ID, 10)}, "name": {"对接"}, "days": {"30"}}
			return target{method: "POST", path: "/admin/tokens", form: f.Encode()}
		}, allow: adminBoth},
		authzCase{route: "POST /admin/tokens/{id}/revoke", req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: fmt.Sprintf("/admin/tokens/%d/revoke", usersAuthzToken(e, in))}
		}, allow: adminBoth},
		authzCase{route: "GET /api/v1/tokens", req: fixed("GET", "/api/v1/tokens"), allow: adminOnly},
		authzCase{route: "POST /api/v1/tokens", req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/tokens", json: map[string]any{"user_id": usersAuthzShared(e, in).ID, "name": "对接", "days": 30}}
		}, allow: adminBoth},
		authzCase{route: "POST /api/v1/tokens/{id}/revoke", req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: fmt.Sprintf("/api/v1/tokens/%d/revoke", usersAuthzToken(e, in))}
		}, allow: adminBoth},

		// The audit log: searching is scoped by storage, so it has no out-of-scope target.
		authzCase{route: "GET /admin/audit", req: fixed("GET", "/admin/audit?entity=user"), allow: auditors},
		authzCase{route: "POST /admin/audit/verify", req: fixed("POST", "/admin/audit/verify"), allow: adminOnly},
		authzCase{route: "GET /api/v1/audit", req: fixed("GET", "/api/v1/audit?action=user."), allow: auditors},
		authzCase{route: "POST /api/v1/audit/verify", req: fixed("POST", "/api/v1/audit/verify"), allow: adminOnly},
	)
}
