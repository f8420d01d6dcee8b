package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

type patrolJSON struct {
	ID       int64   `json:"id"`
	NodeID   int64   `json:"node_id"`
	Points   int     `json:"points"`
	Distance float64 `json:"distance_m"`
	Minutes  int     `json:"minutes"`
	Counts   bool    `json:"counts"`
	Note     string  `json:"note"`
	Track    []struct {
		Lat float64 `json:"lat"`
	} `json:"track"`
}

func points(at time.Time, from, n int) map[string]any {
	var pts []map[string]any
	for i := from; i < from+n; i++ {
		pts = append(pts, map[string]any{"at": at.Add(time.Duration(i*10) * time.Second).UTC(), "lng": 120.63,
			"lat": 31.31 + float64(i)*10/111195.0, "accuracy": 8})
	}
	return map[string]any{"points": pts}
}

func TestPatrolAPI(t *testing.T) {
	e := webtest.New(t)
	gw := e.Login(webtest.GridWorkerA)
	other := e.User("grid.a2", account.GridWorker, e.GridA.ID, 0, "")
	gw2 := e.Login(other.Username)
	start := e.DB.Clock.Now()

	// Refusals before anything starts.
	bad := []struct {
		name   string
		c      *webtest.Client
		body   any
		status int
		field  string
		want   string
	}{
		{"a grid not theirs", gw, map[string]any{"node_id": e.GridB.ID}, http.StatusBadRequest, "node_id", "只能巡查您负责的网格"},
		{"no grid", gw, map[string]any{}, http.StatusBadRequest, "node_id", ""},
		{"a wrong type", gw, map[string]any{"node_id": "网格"}, http.StatusBadRequest, "node_id", ""},
		{"staff do not patrol", e.Login(webtest.StaffA), map[string]any{"node_id": e.GridA.ID}, http.StatusForbidden, "", ""},
	}
	for _, b := range bad {
		r := b.c.JSON("POST", "/api/v1/patrols", b.body)
		if r.StatusCode != b.status || !strings.Contains(r.Body, b.field) || !strings.Contains(r.Body, b.want) {
			t.Fatalf("%s: %d %s", b.name, r.StatusCode, r.Body)
		}
	}

	r := gw.JSON("POST", "/api/v1/patrols", map[string]any{"node_id": e.GridA.ID})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("start: %d %s", r.StatusCode, r.Body)
	}
	var p patrolJSON
	r.JSON(t, &p)
	if r := gw.JSON("POST", "/api/v1/patrols", map[string]any{"node_id": e.GridA.ID}); r.StatusCode != http.StatusConflict || !strings.Contains(r.Body, "正在进行") {
		t.Fatalf("a second open patrol: %d %s", r.StatusCode, r.Body)
	}
	mine := fmt.Sprintf("/api/v1/patrols/%d", p.ID)

	e.DB.Clock.Advance(40 * time.Minute)
	if r := gw.JSON("POST", mine+"/points", points(start, 0, 100)); r.StatusCode != http.StatusOK {
		t.Fatalf("points: %d %s", r.StatusCode, r.Body)
	}
	outOfOrder := points(start, 100, 2)
	pts := outOfOrder["points"].([]map[string]any)
	pts[0], pts[1] = pts[1], pts[0]
	badPoints := []struct {
		name   string
		c      *webtest.Client
		body   any
		status int
		want   string
	}{
		{"points out of order", gw, outOfOrder, http.StatusBadRequest, "第 2 个位置点早于前一个点"},
		{"a latitude off the earth", gw, map[string]any{"points": []map[string]any{{"at": start.Add(time.Hour), "lng": 120.6, "lat": 95, "accuracy": 5}}}, http.StatusBadRequest, "经纬度无效"},
		{"no points", gw, map[string]any{"points": []any{}}, http.StatusBadRequest, "points"},
		{"a time that is not one", gw, map[string]any{"points": []map[string]any{{"at": "昨天", "lng": 120.6, "lat": 31, "accuracy": 5}}}, http.StatusBadRequest, ""},
		{"an unknown field", gw, map[string]any{"points": []any{}, "speed": 3}, http.StatusBadRequest, "speed"},
		{"a patrol of someone else", gw2, points(start, 100, 1), http.StatusForbidden, "这不是您的巡查"},
	}
	for _, b := range badPoints {
		r := b.c.JSON("POST", mine+"/points", b.body)
		if r.StatusCode != b.status || !strings.Contains(r.Body, b.want) {
			t.Fatalf("%s: %d %s", b.name, r.StatusCode, r.Body)
		}
	}
	if r := gw.JSON("POST", "/api/v1/patrols/999999/points", points(start, 100, 1)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("no such patrol: %d", r.StatusCode)
	}
	if r := gw2.JSON("POST", mine+"/end", map[string]any{}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("ending someone else's: %d %s", r.StatusCode, r.Body)
	}
	if r := gw.JSON("POST", mine+"/end", map[string]any{"note": strings.Repeat("长", 501)}); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "note") {
		t.Fatalf("a long note: %d %s", r.StatusCode, r.Body)
	}
	r = gw.JSON("POST", mine+"/end", map[string]any{"note": "巡查正常"})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("end: %d %s", r.StatusCode, r.Body)
	}
	r.JSON(t, &p)
	if p.Points != 100 || p.Minutes != 40 || !p.Counts || p.Distance < 980 || p.Distance > 1000 {
		t.Fatalf("ended %+v", p)
	}
	if r := gw.JSON("POST", mine+"/end", map[string]any{}); r.StatusCode != http.StatusConflict {
		t.Fatalf("ending twice: %d %s", r.StatusCode, r.Body)
	}

	// Staff of the street read it, its track and the coverage.
	staff := e.Login(webtest.StaffA)
	r = staff.Get(mine + "?track=true")
	r.JSON(t, &p)
	if len(p.Track) != 100 || p.Note != "巡查正常" {
		t.Fatalf("read: %d %s", r.StatusCode, snippet(r.Body))
	}
	var cov struct {
		PerDay int `json:"per_day"`
		Grids  []struct {
			NodeID  int64  `json:"node_id"`
			Counted int    `json:"counted"`
			Status  string `json:"status"`
		} `json:"grids"`
	}
	r = staff.Get(fmt.Sprintf("/api/v1/patrols/coverage?node=%d", e.StreetA.ID))
	r.JSON(t, &cov)
	if cov.PerDay != 2 || len(cov.Grids) != 1 || cov.Grids[0].Counted != 1 || cov.Grids[0].Status != "partly" {
		t.Fatalf("coverage %s", r.Body)
	}
	for _, q := range []string{"day=2026-13-01", "node=abc", "day=yesterday"} {
		if r := staff.Get("/api/v1/patrols/coverage?" + q); r.StatusCode != http.StatusBadRequest {
			t.Fatalf("%s: %d %s", q, r.StatusCode, r.Body)
		}
	}
	var list struct {
		Items []patrolJSON `json:"items"`
	}
	staff.Get("/api/v1/patrols?day="+start.Format("2006-01-02")).JSON(t, &list)
	if len(list.Items) != 1 {
		t.Fatalf("list %+v", list)
	}
	e.Login(webtest.StaffB).Get("/api/v1/patrols").JSON(t, &list)
	if len(list.Items) != 0 {
		t.Fatalf("another street's staff see %+v", list)
	}
}

func TestPatrolPages(t *testing.T) {
	e := webtest.New(t)
	gw := e.Login(webtest.GridWorkerA)
	r := gw.Get("/patrol")
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `action="/patrol/start"`) || !strings.Contains(r.Body, "平江路第1网格") {
		t.Fatalf("start page: %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := gw.PostForm("/patrol/start", url.Values{"node_id": {fmt.Sprint(e.GridB.ID)}}); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "只能巡查您负责的网格") {
		t.Fatalf("a grid not theirs: %d", r.StatusCode)
	}
	if r := gw.PostForm("/patrol/start", url.Values{"node_id": {"x"}}); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("a bad id: %d", r.StatusCode)
	}
	if r := gw.PostForm("/patrol/start", url.Values{"node_id": {fmt.Sprint(e.GridA.ID)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("start: %d %s", r.StatusCode, r.Body)
	}
	// A second tap lands on the open patrol.
	if r := gw.PostForm("/patrol/start", url.Values{"node_id": {fmt.Sprint(e.GridA.ID)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("second start: %d", r.StatusCode)
	}
	wp, err := e.DB.PrincipalFor(context.Background(), e.Users[webtest.GridWorkerA].ID)
	if err != nil {
		t.Fatal(err)
	}
	open, err := e.DB.OpenPatrol(context.Background(), wp)
	if err != nil || open == nil {
		t.Fatalf("open patrol %v %v", open, err)
	}
	p := open.ID
	r = gw.Get("/patrol")
	for _, want := range []string{`data-patrol=`, `/report?source=patrol&amp;patrol=` + fmt.Sprint(p), `action="/patrol/` + fmt.Sprint(p) + `/end"`, "结束巡查"} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("live page lacks %s", want)
		}
	}
	e.DB.Clock.Advance(35 * time.Minute)
	if r := gw.PostForm(fmt.Sprintf("/patrol/%d/end", p), url.Values{"note": {strings.Repeat("长", 501)}}); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "aria-invalid") {
		t.Fatalf("a long note: %d", r.StatusCode)
	}
	if r := gw.PostForm(fmt.Sprintf("/patrol/%d/end", p), url.Values{"note": {"正常"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("end: %d", r.StatusCode)
	}
	if r := gw.PostForm(fmt.Sprintf("/patrol/%d/end", p), url.Values{}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("ending twice lands on the page: %d", r.StatusCode)
	}
	if r := gw.Get("/patrol"); !strings.Contains(r.Body, "上一次巡查") {
		t.Fatalf("no summary of the last patrol")
	}

	staff := e.Login(webtest.StaffA)
	r = staff.Get(fmt.Sprintf("/patrols?node=%d", e.StreetA.ID))
	for _, want := range []string{"平江路第1网格", "1 / 2", "未达标", `data-coverage=`} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("coverage lacks %s: %s", want, snippet(r.Body))
		}
	}
	r = staff.Get(fmt.Sprintf("/patrols?node=%d", e.GridA.ID))
	if !strings.Contains(r.Body, fmt.Sprintf(`href="/patrols/%d"`, p)) || !strings.Contains(r.Body, "计入") {
		t.Fatalf("grid page lacks the patrol")
	}
	if r := staff.Get(fmt.Sprintf("/patrols/%d", p)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "data-track=") || !strings.Contains(r.Body, "正常") {
		t.Fatalf("patrol page: %d", r.StatusCode)
	}
	if r := staff.Get("/patrols?day=someday"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("a bad day: %d", r.StatusCode)
	}
	if r := e.Login(webtest.StaffB).Get(fmt.Sprintf("/patrols/%d", p)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another street: %d", r.StatusCode)
	}
	if r := e.Login(webtest.HandlerA).Get("/patrols"); r.StatusCode != http.StatusForbidden {
		t.Fatalf("a handler: %d", r.StatusCode)
	}
}
