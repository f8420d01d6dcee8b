package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// rentalNew registers a tenant in a house for a period through the store.
func rentalNew(t *testing.T, e *webtest.Env, houseID, tenantID int64, start, end time.Time) *register.Rental {
	t.Helper()
	x, err := e.DB.CreateRental(treeCtx, e.Sys, register.RentalInput{HouseID: houseID, TenantID: tenantID, Start: start, End: end})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestRentalFormsThroughPages(t *testing.T) {
	e := webtest.New(t) // today is 2026-03-02
	_, house := bldgFixture(e, true)
	_, houseB := bldgFixture(e, false)
	tenant, tenantID := hhPerson(t, e, e.GridA.ID, "赵租客")
	_, outsiderID := hhPerson(t, e, e.GridB.ID, "南门租客")
	c := e.Login(webtest.GridWorkerA)

	r := c.Get(fmt.Sprintf("/registers/rentals/new?house=%d", house.ID))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "登记租住人员", "赵租客", `value="2026-03-02"`, `value="2027-03-01"`)
	if r := c.Get(fmt.Sprintf("/registers/rentals/new?house=%d", houseB.ID)); r.StatusCode != 404 {
		t.Errorf("the form for another grid's house: %d", r.StatusCode)
	}

	ok := func(mod func(url.Values)) url.Values {
		v := url.Values{"house_id": {fmt.Sprint(house.ID)}, "tenant_id_number": {tenantID}, "start": {"2026-03-01"}, "end": {"2027-02-28"}}
		mod(v)
		return v
	}
	bad := []struct {
		name string
		form url.Values
		want []string
	}{
		{"nothing", url.Values{}, []string{"必填"}},
		{"end before start", ok(func(v url.Values) { v.Set("end", "2026-02-01") }), []string{"结束日期不能早于开始日期", `value="2026-02-01"`}},
		{"more than three years", ok(func(v url.Values) { v.Set("end", "2029-03-01") }), []string{"一次登记最长 3 年"}},
		{"not a date", ok(func(v url.Values) { v.Set("start", "明天") }), []string{`value="明天"`}},
		{"tenant outside the scope", ok(func(v url.Values) { v.Set("tenant_id_number", outsiderID) }), []string{"辖区内没有该身份证号码的居民"}},
		{"tenant picked outside the scope", ok(func(v url.Values) { v.Del("tenant_id_number"); v.Set("tenant_pick", "999999") }),
			[]string{"找不到该人员"}},
		{"unknown house", ok(func(v url.Values) { v.Set("house_id", "999999") }), []string{"找不到该房屋"}},
		{"another grid's house", ok(func(v url.Values) { v.Set("house_id", fmt.Sprint(houseB.ID)) }), []string{"找不到该房屋"}},
	}
	for _, b := range bad {
		r := c.PostForm("/registers/rentals", b.form)
		if r.StatusCode != 400 {
			t.Errorf("%s: status %d", b.name, r.StatusCode)
		}
		treeWantBody(t, r, b.want...)
	}
	r = c.PostForm("/registers/rentals", ok(func(url.Values) {}))
	treeWantStatus(t, r, 303)
	page := hhLocation(r)
	// The same registration twice is a field message too.
	r = c.PostForm("/registers/rentals", ok(func(url.Values) {}))
	treeWantStatus(t, r, 400)
	r = c.Get(page)
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "赵租客", tenant.IDMasked, fmt.Sprintf(`href="/registers/people/%d"`, tenant.ID), "2027-02-28", "剩 363 天")
	treeWantNoBody(t, r, tenantID)

	// Edit: bad dates, a stale version, then an earlier end.
	r = c.PostForm(page, url.Values{"version": {"1"}, "house_id": {fmt.Sprint(house.ID)}, "start": {"2026-03-01"}, "end": {"2025-01-01"}})
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "结束日期不能早于开始日期", `value="2025-01-01"`)
	r = c.PostForm(page, url.Values{"version": {"1"}, "house_id": {fmt.Sprint(house.ID)}, "start": {"2026-03-01"}, "end": {"2026-08-31"}})
	treeWantStatus(t, r, 303)
	r = c.PostForm(page, url.Values{"version": {"1"}, "house_id": {fmt.Sprint(house.ID)}, "start": {"2026-03-01"}, "end": {"2026-09-30"}})
	treeWantStatus(t, r, 409)
	treeWantBody(t, r, "该记录已被他人修改", `value="2026-09-30"`, `name="version" value="2"`)
	r = c.PostForm(page, url.Values{"version": {"2"}, "house_id": {"999999"}, "start": {"2026-03-01"}, "end": {"2026-09-30"}})
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "找不到该房屋")
	c.Lang = "en"
	r = c.PostForm(page, url.Values{"version": {"2"}, "house_id": {fmt.Sprint(house.ID)}, "start": {"2026-03-01"}, "end": {"2030-01-01"}})
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "One registration covers at most 3 years")
	c.Lang = ""

	// The house's page lists it with the button to register a tenant.
	r = c.Get(fmt.Sprintf("/registers/houses/%d", house.ID))
	treeWantBody(t, r, "出租登记", "赵租客", "2026-08-31", fmt.Sprintf(`href="/registers/rentals/new?house=%d"`, house.ID))

	// Scope and retire.
	if r := e.Login(webtest.StaffB).Get(page); r.StatusCode != 404 {
		t.Errorf("another street's staff: %d", r.StatusCode)
	}
	r = c.PostForm(page+"/retire", url.Values{"version": {"1"}})
	treeWantStatus(t, r, 409)
	treeWantBody(t, r, "该记录已被他人修改")
	treeWantStatus(t, c.PostForm(page+"/retire", url.Values{"version": {"2"}}), 303)
	r = c.Get(page)
	treeWantBody(t, r, "已作废", "登记", "修改", "作废")
	treeWantNoBody(t, r, `action="`+page+`/retire`)
}

func TestRentalListAndExpiring(t *testing.T) {
	e := webtest.New(t) // today is 2026-03-02
	_, house := bldgFixture(e, true)
	_, houseB := bldgFixture(e, false)
	d := register.Date
	soon, _ := hhPerson(t, e, e.GridA.ID, "八天后到期")
	later, _ := hhPerson(t, e, e.GridA.ID, "廿三天后到期")
	far, _ := hhPerson(t, e, e.GridA.ID, "七十四天后到期")
	old, _ := hhPerson(t, e, e.GridA.ID, "已到期租客")
	next, _ := hhPerson(t, e, e.GridA.ID, "未来租客")
	south, _ := hhPerson(t, e, e.GridB.ID, "南门租客")
	rentalNew(t, e, house.ID, soon.ID, d(2025, 3, 11), d(2026, 3, 10))
	rentalNew(t, e, house.ID, later.ID, d(2025, 3, 26), d(2026, 3, 25))
	rentalNew(t, e, house.ID, far.ID, d(2025, 5, 16), d(2026, 5, 15))
	rentalNew(t, e, house.ID, old.ID, d(2025, 1, 1), d(2025, 12, 31))
	rentalNew(t, e, house.ID, next.ID, d(2026, 6, 1), d(2027, 5, 31))
	rentalNew(t, e, houseB.ID, south.ID, d(2025, 3, 11), d(2026, 3, 10))
	c := e.Login(webtest.GridWorkerA)

	r := c.Get("/registers/rentals")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "八天后到期", "已到期租客", "未来租客", "剩 8 天")
	treeWantNoBody(t, r, "南门租客")
	r = c.Get("/registers/rentals?status=active")
	treeWantBody(t, r, "八天后到期", "七十四天后到期")
	treeWantNoBody(t, r, "已到期租客", "未来租客")
	r = c.Get("/registers/rentals?status=expired")
	treeWantBody(t, r, "已到期租客")
	treeWantNoBody(t, r, "八天后到期")
	r = c.Get("/registers/rentals?status=future")
	treeWantBody(t, r, "未来租客")
	treeWantNoBody(t, r, "八天后到期")

	r = c.Get("/registers/rentals?status=expiring")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "八天后到期", "廿三天后到期", "30 天内到期的在租登记")
	treeWantNoBody(t, r, "七十四天后到期", "已到期租客", "南门租客")
	if i, j := strings.Index(r.Body, "八天后到期"), strings.Index(r.Body, "廿三天后到期"); i > j {
		t.Error("the expiring list is not soonest first")
	}
	treeWantBody(t, c.Get("/registers/rentals?status=expiring&within=90"), "七十四天后到期")
	treeWantBody(t, c.Get("/registers/rentals?status=expiring&within=7"), "7 天内没有到期的登记")
	for _, q := range []string{"status=expiring&within=45", "status=soon", "after=zzz"} {
		r := c.Get("/registers/rentals?" + q)
		treeWantStatus(t, r, 400)
	}
	if r := c.Get(fmt.Sprintf("/registers/rentals?node=%d", e.GridB.ID)); r.StatusCode != 404 {
		t.Errorf("another grid's list: %d", r.StatusCode)
	}

	// The home page of the grid worker counts them; a district's staff get no card.
	r = c.Get("/")
	treeWantBody(t, r, "出租登记到期提醒", `href="/registers/rentals?status=expiring&amp;within=30"`, `<span class="num">2</span>`)
	treeWantNoBody(t, e.Login(webtest.StaffDist).Get("/"), "出租登记到期提醒")
	treeWantBody(t, e.Login(webtest.StaffCommA).Get("/"), "出租登记到期提醒")

	// Nine days on, the first has expired and the third is not yet due.
	e.DB.Clock.Advance(9 * 24 * time.Hour)
	c = e.Login(webtest.GridWorkerA) // the session of nine days ago has lapsed
	r = c.Get("/registers/rentals?status=expiring")
	treeWantBody(t, r, "廿三天后到期", "剩 14 天")
	treeWantNoBody(t, r, "八天后到期", "七十四天后到期")
	treeWantBody(t, c.Get("/registers/rentals?status=expired"), "八天后到期")
	treeWantBody(t, c.Get("/"), `<span class="num">1</span>`)
}

func TestRentalListNextPage(t *testing.T) {
	e := webtest.New(t)
	_, house := bldgFixture(e, true)
	p, _ := hhPerson(t, e, e.GridA.ID, "长租客")
	for i := 0; i < 52; i++ {
		start := register.Date(2020, 1, 1).AddDate(0, 0, i)
		rentalNew(t, e, house.ID, p.ID, start, start)
	}
	c := e.Login(webtest.GridWorkerA)
	r := c.Get("/registers/rentals?status=expired")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "2020-01-01", "2020-02-19", `rel="next"`)
	treeWantNoBody(t, r, "2020-02-20")
	r = c.Get(strings.ReplaceAll(regexpFind(r.Body, `rel="next" href="([^"]+)"`), "&amp;", "&"))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "2020-02-20", "2020-02-21", `rel="prev"`)
	treeWantNoBody(t, r, "2020-02-19")
}
