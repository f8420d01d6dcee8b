package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// hhPerson registers a resident with a known ID number in a grid.
func hhPerson(t *testing.T, e *webtest.Env, gridID int64, name string) (*register.Person, string) {
	t.Helper()
	n := peopleSeq.Add(1)
	id := idFor(n*7 + 300000)
	p, err := e.DB.CreatePerson(treeCtx, e.Sys, register.PersonInput{NodeID: gridID, Name: name, RegType: register.Registered, IDNumber: id})
	if err != nil {
		t.Fatalf("person %s: %v", name, err)
	}
	return p, id
}

func hhLocation(r *webtest.Response) string { return r.Header.Get("Location") }

func TestHouseholdPagesThroughForms(t *testing.T) {
	e := webtest.New(t)
	_, house := bldgFixture(e, true)
	head, headID := hhPerson(t, e, e.GridA.ID, "王建国")
	wife, _ := hhPerson(t, e, e.GridA.ID, "李秀英")
	_, outsiderID := hhPerson(t, e, e.GridB.ID, "南门居民")
	c := e.Login(webtest.GridWorkerA)

	r := c.Get(fmt.Sprintf("/registers/households/new?house=%d", house.ID))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "登记新户", "王建国", fmt.Sprintf(`<option value="%d" selected>`, house.ID), `name="head_id_number"`)
	treeWantNoBody(t, r, headID)

	// Failed submissions come back with their messages and what was typed.
	bad := []struct {
		name string
		form url.Values
		want []string
	}{
		{"nothing", url.Values{}, []string{"必填", "请选择房屋或填写地址"}},
		{"unknown ID number", url.Values{"node_id": {fmt.Sprint(e.GridA.ID)}, "address": {"平江路 9 号"}, "head_id_number": {idFor(777777)}},
			[]string{"辖区内没有该身份证号码的居民", `value="平江路 9 号"`}},
		{"a resident of another grid", url.Values{"node_id": {fmt.Sprint(e.GridA.ID)}, "address": {"x"}, "head_id_number": {outsiderID}},
			[]string{"辖区内没有该身份证号码的居民"}},
		{"a typo in the ID number", url.Values{"node_id": {fmt.Sprint(e.GridA.ID)}, "address": {"x"}, "head_id_number": {"3205081990"}},
			[]string{"身份证号码应为 18 位"}},
		{"unknown house", url.Values{"node_id": {fmt.Sprint(e.GridA.ID)}, "house_id": {"999999"}, "head_pick": {fmt.Sprint(head.ID)}},
			[]string{"找不到该房屋"}},
		{"another grid", url.Values{"node_id": {fmt.Sprint(e.GridB.ID)}, "address": {"x"}, "head_pick": {fmt.Sprint(head.ID)}}, nil},
		{"not a number", url.Values{"node_id": {"abc"}, "address": {"x"}, "head_pick": {fmt.Sprint(head.ID)}}, []string{"请输入数字"}},
	}
	for _, b := range bad {
		r := c.PostForm("/registers/households", b.form)
		if r.StatusCode != 400 && r.StatusCode != 404 {
			t.Errorf("%s: status %d", b.name, r.StatusCode)
		}
		if r.StatusCode >= 500 {
			t.Errorf("%s: %s", b.name, r.Body)
		}
		treeWantBody(t, r, b.want...)
	}

	r = c.PostForm("/registers/households", url.Values{"node_id": {fmt.Sprint(e.GridA.ID)}, "number": {"320508001"},
		"house_id": {fmt.Sprint(house.ID)}, "head_id_number": {headID}})
	treeWantStatus(t, r, 303)
	page := hhLocation(r)
	if !strings.HasPrefix(page, "/registers/households/") {
		t.Fatalf("created: redirected to %q", page)
	}
	r = c.Get(page)
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "320508001", fmt.Sprintf(`href="/registers/people/%d"`, head.ID), "王建国", head.IDMasked,
		fmt.Sprintf(`href="/registers/houses/%d"`, house.ID), "本人（户主）")
	treeWantNoBody(t, r, headID)

	// Add a member from the grid's residents; a second add with the old version is refused.
	r = c.PostForm(page+"/members", url.Values{"version": {"1"}, "add_pick": {fmt.Sprint(wife.ID)}, "add_relation": {"spouse"}})
	treeWantStatus(t, r, 303)
	r = c.PostForm(page+"/members", url.Values{"version": {"1"}, "add_id_number": {idFor(888888)}, "add_relation": {"son"}})
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "辖区内没有该身份证号码的居民", fmt.Sprintf(`value="%s"`, idFor(888888)))
	r = c.PostForm(page+"/members", url.Values{"version": {"1"}, "add_pick": {fmt.Sprint(wife.ID)}})
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "请选择一项")
	son, sonID := hhPerson(t, e, e.GridA.ID, "王小明")
	r = c.PostForm(page+"/members", url.Values{"version": {"1"}, "add_id_number": {sonID}, "add_relation": {"son"}})
	treeWantStatus(t, r, 409)
	treeWantBody(t, r, "该记录已被他人修改", fmt.Sprintf(`value="%s"`, sonID), `name="version" value="2"`)
	r = c.PostForm(page+"/members", url.Values{"version": {"2"}, "add_id_number": {sonID}, "add_relation": {"son"}})
	treeWantStatus(t, r, 303)

	// Two heads are refused; then the head changes.
	rel := func(h, w, s string) url.Values {
		return url.Values{"version": {"3"}, fmt.Sprintf("relation.%d", head.ID): {h}, fmt.Sprintf("relation.%d", wife.ID): {w},
			fmt.Sprintf("relation.%d", son.ID): {s}}
	}
	r = c.PostForm(page+"/relations", rel("self", "self", "son"))
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "一户只能有一位户主")
	r = c.PostForm(page+"/relations", rel("spouse", "self", "son"))
	treeWantStatus(t, r, 303)
	r = c.Get(page)
	if i, j := strings.Index(r.Body, "李秀英"), strings.Index(r.Body, "王建国"); i < 0 || j < 0 || i > j {
		t.Error("the new head is not listed first")
	}

	// The head cannot be removed; another member can.
	r = c.PostForm(fmt.Sprintf("%s/members/%d/remove", page, wife.ID), url.Values{"version": {"4"}})
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "不能移出户主")
	r = c.PostForm(fmt.Sprintf("%s/members/%d/remove", page, son.ID), url.Values{"version": {"4"}})
	treeWantStatus(t, r, 303)
	treeWantNoBody(t, c.Get(page), fmt.Sprintf(`href="/registers/people/%d"`, son.ID))

	// The details form: an address instead of the house.
	r = c.PostForm(page, url.Values{"version": {"5"}, "node_id": {fmt.Sprint(e.GridA.ID)}, "number": {"320508001"}})
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "请选择房屋或填写地址")
	r = c.PostForm(page, url.Values{"version": {"5"}, "node_id": {fmt.Sprint(e.GridA.ID)}, "number": {"320508002"}, "address": {"平江路 100 号"}})
	treeWantStatus(t, r, 303)

	// The house's page lists the household; the list finds it.
	treeWantBody(t, c.Get(fmt.Sprintf("/registers/houses/%d", house.ID)), "居住的户", `href="/registers/households/new?house=`)
	r = c.Get("/registers/households?number=320508002")
	treeWantBody(t, r, "320508002", "李秀英", "平江路 100 号")

	// English.
	en := e.Login(webtest.GridWorkerA)
	en.Lang = "en"
	r = en.PostForm(page+"/relations", url.Values{"version": {"6"}, fmt.Sprintf("relation.%d", head.ID): {"self"},
		fmt.Sprintf("relation.%d", wife.ID): {"self"}})
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "A household has only one head", "Members")

	// Scope: staff of the other street do not find it.
	if r := e.Login(webtest.StaffB).Get(page); r.StatusCode != 404 {
		t.Errorf("another street's staff: %d", r.StatusCode)
	}

	// Dissolve it, with a stale version first.
	r = c.PostForm(page+"/retire", url.Values{"version": {"1"}})
	treeWantStatus(t, r, 409)
	treeWantBody(t, r, "该记录已被他人修改")
	r = c.PostForm(page+"/retire", url.Values{"version": {"6"}})
	treeWantStatus(t, r, 303)
	r = c.Get(page)
	treeWantBody(t, r, "已注销", "注销", "登记", "户号")
	treeWantNoBody(t, r, `action="`+page+`/members"`)
	if r := c.PostForm(page+"/retire", url.Values{"version": {"7"}}); r.StatusCode != 409 {
		t.Errorf("retire twice: %d", r.StatusCode)
	}
}

func TestHouseholdListPages(t *testing.T) {
	e := webtest.New(t)
	for i := 0; i < 52; i++ {
		p, _ := hhPerson(t, e, e.GridA.ID, fmt.Sprintf("户主%d", i))
		if _, err := e.DB.CreateHousehold(treeCtx, e.Sys, register.HouseholdInput{NodeID: e.GridA.ID, Number: fmt.Sprintf("A%03d", i),
			Address: "平江路", Members: []register.Member{{PersonID: p.ID, Relation: register.Self}}}); err != nil {
			t.Fatal(err)
		}
	}
	pb, _ := hhPerson(t, e, e.GridB.ID, "南门户主")
	hb, err := e.DB.CreateHousehold(treeCtx, e.Sys, register.HouseholdInput{NodeID: e.GridB.ID, Number: "B001", Address: "南门",
		Members: []register.Member{{PersonID: pb.ID, Relation: register.Self}}})
	if err != nil {
		t.Fatal(err)
	}
	c := e.Login(webtest.GridWorkerA)
	r := c.Get("/registers/households")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "A000", "A049", `rel="next"`, "户主0", "登记户")
	treeWantNoBody(t, r, "A050", "B001")
	r = c.Get(strings.ReplaceAll(regexpFind(r.Body, `rel="next" href="([^"]+)"`), "&amp;", "&"))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "A050", "A051", `rel="prev"`)
	treeWantNoBody(t, r, ">A049<")

	treeWantStatus(t, c.Get("/registers/households?after=zzz"), 400)
	if r := c.Get(fmt.Sprintf("/registers/households?node=%d", e.GridB.ID)); r.StatusCode != 404 {
		t.Errorf("another grid's list: %d", r.StatusCode)
	}
	if r := c.Get(fmt.Sprintf("/registers/households/%d", hb.ID)); r.StatusCode != 404 {
		t.Errorf("another grid's household: %d", r.StatusCode)
	}
	treeWantBody(t, e.Login(webtest.StaffDist).Get("/registers/households?number=B001"), "B001", "南门户主")
	treeWantBody(t, c.Get("/registers"), `href="/registers/households"`, `href="/registers/rentals"`)
}
