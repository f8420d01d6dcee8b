package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// pagesPerson registers a resident in grid A through storage.
func pagesPerson(t *testing.T, e *webtest.Env, in register.PersonInput) *register.Person {
	t.Helper()
	if in.NodeID == 0 {
		in.NodeID = e.GridA.ID
	}
	if in.RegType == "" {
		in.RegType = register.Registered
	}
	p, err := e.DB.CreatePerson(context.Background(), e.Sys, in)
	if err != nil {
		t.Fatalf("person %s: %v", in.Name, err)
	}
	return p
}

func TestPeopleListPage(t *testing.T) {
	e := webtest.New(t)
	for i := 0; i < 52; i++ {
		pagesPerson(t, e, register.PersonInput{Name: fmt.Sprintf("住户%02d", i+1), IDNumber: idFor(int64(i + 1))})
	}
	zhang := pagesPerson(t, e, register.PersonInput{Name: "张建国", RegType: register.Floating, IDNumber: idFor(200), Phone: "13800138000"})
	pagesPerson(t, e, register.PersonInput{NodeID: e.GridB.ID, Name: "南门居民", IDNumber: idFor(300)})
	c := e.Login(webtest.GridWorkerA)
	r := c.Get("/registers/people")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "住户01", "登记居民", `rel="next"`, zhang.IDMasked[:6]+"********")
	treeWantNoBody(t, r, "南门居民", idFor(1), "13800138000")
	next := regexpFind(r.Body, `rel="next" href="([^"]+)"`)
	r = c.Get(strings.ReplaceAll(next, "&amp;", "&"))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, `rel="prev"`)
	treeWantNoBody(t, r, ">住户01<")

	for _, tt := range []struct {
		query string
		want  string
		not   string
	}{
		{"reg_type=floating", "张建国", ">住户01<"},
		{"name=" + url.QueryEscape("建国"), "张建国", ">住户01<"},
		{"id_number=" + idFor(200), "张建国", ">住户01<"},
		{"phone=13800138000", "138****8000", ">住户01<"},
		{fmt.Sprintf("node=%d&min_age=30&max_age=40", e.GridA.ID), "住户01", "南门居民"},
		{"min_age=90", "没有符合条件的居民", ">住户01<"},
	} {
		r := c.Get("/registers/people?" + tt.query)
		treeWantStatus(t, r, 200)
		treeWantBody(t, r, tt.want)
		treeWantNoBody(t, r, tt.not)
	}
	for _, tt := range []struct{ query, field, msg string }{
		{"reg_type=alien", "reg_type", "请选择一项"},
		{"id_number=320508199001011234", "id_number", "校验"},
		{"phone=12345", "phone", "手机"},
		{"min_age=50&max_age=20", "max_age", ""},
		{"after=garbage", "after", ""},
	} {
		r := c.Get("/registers/people?" + tt.query)
		treeWantStatus(t, r, 400)
		if treeFormError(r.Body) == "" || !strings.Contains(r.Body, tt.msg) {
			t.Errorf("%s: no message %q", tt.query, tt.msg)
		}
	}
	if r := c.Get(fmt.Sprintf("/registers/people?node=%d", e.GridB.ID)); r.StatusCode != 404 {
		t.Errorf("another grid: %d", r.StatusCode)
	}
	en := e.Login(webtest.GridWorkerA)
	en.Lang = "en"
	treeWantBody(t, en.Get("/registers/people"), "Residents", "Registration type", "floating")
	r = e.Login(webtest.StaffDist).Get("/registers/people?name=" + url.QueryEscape("南门"))
	treeWantBody(t, r, "南门居民")
	// The registers landing page and the grid's page link to the list.
	treeWantBody(t, c.Get("/registers"), `href="/registers/people"`)
	treeWantBody(t, c.Get(fmt.Sprintf("/admin/nodes/%d", e.GridA.ID)), fmt.Sprintf(`href="/registers/people?node=%d"`, e.GridA.ID), "本网格居民（53 人）")
}

func TestPeopleCareTagsByRole(t *testing.T) {
	e := webtest.New(t)
	kid := pagesPerson(t, e, register.PersonInput{Name: "张小明", IDNumber: idWith("32050820150601301"), CareTags: []register.CareTag{register.LeftBehindChild}})
	for _, who := range []string{webtest.GridWorkerA, webtest.StaffCommA} {
		c := e.Login(who)
		treeWantBody(t, c.Get("/registers/people"), "留守儿童", `name="care_tag"`)
		treeWantBody(t, c.Get(fmt.Sprintf("/registers/people/%d", kid.ID)), "留守儿童")
		treeWantBody(t, c.Get("/registers/people?care_tag=left_behind_child"), "张小明")
	}
	for _, who := range []string{webtest.StaffDist, webtest.StaffA} {
		c := e.Login(who)
		treeWantNoBody(t, c.Get("/registers/people"), "留守儿童", `name="care_tag"`)
		treeWantNoBody(t, c.Get(fmt.Sprintf("/registers/people/%d", kid.ID)), "留守儿童")
		treeWantNoBody(t, c.Get(fmt.Sprintf("/registers/people/%d/edit", kid.ID)), `name="care_tags"`)
		if r := c.Get("/registers/people?care_tag=left_behind_child"); r.StatusCode != 400 {
			t.Errorf("%s searches by care tag: %d", who, r.StatusCode)
		}
	}
	if r := e.Login(webtest.Leader).Get(fmt.Sprintf("/registers/people/%d", kid.ID)); r.StatusCode != 403 && r.StatusCode != 404 {
		t.Errorf("leader: %d", r.StatusCode)
	}
}

func TestPersonFormsThroughPages(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.GridWorkerA)
	r := c.Get("/registers/people/new")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, fmt.Sprintf(`<option value="%d" selected>`, e.GridA.ID), "身份证号码", "关爱对象")
	id := idFor(41)
	valid := url.Values{"node_id": {fmt.Sprint(e.GridA.ID)}, "name": {"王芳"}, "reg_type": {"registered"}, "id_number": {id},
		"phone": {"13912345678"}, "ethnicity": {"01"}}
	with := func(kv ...string) url.Values {
		out := url.Values{}
		for k, v := range valid {
			out[k] = v
		}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Set(kv[i], kv[i+1])
		}
		return out
	}
	badCheck := id[:17] + map[bool]string{true: "1", false: "2"}[id[17] != '1']
	for _, tt := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"bad check digit", "id_number", "校验", with("id_number", badCheck)},
		{"impossible birth date", "birth_date", "日期", with("reg_type", "foreign", "id_number", "", "passport", "E12345678", "nationality", "KOR", "birth_date", "1990-02-30")},
		{"birth in the future", "birth_date", "", with("reg_type", "foreign", "id_number", "", "passport", "E12345678", "nationality", "KOR", "birth_date", "2099-01-01")},
		{"bad phone", "phone", "手机", with("phone", "1234")},
		{"no name", "name", "必填", with("name", "")},
		{"no grid", "node_id", "必填", with("node_id", "")},
		{"unknown type", "reg_type", "请选择一项", with("reg_type", "alien")},
		{"care tag too old", "care_tags", "", with("care_tags", "left_behind_child")},
	} {
		r := c.PostForm("/registers/people", tt.form)
		if r.StatusCode != 400 {
			t.Errorf("%s: status %d", tt.name, r.StatusCode)
			continue
		}
		if got := treeFieldError(r.Body, tt.field); got == "" || !strings.Contains(got, tt.msg) {
			t.Errorf("%s: %s says %q, want %q", tt.name, tt.field, got, tt.msg)
		}
		if !strings.Contains(r.Body, `value="`+htmlAttr(tt.form.Get("name"))+`"`) {
			t.Errorf("%s: the typed name is lost", tt.name)
		}
	}
	// Both mistakes at once are both reported.
	r = c.PostForm("/registers/people", with("birth_date", "nonsense", "phone", "1234"))
	if treeFieldError(r.Body, "birth_date") == "" || treeFieldError(r.Body, "phone") == "" {
		t.Error("two bad fields: not both reported")
	}
	c.Lang = "en"
	r = c.PostForm("/registers/people", with("phone", "1234"))
	treeWantStatus(t, r, 400)
	if got := treeFieldError(r.Body, "phone"); got == "" || strings.ContainsAny(got, "手机号") {
		t.Errorf("English message: %q", got)
	}
	c.Lang = ""

	r = c.PostForm("/registers/people", valid)
	treeWantStatus(t, r, 303)
	loc := r.Header.Get("Location")
	r = c.Get(loc)
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "王芳", "139****5678", id[:6]+"********", "1990-01-", "男")
	treeWantNoBody(t, r, id, "13912345678")
	// The edit form never carries the numbers.
	r = c.Get(loc + "/edit")
	treeWantStatus(t, r, 200)
	treeWantNoBody(t, r, id, "13912345678")

	// A stale version is refused with the typed values kept.
	edit := url.Values{"version": {"1"}, "node_id": {fmt.Sprint(e.GridA.ID)}, "name": {"王芳芳"}, "reg_type": {"registered"}}
	treeWantStatus(t, c.PostForm(loc, edit), 303)
	edit.Set("name", "王小芳")
	r = c.PostForm(loc, edit)
	treeWantStatus(t, r, 409)
	treeWantBody(t, r, `value="王小芳"`)
	if treeFormError(r.Body) == "" {
		t.Error("stale version: no conflict message")
	}
	r = c.Get(loc)
	treeWantBody(t, r, "王芳芳", "139****5678") // a blank phone kept the stored one

	// Retire and restore, with their versions.
	treeWantStatus(t, c.PostForm(loc+"/retire", url.Values{"version": {"2"}}), 303)
	treeWantBody(t, c.Get(loc), "已迁出")
	r = c.PostForm(loc+"/restore", url.Values{"version": {"2"}})
	treeWantStatus(t, r, 409)
	treeWantStatus(t, c.PostForm(loc+"/restore", url.Values{"version": {"3"}}), 303)
	treeWantBody(t, c.Get(loc), "标记为已迁出", "恢复登记") // history lists both

	// Another grid's worker does not find them.
	if r := e.Login(webtest.StaffB).Get(loc); r.StatusCode != 404 {
		t.Errorf("another street's staff: %d", r.StatusCode)
	}
}

// idWith completes 17 digits with their check character.
func idWith(first17 string) string {
	c, _ := register.IDCheckChar(first17)
	return first17 + string(c)
}

func htmlAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;").Replace(s)
}

func TestPersonUnmaskPage(t *testing.T) {
	e := webtest.New(t)
	id := idFor(77)
	p := pagesPerson(t, e, register.PersonInput{Name: "赵敏", IDNumber: id, Phone: "13700001111"})
	path := fmt.Sprintf("/registers/people/%d", p.ID)
	c := e.Login(webtest.StaffA)
	r := c.Get(path)
	treeWantBody(t, r, `action="`+path+`/unmask#numbers"`)
	treeWantNoBody(t, r, id, "13700001111")
	r = c.PostForm(path+"/unmask", url.Values{"purpose": {""}})
	treeWantStatus(t, r, 400)
	if treeFieldError(r.Body, "unmask-purpose") == "" {
		t.Error("unmask without purpose: no field message")
	}
	treeWantNoBody(t, r, id, "13700001111")
	r = c.PostForm(path+"/unmask", url.Values{"purpose": {"核对身份证件"}})
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, id, "13700001111")
	es, err := e.DB.AuditEntries(context.Background(), e.Sys, audit.Filter{Action: "person.unmask", Entity: "person", EntityID: fmt.Sprint(p.ID)})
	if err != nil || len(es) != 1 || es[0].Purpose != "核对身份证件" {
		t.Fatalf("audit: %v, %v", es, err)
	}
	r = c.Get(path)
	treeWantNoBody(t, r, id)
	treeWantBody(t, r, "核对身份证件") // the history shows the purpose
	// A grid worker may not unmask: no form, and the post is refused.
	g := e.Login(webtest.GridWorkerA)
	treeWantNoBody(t, g.Get(path), "/unmask")
	if r := g.PostForm(path+"/unmask", url.Values{"purpose": {"好奇"}}); r.StatusCode != 403 {
		t.Errorf("grid worker unmasks: %d", r.StatusCode)
	}
}

func TestHouseResidencesThroughPages(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	b, err := e.DB.CreateBuilding(ctx, e.Sys, register.BuildingInput{NodeID: e.GridA.ID, Name: "3幢", Address: "平江路 3 号", FloorsAbove: 6, Kind: register.Residential})
	if err != nil {
		t.Fatal(err)
	}
	h, err := e.DB.CreateHouse(ctx, e.Sys, register.HouseInput{BuildingID: b.ID, Unit: "1", Floor: 2, Room: "201", Area: 80, Use: register.SelfOccupied})
	if err != nil {
		t.Fatal(err)
	}
	owner := pagesPerson(t, e, register.PersonInput{Name: "钱学文", IDNumber: idFor(501)})
	tenant := pagesPerson(t, e, register.PersonInput{Name: "孙丽", IDNumber: idFor(502)})
	other := pagesPerson(t, e, register.PersonInput{NodeID: e.GridB.ID, Name: "外网格", IDNumber: idFor(503)})
	path := fmt.Sprintf("/registers/houses/%d", h.ID)
	c := e.Login(webtest.GridWorkerA)
	r := c.Get(path)
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "居住人员", "登记人房关系", "钱学文")

	for _, tt := range []struct {
		name, field, msg string
		form             url.Values
	}{
		{"nobody", "res-person_id", "身份证号码或选择", url.Values{"role": {"owner"}}},
		{"unknown number", "res-id_number", "没有该身份证号码", url.Values{"id_number": {idFor(999)}, "role": {"owner"}}},
		{"another grid's resident", "res-id_number", "没有该身份证号码", url.Values{"id_number": {idFor(503)}, "role": {"owner"}}},
		{"bad number", "res-id_number", "", url.Values{"id_number": {"12345"}, "role": {"owner"}}},
		{"bad role", "res-role", "请选择一项", url.Values{"person_id": {fmt.Sprint(owner.ID)}, "role": {"landlord"}}},
		{"future start", "res-from", "", url.Values{"person_id": {fmt.Sprint(owner.ID)}, "role": {"owner"}, "from": {"2099-01-01"}}},
	} {
		r := c.PostForm(path+"/residences", tt.form)
		if r.StatusCode != 400 {
			t.Errorf("%s: status %d", tt.name, r.StatusCode)
			continue
		}
		if got := treeFieldError(r.Body, tt.field); got == "" || !strings.Contains(got, tt.msg) {
			t.Errorf("%s: %s says %q, want %q", tt.name, tt.field, got, tt.msg)
		}
	}
	_ = other
	treeWantStatus(t, c.PostForm(path+"/residences", url.Values{"id_number": {idFor(501)}, "role": {"owner"}, "from": {"2020-05-01"}}), 303)
	treeWantStatus(t, c.PostForm(path+"/residences", url.Values{"person_id": {fmt.Sprint(tenant.ID)}, "role": {"tenant"}}), 303)
	r = c.PostForm(path+"/residences", url.Values{"person_id": {fmt.Sprint(tenant.ID)}, "role": {"tenant"}})
	treeWantStatus(t, r, 400)
	if treeFieldError(r.Body, "res-role") == "" {
		t.Error("the same link twice: no message on role")
	}
	r = c.Get(path)
	treeWantBody(t, r, "钱*文", "孙*", fmt.Sprintf(`href="/registers/people/%d"`, owner.ID), "2020-05-01", "产权人")
	rs, err := e.DB.HouseResidences(ctx, e.Sys, h.ID, false)
	if err != nil || len(rs) != 2 {
		t.Fatalf("residences: %v, %v", rs, err)
	}
	var x *register.Residence
	for _, it := range rs {
		if it.PersonID == tenant.ID {
			x = it
		}
	}
	end := fmt.Sprintf("/registers/residences/%d/end", x.ID)
	r = c.PostForm(end, url.Values{"to": {"soon"}, "version": {fmt.Sprint(x.Version)}})
	treeWantStatus(t, r, 400)
	if treeFieldError(r.Body, "end-to") == "" {
		t.Error("bad end date: no message")
	}
	treeWantStatus(t, c.PostForm(end, url.Values{"to": {"2026-01-31"}, "version": {fmt.Sprint(x.Version)}}), 303)
	r = c.PostForm(end, url.Values{"to": {"2026-01-31"}, "version": {fmt.Sprint(x.Version)}})
	if r.StatusCode != 409 && r.StatusCode != 400 {
		t.Errorf("ending twice with a stale version: %d", r.StatusCode)
	}
	r = c.Get(path)
	treeWantBody(t, r, "2026-01-31")
	// The person's page lists the house and the household, with links.
	if _, err := e.DB.CreateHousehold(ctx, e.Sys, register.HouseholdInput{NodeID: e.GridA.ID, Number: "H001", HouseID: h.ID,
		Address: "平江路 3 号 1-201", Members: []register.Member{{PersonID: owner.ID, Relation: register.Self},
			{PersonID: tenant.ID, Relation: register.Spouse}}}); err != nil {
		t.Fatal(err)
	}
	r = c.Get(fmt.Sprintf("/registers/people/%d", owner.ID))
	treeWantBody(t, r, fmt.Sprintf(`href="/registers/houses/%d"`, h.ID), "3幢", "H001", "平江路 3 号 1-201",
		fmt.Sprintf(`href="/registers/people/%d">孙丽</a>`, tenant.ID))
	// Another street's staff does not find the house or the residence.
	s := e.Login(webtest.StaffB)
	if r := s.PostForm(path+"/residences", url.Values{"person_id": {fmt.Sprint(owner.ID)}, "role": {"resident"}}); r.StatusCode != 404 {
		t.Errorf("another street adds: %d", r.StatusCode)
	}
	if r := s.PostForm(end, url.Values{"to": {"2026-01-31"}, "version": {"2"}}); r.StatusCode != 404 {
		t.Errorf("another street ends: %d", r.StatusCode)
	}
}
