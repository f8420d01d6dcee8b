package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// usersFieldErr reports whether a page shows msg as the error message of field.
func usersFieldErr(body, field, msg string) bool {
	i := strings.Index(body, `<div class="error" id="e-`+field+`">`)
	if i < 0 {
		return false
	}
	rest := body[i:]
	if j := strings.Index(rest, "</div>"); j >= 0 {
		rest = rest[:j]
	}
	return strings.Contains(rest, msg)
}

// usersAPIError is the API's error body.
type usersAPIError struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func usersErrOf(t *testing.T, r *webtest.Response) usersAPIError {
	t.Helper()
	var e usersAPIError
	r.JSON(t, &e)
	return e
}

func usersID(e *webtest.Env, name string) string { return strconv.FormatInt(e.Users[name].ID, 10) }

// usersSignIn signs in with a password other than the fixture one.
func usersSignIn(t *testing.T, e *webtest.Env, login, password string) *webtest.Client {
	t.Helper()
	c := e.Anon()
	if r := c.PostForm("/login", url.Values{"login": {login}, "password": {password}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in as %s: %d", login, r.StatusCode)
	}
	return c
}

var usersSecretCode = regexp.MustCompile(`<code id="(?:new-password|token-secret)">([^<]+)</code>`)

func usersSecretOf(t *testing.T, body string) string {
	t.Helper()
	m := usersSecretCode.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no secret on the page: %s", snippet(body))
	}
	return m[1]
}

func TestUserCreateByStaffMustChangePassword(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	r := staff.Get("/admin/users/new?role=grid_worker")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, e.GridA.Name) || strings.Contains(r.Body, e.GridB.Name) {
		t.Fatalf("new form: %d, grid A offered %v, grid B offered %v", r.StatusCode, strings.Contains(r.Body, e.GridA.Name),
			strings.Contains(r.Body, e.GridB.Name))
	}
	// Staff of a street are offered neither administrators nor residents (both sit at the root).
	if strings.Contains(r.Body, `value="admin"`) || strings.Contains(r.Body, `value="resident"`) {
		t.Fatal("staff offered a role they cannot give here")
	}
	r = staff.PostForm("/admin/users", url.Values{"action": {"create"}, "username": {"Grid.New"}, "display_name": {"王网格"},
		"role": {"grid_worker"}, "node_id": {strconv.FormatInt(e.GridA.ID, 10)}, "phone": {"139 1234 5678"}, "password": {"Start-pass-1"}})
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/users/") {
		t.Fatalf("create: %d %s", r.StatusCode, snippet(r.Body))
	}
	if !strings.Contains(r.Header.Get("Set-Cookie"), "flash.user_created") {
		t.Error("no flash after creating")
	}
	r = staff.Get(r.Header.Get("Location"))
	for _, want := range []string{"王网格", "grid.new", "139****5678", "待改密码"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("detail lacks %q", want)
		}
	}
	if strings.Contains(r.Body, "13912345678") {
		t.Error("full phone number shown without unmasking")
	}
	// The new account must change its password before anything else.
	c := usersSignIn(t, e, "grid.new", "Start-pass-1")
	if r := c.Get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/account/password") {
		t.Fatalf("not sent to change the password: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestUserCreateWithGeneratedPassword(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	r := admin.PostForm("/admin/users", url.Values{"action": {"create"}, "username": {"leader.b"}, "display_name": {"李领导"},
		"role": {"leader"}, "node_id": {strconv.FormatInt(e.StreetB.ID, 10)}, "generate": {"1"}, "password": {"ignored"}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, snippet(r.Body))
	}
	pw := usersSecretOf(t, r.Body)
	if !strings.Contains(r.Body, `data-copy="new-password"`) || !strings.Contains(r.Body, "离开本页后将无法再次查看") {
		t.Fatal("no copy button or warning")
	}
	c := usersSignIn(t, e, "leader.b", pw)
	if r := c.Get("/admin/users"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/account/password") {
		t.Fatalf("generated password need not be changed: %d", r.StatusCode)
	}
	// The account page never shows it again.
	if r := admin.Get("/admin/users"); strings.Contains(r.Body, pw) {
		t.Fatal("password shown again")
	}
}

func TestUserCreateRefreshesPlacesForRole(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	before, _ := e.DB.Users(context.Background(), e.Sys, store.UserFilter{Limit: 500})
	// Changing the role posts the form without action=create: nothing is created, the
	// form comes back with the places or units of the new role and what was typed.
	r := staff.PostForm("/admin/users", url.Values{"role": {"handler"}, "display_name": {"赵处置"}, "node_id": {"x"}})
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `id="f-unit_id"`) || !strings.Contains(r.Body, e.UnitA.Name) ||
		strings.Contains(r.Body, e.UnitB.Name) || !strings.Contains(r.Body, `value="赵处置"`) || strings.Contains(r.Body, "form-errors") {
		t.Fatalf("refresh for handler: %d %s", r.StatusCode, snippet(r.Body))
	}
	r = staff.PostForm("/admin/users", url.Values{"role": {"staff"}})
	if !strings.Contains(r.Body, e.StreetA.Name) || !strings.Contains(r.Body, e.CommA.Name) || strings.Contains(r.Body, e.GridA.Name) {
		t.Fatalf("refresh for staff: %s", snippet(r.Body))
	}
	if us, _ := e.DB.Users(context.Background(), e.Sys, store.UserFilter{Limit: 500}); len(us) != len(before) {
		t.Fatalf("a refresh created an account: %d accounts", len(us))
	}
}

func TestUserCreateBadInput(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	base := func(kv ...string) url.Values {
		v := url.Values{"action": {"create"}, "username": {"grid.x"}, "display_name": {"测试"}, "role": {"grid_worker"},
			"node_id": {id(e.GridA.ID)}, "password": {"Good-pass-1"}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		field  string
		msg    string
	}{
		{"bad username", base("username", "9abc"), 400, "username", "账号名为 3–32 位小写字母"},
		{"duplicate username", base("username", webtest.GridWorkerA), 400, "username", "该账号名已被使用"},
		{"duplicate phone", base("phone", "13800000003"), 400, "phone", "该手机号已被其他账号使用"},
		{"missing name", base("display_name", ""), 400, "display_name", "必填"},
		{"unknown role", base("role", "boss"), 400, "role", "请选择一项"},
		{"node of wrong level", base("node_id", id(e.CommA.ID)), 400, "node_id", "网格员只能绑定到相应层级的区划"},
		{"missing node", base("node_id", ""), 400, "node_id", "必填"},
		{"node outside scope", base("node_id", id(e.GridB.ID)), 400, "node_id", "找不到该区划"},
		{"node not a number", base("node_id", "abc"), 400, "node_id", "请输入数字"},
		{"handler without unit", base("role", "handler"), 400, "unit_id", "必填"},
		{"handler with unit outside scope", base("role", "handler", "unit_id", id(e.UnitB.ID)), 400, "unit_id", "找不到该单位"},
		{"bad phone", base("phone", "1234567"), 400, "phone", "请输入 11 位手机号码"},
		{"weak password", base("password", "abcdefgh"), 400, "password", "密码不能只有数字或只有字母"},
		{"short password", base("password", "ab1"), 400, "password", "密码至少 8 位"},
		{"no password", base("password", ""), 400, "password", "必填"},
		{"role not assignable", base("role", "admin"), 403, "", "您没有权限"},
		{"resident outside staff scope", base("role", "resident", "phone", "13712345678"), 403, "", "您没有权限"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := staff.PostForm("/admin/users", tt.form)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tt.status, snippet(r.Body))
			}
			if tt.field != "" && !usersFieldErr(r.Body, tt.field, tt.msg) {
				t.Fatalf("no %q beside %s", tt.msg, tt.field)
			}
			if tt.field == "" && !strings.Contains(r.Body, tt.msg) {
				t.Fatalf("no %q", tt.msg)
			}
			if tt.status == 400 && (!strings.Contains(r.Body, `class="form-errors"`) || !strings.Contains(r.Body, `value="`+tt.form.Get("username")+`"`)) {
				t.Fatal("form not shown again with the summary and what was typed")
			}
		})
	}
	staff.Lang = "en"
	r := staff.PostForm("/admin/users", base("username", "9abc", "node_id", id(e.CommA.ID)))
	if r.StatusCode != 400 || !usersFieldErr(r.Body, "username", "3–32 lowercase letters") ||
		!usersFieldErr(r.Body, "node_id", "A grid worker cannot be bound to a place of this level") {
		t.Fatalf("English field messages: %s", snippet(r.Body))
	}
}

func TestUserAPICreateBadInput(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	admin := e.Login(webtest.Admin)
	gridA := e.GridA.ID
	tests := []struct {
		name   string
		c      *webtest.Client
		body   any
		status int
		field  string
		msg    string
	}{
		{"unknown field", staff, `{"username":"a.b","foo":1}`, 400, "foo", "不认识的字段：foo"},
		{"wrong type", staff, `{"username":"a.b","node_id":"x"}`, 400, "node_id", "字段 node_id 的类型不正确"},
		{"bad username", staff, map[string]any{"username": "A", "display_name": "x", "role": "grid_worker", "node_id": gridA, "password": "Good-pass-1"}, 400, "username", "账号名为"},
		{"duplicate username", staff, map[string]any{"username": webtest.StaffCommA, "display_name": "x", "role": "grid_worker", "node_id": gridA, "password": "Good-pass-1"}, 400, "username", "该账号名已被使用"},
		{"wrong level", staff, map[string]any{"username": "a.b", "display_name": "x", "role": "staff", "node_id": gridA, "password": "Good-pass-1"}, 400, "node_id", "区域工作人员只能绑定到相应层级的区划"},
		{"missing unit", staff, map[string]any{"username": "a.b", "display_name": "x", "role": "handler", "password": "Good-pass-1"}, 400, "unit_id", "必填"},
		{"bad phone", staff, map[string]any{"username": "a.b", "display_name": "x", "role": "grid_worker", "node_id": gridA, "phone": "2345", "password": "Good-pass-1"}, 400, "phone", "请输入 11 位手机号码"},
		{"weak password", staff, map[string]any{"username": "a.b", "display_name": "x", "role": "grid_worker", "node_id": gridA, "password": "12345678"}, 400, "password", "密码不能只有数字或只有字母"},
		{"resident without phone", admin, map[string]any{"display_name": "x", "role": "resident", "password": "Good-pass-1"}, 400, "phone", "必填"},
		{"staff creating an administrator", staff, map[string]any{"username": "a.b", "display_name": "x", "role": "admin", "password": "Good-pass-1"}, 403, "", "您没有权限"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.c.JSON("POST", "/api/v1/users", tt.body)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d: %s", r.StatusCode, r.Body)
			}
			b := usersErrOf(t, r)
			got := b.Error.Message
			if tt.field != "" {
				got = b.Error.Fields[tt.field]
			}
			if !strings.Contains(got, tt.msg) {
				t.Fatalf("got %+v", b.Error)
			}
		})
	}
	staff.Lang = "en"
	r := staff.JSON("POST", "/api/v1/users", map[string]any{"username": "a.b", "display_name": "x", "role": "grid_worker", "node_id": gridA})
	if b := usersErrOf(t, r); b.Error.Fields["password"] != "Required" {
		t.Fatalf("English: %s", r.Body)
	}
}

func TestUserAPICreateAndRead(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	r := staff.JSON("POST", "/api/v1/users", map[string]any{"username": "handler.new", "display_name": "赵处置", "role": "handler",
		"unit_id": e.UnitA.ID, "node_id": e.GridA.ID, "phone": "+86 137-1234-5678", "generate_password": true})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
	var created struct {
		User              map[string]any `json:"user"`
		GeneratedPassword string         `json:"generated_password"`
	}
	r.JSON(t, &created)
	u := created.User
	if created.GeneratedPassword == "" || u["phone"] != "137****5678" || u["must_change_password"] != true || u["unit_id"] != float64(e.UnitA.ID) ||
		u["node_id"] != nil || u["place_name"] != e.StreetA.Name || u["role_name"] != "部门处置人员" {
		t.Fatalf("created: %s", r.Body)
	}
	for _, secret := range []string{"password_hash", "phone_enc", "13712345678"} {
		if strings.Contains(r.Body, secret) {
			t.Fatalf("response shows %s", secret)
		}
	}
	if _, ok := u["created_at"].(string); !ok {
		t.Fatal("no RFC 3339 created_at")
	}
	id := fmt.Sprint(int64(u["id"].(float64)))
	r = staff.Get("/api/v1/users/" + id)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `"username":"handler.new"`) {
		t.Fatalf("read: %d %s", r.StatusCode, r.Body)
	}
	c := usersSignIn(t, e, "handler.new", created.GeneratedPassword)
	if r := c.Get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("must change password first: %d", r.StatusCode)
	}
}

func TestUserListScopeFiltersAndPages(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	r := staff.Get("/admin/users")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", r.StatusCode)
	}
	for _, name := range []string{webtest.GridWorkerA, webtest.StaffCommA, webtest.HandlerA, webtest.Supervisor} {
		if !strings.Contains(r.Body, ">"+name+"<") {
			t.Errorf("staff.a does not see %s", name)
		}
	}
	for _, name := range []string{webtest.StaffB, webtest.Admin, webtest.Leader, webtest.StaffDist} {
		if strings.Contains(r.Body, ">"+name+"<") {
			t.Errorf("staff.a sees %s, outside street A", name)
		}
	}
	if strings.Contains(r.Body, "13800000003") {
		t.Error("full phone number in the list")
	}
	// Accounts outside the scope do not exist for the caller.
	for _, path := range []string{"/admin/users/" + usersID(e, webtest.StaffB), "/api/v1/users/" + usersID(e, webtest.StaffB),
		"/admin/users?node=" + strconv.FormatInt(e.GridB.ID, 10)} {
		if r := staff.Get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, r.StatusCode)
		}
	}
	r = staff.Get("/admin/users?role=grid_worker")
	if !strings.Contains(r.Body, ">"+webtest.GridWorkerA+"<") || strings.Contains(r.Body, ">"+webtest.StaffCommA+"<") {
		t.Error("role filter")
	}
	r = staff.Get("/admin/users?q=COMM")
	if !strings.Contains(r.Body, ">"+webtest.StaffCommA+"<") || strings.Contains(r.Body, ">"+webtest.GridWorkerA+"<") {
		t.Error("query filter")
	}
	r = staff.Get("/admin/users?node=" + strconv.FormatInt(e.CommA.ID, 10))
	if !strings.Contains(r.Body, ">"+webtest.GridWorkerA+"<") || strings.Contains(r.Body, ">"+webtest.Supervisor+"<") {
		t.Error("node filter")
	}
	r = staff.Get("/admin/users?unit=" + strconv.FormatInt(e.UnitA.ID, 10))
	if !strings.Contains(r.Body, ">"+webtest.HandlerA+"<") || strings.Contains(r.Body, ">"+webtest.GridWorkerA+"<") {
		t.Error("unit filter")
	}
	if r := staff.Get("/admin/users?status=disabled"); !strings.Contains(r.Body, "没有符合条件的账号") {
		t.Error("status filter")
	}
	for _, tt := range []struct{ query, field, msg string }{
		{"status=gone", "status", "请选择一项"},
		{"role=boss", "role", "请选择一项"},
		{"after=x", "after", "请输入数字"},
		{"node=-1", "node", "请输入数字"},
	} {
		r := staff.Get("/admin/users?" + tt.query)
		if r.StatusCode != 400 || !strings.Contains(r.Body, tt.msg) {
			t.Errorf("%s: %d", tt.query, r.StatusCode)
		}
		if tt.field != "after" && !usersFieldErr(r.Body, tt.field, tt.msg) {
			t.Errorf("%s: no field message", tt.query)
		}
	}
	if r := staff.Get("/api/v1/users?status=gone&limit=0"); r.StatusCode != 400 ||
		!strings.Contains(r.Body, `"status":"请选择一项"`) {
		t.Errorf("API filter error: %s", r.Body)
	}

	// Keyset pagination over 55 more grid workers.
	for i := 0; i < 55; i++ {
		e.User(fmt.Sprintf("gw%02d", i), account.GridWorker, e.GridA.ID, 0, "")
	}
	r = staff.Get("/admin/users?role=grid_worker")
	rows := strings.Count(r.Body, `<td><a href="/admin/users/`)
	next := regexp.MustCompile(`<a rel="next" href="([^"]+)"`).FindStringSubmatch(r.Body)
	if rows != 50 || next == nil || !strings.Contains(next[1], "role=grid_worker") {
		t.Fatalf("first page: %d rows, next %v", rows, next)
	}
	r = staff.Get(strings.ReplaceAll(next[1], "&amp;", "&"))
	rows = strings.Count(r.Body, `<td><a href="/admin/users/`)
	if rows != 6 || strings.Contains(r.Body, `rel="next"`) || !strings.Contains(r.Body, `rel="prev"`) {
		t.Fatalf("second page: %d rows", rows)
	}
	seen := 0
	after := ""
	for page := 0; page < 10; page++ {
		var body struct {
			Users     []map[string]any `json:"users"`
			NextAfter int64            `json:"next_after"`
		}
		staff.Get("/api/v1/users?role=grid_worker&limit=20"+after).JSON(t, &body)
		seen += len(body.Users)
		if body.NextAfter == 0 {
			break
		}
		after = "&after=" + strconv.FormatInt(body.NextAfter, 10)
	}
	if seen != 56 {
		t.Fatalf("API pages: %d accounts, want 56", seen)
	}
}

func TestUserDetailForViewersAndManagers(t *testing.T) {
	e := webtest.New(t)
	id := usersID(e, webtest.GridWorkerA)
	r := e.Login(webtest.StaffA).Get("/admin/users/" + id)
	for _, want := range []string{"138****0003", `action="/admin/users/` + id + `/unmask"`, `action="/admin/users/` + id + `/password"`,
		`action="/admin/users/` + id + `/disable"`, `data-confirm=`, e.GridA.Name} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("staff page lacks %s", want)
		}
	}
	if strings.Contains(r.Body, "最近操作记录") || strings.Contains(r.Body, "API 令牌</h2>") {
		t.Error("staff sees history or tokens without audit.view / token.manage")
	}
	// Leaders may look, not change or unmask.
	r = e.Login(webtest.Leader).Get("/admin/users/" + id)
	if r.StatusCode != 200 || strings.Contains(r.Body, id+"/unmask") || strings.Contains(r.Body, id+"/password") {
		t.Fatalf("leader: %d", r.StatusCode)
	}
	// Administrators also see the tokens and the account's history.
	r = e.Login(webtest.Admin).Get("/admin/users/" + id)
	if !strings.Contains(r.Body, "最近操作记录") || !strings.Contains(r.Body, "新建账号") || !strings.Contains(r.Body, "该账号没有 API 令牌") {
		t.Fatalf("admin page: %s", snippet(r.Body))
	}
	// Staff never see administrators.
	if r := e.Login(webtest.StaffDist).Get("/admin/users/" + usersID(e, webtest.Admin)); r.StatusCode != 404 {
		t.Fatalf("staff sees an administrator: %d", r.StatusCode)
	}
}

func TestUserUnmaskNeedsPurposeAndIsAudited(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	id := usersID(e, webtest.GridWorkerA)
	path := "/admin/users/" + id + "/unmask"
	for _, tt := range []struct{ purpose, msg string }{{"", "必填"}, {"x", "请具体说明查看原因"}} {
		r := staff.PostForm(path, url.Values{"purpose": {tt.purpose}})
		if r.StatusCode != 400 || !usersFieldErr(r.Body, "purpose", tt.msg) || strings.Contains(r.Body, "13800000003") {
			t.Fatalf("purpose %q: %d", tt.purpose, r.StatusCode)
		}
		// The other forms keep the account's values.
		if !strings.Contains(r.Body, `value="`+webtest.GridWorkerA+`"`) {
			t.Fatal("edit form lost its values")
		}
	}
	staff.Lang = "en"
	if r := staff.PostForm(path, url.Values{"purpose": {" "}}); !usersFieldErr(r.Body, "purpose", "Required") {
		t.Fatal("English message")
	}
	staff.Lang = ""
	r := staff.PostForm(path, url.Values{"purpose": {"联系网格员核实上报信息"}})
	if r.StatusCode != 200 || !strings.Contains(r.Body, "13800000003") || !strings.Contains(r.Body, "本次查看已记录") {
		t.Fatalf("unmask: %d", r.StatusCode)
	}
	if r := staff.Get("/admin/users/" + id); strings.Contains(r.Body, "13800000003") {
		t.Fatal("the full number stays on the page")
	}
	r = staff.JSON("POST", "/api/v1/users/"+id+"/unmask", map[string]string{"purpose": "回访核实"})
	if r.StatusCode != 200 || r.Body != `{"phone":"13800000003"}`+"\n" {
		t.Fatalf("API unmask: %d %s", r.StatusCode, r.Body)
	}
	if r := staff.JSON("POST", "/api/v1/users/"+id+"/unmask", map[string]string{"purpose": ""}); r.StatusCode != 400 ||
		usersErrOf(t, r).Error.Fields["purpose"] != "必填" {
		t.Fatalf("API empty purpose: %s", r.Body)
	}
	if r := staff.JSON("POST", "/api/v1/users/"+id+"/unmask", `{"why":"x"}`); r.StatusCode != 400 {
		t.Fatalf("API unknown field: %d", r.StatusCode)
	}
	es, err := e.DB.AuditEntries(context.Background(), e.Sys, audit.Filter{Action: "user.unmask_phone", Entity: "user", EntityID: id})
	if err != nil || len(es) != 2 {
		t.Fatalf("audit: %d entries, %v", len(es), err)
	}
	if es[1].Purpose != "联系网格员核实上报信息" || es[1].Actor != webtest.StaffA || es[0].Purpose != "回访核实" {
		t.Fatalf("audit entries: %+v %+v", es[0], es[1])
	}
	// Grid workers have no permission to unmask.
	if r := e.Login(webtest.GridWorkerA).PostForm(path, url.Values{"purpose": {"自己看看"}}); r.StatusCode != 403 {
		t.Fatalf("grid worker: %d", r.StatusCode)
	}
}

func TestUserEdit(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	u := e.Users[webtest.GridWorkerA]
	id := usersID(e, webtest.GridWorkerA)
	edit := func(kv ...string) url.Values {
		v := url.Values{"action": {"save"}, "version": {strconv.Itoa(u.Version)}, "username": {u.Username}, "display_name": {"新名字"},
			"role": {"grid_worker"}, "node_id": {strconv.FormatInt(e.GridA.ID, 10)}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	tests := []struct {
		name   string
		form   url.Values
		status int
		field  string
		msg    string
	}{
		{"bad phone", edit("phone", "99"), 400, "phone", "请输入 11 位手机号码"},
		{"bad username", edit("username", "a"), 400, "username", "账号名为"},
		{"wrong level", edit("role", "staff"), 400, "node_id", "区域工作人员只能绑定到相应层级的区划"},
		{"stale version", edit("version", "99"), 409, "", "该记录已被他人修改"},
		{"administrator role", edit("role", "admin"), 403, "", "您没有权限"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := staff.PostForm("/admin/users/"+id, tt.form)
			if r.StatusCode != tt.status || (tt.field != "" && !usersFieldErr(r.Body, tt.field, tt.msg)) || !strings.Contains(r.Body, tt.msg) {
				t.Fatalf("status %d: %s", r.StatusCode, snippet(r.Body))
			}
		})
	}
	// Choosing another role shows its places without saving.
	r := staff.PostForm("/admin/users/"+id, url.Values{"role": {"staff"}, "display_name": {"未保存"}})
	if r.StatusCode != 200 || !strings.Contains(r.Body, e.CommA.Name+" · "+e.CommA.FullCode) || !strings.Contains(r.Body, `value="未保存"`) {
		t.Fatalf("refresh: %d", r.StatusCode)
	}
	r = staff.PostForm("/admin/users/"+id, edit("phone", "13911112222"))
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Set-Cookie"), "flash.saved") {
		t.Fatalf("save: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := staff.Get("/admin/users/" + id); !strings.Contains(r.Body, "新名字") || !strings.Contains(r.Body, "139****2222") {
		t.Fatal("saved values not shown")
	}

	// The API: absent fields keep their value.
	api := "/api/v1/users/" + id
	r = staff.JSON("PATCH", api, map[string]any{"display_name": "再改名"})
	if r.StatusCode != 200 || !strings.Contains(r.Body, `"display_name":"再改名"`) || !strings.Contains(r.Body, `"phone":"139****2222"`) {
		t.Fatalf("patch: %d %s", r.StatusCode, r.Body)
	}
	for _, tt := range []struct {
		name   string
		c      *webtest.Client
		path   string
		body   any
		status int
		field  string
		msg    string
	}{
		{"bad phone", staff, api, map[string]any{"phone": "123"}, 400, "phone", "请输入 11 位手机号码"},
		{"wrong type", staff, api, `{"node_id":"x"}`, 400, "node_id", "类型不正确"},
		{"unknown field", staff, api, `{"name":"x"}`, 400, "name", "不认识的字段"},
		{"stale version", staff, api, map[string]any{"version": 1, "display_name": "x"}, 409, "", "该记录已被他人修改"},
		{"administrator role", staff, api, map[string]any{"role": "admin"}, 403, "", "您没有权限"},
		{"own role", staff, "/api/v1/users/" + usersID(e, webtest.StaffA), map[string]any{"role": "leader"}, 400, "role", "不能修改自己的角色"},
		{"outside scope", staff, "/api/v1/users/" + usersID(e, webtest.StaffB), map[string]any{"display_name": "x"}, 404, "", "找不到该账号"},
	} {
		t.Run("api "+tt.name, func(t *testing.T) {
			r := tt.c.JSON("PATCH", tt.path, tt.body)
			b := usersErrOf(t, r)
			got := b.Error.Message
			if tt.field != "" {
				got = b.Error.Fields[tt.field]
			}
			if r.StatusCode != tt.status || !strings.Contains(got, tt.msg) {
				t.Fatalf("%d %s", r.StatusCode, r.Body)
			}
		})
	}
}

func TestUserPasswordReset(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	id := usersID(e, webtest.GridWorkerA)
	path := "/admin/users/" + id + "/password"
	for _, tt := range []struct{ pw, msg string }{{"", "必填"}, {"abcdefghij", "密码不能只有数字或只有字母"}, {"a1", "密码至少 8 位"}} {
		r := staff.PostForm(path, url.Values{"password": {tt.pw}})
		if r.StatusCode != 400 || !usersFieldErr(r.Body, "password", tt.msg) {
			t.Fatalf("password %q: %d", tt.pw, r.StatusCode)
		}
	}
	r := staff.PostForm(path, url.Values{"password": {"Chosen-pass-7"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	c := usersSignIn(t, e, webtest.GridWorkerA, "Chosen-pass-7")
	if r := c.Get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatal("reset password need not be changed")
	}
	r = staff.PostForm(path, url.Values{"generate": {"1"}})
	pw := usersSecretOf(t, r.Body)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "新密码已生成") {
		t.Fatalf("generate: %d", r.StatusCode)
	}
	usersSignIn(t, e, webtest.GridWorkerA, pw)

	api := "/api/v1/users/" + id + "/password"
	if r := staff.JSON("POST", api, map[string]any{"password": "short"}); r.StatusCode != 400 || !strings.Contains(usersErrOf(t, r).Error.Fields["password"], "至少 8 位") {
		t.Fatalf("API weak: %s", r.Body)
	}
	if r := staff.JSON("POST", api, `{"generate":true}`); r.StatusCode != 400 {
		t.Fatalf("API unknown field: %d", r.StatusCode)
	}
	var out struct {
		GeneratedPassword string `json:"generated_password"`
	}
	staff.JSON("POST", api, map[string]any{"generate_password": true}).JSON(t, &out)
	usersSignIn(t, e, webtest.GridWorkerA, out.GeneratedPassword)
}

func TestUserDisableEnableUnlock(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	id := usersID(e, webtest.GridWorkerA)
	gw := e.Login(webtest.GridWorkerA)
	if r := staff.PostForm("/admin/users/"+id+"/disable", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d", r.StatusCode)
	}
	if r := gw.Get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatal("a disabled account stays signed in")
	}
	if r := e.Anon().PostForm("/login", url.Values{"login": {webtest.GridWorkerA}, "password": {webtest.Password}}); r.StatusCode != 401 {
		t.Fatalf("disabled account signs in: %d", r.StatusCode)
	}
	r := staff.Get("/admin/users?status=disabled")
	if !strings.Contains(r.Body, ">"+webtest.GridWorkerA+"<") || !strings.Contains(r.Body, "已停用") {
		t.Fatal("disabled account not listed as such")
	}
	if r := staff.PostForm("/admin/users/"+id+"/enable", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("enable: %d", r.StatusCode)
	}
	e.Login(webtest.GridWorkerA)

	// Staff cannot disable themselves.
	r = staff.PostForm("/admin/users/"+usersID(e, webtest.StaffA)+"/disable", nil)
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "不能停用自己的账号") {
		t.Fatalf("self disable: %d", r.StatusCode)
	}

	// Five wrong passwords lock the account; staff lift the lock.
	for i := 0; i < 5; i++ {
		e.Anon().PostForm("/login", url.Values{"login": {webtest.GridWorkerA}, "password": {"wrong-pass-1"}})
	}
	r = staff.Get("/admin/users/" + id)
	if !strings.Contains(r.Body, "锁定至") || !strings.Contains(r.Body, "/unlock") {
		t.Fatal("lock not shown")
	}
	if r := staff.Get("/admin/users?status=locked"); !strings.Contains(r.Body, ">"+webtest.GridWorkerA+"<") {
		t.Fatal("locked filter")
	}
	if r := staff.PostForm("/admin/users/"+id+"/unlock", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("unlock: %d", r.StatusCode)
	}
	e.Login(webtest.GridWorkerA)

	// The same through the API.
	r = staff.JSON("POST", "/api/v1/users/"+id+"/disable", nil)
	if r.StatusCode != 200 || !strings.Contains(r.Body, `"disabled_at":"`) {
		t.Fatalf("API disable: %d %s", r.StatusCode, r.Body)
	}
	r = staff.JSON("POST", "/api/v1/users/"+id+"/enable", nil)
	if r.StatusCode != 200 || strings.Contains(r.Body, `"disabled_at"`) {
		t.Fatalf("API enable: %d %s", r.StatusCode, r.Body)
	}
	if r := staff.JSON("POST", "/api/v1/users/"+id+"/unlock", nil); r.StatusCode != 200 {
		t.Fatalf("API unlock: %d", r.StatusCode)
	}
	if r := staff.JSON("POST", "/api/v1/users/"+usersID(e, webtest.StaffA)+"/disable", nil); r.StatusCode != 409 {
		t.Fatalf("API self disable: %d", r.StatusCode)
	}
	if r := staff.JSON("POST", "/api/v1/users/"+usersID(e, webtest.StaffB)+"/disable", nil); r.StatusCode != 404 {
		t.Fatalf("API disable outside scope: %d", r.StatusCode)
	}
}

// TestUserBindingPartialsMatch keeps the two copies of the role/place partial identical
// (page templates share only the _*.html files).
func TestUserBindingPartialsMatch(t *testing.T) {
	part := func(f string) string {
		b, err := os.ReadFile("templates/" + f)
		if err != nil {
			t.Fatal(err)
		}
		s := string(b)
		i := strings.Index(s, `{{define "users-binding"}}`)
		if i < 0 {
			t.Fatalf("%s: no users-binding", f)
		}
		return s[i:]
	}
	if part("users_new.html") != part("users_detail.html") {
		t.Fatal("users-binding differs between users_new.html and users_detail.html")
	}
}
