package web_test

import (
	"archive/zip"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The dashboard of each role is that of its scope, and every figure on it links to the
// list of the cases behind it.
func TestDashboardPages(t *testing.T) {
	e := casesEnv(t)
	figureHistory(t, e)
	for _, tc := range []struct {
		who     string
		path    string
		heading string
		has     []string // texts the page shows
		hasNot  []string
	}{
		{webtest.Leader, "/dashboard?grain=month&from=2026-04-01", "姑苏区 · 指标看板",
			[]string{"2026年4月", "对比上期：2026年3月1日—2026年3月16日", "下级区域</h2>", e.StreetA.Name, e.StreetB.Name, "部门与单位", e.UnitA.Name}, []string{"网格员</h2>"}},
		{webtest.StaffA, "/dashboard?grain=month&from=2026-03-01", e.StreetA.Name + " · 指标看板",
			[]string{"2026年3月", "对比上期：2026年2月", e.CommA.Name}, []string{e.StreetB.Name}},
		{webtest.GridWorkerA, "/dashboard?grain=month&from=2026-03-01", e.GridA.Name + " · 指标看板",
			[]string{"网格员</h2>"}, []string{"下级区域</h2>"}},
		{webtest.HandlerA, "/dashboard?grain=month&from=2026-03-01", e.UnitA.Name + " · 指标看板",
			[]string{"上报数"}, []string{"下级区域</h2>", "部门与单位</h2>"}},
	} {
		t.Run(tc.who+" "+tc.path, func(t *testing.T) {
			r := e.Login(tc.who).Get(tc.path)
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%d %s", r.StatusCode, snippet(r.Body))
			}
			if tc.heading != "" && !strings.Contains(r.Body, "<h1>"+tc.heading+"</h1>") {
				t.Errorf("no heading %q", tc.heading)
			}
			for _, s := range tc.has {
				if !strings.Contains(r.Body, s) {
					t.Errorf("the page does not show %q", s)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(r.Body, s) {
					t.Errorf("the page shows %q", s)
				}
			}
			if n := strings.Count(r.Body, `href="/dashboard/cases?`); n < 12 {
				t.Errorf("%d figures link to their cases", n)
			}
		})
	}
	// In English.
	en := e.Login(webtest.Leader)
	en.Lang = "en"
	if r := en.Get("/dashboard?grain=month&from=2026-04-01"); !strings.Contains(r.Body, "Indicator dashboard") ||
		!strings.Contains(r.Body, "April 2026") || !strings.Contains(r.Body, "On-time closing") {
		t.Errorf("in English: %s", snippet(r.Body))
	}
	// A leader signs in to the dashboard; anyone else to the home page, or where they
	// were going.
	for _, tc := range []struct{ who, next, want string }{
		{webtest.Leader, "", "/dashboard"}, {webtest.Leader, "/cases", "/cases"}, {webtest.StaffA, "", "/"}} {
		r := e.Anon().PostForm("/login", url.Values{"login": {tc.who}, "password": {webtest.Password}, "next": {tc.next}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != tc.want {
			t.Errorf("%s signing in for %q: %d to %s, want %s", tc.who, tc.next, r.StatusCode, r.Header.Get("Location"), tc.want)
		}
	}
	// What the figures mean: each of them, how it is computed, which way is better.
	r0 := e.Login(webtest.GridWorkerA).Get("/dashboard/indicators")
	if n := strings.Count(r0.Body, `<div class="card" id="ind-`); n != 24 || !strings.Contains(r0.Body, "按期结案数 ÷ 应结案数") ||
		!strings.Contains(r0.Body, "数值越低越好") || !strings.Contains(r0.Body, `id="ind-close_on_time_rate"`) {
		t.Errorf("the indicators' page: %d indicators: %s", n, snippet(r0.Body))
	}
	// The big screen: the figures alone, reloading themselves.
	r := e.Login(webtest.Leader).Get("/dashboard?screen=1")
	if !strings.Contains(r.Body, `<body class="screen">`) || strings.Contains(r.Body, `class="topbar"`) || !strings.Contains(r.Body, `data-refresh="60"`) {
		t.Errorf("the big screen: %s", snippet(r.Body))
	}
	// The cases behind street A's 按期结案率 in April: both sides, their sums, and the
	// cases the numerator left out marked.
	r = e.Login(webtest.Leader).Get(fmt.Sprintf("/dashboard/cases?code=close_on_time_rate&grain=month&from=2026-04-01&by=area&key=%d", e.StreetA.ID))
	for _, s := range []string{"<h1>按期结案率</h1>", e.StreetA.Name, "按期结案数 ÷ 应结案数", "分子：按期结案数 = ", "分母：应结案数 = "} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("the list does not show %q", s)
		}
	}
}

// Every bad request of the dashboard's pages is shown on the field that is wrong.
func TestDashboardPagesBadInput(t *testing.T) {
	e := casesEnv(t)
	leader, staffA := e.Login(webtest.Leader), e.Login(webtest.StaffA)
	for _, tc := range []struct {
		who    *webtest.Client
		path   string
		status int
		want   string
	}{
		{leader, "/dashboard?grain=hour", 400, `id="e-grain"`},
		{leader, "/dashboard?from=2026-13-01", 400, `id="e-from"`},
		{leader, "/dashboard?grain=custom&from=2026-03-10&to=2026-03-01", 400, `id="e-to"`},
		{leader, "/dashboard?grain=custom&from=2025-01-01&to=2026-03-01", 400, "自定义周期最长 366 天"},
		{leader, "/dashboard?node_id=x", 400, "请输入数字"},
		{staffA, fmt.Sprintf("/dashboard?node_id=%d", e.District.ID), 403, "该区域不在您的管辖范围内"},
		{leader, "/dashboard/cases?code=happiness", 400, "没有这个指标"},
		{leader, "/dashboard/cases", 400, "指标"},
		{leader, "/dashboard/cases?code=reported&part=denominator", 400, "没有分母"},
		{leader, "/dashboard/cases?code=close_rate&by=weather&key=1", 400, "请选择按区域"},
		{staffA, fmt.Sprintf("/dashboard/cases?code=close_rate&node_id=%d", e.StreetB.ID), 403, "该区域不在您的管辖范围内"},
	} {
		t.Run(tc.path, func(t *testing.T) {
			r := tc.who.Get(tc.path)
			if r.StatusCode != tc.status || !strings.Contains(r.Body, tc.want) {
				t.Errorf("%d, want %d showing %q: %s", r.StatusCode, tc.status, tc.want, snippet(r.Body))
			}
		})
	}
}

// Each table of the dashboard downloads as a workbook holding the figures the page and
// the API show, with the sums they are made of.
func TestDashboardExports(t *testing.T) {
	e := casesEnv(t)
	figureHistory(t, e)
	leader := e.Login(webtest.Leader)
	period := "grain=month&from=2026-04-01"
	api := decode[figuresJSON](t, leader.Get("/api/v1/indicators/figures?"+period+"&by=area&codes=reported,close_on_time_rate"))
	r := leader.Get("/dashboard/export?table=areas&" + period)
	if r.StatusCode != http.StatusOK || r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("areas: %d %s", r.StatusCode, r.Header.Get("Content-Type"))
	}
	sheet, rows := readSheet(t, []byte(r.Body))
	if sheet != "姑苏区 2026年4月" || len(rows) != 3 {
		t.Fatalf("sheet %q rows %q", sheet, rows)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for i, g := range api.Groups {
		row := rows[i+1]
		if row[0] != g.Name {
			t.Errorf("row %d is %q, want %s", i+1, row[0], g.Name)
		}
		reported, rate := g.Figures[0], g.Figures[1]
		for head, want := range map[string]string{
			"上报数": fmt.Sprint(reported.Num), "上报数（上期）": fmt.Sprint(reported.Previous.Num),
			"按期结案率·分子": fmt.Sprint(rate.Num), "按期结案率·分母": fmt.Sprint(rate.Den),
			"按期结案率": strings.TrimSuffix(rate.Text, "%"),
		} {
			j, ok := col[head]
			got, errGot := strconv.ParseFloat(row[min(j, len(row)-1)], 64)
			exp, errWant := strconv.ParseFloat(want, 64)
			if !ok || (errWant == nil && (errGot != nil || got != exp)) || (errWant != nil && row[j] != want) {
				t.Errorf("%s %s: %q, want %q (columns %v)", g.Name, head, row[min(j, len(row)-1)], want, rows[0])
			}
		}
	}
	// Each figure and its sums link to the cases behind them.
	zr, err := zip.NewReader(strings.NewReader(r.Body), int64(len(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rels, err := zr.Open("xl/worksheets/_rels/sheet1.xml.rels")
	if err != nil {
		t.Fatalf("no links in the workbook: %v", err)
	}
	b, _ := io.ReadAll(rels)
	if n := strings.Count(string(b), `code=close_on_time_rate`); n != 2*3 {
		t.Errorf("%d links to the cases behind 按期结案率, want 3 a street: %s", n, snippet(string(b)))
	}
	// Every indicator of the district, one a row.
	_, rows = readSheet(t, []byte(leader.Get("/dashboard/export?table=figures&"+period).Body))
	if len(rows) != 25 || rows[1][0] != "上报数" || rows[1][2] != fmt.Sprint(api.Groups[0].Figures[0].Num+api.Groups[1].Figures[0].Num) {
		t.Errorf("every figure: %q", rows[:min(len(rows), 3)])
	}
	for _, table := range []string{"units", "workers", "categories"} {
		if r := leader.Get("/dashboard/export?table=" + table + "&" + period); r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", table, r.StatusCode)
		}
	}
	// A table that does not exist, and a period that cannot be: a page that says so.
	for _, path := range []string{"/dashboard/export?table=weather", "/dashboard/export?table=areas&grain=custom&from=2026-04-02&to=2026-04-01"} {
		if r := leader.Get(path); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Header.Get("Content-Type"), "text/html") {
			t.Errorf("%s: %d %s", path, r.StatusCode, r.Header.Get("Content-Type"))
		}
	}
}
