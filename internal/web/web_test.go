package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func TestLoginEveryRoleSeesHome(t *testing.T) {
	e := webtest.New(t)
	for _, login := range []string{webtest.Admin, webtest.StaffA, webtest.GridWorkerA, webtest.HandlerA, webtest.Supervisor,
		webtest.Leader, webtest.ResidentPh} {
		t.Run(login, func(t *testing.T) {
			c := e.Login(login)
			r := c.Get("/")
			if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "您好") {
				t.Fatalf("home: %d %s", r.StatusCode, r.Body)
			}
			c.Lang = "en"
			if r := c.Get("/"); !strings.Contains(r.Body, "Hello") {
				t.Fatalf("English home: %s", r.Body)
			}
		})
	}
}

func TestBadLoginsAreIndistinguishable(t *testing.T) {
	e := webtest.New(t)
	// Lock staff.b with five wrong passwords.
	for i := 0; i < 5; i++ {
		e.Anon().PostForm("/login", url.Values{"login": {webtest.StaffB}, "password": {"wrong-password1"}})
	}
	cases := map[string]url.Values{
		"wrong password": {"login": {webtest.StaffA}, "password": {"wrong-password1"}},
		"unknown user":   {"login": {"nobody"}, "password": {"wrong-password1"}},
		"locked":         {"login": {webtest.StaffB}, "password": {webtest.Password}},
	}
	var bodies []string
	for name, v := range cases {
		r := e.Anon().PostForm("/login", v)
		if r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("%s: status %d", name, r.StatusCode)
		}
		// The page echoes the typed login back into its field; everything else must match.
		bodies = append(bodies, strings.ReplaceAll(r.Body, `value="`+v.Get("login")+`"`, `value=""`))
	}
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Fatal("failed sign-ins differ")
		}
	}
}

func mustPrincipal(t *testing.T, e *webtest.Env, username string) *account.Principal {
	t.Helper()
	p, err := e.DB.PrincipalFor(t.Context(), e.Users[username].ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}
