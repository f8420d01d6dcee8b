package web_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// Helpers shared by the tree and unit tests.

func treeWantStatus(t *testing.T, r *webtest.Response, want int) {
	t.Helper()
	if r.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d: %s", r.Request.Method, r.Request.URL.Path, r.StatusCode, want, snippet(r.Body))
	}
}

func treeWantBody(t *testing.T, r *webtest.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(r.Body, p) {
			t.Errorf("%s %s: body lacks %q", r.Request.Method, r.Request.URL.Path, p)
		}
	}
}

func treeWantNoBody(t *testing.T, r *webtest.Response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(r.Body, p) {
			t.Errorf("%s %s: body has %q", r.Request.Method, r.Request.URL.Path, p)
		}
	}
}

// treeFieldError is the message a page shows beside a form field, or "".
func treeFieldError(body, field string) string {
	m := regexp.MustCompile(`<div class="error" id="e-` + regexp.QuoteMeta(field) + `">([^<]*)</div>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// treeFormError is the heading of a form's error summary, or "".
func treeFormError(body string) string {
	m := regexp.MustCompile(`(?s)<div class="form-errors" role="alert">\s*<h2>([^<]*)</h2>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// treeAPIErr is the JSON error body.
type treeAPIErr struct {
	Error struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func treeDecodeErr(t *testing.T, r *webtest.Response) treeAPIErr {
	t.Helper()
	var e treeAPIErr
	r.JSON(t, &e)
	return e
}

// treeFollow fetches where a redirect points, as the browser would, carrying the flash
// message the redirect set.
func treeFollow(t *testing.T, e *webtest.Env, c *webtest.Client, r *webtest.Response) *webtest.Response {
	t.Helper()
	treeWantStatus(t, r, http.StatusSeeOther)
	loc := r.Header.Get("Location")
	if loc == "" {
		t.Fatal("redirect without a location")
	}
	req, err := http.NewRequest("GET", e.HTTP.URL+strings.SplitN(loc, "#", 2)[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	req.AddCookie(&http.Cookie{Name: "shequ_session", Value: c.Cookie()})
	if c.Lang != "" {
		req.AddCookie(&http.Cookie{Name: "shequ_lang", Value: c.Lang})
	}
	for _, ck := range r.Cookies() {
		if ck.Name == "shequ_flash" {
			req.AddCookie(ck)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return &webtest.Response{Response: resp, Body: string(b)}
}

func treeID(n int64) string { return fmt.Sprint(n) }

var treeCtx = context.Background()

// treeChild finds a child of parent by local code through the store.
func treeChild(t *testing.T, e *webtest.Env, parent *admin.Node, code string) *admin.Node {
	t.Helper()
	ns, err := e.DB.Nodes(treeCtx, e.Sys, store.NodeFilter{ParentID: parent.ID, IncludeRetired: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ns {
		if n.Code == code {
			return n
		}
	}
	t.Fatalf("no child %s under %s", code, parent.Name)
	return nil
}

func treeReload(t *testing.T, e *webtest.Env, n *admin.Node) *admin.Node {
	t.Helper()
	fresh, err := e.DB.Node(treeCtx, e.Sys, n.ID)
	if err != nil {
		t.Fatal(err)
	}
	return fresh
}

// The pages of the tree.

func TestTreeBrowserAndSearch(t *testing.T) {
	e := webtest.New(t)
	old := treeNewNode(e, admin.NodeInput{ParentID: e.CommA.ID, Code: "09", Name: "旧大儒巷网格"})
	if err := e.DB.RetireNode(treeCtx, e.Sys, old.ID, old.Version); err != nil {
		t.Fatal(err)
	}
	staff := e.Login(webtest.StaffA)
	tests := []struct {
		name      string
		who       string
		path      string
		want, not []string
	}{
		{"staff sees the scope root and two levels", webtest.StaffA, "/admin/nodes",
			[]string{"平江街道", "平江路社区", "平江路第1网格", "320508001001", "1 个下级", `class="breadcrumb"`, "苏州市", "显示已停用"},
			[]string{"沧浪街道", "南门社区", "旧大儒巷网格", `action="/admin/nodes" novalidate`}},
		{"retired shown on request", webtest.StaffA, "/admin/nodes?retired=1",
			[]string{"旧大儒巷网格", `<li class="retired">`, "隐藏已停用"}, nil},
		{"administrators start at the roots", webtest.Admin, "/admin/nodes",
			[]string{"苏州市", "姑苏区", "平江街道", "沧浪街道", "新增市或区县（顶级）"}, []string{"平江路社区"}},
		{"grid worker sees only the grid", webtest.GridWorkerA, "/admin/nodes",
			[]string{"平江路第1网格"}, []string{"平江路社区</a>", "沧浪街道"}},
		{"search by name", webtest.StaffA, "/admin/nodes?q=" + url.QueryEscape("平江路"),
			[]string{"查找结果", "平江路社区", "平江路第1网格", "平江街道</td>"}, []string{"南门"}},
		{"search by code and level", webtest.StaffA, "/admin/nodes?q=320508001001&level=5",
			[]string{"平江路第1网格", "平江路社区</td>"}, []string{">平江路社区</a>"}},
		{"search below a node", webtest.StaffA, "/admin/nodes?under=" + treeID(e.CommA.ID),
			[]string{"“平江路社区”下的查找结果", "平江路第1网格"}, []string{">平江街道</a></td>"}},
		{"search finds nothing outside the scope", webtest.StaffA, "/admin/nodes?q=" + url.QueryEscape("南门"),
			[]string{"没有找到符合条件的区划"}, []string{"南门社区"}},
		{"search includes retired on request", webtest.StaffA, "/admin/nodes?q=" + url.QueryEscape("大儒巷") + "&retired=1",
			[]string{"旧大儒巷网格", "已停用"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := staff
			if tt.who != webtest.StaffA {
				c = e.Login(tt.who)
			}
			r := c.Get(tt.path)
			treeWantStatus(t, r, http.StatusOK)
			treeWantBody(t, r, tt.want...)
			treeWantNoBody(t, r, tt.not...)
		})
	}
	t.Run("bad parameters", func(t *testing.T) {
		for _, q := range []string{"level=9", "level=x", "retired=maybe", "under=abc"} {
			if r := staff.Get("/admin/nodes?" + q); r.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: status %d", q, r.StatusCode)
			}
		}
		if r := staff.Get("/admin/nodes?under=" + treeID(e.GridB.ID)); r.StatusCode != http.StatusNotFound {
			t.Errorf("under a node of street B: status %d", r.StatusCode)
		}
	})
	t.Run("English", func(t *testing.T) {
		en := e.Login(webtest.StaffA)
		en.Lang = "en"
		r := en.Get("/admin/nodes")
		treeWantBody(t, r, "Places and grids", "community", "Show retired")
	})
}

func TestNodePage(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	r := staff.Get("/admin/nodes/" + treeID(e.CommA.ID))
	treeWantStatus(t, r, http.StatusOK)
	treeWantBody(t, r,
		`<li aria-current="page">平江路社区</li>`, `<a href="/admin/nodes/`+treeID(e.StreetA.ID)+`">平江街道</a>`, // breadcrumb
		"320508001001", "苏州市 › 姑苏区 › 平江街道 › 平江路社区", "在用", // details
		"平江路第1网格", "32050800100101", // children
		"新增下级网格", `name="parent_id" value="`+treeID(e.CommA.ID)+`"`, // add child
		"修改名称或代码", `name="version" value="1"`, // rename
		"停用", "还有 1 个下级、0 个单位和 1 个账号在使用", // retire, refused while in use
		"有 1 个在用账号绑定在本级", `/admin/users?node=`+treeID(e.CommA.ID), // accounts
		"在本级新增单位", "/admin/units/new?node="+treeID(e.CommA.ID),
		"变更记录", "新增", "system:test", "上级：平江街道")
	// The top of the caller's scope cannot be moved or retired by the caller.
	r = staff.Get("/admin/nodes/" + treeID(e.StreetA.ID))
	treeWantStatus(t, r, http.StatusOK)
	treeWantBody(t, r, "平江街道城管中队", "修改名称或代码")
	treeWantNoBody(t, r, "/retire", "/move")
	// A grid can move to another community of the street.
	comm2 := treeNewNode(e, admin.NodeInput{ParentID: e.StreetA.ID, Code: "002", Name: "观前社区"})
	r = staff.Get("/admin/nodes/" + treeID(e.GridA.ID))
	treeWantBody(t, r, "调整上级", `<option value="`+treeID(comm2.ID)+`">观前社区 · 320508001002</option>`, "新的上级必须是社区（村）")
	treeWantNoBody(t, r, "南门社区")
	// Readers see no forms.
	for _, who := range []string{webtest.GridWorkerA, webtest.Supervisor, webtest.HandlerA} {
		r := e.Login(who).Get("/admin/nodes/" + treeID(e.GridA.ID))
		treeWantStatus(t, r, http.StatusOK)
		treeWantBody(t, r, "平江路第1网格", "变更记录")
		treeWantNoBody(t, r, `method="post" action="/admin/nodes`, "新增下级", "/admin/units/new")
	}
	// Accounts are listed only to those who may see them.
	treeWantNoBody(t, e.Login(webtest.GridWorkerA).Get("/admin/nodes/"+treeID(e.GridA.ID)), "/admin/users?node=")
	// Outside the scope: not found.
	for _, p := range []string{"/admin/nodes/" + treeID(e.GridB.ID), "/admin/nodes/" + treeID(e.StreetB.ID), "/admin/nodes/999999", "/admin/nodes/abc"} {
		if r := staff.Get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d", p, r.StatusCode)
		}
	}
}

func TestNodeLifecycleThroughPages(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)

	// Add a community and a grid under it.
	r := c.PostForm("/admin/nodes", url.Values{"parent_id": {treeID(e.StreetA.ID)}, "code": {"002"}, "name": {"观前社区"}})
	if loc := r.Header.Get("Location"); loc != "/admin/nodes/"+treeID(e.StreetA.ID)+"#children" {
		t.Fatalf("created: %d %q", r.StatusCode, loc)
	}
	page := treeFollow(t, e, c, r)
	treeWantBody(t, page, "已新增区划", "观前社区", "320508001002")
	comm2 := treeChild(t, e, e.StreetA, "002")
	if comm2.Level != admin.Community {
		t.Fatalf("level %d", comm2.Level)
	}
	r = c.PostForm("/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "code": {"02"}, "name": {"平江路第2网格"}})
	treeWantBody(t, treeFollow(t, e, c, r), "平江路第2网格", "32050800100102")
	grid2 := treeChild(t, e, e.CommA, "02")

	// Rename it and change its code.
	r = c.PostForm("/admin/nodes/"+treeID(grid2.ID), url.Values{"name": {"大儒巷网格"}, "code": {"03"}, "version": {"1"}})
	page = treeFollow(t, e, c, r)
	treeWantBody(t, page, "区划已保存", "大儒巷网格", "32050800100103", "修改名称或代码", "名称：平江路第2网格 → 大儒巷网格",
		"代码：32050800100102 → 32050800100103")

	// Move it to the other community: the full code follows.
	r = c.PostForm("/admin/nodes/"+treeID(grid2.ID)+"/move", url.Values{"parent_id": {treeID(comm2.ID)}, "version": {"2"}})
	page = treeFollow(t, e, c, r)
	treeWantBody(t, page, "区划已调整到新的上级", "32050800100203", "调整上级", "上级：平江路社区 → 观前社区")
	if n := treeReload(t, e, grid2); n.ParentID != comm2.ID || n.FullCode != "32050800100203" {
		t.Fatalf("moved: parent %d code %s", n.ParentID, n.FullCode)
	}

	// Retire it: it keeps its page and history, greyed in listings.
	r = c.PostForm("/admin/nodes/"+treeID(grid2.ID)+"/retire", url.Values{"version": {"3"}})
	page = treeFollow(t, e, c, r)
	treeWantBody(t, page, "区划已停用，历史记录仍然保留", "已停用", "恢复启用", "新增", "调整上级")
	treeWantNoBody(t, page, "新增下级", `id="rename"`, `id="move"`)
	list := c.Get("/admin/nodes/" + treeID(comm2.ID))
	treeWantNoBody(t, list, "大儒巷网格")
	list = c.Get("/admin/nodes/" + treeID(comm2.ID) + "?retired=1")
	treeWantBody(t, list, `<tr class="retired">`, "大儒巷网格", "隐藏已停用")

	// Restore it.
	r = c.PostForm("/admin/nodes/"+treeID(grid2.ID)+"/restore", url.Values{"version": {"4"}})
	page = treeFollow(t, e, c, r)
	treeWantBody(t, page, "区划已恢复启用", "恢复启用")
	if treeReload(t, e, grid2).IsRetired() {
		t.Fatal("still retired")
	}

	// Administrators add a root.
	admin := e.Login(webtest.Admin)
	r = admin.PostForm("/admin/nodes", url.Values{"level": {"1"}, "code": {"110000"}, "name": {"北京市"}})
	treeWantBody(t, treeFollow(t, e, admin, r), "北京市", "110000", "市")
	r = admin.PostForm("/admin/nodes", url.Values{"level": {"1"}, "code": {"110001"}, "name": {"北京"}})
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, `id="add-root"`)
	if got := treeFieldError(r.Body, "code"); got != "市级代码应以 00 结尾（GB/T 2260），如 320500" {
		t.Fatalf("root code: %q", got)
	}
	r = admin.PostForm("/admin/nodes", url.Values{"level": {"2"}, "code": {"320500"}, "name": {"x"}})
	if got := treeFieldError(r.Body, "code"); got != "区县代码不能以 00 结尾（GB/T 2260），如 320508" {
		t.Fatalf("root district code: %q", got)
	}
}

func TestNodeFormsBadInput(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)
	long := strings.Repeat("长", 61)
	grid2 := treeNewNode(e, admin.NodeInput{ParentID: e.CommA.ID, Code: "02", Name: "平江路第2网格"})
	retired := treeNewNode(e, admin.NodeInput{ParentID: e.CommA.ID, Code: "09", Name: "旧网格"})
	if err := e.DB.RetireNode(treeCtx, e.Sys, retired.ID, 1); err != nil {
		t.Fatal(err)
	}
	microA := treeNewNode(e, admin.NodeInput{ParentID: e.GridA.ID, Code: "01", Name: "微网格1"})
	treeNewNode(e, admin.NodeInput{ParentID: e.StreetA.ID, Code: "002", Name: "观前社区"}) // somewhere to move grids
	nodes := func(p string, n *admin.Node) string { return "/admin/nodes/" + treeID(n.ID) + p }
	tests := []struct {
		name   string
		path   string
		form   url.Values
		status int
		field  string // "" when the message is for the whole form
		msg    string
		hidden bool // the form is no longer on the page: its problems are listed at the top
	}{
		// Add a child.
		{"create: empty name", "/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "code": {"03"}}, 400, "name", "必填", false},
		{"create: long name", "/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "code": {"03"}, "name": {long}}, 400, "name", "不能超过 60 个字", false},
		{"create: code with letters", "/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "code": {"0a"}, "name": {"x"}}, 400, "code", "代码应为 2 到 3 位数字", false},
		{"create: code too long", "/admin/nodes", url.Values{"parent_id": {treeID(e.StreetA.ID)}, "code": {"0001"}, "name": {"x"}}, 400, "code", "代码应为 3 位数字", false},
		{"create: code all zeros", "/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "code": {"00"}, "name": {"x"}}, 400, "code", "代码不能全为 0", false},
		{"create: empty code", "/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "name": {"x"}}, 400, "code", "必填", false},
		{"create: sibling code taken", "/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "code": {"01"}, "name": {"x"}}, 400, "code", "同一上级下已有相同代码（含已停用的）", false},
		{"create: code of a retired sibling", "/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "code": {"09"}, "name": {"x"}}, 400, "code", "同一上级下已有相同代码（含已停用的）", false},
		{"create: under a retired node", "/admin/nodes", url.Values{"parent_id": {treeID(retired.ID)}, "code": {"01"}, "name": {"x"}}, 400, "parent_id", "所选区划已停用", true},
		{"create: under a micro-grid", "/admin/nodes", url.Values{"parent_id": {treeID(microA.ID)}, "code": {"01"}, "name": {"x"}}, 400, "parent_id", "微网格下不能再设下级", true},
		// Rename.
		{"rename: empty name", nodes("", grid2), url.Values{"name": {""}, "code": {"02"}, "version": {"1"}}, 400, "name", "必填", false},
		{"rename: long name", nodes("", grid2), url.Values{"name": {long}, "code": {"02"}, "version": {"1"}}, 400, "name", "不能超过 60 个字", false},
		{"rename: bad code", nodes("", e.CommA), url.Values{"name": {"平江路社区"}, "code": {"1"}, "version": {"1"}}, 400, "code", "代码应为 3 位数字", false},
		{"rename: sibling code taken", nodes("", grid2), url.Values{"name": {"x"}, "code": {"01"}, "version": {"1"}}, 400, "code", "同一上级下已有相同代码（含已停用的）", false},
		{"rename: stale version", nodes("", grid2), url.Values{"name": {"x"}, "code": {"02"}, "version": {"7"}}, 409, "", "该记录已被他人修改，请刷新后重试", false},
		{"rename: no version", nodes("", grid2), url.Values{"name": {"x"}, "code": {"02"}}, 400, "", "必填", false},
		{"rename: version not a number", nodes("", grid2), url.Values{"name": {"x"}, "code": {"02"}, "version": {"v1"}}, 400, "", "请输入数字", false},
		{"rename: retired", nodes("", retired), url.Values{"name": {"x"}, "code": {"09"}, "version": {"2"}}, 400, "name", "该区划已停用", true},
		// Move.
		{"move: under itself", nodes("/move", e.GridA), url.Values{"parent_id": {treeID(e.GridA.ID)}, "version": {"1"}}, 400, "parent_id", "不能移到自身或其下级之下", false},
		{"move: under a descendant", nodes("/move", e.GridA), url.Values{"parent_id": {treeID(microA.ID)}, "version": {"1"}}, 400, "parent_id", "不能移到自身或其下级之下", false},
		{"move: the community of a street staff member", nodes("/move", e.CommA), url.Values{"parent_id": {treeID(e.GridA.ID)}, "version": {"1"}}, 400, "parent_id", "不能移到自身或其下级之下", true},
		{"move: wrong level", nodes("/move", grid2), url.Values{"parent_id": {treeID(e.StreetA.ID)}, "version": {"1"}}, 400, "parent_id", "新上级必须是社区（村）", false},
		{"move: same parent", nodes("/move", grid2), url.Values{"parent_id": {treeID(e.CommA.ID)}, "version": {"1"}}, 400, "parent_id", "已在该上级之下", false},
		{"move: no parent chosen", nodes("/move", grid2), url.Values{"parent_id": {""}, "version": {"1"}}, 400, "parent_id", "请选择一项", false},
		{"move: parent outside the scope", nodes("/move", grid2), url.Values{"parent_id": {treeID(e.CommB.ID)}, "version": {"1"}}, 400, "parent_id", "找不到该区划", false},
		{"move: stale version", nodes("/move", microA), url.Values{"parent_id": {treeID(grid2.ID)}, "version": {"5"}}, 409, "", "该记录已被他人修改，请刷新后重试", false},
		// Retire and restore.
		{"retire: still in use", nodes("/retire", e.CommA), url.Values{"version": {"1"}}, 409, "", "还有 2 个下级、0 个单位和 1 个账号在使用，请先处理", false},
		{"retire: already retired", nodes("/retire", retired), url.Values{"version": {"2"}}, 409, "", "该区划已停用", false},
		{"retire: stale version", nodes("/retire", grid2), url.Values{"version": {"9"}}, 409, "", "该记录已被他人修改，请刷新后重试", false},
		{"restore: not retired", nodes("/restore", grid2), url.Values{"version": {"1"}}, 409, "", "该区划未停用", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.PostForm(tt.path, tt.form)
			treeWantStatus(t, r, tt.status)
			if tt.hidden {
				if !strings.Contains(r.Body, `<div class="form-errors" role="alert">`) || !strings.Contains(r.Body, tt.msg) {
					t.Fatalf("no summary with %q", tt.msg)
				}
			} else if tt.field != "" {
				field := tt.field
				if tt.path == "/admin/nodes" { // the add-child form, one of several on the page
					field = "child-" + field
				}
				if got := treeFieldError(r.Body, field); got != tt.msg {
					t.Fatalf("field %s: %q, want %q", tt.field, got, tt.msg)
				}
			} else if got := treeFormError(r.Body); got != tt.msg {
				t.Fatalf("form error %q, want %q", got, tt.msg)
			}
			// The page is shown again with what was typed.
			if name := tt.form.Get("name"); name != "" && tt.field != "" && !tt.hidden && !strings.Contains(r.Body, `value="`+name+`"`) {
				t.Errorf("typed name not kept")
			}
		})
	}
	// Nothing was changed by any of them.
	if n := treeReload(t, e, grid2); n.Version != 1 || n.Name != "平江路第2网格" {
		t.Fatalf("grid changed: %+v", n)
	}

	t.Run("English", func(t *testing.T) {
		en := e.Login(webtest.StaffA)
		en.Lang = "en"
		r := en.PostForm("/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "code": {"0a"}, "name": {""}})
		treeWantStatus(t, r, 400)
		if got := treeFieldError(r.Body, "child-name"); got != "Required" {
			t.Errorf("name: %q", got)
		}
		if got := treeFieldError(r.Body, "child-code"); got != "The code must be 2 to 3 digits" {
			t.Errorf("code: %q", got)
		}
		// The summary names each field and links to it, in the order of the form.
		summary := `<li><a href="#f-child-code"><strong>Code</strong>: The code must be 2 to 3 digits</a></li><li><a href="#f-child-name"><strong>Name</strong>: Required</a></li>`
		if !strings.Contains(r.Body, summary) {
			t.Errorf("summary: want %s in\n%s", summary, r.Body)
		}
		r = en.PostForm("/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "code": {"01"}, "name": {"x"}})
		if got := treeFieldError(r.Body, "child-code"); got != "A sibling already uses this code (retired ones included)" {
			t.Errorf("code: %q", got)
		}
	})
	t.Run("oversized body", func(t *testing.T) {
		r := c.PostForm("/admin/nodes", url.Values{"parent_id": {treeID(e.CommA.ID)}, "name": {strings.Repeat("x", 2<<20)}})
		treeWantStatus(t, r, http.StatusRequestEntityTooLarge)
	})
	t.Run("refusals", func(t *testing.T) {
		tests := []struct {
			name   string
			who    string
			path   string
			form   url.Values
			status int
		}{
			{"parent in street B", webtest.StaffA, "/admin/nodes", url.Values{"parent_id": {treeID(e.GridB.ID)}, "code": {"01"}, "name": {"x"}}, 404},
			{"rename in street B", webtest.StaffA, "/admin/nodes/" + treeID(e.GridB.ID), url.Values{"name": {"x"}, "code": {"01"}, "version": {"1"}}, 404},
			{"move in street B", webtest.StaffA, "/admin/nodes/" + treeID(e.GridB.ID) + "/move", url.Values{"parent_id": {treeID(e.CommA.ID)}, "version": {"1"}}, 404},
			{"retire in street B", webtest.StaffA, "/admin/nodes/" + treeID(e.GridB.ID) + "/retire", url.Values{"version": {"1"}}, 404},
			{"restore in street B", webtest.StaffA, "/admin/nodes/" + treeID(e.GridB.ID) + "/restore", url.Values{"version": {"1"}}, 404},
			{"a root by area staff", webtest.StaffA, "/admin/nodes", url.Values{"level": {"2"}, "code": {"320509"}, "name": {"x"}}, 403},
			{"retire the top of one's scope", webtest.StaffA, "/admin/nodes/" + treeID(e.StreetA.ID) + "/retire", url.Values{"version": {"1"}}, 403},
			{"move the top of one's scope", webtest.StaffCommA, "/admin/nodes/" + treeID(e.CommA.ID) + "/move", url.Values{"parent_id": {treeID(e.StreetB.ID)}, "version": {"1"}}, 403},
			{"above one's scope", webtest.StaffCommA, "/admin/nodes/" + treeID(e.StreetA.ID), url.Values{"name": {"x"}, "code": {"001"}, "version": {"1"}}, 404},
			{"grid worker", webtest.GridWorkerA, "/admin/nodes/" + treeID(e.GridA.ID), url.Values{"name": {"x"}, "code": {"01"}, "version": {"1"}}, 403},
			{"leader", webtest.Leader, "/admin/nodes", url.Values{"parent_id": {treeID(e.GridA.ID)}, "code": {"05"}, "name": {"x"}}, 403},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				treeWantStatus(t, e.Login(tt.who).PostForm(tt.path, tt.form), tt.status)
			})
		}
		if n := treeReload(t, e, e.GridB); n.Version != 1 || n.IsRetired() {
			t.Fatalf("grid B changed: %+v", n)
		}
	})
}

// The API of the tree.

type nodeJSON struct {
	ID         int64      `json:"id"`
	ParentID   int64      `json:"parent_id"`
	Level      int        `json:"level"`
	LevelName  string     `json:"level_name"`
	Code       string     `json:"code"`
	FullCode   string     `json:"full_code"`
	Name       string     `json:"name"`
	Path       []int64    `json:"path"`
	ChildCount int        `json:"child_count"`
	Retired    bool       `json:"retired"`
	RetiredAt  *time.Time `json:"retired_at"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	Version    int        `json:"version"`
	Ancestors  []struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"ancestors"`
}

type nodeListJSON struct {
	Items     []nodeJSON `json:"items"`
	Truncated bool       `json:"truncated"`
}

func treeNames(items []nodeJSON) string {
	var s []string
	for _, n := range items {
		s = append(s, n.Name)
	}
	return strings.Join(s, ",")
}

func TestNodeAPIRead(t *testing.T) {
	e := webtest.New(t)
	old := treeNewNode(e, admin.NodeInput{ParentID: e.CommA.ID, Code: "09", Name: "旧网格"})
	if err := e.DB.RetireNode(treeCtx, e.Sys, old.ID, 1); err != nil {
		t.Fatal(err)
	}
	c := e.Login(webtest.StaffA)
	tests := []struct {
		name, query, want string
		truncated         bool
	}{
		{"the top of the scope", "", "平江街道", false},
		{"children", "?parent=" + treeID(e.StreetA.ID), "平江路社区", false},
		{"below, one level", "?under=" + treeID(e.StreetA.ID) + "&level=5", "平江路第1网格", false},
		{"retired left out", "?parent=" + treeID(e.CommA.ID), "平江路第1网格", false},
		{"retired on request", "?parent=" + treeID(e.CommA.ID) + "&include_retired=true", "平江路第1网格,旧网格", false},
		{"by name", "?q=" + url.QueryEscape("平江路"), "平江路社区,平江路第1网格", false},
		{"by code prefix", "?q=3205080010", "平江路社区,平江路第1网格", false},
		{"limited", "?under=" + treeID(e.StreetA.ID) + "&limit=2", "平江街道,平江路社区", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := c.Get("/api/v1/nodes" + tt.query)
			treeWantStatus(t, r, 200)
			var l nodeListJSON
			r.JSON(t, &l)
			if got := treeNames(l.Items); got != tt.want || l.Truncated != tt.truncated {
				t.Fatalf("got %s (truncated %v), want %s", got, l.Truncated, tt.want)
			}
		})
	}

	r := c.Get("/api/v1/nodes/" + treeID(e.GridA.ID))
	treeWantStatus(t, r, 200)
	var n nodeJSON
	r.JSON(t, &n)
	if n.Level != 5 || n.LevelName != "网格" || n.FullCode != "32050800100101" || n.Code != "01" || n.ParentID != e.CommA.ID ||
		len(n.Path) != 5 || n.Path[4] != e.GridA.ID || len(n.Ancestors) != 4 || n.Ancestors[3].Name != "平江路社区" ||
		n.Version != 1 || n.Retired || n.CreatedAt.IsZero() {
		t.Fatalf("node %+v", n)
	}
	if !strings.Contains(r.Body, `"created_at":"2026-03-02T01:00:00Z"`) {
		t.Errorf("times are not RFC 3339 in UTC: %s", r.Body)
	}
	r = c.Get("/api/v1/nodes/" + treeID(old.ID))
	r.JSON(t, &n)
	if !n.Retired || n.RetiredAt == nil {
		t.Fatalf("retired node %+v", n)
	}

	bad := []struct {
		query, field string
		status       int
	}{
		{"?level=9", "level", 400},
		{"?level=x", "level", 400},
		{"?include_retired=maybe", "include_retired", 400},
		{"?limit=5000", "limit", 400},
		{"?parent=abc", "parent", 400},
		{"?under=-1", "under", 400},
		{"?parent=" + treeID(e.StreetB.ID), "", 404},
		{"?under=" + treeID(e.GridB.ID), "", 404},
	}
	for _, b := range bad {
		r := c.Get("/api/v1/nodes" + b.query)
		treeWantStatus(t, r, b.status)
		if b.field != "" {
			if er := treeDecodeErr(t, r); er.Error.Fields[b.field] == "" {
				t.Errorf("%s: no message for %s: %s", b.query, b.field, r.Body)
			}
		}
	}
	for _, p := range []string{"/api/v1/nodes/" + treeID(e.GridB.ID), "/api/v1/nodes/999999", "/api/v1/nodes/x"} {
		treeWantStatus(t, c.Get(p), 404)
	}
	// A grid worker lists their grid only.
	r = e.Login(webtest.GridWorkerA).Get("/api/v1/nodes?q=" + url.QueryEscape("平江"))
	var l nodeListJSON
	r.JSON(t, &l)
	if treeNames(l.Items) != "平江路第1网格" {
		t.Fatalf("grid worker sees %s", treeNames(l.Items))
	}
}

func TestNodeAPIWrite(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)

	r := c.JSON("POST", "/api/v1/nodes", map[string]any{"parent_id": e.CommA.ID, "code": "02", "name": " 平江路第2网格 "})
	treeWantStatus(t, r, 201)
	var n nodeJSON
	r.JSON(t, &n)
	if n.Level != 5 || n.FullCode != "32050800100102" || n.Name != "平江路第2网格" || r.Header.Get("Location") != "/api/v1/nodes/"+treeID(n.ID) {
		t.Fatalf("created %+v, location %q", n, r.Header.Get("Location"))
	}
	grid2 := n.ID

	r = c.JSON("PATCH", "/api/v1/nodes/"+treeID(grid2), map[string]any{"name": "大儒巷网格", "version": 1})
	treeWantStatus(t, r, 200)
	r.JSON(t, &n)
	if n.Name != "大儒巷网格" || n.Code != "02" || n.Version != 2 {
		t.Fatalf("renamed %+v", n)
	}
	r = c.JSON("PATCH", "/api/v1/nodes/"+treeID(grid2), map[string]any{"code": "03", "version": 2})
	r.JSON(t, &n)
	if n.FullCode != "32050800100103" || n.Name != "大儒巷网格" || n.Version != 3 {
		t.Fatalf("recoded %+v", n)
	}

	comm2 := treeNewNode(e, admin.NodeInput{ParentID: e.StreetA.ID, Code: "002", Name: "观前社区"})
	r = c.JSON("POST", "/api/v1/nodes/"+treeID(grid2)+"/move", map[string]any{"parent_id": comm2.ID, "version": 3})
	treeWantStatus(t, r, 200)
	r.JSON(t, &n)
	if n.ParentID != comm2.ID || n.FullCode != "32050800100203" || n.Version != 4 {
		t.Fatalf("moved %+v", n)
	}

	r = c.JSON("POST", "/api/v1/nodes/"+treeID(grid2)+"/retire", map[string]any{"version": 4})
	treeWantStatus(t, r, 200)
	r.JSON(t, &n)
	if !n.Retired || n.RetiredAt == nil || n.Version != 5 {
		t.Fatalf("retired %+v", n)
	}
	r = c.JSON("POST", "/api/v1/nodes/"+treeID(grid2)+"/restore", map[string]any{"version": 5})
	treeWantStatus(t, r, 200)
	r.JSON(t, &n)
	if n.Retired || n.Version != 6 {
		t.Fatalf("restored %+v", n)
	}
	// The history of the node is in the audit log.
	treeWantBody(t, c.Get("/admin/nodes/"+treeID(grid2)), "恢复启用", "停用", "调整上级", "代码：32050800100102 → 32050800100103")
}

func TestNodeAPIBadInput(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.StaffA)
	grid2 := treeNewNode(e, admin.NodeInput{ParentID: e.CommA.ID, Code: "02", Name: "平江路第2网格"})
	comm2 := treeNewNode(e, admin.NodeInput{ParentID: e.StreetA.ID, Code: "002", Name: "观前社区"})
	long := strings.Repeat("长", 61)
	tests := []struct {
		name         string
		method, path string
		body         any
		status       int
		field        string // "" for a message about the whole request
		msg          string
	}{
		{"create: empty name", "POST", "/api/v1/nodes", map[string]any{"parent_id": e.CommA.ID, "code": "03"}, 400, "name", "必填"},
		{"create: long name", "POST", "/api/v1/nodes", map[string]any{"parent_id": e.CommA.ID, "code": "03", "name": long}, 400, "name", "不能超过 60 个字"},
		{"create: bad code", "POST", "/api/v1/nodes", map[string]any{"parent_id": e.CommA.ID, "code": "abc", "name": "x"}, 400, "code", "代码应为 2 到 3 位数字"},
		{"create: sibling code", "POST", "/api/v1/nodes", map[string]any{"parent_id": e.CommA.ID, "code": "01", "name": "x"}, 400, "code", "同一上级下已有相同代码（含已停用的）"},
		{"create: unknown field", "POST", "/api/v1/nodes", `{"parent_id":1,"code":"03","name":"x","colour":"red"}`, 400, "colour", "不认识的字段：colour"},
		{"create: wrong type", "POST", "/api/v1/nodes", `{"parent_id":"one","code":"03","name":"x"}`, 400, "parent_id", "字段 parent_id 的类型不正确"},
		{"create: malformed", "POST", "/api/v1/nodes", `{"parent_id":`, 400, "", "请求格式错误：invalid JSON"},
		{"create: parent outside the scope", "POST", "/api/v1/nodes", map[string]any{"parent_id": e.GridB.ID, "code": "01", "name": "x"}, 404, "", "找不到该区划"},
		{"create: a root by area staff", "POST", "/api/v1/nodes", map[string]any{"level": 2, "code": "320509", "name": "x"}, 403, "", "您没有权限进行此操作"},
		{"patch: empty name", "PATCH", "/api/v1/nodes/" + treeID(grid2.ID), map[string]any{"name": "", "version": 1}, 400, "name", "必填"},
		{"patch: bad code", "PATCH", "/api/v1/nodes/" + treeID(grid2.ID), map[string]any{"code": "1234", "version": 1}, 400, "code", "代码应为 2 到 3 位数字"},
		{"patch: sibling code", "PATCH", "/api/v1/nodes/" + treeID(grid2.ID), map[string]any{"code": "01", "version": 1}, 400, "code", "同一上级下已有相同代码（含已停用的）"},
		{"patch: stale", "PATCH", "/api/v1/nodes/" + treeID(grid2.ID), map[string]any{"name": "x", "version": 3}, 409, "", "该记录已被他人修改，请刷新后重试"},
		{"patch: no version", "PATCH", "/api/v1/nodes/" + treeID(grid2.ID), map[string]any{"name": "x"}, 400, "version", "必填"},
		{"patch: version as text", "PATCH", "/api/v1/nodes/" + treeID(grid2.ID), `{"name":"x","version":"1"}`, 400, "version", "字段 version 的类型不正确"},
		{"patch: unknown field", "PATCH", "/api/v1/nodes/" + treeID(grid2.ID), `{"nmae":"x","version":1}`, 400, "nmae", "不认识的字段：nmae"},
		{"patch: outside the scope", "PATCH", "/api/v1/nodes/" + treeID(e.GridB.ID), map[string]any{"name": "x", "version": 1}, 404, "", "找不到该区划"},
		{"move: cycle", "POST", "/api/v1/nodes/" + treeID(e.CommA.ID) + "/move", map[string]any{"parent_id": e.GridA.ID, "version": 1}, 400, "parent_id", "不能移到自身或其下级之下"},
		{"move: wrong level", "POST", "/api/v1/nodes/" + treeID(grid2.ID) + "/move", map[string]any{"parent_id": e.StreetA.ID, "version": 1}, 400, "parent_id", "新上级必须是社区（村）"},
		{"move: no parent", "POST", "/api/v1/nodes/" + treeID(grid2.ID) + "/move", map[string]any{"version": 1}, 400, "parent_id", "必填"},
		{"move: stale", "POST", "/api/v1/nodes/" + treeID(e.GridA.ID) + "/move", map[string]any{"parent_id": comm2.ID, "version": 5}, 409, "", "该记录已被他人修改，请刷新后重试"},
		{"retire: in use", "POST", "/api/v1/nodes/" + treeID(e.CommA.ID) + "/retire", map[string]any{"version": 1}, 409, "", "还有 2 个下级、0 个单位和 1 个账号在使用，请先处理"},
		{"retire: stale", "POST", "/api/v1/nodes/" + treeID(grid2.ID) + "/retire", map[string]any{"version": 2}, 409, "", "该记录已被他人修改，请刷新后重试"},
		{"retire: empty body", "POST", "/api/v1/nodes/" + treeID(grid2.ID) + "/retire", "{}", 400, "version", "必填"},
		{"restore: not retired", "POST", "/api/v1/nodes/" + treeID(grid2.ID) + "/restore", map[string]any{"version": 1}, 409, "", "该区划未停用"},
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
	if n := treeReload(t, e, grid2); n.Version != 1 {
		t.Fatalf("grid changed: %+v", n)
	}
	t.Run("not JSON", func(t *testing.T) {
		r := c.Do("POST", "/api/v1/nodes", "application/x-www-form-urlencoded", strings.NewReader("name=x"))
		treeWantStatus(t, r, 400)
		if er := treeDecodeErr(t, r); er.Error.Message != "请以 JSON 格式提交（Content-Type: application/json）" {
			t.Fatalf("message %q", er.Error.Message)
		}
	})
	t.Run("oversized", func(t *testing.T) {
		r := c.JSON("POST", "/api/v1/nodes", `{"name":"`+strings.Repeat("x", 2<<20)+`"}`)
		treeWantStatus(t, r, http.StatusRequestEntityTooLarge)
		if er := treeDecodeErr(t, r); er.Error.Code != "too_large" {
			t.Fatalf("code %q", er.Error.Code)
		}
	})
	t.Run("English", func(t *testing.T) {
		en := e.Login(webtest.StaffA)
		en.Lang = "en"
		r := en.JSON("POST", "/api/v1/nodes/"+treeID(grid2.ID)+"/move", map[string]any{"parent_id": e.StreetA.ID, "version": 1})
		treeWantStatus(t, r, 400)
		if got := treeDecodeErr(t, r).Error.Fields["parent_id"]; got != "The new parent must be a community" {
			t.Fatalf("parent_id: %q", got)
		}
	})
	t.Run("readers cannot write", func(t *testing.T) {
		for _, who := range []string{webtest.GridWorkerA, webtest.HandlerA, webtest.Supervisor, webtest.Leader} {
			r := e.Login(who).JSON("PATCH", "/api/v1/nodes/"+treeID(e.GridA.ID), map[string]any{"name": "x", "version": 1})
			treeWantStatus(t, r, 403)
		}
	})
}
