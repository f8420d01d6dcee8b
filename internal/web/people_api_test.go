package web_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// Bad input to the residents' API is answered field by field in both languages.
func TestPeopleAPIBadInput(t *testing.T) {
	e := webtest.New(t)
	staff := e.Login(webtest.StaffA)
	good := idFor(1)
	wrongCheck := good[:17] + map[bool]string{true: "1", false: "0"}[good[17] == '0']
	p := peoplePerson(e, true)
	cases := []struct {
		name, method, path string
		body               any
		field              string
		zh, en             string
	}{
		{"wrong check digit", "POST", "/api/v1/people", map[string]any{"node_id": e.GridA.ID, "name": "王五", "reg_type": "registered",
			"id_number": wrongCheck}, "id_number", "校验", "check"},
		{"impossible birth date", "POST", "/api/v1/people", map[string]any{"node_id": e.GridA.ID, "name": "Anna", "reg_type": "foreign",
			"passport": "E12345678", "nationality": "DEU", "birth_date": "1990-02-30"}, "birth_date", "日期", "date"},
		{"bad phone", "POST", "/api/v1/people", map[string]any{"node_id": e.GridA.ID, "name": "王五", "reg_type": "registered",
			"id_number": good, "phone": "12345"}, "phone", "手机", "mobile"},
		{"unknown reg type", "POST", "/api/v1/people", map[string]any{"node_id": e.GridA.ID, "name": "王五", "reg_type": "tourist",
			"id_number": good}, "reg_type", "请选择", "Choose"},
		{"PATCH without version", "PATCH", fmt.Sprintf("/api/v1/people/%d", p.ID), map[string]any{"name": "x"}, "version", "必填", "Required"},
		{"missing purpose", "POST", fmt.Sprintf("/api/v1/people/%d/unmask", p.ID), map[string]any{"purpose": ""}, "purpose", "必填", "Required"},
		{"rental too long", "POST", "/api/v1/rentals", map[string]any{"house_id": peopleHouse(e, true), "tenant_id": p.ID,
			"start": "2026-01-01", "end": "2030-01-01"}, "end", "3", "3"},
		{"rental bad date", "POST", "/api/v1/rentals", map[string]any{"house_id": peopleHouse(e, true), "tenant_id": p.ID,
			"start": "2026-13-01", "end": "2027-01-01"}, "start", "日期", "date"},
		{"household without head", "POST", "/api/v1/households", map[string]any{"node_id": e.GridA.ID, "address": "x",
			"members": []map[string]any{{"person_id": p.ID, "relation": "son"}}}, "members", "户主", "head"},
		{"residence from the future", "POST", fmt.Sprintf("/api/v1/houses/%d/residences", peopleHouse(e, true)),
			map[string]any{"person_id": p.ID, "role": "owner", "from": "2030-01-01"}, "from", "", ""},
		{"list: bad ID number", "GET", "/api/v1/people?id_number=123", nil, "id_number", "18", "18"},
		{"list: bad phone", "GET", "/api/v1/people?phone=abc", nil, "phone", "手机", "mobile"},
		{"list: unknown reg type", "GET", "/api/v1/people?reg_type=x", nil, "reg_type", "请选择", "Choose"},
		{"list: impossible date", "GET", "/api/v1/people?born_from=2001-02-29", nil, "born_from", "日期", "date"},
		{"list: bad cursor", "GET", "/api/v1/people?after=zzz", nil, "after", "翻页", "page"},
		{"list: ages the wrong way", "GET", "/api/v1/people?min_age=70&max_age=60", nil, "max_age", "年龄", "age"},
		{"rentals: too many days", "GET", "/api/v1/rentals?expiring_within=999", nil, "expiring_within", "366", "366"},
	}
	for _, c := range cases {
		for _, lang := range []string{"zh-CN", "en"} {
			staff.Lang = lang
			var r *webtest.Response
			if c.body != nil {
				r = staff.JSON(c.method, c.path, c.body)
			} else {
				r = staff.Get(c.path)
			}
			if r.StatusCode != http.StatusBadRequest {
				t.Errorf("%s (%s): %d %s", c.name, lang, r.StatusCode, r.Body)
				continue
			}
			msg, ok := usersErrOf(t, r).Error.Fields[c.field]
			want := c.zh
			if lang == "en" {
				want = c.en
			}
			if !ok || !strings.Contains(msg, want) || strings.HasPrefix(msg, "err.") {
				t.Errorf("%s (%s): field %s says %q, want %q in %s", c.name, lang, c.field, msg, want, r.Body)
			}
		}
	}
}

func TestPeopleAPIFlow(t *testing.T) {
	e := webtest.New(t)
	worker := e.Login(webtest.GridWorkerA)
	staff := e.Login(webtest.StaffA)
	staffB := e.Login(webtest.StaffB)
	id := idFor(42)
	r := worker.JSON("POST", "/api/v1/people", map[string]any{"node_id": e.GridA.ID, "name": "陈美玲", "reg_type": "floating",
		"id_number": id, "phone": "13912345678", "care_tags": []string{"disabled"}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, r.Body)
	}
	var p struct {
		ID       int64    `json:"id"`
		IDNumber string   `json:"id_number"`
		Phone    string   `json:"phone"`
		CareTags []string `json:"care_tags"`
		Version  int      `json:"version"`
	}
	r.JSON(t, &p)
	if strings.Contains(r.Body, id) || strings.Contains(r.Body, "13912345678") || p.Phone != "139****5678" || len(p.CareTags) != 1 {
		t.Fatalf("created %s", r.Body)
	}
	// A second registration with the same number is refused on the field.
	if r := worker.JSON("POST", "/api/v1/people", map[string]any{"node_id": e.GridA.ID, "name": "陈", "reg_type": "floating",
		"id_number": id}); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.Body, "id_number") {
		t.Errorf("duplicate: %d %s", r.StatusCode, r.Body)
	}
	// Street staff see the resident without care tags; another street does not see them at all.
	if r := staff.Get(fmt.Sprintf("/api/v1/people/%d", p.ID)); r.StatusCode != 200 || strings.Contains(r.Body, "care_tags") {
		t.Errorf("street staff: %d %s", r.StatusCode, r.Body)
	}
	for _, path := range []string{fmt.Sprintf("/api/v1/people/%d", p.ID), fmt.Sprintf("/api/v1/people/%d/history", p.ID),
		fmt.Sprintf("/api/v1/people?node=%d", e.GridA.ID)} {
		if r := staffB.Get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("another street %s: %d", path, r.StatusCode)
		}
	}
	if r := staffB.Get("/api/v1/people?phone=13912345678"); r.StatusCode != 200 || strings.Contains(r.Body, "陈美玲") {
		t.Errorf("another street searches by phone: %s", r.Body)
	}
	if r := worker.Get("/api/v1/people?phone=139-1234-5678"); !strings.Contains(r.Body, "陈美玲") {
		t.Errorf("search by phone: %s", r.Body)
	}
	// A grid worker of another grid sees nothing.
	e.User("grid.b", "grid_worker", e.GridB.ID, 0, "13800000099")
	other := e.Login("grid.b")
	if r := other.Get("/api/v1/people"); r.StatusCode != 200 || strings.Contains(r.Body, "陈美玲") {
		t.Errorf("other grid: %d %s", r.StatusCode, r.Body)
	}
	if r := other.Get(fmt.Sprintf("/api/v1/people/%d", p.ID)); r.StatusCode != http.StatusNotFound {
		t.Errorf("other grid reads: %d", r.StatusCode)
	}

	// PATCH with a stale version conflicts.
	if r := worker.JSON("PATCH", fmt.Sprintf("/api/v1/people/%d", p.ID), map[string]any{"name": "陈美琳", "version": p.Version}); r.StatusCode != 200 {
		t.Fatalf("patch: %d %s", r.StatusCode, r.Body)
	}
	if r := worker.JSON("PATCH", fmt.Sprintf("/api/v1/people/%d", p.ID), map[string]any{"name": "陈", "version": p.Version}); r.StatusCode != http.StatusConflict {
		t.Errorf("stale patch: %d %s", r.StatusCode, r.Body)
	}

	// Unmask: audited with the purpose; the grid worker may not.
	if r := worker.JSON("POST", fmt.Sprintf("/api/v1/people/%d/unmask", p.ID), map[string]any{"purpose": "走访"}); r.StatusCode != http.StatusForbidden {
		t.Errorf("grid worker unmasks: %d", r.StatusCode)
	}
	r = staff.JSON("POST", fmt.Sprintf("/api/v1/people/%d/unmask", p.ID), map[string]any{"purpose": "核对居住证办理材料"})
	if r.StatusCode != 200 || !strings.Contains(r.Body, id) || !strings.Contains(r.Body, "13912345678") {
		t.Fatalf("unmask: %d %s", r.StatusCode, r.Body)
	}
	es, err := e.DB.AuditEntries(context.Background(), e.Sys, audit.Filter{Entity: "person", EntityID: fmt.Sprint(p.ID)})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, en := range es {
		if en.Action == "person.unmask" && en.Purpose == "核对居住证办理材料" && en.Actor == webtest.StaffA {
			found = true
		}
		if strings.Contains(en.Detail, id) || strings.Contains(en.Detail, "1391234") || strings.Contains(en.Detail, "陈美") {
			t.Errorf("plaintext in audit: %s", en.Detail)
		}
	}
	if !found {
		t.Error("unmask not audited with its purpose")
	}
	if r := worker.Get(fmt.Sprintf("/api/v1/people/%d/history", p.ID)); r.StatusCode != 200 || !strings.Contains(r.Body, "person.unmask") {
		t.Errorf("history: %d %s", r.StatusCode, r.Body)
	}

	// Retire with version; then the list leaves them out.
	if r := worker.JSON("POST", fmt.Sprintf("/api/v1/people/%d/retire", p.ID), map[string]any{"version": p.Version + 1}); r.StatusCode != 200 {
		t.Errorf("retire: %d %s", r.StatusCode, r.Body)
	}
	if r := worker.Get("/api/v1/people?name=陈"); strings.Contains(r.Body, "陈美琳") {
		t.Errorf("retired listed: %s", r.Body)
	}

	// The resident's own household.
	residentsHousehold(e)
	res := e.Login(webtest.ResidentPh)
	if r := res.Get("/api/v1/me/household"); r.StatusCode != 200 || !strings.Contains(r.Body, "居民本人") || strings.Contains(r.Body, idFor(999)) {
		t.Errorf("my household: %d %s", r.StatusCode, r.Body)
	}
	if r := res.Get("/api/v1/people"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a resident lists people: %d", r.StatusCode)
	}

	// Rentals about to expire.
	tenant := peoplePerson(e, true)
	if r := worker.JSON("POST", "/api/v1/rentals", map[string]any{"house_id": peopleHouse(e, true), "tenant_id": tenant.ID,
		"start": "2025-04-01", "end": "2026-03-20"}); r.StatusCode != http.StatusCreated {
		t.Fatalf("rental: %d %s", r.StatusCode, r.Body)
	}
	if r := worker.Get("/api/v1/rentals?expiring_within=30"); !strings.Contains(r.Body, `"end":"2026-03-20"`) {
		t.Errorf("expiring: %s", r.Body)
	}
	if r := worker.Get("/api/v1/rentals?expiring_within=10"); strings.Contains(r.Body, "2026-03-20") {
		t.Errorf("expiring within 10 days: %s", r.Body)
	}
	if r := staffB.Get("/api/v1/rentals?expiring_within=30"); strings.Contains(r.Body, "2026-03-20") {
		t.Errorf("another street's expiring: %s", r.Body)
	}
}
