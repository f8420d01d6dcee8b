package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func actPath(c *cases.Case) string { return "/cases/" + strconv.FormatInt(c.ID, 10) + "/act" }

// actForm is the form of one step at the case's current version.
func actForm(c *cases.Case, a cases.Action, kv ...string) url.Values {
	v := url.Values{"action": {string(a)}, "version": {strconv.Itoa(c.Version)}}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// TestCaseActionForms: each step is offered to the role that takes it, posts through
// the page's one handler and moves the case; the wrong role is refused, never a 500.
func TestCaseActionForms(t *testing.T) {
	e := webtest.New(t)
	unit := strconv.FormatInt(e.UnitA.ID, 10)
	ack := then(toDispatched(e.UnitA), cases.Step{Action: cases.ActAcknowledge})
	started := then(ack, cases.Step{Action: cases.ActStart})
	verified := then(toHandled(e.UnitA), cases.Step{Action: cases.ActVerify})
	closed := then(verified, cases.Step{Action: cases.ActClose})
	supervised := then(toDispatched(e.UnitA), cases.Step{Action: cases.ActSupervise, Note: "抓紧办理"})
	extension := then(ack, cases.Step{Action: cases.ActRequestExtension, Note: "需采购配件", Limit: limit(2)})
	suspension := then(ack, cases.Step{Action: cases.ActRequestSuspension, Note: "等待业主回来"})
	suspended := then(suspension, cases.Step{Action: cases.ActApproveSuspension})
	master := deskCase(e, e.GridA, "同一处垃圾")
	tests := []struct {
		action cases.Action
		steps  []cases.Step
		who    string
		fields []string
		want   cases.Status
		wrong  string // a role refused this step on this case
	}{
		{cases.ActClaim, nil, webtest.StaffA, nil, cases.Reviewing, webtest.GridWorkerA},
		{cases.ActTriage, nil, webtest.StaffA, []string{"triage", "minor", "note", "楼道问题由社区处理"}, cases.Reported, webtest.StaffB},
		{cases.ActRegister, nil, webtest.StaffCommA, []string{"triage", "major"}, cases.Registered, webtest.HandlerA},
		{cases.ActReject, nil, webtest.StaffA, []string{"note", "不属于受理范围"}, cases.Rejected, webtest.Supervisor},
		{cases.ActMerge, nil, webtest.StaffA, []string{"master_id", strconv.FormatInt(master.ID, 10)}, cases.Merged, webtest.GridWorkerA},
		{cases.ActRefer, nil, webtest.StaffA, []string{"note", "转法律援助"}, cases.Closed, webtest.Leader},
		{cases.ActDispatch, toRegistered, webtest.StaffA, []string{"unit_id", unit}, cases.Dispatched, webtest.GridWorkerA},
		{cases.ActDispatch, toRegistered, webtest.StaffA, []string{"node_id", strconv.FormatInt(e.CommA.ID, 10)}, cases.Dispatched, webtest.StaffB},
		{cases.ActAcknowledge, toDispatched(e.UnitA), webtest.HandlerA, nil, cases.Acknowledged, webtest.StaffA},
		{cases.ActReturn, toDispatched(e.UnitA), webtest.HandlerA, []string{"note", "不属于本单位职责"}, cases.Returned, webtest.GridWorkerA},
		{cases.ActStart, ack, webtest.HandlerA, nil, cases.InProgress, webtest.Supervisor},
		{cases.ActRequestExtension, ack, webtest.HandlerA, []string{"limit", "3", "limit_unit", "working_days", "note", "需要采购"}, cases.Acknowledged, webtest.GridWorkerA},
		{cases.ActApproveExtension, extension, webtest.StaffA, nil, cases.Acknowledged, webtest.HandlerA},
		{cases.ActRefuseExtension, extension, webtest.Supervisor, []string{"note", "时限充足"}, cases.Acknowledged, webtest.GridWorkerA},
		{cases.ActRequestSuspension, started, webtest.HandlerA, []string{"note", "业主不在"}, cases.InProgress, webtest.StaffB},
		{cases.ActApproveSuspension, suspension, webtest.StaffA, nil, cases.Suspended, webtest.HandlerA},
		{cases.ActRefuseSuspension, suspension, webtest.StaffA, []string{"note", "可先行处置"}, cases.Acknowledged, webtest.Leader},
		{cases.ActResume, suspended, webtest.HandlerA, nil, cases.InProgress, webtest.GridWorkerA},
		{cases.ActHandle, started, webtest.HandlerA, []string{"note", "已清运"}, cases.Handled, webtest.GridWorkerA},
		{cases.ActVerify, toHandled(e.UnitA), webtest.GridWorkerA, nil, cases.Verified, webtest.HandlerA},
		{cases.ActRework, toHandled(e.UnitA), webtest.GridWorkerA, []string{"note", "仍有垃圾"}, cases.InProgress, webtest.HandlerA},
		{cases.ActClose, verified, webtest.StaffA, nil, cases.Closed, webtest.GridWorkerA},
		{cases.ActRate, closed, webtest.StaffA, []string{"rating", "satisfied", "note", "回访满意"}, cases.Rated, webtest.HandlerA},
		{cases.ActArchive, then(closed, cases.Step{Action: cases.ActRate, Rating: cases.Satisfied}), webtest.StaffA, nil, cases.Archived, webtest.Supervisor},
		{cases.ActUrge, toDispatched(e.UnitA), webtest.Supervisor, nil, cases.Dispatched, webtest.HandlerA},
		{cases.ActSupervise, toDispatched(e.UnitA), webtest.Supervisor, []string{"note", "已超期请说明"}, cases.Dispatched, webtest.GridWorkerA},
		{cases.ActAnswer, supervised, webtest.HandlerA, []string{"note", "今日办结"}, cases.Dispatched, webtest.StaffB},
		{cases.ActComment, nil, webtest.Leader, []string{"note", "请关注"}, cases.Reported, webtest.StaffB},
	}
	clients := map[string]*webtest.Client{}
	login := func(who string) *webtest.Client {
		if clients[who] == nil {
			clients[who] = e.Login(who)
		}
		return clients[who]
	}
	for _, tt := range tests {
		t.Run(string(tt.action)+" by "+tt.who, func(t *testing.T) {
			c := deskCase(e, e.GridA, "楼下暴露垃圾 "+string(tt.action), tt.steps...)
			page := login(tt.who).Get("/cases/" + strconv.FormatInt(c.ID, 10))
			if page.StatusCode != 200 || !strings.Contains(page.Body, `id="act-`+string(tt.action)+`"`) {
				t.Fatalf("page %d does not offer %s", page.StatusCode, tt.action)
			}
			if r := login(tt.wrong).PostForm(actPath(c), actForm(c, tt.action, tt.fields...)); r.StatusCode != 403 && r.StatusCode != 404 {
				t.Errorf("%s taking %s: %d, want 403 or 404", tt.wrong, tt.action, r.StatusCode)
			}
			r := login(tt.who).PostForm(actPath(c), actForm(c, tt.action, tt.fields...))
			if r.StatusCode != 303 || r.Header.Get("Location") != "/cases/"+strconv.FormatInt(c.ID, 10) {
				t.Fatalf("post: %d %s", r.StatusCode, snippet(r.Body))
			}
			got, err := e.DB.Case(context.Background(), e.Sys, c.ID)
			if err != nil || got.Status != tt.want || got.Version != c.Version+1 && tt.action != cases.ActRate {
				t.Errorf("after %s: %s v%d, want %s v%d (%v)", tt.action, got.Status, got.Version, tt.want, c.Version+1, err)
			}
		})
	}
}

// TestCaseLocate: an unlocated case is placed by choosing a grid, or by a point in none
// (a clear message).
func TestCaseLocate(t *testing.T) {
	e := webtest.New(t)
	in, err := e.DB.Report(context.Background(), e.Sys, cases.Report{Source: cases.FromHotline, CategoryID: testCategoryID(e), Description: "小区门口占道",
		Address: "平江路某处", ReporterName: "李先生", ReporterPhone: "13812340000"})
	if err != nil {
		t.Fatal(err)
	}
	c := in.Case
	staff := e.Login(webtest.StaffA)
	if r := staff.Get("/cases/" + strconv.FormatInt(c.ID, 10)); r.StatusCode != 404 {
		t.Errorf("an unlocated case lies outside street staff's subtree: %d", r.StatusCode)
	}
	dist := e.Login(webtest.Admin) // an unlocated case waits at the top of the tree
	r := dist.PostForm(actPath(c), actForm(c, cases.ActLocate, "lng", "100.1", "lat", "40.2"))
	if r.StatusCode != 400 || !strings.Contains(r.Body, "该位置不在任何网格内") {
		t.Errorf("point in no grid: %d", r.StatusCode)
	}
	r = dist.PostForm(actPath(c), actForm(c, cases.ActLocate, "node_id", strconv.FormatInt(e.GridA.ID, 10)))
	if r.StatusCode != 303 {
		t.Fatalf("locate by grid: %d %s", r.StatusCode, snippet(r.Body))
	}
	if got, _ := e.DB.Case(context.Background(), e.Sys, c.ID); !got.Located || got.NodeID != e.GridA.ID {
		t.Errorf("not located: %+v", got)
	}
	if r := staff.Get("/cases/" + strconv.FormatInt(c.ID, 10)); r.StatusCode != 200 {
		t.Errorf("street staff now see it: %d", r.StatusCode)
	}
}

func TestCasePageShowsTheCase(t *testing.T) {
	e := webtest.New(t)
	c := deskCase(e, e.GridA, `井盖<script>alert("x")</script>缺失`, cases.Step{Action: cases.ActTriage, Triage: cases.Minor, Note: "小区内部道路"},
		cases.Step{Action: cases.ActTriage, Triage: cases.Major, Note: "市政道路"}, cases.Step{Action: cases.ActRegister},
		cases.Step{Action: cases.ActDispatch, UnitID: e.UnitA.ID}, cases.Step{Action: cases.ActAcknowledge},
		cases.Step{Action: cases.ActRequestExtension, Limit: limit(2), Note: "需采购井盖"})
	r := e.Login(webtest.StaffA).Get("/cases/" + strconv.FormatInt(c.ID, 10))
	if r.StatusCode != 200 {
		t.Fatalf("status %d", r.StatusCode)
	}
	for _, want := range []string{`井盖&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;缺失`, "分流：小事 → 大事", "市政道路",
		"承办单位：" + e.UnitA.Name, "申请延期 2 工作日", "王阿姨", "139****5678", "处置环节", "data-case-map=", `id="act-approve_extension"`,
		"延期申请", "平江路第1网格"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("case page lacks %q", want)
		}
	}
	if strings.Contains(r.Body, `<script>alert`) || strings.Contains(r.Body, "13912345678") {
		t.Errorf("the page shows unescaped text or the whole phone")
	}
	// The handler's primary step comes first on the page.
	h := e.Login(webtest.HandlerA).Get("/cases/" + strconv.FormatInt(c.ID, 10))
	if i := strings.Index(h.Body, `class="case-action case-action-primary" id="act-start" open`); i < 0 || i > strings.Index(h.Body, `id="act-comment"`) {
		t.Errorf("handler's primary action is not start, first")
	}
	// Out of reach: not found.
	if r := e.Login(webtest.StaffB).Get("/cases/" + strconv.FormatInt(c.ID, 10)); r.StatusCode != 404 {
		t.Errorf("staff of another street: %d", r.StatusCode)
	}
	for _, p := range []string{"/cases/0", "/cases/abc", "/cases/99999"} {
		if r := e.Login(webtest.StaffA).Get(p); r.StatusCode != 404 {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
	}
}

func TestCaseActProblems(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	tests := []struct {
		name   string
		steps  []cases.Step
		form   func(c *cases.Case) url.Values
		status int
		want   []string
	}{
		{"stale version", nil, func(c *cases.Case) url.Values {
			v := actForm(c, cases.ActRegister)
			v.Set("version", strconv.Itoa(c.Version+5))
			return v
		}, 409, []string{"该案件刚刚被他人更新，页面已显示最新情况"}},
		{"forbidden transition", nil, func(c *cases.Case) url.Values { return actForm(c, cases.ActClose) }, 409,
			[]string{"结案：案件当前状态下不能进行此操作"}},
		{"a step not offered is refused before its fields are looked at", nil, func(c *cases.Case) url.Values { return actForm(c, cases.ActReturn) }, 403,
			nil},
		{"reason missing", nil, func(c *cases.Case) url.Values { return actForm(c, cases.ActReject) }, 400,
			[]string{`id="e-reject-note"`, "必填"}},
		{"no version", nil, func(c *cases.Case) url.Values { v := actForm(c, cases.ActClaim); v.Del("version"); return v }, 400, nil},
		{"bad unit", toRegistered, func(c *cases.Case) url.Values { return actForm(c, cases.ActDispatch, "unit_id", "abc") }, 400,
			[]string{`id="e-dispatch-unit_id"`, "请输入数字"}},
		{"both unit and community", toRegistered, func(c *cases.Case) url.Values {
			return actForm(c, cases.ActDispatch, "unit_id", strconv.FormatInt(e.UnitA.ID, 10), "node_id", strconv.FormatInt(e.CommA.ID, 10))
		}, 400, []string{"二选一"}},
		{"bad extension", ack(e), func(c *cases.Case) url.Values { return url.Values{} }, 400, nil},
		{"unknown action", nil, func(c *cases.Case) url.Values { return actForm(c, "explode") }, 400, nil},
		{"merge into itself", nil, func(c *cases.Case) url.Values {
			return actForm(c, cases.ActMerge, "master_id", strconv.FormatInt(c.ID, 10))
		}, 400, []string{"不能合并到自身"}},
		{"bad photo", nil, func(c *cases.Case) url.Values { return actForm(c, cases.ActClaim, "photos", "x") }, 400, []string{"照片信息无效"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := deskCase(e, e.GridA, "占道经营", tt.steps...)
			r := staff.PostForm(actPath(c), tt.form(c))
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tt.status, snippet(r.Body))
			}
			for _, w := range tt.want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("page lacks %q", w)
				}
			}
			if got, _ := e.DB.Case(context.Background(), e.Sys, c.ID); got.Version != c.Version {
				t.Errorf("a refused step changed the case")
			}
		})
	}
	// The extension form with a bad amount says so next to the field.
	c := deskCase(e, e.GridA, "需要延期", ack(e)...)
	h := e.Login(webtest.HandlerA)
	r := h.PostForm(actPath(c), actForm(c, cases.ActRequestExtension, "limit", "999", "limit_unit", "working_days", "note", "x"))
	if r.StatusCode != 400 || !strings.Contains(r.Body, `id="e-request_extension-limit"`) {
		t.Errorf("extension out of range: %d", r.StatusCode)
	}
	r = h.PostForm(actPath(c), actForm(c, cases.ActRate, "rating", "satisfied"))
	if r.StatusCode != 403 {
		t.Errorf("a handler rating: %d", r.StatusCode)
	}
	// A field problem in English for an English reader.
	h.Lang = "en"
	r = h.PostForm(actPath(c), actForm(c, cases.ActRequestSuspension))
	if r.StatusCode != 400 || !strings.Contains(r.Body, `<div class="error" id="e-request_suspension-note">Required</div>`) {
		t.Errorf("English: %d %s", r.StatusCode, r.Body[strings.Index(r.Body, "<main"):])
	}
}

func ack(e *webtest.Env) []cases.Step {
	return then(toDispatched(e.UnitA), cases.Step{Action: cases.ActAcknowledge})
}

// then is steps followed by more, in a slice of its own.
func then(steps []cases.Step, more ...cases.Step) []cases.Step {
	return append(append([]cases.Step(nil), steps...), more...)
}

// TestCasePagesInEnglish: every word of the case pages comes from the catalogue in
// the reader's language; no key shows through.
func TestCasePagesInEnglish(t *testing.T) {
	e := webtest.New(t)
	c := deskCase(e, e.GridA, "Blocked fire lane", then(toHandled(e.UnitA), cases.Step{Action: cases.ActSupervise, Note: "late"})...)
	rawKey := regexp.MustCompile(`\b(desk|case_status|case_action|case_source|case_queue|light|triage|priority|stage|time_unit|rating|closure)\.[a-z_]+\b`)
	for _, who := range []string{webtest.StaffA, webtest.HandlerA, webtest.GridWorkerA} {
		cl := e.Login(who)
		cl.Lang = "en"
		for _, p := range []string{"/cases", "/cases?queue=all", "/cases/mine", "/cases/" + strconv.FormatInt(c.ID, 10)} {
			r := cl.Get(p)
			text := tagRE.ReplaceAllString(r.Body, " ")
			if r.StatusCode != 200 || rawKey.MatchString(text) {
				t.Errorf("%s %s: %d, untranslated: %v", who, p, r.StatusCode, rawKey.FindAllString(text, 5))
			}
		}
	}
}

var tagRE = regexp.MustCompile(`(?s)<script.*?</script>|<[^>]*>`)
