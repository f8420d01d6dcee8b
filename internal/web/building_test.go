package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// bldgNew adds a building to a grid as the system.
func bldgNew(t *testing.T, e *webtest.Env, nodeID int64, name string, floors int) *register.Building {
	t.Helper()
	b, err := e.DB.CreateBuilding(treeCtx, e.Sys, register.BuildingInput{NodeID: nodeID, Name: name, Address: "平江路 " + name,
		FloorsAbove: floors, FloorsBelow: 1, Kind: register.Residential})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// bldgHouse adds a house as the system.
func bldgHouse(t *testing.T, e *webtest.Env, b *register.Building, unit string, floor int, room string, use register.HouseUse) *register.House {
	t.Helper()
	h, err := e.DB.CreateHouse(treeCtx, e.Sys, register.HouseInput{BuildingID: b.ID, Unit: unit, Floor: floor, Room: room, Area: 72.5,
		Use: use, OwnerName: "王业主"})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

type bldgJSON struct {
	ID          int64  `json:"id"`
	NodeID      int64  `json:"node_id"`
	Name        string `json:"name"`
	KindName    string `json:"kind_name"`
	FloorsAbove int    `json:"floors_above"`
	Version     int    `json:"version"`
	Retired     bool   `json:"retired"`
	Location    *struct {
		Lng, Lat float64
	} `json:"location"`
}

type bldgList struct {
	Items     []bldgJSON `json:"items"`
	NextAfter int64      `json:"next_after"`
}

func TestBuildingAPI(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.GridWorkerA)
	r := c.JSON("POST", "/api/v1/buildings", map[string]any{"node_id": e.GridA.ID, "name": "12幢", "address": "平江路 12 号",
		"floors_above": 6, "floors_below": 1, "kind": "residential", "location": map[string]any{"lng": 120.63, "lat": 31.31}})
	treeWantStatus(t, r, http.StatusCreated)
	var b bldgJSON
	r.JSON(t, &b)
	if b.Name != "12幢" || b.Version != 1 || b.Location == nil || b.KindName != "住宅" || r.Header.Get("Location") != fmt.Sprintf("/api/v1/buildings/%d", b.ID) {
		t.Fatalf("created %+v %s", b, r.Header.Get("Location"))
	}

	bad := []struct {
		name   string
		body   map[string]any
		status int
		field  string
	}{
		{"no floors", map[string]any{"node_id": e.GridA.ID, "name": "1幢", "address": "x", "kind": "residential"}, 400, "floors_above"},
		{"floors over 200", map[string]any{"node_id": e.GridA.ID, "name": "1幢", "address": "x", "floors_above": 201, "kind": "residential"}, 400, "floors_above"},
		{"unknown kind", map[string]any{"node_id": e.GridA.ID, "name": "1幢", "address": "x", "floors_above": 3, "kind": "castle"}, 400, "kind"},
		{"duplicate name", map[string]any{"node_id": e.GridA.ID, "name": "12幢", "address": "x", "floors_above": 3, "kind": "residential"}, 400, "name"},
		{"location in New York", map[string]any{"node_id": e.GridA.ID, "name": "1幢", "address": "x", "floors_above": 3, "kind": "residential",
			"location": map[string]any{"lng": -73.98, "lat": 40.75}}, 400, "location"},
		{"a community, not a grid", map[string]any{"node_id": e.CommA.ID, "name": "1幢", "address": "x", "floors_above": 3, "kind": "residential"}, 404, ""},
		{"another street's grid", map[string]any{"node_id": e.GridB.ID, "name": "1幢", "address": "x", "floors_above": 3, "kind": "residential"}, 404, ""},
		{"an unknown field", map[string]any{"node_id": e.GridA.ID, "name": "1幢", "address": "x", "floors_above": 3, "kind": "residential", "colour": "red"}, 400, "colour"},
		{"floors as text", map[string]any{"node_id": e.GridA.ID, "name": "1幢", "address": "x", "floors_above": "six", "kind": "residential"}, 400, "floors_above"},
	}
	for _, tt := range bad {
		r := c.JSON("POST", "/api/v1/buildings", tt.body)
		if r.StatusCode != tt.status && !(tt.name == "a community, not a grid" && r.StatusCode == 400) {
			t.Errorf("%s: status %d, want %d: %s", tt.name, r.StatusCode, tt.status, snippet(r.Body))
			continue
		}
		if tt.field != "" {
			if got := treeDecodeErr(t, r).Error.Fields[tt.field]; got == "" {
				t.Errorf("%s: no message for %s: %s", tt.name, tt.field, r.Body)
			}
		}
	}
	if got := treeDecodeErr(t, c.JSON("POST", "/api/v1/buildings", map[string]any{"node_id": e.GridA.ID, "name": "1幢", "address": "x",
		"floors_above": 3, "kind": "residential", "location": map[string]any{"lng": -73.98, "lat": 40.75}})).Error.Fields["location"]; !strings.Contains(got, "中国") {
		t.Errorf("outside China says %q", got)
	}

	// Houses on floors 5 and −1 hold the floors they stand on.
	bldgHouse(t, e, &register.Building{ID: b.ID}, "1", 5, "501", register.Rented)
	bldgHouse(t, e, &register.Building{ID: b.ID}, "", -1, "B01", register.OtherUse)
	patch := func(body map[string]any) *webtest.Response {
		return c.JSON("PATCH", fmt.Sprintf("/api/v1/buildings/%d", b.ID), body)
	}
	r = patch(map[string]any{"version": 1, "name": "12幢东"})
	treeWantStatus(t, r, 200)
	r.JSON(t, &b)
	if b.Name != "12幢东" || b.Version != 2 || b.FloorsAbove != 6 || b.Location == nil {
		t.Fatalf("patched %+v", b)
	}
	r = patch(map[string]any{"version": 1, "name": "12幢西"})
	treeWantStatus(t, r, http.StatusConflict)
	if msg := treeDecodeErr(t, r).Error.Message; !strings.Contains(msg, "已被他人修改") {
		t.Errorf("conflict says %q", msg)
	}
	for name, body := range map[string]map[string]any{
		"floors below a house":  {"version": 2, "floors_above": 4},
		"basement with a house": {"version": 2, "floors_below": 0},
		"outside China":         {"version": 2, "location": map[string]any{"lng": 2.35, "lat": 48.85}},
		"no version":            {"name": "x"},
	} {
		if r := patch(body); r.StatusCode != 400 {
			t.Errorf("%s: status %d %s", name, r.StatusCode, snippet(r.Body))
		}
	}
	if f := treeDecodeErr(t, patch(map[string]any{"version": 2, "floors_above": 4})).Error.Fields["floors_above"]; !strings.Contains(f, "1 套") {
		t.Errorf("lowering the floors says %q", f)
	}
	r = c.JSON("POST", fmt.Sprintf("/api/v1/buildings/%d/retire", b.ID), map[string]any{"version": 2})
	treeWantStatus(t, r, http.StatusConflict)
	if msg := treeDecodeErr(t, r).Error.Message; !strings.Contains(msg, "2 套") {
		t.Errorf("retire with houses says %q", msg)
	}

	// Scope: another street sees nothing of it.
	other := e.Login(webtest.StaffB)
	for _, path := range []string{"", "/history", "/houses", "/plates.svg", "/plates.html"} {
		if r := other.Get(fmt.Sprintf("/api/v1/buildings/%d%s", b.ID, path)); r.StatusCode != 404 {
			t.Errorf("another street GET %s: %d", path, r.StatusCode)
		}
	}
	if r := other.JSON("PATCH", fmt.Sprintf("/api/v1/buildings/%d", b.ID), map[string]any{"version": 2, "name": "x"}); r.StatusCode != 404 {
		t.Errorf("another street PATCH: %d", r.StatusCode)
	}
	if r := other.JSON("POST", fmt.Sprintf("/api/v1/buildings/%d/retire", b.ID), map[string]any{"version": 2}); r.StatusCode != 404 {
		t.Errorf("another street retires: %d", r.StatusCode)
	}

	// Lists: filters and keyset pages.
	for i := 0; i < 4; i++ {
		bldgNew(t, e, e.GridA.ID, fmt.Sprintf("商%d", i), 2)
	}
	var l bldgList
	r = c.Get("/api/v1/buildings?limit=2")
	treeWantStatus(t, r, 200)
	r.JSON(t, &l)
	if len(l.Items) != 2 || l.NextAfter != l.Items[1].ID {
		t.Fatalf("first page %+v", l)
	}
	seen := len(l.Items)
	for l.NextAfter != 0 {
		after := l.NextAfter
		l = bldgList{}
		c.Get(fmt.Sprintf("/api/v1/buildings?limit=2&after=%d", after)).JSON(t, &l)
		seen += len(l.Items)
	}
	if seen != 5 {
		t.Errorf("pages held %d buildings", seen)
	}
	l = bldgList{}
	c.Get("/api/v1/buildings?q="+"%E5%95%86").JSON(t, &l) // 商
	if len(l.Items) != 4 {
		t.Errorf("name contains 商: %d", len(l.Items))
	}
	for _, q := range []string{"?kind=castle", "?limit=501", "?after=x", "?include_retired=perhaps"} {
		if r := c.Get("/api/v1/buildings" + q); r.StatusCode != 400 {
			t.Errorf("%s: %d", q, r.StatusCode)
		}
	}
	if r := c.Get(fmt.Sprintf("/api/v1/buildings?under=%d", e.GridB.ID)); r.StatusCode != 404 {
		t.Errorf("under another grid: %d", r.StatusCode)
	}

	var hist struct {
		Items []struct {
			Action  string   `json:"action"`
			Changes []string `json:"changes"`
		} `json:"items"`
	}
	c.Get(fmt.Sprintf("/api/v1/buildings/%d/history", b.ID)).JSON(t, &hist)
	if len(hist.Items) != 2 || hist.Items[0].Action != "building.update" || len(hist.Items[0].Changes) != 1 || !strings.Contains(hist.Items[0].Changes[0], "12幢 → 12幢东") {
		t.Errorf("history %+v", hist)
	}
}

type houseJSONResp struct {
	ID        int64   `json:"id"`
	Code      string  `json:"code"`
	PlatePath string  `json:"plate_path"`
	Floor     int     `json:"floor"`
	Area      float64 `json:"area"`
	Use       string  `json:"use"`
	Version   int     `json:"version"`
	Retired   bool    `json:"retired"`
}

func TestHouseAPI(t *testing.T) {
	e := webtest.New(t)
	b := bldgNew(t, e, e.GridA.ID, "3幢", 6)
	bB := bldgNew(t, e, e.GridB.ID, "南1幢", 6)
	c := e.Login(webtest.StaffCommA)
	r := c.JSON("POST", "/api/v1/houses", map[string]any{"building_id": b.ID, "unit": "1", "floor": 3, "room": "301", "area": 88.5, "use": "rented"})
	treeWantStatus(t, r, http.StatusCreated)
	var h houseJSONResp
	r.JSON(t, &h)
	if len(h.Code) != 10 || h.PlatePath != "/h/"+h.Code || h.Area != 88.5 {
		t.Fatalf("created %+v", h)
	}
	bad := []struct {
		name   string
		body   map[string]any
		status int
		field  string
		msg    string
	}{
		{"floor outside the building", map[string]any{"building_id": b.ID, "floor": 7, "room": "701", "area": 50, "use": "rented"}, 400, "floor", "地上 6 层"},
		{"floor zero", map[string]any{"building_id": b.ID, "floor": 0, "room": "001", "area": 50, "use": "rented"}, 400, "floor", ""},
		{"area zero", map[string]any{"building_id": b.ID, "floor": 1, "room": "101", "area": 0, "use": "rented"}, 400, "area", "大于 0"},
		{"negative area", map[string]any{"building_id": b.ID, "floor": 1, "room": "101", "area": -5, "use": "rented"}, 400, "area", ""},
		{"unknown use", map[string]any{"building_id": b.ID, "floor": 1, "room": "101", "area": 50, "use": "hotel"}, 400, "use", "请选择"},
		{"duplicate room", map[string]any{"building_id": b.ID, "unit": "1", "floor": 3, "room": "301", "area": 50, "use": "rented"}, 400, "room", "已有相同"},
		{"no room", map[string]any{"building_id": b.ID, "floor": 1, "area": 50, "use": "rented"}, 400, "room", "必填"},
		{"another street's building", map[string]any{"building_id": bB.ID, "floor": 1, "room": "101", "area": 50, "use": "rented"}, 404, "", ""},
		{"no building", map[string]any{"floor": 1, "room": "101", "area": 50, "use": "rented"}, 400, "building_id", ""},
	}
	for _, tt := range bad {
		r := c.JSON("POST", "/api/v1/houses", tt.body)
		if r.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d: %s", tt.name, r.StatusCode, tt.status, snippet(r.Body))
			continue
		}
		if tt.field != "" {
			if got := treeDecodeErr(t, r).Error.Fields[tt.field]; got == "" || !strings.Contains(got, tt.msg) {
				t.Errorf("%s: %s says %q", tt.name, tt.field, got)
			}
		}
	}

	path := fmt.Sprintf("/api/v1/houses/%d", h.ID)
	r = c.JSON("PATCH", path, map[string]any{"version": 1, "use": "vacant", "area": 90})
	treeWantStatus(t, r, 200)
	r.JSON(t, &h)
	if h.Use != "vacant" || h.Area != 90 || h.Version != 2 {
		t.Fatalf("patched %+v", h)
	}
	for name, tt := range map[string]struct {
		body   map[string]any
		status int
	}{
		"stale version":      {map[string]any{"version": 1, "area": 91}, 409},
		"floor 9 of 6":       {map[string]any{"version": 2, "floor": 9}, 400},
		"area below zero":    {map[string]any{"version": 2, "area": -1}, 400},
		"unknown use":        {map[string]any{"version": 2, "use": "castle"}, 400},
		"another building":   {map[string]any{"version": 2, "building_id": bB.ID}, 404},
		"a missing building": {map[string]any{"version": 2, "building_id": 999999}, 404},
	} {
		if r := c.JSON("PATCH", path, tt.body); r.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d: %s", name, r.StatusCode, tt.status, snippet(r.Body))
		}
	}

	other := e.Login(webtest.StaffB)
	for _, p := range []string{path, path + "/history", fmt.Sprintf("/api/v1/houses?building=%d", b.ID)} {
		if r := other.Get(p); r.StatusCode != 404 {
			t.Errorf("another street GET %s: %d", p, r.StatusCode)
		}
	}
	var l struct {
		Items     []houseJSONResp `json:"items"`
		NextAfter int64           `json:"next_after"`
	}
	other.Get("/api/v1/houses").JSON(t, &l)
	if len(l.Items) != 0 {
		t.Errorf("another street lists %d houses", len(l.Items))
	}

	bldgHouse(t, e, b, "2", 1, "101", register.Rented)
	bldgHouse(t, e, b, "2", 2, "201", register.SelfOccupied)
	for q, want := range map[string]int{"": 3, "?use=rented": 1, "?use=vacant": 1, "?unit=2": 2, fmt.Sprintf("?building=%d&unit=2&use=rented", b.ID): 1,
		"?q=" + h.Code: 1, "?limit=1": 1} {
		l.Items = nil
		c.Get("/api/v1/houses"+q).JSON(t, &l)
		if len(l.Items) != want {
			t.Errorf("houses%s: %d, want %d", q, len(l.Items), want)
		}
	}
	for _, q := range []string{"?use=hotel", "?building=x", "?limit=1000"} {
		if r := c.Get("/api/v1/houses" + q); r.StatusCode != 400 {
			t.Errorf("%s: %d", q, r.StatusCode)
		}
	}
	l.Items = nil
	c.Get(fmt.Sprintf("/api/v1/buildings/%d/houses", b.ID)).JSON(t, &l)
	if len(l.Items) != 3 || l.Items[0].Floor != 3 {
		t.Errorf("the building's houses by unit: %+v", l.Items)
	}

	r = c.JSON("POST", path+"/retire", map[string]any{"version": 2})
	treeWantStatus(t, r, 200)
	r.JSON(t, &h)
	if !h.Retired {
		t.Fatal("not retired")
	}
	if r := c.JSON("POST", path+"/retire", map[string]any{"version": 3}); r.StatusCode != 409 {
		t.Errorf("retire twice: %d", r.StatusCode)
	}
	if r := c.JSON("POST", path+"/restore", map[string]any{"version": 2}); r.StatusCode != 409 {
		t.Errorf("restore with a stale version: %d", r.StatusCode)
	}
	treeWantStatus(t, c.JSON("POST", path+"/restore", map[string]any{"version": 3}), 200)
	var hist struct {
		Items []struct {
			Action string `json:"action"`
		} `json:"items"`
	}
	c.Get(path+"/history").JSON(t, &hist)
	if len(hist.Items) != 4 || hist.Items[0].Action != "house.restore" {
		t.Errorf("history %+v", hist)
	}
	if strings.Contains(c.Get(path+"/history").Body, "王") {
		t.Error("the history holds the owner's name")
	}
}

func TestDoorPlates(t *testing.T) {
	e := webtest.NewWith(t, func(c *web.Config) { c.PublicURL = "https://shequ.example.cn" })
	b := bldgNew(t, e, e.GridA.ID, "7幢", 6)
	var hs []*register.House
	for i := 1; i <= 9; i++ {
		hs = append(hs, bldgHouse(t, e, b, "1", 1+i%6, fmt.Sprintf("%d0%d", 1+i%6, i), register.SelfOccupied))
	}
	c := e.Login(webtest.GridWorkerA)

	r := c.Get(fmt.Sprintf("/api/v1/buildings/%d/plates.svg?page=2", b.ID))
	treeWantStatus(t, r, 200)
	if r.Header.Get("Content-Type") != "image/svg+xml" || r.Header.Get("X-Total-Pages") != "2" || !strings.HasPrefix(r.Body, "<?xml") {
		t.Errorf("page 2: %s %s", r.Header.Get("Content-Type"), r.Header.Get("X-Total-Pages"))
	}
	for _, q := range []string{"?page=3", "?page=x"} {
		if r := c.Get(fmt.Sprintf("/api/v1/buildings/%d/plates.svg%s", b.ID, q)); r.StatusCode != 400 {
			t.Errorf("%s: %d", q, r.StatusCode)
		}
	}
	empty := bldgNew(t, e, e.GridA.ID, "空楼", 3)
	if r := c.Get(fmt.Sprintf("/api/v1/buildings/%d/plates.svg", empty.ID)); r.StatusCode != 400 || !strings.Contains(r.Body, "还没有房屋") {
		t.Errorf("a building without houses: %d %s", r.StatusCode, r.Body)
	}

	r = c.Get(fmt.Sprintf("/registers/buildings/%d/plates", b.ID))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "<!DOCTYPE html>", `class="page"`, "A4", hs[0].Code[:5]+"-"+hs[0].Code[5:])
	if n := strings.Count(r.Body, `<div class="page">`); n != 2 {
		t.Errorf("%d pages in the printable sheet", n)
	}
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "style-src 'sha256-") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("sheet CSP %q", csp)
	}

	// The QR codes point at the configured public address.
	r = c.Get(fmt.Sprintf("/registers/houses/%d", hs[0].ID))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "https://shequ.example.cn/h/"+hs[0].Code, fmt.Sprintf(`/registers/houses/%d/plate.svg`, hs[0].ID))
	r = c.Get(fmt.Sprintf("/registers/houses/%d/plate.svg", hs[0].ID))
	treeWantStatus(t, r, 200)
	if r.Header.Get("Content-Type") != "image/svg+xml" {
		t.Errorf("plate type %s", r.Header.Get("Content-Type"))
	}
	if r := e.Login(webtest.StaffB).Get(fmt.Sprintf("/registers/houses/%d/plate.svg", hs[0].ID)); r.StatusCode != 404 {
		t.Errorf("another street's plate: %d", r.StatusCode)
	}
}

func TestDoorPlatesDefaultToTheRequestHost(t *testing.T) {
	e := webtest.New(t)
	b := bldgNew(t, e, e.GridA.ID, "8幢", 3)
	h := bldgHouse(t, e, b, "", 1, "101", register.Vacant)
	r := e.Login(webtest.StaffA).Get(fmt.Sprintf("/registers/houses/%d", h.ID))
	treeWantBody(t, r, e.HTTP.URL+"/h/"+h.Code)
}

func TestPublicPlatePage(t *testing.T) {
	e := webtest.New(t)
	b := bldgNew(t, e, e.GridA.ID, "9幢", 6)
	h := bldgHouse(t, e, b, "2", 3, "302", register.Rented)
	gone := bldgHouse(t, e, b, "2", 3, "303", register.Rented)
	if err := e.DB.RetireHouse(treeCtx, e.Sys, gone.ID, gone.Version); err != nil {
		t.Fatal(err)
	}
	anon := e.Anon()
	r := anon.Get("/h/" + h.Code)
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "平江路 9幢", "9幢 2单元 302室", "反映", `class="plate-address"`)
	treeWantNoBody(t, r, "王业主", "/registers/houses/", "<form")
	if cc := r.Header.Get("Cache-Control"); cc != "public, max-age=300" {
		t.Errorf("anonymous Cache-Control %q", cc)
	}
	// A code typed by hand: lower case, a dash, O for 0.
	typed := strings.ToLower(h.Code[:5] + "-" + h.Code[5:])
	treeWantStatus(t, anon.Get("/h/"+strings.ReplaceAll(typed, "0", "o")), 200)

	for _, code := range []string{gone.Code, "ZZZZZZZZZZ", "short", "not a code at all"} {
		r := anon.Get("/h/" + strings.ReplaceAll(code, " ", "%20"))
		treeWantStatus(t, r, 404)
		treeWantBody(t, r, "找不到这块门牌", "核对门牌")
		treeWantNoBody(t, r, "平江路 9幢")
	}

	staff := e.Login(webtest.GridWorkerA)
	r = staff.Get("/h/" + h.Code)
	treeWantBody(t, r, fmt.Sprintf(`href="/registers/houses/%d"`, h.ID), "打开房屋档案")
	if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("signed-in Cache-Control %q", cc)
	}
	r = e.Login(webtest.StaffB).Get("/h/" + h.Code)
	treeWantStatus(t, r, 200)
	treeWantNoBody(t, r, "/registers/houses/")
	en := e.Anon()
	en.Lang = "en"
	treeWantBody(t, en.Get("/h/"+h.Code), "report")
}
