package web_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

type similarJSON struct {
	Items []struct {
		Ticket       string `json:"ticket"`
		CategoryName string `json:"category_name"`
		StatusText   string `json:"status_text"`
		DistanceM    int    `json:"distance_m"`
		ReportedOn   string `json:"reported_on"`
		Mine         bool   `json:"mine"`
		TrackURL     string `json:"track_url"`
		Description  string `json:"description"`
		ID           int64  `json:"id"`
		URL          string `json:"url"`
	} `json:"items"`
	RadiusM int `json:"radius_m"`
}

// similarPoint is inside grid A of casesEnv; the drafts are asked about 33 m east of it.
var similarPoint = map[string]any{"lat": 31.302, "lng": 120.602}

func similarDraft(e *webtest.Env, mod map[string]any) map[string]any {
	b := map[string]any{"category_id": testCategoryID(e), "description": "消防通道被车辆堵住了",
		"location": map[string]any{"lat": 31.302, "lng": 120.60235}}
	for k, v := range mod {
		if v == nil {
			delete(b, k)
		} else {
			b[k] = v
		}
	}
	return b
}

// TestSimilarDraftTells: a report being written is answered with the open case nearby
// it may repeat; what of the case each caller learns depends on who they are.
func TestSimilarDraftTells(t *testing.T) {
	e := casesEnv(t)
	anonCase := decode[intakeJSON](t, e.Anon().JSON("POST", "/api/v1/cases", map[string]any{"category_id": testCategoryID(e),
		"description": "消防通道被车辆堵塞，502 王阿姨 13912345678", "location": similarPoint}))
	resident := e.Login(webtest.ResidentPh)
	ownCase := decode[intakeJSON](t, resident.JSON("POST", "/api/v1/cases", map[string]any{"category_id": testCategoryID(e),
		"description": "消防通道被车辆堵住", "location": similarPoint}))
	if anonCase.Case.Ticket == "" || ownCase.Case.Ticket == "" {
		t.Fatal("the cases were not reported")
	}
	today := e.DB.Clock.Now().In(calendar.Location).Format("2006-01-02")
	tests := []struct {
		name   string
		who    *webtest.Client
		open   bool // gets the case's id and page
		ownIdx int  // the index of the caller's own case, or -1
	}{
		{"anonymous", e.Anon(), false, -1},
		{"the reporter of one", resident, false, 0},
		{"staff in reach", e.Login(webtest.StaffA), true, -1},
		{"the grid worker of the grid", e.Login(webtest.GridWorkerA), true, -1},
		{"staff of the other street", e.Login(webtest.StaffB), false, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.who.JSON("POST", "/api/v1/cases/similar", similarDraft(e, nil))
			if r.StatusCode != http.StatusOK {
				t.Fatalf("%d %s", r.StatusCode, snippet(r.Body))
			}
			got := decode[similarJSON](t, r)
			if len(got.Items) != 2 || got.RadiusM != 100 {
				t.Fatalf("got %+v, want both cases within 100 m", got)
			}
			for i, it := range got.Items {
				want := []intakeJSON{ownCase, anonCase}[i] // the more alike first
				if it.Ticket != want.Case.Ticket || it.CategoryName != "占用消防通道" || it.StatusText == "" || it.ReportedOn != today {
					t.Errorf("item %d = %+v, want %s", i, it, want.Case.Ticket)
				}
				if tt.open != (it.ID == want.Case.ID && it.URL == "/cases/"+strconv.FormatInt(want.Case.ID, 10)) {
					t.Errorf("item %d: id %d url %q, staff in reach only", i, it.ID, it.URL)
				}
				own := i == tt.ownIdx
				if own != it.Mine || own != strings.HasPrefix(it.TrackURL, "/t/"+want.Case.Ticket+"?k=") {
					t.Errorf("item %d: mine %v track %q, the caller's own case only", i, it.Mine, it.TrackURL)
				}
				if !own && strings.Contains(it.StatusText, "您的") {
					t.Errorf("item %d: another's case is told as the caller's: %q", i, it.StatusText)
				}
				if (tt.open || own) != (it.Description == want.Case.Description) {
					t.Errorf("item %d: description %q to %s", i, it.Description, tt.name)
				}
				if d := it.DistanceM; d < 30 || d > 36 || (!tt.open && d%10 != 0) {
					t.Errorf("item %d: %d m away", i, d)
				}
			}
			if !tt.open && strings.Contains(r.Body, "13912345678") {
				t.Errorf("another resident's phone number leaked: %s", r.Body)
			}
		})
	}
	t.Run("nothing alike", func(t *testing.T) {
		got := decode[similarJSON](t, e.Anon().JSON("POST", "/api/v1/cases/similar", similarDraft(e, map[string]any{"description": "路灯坏了"})))
		if len(got.Items) != 0 {
			t.Errorf("got %+v", got)
		}
	})
}

// TestSimilarDraftFromDoorPlate: a draft from a scanned door plate is measured from the
// plate's building.
func TestSimilarDraftFromDoorPlate(t *testing.T) {
	e := casesEnv(t)
	b, err := e.DB.CreateBuilding(treeCtx, e.Sys, register.BuildingInput{NodeID: e.GridA.ID, Name: "3幢", Address: "平江路 3幢",
		FloorsAbove: 6, FloorsBelow: 1, Kind: register.Residential, Location: &geo.Point{Lng: 120.6021, Lat: 31.3021}})
	if err != nil {
		t.Fatal(err)
	}
	h := bldgHouse(t, e, b, "2", 5, "502", register.SelfOccupied)
	in := decode[intakeJSON](t, e.Anon().JSON("POST", "/api/v1/cases", map[string]any{"category_id": testCategoryID(e),
		"description": "消防通道被车辆堵塞", "location": similarPoint}))
	got := decode[similarJSON](t, e.Anon().JSON("POST", "/api/v1/cases/similar", similarDraft(e, map[string]any{"location": nil, "plate_code": h.Code})))
	if len(got.Items) != 1 || got.Items[0].Ticket != in.Case.Ticket {
		t.Errorf("got %+v, want %s", got, in.Case.Ticket)
	}
}

func TestSimilarDraftBadInput(t *testing.T) {
	e := casesEnv(t)
	tree, err := e.DB.Categories(treeCtx)
	if err != nil {
		t.Fatal(err)
	}
	major := tree.Major(tree.ByID(testCategoryID(e))).ID
	hotline := tree.ByCode(cases.HotlineKind, "0101").ID
	tests := []struct {
		name  string
		who   string // "" anonymous
		lang  string
		body  any
		field string
		msg   string // in the caller's language
	}{
		{"no category", "", "", similarDraft(e, map[string]any{"category_id": nil}), "category_id", "必填"},
		{"no category, in English", "", "en", similarDraft(e, map[string]any{"category_id": nil}), "category_id", "Required"},
		{"a major class", "", "", similarDraft(e, map[string]any{"category_id": major}), "category_id", "请选择有效的问题小类"},
		{"a hotline class from a resident", webtest.ResidentPh, "", similarDraft(e, map[string]any{"category_id": hotline}), "category_id", "请选择有效的问题小类"},
		{"an unknown class", "", "en", similarDraft(e, map[string]any{"category_id": 987654}), "category_id", "Choose a valid minor category"},
		{"no description", "", "", similarDraft(e, map[string]any{"description": "  "}), "description", "必填"},
		{"too long a description", "", "en", similarDraft(e, map[string]any{"description": strings.Repeat("堵", 2001)}), "description", "At most 2000 characters"},
		{"nowhere", "", "", similarDraft(e, map[string]any{"location": nil}), "location", "请使用定位、在地图上选点或扫描门牌"},
		{"nowhere, in English", "", "en", similarDraft(e, map[string]any{"location": nil}), "location", "Use your location"},
		{"an address is not a place on the map", "", "", similarDraft(e, map[string]any{"location": nil, "address": "平江路 1 号"}), "address", ""},
		{"off the globe", "", "", similarDraft(e, map[string]any{"location": map[string]any{"lat": 95, "lng": 120}}), "location", "位置坐标无效"},
		{"null island", "", "en", similarDraft(e, map[string]any{"location": map[string]any{"lat": 0, "lng": 0}}), "location", "The location is not a valid point"},
		{"an unknown coordinate system", "", "", similarDraft(e, map[string]any{"location": map[string]any{"lat": 31.3, "lng": 120.6, "crs": "mars"}}), "location.crs", ""},
		{"coordinates as text", "", "", similarDraft(e, map[string]any{"location": map[string]any{"lat": "north", "lng": 120.6}}), "location.lat", ""},
		{"an unknown door plate", "", "", similarDraft(e, map[string]any{"location": nil, "plate_code": "ZZZZZZZZZZ"}), "plate_code", "未找到这个门牌"},
		{"not JSON", "", "", "{category_id: 1", "", "JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := e.Anon()
			if tt.who != "" {
				c = e.Login(tt.who)
			}
			c.Lang = tt.lang
			r := c.JSON("POST", "/api/v1/cases/similar", tt.body)
			if r.StatusCode != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", r.StatusCode, snippet(r.Body))
			}
			if tt.field != "" && !strings.Contains(r.Body, `"`+tt.field+`":`) {
				t.Errorf("the error does not name %s: %s", tt.field, r.Body)
			}
			if !strings.Contains(r.Body, tt.msg) {
				t.Errorf("the error does not say %q: %s", tt.msg, r.Body)
			}
		})
	}
	t.Run("staff taking calls may use the hotline's classes", func(t *testing.T) {
		if r := e.Login(webtest.StaffA).JSON("POST", "/api/v1/cases/similar", similarDraft(e, map[string]any{"category_id": hotline})); r.StatusCode != http.StatusOK {
			t.Errorf("%d %s", r.StatusCode, snippet(r.Body))
		}
	})
}

// TestSimilarDraftLimited: those who may not see cases ask a bounded number of times an
// hour, as they report; staff are not held back, nor is the report itself.
func TestSimilarDraftLimited(t *testing.T) {
	e := casesEnv(t)
	anon := e.Anon()
	n := 0
	for ; n < 200; n++ {
		if r := anon.JSON("POST", "/api/v1/cases/similar", similarDraft(e, nil)); r.StatusCode == http.StatusTooManyRequests {
			if !strings.Contains(r.Body, "操作过于频繁") {
				t.Errorf("429 says %s", r.Body)
			}
			break
		} else if r.StatusCode != http.StatusOK {
			t.Fatalf("ask %d: %d %s", n, r.StatusCode, snippet(r.Body))
		}
	}
	if n != 120 {
		t.Errorf("limited after %d, want 120", n)
	}
	if r := e.Login(webtest.StaffA).JSON("POST", "/api/v1/cases/similar", similarDraft(e, nil)); r.StatusCode != http.StatusOK {
		t.Errorf("staff: %d", r.StatusCode)
	}
	if r := anon.JSON("POST", "/api/v1/cases", map[string]any{"category_id": testCategoryID(e), "description": "消防通道被堵", "location": similarPoint}); r.StatusCode != http.StatusCreated {
		t.Errorf("the report after the suggestions ran out: %d %s", r.StatusCode, snippet(r.Body))
	}
	e.DB.Clock.Advance(time.Hour + time.Minute)
	if r := anon.JSON("POST", "/api/v1/cases/similar", similarDraft(e, nil)); r.StatusCode != http.StatusOK {
		t.Errorf("an hour later: %d", r.StatusCode)
	}
}

// TestReportFormHasRoomForSuggestions: the report form carries the place report.js
// fills with the cases nearby, hidden until there are some (and so without script), in
// words for residents or for staff.
func TestReportFormHasRoomForSuggestions(t *testing.T) {
	e, _ := reportEnv(t)
	tests := []struct {
		who, want, not string
	}{
		{"", "您不用再报", "可以先打开看看"},
		{webtest.ResidentPh, "您不用再报", "可以先打开看看"},
		{webtest.GridWorkerA, "可以先打开看看", "您不用再报"},
		{webtest.StaffA, "可以先打开看看", "您不用再报"},
	}
	for _, tt := range tests {
		c := e.Anon()
		if tt.who != "" {
			c = e.Login(tt.who)
		}
		r := c.Get("/report")
		treeWantStatus(t, r, 200)
		treeWantBody(t, r, `id="rp-similar" aria-labelledby="rp-similar-h" aria-live="polite" hidden data-similar="/api/v1/cases/similar"`,
			"附近已有人反映过类似问题", tt.want, "编号 %s")
		treeWantNoBody(t, r, tt.not)
	}
}
