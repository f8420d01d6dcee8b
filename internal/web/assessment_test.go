package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

type assessmentAPI struct {
	Published *time.Time `json:"published_at"`
	Results   []struct {
		Key, Name string
		Rank      int
		Score     *float64
		Parts     []struct {
			Indicator string
			Num, Den  int64
		}
	}
	Adjustments []struct {
		Key, Name, Indicator string
	}
}

// text is the results as they read.
func (a assessmentAPI) text() string {
	var b strings.Builder
	for _, r := range a.Results {
		score := "—"
		if r.Score != nil {
			score = fmt.Sprint(*r.Score)
		}
		fmt.Fprintf(&b, "%d %s %s %v; ", r.Rank, r.Name, score, r.Parts)
	}
	return b.String()
}

// A month's assessment of the departments: ranked on the page, the same in the API and
// the workbook; published, it stays as it was while a late handling and a community's
// rating show as adjustments.
func TestAssessmentMonth(t *testing.T) {
	e := casesEnv(t)
	figureHistory(t, e) // March to mid-April
	staff := e.Login(webtest.StaffDist)
	month := "assessed=unit&month=2026-03&node_id=" + fmt.Sprint(e.District.ID)
	r := staff.Get("/assessment?" + month)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("page: %d %s", r.StatusCode, snippet(r.Body))
	}
	for _, s := range []string{"月度考核", "2026年3月", e.UnitA.Name, e.UnitB.Name, "未发布", "发布 2026年3月 考核结果", "按期处置率"} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("the page does not show %q", s)
		}
	}
	before := decode[assessmentAPI](t, staff.Get("/api/v1/assessment?"+month))
	if before.Published != nil || len(before.Results) != 2 || before.Results[0].Rank != 1 || before.Results[0].Score == nil {
		t.Fatalf("API: %+v", before)
	}
	// The workbook is the ranking, row for row.
	_, rows := readSheet(t, []byte(staff.Get("/assessment/export.xlsx?"+month).Body))
	if len(rows) != 3 || rows[0][0] != "名次" || rows[0][2] != "综合得分" {
		t.Fatalf("workbook %q", rows)
	}
	for i, res := range before.Results {
		if score, err := strconv.ParseFloat(rows[i+1][2], 64); rows[i+1][0] != fmt.Sprint(res.Rank) || rows[i+1][1] != res.Name || err != nil || score != *res.Score {
			t.Errorf("workbook row %d %q, API %+v", i+1, rows[i+1], res)
		}
	}
	// Published.
	form := url.Values{"node_id": {fmt.Sprint(e.District.ID)}, "assessed": {"unit"}, "month": {"2026-03"}}
	if r := staff.PostForm("/assessment/publish", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := staff.Get("/assessment?" + month); !strings.Contains(r.Body, "已发布") || strings.Contains(r.Body, "发布 2026年3月 考核结果") {
		t.Errorf("after publishing: %s", snippet(r.Body))
	}
	// A March case of unit A handled late, and a community's rating of an embedded unit.
	ctx := context.Background()
	list, _, err := e.DB.ListCases(ctx, e.Sys, store.CaseFilter{Queue: store.QueueAll, UnitID: e.UnitA.ID, Status: cases.Dispatched, Limit: 200})
	if err != nil || len(list) == 0 {
		t.Fatalf("a dispatched case: %v", err)
	}
	c := list[len(list)-1] // the oldest: early March
	for _, s := range []cases.Step{{Action: cases.ActAcknowledge}, {Action: cases.ActHandle, Note: "迟到的处置"}} {
		s.Version = c.Version
		if c, err = e.DB.Act(ctx, e.Sys, c.ID, s, nil); err != nil {
			t.Fatal(err)
		}
	}
	police, err := e.DB.CreateUnit(ctx, e.Sys, admin.UnitInput{NodeID: e.StreetA.ID, Kind: admin.Embedded, Name: "平江派出所"})
	if err != nil {
		t.Fatal(err)
	}
	comm := e.Login(webtest.StaffCommA)
	if r := comm.Get("/assessment/ratings"); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "平江派出所") {
		t.Fatalf("ratings page: %d %s", r.StatusCode, snippet(r.Body))
	}
	key := fmt.Sprint(police.ID)
	if r := comm.PostForm("/assessment/ratings", url.Values{"month": {"2026-03"}, "points." + key: {"88"}, "note." + key: {"出警快"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("rate: %d %s", r.StatusCode, snippet(r.Body))
	}
	after := decode[assessmentAPI](t, staff.Get("/api/v1/assessment?"+month))
	if after.Published == nil || before.text() != after.text() {
		t.Errorf("the published month moved:\n was %s\n now %s", before.text(), after.text())
	}
	var moved, rated bool
	for _, a := range after.Adjustments {
		moved = moved || a.Name == e.UnitA.Name && a.Indicator != ""
		rated = rated || a.Name == "平江派出所" && a.Indicator == ""
	}
	if !moved || !rated {
		t.Errorf("adjustments %+v, want unit A's late handling and the police station's rating", after.Adjustments)
	}
	// April, not published, has the rating in the police station's score.
	live := decode[assessmentAPI](t, staff.Get("/api/v1/assessment?assessed=unit&month=2026-03&node_id="+fmt.Sprint(e.StreetA.ID)))
	found := false
	for _, res := range live.Results {
		found = found || res.Name == "平江派出所" && res.Score != nil && *res.Score == 88
	}
	if !found {
		t.Errorf("street A's month has no police station scored 88: %+v", live.Results)
	}
}

// The weights of an area's scheme: a bad number, weights that do not add up to 100, a
// count weighted, each shown on its field; good ones saved and used.
func TestAssessmentScheme(t *testing.T) {
	e := casesEnv(t)
	staff := e.Login(webtest.StaffA)
	base := url.Values{"node_id": {fmt.Sprint(e.StreetA.ID)}, "assessed": {"area"}, "month": {"2026-02"}, "version": {"0"}}
	with := func(kv ...string) url.Values {
		v := url.Values{}
		for k, x := range base {
			v[k] = x
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return v
	}
	if r := staff.Get("/assessment/scheme?assessed=area&node_id=" + fmt.Sprint(e.StreetA.ID)); r.StatusCode != http.StatusOK ||
		!strings.Contains(r.Body, "系统默认方案") || !strings.Contains(r.Body, `name="points.close_on_time_rate" type="number" min="1" max="100" step="1" inputmode="numeric" value="30"`) {
		t.Fatalf("scheme page: %d %s", r.StatusCode, snippet(r.Body))
	}
	for _, tc := range []struct {
		name string
		form url.Values
		want string // the element id of the message
		text string
	}{
		{"not a number", with("points.close_rate", "lots"), "e-points.close_rate", "请输入数字"},
		{"short of 100", with("points.close_rate", "60"), "e-weights", "权重合计应为 100 分，现为 60 分"},
		{"too many points", with("points.close_rate", "150"), "e-points.close_rate", "权重为 1 到 100 分"},
		{"nothing weighted", with(), "e-weights", "必填"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := staff.PostForm("/assessment/scheme", tc.form)
			if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, `id="`+tc.want+`"`) || !strings.Contains(r.Body, tc.text) {
				t.Errorf("%d, want 400 with %s saying %q: %s", r.StatusCode, tc.want, tc.text, snippet(r.Body))
			}
		})
	}
	if r := staff.PostForm("/assessment/scheme", with("points.close_rate", "40", "points.satisfaction_rate", "60")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := staff.Get("/assessment?assessed=area&month=2026-02&node_id=" + fmt.Sprint(e.StreetA.ID)); !strings.Contains(r.Body, "结案率</abbr> 40 分 · ") {
		t.Errorf("the saved scheme is not used: %s", snippet(r.Body))
	}
	// Saving over the version read before is refused.
	if r := staff.PostForm("/assessment/scheme", with("points.close_rate", "100")); r.StatusCode != http.StatusConflict {
		t.Errorf("a stale version: %d", r.StatusCode)
	}
}

// Bad requests of the assessment pages are named.
func TestAssessmentBadInput(t *testing.T) {
	e := casesEnv(t)
	staff, comm := e.Login(webtest.StaffA), e.Login(webtest.StaffCommA)
	for _, tc := range []struct {
		who    *webtest.Client
		method string
		path   string
		form   url.Values
		status int
		want   string
	}{
		{staff, "GET", "/assessment?month=2026-13", nil, 400, "请填写月份"},
		{staff, "GET", "/assessment?assessed=cats", nil, 400, "请选择考核对象"},
		{staff, "GET", "/assessment?node_id=abc", nil, 400, "请输入数字"},
		{staff, "GET", fmt.Sprintf("/assessment?node_id=%d", e.District.ID), nil, 403, "该区域不在您的管辖范围内"},
		{staff, "GET", "/api/v1/assessment?month=March", nil, 400, `"month"`},
		{staff, "POST", "/assessment/publish", url.Values{"node_id": {fmt.Sprint(e.StreetA.ID)}, "month": {"2026-03"}}, 400, "该月尚未结束"},
		{comm, "POST", "/assessment/ratings", url.Values{"month": {"2025-01"}}, 400, "只能评价本月或上月"},
		{staff, "GET", "/assessment/ratings", nil, 400, "请选择一个社区"},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			var r *webtest.Response
			if tc.method == "POST" {
				r = tc.who.PostForm(tc.path, tc.form)
			} else {
				r = tc.who.Get(tc.path)
			}
			if r.StatusCode != tc.status || !strings.Contains(r.Body, tc.want) {
				t.Errorf("%d, want %d showing %q: %s", r.StatusCode, tc.status, tc.want, snippet(r.Body))
			}
		})
	}
}
