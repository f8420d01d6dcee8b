package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// An administrator adds an indicator on its page, sees it explained beside the built-in
// ones and asks for its figures; a built-in indicator is reworded but keeps its formula;
// every bad field is named.
func TestIndicatorPages(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	if r := admin.Get("/dashboard/indicators"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `href="/dashboard/indicators/new"`) ||
		!strings.Contains(r.Body, `href="/dashboard/indicators/close_rate"`) {
		t.Fatalf("the list offers no edit: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := e.Login(webtest.Leader).Get("/dashboard/indicators"); strings.Contains(r.Body, "/dashboard/indicators/new") {
		t.Error("a leader is offered to add indicators")
	}
	good := url.Values{"code": {"hotline_close_rate"}, "name_zh": {"热线结案率"}, "name_en": {"Hotline close rate"},
		"formula": {"closed / close_due"}, "unit": {"percent"}, "explain_zh": {"热线来源案件的结案率。"}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, x := range good {
			v[k] = x
		}
		for i := 0; i < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	for _, tc := range []struct {
		name, field, text string
		form              url.Values
	}{
		{"a code with capitals", "code", "小写字母开头", with("code", "Hotline")},
		{"a code taken", "code", "已被其他指标使用", with("code", "close_rate")},
		{"no Chinese name", "name_zh", "必填", with("name_zh", "")},
		{"an unknown fact", "formula", "未知的统计项", with("formula", "closed / wishes")},
		{"a formula that cannot be read", "formula", "写法不对", with("formula", "closed * 2")},
		{"a share as a count", "formula", "", with("unit", "count")},
		{"no unit", "unit", "", with("unit", "")},
		{"an explanation too long", "explain_zh", "", with("explain_zh", strings.Repeat("长", 501))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := admin.PostForm("/dashboard/indicators", tc.form)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, `id="e-`+tc.field+`"`) || !strings.Contains(r.Body, tc.text) {
				t.Errorf("%d, want 400 on %s saying %q: %s", r.StatusCode, tc.field, tc.text, snippet(r.Body))
			}
			if !strings.Contains(r.Body, `value="`+tc.form.Get("name_en")+`"`) {
				t.Error("the form lost what was typed")
			}
		})
	}
	r := admin.PostForm("/dashboard/indicators", good)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/dashboard/indicators#ind-hotline_close_rate" {
		t.Fatalf("create: %d %s %s", r.StatusCode, r.Header.Get("Location"), snippet(r.Body))
	}
	if r := admin.Get("/dashboard/indicators"); !strings.Contains(r.Body, "热线结案率") || !strings.Contains(r.Body, "自定义") {
		t.Errorf("the new indicator is not listed: %s", snippet(r.Body))
	}
	if r := admin.Get("/api/v1/indicators/figures?codes=hotline_close_rate"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `"code":"hotline_close_rate"`) {
		t.Errorf("figures of the new indicator: %d %s", r.StatusCode, snippet(r.Body))
	}
	// Its edit, and a stale one.
	edit := with("name_zh", "热线结案率（含退回）", "version", "1")
	if r := admin.PostForm("/dashboard/indicators/hotline_close_rate", edit); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.PostForm("/dashboard/indicators/hotline_close_rate", edit); r.StatusCode != http.StatusConflict {
		t.Errorf("stale edit: %d", r.StatusCode)
	}
	if r := admin.PostForm("/dashboard/indicators/hotline_close_rate", with("version", "")); r.StatusCode != http.StatusBadRequest {
		t.Errorf("edit without a version: %d", r.StatusCode)
	}
	// A built-in one: the form shows the formula without an input, and a reword keeps it.
	r = admin.Get("/dashboard/indicators/close_rate")
	if r.StatusCode != http.StatusOK || strings.Contains(r.Body, `name="formula"`) || !strings.Contains(r.Body, "closed / close_due") {
		t.Fatalf("the built-in form: %d %s", r.StatusCode, snippet(r.Body))
	}
	reword := url.Values{"name_zh": {"结案率（市标）"}, "name_en": {"Close rate"}, "formula": {"closed / reported"}, "version": {"1"}}
	if r := admin.PostForm("/dashboard/indicators/close_rate", reword); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reword: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.Get("/api/v1/indicators"); !strings.Contains(r.Body, `"name":"结案率（市标）"`) || !strings.Contains(r.Body, `"formula":"closed / close_due"`) {
		t.Errorf("after rewording: %s", snippet(r.Body))
	}
	if r := admin.Get("/dashboard/indicators/nothing"); r.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown indicator: %d", r.StatusCode)
	}
	// The same in English.
	en := e.Login(webtest.Admin)
	en.Lang = "en"
	if r := en.PostForm("/dashboard/indicators", with("code", "x_rate", "formula", "closed / wishes")); !strings.Contains(r.Body, "names a fact that does not exist") {
		t.Errorf("in English: %s", snippet(r.Body))
	}
}

// The API adds and replaces indicators, naming each bad field.
func TestIndicatorAPI(t *testing.T) {
	e := webtest.New(t)
	admin := e.Login(webtest.Admin)
	body := func(kv ...any) map[string]any {
		m := map[string]any{"code": "duty_rate", "name_zh": "值守率", "name_en": "Duty rate", "formula": "ack_on_time / ack_due", "unit": "percent"}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		field string
	}{
		{"a taken code", body("code", "close_rate"), "code"},
		{"an empty formula", body("formula", ""), "formula"},
		{"a complement of a count", body("formula", "1 - closed"), "formula"},
		{"an average without a division", body("formula", "handle_minutes", "unit", "hours"), "formula"},
		{"a name too long", body("name_en", strings.Repeat("x", 41)), "name_en"},
	} {
		var eb apiErr
		r := admin.JSON("POST", "/api/v1/indicators", tc.body)
		r.JSON(t, &eb)
		if r.StatusCode != http.StatusBadRequest || eb.Error.Fields[tc.field] == "" {
			t.Errorf("%s: %d %+v", tc.name, r.StatusCode, eb.Error)
		}
	}
	r := admin.JSON("POST", "/api/v1/indicators", body())
	var created struct {
		Code    string
		Builtin bool
		Version int
	}
	r.JSON(t, &created)
	if r.StatusCode != http.StatusCreated || created.Code != "duty_rate" || created.Builtin || created.Version != 1 {
		t.Fatalf("create: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := admin.JSON("PUT", "/api/v1/indicators/duty_rate", body("name_zh", "按时值守率")); r.StatusCode != http.StatusBadRequest {
		t.Errorf("put without a version: %d", r.StatusCode)
	}
	if r := admin.JSON("PUT", "/api/v1/indicators/duty_rate", body("version", 7)); r.StatusCode != http.StatusConflict {
		t.Errorf("stale put: %d", r.StatusCode)
	}
	if r := admin.JSON("PUT", "/api/v1/indicators/duty_rate", body("version", 1, "lower_is_better", true)); r.StatusCode != http.StatusOK ||
		!strings.Contains(r.Body, `"lower_is_better":true`) {
		t.Errorf("put: %d %s", r.StatusCode, snippet(r.Body))
	}
	var eb apiErr
	r = admin.JSON("PUT", "/api/v1/indicators/satisfaction_rate", map[string]any{"name_zh": "满意率", "name_en": "Satisfaction", "unit": "count", "version": 1})
	r.JSON(t, &eb)
	if r.StatusCode != http.StatusBadRequest || eb.Error.Fields["unit"] == "" {
		t.Errorf("a built-in unit changed: %d %+v", r.StatusCode, eb.Error)
	}
	if r := admin.JSON("PUT", "/api/v1/indicators/nothing", body("version", 1)); r.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown indicator: %d", r.StatusCode)
	}
}
