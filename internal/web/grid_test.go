package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func TestGridWorkersThroughPages(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	grid := fmt.Sprintf("/admin/nodes/%d", e.GridA.ID)
	worker := e.Users[webtest.GridWorkerA]

	r := staff.Get(grid)
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, `id="workers"`, "本网格还没有在岗网格员", "分配网格员", worker.DisplayName)

	r = staff.PostForm(grid+"/workers", url.Values{"user_id": {fmt.Sprint(worker.ID)}, "kind": {"full_time"}, "note": {"负责1-6幢"}})
	treeWantStatus(t, r, http.StatusSeeOther)
	if loc := r.Header.Get("Location"); loc != grid+"#workers" || !strings.Contains(r.Header.Get("Set-Cookie"), "flash.assigned") {
		t.Fatalf("redirect to %q, cookies %q", loc, r.Header.Get("Set-Cookie"))
	}
	r = staff.Get(grid)
	treeWantBody(t, r, ">专职<", "负责1-6幢", "结束任职")

	long := strings.Repeat("长", 201)
	tests := []struct {
		name, field, msg string
		form             url.Values
		status           int
	}{
		{"no worker chosen", "assign-user_id", "请选择一项", url.Values{"kind": {"part_time"}}, 400},
		{"worker not a number", "assign-user_id", "请输入数字", url.Values{"user_id": {"abc"}, "kind": {"part_time"}}, 400},
		{"no such duty", "assign-kind", "请选择一项", url.Values{"user_id": {fmt.Sprint(worker.ID)}, "kind": {"boss"}}, 400},
		{"a second full-time", "assign-user_id", "该网格员已在本网格任职", url.Values{"user_id": {fmt.Sprint(worker.ID)}, "kind": {"full_time"}}, 400},
		{"a staff account", "assign-user_id", "只能分配网格员账号", url.Values{"user_id": {fmt.Sprint(e.Users[webtest.StaffCommA].ID)}, "kind": {"part_time"}}, 400},
		{"note too long", "assign-note", "不能超过 200 个字", url.Values{"user_id": {fmt.Sprint(e.Users[webtest.StaffCommA].ID)}, "kind": {"part_time"}, "note": {long}}, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := staff.PostForm(grid+"/workers", tt.form)
			treeWantStatus(t, r, tt.status)
			if got := treeFieldError(r.Body, tt.field); got != tt.msg {
				t.Fatalf("%s: %q, want %q", tt.field, got, tt.msg)
			}
			if !strings.Contains(r.Body, `href="#f-`+tt.field+`"`) {
				t.Errorf("the summary does not link to the field")
			}
		})
	}

	// The API lists the duty; ending it keeps it as history.
	var list struct {
		Items []struct {
			ID       int64  `json:"id"`
			Kind     string `json:"kind"`
			KindName string `json:"kind_name"`
			Ended    string `json:"ended"`
		} `json:"items"`
	}
	r = staff.Get(fmt.Sprintf("/api/v1/nodes/%d/workers", e.GridA.ID))
	treeWantStatus(t, r, 200)
	r.JSON(t, &list)
	if len(list.Items) != 1 || list.Items[0].Kind != "full_time" || list.Items[0].KindName != "专职" {
		t.Fatalf("list: %+v", list)
	}
	r = staff.PostForm(fmt.Sprintf("/admin/assignments/%d/end", list.Items[0].ID), url.Values{})
	treeWantStatus(t, r, http.StatusSeeOther)
	r = staff.Get(grid)
	treeWantBody(t, r, "历任网格员（1）", "本网格还没有在岗网格员")
	r = staff.JSON("POST", fmt.Sprintf("/api/v1/assignments/%d/end", list.Items[0].ID), nil)
	treeWantStatus(t, r, 400)

	// The grid worker sees the section but no form.
	r = e.Login(webtest.GridWorkerA).Get(grid)
	treeWantStatus(t, r, 200)
	if strings.Contains(r.Body, "分配网格员") || !strings.Contains(r.Body, `id="workers"`) {
		t.Error("a grid worker is offered the assignment form, or sees no workers section")
	}
}

func TestGridWorkersAPIBadInput(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	staff.Lang = "en"
	path := fmt.Sprintf("/api/v1/nodes/%d/workers", e.GridA.ID)
	tests := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"unknown field", `{"user_id": 1, "kind": "part_time", "boss": true}`, 400, ""},
		{"wrong type", `{"user_id": "x", "kind": "part_time"}`, 400, ""},
		{"no worker", map[string]any{"kind": "part_time"}, 400, "user_id"},
		{"no kind", map[string]any{"user_id": e.Users[webtest.GridWorkerA].ID}, 400, "kind"},
		{"not a grid", nil, 400, "node_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := path
			body := tt.body
			if tt.name == "not a grid" {
				p = fmt.Sprintf("/api/v1/nodes/%d/workers", e.CommA.ID)
				body = map[string]any{"user_id": e.Users[webtest.GridWorkerA].ID, "kind": "part_time"}
			}
			r := staff.JSON("POST", p, body)
			treeWantStatus(t, r, tt.status)
			if got := treeDecodeErr(t, r).Error.Fields; tt.field != "" && got[tt.field] == "" {
				t.Errorf("no error for field %s: %s", tt.field, r.Body)
			}
		})
	}
}
