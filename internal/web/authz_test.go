package web_test

import (
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation matrix: for every route, every role, a target inside and outside the
// caller's scope, the expected allow or deny. Each area adds its cases in its own
// authz_*_test.go file by appending to authzCases in an init function; the matrix test
// fails when a route of the table has no case.

// target is one request of the matrix.
type target struct {
	method, path string
	json         any    // JSON body for API routes, or nil
	form         string // urlencoded form body for page POSTs
}

// authzCase says who may call one route. req builds a request whose target lies inside
// grid A (in = true: inside every A-side scope) or inside grid B (in = false: outside
// street A but inside the district). It may create fresh objects through e so that a
// successful write never disturbs the next call.
type authzCase struct {
	route string // "METHOD /path/{pattern}" exactly as in the route table
	req   func(e *webtest.Env, in bool) target
	// allow maps a caller to "in" (allowed inside its scope only), "both" (inside and
	// outside) or "any" (a route with no target, e.g. /api/v1/me). Missing callers are denied.
	allow map[string]string
	fresh bool // sign in anew for each call (the route ends the session)
}

var authzCases []authzCase

// callers are the matrix's callers: "anon" plus the fixture accounts.
var callers = []string{"anon", webtest.Admin, webtest.StaffDist, webtest.StaffA, webtest.StaffCommA, webtest.GridWorkerA,
	webtest.HandlerA, webtest.Supervisor, webtest.Leader, webtest.ResidentPh}

// everyone allows every caller, signed in or not.
var everyone = map[string]string{"anon": "any", webtest.Admin: "any", webtest.StaffDist: "any", webtest.StaffA: "any",
	webtest.StaffCommA: "any", webtest.GridWorkerA: "any", webtest.HandlerA: "any", webtest.Supervisor: "any",
	webtest.Leader: "any", webtest.ResidentPh: "any"}

// signedIn allows every signed-in caller.
func signedIn() map[string]string {
	m := map[string]string{}
	for k, v := range everyone {
		if k != "anon" {
			m[k] = v
		}
	}
	return m
}

func fixed(method, path string) func(*webtest.Env, bool) target {
	return func(*webtest.Env, bool) target { return target{method: method, path: path} }
}

func TestAuthorizationMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("the matrix signs in every role for every route")
	}
	e := webtest.New(t)
	byRoute := map[string]authzCase{}
	for _, c := range authzCases {
		byRoute[c.route] = c
	}
	var missing []string
	for _, r := range e.Server.Routes() {
		if _, ok := byRoute[r.Method+" "+r.Path]; !ok {
			missing = append(missing, r.Method+" "+r.Path)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Fatalf("routes without an authorisation case:\n%s", strings.Join(missing, "\n"))
	}
	clients := map[string]*webtest.Client{"anon": e.Anon()}
	for _, who := range callers[1:] {
		clients[who] = e.Login(who)
	}
	for _, c := range authzCases {
		t.Run(c.route, func(t *testing.T) {
			for _, who := range callers {
				rule := c.allow[who]
				for _, in := range []bool{true, false} {
					if rule == "any" && !in {
						continue
					}
					want := rule == "both" || rule == "any" || rule == "in" && in
					tg := c.req(e, in)
					cl := clients[who]
					if c.fresh && who != "anon" {
						cl = e.Login(who)
					}
					var r *webtest.Response
					switch {
					case tg.json != nil:
						r = cl.JSON(tg.method, tg.path, tg.json)
					case tg.method == http.MethodPost && !strings.HasPrefix(tg.path, "/api/"):
						r = cl.Do(tg.method, tg.path, "application/x-www-form-urlencoded", strings.NewReader(tg.form))
					default:
						r = cl.Do(tg.method, tg.path, "", nil)
					}
					denied := r.StatusCode == http.StatusUnauthorized || r.StatusCode == http.StatusForbidden ||
						r.StatusCode == http.StatusNotFound ||
						(r.StatusCode == http.StatusSeeOther && strings.HasPrefix(r.Header.Get("Location"), "/login?next="))
					// Allowed means the guard let the call through: bad input (400) or a
					// conflict still proves that, and the cases send valid requests where
					// they can.
					if want && (denied || r.StatusCode >= 500) {
						t.Errorf("%s (in=%v) %s %s: want allowed, got %d %s", who, in, tg.method, tg.path, r.StatusCode, snippet(r.Body))
					}
					if !want && !denied {
						t.Errorf("%s (in=%v) %s %s: want denied, got %d", who, in, tg.method, tg.path, r.StatusCode)
					}
				}
			}
		})
	}
}

func jsonReq(method, path string, body any) func(*webtest.Env, bool) target {
	return func(*webtest.Env, bool) target { return target{method: method, path: path, json: body} }
}

func snippet(s string) string {
	if len(s) > 200 {
		return s[:200]
	}
	return s
}

func init() {
	staffish := signedIn()
	delete(staffish, webtest.ResidentPh)
	authzCases = append(authzCases,
		authzCase{route: "GET /healthz", req: fixed("GET", "/healthz"), allow: everyone},
		authzCase{route: "GET /readyz", req: fixed("GET", "/readyz"), allow: everyone},
		authzCase{route: "GET /metrics", req: fixed("GET", "/metrics"), allow: everyone},
		authzCase{route: "GET /api/v1/openapi.json", req: fixed("GET", "/api/v1/openapi.json"), allow: everyone},
		authzCase{route: "GET /login", req: fixed("GET", "/login"), allow: everyone},
		authzCase{route: "GET /signup", req: fixed("GET", "/signup"), allow: everyone},
		authzCase{route: "GET /prefs", req: fixed("GET", "/prefs?lang=zh-CN"), allow: everyone},
		authzCase{route: "GET /{$}", req: fixed("GET", "/"), allow: signedIn()},
		authzCase{route: "GET /account/password", req: fixed("GET", "/account/password"), allow: signedIn()},
		authzCase{route: "GET /api/v1/me", req: fixed("GET", "/api/v1/me"), allow: signedIn()},
		// Sign-in and sign-up are open to all; empty submissions get field errors (400).
		authzCase{route: "POST /login", req: fixed("POST", "/login"), allow: everyone},
		authzCase{route: "POST /signup", req: fixed("POST", "/signup"), allow: everyone},
		authzCase{route: "POST /api/v1/session", req: jsonReq("POST", "/api/v1/session", map[string]string{}), allow: everyone},
		authzCase{route: "POST /api/v1/signup", req: jsonReq("POST", "/api/v1/signup", map[string]string{}), allow: everyone},
		authzCase{route: "POST /api/v1/signup/code", req: jsonReq("POST", "/api/v1/signup/code", map[string]string{}), allow: everyone},
		authzCase{route: "POST /account/password", req: fixed("POST", "/account/password"), allow: signedIn()},
		authzCase{route: "PUT /api/v1/me/password", req: jsonReq("PUT", "/api/v1/me/password", map[string]string{}), allow: signedIn()},
		authzCase{route: "POST /logout", req: fixed("POST", "/logout"), allow: signedIn(), fresh: true},
		authzCase{route: "DELETE /api/v1/session", req: fixed("DELETE", "/api/v1/session"), allow: signedIn(), fresh: true},
	)
}
