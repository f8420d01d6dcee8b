package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func TestTokenWorksWithOwnersScopeUntilRevoked(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	r := admin.PostForm("/admin/tokens", url.Values{"user": {webtest.StaffA}, "name": {"12345 热线对接"}, "days": {"30"}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, snippet(r.Body))
	}
	secret := usersSecretOf(t, r.Body)
	if !strings.HasPrefix(secret, "shq_") || !strings.Contains(r.Body, `data-copy="token-secret"`) || !strings.Contains(r.Body, "令牌只显示这一次") {
		t.Fatalf("secret page: %s", snippet(r.Body))
	}
	// The list shows the prefix, never the secret again.
	r = admin.Get("/admin/tokens")
	if strings.Contains(r.Body, secret) || !strings.Contains(r.Body, secret[:10]) || !strings.Contains(r.Body, "12345 热线对接") {
		t.Fatal("token list")
	}

	bot := e.Anon()
	bot.Token = secret
	r = bot.Get("/api/v1/me")
	if r.StatusCode != 200 || !strings.Contains(r.Body, `"username":"staff.a"`) {
		t.Fatalf("me: %d %s", r.StatusCode, r.Body)
	}
	r = bot.Get("/api/v1/users")
	if !strings.Contains(r.Body, `"username":"grid.a"`) || strings.Contains(r.Body, `"username":"staff.b"`) {
		t.Fatalf("token scope: %s", r.Body)
	}
	if r := bot.Get("/api/v1/users/" + usersID(e, webtest.StaffB)); r.StatusCode != 404 {
		t.Fatalf("token reaches street B: %d", r.StatusCode)
	}
	// Tokens carry the owner's permissions: staff do not manage tokens.
	if r := bot.Get("/api/v1/tokens"); r.StatusCode != 403 {
		t.Fatalf("token lists tokens: %d", r.StatusCode)
	}
	// Writes work without cross-origin headers, as machine clients send none.
	r = bot.JSON("PATCH", "/api/v1/users/"+usersID(e, webtest.GridWorkerA), map[string]any{"display_name": "机器改名"})
	if r.StatusCode != 200 {
		t.Fatalf("token write: %d %s", r.StatusCode, r.Body)
	}

	id := regexp.MustCompile(`action="/admin/tokens/(\d+)/revoke"`).FindStringSubmatch(admin.Get("/admin/tokens").Body)
	if id == nil {
		t.Fatal("no revoke button")
	}
	r = admin.PostForm("/admin/tokens/"+id[1]+"/revoke", nil)
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Set-Cookie"), "flash.token_revoked") {
		t.Fatalf("revoke: %d", r.StatusCode)
	}
	if r := bot.Get("/api/v1/me"); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("revoked token still works: %d", r.StatusCode)
	}
	r = admin.PostForm("/admin/tokens/"+id[1]+"/revoke", nil)
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "该令牌已吊销") {
		t.Fatalf("revoke twice: %d", r.StatusCode)
	}
	if r := admin.Get("/admin/tokens"); !strings.Contains(r.Body, "已吊销") {
		t.Fatal("revoked token not marked")
	}
}

func TestTokenExpiresAndStopsWithItsAccount(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	var out struct {
		Token struct {
			ID      int64      `json:"id"`
			Expires *time.Time `json:"expires_at"`
			Active  bool       `json:"active"`
		} `json:"token"`
		Secret string `json:"secret"`
	}
	r := admin.JSON("POST", "/api/v1/tokens", map[string]any{"user_id": e.Users[webtest.GridWorkerA].ID, "name": "巡查 App", "days": 1})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
	r.JSON(t, &out)
	if !out.Token.Active || out.Token.Expires == nil || !strings.HasPrefix(out.Secret, "shq_") {
		t.Fatalf("created: %s", r.Body)
	}
	bot := e.Anon()
	bot.Token = out.Secret
	if r := bot.Get("/api/v1/me"); r.StatusCode != 200 {
		t.Fatalf("new token: %d", r.StatusCode)
	}
	// The list never shows secrets or hashes.
	r = admin.Get("/api/v1/tokens?user=" + usersID(e, webtest.GridWorkerA))
	if strings.Contains(r.Body, out.Secret) || strings.Contains(r.Body, "hash") || !strings.Contains(r.Body, `"name":"巡查 App"`) {
		t.Fatalf("list: %s", r.Body)
	}
	e.DB.Clock.Advance(25 * time.Hour)
	if r := bot.Get("/api/v1/me"); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("expired token works: %d", r.StatusCode)
	}
	admin = e.Login(webtest.Admin) // the session ended with the idle day

	// A token stops when its account is disabled.
	r = admin.JSON("POST", "/api/v1/tokens", map[string]any{"user_id": e.Users[webtest.GridWorkerA].ID, "name": "长期", "days": 0})
	out.Token.Expires = nil
	r.JSON(t, &out)
	if out.Token.Expires != nil {
		t.Fatal("days 0 should never expire")
	}
	bot.Token = out.Secret
	admin.JSON("POST", "/api/v1/users/"+usersID(e, webtest.GridWorkerA)+"/disable", nil)
	if r := bot.Get("/api/v1/me"); r.StatusCode != http.StatusUnauthorized {
		t.Fatalf("token of a disabled account works: %d", r.StatusCode)
	}
	r = admin.JSON("POST", "/api/v1/tokens/"+strconv.FormatInt(out.Token.ID, 10)+"/revoke", nil)
	if r.StatusCode != http.StatusNoContent {
		t.Fatalf("API revoke: %d %s", r.StatusCode, r.Body)
	}
	if r := admin.JSON("POST", "/api/v1/tokens/"+strconv.FormatInt(out.Token.ID, 10)+"/revoke", nil); r.StatusCode != http.StatusConflict {
		t.Fatalf("API revoke twice: %d", r.StatusCode)
	}
	if r := admin.JSON("POST", "/api/v1/tokens/999999/revoke", nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("API revoke unknown: %d", r.StatusCode)
	}
}

func TestTokenBadInput(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	e.DB.SetUserDisabled(t.Context(), e.Sys, e.Users[webtest.HandlerA].ID, true)
	form := func(kv ...string) url.Values {
		v := url.Values{"user": {webtest.GridWorkerA}, "name": {"对接"}, "days": {"30"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name, field, msg string
		form             url.Values
	}{
		{"no name", "name", "必填", form("name", "")},
		{"long name", "name", "不能超过 60 个字", form("name", strings.Repeat("长", 61))},
		{"days out of range", "days", "应在 0 到 3650 之间", form("days", "5000")},
		{"negative days", "days", "应在 0 到 3650 之间", form("days", "-1")},
		{"days not a number", "days", "请输入数字", form("days", "abc")},
		{"no account", "user", "必填", form("user", "")},
		{"unknown account", "user", "找不到该账号", form("user", "nobody")},
		{"unknown account id", "user", "找不到该账号", form("user", "999999")},
		{"disabled account", "user", "该账号已停用", form("user", webtest.HandlerA)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := admin.PostForm("/admin/tokens", tt.form)
			if r.StatusCode != 400 || !usersFieldErr(r.Body, tt.field, tt.msg) || strings.Contains(r.Body, "shq_") {
				t.Fatalf("status %d: %s", r.StatusCode, snippet(r.Body))
			}
		})
	}
	admin.Lang = "en"
	if r := admin.PostForm("/admin/tokens", form("days", "5000")); !usersFieldErr(r.Body, "days", "Must be between 0 and 3650") {
		t.Fatal("English message")
	}
	admin.Lang = ""
	for _, tt := range []struct {
		name  string
		body  any
		field string
		msg   string
	}{
		{"unknown field", `{"user_id":1,"name":"x","days":1,"scope":"all"}`, "scope", "不认识的字段"},
		{"wrong type", `{"user_id":1,"name":"x","days":"30"}`, "days", "类型不正确"},
		{"unknown account", map[string]any{"user_id": 999999, "name": "x", "days": 1}, "user_id", "找不到该账号"},
		{"no name", map[string]any{"user_id": e.Users[webtest.GridWorkerA].ID, "name": " ", "days": 1}, "name", "必填"},
	} {
		r := admin.JSON("POST", "/api/v1/tokens", tt.body)
		if r.StatusCode != 400 || !strings.Contains(usersErrOf(t, r).Error.Fields[tt.field], tt.msg) {
			t.Errorf("API %s: %d %s", tt.name, r.StatusCode, r.Body)
		}
	}
	// Staff manage no tokens, for their own street or another.
	staff := e.Login(webtest.StaffA)
	if r := staff.PostForm("/admin/tokens", form("user", webtest.StaffB)); r.StatusCode != 403 {
		t.Fatalf("staff token for street B: %d", r.StatusCode)
	}
	if r := staff.JSON("POST", "/api/v1/tokens", map[string]any{"user_id": e.Users[webtest.StaffB].ID, "name": "x", "days": 1}); r.StatusCode != 403 {
		t.Fatalf("staff API token for street B: %d", r.StatusCode)
	}
	if r := staff.Get("/admin/tokens"); r.StatusCode != 403 {
		t.Fatalf("staff token page: %d", r.StatusCode)
	}
}

func TestTokenFromAccountPage(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	id := usersID(e, webtest.StaffB)
	r := admin.Get("/admin/users/" + id)
	if !strings.Contains(r.Body, `<input type="hidden" name="user" value="`+id+`">`) || !strings.Contains(r.Body, `value="90"`) {
		t.Fatalf("account page token form: %s", snippet(r.Body))
	}
	r = admin.PostForm("/admin/tokens", url.Values{"user": {id}, "name": {"数据交换"}, "days": {"90"}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d", r.StatusCode)
	}
	r = admin.Get("/admin/users/" + id)
	if !strings.Contains(r.Body, "数据交换") {
		t.Fatal("token not on the account page")
	}
	r = admin.Get("/admin/tokens?user=" + id)
	if !strings.Contains(r.Body, "数据交换") || !strings.Contains(r.Body, `value="staff.b"`) {
		t.Fatal("filtered token list")
	}
	if r := admin.Get("/admin/tokens?user=" + usersID(e, webtest.StaffA)); strings.Contains(r.Body, "数据交换") {
		t.Fatal("filter shows other accounts' tokens")
	}
	revoke := regexp.MustCompile(`action="(/admin/tokens/\d+/revoke)"`).FindStringSubmatch(admin.Get("/admin/users/" + id).Body)
	r = admin.PostForm(revoke[1], url.Values{"back_user": {id}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/users/"+id {
		t.Fatalf("revoke from the account page: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
}
