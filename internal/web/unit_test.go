package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func treeNewUnit(t *testing.T, e *webtest.Env, in admin.UnitInput) *admin.Unit {
	t.Helper()
	u, err := e.DB.CreateUnit(treeCtx, e.Sys, in)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func treeReloadUnit(t *testing.T, e *webtest.Env, u *admin.Unit) *admin.Unit {
	t.Helper()
	fresh, err := e.DB.Unit(treeCtx, e.Sys, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return fresh
}

func TestUnitList(t *testing.T) {
	e := webtest.New(t)
	treeNewUnit(t, e, admin.UnitInput{NodeID: e.CommA.ID, Kind: admin.Embedded, Name: "平江路供电服务站", Phone: "95598"})
	old := treeNewUnit(t, e, admin.UnitInput{NodeID: e.GridA.ID, Kind: admin.Embedded, Name: "旧物业服务中心"})
	if err := e.DB.SetUnitRetired(treeCtx, e.Sys, old.ID, true, 1); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, who, query string
		want, not        []string
	}{
		{"staff of street A", webtest.StaffA, "", []string{"平江街道城管中队", "平江路供电服务站", "95598", "职能部门", "驻区单位", "新增单位"},
			[]string{"沧浪街道城管中队", "旧物业服务中心"}},
		{"by kind", webtest.StaffA, "?kind=embedded", []string{"平江路供电服务站"}, []string{"平江街道城管中队</a>"}},
		{"by name", webtest.StaffA, "?q=" + url.QueryEscape("城管"), []string{"平江街道城管中队"}, []string{"平江路供电服务站</a>"}},
		{"below a place", webtest.StaffA, "?under=" + treeID(e.CommA.ID), []string{"平江路供电服务站"}, []string{"平江街道城管中队</a>"}},
		{"retired on request", webtest.StaffA, "?retired=1", []string{"旧物业服务中心", `<tr class="retired">`, "已停用"}, nil},
		{"nothing found", webtest.StaffA, "?q=nothing", []string{"没有符合条件的单位"}, nil},
		{"district staff see both streets", webtest.StaffDist, "", []string{"平江街道城管中队", "沧浪街道城管中队"}, nil},
		{"grid worker sees the grid only", webtest.GridWorkerA, "?retired=1", []string{"旧物业服务中心"}, []string{"平江街道城管中队", "新增单位"}},
		{"English", webtest.StaffA, "?kind=department", []string{"Units", "department", "Any kind"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.Login(tt.who)
			if tt.name == "English" {
				c.Lang = "en"
			}
			r := c.Get("/admin/units" + tt.query)
			treeWantStatus(t, r, 200)
			treeWantBody(t, r, tt.want...)
			treeWantNoBody(t, r, tt.not...)
		})
	}
	c := e.Login(webtest.StaffA)
	for q, status := range map[string]int{"?kind=police": 400, "?retired=perhaps": 400, "?under=x": 400, "?under=" + treeID(e.StreetB.ID): 404} {
		if r := c.Get("/admin/units" + q); r.StatusCode != status {
			t.Errorf("%s: status %d, want %d", q, r.StatusCode, status)
		}
	}
}

func TestUnitLifecycleThroughPages(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)

	r := c.Get("/admin/units/new?node=" + treeID(e.CommA.ID))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, `<option value="`+treeID(e.CommA.ID)+`" selected>`, "平江街道 · 320508001", "\u3000平江路社区 · 320508001001",
		`value="department" checked`)
	treeWantNoBody(t, r, "沧浪街道", "平江路第1网格") // street B; grids are not offered

	r = c.PostForm("/admin/units", url.Values{"node_id": {treeID(e.CommA.ID)}, "kind": {"embedded"}, "name": {"平江路供电服务站"},
		"phone": {"95598"}, "duties": {"停电、电力设施"}})
	page := treeFollow(t, e, c, r)
	treeWantBody(t, page, "已新增单位", "平江路供电服务站", "驻区单位", "95598", "停电、电力设施", `<a href="/admin/nodes/`+treeID(e.CommA.ID)+`">平江路社区</a>`,
		"新增", "服务区域：平江路社区")
	us, err := e.DB.Units(treeCtx, e.Sys, store.UnitFilter{NodeID: e.CommA.ID})
	if err != nil || len(us) != 1 {
		t.Fatalf("units: %v %d", err, len(us))
	}
	u := us[0]

	// Edit: move it to serve the street.
	r = c.PostForm("/admin/units/"+treeID(u.ID), url.Values{"node_id": {treeID(e.StreetA.ID)}, "kind": {"embedded"}, "name": {"平江供电服务站"},
		"phone": {"95598"}, "duties": {""}, "version": {"1"}})
	page = treeFollow(t, e, c, r)
	treeWantBody(t, page, "单位已保存", "平江供电服务站", "名称：平江路供电服务站 → 平江供电服务站", "服务区域：平江路社区 → 平江街道")
	if got := treeReloadUnit(t, e, u); got.NodeID != e.StreetA.ID || got.Duties != "" || got.Version != 2 {
		t.Fatalf("edited %+v", got)
	}
	// The node page lists it.
	treeWantBody(t, c.Get("/admin/nodes/"+treeID(e.StreetA.ID)), "平江供电服务站")

	r = c.PostForm("/admin/units/"+treeID(u.ID)+"/retire", url.Values{"version": {"2"}})
	page = treeFollow(t, e, c, r)
	treeWantBody(t, page, "单位已停用，不再接收新的派遣", "已停用", "恢复启用")
	treeWantNoBody(t, page, `id="edit"`)
	r = c.PostForm("/admin/units/"+treeID(u.ID)+"/restore", url.Values{"version": {"3"}})
	page = treeFollow(t, e, c, r)
	treeWantBody(t, page, "单位已恢复启用", `id="edit"`)

	// Readers see the unit without forms.
	for _, who := range []string{webtest.HandlerA, webtest.Supervisor, webtest.Leader} {
		r := e.Login(who).Get("/admin/units/" + treeID(u.ID))
		treeWantStatus(t, r, 200)
		treeWantBody(t, r, "平江供电服务站", "变更记录")
		treeWantNoBody(t, r, `action="/admin/units/`)
	}
	// Community staff cannot see a unit of the street above them.
	treeWantStatus(t, e.Login(webtest.StaffCommA).Get("/admin/units/"+treeID(u.ID)), 404)
}

func TestUnitFormsBadInput(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)
	free := treeNewUnit(t, e, admin.UnitInput{NodeID: e.CommA.ID, Kind: admin.Department, Name: "平江路社区工作站"})
	gone := treeNewUnit(t, e, admin.UnitInput{NodeID: e.CommA.ID, Kind: admin.Department, Name: "旧工作站"})
	if err := e.DB.SetUnitRetired(treeCtx, e.Sys, gone.ID, true, 1); err != nil {
		t.Fatal(err)
	}
	good := func(kv ...string) url.Values {
		v := url.Values{"node_id": {treeID(e.CommA.ID)}, "kind": {"department"}, "name": {"新单位"}, "phone": {"0512-65221234"}, "duties": {""}}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	edit := func(kv ...string) url.Values {
		return good(append([]string{"version", "1", "name", "平江路社区工作站"}, kv...)...)
	}
	unitPath := func(u *admin.Unit, p string) string { return "/admin/units/" + treeID(u.ID) + p }
	tests := []struct {
		name, path string
		form       url.Values
		status     int
		field, msg string
	}{
		{"create: empty name", "/admin/units", good("name", ""), 400, "name", "必填"},
		{"create: long name", "/admin/units", good("name", strings.Repeat("长", 61)), 400, "name", "不能超过 60 个字"},
		{"create: no place", "/admin/units", good("node_id", ""), 400, "node_id", "必填"},
		{"create: place not a number", "/admin/units", good("node_id", "x"), 400, "node_id", "请输入数字"},
		{"create: no kind", "/admin/units", good("kind", ""), 400, "kind", "请选择一项"},
		{"create: unknown kind", "/admin/units", good("kind", "police"), 400, "kind", "请选择一项"},
		{"create: bad phone", "/admin/units", good("phone", "call us"), 400, "phone", "请填写有效的电话号码，如 0512-65221234"},
		{"create: long duties", "/admin/units", good("duties", strings.Repeat("责", 501)), 400, "duties", "不能超过 500 个字"},
		{"create: name taken at the place", "/admin/units", good("name", "平江路社区工作站"), 400, "name", "该区划下已有同名单位"},
		{"create: retired place", "/admin/units", good("node_id", treeID(treeRetiredGrid(t, e).ID)), 400, "node_id", "所选区划已停用"},
		{"edit: empty name", unitPath(free, ""), edit("name", ""), 400, "name", "必填"},
		{"edit: bad phone", unitPath(free, ""), edit("phone", "12"), 400, "phone", "请填写有效的电话号码，如 0512-65221234"},
		{"edit: place outside the scope", unitPath(free, ""), edit("node_id", treeID(e.CommB.ID)), 400, "node_id", "找不到该区划"},
		{"edit: stale", unitPath(free, ""), url.Values{"node_id": {treeID(e.CommA.ID)}, "kind": {"department"}, "name": {"x"}, "version": {"4"}}, 409, "", "该记录已被他人修改，请刷新后重试"},
		{"edit: no version", unitPath(free, ""), url.Values{"node_id": {treeID(e.CommA.ID)}, "kind": {"department"}, "name": {"x"}}, 400, "", "必填"},
		{"edit: retired", unitPath(gone, ""), url.Values{"node_id": {treeID(e.CommA.ID)}, "kind": {"department"}, "name": {"x"}, "version": {"2"}}, 409, "", "该单位已停用"},
		{"retire: handlers bound", unitPath(e.UnitA, "/retire"), url.Values{"version": {"1"}}, 409, "", "还有 1 个处置人员账号绑定该单位，请先调整"},
		{"retire: stale", unitPath(free, "/retire"), url.Values{"version": {"3"}}, 409, "", "该记录已被他人修改，请刷新后重试"},
		{"retire: already retired", unitPath(gone, "/retire"), url.Values{"version": {"2"}}, 409, "", "该单位已停用"},
		{"restore: not retired", unitPath(free, "/restore"), url.Values{"version": {"1"}}, 409, "", "该单位未停用"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.PostForm(tt.path, tt.form)
			treeWantStatus(t, r, tt.status)
			if tt.field != "" {
				if got := treeFieldError(r.Body, tt.field); got != tt.msg {
					t.Fatalf("field %s: %q, want %q", tt.field, got, tt.msg)
				}
			} else if got := treeFormError(r.Body); got != tt.msg {
				t.Fatalf("form error %q, want %q", got, tt.msg)
			}
		})
	}
	if u := treeReloadUnit(t, e, free); u.Version != 1 || u.Name != "平江路社区工作站" {
		t.Fatalf("unit changed: %+v", u)
	}
	t.Run("what was typed is kept", func(t *testing.T) {
		r := c.PostForm("/admin/units", good("phone", "bad", "duties", "巡查 <b>", "kind", "embedded"))
		treeWantStatus(t, r, 400)
		treeWantBody(t, r, `value="新单位"`, `value="bad"`, "巡查 &lt;b&gt;</textarea>", `value="embedded" checked`,
			`<option value="`+treeID(e.CommA.ID)+`" selected>`)
	})
	t.Run("English", func(t *testing.T) {
		en := e.Login(webtest.StaffA)
		en.Lang = "en"
		r := en.PostForm("/admin/units", good("name", "", "phone", "abc"))
		treeWantStatus(t, r, 400)
		if got := treeFieldError(r.Body, "name"); got != "Required" {
			t.Errorf("name %q", got)
		}
		if got := treeFieldError(r.Body, "phone"); got != "Enter a valid phone number, e.g. 0512-65221234" {
			t.Errorf("phone %q", got)
		}
	})
	t.Run("oversized body", func(t *testing.T) {
		treeWantStatus(t, c.PostForm("/admin/units", good("duties", strings.Repeat("x", 2<<20))), http.StatusRequestEntityTooLarge)
	})
	t.Run("refusals", func(t *testing.T) {
		tests := []struct {
			name, who, path string
			form            url.Values
			status          int
		}{
			{"create at street B", webtest.StaffA, "/admin/units", good("node_id", treeID(e.StreetB.ID)), 404},
			{"edit a unit of street B", webtest.StaffA, unitPath(e.UnitB, ""), edit("node_id", treeID(e.StreetB.ID)), 404},
			{"retire a unit of street B", webtest.StaffA, unitPath(e.UnitB, "/retire"), url.Values{"version": {"1"}}, 404},
			{"restore a unit of street B", webtest.StaffA, unitPath(e.UnitB, "/restore"), url.Values{"version": {"1"}}, 404},
			{"community staff edit the street's unit", webtest.StaffCommA, unitPath(e.UnitA, ""), edit(), 404},
			{"handler edits own unit", webtest.HandlerA, unitPath(e.UnitA, ""), edit(), 403},
			{"grid worker creates", webtest.GridWorkerA, "/admin/units", good("node_id", treeID(e.GridA.ID)), 403},
			{"leader creates", webtest.Leader, "/admin/units", good(), 403},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				treeWantStatus(t, e.Login(tt.who).PostForm(tt.path, tt.form), tt.status)
			})
		}
		treeWantStatus(t, c.Get(unitPath(e.UnitB, "")), 404)
		treeWantStatus(t, e.Login(webtest.GridWorkerA).Get("/admin/units/new"), 403)
		if u := treeReloadUnit(t, e, e.UnitB); u.Version != 1 {
			t.Fatalf("unit B changed: %+v", u)
		}
	})
}

// treeRetiredGrid is a retired grid in community A.
func treeRetiredGrid(t *testing.T, e *webtest.Env) *admin.Node {
	t.Helper()
	n := treeNewNode(e, admin.NodeInput{ParentID: e.CommA.ID, Code: "08", Name: "撤并网格"})
	if err := e.DB.RetireNode(treeCtx, e.Sys, n.ID, n.Version); err != nil {
		t.Fatal(err)
	}
	return n
}

// The API of units.

type unitJSON struct {
	ID        int64  `json:"id"`
	NodeID    int64  `json:"node_id"`
	NodeName  string `json:"node_name"`
	Kind      string `json:"kind"`
	KindName  string `json:"kind_name"`
	Name      string `json:"name"`
	Phone     string `json:"phone"`
	Duties    string `json:"duties"`
	Retired   bool   `json:"retired"`
	RetiredAt string `json:"retired_at"`
	CreatedAt string `json:"created_at"`
	Version   int    `json:"version"`
}

type unitListJSON struct {
	Items     []unitJSON `json:"items"`
	Truncated bool       `json:"truncated"`
}

func TestUnitAPI(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)

	r := c.JSON("POST", "/api/v1/units", map[string]any{"node_id": e.CommA.ID, "kind": "embedded", "name": "平江路供电服务站", "phone": "95598"})
	treeWantStatus(t, r, 201)
	var u unitJSON
	r.JSON(t, &u)
	if u.NodeName != "平江路社区" || u.KindName != "驻区单位" || u.Version != 1 || u.CreatedAt != "2026-03-02T01:00:00Z" ||
		r.Header.Get("Location") != "/api/v1/units/"+treeID(u.ID) {
		t.Fatalf("created %+v", u)
	}
	r = c.JSON("PATCH", "/api/v1/units/"+treeID(u.ID), map[string]any{"duties": "停电", "version": 1})
	treeWantStatus(t, r, 200)
	r.JSON(t, &u)
	if u.Duties != "停电" || u.Name != "平江路供电服务站" || u.Phone != "95598" || u.Kind != "embedded" || u.Version != 2 {
		t.Fatalf("patched %+v", u)
	}
	r = c.JSON("PATCH", "/api/v1/units/"+treeID(u.ID), map[string]any{"node_id": e.StreetA.ID, "phone": "", "version": 2})
	r.JSON(t, &u)
	if u.NodeID != e.StreetA.ID || u.Phone != "" || u.Version != 3 {
		t.Fatalf("moved %+v", u)
	}
	r = c.JSON("POST", "/api/v1/units/"+treeID(u.ID)+"/retire", map[string]any{"version": 3})
	treeWantStatus(t, r, 200)
	r.JSON(t, &u)
	if !u.Retired || u.RetiredAt == "" || u.Version != 4 {
		t.Fatalf("retired %+v", u)
	}
	r = c.JSON("POST", "/api/v1/units/"+treeID(u.ID)+"/restore", map[string]any{"version": 4})
	r.JSON(t, &u)
	if u.Retired || u.Version != 5 {
		t.Fatalf("restored %+v", u)
	}
	r = c.Get("/api/v1/units/" + treeID(u.ID))
	treeWantStatus(t, r, 200)

	lists := []struct {
		query string
		want  int
	}{
		{"", 2},
		{"?kind=embedded", 1},
		{"?node=" + treeID(e.StreetA.ID), 2},
		{"?under=" + treeID(e.CommA.ID), 0},
		{"?q=" + url.QueryEscape("供电"), 1},
		{"?limit=1", 1},
	}
	for _, l := range lists {
		r := c.Get("/api/v1/units" + l.query)
		treeWantStatus(t, r, 200)
		var got unitListJSON
		r.JSON(t, &got)
		if len(got.Items) != l.want || got.Truncated != (l.query == "?limit=1") {
			t.Errorf("%s: %d items (truncated %v), want %d", l.query, len(got.Items), got.Truncated, l.want)
		}
	}
	for q, status := range map[string]int{"?kind=x": 400, "?include_retired=2": 400, "?node=" + treeID(e.StreetB.ID): 404,
		"?under=" + treeID(e.GridB.ID): 404, "?limit=-3": 400} {
		if r := c.Get("/api/v1/units" + q); r.StatusCode != status {
			t.Errorf("%s: status %d, want %d", q, r.StatusCode, status)
		}
	}
	treeWantStatus(t, c.Get("/api/v1/units/"+treeID(e.UnitB.ID)), 404)
	// A handler sees their own unit.
	treeWantStatus(t, e.Login(webtest.HandlerA).Get("/api/v1/units/"+treeID(e.UnitA.ID)), 200)
}

func TestUnitAPIBadInput(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)
	free := treeNewUnit(t, e, admin.UnitInput{NodeID: e.CommA.ID, Kind: admin.Department, Name: "平江路社区工作站"})
	p := "/api/v1/units/" + treeID(free.ID)
	tests := []struct {
		name, method, path string
		body               any
		status             int
		field, msg         string
	}{
		{"create: empty name", "POST", "/api/v1/units", map[string]any{"node_id": e.CommA.ID, "kind": "department"}, 400, "name", "必填"},
		{"create: long name", "POST", "/api/v1/units", map[string]any{"node_id": e.CommA.ID, "kind": "department", "name": strings.Repeat("长", 61)}, 400, "name", "不能超过 60 个字"},
		{"create: no place", "POST", "/api/v1/units", map[string]any{"kind": "department", "name": "x"}, 400, "node_id", "必填"},
		{"create: bad kind", "POST", "/api/v1/units", map[string]any{"node_id": e.CommA.ID, "kind": "police", "name": "x"}, 400, "kind", "请选择一项"},
		{"create: bad phone", "POST", "/api/v1/units", map[string]any{"node_id": e.CommA.ID, "kind": "department", "name": "x", "phone": "1"}, 400, "phone", "请填写有效的电话号码，如 0512-65221234"},
		{"create: name taken", "POST", "/api/v1/units", map[string]any{"node_id": e.CommA.ID, "kind": "department", "name": "平江路社区工作站"}, 400, "name", "该区划下已有同名单位"},
		{"create: unknown field", "POST", "/api/v1/units", `{"node_id":1,"kind":"department","name":"x","email":"a@b"}`, 400, "email", "不认识的字段：email"},
		{"create: wrong type", "POST", "/api/v1/units", `{"node_id":1,"kind":"department","name":7}`, 400, "name", "字段 name 的类型不正确"},
		{"create: place outside the scope", "POST", "/api/v1/units", map[string]any{"node_id": e.StreetB.ID, "kind": "department", "name": "x"}, 404, "", "找不到该区划"},
		{"patch: empty name", "PATCH", p, map[string]any{"name": " ", "version": 1}, 400, "name", "必填"},
		{"patch: long duties", "PATCH", p, map[string]any{"duties": strings.Repeat("责", 501), "version": 1}, 400, "duties", "不能超过 500 个字"},
		{"patch: place outside the scope", "PATCH", p, map[string]any{"node_id": e.CommB.ID, "version": 1}, 400, "node_id", "找不到该区划"},
		{"patch: stale", "PATCH", p, map[string]any{"name": "x", "version": 2}, 409, "", "该记录已被他人修改，请刷新后重试"},
		{"patch: no version", "PATCH", p, map[string]any{"name": "x"}, 400, "version", "必填"},
		{"patch: version as text", "PATCH", p, `{"version":"one"}`, 400, "version", "字段 version 的类型不正确"},
		{"patch: outside the scope", "PATCH", "/api/v1/units/" + treeID(e.UnitB.ID), map[string]any{"name": "x", "version": 1}, 404, "", "找不到该单位"},
		{"retire: handlers bound", "POST", "/api/v1/units/" + treeID(e.UnitA.ID) + "/retire", map[string]any{"version": 1}, 409, "", "还有 1 个处置人员账号绑定该单位，请先调整"},
		{"retire: stale", "POST", p + "/retire", map[string]any{"version": 9}, 409, "", "该记录已被他人修改，请刷新后重试"},
		{"restore: not retired", "POST", p + "/restore", map[string]any{"version": 1}, 409, "", "该单位未停用"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.JSON(tt.method, tt.path, tt.body)
			treeWantStatus(t, r, tt.status)
			er := treeDecodeErr(t, r)
			if tt.field != "" {
				if got := er.Error.Fields[tt.field]; got != tt.msg {
					t.Fatalf("field %s: %q, want %q (%s)", tt.field, got, tt.msg, r.Body)
				}
			} else if er.Error.Message != tt.msg {
				t.Fatalf("message %q, want %q", er.Error.Message, tt.msg)
			}
		})
	}
	if u := treeReloadUnit(t, e, free); u.Version != 1 {
		t.Fatalf("unit changed: %+v", u)
	}
	t.Run("not JSON", func(t *testing.T) {
		r := c.Do("PATCH", p, "text/plain", strings.NewReader(`{"version":1}`))
		treeWantStatus(t, r, 400)
		if er := treeDecodeErr(t, r); er.Error.Message != "请以 JSON 格式提交（Content-Type: application/json）" {
			t.Fatalf("message %q", er.Error.Message)
		}
	})
	t.Run("oversized", func(t *testing.T) {
		treeWantStatus(t, c.JSON("PATCH", p, `{"duties":"`+strings.Repeat("x", 2<<20)+`"}`), http.StatusRequestEntityTooLarge)
	})
	t.Run("English", func(t *testing.T) {
		en := e.Login(webtest.StaffA)
		en.Lang = "en"
		r := en.JSON("POST", "/api/v1/units", map[string]any{"node_id": e.CommA.ID, "kind": "department", "name": "平江路社区工作站"})
		if got := treeDecodeErr(t, r).Error.Fields["name"]; got != "A unit with this name already serves this place" {
			t.Fatalf("name: %q", got)
		}
	})
	t.Run("readers cannot write", func(t *testing.T) {
		for _, who := range []string{webtest.GridWorkerA, webtest.HandlerA, webtest.Supervisor, webtest.Leader} {
			treeWantStatus(t, e.Login(who).JSON("PATCH", p, map[string]any{"name": "x", "version": 1}), 403)
		}
	})
}
