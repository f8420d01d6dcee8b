package web_test

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The register pages of organisations and facilities, driven as a browser drives them.

var (
	orgLinkRe  = regexp.MustCompile(`href="/registers/organisations/(\d+)"`)
	facLinkRe  = regexp.MustCompile(`href="/registers/facilities/(\d+)"`)
	nextLinkRe = regexp.MustCompile(`rel="next" href="([^"]+)"`)
	firstRe    = regexp.MustCompile(`rel="prev" href="([^"]+)"`)
	codeRe     = regexp.MustCompile(`<code id="facility-code">(\d{16})</code>`)
)

// createdID reads the id of the record a successful form post redirected to.
func createdID(t *testing.T, r *webtest.Response, base string) int64 {
	t.Helper()
	loc := r.Header.Get("Location")
	if r.StatusCode != 303 || !strings.HasPrefix(loc, base+"/") {
		t.Fatalf("want a redirect to %s/{id}, got %d %q %s", base, r.StatusCode, loc, snippet(r.Body))
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, base+"/"), 10, 64)
	if err != nil {
		t.Fatalf("location %q", loc)
	}
	return id
}

// wantField checks that a failed form came back with status and a message beside field,
// with what was typed still in it.
func wantField(t *testing.T, name string, r *webtest.Response, status int, field, msg string, kept ...string) {
	t.Helper()
	if r.StatusCode != status {
		t.Errorf("%s: status %d, want %d: %s", name, r.StatusCode, status, snippet(r.Body))
		return
	}
	re := regexp.MustCompile(`<div class="error" id="e-` + regexp.QuoteMeta(field) + `">([^<]*)</div>`)
	m := re.FindStringSubmatch(r.Body)
	if m == nil || !strings.Contains(html.UnescapeString(m[1]), msg) {
		t.Errorf("%s: no message %q on %s (got %v)", name, msg, field, m)
	}
	for _, k := range kept {
		if !strings.Contains(r.Body, html.EscapeString(k)) {
			t.Errorf("%s: the input %q was not kept", name, k)
		}
	}
}

func orgForm(e *webtest.Env, change func(url.Values)) url.Values {
	f := url.Values{"node_id": {strconv.FormatInt(e.GridA.ID, 10)}, "kind": {"property"}, "name": {"平江物业"},
		"address": {"平江路 100 号"}, "lng": {"120.63"}, "lat": {"31.31"},
		"contact_name": {"王经理"}, "contact_phone": {"13812345678"}, "contact_role": {"负责人"}}
	if change != nil {
		change(f)
	}
	return f
}

func TestOrganisationPages(t *testing.T) {
	e := webtest.New(t)
	worker := e.Login(webtest.GridWorkerA)
	staff := e.Login(webtest.StaffA)
	code := validUSCC(t, "MA1N2P3Q4")
	wrong := code[:17] + map[bool]string{true: "1", false: "0"}[code[17] == '0']

	if r := worker.Get("/registers/organisations/new"); r.StatusCode != 200 || !strings.Contains(r.Body, "平江路第1网格") ||
		!strings.Contains(r.Body, "物业公司") {
		t.Fatalf("new page %d %s", r.StatusCode, snippet(r.Body))
	}
	// Bad input: each problem beside its field, in Chinese and in English, the input kept.
	bad := []struct {
		name, field, msg string
		change           func(url.Values)
	}{
		{"wrong check character", "uscc", "校验位不符", func(f url.Values) { f.Set("uscc", wrong) }},
		{"code missing for a property company", "uscc", "应填写统一社会信用代码", nil},
		{"no name", "name", "必填", func(f url.Values) { f.Set("uscc", code); f.Set("name", " ") }},
		{"kind unknown", "kind", "请选择", func(f url.Values) { f.Set("uscc", code); f.Set("kind", "club") }},
		{"no grid", "node_id", "必填", func(f url.Values) { f.Set("uscc", code); f.Del("node_id") }},
		{"grid not a number", "node_id", "数字", func(f url.Values) { f.Set("uscc", code); f.Set("node_id", "甲") }},
		{"longitude not a number", "lng", "数字", func(f url.Values) { f.Set("uscc", code); f.Set("lng", "东经120") }},
		{"latitude missing", "lat", "必填", func(f url.Values) { f.Set("uscc", code); f.Del("lat") }},
		{"outside China", "location", "不在中国境内", func(f url.Values) { f.Set("uscc", code); f.Set("lng", "2.35"); f.Set("lat", "48.85") }},
		{"a bad contact phone", "contact_phone", "电话", func(f url.Values) { f.Set("uscc", code); f.Set("contact_phone", "123") }},
		{"a contact without a name", "contact_name", "必填", func(f url.Values) { f.Set("uscc", code); f.Set("contact_name", "") }},
	}
	for _, tt := range bad {
		r := worker.PostForm("/registers/organisations", orgForm(e, tt.change))
		wantField(t, tt.name, r, 400, tt.field, tt.msg, "平江路 100 号")
	}
	wantField(t, "a community, not a grid", staff.PostForm("/registers/organisations", orgForm(e, func(f url.Values) {
		f.Set("uscc", code)
		f.Set("node_id", strconv.FormatInt(e.CommA.ID, 10))
	})), 400, "node_id", "网格", "平江路 100 号")
	en := e.Login(webtest.GridWorkerA)
	en.Lang = "en"
	wantField(t, "wrong check character (en)", en.PostForm("/registers/organisations", orgForm(e, func(f url.Values) { f.Set("uscc", wrong) })),
		400, "uscc", "check character does not match", wrong)
	// A grid out of the worker's scope does not exist for them.
	if r := worker.PostForm("/registers/organisations", orgForm(e, func(f url.Values) {
		f.Set("uscc", code)
		f.Set("node_id", strconv.FormatInt(e.GridB.ID, 10))
	})); r.StatusCode != 404 {
		t.Errorf("grid out of scope: %d", r.StatusCode)
	}

	// Created, with the contact's phone masked on the page.
	id := createdID(t, worker.PostForm("/registers/organisations", orgForm(e, func(f url.Values) { f.Set("uscc", code) })), "/registers/organisations")
	page := fmt.Sprintf("/registers/organisations/%d", id)
	r := worker.Get(page)
	if r.StatusCode != 200 || !strings.Contains(r.Body, code) || !strings.Contains(r.Body, "138****5678") ||
		strings.Contains(r.Body, "13812345678") || !strings.Contains(r.Body, fmt.Sprintf(`href="/admin/nodes/%d"`, e.GridA.ID)) ||
		!strings.Contains(r.Body, "120.630000, 31.310000") {
		t.Fatalf("page %d %s", r.StatusCode, snippet(r.Body))
	}
	if strings.Contains(r.Body, "/unmask") {
		t.Error("a grid worker is offered the unmask form")
	}
	o, err := e.DB.Organisation(context.Background(), e.Sys, id)
	if err != nil {
		t.Fatal(err)
	}

	// Edit, then the same edit again at the old version: a conflict that keeps the input.
	edit := orgForm(e, func(f url.Values) {
		f.Set("uscc", code)
		f.Set("name", "平江物业管理有限公司")
		f.Set("version", strconv.Itoa(o.Version))
	})
	if r := worker.PostForm(page, edit); r.StatusCode != 303 {
		t.Fatalf("edit %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := worker.Get(page); !strings.Contains(r.Body, "名称：平江物业 → 平江物业管理有限公司") || !strings.Contains(r.Body, "<strong>登记</strong>") {
		t.Errorf("history of the edit: %s", snippet(r.Body))
	}
	edit.Set("name", "又改了一次")
	r = worker.PostForm(page, edit)
	if r.StatusCode != 409 || !strings.Contains(r.Body, "已被他人修改") || !strings.Contains(r.Body, `value="又改了一次"`) ||
		!strings.Contains(r.Body, "<h1>平江物业管理有限公司") {
		t.Errorf("stale edit %d %s", r.StatusCode, snippet(r.Body))
	}
	edit.Del("version")
	if r := worker.PostForm(page, edit); r.StatusCode != 400 {
		t.Errorf("edit without a version %d", r.StatusCode)
	}
	edit.Set("version", "x")
	if r := worker.PostForm(page, edit); r.StatusCode != 400 {
		t.Errorf("edit with a bad version %d", r.StatusCode)
	}
	wantField(t, "edit with a wrong code", worker.PostForm(page, orgForm(e, func(f url.Values) {
		f.Set("uscc", wrong)
		f.Set("version", strconv.Itoa(o.Version+1))
	})), 400, "uscc", "校验位不符", wrong)

	// Contacts: added with field messages, removed, unmasked with a purpose.
	wantField(t, "contact with a bad phone", worker.PostForm(page+"/contacts", url.Values{"name": {"值班室"}, "phone": {"12"}}),
		400, "c-phone", "电话", "值班室")
	if r := worker.PostForm(page+"/contacts", url.Values{"name": {"值班室"}, "phone": {"0512-65229876"}}); r.StatusCode != 303 {
		t.Fatalf("add contact %d %s", r.StatusCode, snippet(r.Body))
	}
	cs, err := e.DB.OrganisationContacts(context.Background(), e.Sys, id)
	if err != nil || len(cs) != 2 {
		t.Fatalf("contacts %v %d", err, len(cs))
	}
	if r := worker.PostForm(fmt.Sprintf("%s/unmask", page), url.Values{"contact": {strconv.FormatInt(cs[0].ID, 10)}, "purpose": {"消防检查"}}); r.StatusCode != 403 {
		t.Errorf("grid worker unmask %d", r.StatusCode)
	}
	unmask := url.Values{"contact": {strconv.FormatInt(cs[0].ID, 10)}}
	wantField(t, "unmask without a purpose", staff.PostForm(page+"/unmask", unmask), 400, "u-purpose", "必填")
	unmask.Set("purpose", "消")
	wantField(t, "unmask with a vague purpose", staff.PostForm(page+"/unmask", unmask), 400, "u-purpose", "具体")
	wantField(t, "unmask of no contact", staff.PostForm(page+"/unmask", url.Values{"contact": {"999999"}, "purpose": {"消防检查"}}),
		400, "u-contact", "找不到")
	unmask.Set("purpose", "消防检查联系负责人")
	r = staff.PostForm(page+"/unmask", unmask)
	if r.StatusCode != 200 || !strings.Contains(r.Body, `href="tel:13812345678"`) || !strings.Contains(r.Body, "本次查看已记录") ||
		strings.Contains(r.Body, "0512-65229876") {
		t.Errorf("unmask %d %s", r.StatusCode, snippet(r.Body))
	}
	es, err := e.DB.AuditEntries(context.Background(), e.Sys, audit.Filter{Entity: "organisation", EntityID: strconv.FormatInt(id, 10)})
	if err != nil {
		t.Fatal(err)
	}
	var reads int
	for _, en := range es {
		if en.Action == "organisation.unmask_phone" {
			reads++
			if en.Purpose != "消防检查联系负责人" || en.Actor == "" || strings.Contains(en.Detail, "13812345678") {
				t.Errorf("audit entry %+v", en)
			}
		}
	}
	if reads != 1 {
		t.Errorf("%d unmask reads audited, want 1", reads)
	}
	if r := staff.Get(page); !strings.Contains(r.Body, "查看联系人完整电话") || !strings.Contains(r.Body, "原因：消防检查联系负责人") ||
		strings.Contains(r.Body, "13812345678") {
		t.Errorf("history shows the read, never the number: %s", snippet(r.Body))
	}
	remove := fmt.Sprintf("%s/contacts/%d/remove", page, cs[1].ID)
	if r := worker.PostForm(remove, nil); r.StatusCode != 303 {
		t.Errorf("remove contact %d", r.StatusCode)
	}
	if r := worker.PostForm(remove, nil); r.StatusCode != 409 || !strings.Contains(r.Body, "找不到该联系人") {
		t.Errorf("remove twice %d %s", r.StatusCode, snippet(r.Body))
	}

	// Retire and restore, each at the version read.
	o, _ = e.DB.Organisation(context.Background(), e.Sys, id)
	if r := worker.PostForm(page+"/retire", url.Values{"version": {strconv.Itoa(o.Version - 1)}}); r.StatusCode != 409 || !strings.Contains(r.Body, "已被他人修改") {
		t.Errorf("stale retire %d", r.StatusCode)
	}
	if r := worker.PostForm(page+"/retire", url.Values{"version": {strconv.Itoa(o.Version)}}); r.StatusCode != 303 {
		t.Fatalf("retire %d %s", r.StatusCode, snippet(r.Body))
	}
	r = worker.Get(page)
	if !strings.Contains(r.Body, "已注销") || !strings.Contains(r.Body, page+"/restore") || strings.Contains(r.Body, `id="edit"`) {
		t.Errorf("retired page %s", snippet(r.Body))
	}
	if r := worker.Get("/registers/organisations"); orgLinkRe.MatchString(r.Body) {
		t.Error("a retired organisation is listed")
	}
	if r := worker.Get("/registers/organisations?retired=1"); !orgLinkRe.MatchString(r.Body) {
		t.Error("retired=1 leaves the retired organisation out")
	}
	o, _ = e.DB.Organisation(context.Background(), e.Sys, id)
	if r := worker.PostForm(page+"/restore", url.Values{"version": {strconv.Itoa(o.Version)}}); r.StatusCode != 303 {
		t.Errorf("restore %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := worker.Get(page); !strings.Contains(r.Body, "恢复") || !strings.Contains(r.Body, page+"/retire") {
		t.Errorf("restored page %s", snippet(r.Body))
	}

	// A grid worker of another grid: the organisation does not exist for them.
	e.User("grid.b", account.GridWorker, e.GridB.ID, 0, "13800000009")
	other := e.Login("grid.b")
	for _, rr := range []*webtest.Response{other.Get(page), other.PostForm(page, edit), other.PostForm(page+"/retire", url.Values{"version": {"9"}}),
		other.PostForm(page+"/contacts", url.Values{"name": {"x"}, "phone": {"13800000010"}}),
		other.Get(fmt.Sprintf("/registers/organisations?node=%d", e.GridA.ID))} {
		if rr.StatusCode != 404 {
			t.Errorf("another grid's worker: %d", rr.StatusCode)
		}
	}
	if r := other.Get("/registers/organisations"); r.StatusCode != 200 || orgLinkRe.MatchString(r.Body) {
		t.Errorf("another grid's worker lists %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := e.Login(webtest.Leader).Get(page); r.StatusCode != 403 {
		t.Errorf("leaders do not read registers: %d", r.StatusCode)
	}
}

func TestOrganisationListFiltersAndPages(t *testing.T) {
	e := webtest.New(t)
	ctx := context.Background()
	code := validUSCC(t, "MA1N2P3Q5")
	for i := 0; i < 53; i++ {
		in := register.OrganisationInput{NodeID: e.GridA.ID, Kind: register.Individual, Name: fmt.Sprintf("平江小店%02d", i), Address: fmt.Sprintf("平江路 %d 号", i+1)}
		if i == 7 {
			in.Kind, in.USCC, in.Name = register.Enterprise, code, "苏州甲企业"
		}
		if _, err := e.DB.CreateOrganisation(ctx, e.Sys, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.DB.CreateOrganisation(ctx, e.Sys, register.OrganisationInput{NodeID: e.GridB.ID, Kind: register.SocialOrg,
		USCC: validUSCC(t, "MA1N2P3Q6"), Name: "南门协会", Address: "南门路 1 号"}); err != nil {
		t.Fatal(err)
	}
	worker := e.Login(webtest.GridWorkerA)
	r := worker.Get("/registers/organisations")
	if n := len(orgLinkRe.FindAllString(r.Body, -1)); r.StatusCode != 200 || n != 50 || strings.Contains(r.Body, "南门协会") {
		t.Fatalf("first page: %d rows, status %d", n, r.StatusCode)
	}
	m := nextLinkRe.FindStringSubmatch(r.Body)
	if m == nil {
		t.Fatal("no next-page link")
	}
	r = worker.Get(html.UnescapeString(m[1]))
	if n := len(orgLinkRe.FindAllString(r.Body, -1)); r.StatusCode != 200 || n != 3 || nextLinkRe.MatchString(r.Body) || !firstRe.MatchString(r.Body) {
		t.Errorf("second page: %d rows, status %d", n, r.StatusCode)
	}
	staff := e.Login(webtest.StaffDist)
	for q, want := range map[string]int{
		"?kind=enterprise": 1, "?kind=social": 1, "?uscc=" + strings.ToLower(code): 1, "?q=" + url.QueryEscape("平江路 5"): 5,
		"?q=" + url.QueryEscape("南门"): 1, fmt.Sprintf("?node=%d", e.StreetB.ID): 1, fmt.Sprintf("?node=%d&kind=individual", e.CommA.ID): 50,
	} {
		r := staff.Get("/registers/organisations" + q)
		if n := len(orgLinkRe.FindAllString(r.Body, -1)); r.StatusCode != 200 || n != want {
			t.Errorf("filter %s: %d rows (want %d), status %d", q, n, want, r.StatusCode)
		}
	}
	for q, field := range map[string]string{"?kind=club": "e-kind", "?node=abc": "e-node", "?after=zzz": "翻页位置无效"} {
		r := staff.Get("/registers/organisations" + q)
		if r.StatusCode != 400 || !strings.Contains(r.Body, field) {
			t.Errorf("bad filter %s: %d %s", q, r.StatusCode, snippet(r.Body))
		}
	}
}

func facForm(e *webtest.Env, change func(url.Values)) url.Values {
	f := url.Values{"node_id": {strconv.FormatInt(e.GridA.ID, 10)}, "minor": {"0101"}, "condition": {"good"},
		"lng": {"120.631"}, "lat": {"31.316"}, "address": {"平江路 100 号门前人行道"}, "owner_unit_id": {strconv.FormatInt(e.UnitA.ID, 10)}}
	if change != nil {
		change(f)
	}
	return f
}

func TestFacilityPages(t *testing.T) {
	e := webtest.New(t)
	worker := e.Login(webtest.GridWorkerA)
	r := worker.Get("/registers/facilities/new")
	if r.StatusCode != 200 || !strings.Contains(r.Body, `<optgroup label="01 公用设施">`) || !strings.Contains(r.Body, "0101 上水井盖") ||
		!strings.Contains(r.Body, "平江街道城管中队") || strings.Contains(r.Body, "沧浪街道城管中队") {
		t.Fatalf("new page %d %s", r.StatusCode, snippet(r.Body))
	}
	org, err := e.DB.CreateOrganisation(context.Background(), e.Sys, register.OrganisationInput{NodeID: e.GridA.ID, Kind: register.OtherOrg,
		Name: "平江小区业委会", Address: "平江路 1 号"})
	if err != nil {
		t.Fatal(err)
	}
	bad := []struct {
		name, field, msg string
		change           func(url.Values)
	}{
		{"no class", "minor", "必填", func(f url.Values) { f.Del("minor") }},
		{"unknown class", "minor", "", func(f url.Values) { f.Set("minor", "0199") }},
		{"no location", "location", "必填", func(f url.Values) { f.Del("lng"); f.Del("lat") }},
		{"latitude missing", "lat", "必填", func(f url.Values) { f.Del("lat") }},
		{"longitude not a number", "lng", "数字", func(f url.Values) { f.Set("lng", "x") }},
		{"outside China", "location", "不在中国境内", func(f url.Values) { f.Set("lng", "-73.99"); f.Set("lat", "40.73") }},
		{"condition unknown", "condition", "请选择", func(f url.Values) { f.Set("condition", "ok") }},
		{"two owners", "owner_org_id", "只能选一个", func(f url.Values) { f.Set("owner_org_id", strconv.FormatInt(org.ID, 10)) }},
		{"an owner unit out of reach", "owner_unit_id", "找不到", func(f url.Values) { f.Set("owner_unit_id", strconv.FormatInt(e.UnitB.ID, 10)) }},
		{"a code of the wrong form", "code", "16 位", func(f url.Values) { f.Set("code", "32050801") }},
		{"a code of another district", "code", "320508", func(f url.Values) { f.Set("code", "3205070101000001") }},
	}
	for _, tt := range bad {
		r := worker.PostForm("/registers/facilities", facForm(e, tt.change))
		wantField(t, tt.name, r, 400, tt.field, tt.msg, "平江路 100 号门前人行道")
		if strings.Contains(r.Body, `id="e-major"`) {
			t.Errorf("%s: a message on the major class, which the form does not show", tt.name)
		}
	}
	if r := worker.PostForm("/registers/facilities", facForm(e, func(f url.Values) { f.Set("node_id", strconv.FormatInt(e.GridB.ID, 10)) })); r.StatusCode != 404 {
		t.Errorf("grid out of scope: %d", r.StatusCode)
	}

	// Created: the generated code is shown on the page it lands on.
	id := createdID(t, worker.PostForm("/registers/facilities", facForm(e, nil)), "/registers/facilities")
	page := fmt.Sprintf("/registers/facilities/%d", id)
	r = worker.Get(page)
	if m := codeRe.FindStringSubmatch(r.Body); r.StatusCode != 200 || m == nil || m[1] != "3205080101000001" ||
		!strings.Contains(r.Body, "平江街道城管中队") {
		t.Fatalf("page %d %s", r.StatusCode, snippet(r.Body))
	}
	x, err := e.DB.Facility(context.Background(), e.Sys, id)
	if err != nil {
		t.Fatal(err)
	}
	// Edit to another class (a new code), then stale.
	edit := facForm(e, func(f url.Values) {
		f.Set("minor", "0103")
		f.Set("owner_unit_id", "")
		f.Set("owner_org_id", strconv.FormatInt(org.ID, 10))
		f.Set("version", strconv.Itoa(x.Version))
	})
	if r := worker.PostForm(page, edit); r.StatusCode != 303 {
		t.Fatalf("edit %d %s", r.StatusCode, snippet(r.Body))
	}
	r = worker.Get(page)
	if m := codeRe.FindStringSubmatch(r.Body); m == nil || m[1] != "3205080103000001" || !strings.Contains(r.Body, "平江小区业委会") ||
		!strings.Contains(r.Body, "上水井盖") || !strings.Contains(r.Body, "雨水井盖") {
		t.Errorf("edited page and history %s", snippet(r.Body))
	}
	edit.Set("condition", "damaged")
	edit.Set("address", "改过的位置描述")
	r = worker.PostForm(page, edit)
	if r.StatusCode != 409 || !strings.Contains(r.Body, "已被他人修改") || !strings.Contains(r.Body, `value="改过的位置描述"`) {
		t.Errorf("stale edit %d %s", r.StatusCode, snippet(r.Body))
	}
	x, _ = e.DB.Facility(context.Background(), e.Sys, id)
	wantField(t, "edit without a class", worker.PostForm(page, facForm(e, func(f url.Values) {
		f.Del("minor")
		f.Set("version", strconv.Itoa(x.Version))
	})), 400, "minor", "必填")

	// Retire and restore.
	if r := worker.PostForm(page+"/retire", url.Values{"version": {strconv.Itoa(x.Version)}}); r.StatusCode != 303 {
		t.Fatalf("retire %d %s", r.StatusCode, snippet(r.Body))
	}
	if r := worker.Get("/registers/facilities"); facLinkRe.MatchString(r.Body) {
		t.Error("a retired facility is listed")
	}
	if r := worker.PostForm(page+"/retire", url.Values{"version": {strconv.Itoa(x.Version + 1)}}); r.StatusCode != 409 {
		t.Errorf("retire twice %d", r.StatusCode)
	}
	if r := worker.PostForm(page+"/restore", url.Values{"version": {strconv.Itoa(x.Version + 1)}}); r.StatusCode != 303 {
		t.Errorf("restore %d %s", r.StatusCode, snippet(r.Body))
	}

	// The list: filters and pages.
	for i := 0; i < 51; i++ {
		if r := worker.PostForm("/registers/facilities", facForm(e, func(f url.Values) {
			f.Set("minor", "0118")
			f.Set("lng", strconv.FormatFloat(120.6+float64(i)*0.0001, 'f', 4, 64))
			f.Set("condition", map[bool]string{true: "damaged", false: "good"}[i%10 == 0])
		})); r.StatusCode != 303 {
			t.Fatalf("facility %d: %d %s", i, r.StatusCode, snippet(r.Body))
		}
	}
	r = worker.Get("/registers/facilities")
	m := nextLinkRe.FindStringSubmatch(r.Body)
	if n := len(facLinkRe.FindAllString(r.Body, -1)); n != 50 || m == nil {
		t.Fatalf("first page %d rows", n)
	}
	if r := worker.Get(html.UnescapeString(m[1])); len(facLinkRe.FindAllString(r.Body, -1)) != 2 {
		t.Errorf("second page %s", snippet(r.Body))
	}
	for q, want := range map[string]int{"?condition=damaged": 6, "?minor=0103": 1, "?major=01&minor=0118": 50, "?code=3205080103000001": 1,
		"?q=3205080118": 50, "?owner_org=" + strconv.FormatInt(org.ID, 10): 1} {
		if r := worker.Get("/registers/facilities" + q); len(facLinkRe.FindAllString(r.Body, -1)) != want || r.StatusCode != 200 {
			t.Errorf("filter %s: %d rows, want %d", q, len(facLinkRe.FindAllString(r.Body, -1)), want)
		}
	}
	for _, q := range []string{"?major=09", "?minor=x", "?condition=x", "?after=1.%21", "?node=-1"} {
		if r := worker.Get("/registers/facilities" + q); r.StatusCode != 400 {
			t.Errorf("bad filter %s: %d", q, r.StatusCode)
		}
	}

	// A grid worker of another grid: not found.
	e.User("grid.b", account.GridWorker, e.GridB.ID, 0, "13800000009")
	other := e.Login("grid.b")
	if r := other.Get(page); r.StatusCode != 404 {
		t.Errorf("another grid's worker reads %d", r.StatusCode)
	}
	if r := other.PostForm(page+"/retire", url.Values{"version": {"1"}}); r.StatusCode != 404 {
		t.Errorf("another grid's worker retires %d", r.StatusCode)
	}
	if r := other.Get("/registers/facilities"); r.StatusCode != 200 || facLinkRe.MatchString(r.Body) {
		t.Errorf("another grid's worker lists %d", r.StatusCode)
	}
}
