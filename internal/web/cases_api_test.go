package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

type intakeJSON struct {
	Case struct {
		ID          int64    `json:"id"`
		Ticket      string   `json:"ticket"`
		Status      string   `json:"status"`
		Located     bool     `json:"located"`
		NodeID      int64    `json:"node_id"`
		Description string   `json:"description"`
		Version     int      `json:"version"`
		AlarmCount  int      `json:"alarm_count"`
		Actions     []string `json:"actions"`
	} `json:"case"`
	TrackKey string `json:"track_key"`
	Repeat   bool   `json:"repeat"`
}

func decode[T any](t *testing.T, r *webtest.Response) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		t.Fatalf("decode %d %s: %v", r.StatusCode, snippet(r.Body), err)
	}
	return v
}

// casesEnv is the web fixture with grid A drawn, so points can be located.
func casesEnv(t *testing.T) *webtest.Env {
	e := webtest.New(t)
	if err := e.DB.SetNodeBoundary(context.Background(), e.Sys, e.GridA.ID, rect(120.60, 31.30, 120.605, 31.305), 0, 0); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCaseIntakeAPI(t *testing.T) {
	e := casesEnv(t)
	anon := e.Anon()
	inside := map[string]any{"lat": 31.302, "lng": 120.602}
	body := func(mod map[string]any) map[string]any {
		b := map[string]any{"category_id": testCategoryID(e), "description": "消防通道被车辆堵塞", "location": inside}
		for k, v := range mod {
			if v == nil {
				delete(b, k)
			} else {
				b[k] = v
			}
		}
		return b
	}
	tests := []struct {
		name   string
		body   map[string]any
		status int
		field  string // the field a 400 names
		check  func(t *testing.T, in intakeJSON)
	}{
		{"a point inside grid A", body(nil), http.StatusCreated, "", func(t *testing.T, in intakeJSON) {
			if !in.Case.Located || in.Case.NodeID != e.GridA.ID || in.TrackKey == "" {
				t.Errorf("intake = %+v", in)
			}
		}},
		{"outside every grid: kept, unlocated", body(map[string]any{"location": map[string]any{"lat": 39.9, "lng": 116.4}}), http.StatusCreated, "",
			func(t *testing.T, in intakeJSON) {
				if in.Case.Located || in.Case.NodeID != e.District.ID {
					t.Errorf("intake = %+v", in)
				}
			}},
		{"an address only", body(map[string]any{"location": nil, "address": "平江路 100 号"}), http.StatusCreated, "", nil},
		{"no location at all", body(map[string]any{"location": nil}), http.StatusBadRequest, "location", nil},
		{"a point off the globe", body(map[string]any{"location": map[string]any{"lat": 123, "lng": 0}}), http.StatusBadRequest, "location", nil},
		{"an unknown coordinate system", body(map[string]any{"location": map[string]any{"lat": 31.3, "lng": 120.6, "crs": "mars"}}), http.StatusBadRequest, "location.crs", nil},
		{"no description", body(map[string]any{"description": "  "}), http.StatusBadRequest, "description", nil},
		{"no category", body(map[string]any{"category_id": 0}), http.StatusBadRequest, "category_id", nil},
		{"a bad phone", body(map[string]any{"reporter_phone": "12345"}), http.StatusBadRequest, "reporter_phone", nil},
		{"an unknown door plate", body(map[string]any{"location": nil, "plate_code": "NOPE0000"}), http.StatusBadRequest, "plate_code", nil},
		{"a hotline call from a resident", body(map[string]any{"source": "hotline", "reporter_phone": "13912345678"}), http.StatusBadRequest, "source", nil},
		{"a sensor alarm posing as a report", body(map[string]any{"source": "sensor"}), http.StatusBadRequest, "source", nil},
		{"too many photos", body(map[string]any{"photos": make([]map[string]any, 10)}), http.StatusBadRequest, "photos", nil},
		{"an unknown field", body(map[string]any{"colour": "red"}), http.StatusBadRequest, "colour", nil},
		{"script in the description is kept as text", body(map[string]any{"description": "<script>alert(1)</script>路灯不亮"}), http.StatusCreated, "",
			func(t *testing.T, in intakeJSON) {
				if in.Case.Description != "<script>alert(1)</script>路灯不亮" {
					t.Errorf("description = %q", in.Case.Description)
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := anon.JSON("POST", "/api/v1/cases", tt.body)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", r.StatusCode, tt.status, snippet(r.Body))
			}
			if tt.field != "" && !strings.Contains(r.Body, `"`+tt.field+`":`) {
				t.Errorf("the error does not name %s: %s", tt.field, r.Body)
			}
			if tt.check != nil {
				tt.check(t, decode[intakeJSON](t, r))
			}
		})
	}
}

func TestCaseIntakeRetryAndTracking(t *testing.T) {
	e := casesEnv(t)
	anon := e.Anon()
	report := map[string]any{"category_id": testCategoryID(e), "description": "井盖缺失", "address": "平江路 3 号",
		"idempotency_key": "c2f0d3c8-weak-network"}
	first := decode[intakeJSON](t, anon.JSON("POST", "/api/v1/cases", report))
	r := anon.JSON("POST", "/api/v1/cases", report)
	again := decode[intakeJSON](t, r)
	if r.StatusCode != http.StatusOK || !again.Repeat || again.Case.ID != first.Case.ID {
		t.Fatalf("a retry = %d %+v, want the first case", r.StatusCode, again)
	}
	track := anon.Get("/api/v1/track/" + first.Case.Ticket + "?key=" + first.TrackKey)
	if track.StatusCode != http.StatusOK || !strings.Contains(track.Body, "井盖缺失") || strings.Contains(track.Body, "平江路 3 号") {
		t.Errorf("tracking = %d %s", track.StatusCode, track.Body)
	}
	for _, key := range []string{"", "wrong", first.TrackKey[:8]} {
		if r := anon.Get("/api/v1/track/" + first.Case.Ticket + "?key=" + key); r.StatusCode != http.StatusNotFound {
			t.Errorf("tracking with key %q = %d, want 404", key, r.StatusCode)
		}
	}
}

func TestCaseStepsAPI(t *testing.T) {
	e := casesEnv(t)
	c := caseFixture(e, true)
	handler, staff := e.Login(webtest.HandlerA), e.Login(webtest.StaffA)
	path := fmt.Sprintf("/api/v1/cases/%d/", c.ID)
	if r := handler.JSON("POST", path+"acknowledge", map[string]any{"version": c.Version}); r.StatusCode != http.StatusOK {
		t.Fatalf("acknowledge: %d %s", r.StatusCode, r.Body)
	}
	tests := []struct {
		name   string
		who    *webtest.Client
		action string
		body   map[string]any
		status int
	}{
		{"a stale version", handler, "handle", map[string]any{"version": c.Version, "note": "已处理"}, http.StatusConflict},
		{"a step the state machine forbids", staff, "close", map[string]any{"version": c.Version + 1}, http.StatusConflict},
		{"no version", handler, "handle", map[string]any{"note": "已处理"}, http.StatusBadRequest},
		{"handling without saying how", handler, "handle", map[string]any{"version": c.Version + 1}, http.StatusBadRequest},
		{"an extension of an unknown unit", handler, "request-extension", map[string]any{"version": c.Version + 1, "note": "x", "amount": 2, "unit": "weeks"}, http.StatusBadRequest},
		{"staff handling a unit's case", staff, "handle", map[string]any{"version": c.Version + 1, "note": "x"}, http.StatusForbidden},
		{"handled", handler, "handle", map[string]any{"version": c.Version + 1, "note": "已挪车"}, http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := tt.who.JSON("POST", path+tt.action, tt.body); r.StatusCode != tt.status {
				t.Errorf("%s = %d, want %d: %s", tt.action, r.StatusCode, tt.status, snippet(r.Body))
			}
		})
	}
}

func TestSensorAlarms(t *testing.T) {
	e := casesEnv(t)
	ctx := context.Background()
	dev := e.User("gateway.1", account.Device, e.District.ID, 0, "")
	token, _, err := e.DB.CreateToken(ctx, e.Sys, dev.ID, "网关", 30)
	if err != nil {
		t.Fatal(err)
	}
	c := e.Anon()
	c.Token = token
	alarm := map[string]any{"device_id": "SMK-0042", "alarm_type": "smoke", "location": map[string]any{"lat": 31.302, "lng": 120.602}}
	var ids []int64
	for i := 0; i < 3; i++ {
		r := c.JSON("POST", "/api/v1/sensor/alarms", alarm)
		if r.StatusCode != http.StatusCreated && r.StatusCode != http.StatusOK {
			t.Fatalf("alarm %d: %d %s", i, r.StatusCode, r.Body)
		}
		in := decode[intakeJSON](t, r)
		ids = append(ids, in.Case.ID)
		if in.Case.AlarmCount != i+1 {
			t.Errorf("alarm %d: count %d", i, in.Case.AlarmCount)
		}
	}
	if ids[0] != ids[1] || ids[1] != ids[2] {
		t.Errorf("repeated alarms opened cases %v", ids)
	}
	if r := c.JSON("POST", "/api/v1/sensor/alarms", map[string]any{"device_id": "X", "alarm_type": "ufo"}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown alarm = %d", r.StatusCode)
	}
	if r := c.JSON("POST", "/api/v1/cases", map[string]any{"category_id": testCategoryID(e), "description": "x", "address": "y", "source": "patrol"}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a device reporting a patrol = %d", r.StatusCode)
	}
}
