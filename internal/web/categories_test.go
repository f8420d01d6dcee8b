package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// apiErr is the error body of the JSON API.
type apiErr struct {
	Error struct {
		Code   string            `json:"code"`
		Fields map[string]string `json:"fields"`
	} `json:"error"`
}

func TestCategoryPages(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	tr, err := e.DB.Categories(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	refuse := tr.ByCode(cases.EventKind, "0102")
	major := tr.Major(refuse)

	r := admin.Get("/admin/categories?kind=event")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "暴露垃圾") || !strings.Contains(r.Body, "1 工作日") ||
		!strings.Contains(r.Body, "5 工作时") || !strings.Contains(r.Body, `href="/admin/dispatch-rules"`) {
		t.Fatalf("event tree: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.Get("/admin/categories?kind=roads"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown kind: %d", r.StatusCode)
	}
	if r := e.Login(webtest.GridWorkerA).Get("/admin/categories?kind=hotline"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "家庭纠纷咨询") ||
		strings.Contains(r.Body, "/admin/categories/new") {
		t.Errorf("a grid worker reads the tree without edit links: %d", r.StatusCode)
	}
	if r := admin.Get(fmt.Sprintf("/admin/categories/new?parent=%d", major.ID)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "limit_handle_amount") {
		t.Fatalf("new minor form: %d", r.StatusCode)
	}

	form := func(mod func(url.Values)) url.Values {
		v := url.Values{"parent_id": {fmt.Sprint(major.ID)}, "code": {"0160"}, "name": {"共享单车堆积"}, "register_rule": {"堆积超过 20 辆"},
			"close_rule": {"清运或规范摆放"}, "triage": {"major"}, "priority": {"normal"}, "responsibility": {"area_first"},
			"limit_acknowledge_amount": {"2"}, "limit_acknowledge_unit": {"working_hours"},
			"limit_handle_amount": {"1"}, "limit_handle_unit": {"working_days"}}
		if mod != nil {
			mod(v)
		}
		return v
	}
	bad := []struct {
		name string
		mod  func(url.Values)
		text string
	}{
		{"unknown parent", func(v url.Values) { v.Set("parent_id", "999999") }, "找不到该案件类别"},
		{"parent not a number", func(v url.Values) { v.Set("parent_id", "abc") }, "数字"},
		{"duplicate code", func(v url.Values) { v.Set("code", "0102") }, "代码已被使用"},
		{"code of another major", func(v url.Values) { v.Set("code", "0260") }, "应以大类代码 01 开头"},
		{"amount not a number", func(v url.Values) { v.Set("limit_handle_amount", "一天") }, "数字"},
		{"bad unit", func(v url.Values) { v.Set("limit_verify_amount", "1"); v.Set("limit_verify_unit", "weeks") }, "请选择一项"},
		{"amount too large", func(v url.Values) { v.Set("limit_handle_amount", "999") }, "应在 1 到 250 之间"},
		{"no handle limit", func(v url.Values) { v.Del("limit_handle_amount") }, "请填写处置时限"},
		{"no close rule", func(v url.Values) { v.Set("close_rule", "") }, "必填"},
	}
	for _, tt := range bad {
		r := admin.PostForm("/admin/categories", form(tt.mod))
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, tt.text) {
			t.Errorf("%s: %d, want 400 with %q: %s", tt.name, r.StatusCode, tt.text, snippet(r.Body))
		}
	}
	r = admin.PostForm("/admin/categories", form(nil))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.StatusCode, snippet(r.Body))
	}
	loc := strings.TrimSuffix(r.Header.Get("Location"), "#main")
	r = admin.Get(loc)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "共享单车堆积") || !strings.Contains(r.Body, "2 工作时") {
		t.Fatalf("show: %d", r.StatusCode)
	}
	tr, _ = e.DB.Categories(context.Background())
	c := tr.ByCode(cases.EventKind, "0160")
	edit := form(func(v url.Values) {
		v.Set("version", fmt.Sprint(c.Version))
		v.Set("name", "共享单车乱堆")
		v.Set("limit_handle_amount", "8")
		v.Set("limit_handle_unit", "natural_hours")
	})
	if r := admin.PostForm(loc, edit); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.PostForm(loc, edit); r.StatusCode != http.StatusConflict {
		t.Errorf("stale edit: %d", r.StatusCode)
	}
	if r := admin.PostForm(loc+"/retire", url.Values{"version": {fmt.Sprint(c.Version + 1)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("retire: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.PostForm(fmt.Sprintf("/admin/categories/%d/retire", major.ID), url.Values{"version": {fmt.Sprint(major.Version)}}); r.StatusCode != http.StatusConflict ||
		!strings.Contains(r.Body, "在用的小类") {
		t.Errorf("retire a major in use: %d", r.StatusCode)
	}
	if r := admin.PostForm(loc+"/restore", url.Values{"version": {fmt.Sprint(c.Version + 2)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.Get("/admin/categories/999999"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown category: %d", r.StatusCode)
	}
}

func TestCategoryAPI(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	var list struct {
		Items []struct {
			ID     int64                     `json:"id"`
			Code   string                    `json:"code"`
			Leaf   bool                      `json:"leaf"`
			Triage string                    `json:"triage"`
			Limits map[string]map[string]any `json:"limits"`
			Path   string                    `json:"path"`
		} `json:"items"`
	}
	r := e.Login(webtest.GridWorkerA).Get("/api/v1/categories?kind=hotline&leaves=true")
	r.JSON(t, &list)
	if r.StatusCode != http.StatusOK || len(list.Items) < 10 {
		t.Fatalf("hotline leaves: %d %d", r.StatusCode, len(list.Items))
	}
	for _, it := range list.Items {
		if !it.Leaf || it.Limits["handle"] == nil || it.Triage == "" || !strings.Contains(it.Path, " / ") {
			t.Errorf("leaf %+v", it)
		}
	}
	if r := admin.Get("/api/v1/categories?kind=x&leaves=maybe"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("bad query: %d", r.StatusCode)
	}
	tr, _ := e.DB.Categories(context.Background())
	major := tr.ByCode(cases.HotlineKind, "03")
	body := func(mod func(map[string]any)) map[string]any {
		m := map[string]any{"parent_id": major.ID, "code": "0390", "name": "教育投诉", "register_rule": "对学校的投诉", "close_rule": "已答复",
			"triage": "major", "limits": map[string]any{"handle": map[string]any{"amount": 15, "unit": "working_days"}}}
		if mod != nil {
			mod(m)
		}
		return m
	}
	bad := []struct {
		name  string
		mod   func(map[string]any)
		field string
	}{
		{"unknown parent", func(m map[string]any) { m["parent_id"] = 999999 }, "parent_id"},
		{"duplicate code", func(m map[string]any) { m["code"] = "0301" }, "code"},
		{"bad limit unit", func(m map[string]any) {
			m["limits"] = map[string]any{"handle": map[string]any{"amount": 1, "unit": "fortnights"}}
		}, "limit_handle"},
		{"unknown stage", func(m map[string]any) {
			m["limits"] = map[string]any{"handle": map[string]any{"amount": 1, "unit": "working_days"}, "archive": map[string]any{"amount": 1, "unit": "working_days"}}
		}, "limits"},
		{"bad triage", func(m map[string]any) { m["triage"] = "huge" }, "triage"},
	}
	for _, tt := range bad {
		r := admin.JSON("POST", "/api/v1/categories", body(tt.mod))
		var eb apiErr
		r.JSON(t, &eb)
		if r.StatusCode != http.StatusBadRequest || eb.Error.Fields[tt.field] == "" {
			t.Errorf("%s: %d %+v", tt.name, r.StatusCode, eb.Error)
		}
	}
	r = admin.JSON("POST", "/api/v1/categories", body(nil))
	var c struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}
	r.JSON(t, &c)
	if r.StatusCode != http.StatusCreated || r.Header.Get("Location") != fmt.Sprintf("/api/v1/categories/%d", c.ID) {
		t.Fatalf("create: %d %s", r.StatusCode, snippet(r.Body))
	}
	path := fmt.Sprintf("/api/v1/categories/%d", c.ID)
	if r := admin.JSON("PUT", path, body(func(m map[string]any) { m["version"] = c.Version + 5 })); r.StatusCode != http.StatusConflict {
		t.Errorf("stale put: %d", r.StatusCode)
	}
	if r := admin.JSON("PUT", path, body(nil)); r.StatusCode != http.StatusBadRequest {
		t.Errorf("put without version: %d", r.StatusCode)
	}
	if r := admin.JSON("PUT", path, body(func(m map[string]any) { m["version"] = c.Version; m["name"] = "教育服务投诉" })); r.StatusCode != http.StatusOK ||
		!strings.Contains(r.Body, "教育服务投诉") {
		t.Errorf("put: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.Do("DELETE", path, "", nil); r.StatusCode != http.StatusBadRequest {
		t.Errorf("delete without version: %d", r.StatusCode)
	}
	if r := admin.Do("DELETE", fmt.Sprintf("%s?version=%d", path, c.Version+1), "", nil); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `"retired":true`) {
		t.Errorf("retire: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.JSON("POST", path+"/restore", map[string]any{"version": c.Version + 2}); r.StatusCode != http.StatusOK {
		t.Errorf("restore: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := e.Login(webtest.StaffA).JSON("POST", "/api/v1/categories", body(nil)); r.StatusCode != http.StatusForbidden {
		t.Errorf("staff create: %d", r.StatusCode)
	}
}

func TestDispatchRulePagesAndAPI(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	ctx := context.Background()
	gone, err := e.DB.CreateUnit(ctx, e.Sys, admin.UnitInput{NodeID: e.StreetA.ID, Kind: admin.Department, Name: "已撤销的中队"})
	if err != nil {
		t.Fatal(err)
	}
	if err := e.DB.SetUnitRetired(ctx, e.Sys, gone.ID, true, gone.Version); err != nil {
		t.Fatal(err)
	}
	tr, _ := e.DB.Categories(ctx)
	refuse := tr.ByCode(cases.EventKind, "0102")

	if r := staff.Get("/admin/dispatch-rules/new"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "平江街道城管中队") ||
		strings.Contains(r.Body, "沧浪街道城管中队") || strings.Contains(r.Body, "已撤销的中队") {
		t.Fatalf("new rule form: %d", r.StatusCode)
	}
	form := func(node, unit, cat int64) url.Values {
		return url.Values{"node_id": {fmt.Sprint(node)}, "unit_id": {fmt.Sprint(unit)}, "category_id": {fmt.Sprint(cat)}}
	}
	if r := staff.PostForm("/admin/dispatch-rules", form(e.CommA.ID, gone.ID, refuse.ID)); r.StatusCode != http.StatusBadRequest ||
		!strings.Contains(r.Body, "该单位已停用") {
		t.Errorf("retired unit: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := staff.PostForm("/admin/dispatch-rules", form(e.CommB.ID, e.UnitA.ID, refuse.ID)); r.StatusCode != http.StatusNotFound {
		t.Errorf("node out of scope: %d", r.StatusCode)
	}
	if r := staff.PostForm("/admin/dispatch-rules", form(e.CommA.ID, e.UnitA.ID, 999999)); r.StatusCode != http.StatusBadRequest ||
		!strings.Contains(r.Body, "找不到该案件类别") {
		t.Errorf("unknown category: %d", r.StatusCode)
	}
	if r := staff.PostForm("/admin/dispatch-rules", url.Values{"node_id": {"x"}, "unit_id": {""}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("garbage: %d", r.StatusCode)
	}
	r := staff.PostForm("/admin/dispatch-rules", form(e.CommA.ID, e.UnitA.ID, refuse.ID))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := staff.PostForm("/admin/dispatch-rules", form(e.CommA.ID, e.UnitA.ID, refuse.ID)); r.StatusCode != http.StatusBadRequest ||
		!strings.Contains(r.Body, "已有同一类别的规则") {
		t.Errorf("duplicate: %d", r.StatusCode)
	}
	loc := strings.TrimSuffix(r.Header.Get("Location"), "#main")
	if r := staff.Get(fmt.Sprintf("/admin/dispatch-rules?category=%d", tr.Major(refuse).ID)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, loc) {
		t.Errorf("list by major class: %d", r.StatusCode)
	}
	if r := e.Login(webtest.StaffB).Get(loc); r.StatusCode != http.StatusNotFound {
		t.Errorf("another street's staff: %d", r.StatusCode)
	}
	if r := staff.PostForm(loc+"/delete", url.Values{"version": {"1"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("delete: %d %s", r.StatusCode, snippet(r.Body))
	}

	// The API.
	bad := []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"retired unit", map[string]any{"node_id": e.GridA.ID, "unit_id": gone.ID}, 400, "unit_id"},
		{"unit of another street", map[string]any{"node_id": e.GridA.ID, "unit_id": e.UnitB.ID}, 400, "unit_id"},
		{"no node", map[string]any{"unit_id": e.UnitA.ID}, 400, "node_id"},
		{"node out of scope", map[string]any{"node_id": e.GridB.ID, "unit_id": e.UnitA.ID}, 404, ""},
		{"long note", map[string]any{"node_id": e.GridA.ID, "unit_id": e.UnitA.ID, "note": strings.Repeat("注", 201)}, 400, "note"},
	}
	for _, tt := range bad {
		r := staff.JSON("POST", "/api/v1/dispatch-rules", tt.body)
		var eb apiErr
		r.JSON(t, &eb)
		if r.StatusCode != tt.status || tt.field != "" && eb.Error.Fields[tt.field] == "" {
			t.Errorf("%s: %d %+v", tt.name, r.StatusCode, eb.Error)
		}
	}
	r = staff.JSON("POST", "/api/v1/dispatch-rules", map[string]any{"node_id": e.GridA.ID, "unit_id": e.UnitA.ID, "note": "兜底"})
	var rule struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}
	r.JSON(t, &rule)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("api create: %d %s", r.StatusCode, snippet(r.Body))
	}
	path := fmt.Sprintf("/api/v1/dispatch-rules/%d", rule.ID)
	if unit, reason, err := e.DB.ResolveUnit(ctx, refuse.ID, e.GridA.Path, 0); err != nil || unit != e.UnitA.ID || reason != fmt.Sprintf("rule:%d", rule.ID) {
		t.Errorf("resolve: %d %q %v", unit, reason, err)
	}
	if r := staff.JSON("PUT", path, map[string]any{"node_id": e.GridB.ID, "unit_id": e.UnitA.ID, "version": rule.Version}); r.StatusCode != http.StatusNotFound {
		t.Errorf("move out of scope: %d", r.StatusCode)
	}
	if r := staff.JSON("PUT", path, map[string]any{"node_id": e.GridA.ID, "unit_id": e.UnitA.ID, "category_id": refuse.ID, "version": rule.Version}); r.StatusCode != http.StatusOK {
		t.Errorf("put: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := staff.Get("/api/v1/dispatch-rules?any_category=true"); r.StatusCode != http.StatusOK || strings.Contains(r.Body, path) {
		t.Errorf("any-category filter: %d", r.StatusCode)
	}
	if r := staff.Do("DELETE", path+"?version=1", "", nil); r.StatusCode != http.StatusConflict {
		t.Errorf("stale delete: %d", r.StatusCode)
	}
	if r := staff.Do("DELETE", path+"?version=2", "", nil); r.StatusCode != http.StatusNoContent {
		t.Errorf("delete: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := staff.Get(path); r.StatusCode != http.StatusNotFound {
		t.Errorf("deleted: %d", r.StatusCode)
	}
}
