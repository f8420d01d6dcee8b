package web_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

var (
	trackLinkRE = regexp.MustCompile(`id="rp-track" href="([^"]+)"`)
	reportKeyRE = regexp.MustCompile(`name="idempotency_key" value="([^"]+)"`)
)

// reportEnv is the test server with grid A's boundary drawn and a house with a door
// plate in grid A.
func reportEnv(t *testing.T) (*webtest.Env, *register.House) {
	t.Helper()
	e := webtest.New(t)
	if err := e.DB.SetNodeBoundary(context.Background(), e.Sys, e.GridA.ID, rect(120.60, 31.30, 120.61, 31.31), 120.605, 31.305); err != nil {
		t.Fatal(err)
	}
	b := bldgNew(t, e, e.GridA.ID, "3幢", 6)
	reportCats = seededReportCategories(e)
	return e, bldgHouse(t, e, b, "2", 5, "502", register.SelfOccupied)
}

// reportCategories are the seeded classes the report tests choose from, as form values.
type reportCategories struct{ refuse, hallway, lamp, hotline string }

// reportCats is filled by reportEnv; the seed gives every database the same ids.
var reportCats reportCategories

func seededReportCategories(e *webtest.Env) reportCategories {
	tree, err := e.DB.Categories(context.Background())
	if err != nil {
		e.T.Fatal(err)
	}
	id := func(k cases.CategoryKind, code string) string {
		c := tree.ByCode(k, code)
		if c == nil {
			e.T.Fatalf("no %s class %s", k, code)
		}
		return strconv.FormatInt(c.ID, 10)
	}
	return reportCategories{refuse: id(cases.EventKind, "0102"), hallway: id(cases.EventKind, "0109"),
		lamp: id(cases.FacilityKind, "0118"), hotline: id(cases.HotlineKind, "0101")}
}

var reportSeq atomic.Int64

// reportForm is a valid report with an address and a key of its own, changed by mod.
func reportForm(mod func(url.Values)) url.Values {
	v := url.Values{"category_id": {reportCats.refuse}, "description": {"小区门口垃圾堆了三天"}, "address": {"平江路 100 号"},
		"idempotency_key": {fmt.Sprintf("test-%d", reportSeq.Add(1))}}
	if mod != nil {
		mod(v)
	}
	return v
}

// filed reads the case a report page announced, through the link it gives to bookmark.
func filed(t *testing.T, e *webtest.Env, r *webtest.Response) (*cases.Case, string) {
	t.Helper()
	m := trackLinkRE.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatalf("no tracking link on the page: %s", snippet(r.Body))
	}
	link := html.UnescapeString(m[1])
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.DB.CaseByTicket(context.Background(), nil, strings.TrimPrefix(u.Path, "/t/"), u.Query().Get("k"))
	if err != nil {
		t.Fatalf("the case of %s: %v", link, err)
	}
	return c, link
}

func TestReportForm(t *testing.T) {
	e, h := reportEnv(t)
	r := e.Anon().Get("/report")
	treeWantStatus(t, r, 200)
	// Residents choose among events and facilities, not the hotline's classes.
	treeWantBody(t, r, "反映问题", "暴露垃圾", "路灯", "市容环境", "公用设施", `name="idempotency_key"`, "使用我的位置",
		"只用于工作人员联系您")
	treeWantNoBody(t, r, "政策咨询", "家庭纠纷咨询")
	if a, b := reportKeyRE.FindStringSubmatch(r.Body), reportKeyRE.FindStringSubmatch(e.Anon().Get("/report").Body); a == nil || b == nil || a[1] == b[1] {
		t.Errorf("each form needs its own idempotency key: %v %v", a, b)
	}

	// From a scanned plate the form shows the plate's address and asks for no other place.
	r = e.Anon().Get("/report?plate=" + h.Code)
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "平江路 3幢", "2单元 502室", `name="plate_code" value="`+h.Code+`"`)
	treeWantNoBody(t, r, `name="address"`, "使用我的位置", "王业主")
	r = e.Anon().Get("/report?plate=ZZZZZZZZZZ")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "没有找到这个门牌", `name="address"`)

	// The plate's public page leads to the form.
	r = e.Anon().Get("/h/" + h.Code)
	treeWantBody(t, r, `href="/report?plate=`+h.Code+`"`, "在这里反映问题")
}

func TestReportSubmit(t *testing.T) {
	e, h := reportEnv(t)
	tests := []struct {
		name    string
		mod     func(url.Values)
		status  int
		want    []string
		check   func(t *testing.T, c *cases.Case)
		english bool
	}{
		{name: "a point inside a grid", mod: func(v url.Values) { v.Del("address"); v.Set("lat", "31.305"); v.Set("lng", "120.605") },
			status: 200, want: []string{"反映已提交", "反映编号"}, check: func(t *testing.T, c *cases.Case) {
				if !c.Located || c.NodeID != e.GridA.ID || c.Location == nil || c.Source != cases.FromResident {
					t.Errorf("case = %+v, want it located in grid A", c)
				}
			}},
		{name: "a door plate", mod: func(v url.Values) { v.Del("address"); v.Set("plate_code", h.Code) },
			status: 200, want: []string{"平江路 3幢"}, check: func(t *testing.T, c *cases.Case) {
				if !c.Located || c.NodeID != e.GridA.ID || c.Address != "平江路 3幢 2单元 502室" {
					t.Errorf("case = %+v, want it at the plate's house in grid A", c)
				}
			}},
		{name: "an address only", status: 200, want: []string{"平江路 100 号"}, check: func(t *testing.T, c *cases.Case) {
			if c.Located || c.Status != cases.Reported {
				t.Errorf("case = %+v, want it kept unlocated", c)
			}
		}},
		{name: "a point outside every grid", mod: func(v url.Values) { v.Set("lat", "39.9"); v.Set("lng", "116.4") }, status: 200,
			check: func(t *testing.T, c *cases.Case) {
				if c.Located {
					t.Errorf("case = %+v, want it unlocated", c)
				}
			}},
		{name: "no location at all", mod: func(v url.Values) { v.Del("address") }, status: 400,
			want: []string{`id="e-location"`, "请在地图上选点、使用定位、扫描门牌或填写地址", `href="#f-location"`}},
		{name: "no location, in English", mod: func(v url.Values) { v.Del("address") }, status: 400, english: true,
			want: []string{"Pick a point on the map, use your location, scan a door plate or type an address"}},
		{name: "an unknown category", mod: func(v url.Values) { v.Set("category_id", "999") }, status: 400,
			want: []string{`id="e-category_id"`, "请选择有效的问题小类"}},
		{name: "a hotline category", mod: func(v url.Values) { v.Set("category_id", reportCats.hotline) }, status: 400,
			want: []string{`id="e-category_id"`}},
		{name: "no category", mod: func(v url.Values) { v.Del("category_id") }, status: 400, want: []string{`id="e-category_id"`}},
		{name: "no description", mod: func(v url.Values) { v.Set("description", "   ") }, status: 400, want: []string{`id="e-description"`}},
		{name: "a bad phone", mod: func(v url.Values) { v.Set("reporter_phone", "12345") }, status: 400,
			want: []string{`id="e-reporter_phone"`, `value="12345"`}},
		{name: "a bad point", mod: func(v url.Values) { v.Set("lat", "north"); v.Set("lng", "120.6") }, status: 400,
			want: []string{`id="e-location"`}},
		{name: "an unknown door plate", mod: func(v url.Values) { v.Set("plate_code", "ZZZZZZZZZZ") }, status: 400,
			want: []string{`id="f-plate_code"`, "未找到这个门牌"}},
		{name: "a malformed photo", mod: func(v url.Values) { v.Add("photos", "x") }, status: 400, want: []string{"照片信息无效"}},
		{name: "a phone kept masked", mod: func(v url.Values) { v.Set("reporter_name", "李阿姨"); v.Set("reporter_phone", "13912345678") },
			status: 200, check: func(t *testing.T, c *cases.Case) {
				if c.ReporterName != "李阿姨" || c.ReporterPhone != "139****5678" || c.Anonymous {
					t.Errorf("reporter = %q %q", c.ReporterName, c.ReporterPhone)
				}
			}},
		{name: "anonymous keeps no name and no phone", mod: func(v url.Values) {
			v.Set("reporter_name", "王大爷")
			v.Set("reporter_phone", "13912345678")
			v.Set("anonymous", "1")
		}, status: 200, check: func(t *testing.T, c *cases.Case) {
			if c.ReporterName != "" || c.ReporterPhone != "" || !c.Anonymous || c.ReporterUserID != 0 {
				t.Errorf("anonymous case = %+v", c)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cl := e.Anon()
			if tt.english {
				cl.Lang = "en"
			}
			r := cl.PostForm("/report", reportForm(tt.mod))
			treeWantStatus(t, r, tt.status)
			treeWantBody(t, r, tt.want...)
			if tt.status != 200 {
				// The form comes back with what was typed and a fresh chance to send it.
				treeWantBody(t, r, `data-draft="report"`, `name="idempotency_key"`)
				return
			}
			c, link := filed(t, e, r)
			treeWantBody(t, r, c.Ticket)
			if tt.check != nil {
				tt.check(t, c)
			}
			// Every accepted report can be followed, located or not.
			tr := e.Anon().Get(link)
			treeWantStatus(t, tr, 200)
			treeWantBody(t, tr, c.Ticket, "您的反映已收到，正在等待受理", "收到反映", "暴露垃圾")
		})
	}
}

// TestReportScriptEscaped: a description with markup is shown as text everywhere.
func TestReportScriptEscaped(t *testing.T) {
	e, _ := reportEnv(t)
	const desc = `<script>alert("x")</script><img src=x onerror=alert(1)>`
	r := e.Anon().PostForm("/report", reportForm(func(v url.Values) { v.Set("description", desc) }))
	treeWantStatus(t, r, 200)
	_, link := filed(t, e, r)
	tr := e.Anon().Get(link)
	for _, page := range []*webtest.Response{r, tr} {
		treeWantNoBody(t, page, desc, "<script>alert", "<img src=x")
		treeWantBody(t, page, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
	}
	// Shown again after a field error, it is still text.
	bad := e.Anon().PostForm("/report", reportForm(func(v url.Values) { v.Set("description", desc); v.Del("address") }))
	treeWantStatus(t, bad, 400)
	treeWantNoBody(t, bad, "<script>alert")
}

// TestReportSubmittedTwice: a double tap or a retry after a lost connection sends the
// same idempotency key, and makes one case.
func TestReportSubmittedTwice(t *testing.T) {
	e, _ := reportEnv(t)
	form := reportForm(func(v url.Values) { v.Set("idempotency_key", "b1946ac92492d2347c6235b4d2611184") })
	first := e.Anon().PostForm("/report", form)
	treeWantStatus(t, first, 200)
	again := e.Anon().PostForm("/report", form)
	treeWantStatus(t, again, 200)
	c1, _ := filed(t, e, first)
	c2, _ := filed(t, e, again)
	if c1.ID != c2.ID {
		t.Errorf("two cases for one key: %s and %s", c1.Ticket, c2.Ticket)
	}
	treeWantBody(t, again, "这条反映之前已经提交过")
	all, _, err := e.DB.ListCases(context.Background(), e.Sys, store.CaseFilter{Queue: store.QueueAll})
	if err != nil || len(all) != 1 {
		t.Errorf("cases after a double submit: %d (%v)", len(all), err)
	}
}

// closeForRating takes a case through the loop as the system, with an internal note and
// a named handler on the way that the reporter must never see.
func closeForRating(t *testing.T, e *webtest.Env, c *cases.Case) {
	t.Helper()
	ctx := context.Background()
	handler := &account.Principal{UserID: e.Users[webtest.HandlerA].ID, Username: webtest.HandlerA, DisplayName: "处置员老张",
		Role: account.Handler, UnitID: e.UnitA.ID}
	var err error
	for _, st := range []struct {
		p *account.Principal
		s cases.Step
	}{
		{e.Sys, cases.Step{Action: cases.ActComment, Note: "内部备注：联系物业经理赵某"}},
		{e.Sys, cases.Step{Action: cases.ActRegister}},
		{e.Sys, cases.Step{Action: cases.ActDispatch, UnitID: e.UnitA.ID}},
		{handler, cases.Step{Action: cases.ActAcknowledge}},
		{handler, cases.Step{Action: cases.ActHandle, Note: "已由老张清理，电话 13800001111"}},
		{e.Sys, cases.Step{Action: cases.ActVerify}},
		{e.Sys, cases.Step{Action: cases.ActClose}},
	} {
		if c, err = e.DB.Act(ctx, st.p, c.ID, st.s, nil); err != nil {
			t.Fatalf("%s: %v", st.s.Action, err)
		}
	}
}

func TestTrackAndRate(t *testing.T) {
	e, _ := reportEnv(t)
	r := e.Anon().PostForm("/report", reportForm(nil))
	c, link := filed(t, e, r)
	anon := e.Anon()

	// A wrong key, or none, finds nothing, and says nothing of the case.
	for _, path := range []string{"/t/" + c.Ticket + "?k=0000000000000000", "/t/" + c.Ticket, "/t/20990101-000001?k=x"} {
		bad := anon.Get(path)
		treeWantStatus(t, bad, 404)
		treeWantBody(t, bad, "没有找到这条反映")
		treeWantNoBody(t, bad, "小区门口垃圾", "暴露垃圾", "平江路 100 号", "等待受理")
	}
	// Staff are no exception: the key opens the page, not the account.
	treeWantStatus(t, e.Login(webtest.StaffA).Get("/t/"+c.Ticket), 404)

	// Not closed: no rating form yet, and a rating sent anyway is refused politely.
	tr := anon.Get(link)
	treeWantNoBody(t, tr, `action="/t/`+c.Ticket+`/rate"`)
	u, _ := url.Parse(link)
	key := u.Query().Get("k")
	early := anon.PostForm("/t/"+c.Ticket+"/rate", url.Values{"k": {key}, "rating": {"satisfied"}})
	treeWantStatus(t, early, 409)
	treeWantBody(t, early, "问题办结后才能评价")

	closeForRating(t, e, c)
	tr = anon.Get(link)
	treeWantStatus(t, tr, 200)
	treeWantBody(t, tr, "已办结，欢迎评价", "受理立案", "交由处理单位", "单位接单", "处理完成", "办结", "满意", "基本满意", "不满意",
		`action="/t/`+c.Ticket+`/rate"`)
	// Public steps only: no internal note, no staff names, no numbers.
	treeWantNoBody(t, tr, "内部备注", "赵某", "老张", "处置员", "13800001111", "测试", webtest.HandlerA, "平江街道城管中队")

	// A bad rating is a field error; a good one is thanked.
	bad := anon.PostForm("/t/"+c.Ticket+"/rate", url.Values{"k": {key}, "rating": {"great"}})
	treeWantStatus(t, bad, 400)
	treeWantBody(t, bad, `id="e-rating"`)
	wrongKey := anon.PostForm("/t/"+c.Ticket+"/rate", url.Values{"k": {"nope"}, "rating": {"satisfied"}})
	treeWantStatus(t, wrongKey, 404)
	ok := anon.PostForm("/t/"+c.Ticket+"/rate", url.Values{"k": {key}, "rating": {"fairly"}, "note": {"<b>挺快</b>"}})
	treeWantStatus(t, ok, 303)
	if loc := ok.Header.Get("Location"); loc != link {
		t.Errorf("after rating: redirected to %q, want %q", loc, link)
	}
	thanked := anon.Get(link)
	treeWantBody(t, thanked, "感谢您的评价", "您的评价：基本满意", "您已评价")
	treeWantNoBody(t, thanked, `action="/t/`+c.Ticket+`/rate"`)
	got, _ := e.DB.Case(context.Background(), e.Sys, c.ID)
	if got.Rating != cases.FairlySatisfied || got.RatingComment != "<b>挺快</b>" {
		t.Errorf("stored rating = %q %q", got.Rating, got.RatingComment)
	}

	// A second rating is refused politely, and the first one stands.
	again := anon.PostForm("/t/"+c.Ticket+"/rate", url.Values{"k": {key}, "rating": {"dissatisfied"}})
	treeWantStatus(t, again, 409)
	treeWantBody(t, again, "您已经评价过了")
	if got, _ := e.DB.Case(context.Background(), e.Sys, c.ID); got.Rating != cases.FairlySatisfied {
		t.Errorf("a second rating changed it to %q", got.Rating)
	}
}

// TestMyReports: a signed-in resident finds their own reports, newest first, linked to
// their tracking pages from the home page; an anonymous one is not listed, and another
// resident sees none of them.
func TestMyReports(t *testing.T) {
	e, _ := reportEnv(t)
	me := e.Login(webtest.ResidentPh)
	home := me.Get("/")
	treeWantBody(t, home, `href="/report"`, `href="/my/reports"`, "我要反映问题")
	treeWantBody(t, me.Get("/my/reports"), "您还没有反映过问题")

	r := me.Get("/report")
	treeWantBody(t, r, `value="测试"`) // the resident's name to start with (the fixture's display name)
	first := me.PostForm("/report", reportForm(func(v url.Values) { v.Set("description", "第一条：路灯不亮") }))
	treeWantStatus(t, first, 200)
	treeWantBody(t, first, "我的反映")
	c1, _ := filed(t, e, first)
	e.DB.Clock.Advance(1e9)
	c2, _ := filed(t, e, me.PostForm("/report", reportForm(func(v url.Values) { v.Set("category_id", reportCats.lamp) })))
	anon, _ := filed(t, e, me.PostForm("/report", reportForm(func(v url.Values) { v.Set("anonymous", "1"); v.Set("category_id", reportCats.hallway) })))

	list := me.Get("/my/reports")
	treeWantStatus(t, list, 200)
	treeWantBody(t, list, c1.Ticket, c2.Ticket, "路灯", "暴露垃圾", "/t/"+c1.Ticket+"?k=")
	treeWantNoBody(t, list, anon.Ticket, "楼道堆物")
	if i, j := strings.Index(list.Body, c2.Ticket), strings.Index(list.Body, c1.Ticket); i > j {
		t.Errorf("the newer report %s should come first", c2.Ticket)
	}
	// The reporter, signed in, opens their own case without the key.
	treeWantStatus(t, me.Get("/t/"+c1.Ticket), 200)

	e.User("", account.Resident, 0, 0, "13900000009")
	other := e.Login("13900000009")
	treeWantNoBody(t, other.Get("/my/reports"), c1.Ticket, c2.Ticket)
	treeWantStatus(t, other.Get("/t/"+c1.Ticket), 404)
	// Staff report for others and have no list of their own.
	treeWantBody(t, e.Login(webtest.StaffA).Get("/my/reports"), "您还没有反映过问题")
}
