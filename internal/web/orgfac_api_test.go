package web_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// validUSCC is a credit code of an enterprise in 姑苏区 with its check character.
func validUSCC(t *testing.T, subject string) string {
	t.Helper()
	c, ok := register.USCCCheckChar("91320508" + subject)
	if !ok {
		t.Fatal(subject)
	}
	return "91320508" + subject + string(c)
}

type orgJSON struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	USCC     string `json:"uscc"`
	KindName string `json:"kind_name"`
	Version  int    `json:"version"`
	Contacts []struct {
		ID    int64  `json:"id"`
		Phone string `json:"phone"`
	} `json:"contacts"`
}

type facJSON struct {
	ID        int64  `json:"id"`
	Code      string `json:"code"`
	MinorName string `json:"minor_name"`
	Version   int    `json:"version"`
}

func TestOrganisationAPI(t *testing.T) {
	e := webtest.New(t)
	worker := e.Login(webtest.GridWorkerA)
	staff := e.Login(webtest.StaffA)
	code := validUSCC(t, "MA1N2P3Q4")
	r := worker.JSON("POST", "/api/v1/organisations", map[string]any{"node_id": e.GridA.ID, "kind": "property", "name": "平江物业",
		"uscc": code, "address": "平江路 100 号", "location": map[string]float64{"lng": 120.63, "lat": 31.31},
		"contacts": []map[string]string{{"name": "王经理", "phone": "13812345678", "role": "负责人"}}})
	if r.StatusCode != 201 {
		t.Fatalf("create %d %s", r.StatusCode, r.Body)
	}
	var o orgJSON
	r.JSON(t, &o)
	if o.KindName != "物业公司" || len(o.Contacts) != 1 || o.Contacts[0].Phone != "138****5678" || strings.Contains(r.Body, "13812345678") {
		t.Fatalf("created %s", r.Body)
	}
	wrong := code[:17] + map[bool]string{true: "1", false: "0"}[code[17] == '0']
	bad := []struct {
		name   string
		body   any
		status int
		field  string
		msg    string
	}{
		{"wrong check character", map[string]any{"node_id": e.GridA.ID, "kind": "enterprise", "name": "甲", "uscc": wrong, "address": "x"}, 400, "uscc", "校验位不符"},
		{"code missing for an enterprise", map[string]any{"node_id": e.GridA.ID, "kind": "enterprise", "name": "乙", "address": "x"}, 400, "uscc", "应填写统一社会信用代码"},
		{"the same code", map[string]any{"node_id": e.GridA.ID, "kind": "enterprise", "name": "丙", "uscc": code, "address": "x"}, 400, "uscc", "已有使用"},
		{"outside China", map[string]any{"node_id": e.GridA.ID, "kind": "other", "name": "丁", "address": "x", "location": map[string]float64{"lng": 2.35, "lat": 48.85}}, 400, "location", "不在中国境内"},
		{"a bad contact phone", map[string]any{"node_id": e.GridA.ID, "kind": "other", "name": "戊", "address": "x", "contacts": []map[string]string{{"name": "a", "phone": "123"}}}, 400, "contacts.0.phone", "手机号码或固定电话"},
		{"unknown field", `{"nodeid":1}`, 400, "nodeid", "不认识的字段"},
		{"a grid out of scope", map[string]any{"node_id": e.GridB.ID, "kind": "other", "name": "己", "address": "x"}, 404, "", ""},
	}
	for _, tt := range bad {
		r := worker.JSON("POST", "/api/v1/organisations", tt.body)
		if r.StatusCode != tt.status {
			t.Errorf("%s: %d %s", tt.name, r.StatusCode, r.Body)
			continue
		}
		if tt.field != "" {
			if b := usersErrOf(t, r); !strings.Contains(b.Error.Fields[tt.field], tt.msg) {
				t.Errorf("%s: %s", tt.name, r.Body)
			}
		}
	}
	path := fmt.Sprintf("/api/v1/organisations/%d", o.ID)
	if r := staff.Get(path); r.StatusCode != 200 {
		t.Errorf("read in scope %d", r.StatusCode)
	}
	if r := e.Login(webtest.Leader).Get(path); r.StatusCode != 403 && r.StatusCode != 404 {
		t.Errorf("leaders do not read registers: %d", r.StatusCode)
	}
	if r := worker.JSON("PATCH", path, map[string]any{"name": "平江物业管理有限公司", "version": o.Version}); r.StatusCode != 200 {
		t.Fatalf("patch %d %s", r.StatusCode, r.Body)
	}
	if r := worker.JSON("PATCH", path, map[string]any{"name": "又改", "version": o.Version}); r.StatusCode != 409 {
		t.Errorf("stale patch %d %s", r.StatusCode, r.Body)
	}
	// Listing and filters.
	for q, want := range map[string]int{"": 1, "?kind=property": 1, "?kind=social": 0, "?uscc=" + code: 1, "?q=物业": 1, "?q=nothing": 0} {
		var l struct {
			Organisations []orgJSON `json:"organisations"`
		}
		r := worker.Get("/api/v1/organisations" + q)
		r.JSON(t, &l)
		if r.StatusCode != 200 || len(l.Organisations) != want {
			t.Errorf("list %q: %d %s", q, r.StatusCode, r.Body)
		}
	}
	for _, q := range []string{"?kind=club", "?after=zzz", "?limit=501", fmt.Sprintf("?node=%d", e.GridB.ID)} {
		if r := worker.Get("/api/v1/organisations" + q); r.StatusCode != 400 && r.StatusCode != 404 {
			t.Errorf("list %q: %d", q, r.StatusCode)
		}
	}
	// Contacts and unmasking.
	r = worker.JSON("POST", path+"/contacts", map[string]string{"name": "值班室", "phone": "0512-65221234"})
	if r.StatusCode != 201 {
		t.Fatalf("add contact %d %s", r.StatusCode, r.Body)
	}
	if r := worker.JSON("POST", path+"/contacts", map[string]string{"name": "x", "phone": "12"}); r.StatusCode != 400 {
		t.Errorf("bad contact %d", r.StatusCode)
	}
	unmask := fmt.Sprintf("%s/contacts/%d/unmask", path, o.Contacts[0].ID)
	if r := worker.JSON("POST", unmask, map[string]string{"purpose": "核实"}); r.StatusCode != 403 {
		t.Errorf("grid worker unmask %d", r.StatusCode)
	}
	if r := staff.JSON("POST", unmask, map[string]string{"purpose": ""}); r.StatusCode != 400 {
		t.Errorf("unmask without purpose %d", r.StatusCode)
	}
	if r := staff.JSON("POST", unmask, map[string]string{"purpose": "消防检查"}); r.StatusCode != 200 || !strings.Contains(r.Body, "13812345678") {
		t.Errorf("unmask %d %s", r.StatusCode, r.Body)
	}
	if r := worker.Do("DELETE", fmt.Sprintf("%s/contacts/%d", path, o.Contacts[0].ID), "", nil); r.StatusCode != 204 {
		t.Errorf("remove contact %d", r.StatusCode)
	}
	// Retire and restore.
	if r := worker.JSON("POST", path+"/retire", map[string]int{"version": 1}); r.StatusCode != 409 {
		t.Errorf("stale retire %d", r.StatusCode)
	}
	if r := worker.Do("POST", path+"/retire", "", nil); r.StatusCode != 200 || !strings.Contains(r.Body, "retired_at") {
		t.Errorf("retire %d %s", r.StatusCode, r.Body)
	}
	if r := worker.Do("POST", path+"/restore", "", nil); r.StatusCode != 200 || strings.Contains(r.Body, "retired_at") {
		t.Errorf("restore %d %s", r.StatusCode, r.Body)
	}
}

func TestFacilityAPI(t *testing.T) {
	e := webtest.New(t)
	worker := e.Login(webtest.GridWorkerA)
	staffDist := e.Login(webtest.StaffDist)
	body := func(change func(m map[string]any)) map[string]any {
		m := map[string]any{"node_id": e.GridA.ID, "major": "01", "minor": "0101", "location": map[string]float64{"lng": 120.631, "lat": 31.316},
			"condition": "good", "owner_unit_id": e.UnitA.ID}
		change(m)
		return m
	}
	r := worker.JSON("POST", "/api/v1/facilities", body(func(map[string]any) {}))
	if r.StatusCode != 201 {
		t.Fatalf("create %d %s", r.StatusCode, r.Body)
	}
	var f facJSON
	r.JSON(t, &f)
	if f.Code != "3205080101000001" || f.MinorName != "上水井盖" {
		t.Fatalf("created %s", r.Body)
	}
	bad := []struct {
		name   string
		body   any
		status int
		field  string
	}{
		{"unknown class", body(func(m map[string]any) { m["minor"] = "0199" }), 400, "minor"},
		{"minor not in major", body(func(m map[string]any) { m["major"] = "02" }), 400, "minor"},
		{"code of the wrong form", body(func(m map[string]any) { m["code"] = "32050801" }), 400, "code"},
		{"code of another district", body(func(m map[string]any) { m["code"] = "3205070101000001" }), 400, "code"},
		{"outside China", body(func(m map[string]any) { m["location"] = map[string]float64{"lng": -73.99, "lat": 40.73} }), 400, "location"},
		{"no location", body(func(m map[string]any) { delete(m, "location") }), 400, "location"},
		{"bad condition", body(func(m map[string]any) { m["condition"] = "ok" }), 400, "condition"},
		{"two owners", body(func(m map[string]any) { m["owner_org_id"] = 1 }), 400, "owner_org_id"},
		{"grid out of scope", body(func(m map[string]any) { m["node_id"] = e.GridB.ID }), 404, ""},
	}
	for _, tt := range bad {
		r := worker.JSON("POST", "/api/v1/facilities", tt.body)
		if r.StatusCode != tt.status {
			t.Errorf("%s: %d %s", tt.name, r.StatusCode, r.Body)
			continue
		}
		if tt.field != "" {
			if b := usersErrOf(t, r); b.Error.Fields[tt.field] == "" {
				t.Errorf("%s: %s", tt.name, r.Body)
			}
		}
	}
	path := fmt.Sprintf("/api/v1/facilities/%d", f.ID)
	r = worker.JSON("PATCH", path, map[string]any{"minor": "0103", "version": f.Version})
	var f2 facJSON
	r.JSON(t, &f2)
	if r.StatusCode != 200 || f2.Code != "3205080103000001" {
		t.Fatalf("patch %d %s", r.StatusCode, r.Body)
	}
	if r := worker.JSON("PATCH", path, map[string]any{"condition": "damaged", "version": f.Version}); r.StatusCode != 409 {
		t.Errorf("stale %d", r.StatusCode)
	}
	if r := worker.Get(path); r.StatusCode != 200 {
		t.Errorf("get %d", r.StatusCode)
	}
	for q, want := range map[string]int{"?minor=0103": 200, "?major=09": 400, "?condition=x": 400, "?after=1.%21": 400} {
		if r := worker.Get("/api/v1/facilities" + q); r.StatusCode != want {
			t.Errorf("list %q: %d", q, r.StatusCode)
		}
	}
	// Another grid's facility: not found for the worker, on the map of the district.
	r = staffDist.JSON("POST", "/api/v1/facilities", body(func(m map[string]any) {
		m["node_id"] = e.GridB.ID
		m["location"] = map[string]float64{"lng": 120.632, "lat": 31.316}
	}))
	var fb facJSON
	r.JSON(t, &fb)
	if r := worker.Get(fmt.Sprintf("/api/v1/facilities/%d", fb.ID)); r.StatusCode != 404 {
		t.Errorf("out of scope %d", r.StatusCode)
	}
	var fc struct {
		Type     string `json:"type"`
		Features []struct {
			Geometry struct {
				Type        string     `json:"type"`
				Coordinates [2]float64 `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	r = worker.Get("/api/v1/map/facilities?bbox=120.63,31.31,120.64,31.32")
	r.JSON(t, &fc)
	if r.StatusCode != 200 || fc.Type != "FeatureCollection" || len(fc.Features) != 1 || fc.Features[0].Geometry.Coordinates[0] != 120.631 {
		t.Errorf("map %d %s", r.StatusCode, r.Body)
	}
	staffDist.Get("/api/v1/map/facilities?bbox=120.64,31.32,120.63,31.31").JSON(t, &fc)
	if len(fc.Features) != 2 {
		t.Errorf("district map, corners swapped: %d", len(fc.Features))
	}
	for _, q := range []string{"", "?bbox=1,2,3", "?bbox=a,b,c,d", "?bbox=120,95,121,31"} {
		if r := worker.Get("/api/v1/map/facilities" + q); r.StatusCode != 400 {
			t.Errorf("bbox %q: %d", q, r.StatusCode)
		}
	}
	r = worker.Get("/api/v1/facility-classes")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "上水井盖") || !strings.Contains(r.Body, `"conditions"`) {
		t.Errorf("classes %d", r.StatusCode)
	}
	if r := worker.Do("POST", path+"/retire", "", nil); r.StatusCode != 200 {
		t.Errorf("retire %d %s", r.StatusCode, r.Body)
	}
	if r := worker.Do("POST", path+"/retire", "", nil); r.StatusCode != 409 {
		t.Errorf("retire twice %d", r.StatusCode)
	}
}
