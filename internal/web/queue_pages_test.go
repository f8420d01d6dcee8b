package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

var deskSeq atomic.Int64

// deskCase files a located report in grid and takes the given steps on it as the
// system, returning the case as it stands.
func deskCase(e *webtest.Env, grid *admin.Node, desc string, steps ...cases.Step) *cases.Case {
	e.T.Helper()
	ctx := context.Background()
	n := deskSeq.Add(1)
	in, err := e.DB.Report(ctx, &account.Principal{}, cases.Report{Source: cases.FromResident, CategoryID: eventCategory(e, "0102"), Description: desc,
		Location: &geo.Point{Lng: 120.6 + float64(n)*0.001, Lat: 31.3}, NodeID: grid.ID, NodePath: grid.Path, Located: true,
		ReporterName: "王阿姨", ReporterPhone: "13912345678"})
	if err != nil {
		e.T.Fatalf("report: %v", err)
	}
	c := in.Case
	for _, s := range steps {
		s.Version = c.Version
		if c, err = e.DB.Act(ctx, e.Sys, c.ID, s, nil); err != nil {
			e.T.Fatalf("%s: %v", s.Action, err)
		}
	}
	return c
}

func limit(days int) calendar.Limit { return calendar.Limit{Amount: days, Unit: calendar.WorkingDays} }

// The steps that bring a case to a status.
var (
	toRegistered = []cases.Step{{Action: cases.ActRegister}}
)

func toDispatched(u *admin.Unit) []cases.Step {
	return []cases.Step{{Action: cases.ActRegister}, {Action: cases.ActDispatch, UnitID: u.ID}}
}

func toHandled(u *admin.Unit) []cases.Step {
	return then(toDispatched(u), cases.Step{Action: cases.ActAcknowledge}, cases.Step{Action: cases.ActHandle, Note: "已清理"})
}

// ticketsIn lists which of the cases a page shows.
func ticketsIn(body string, cs ...*cases.Case) []string {
	var out []string
	for _, c := range cs {
		if strings.Contains(body, `href="/cases/`+strconv.FormatInt(c.ID, 10)+`"`) {
			out = append(out, c.Ticket)
		}
	}
	return out
}

func TestCaseQueuesPerRole(t *testing.T) {
	e := webtest.New(t)
	reported := deskCase(e, e.GridA, "楼道堆放杂物")
	registered := deskCase(e, e.GridA, "路面破损", toRegistered...)
	dispatchedA := deskCase(e, e.GridA, "消防通道被占用", toDispatched(e.UnitA)...)
	handledA := deskCase(e, e.GridA, "暴露垃圾", toHandled(e.UnitA)...)
	dispatchedB := deskCase(e, e.GridB, "沧浪街道的案件", toDispatched(e.UnitB)...)
	all := []*cases.Case{reported, registered, dispatchedA, handledA, dispatchedB}
	names := func(cs ...*cases.Case) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Ticket)
		}
		return out
	}
	tests := []struct {
		who, query string
		want       []*cases.Case
	}{
		{webtest.StaffA, "", []*cases.Case{reported}}, // staff land on review
		{webtest.StaffA, "?queue=dispatch", []*cases.Case{registered}},
		{webtest.StaffA, "?queue=open", []*cases.Case{reported, registered, dispatchedA, handledA}},
		{webtest.StaffA, "?queue=all", []*cases.Case{reported, registered, dispatchedA, handledA}},
		{webtest.StaffB, "?queue=all", []*cases.Case{dispatchedB}},
		{webtest.StaffB, "?queue=review", nil},
		{webtest.StaffDist, "?queue=acknowledge", []*cases.Case{dispatchedA, dispatchedB}},
		{webtest.HandlerA, "", []*cases.Case{dispatchedA}}, // handlers land on acknowledge
		{webtest.HandlerA, "?queue=all", []*cases.Case{dispatchedA, handledA}},
		{webtest.HandlerA, "?queue=review", nil},
		{webtest.GridWorkerA, "", []*cases.Case{handledA}}, // grid workers land on verify
		{webtest.GridWorkerA, "?queue=open", []*cases.Case{reported, registered, dispatchedA, handledA}},
		{webtest.Supervisor, "", nil}, // supervisors land on supervised
		{webtest.Leader, "?queue=all", all},
	}
	clients := map[string]*webtest.Client{}
	for _, tt := range tests {
		t.Run(tt.who+tt.query, func(t *testing.T) {
			c := clients[tt.who]
			if c == nil {
				c = e.Login(tt.who)
				clients[tt.who] = c
			}
			r := c.Get("/cases" + tt.query)
			if r.StatusCode != 200 {
				t.Fatalf("status %d: %s", r.StatusCode, snippet(r.Body))
			}
			got, want := ticketsIn(r.Body, all...), names(tt.want...)
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("shows %v, want %v", got, want)
			}
		})
	}
	// The landing tab is marked, and every tab has its count.
	r := clients[webtest.HandlerA].Get("/cases")
	if !strings.Contains(r.Body, `aria-current="page" class="active">待签收 <span class="count">1</span>`) {
		t.Errorf("handler's landing tab is not acknowledge with 1 case:\n%s", snippet(r.Body[strings.Index(r.Body, "case-tabs"):]))
	}
	// A row shows the light as a dot with words, the category's name and the unit.
	r = clients[webtest.StaffA].Get("/cases?queue=acknowledge")
	for _, want := range []string{`<span class="light light-green"><span class="light-dot" aria-hidden="true"></span>正常</span>`,
		"暴露垃圾", e.UnitA.Name, "居民上报", "已派遣"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("acknowledge queue lacks %q", want)
		}
	}
}

func TestCaseQueueFilters(t *testing.T) {
	e := webtest.New(t)
	old := deskCase(e, e.GridA, "上周的案件")
	e.DB.Clock.Advance(72 * time.Hour)
	fresh := deskCase(e, e.GridA, "今天的案件", toDispatched(e.UnitA)...)
	staff := e.Login(webtest.StaffA)
	day := func(t time.Time) string { return t.In(time.FixedZone("CST", 8*3600)).Format("2006-01-02") }
	tests := []struct {
		name, query string
		status      int
		want        []*cases.Case
		field, msg  string
	}{
		{"by day", "?queue=all&from=" + day(fresh.ReportedAt) + "&to=" + day(fresh.ReportedAt), 200, []*cases.Case{fresh}, "", ""},
		{"up to a day", "?queue=all&to=" + day(old.ReportedAt), 200, []*cases.Case{old}, "", ""},
		{"by status", "?queue=all&status=dispatched", 200, []*cases.Case{fresh}, "", ""},
		{"by unit", fmt.Sprintf("?queue=all&unit=%d", e.UnitA.ID), 200, []*cases.Case{fresh}, "", ""},
		{"by place", fmt.Sprintf("?queue=all&node=%d", e.CommA.ID), 200, []*cases.Case{fresh, old}, "", ""},
		{"by source and triage", "?queue=all&source=resident&triage=major", 200, []*cases.Case{fresh, old}, "", ""},
		{"soonest due first", "?queue=all&sort=due", 200, []*cases.Case{fresh, old}, "", ""},
		{"red light", "?queue=all&light=red", 200, nil, "", ""},
		{"unknown queue", "?queue=everything", 400, nil, "queue", "请选择一项"},
		{"bad date", "?queue=all&from=2026-13-40", 400, nil, "from", "日期格式应为"},
		{"reversed dates", "?queue=all&from=2026-11-20&to=2026-11-01", 400, nil, "to", "结束日期不能早于开始日期"},
		{"unknown light", "?queue=all&light=green", 400, nil, "light", "请选择一项"},
		{"unknown status", "?queue=all&status=lost", 400, nil, "status", "请选择一项"},
		{"bad place", "?queue=all&node=abc", 400, nil, "node", "请输入数字"},
		{"place out of reach", fmt.Sprintf("?queue=all&node=%d", e.GridB.ID), 400, nil, "node", "找不到"},
		{"bad sort", "?queue=all&sort=sideways", 400, nil, "sort", "请选择一项"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := staff.Get("/cases" + tt.query)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tt.status, snippet(r.Body))
			}
			if tt.field != "" {
				if !strings.Contains(r.Body, `id="e-`+tt.field+`"`) || !strings.Contains(r.Body, tt.msg) {
					t.Errorf("no message %q at field %s", tt.msg, tt.field)
				}
				return
			}
			got := ticketsIn(r.Body, old, fresh)
			var want []string
			for _, c := range tt.want {
				want = append(want, c.Ticket)
			}
			if tt.name == "soonest due first" { // the one with a deadline leads
				if i, j := strings.Index(r.Body, fresh.Ticket), strings.Index(r.Body, old.Ticket); i < 0 || j < 0 || i > j {
					t.Errorf("due order wrong: %d %d", i, j)
				}
			}
			if fmt.Sprint(sortStrings(got)) != fmt.Sprint(sortStrings(want)) {
				t.Errorf("shows %v, want %v", got, want)
			}
		})
	}
}

func sortStrings(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

func TestCaseQueuePaging(t *testing.T) {
	e := webtest.New(t)
	var made []*cases.Case
	for i := 0; i < 52; i++ {
		made = append(made, deskCase(e, e.GridA, fmt.Sprintf("案件%d", i)))
	}
	staff := e.Login(webtest.StaffA)
	r := staff.Get("/cases?queue=review")
	if got := len(ticketsIn(r.Body, made...)); got != 50 {
		t.Fatalf("first page shows %d cases, want 50", got)
	}
	next := fmt.Sprintf("after=%d", made[2].ID)
	if !strings.Contains(r.Body, next) {
		t.Fatalf("no next link with %s", next)
	}
	r = staff.Get("/cases?queue=review&" + next)
	if got := ticketsIn(r.Body, made...); len(got) != 2 || got[0] != made[0].Ticket {
		t.Errorf("second page shows %v", got)
	}
}

func TestCaseBulkDispatchReportsEachCase(t *testing.T) {
	e := webtest.New(t)
	a := deskCase(e, e.GridA, "一号", toRegistered...)
	b := deskCase(e, e.GridA, "二号", toRegistered...)
	stale := deskCase(e, e.GridA, "三号", toRegistered...)
	staleVersion := stale.Version
	// Someone else comments on the third case after the list was read.
	if _, err := e.DB.Act(context.Background(), e.Sys, stale.ID, cases.Step{Action: cases.ActComment, Note: "已电话联系", Version: stale.Version}, nil); err != nil {
		t.Fatal(err)
	}
	staff := e.Login(webtest.StaffA)
	list := staff.Get("/cases?queue=dispatch")
	if !strings.Contains(list.Body, `name="case" value="`+strconv.FormatInt(a.ID, 10)+":"+strconv.Itoa(a.Version)+`"`) {
		t.Fatalf("no check box for %s", a.Ticket)
	}
	form := url.Values{"action": {"dispatch"}, "unit_id": {strconv.FormatInt(e.UnitA.ID, 10)}, "back": {"/cases?queue=dispatch"},
		"case": {fmt.Sprintf("%d:%d", a.ID, a.Version), fmt.Sprintf("%d:%d", b.ID, b.Version), fmt.Sprintf("%d:%d", stale.ID, staleVersion)}}
	r := staff.PostForm("/cases/bulk", form)
	if r.StatusCode != 200 {
		t.Fatalf("bulk: %d %s", r.StatusCode, snippet(r.Body))
	}
	if !strings.Contains(r.Body, "成功 2 件，未成功 1 件") || !strings.Contains(r.Body, "该案件已被他人更新，请刷新后再办理") {
		t.Errorf("bulk page does not say what happened:\n%s", r.Body[strings.Index(r.Body, "<main"):])
	}
	for _, c := range []*cases.Case{a, b} {
		got, _ := e.DB.Case(context.Background(), e.Sys, c.ID)
		if got.Status != cases.Dispatched || got.AssigneeUnitID != e.UnitA.ID {
			t.Errorf("%s: %s to %d", c.Ticket, got.Status, got.AssigneeUnitID)
		}
	}
	if got, _ := e.DB.Case(context.Background(), e.Sys, stale.ID); got.Status != cases.Registered {
		t.Errorf("stale case was dispatched: %s", got.Status)
	}

	// Handlers acknowledge in bulk; a case of another unit is refused, the rest go through.
	other := deskCase(e, e.GridB, "别的单位", toDispatched(e.UnitB)...)
	ga, _ := e.DB.Case(context.Background(), e.Sys, a.ID)
	h := e.Login(webtest.HandlerA)
	r = h.PostForm("/cases/bulk", url.Values{"action": {"acknowledge"},
		"case": {fmt.Sprintf("%d:%d", ga.ID, ga.Version), fmt.Sprintf("%d:%d", other.ID, other.Version), "x:y"}})
	if r.StatusCode != 200 || !strings.Contains(r.Body, "成功 1 件，未成功 2 件") || !strings.Contains(r.Body, "找不到该案件，或不在您的办理范围内") ||
		!strings.Contains(r.Body, "所选案件无效") {
		t.Errorf("handler bulk: %d\n%s", r.StatusCode, snippet(r.Body[strings.Index(r.Body, "<main"):]))
	}

	// Bad bulk posts say what is missing, or are refused.
	bad := []struct {
		name   string
		who    string
		form   url.Values
		status int
		want   string
	}{
		{"nothing chosen", webtest.StaffA, url.Values{"action": {"dispatch"}, "unit_id": {"1"}}, 400, "请至少选择一件案件"},
		{"no unit", webtest.StaffA, url.Values{"action": {"dispatch"}, "case": {fmt.Sprintf("%d:%d", b.ID, b.Version)}}, 400, "必填"},
		{"unknown action", webtest.StaffA, url.Values{"action": {"explode"}}, 400, ""},
		{"grid worker dispatching", webtest.GridWorkerA, url.Values{"action": {"dispatch"}, "unit_id": {"1"}}, 403, ""},
		{"all stale", webtest.StaffA, url.Values{"action": {"dispatch"}, "unit_id": {strconv.FormatInt(e.UnitA.ID, 10)},
			"case": {fmt.Sprintf("%d:%d", stale.ID, staleVersion)}}, 409, "请刷新后再办理"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			r := e.Login(tt.who).PostForm("/cases/bulk", tt.form)
			if r.StatusCode != tt.status || !strings.Contains(r.Body, tt.want) {
				t.Errorf("status %d (want %d), want %q: %s", r.StatusCode, tt.status, tt.want, snippet(r.Body))
			}
		})
	}
}

func TestCasesMine(t *testing.T) {
	e := webtest.New(t)
	open := deskCase(e, e.GridA, "路灯不亮", toDispatched(e.UnitA)...)
	verify := deskCase(e, e.GridA, "等待核查", toHandled(e.UnitA)...)
	elsewhere := deskCase(e, e.GridB, "别的网格")
	r := e.Login(webtest.GridWorkerA).Get("/cases/mine")
	if r.StatusCode != 200 {
		t.Fatalf("status %d", r.StatusCode)
	}
	i, j := strings.Index(r.Body, verify.Ticket), strings.Index(r.Body, open.Ticket)
	if i < 0 || j < 0 || i > j || strings.Contains(r.Body, elsewhere.Ticket) {
		t.Errorf("verify first, then open, nothing of other grids: %d %d", i, j)
	}
	if strings.Count(r.Body, verify.Ticket) != 1 {
		t.Errorf("the case to verify is listed twice")
	}
}

func TestCasesNavigation(t *testing.T) {
	e := webtest.New(t)
	for _, who := range []string{webtest.StaffA, webtest.HandlerA, webtest.GridWorkerA, webtest.Supervisor, webtest.Leader} {
		if r := e.Login(who).Get("/"); !strings.Contains(r.Body, `href="/cases"`) {
			t.Errorf("%s has no cases entry", who)
		}
	}
	if r := e.Login(webtest.ResidentPh).Get("/"); strings.Contains(r.Body, `href="/cases"`) {
		t.Errorf("a resident is offered the case queues")
	}
	if r := e.Login(webtest.ResidentPh).Get("/cases"); r.StatusCode != http.StatusForbidden {
		t.Errorf("resident /cases: %d", r.StatusCode)
	}
}
