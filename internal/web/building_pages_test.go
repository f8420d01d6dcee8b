package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

func TestRegistersLandingAndNavigation(t *testing.T) {
	e := webtest.New(t)
	r := e.Login(webtest.GridWorkerA).Get("/registers")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, `href="/registers/buildings"`, `href="/registers/houses"`, "楼栋", "房屋", `href="/registers" class="active"`)
	if r := e.Login(webtest.Leader).Get("/"); strings.Contains(r.Body, `href="/registers"`) {
		t.Error("the navigation offers the registers to a leader")
	}
	if r := e.Login(webtest.StaffA).Get("/"); !strings.Contains(r.Body, `href="/registers"`) || !strings.Contains(r.Body, "台账") {
		t.Error("the navigation lacks the registers")
	}
	c := e.Login(webtest.StaffA)
	c.Lang = "en"
	treeWantBody(t, c.Get("/registers"), "Registers", "Buildings")
}

func TestBuildingListPage(t *testing.T) {
	e := webtest.New(t)
	for i := 0; i < 52; i++ {
		bldgNew(t, e, e.GridA.ID, fmt.Sprintf("%d幢", i+1), 3)
	}
	shop, err := e.DB.CreateBuilding(treeCtx, e.Sys, register.BuildingInput{NodeID: e.GridA.ID, Name: "商场", Address: "观前街 1 号",
		FloorsAbove: 4, Kind: register.Commercial})
	if err != nil {
		t.Fatal(err)
	}
	bldgNew(t, e, e.GridB.ID, "南门1幢", 3)
	c := e.Login(webtest.GridWorkerA)
	r := c.Get("/registers/buildings")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "1幢", "50幢", `rel="next"`, "新增楼栋")
	treeWantNoBody(t, r, "南门1幢", ">51幢<")
	next := regexpFind(r.Body, `rel="next" href="([^"]+)"`)
	r = c.Get(strings.ReplaceAll(next, "&amp;", "&"))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "51幢", "52幢", "商场", `rel="prev"`)
	treeWantNoBody(t, r, ">50幢<")

	r = c.Get("/registers/buildings?kind=commercial")
	treeWantBody(t, r, fmt.Sprintf(`href="/registers/buildings/%d"`, shop.ID))
	treeWantNoBody(t, r, ">1幢<")
	r = c.Get("/registers/buildings?q=" + url.QueryEscape("观前"))
	treeWantBody(t, r, "商场")
	treeWantNoBody(t, r, ">1幢<")
	treeWantBody(t, c.Get("/registers/buildings?q=nothing"), "没有符合条件的楼栋")
	r = c.Get("/registers/buildings?kind=castle")
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "请选择一项")
	if r := c.Get(fmt.Sprintf("/registers/buildings?under=%d", e.GridB.ID)); r.StatusCode != 404 {
		t.Errorf("under another grid: %d", r.StatusCode)
	}
	r = e.Login(webtest.StaffDist).Get("/registers/buildings?q=" + url.QueryEscape("南门"))
	treeWantBody(t, r, "南门1幢")
}

func regexpFind(body, pattern string) string {
	i := strings.Index(pattern, "(")
	prefix := pattern[:i]
	j := strings.Index(body, prefix)
	if j < 0 {
		return ""
	}
	rest := body[j+len(prefix):]
	return rest[:strings.IndexByte(rest, '"')]
}

func TestBuildingFormsThroughPages(t *testing.T) {
	e := webtest.New(t)
	c := e.Login(webtest.GridWorkerA)
	r := c.Get("/registers/buildings/new")
	treeWantStatus(t, r, 200)
	// The grid worker's only grid is chosen already.
	treeWantBody(t, r, fmt.Sprintf(`<option value="%d" selected>`, e.GridA.ID), "地上层数", "住宅")

	valid := url.Values{"node_id": {fmt.Sprint(e.GridA.ID)}, "name": {"5幢"}, "address": {"平江路 5 号"}, "kind": {"residential"},
		"floors_above": {"6"}, "floors_below": {"1"}, "lng": {"120.63"}, "lat": {"31.31"}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for kk, vv := range valid {
			out[kk] = vv
		}
		out.Set(k, v)
		return out
	}
	bad := []struct {
		name, field, msg string
		form             url.Values
	}{
		{"no name", "name", "必填", with("name", "")},
		{"floors above 0", "floors_above", "应在 1 到 200 之间", with("floors_above", "0")},
		{"floors as words", "floors_above", "请输入数字", with("floors_above", "六")},
		{"unknown kind", "kind", "请选择一项", with("kind", "castle")},
		{"latitude alone", "location", "同时填写", with("lng", "")},
		{"location outside China", "location", "不在中国境内", with("lng", "-73.98")},
		{"location as words", "location", "请输入数字", with("lat", "north")},
		{"no grid", "node_id", "必填", with("node_id", "")},
	}
	for _, tt := range bad {
		r := c.PostForm("/registers/buildings", tt.form)
		if r.StatusCode != 400 {
			t.Errorf("%s: status %d", tt.name, r.StatusCode)
			continue
		}
		if got := treeFieldError(r.Body, tt.field); !strings.Contains(got, tt.msg) {
			t.Errorf("%s: %s says %q, want %q", tt.name, tt.field, got, tt.msg)
		}
		if treeFormError(r.Body) == "" {
			t.Errorf("%s: no error summary", tt.name)
		}
	}
	if r := c.PostForm("/registers/buildings", with("node_id", fmt.Sprint(e.GridB.ID))); r.StatusCode != 404 {
		t.Errorf("another street's grid: %d", r.StatusCode)
	}
	r = c.PostForm("/registers/buildings", valid)
	r = treeFollow(t, e, c, r)
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "已新增楼栋", "5幢", "平江路 5 号", "120.63, 31.31", "平江路第1网格", "该楼栋还没有房屋")
	bs, _ := e.DB.Buildings(treeCtx, e.Sys, store.RegisterFilter{})
	b := bs[0]
	r = c.PostForm("/registers/buildings", valid)
	treeWantStatus(t, r, 400)
	if got := treeFieldError(r.Body, "name"); !strings.Contains(got, "同名楼栋") {
		t.Errorf("duplicate name says %q", got)
	}

	// Edit, with a stale version the second time.
	bpath := fmt.Sprintf("/registers/buildings/%d", b.ID)
	r = c.Get(bpath + "/edit")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, `name="version" value="1"`, `value="5幢"`, `value="120.63"`)
	edit := with("name", "5幢东")
	edit.Set("version", "1")
	r = treeFollow(t, e, c, c.PostForm(bpath, edit))
	treeWantBody(t, r, "已保存楼栋", "5幢东", "名称：5幢 → 5幢东")
	edit.Set("name", "5幢西")
	r = c.PostForm(bpath, edit)
	treeWantStatus(t, r, 409)
	if got := treeFormError(r.Body); !strings.Contains(got, "已被他人修改") {
		t.Errorf("a stale edit says %q", got)
	}
	treeWantBody(t, r, `name="version" value="2"`, `value="5幢西"`)
	edit.Set("version", "2")
	edit.Set("floors_above", "999")
	r = c.PostForm(bpath, edit)
	treeWantStatus(t, r, 400)
	if got := treeFieldError(r.Body, "floors_above"); got == "" {
		t.Error("no message for 999 floors")
	}

	// Retire is refused while a house is in use; the page says how many.
	h := bldgHouse(t, e, b, "1", 2, "201", register.Rented)
	r = c.PostForm(bpath+"/retire", url.Values{"version": {"2"}})
	treeWantStatus(t, r, 409)
	if got := treeFormError(r.Body); !strings.Contains(got, "还有 1 套") {
		t.Errorf("retire with a house says %q", got)
	}
	if err := e.DB.RetireHouse(treeCtx, e.Sys, h.ID, h.Version); err != nil {
		t.Fatal(err)
	}
	r = treeFollow(t, e, c, c.PostForm(bpath+"/retire", url.Values{"version": {"2"}}))
	treeWantBody(t, r, "已注销楼栋", "恢复楼栋", "已注销房屋 1 套")
	if r := c.Get(bpath + "/edit"); r.StatusCode != 409 {
		t.Errorf("edit page of a retired building: %d", r.StatusCode)
	}
	r = c.PostForm(bpath+"/restore", url.Values{"version": {"2"}})
	treeWantStatus(t, r, 409)
	r = treeFollow(t, e, c, c.PostForm(bpath+"/restore", url.Values{"version": {"3"}}))
	treeWantBody(t, r, "已恢复楼栋", "注销楼栋")
	if r := c.PostForm(bpath+"/retire", url.Values{"version": {"x"}}); r.StatusCode != 400 {
		t.Errorf("a version that is not a number: %d", r.StatusCode)
	}

	// Another street's staff see nothing of it, by page or form.
	other := e.Login(webtest.StaffB)
	for _, p := range []string{bpath, bpath + "/edit", bpath + "/plates"} {
		if r := other.Get(p); r.StatusCode != 404 {
			t.Errorf("another street GET %s: %d", p, r.StatusCode)
		}
	}
	for _, p := range []string{bpath, bpath + "/retire", bpath + "/restore"} {
		if r := other.PostForm(p, edit); r.StatusCode != 404 {
			t.Errorf("another street POST %s: %d", p, r.StatusCode)
		}
	}
}

func TestBuildingSheetAndGridPage(t *testing.T) {
	e := webtest.New(t)
	b := bldgNew(t, e, e.GridA.ID, "6幢", 3)
	h1 := bldgHouse(t, e, b, "1", 1, "101", register.SelfOccupied)
	bldgHouse(t, e, b, "1", 3, "301", register.Rented)
	bldgHouse(t, e, b, "2", -1, "B01", register.Vacant)
	c := e.Login(webtest.GridWorkerA)
	r := c.Get(fmt.Sprintf("/registers/buildings/%d", b.ID))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "楼盘表", "1 单元", "2 单元", "3 层", "-1 层", fmt.Sprintf(`href="/registers/houses/%d"`, h1.ID), "101", "出租",
		fmt.Sprintf(`href="/registers/buildings/%d/plates"`, b.ID), "打印门牌", fmt.Sprintf("/api/v1/buildings/%d/plates.svg?page=1", b.ID),
		fmt.Sprintf("/registers/houses/new?building=%d", b.ID), "登记楼栋")
	// Floor 3 comes before floor 1: the sheet reads from the top down.
	if strings.Index(r.Body, "301") > strings.Index(r.Body, ">101 <") {
		t.Error("the sheet does not read from the top floor down")
	}

	r = c.Get(fmt.Sprintf("/admin/nodes/%d", e.GridA.ID))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, `id="buildings"`, fmt.Sprintf(`href="/registers/buildings/%d">6幢</a>`, b.ID), "<td class=\"nowrap\">3</td>",
		fmt.Sprintf(`/registers/buildings/new?node=%d`, e.GridA.ID))
	r = c.Get(fmt.Sprintf("/admin/nodes/%d", e.GridB.ID))
	if r.StatusCode == 200 && strings.Contains(r.Body, "6幢") {
		t.Error("grid B's page lists grid A's building")
	}
	r = e.Login(webtest.StaffB).Get(fmt.Sprintf("/admin/nodes/%d", e.GridB.ID))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "本网格还没有登记楼栋")
	// Communities list no buildings section; leaders, who do not see registers, get none.
	treeWantNoBody(t, c.Get(fmt.Sprintf("/admin/nodes/%d", e.CommA.ID)), `id="buildings"`)
	treeWantNoBody(t, e.Login(webtest.Leader).Get(fmt.Sprintf("/admin/nodes/%d", e.GridA.ID)), `id="buildings"`)
}

func TestHouseFormsThroughPages(t *testing.T) {
	e := webtest.New(t)
	b := bldgNew(t, e, e.GridA.ID, "2幢", 6)
	c := e.Login(webtest.GridWorkerA)
	r := c.Get(fmt.Sprintf("/registers/houses/new?building=%d", b.ID))
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, fmt.Sprintf(`name="building_id" value="%d"`, b.ID), "地上 6 层", "自住")
	r = c.Get("/registers/houses/new")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, `<select id="f-building_id"`, "2幢 · 平江路 2幢")

	valid := url.Values{"building_id": {fmt.Sprint(b.ID)}, "unit": {"1"}, "floor": {"4"}, "room": {"401"}, "area": {"89.5"},
		"use": {"rented"}, "owner_name": {"李产权"}}
	with := func(k, v string) url.Values {
		out := url.Values{}
		for kk, vv := range valid {
			out[kk] = vv
		}
		out.Set(k, v)
		return out
	}
	r = treeFollow(t, e, c, c.PostForm("/registers/houses", valid))
	treeWantBody(t, r, "已新增房屋", "2幢 1单元 401室", "89.5 m²", "出租", "李产权", "门牌码", "/plate.svg", "登记房屋")
	bad := []struct {
		name, field, msg string
		form             url.Values
	}{
		{"floor outside the building", "floor", "地上 6 层、地下 1 层", with("floor", "9")},
		{"floor zero", "floor", "", with("floor", "0")},
		{"area zero", "area", "大于 0", with("area", "0")},
		{"area negative", "area", "大于 0", with("area", "-20")},
		{"area as words", "area", "请输入数字", with("area", "大")},
		{"unknown use", "use", "请选择一项", with("use", "hotel")},
		{"duplicate room", "room", "已有相同单元、楼层和房号", valid},
		{"no room", "room", "必填", with("room", "")},
	}
	for _, tt := range bad {
		r := c.PostForm("/registers/houses", tt.form)
		if r.StatusCode != 400 {
			t.Errorf("%s: status %d", tt.name, r.StatusCode)
			continue
		}
		if got := treeFieldError(r.Body, tt.field); got == "" || !strings.Contains(got, tt.msg) {
			t.Errorf("%s: %s says %q, want %q", tt.name, tt.field, got, tt.msg)
		}
	}
	bB := bldgNew(t, e, e.GridB.ID, "南2幢", 3)
	if r := c.PostForm("/registers/houses", with("building_id", fmt.Sprint(bB.ID))); r.StatusCode != 404 {
		t.Errorf("another street's building: %d", r.StatusCode)
	}
	if r := c.Get(fmt.Sprintf("/registers/houses/new?building=%d", bB.ID)); r.StatusCode != 404 {
		t.Errorf("new house in another street's building: %d", r.StatusCode)
	}

	hs, _ := e.DB.Houses(treeCtx, e.Sys, store.RegisterFilter{ParentID: b.ID})
	h := hs[0]
	hpath := fmt.Sprintf("/registers/houses/%d", h.ID)
	r = c.Get(hpath + "/edit")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, `value="401"`, `value="89.5"`, `value="李产权"`)
	edit := with("use", "vacant")
	edit.Set("version", "1")
	r = treeFollow(t, e, c, c.PostForm(hpath, edit))
	treeWantBody(t, r, "已保存房屋", "空置", "用途：出租 → 空置")
	r = c.PostForm(hpath, edit)
	treeWantStatus(t, r, 409)
	if got := treeFormError(r.Body); !strings.Contains(got, "已被他人修改") {
		t.Errorf("stale edit says %q", got)
	}
	edit.Set("version", "2")
	edit.Set("floor", "-3")
	r = c.PostForm(hpath, edit)
	treeWantStatus(t, r, 400)
	if got := treeFieldError(r.Body, "floor"); !strings.Contains(got, "没有这一层") {
		t.Errorf("floor −3 says %q", got)
	}

	r = treeFollow(t, e, c, c.PostForm(hpath+"/retire", url.Values{"version": {"2"}}))
	treeWantBody(t, r, "已注销房屋", "门牌已失效", "恢复房屋")
	treeWantNoBody(t, r, `/plate.svg"`)
	if r := e.Anon().Get("/h/" + h.Code); r.StatusCode != 404 {
		t.Errorf("a retired house's plate: %d", r.StatusCode)
	}
	r = c.PostForm(hpath+"/retire", url.Values{"version": {"3"}})
	treeWantStatus(t, r, 409)
	r = treeFollow(t, e, c, c.PostForm(hpath+"/restore", url.Values{"version": {"3"}}))
	treeWantBody(t, r, "已恢复房屋")

	// The houses list.
	bldgHouse(t, e, b, "2", 1, "101", register.SelfOccupied)
	r = c.Get("/registers/houses")
	treeWantStatus(t, r, 200)
	treeWantBody(t, r, "401", "101", "2幢", h.Code)
	r = c.Get("/registers/houses?use=vacant")
	treeWantBody(t, r, "401")
	treeWantNoBody(t, r, ">2 · 101<")
	r = c.Get("/registers/houses?unit=2")
	treeWantBody(t, r, "2 · 101")
	treeWantNoBody(t, r, "1 · 401")
	r = c.Get(fmt.Sprintf("/registers/houses?building=%d", b.ID))
	treeWantBody(t, r, "仅显示楼栋", fmt.Sprintf(`name="building" value="%d"`, b.ID))
	r = c.Get("/registers/houses?use=hotel")
	treeWantStatus(t, r, 400)
	treeWantBody(t, r, "请选择一项")
	if r := c.Get(fmt.Sprintf("/registers/houses?building=%d", bB.ID)); r.StatusCode != 404 {
		t.Errorf("houses of another street's building: %d", r.StatusCode)
	}

	other := e.Login(webtest.StaffB)
	for _, p := range []string{hpath, hpath + "/edit"} {
		if r := other.Get(p); r.StatusCode != 404 {
			t.Errorf("another street GET %s: %d", p, r.StatusCode)
		}
	}
	for _, p := range []string{hpath, hpath + "/retire", hpath + "/restore"} {
		if r := other.PostForm(p, edit); r.StatusCode != 404 {
			t.Errorf("another street POST %s: %d", p, r.StatusCode)
		}
	}
	treeWantNoBody(t, other.Get("/registers/houses"), "401")
}
