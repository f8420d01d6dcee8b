package e2e

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shequ-dev/shequ/internal/demo"
)

// The administration pages. Each flow starts from the navigation entry a person clicks,
// and skips with a message while its page answers 404 (not built yet).

var seq atomic.Int32

// suffix makes the names and codes a test creates differ from those of an earlier
// iteration against the same server (go test -count=2).
func suffix() int { return int(seq.Add(1)) % 100 }

// openSection clicks a main navigation entry, opening the 管理 group first when the
// entry is in it, and checks the page it opens.
func openSection(p *page, href, entry, title string) {
	p.t.Helper()
	if p.exists(`nav.mainnav details.navgroup a[href="`+href+`"]`) && !p.visible(`nav.mainnav a[href="`+href+`"]`) {
		p.do("open 管理", chromedp.Click(chromedp.CSS("nav.mainnav details.navgroup > summary")))
	}
	if st := p.click(`nav.mainnav a[href="` + href + `"]`); st != 200 {
		p.fail("open "+href, fmt.Errorf("status %d", st))
	}
	if got := p.text("main h1"); got != title {
		p.t.Errorf("%s: heading %q, want %q", href, got, title)
	}
	if got := p.texts(`nav.mainnav a[aria-current="page"]`); !slices.Equal(got, []string{entry}) {
		p.t.Errorf("%s: current navigation entry %q, want %q", href, got, entry)
	}
}

// linkTo returns the address of the first link under scope whose text is text.
func (p *page) linkTo(scope, text string) string {
	p.t.Helper()
	href := p.eval(`(() => { const a = Array.from(document.querySelectorAll(` + js(scope+" a") + `)).find(a => a.textContent.trim() === ` + js(text) + `); return a ? a.getAttribute("href") : ""; })()`)
	if href == "" {
		p.fail("find link "+text, fmt.Errorf("no link %q under %s", text, scope))
	}
	return href
}

// chooseJS picks the option of a <select> whose text contains text, as a person would,
// fires the change event, and returns the option's text; it throws when there is none.
func chooseJS(sel, text string) string {
	return `(() => {
		const s = document.querySelector(` + js(sel) + `);
		const o = s && Array.from(s.options).find(o => o.value !== "" && o.textContent.includes(` + js(text) + `));
		if (!o) throw new Error("no option containing " + ` + js(text) + ` + " in " + ` + js(sel) + `);
		s.value = o.value;
		s.dispatchEvent(new Event("change", {bubbles: true}));
		return o.textContent.trim();
	})()`
}

// choose picks an option of a <select> that does not reload the page.
func (p *page) choose(sel, text string) string {
	p.t.Helper()
	return p.eval(chooseJS(sel, text))
}

// TestAdminAddsPlace: the administrator opens 区划网格, goes into a street, tries to add
// a community with a bad code (and is told why), then with a good one, and sees it listed.
func TestAdminAddsPlace(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("admin", demo.Password)
	openSection(p, "/admin/nodes", "区划网格", "区划网格")
	p.checkTranslated()
	p.shot("tree")

	street := account(t, "jd.staff").Place // the street of the demo's street staff
	p.click(`ul.tree a[href="` + p.linkTo("ul.tree", street) + `"]`)
	if got := p.text("main h1"); got != street {
		t.Fatalf("street page heading %q, want %q", got, street)
	}
	if got := p.text("#add-child h3"); got != "新增下级社区（村）" {
		t.Errorf("add-child form heading %q", got)
	}

	name := fmt.Sprintf("测试社区%02d", suffix())
	p.fill(`#add-child input[name="code"]`, "12")
	p.fill(`#add-child input[name="name"]`, name)
	if st := p.click(`#add-child button[type="submit"]`); st < 400 || st >= 500 {
		t.Errorf("a bad code answered %d, want 4xx", st)
	}
	if got := p.text(`#add-child .field.has-error .error`); got != "代码应为 3 位数字" {
		t.Errorf("error under the code reads %q, want 代码应为 3 位数字", got)
	}
	if got := p.eval(`document.querySelector('#add-child input[name="name"]').value`); got != name {
		t.Errorf("the name should be kept after the error, field holds %q", got)
	}
	p.shot("bad-code")

	code := fmt.Sprintf("9%02d", suffix())
	p.fill(`#add-child input[name="code"]`, code)
	p.click(`#add-child button[type="submit"]`)
	if got := p.text(".flash"); got != "已新增区划" {
		t.Errorf("after adding: message %q, want 已新增区划", got)
	}
	rows := p.texts("#children tbody tr")
	if !slices.ContainsFunc(rows, func(r string) bool { return strings.Contains(r, name) && strings.Contains(r, code) }) {
		t.Errorf("the new community %s (%s) is not listed among the children: %q", name, code, rows)
	}
	p.checkTranslated()
	p.logDuplicateIDs()
	p.shot("added")
	onPhone(p, "added")

	// Its own page shows it under the street.
	p.click(`#children a[href="` + p.linkTo("#children", name) + `"]`)
	if got := p.text("main h1"); got != name {
		t.Errorf("new community page heading %q", got)
	}
	if crumbs := p.text(".breadcrumb"); !strings.Contains(crumbs, street) {
		t.Errorf("breadcrumb %q does not name the street %s", crumbs, street)
	}
}

// TestAdminCreatesUnit: the administrator adds a unit serving a street, after being told
// what is missing.
func TestAdminCreatesUnit(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("admin", demo.Password)
	openSection(p, "/admin/units", "部门单位", "部门单位")
	p.checkTranslated()
	p.shot("list")

	p.click(`main a[href="/admin/units/new"]`)
	if got := p.text("main h1"); got != "新增单位" {
		t.Fatalf("new unit heading %q", got)
	}
	street := account(t, "jd.staff").Place
	p.fill("#f-phone", "abc")
	p.click(`form[action="/admin/units"] button[type="submit"]`)
	errors := p.texts(".field.has-error .error")
	for _, want := range []string{"必填", "请填写有效的电话号码，如 0512-65221234"} {
		if !slices.Contains(errors, want) {
			t.Errorf("empty form: errors %q do not include %q", errors, want)
		}
	}
	p.shot("errors")

	name := fmt.Sprintf("%s网格化服务中心%02d", street, suffix())
	p.choose("#f-node_id", street)
	p.do("choose the kind", chromedp.Click(chromedp.CSS(`input[name="kind"][value="department"]`)))
	p.fill("#f-name", name)
	p.fill("#f-phone", "0512-65550000")
	p.fill("#f-duties", "网格事件受理与分拨")
	p.click(`form[action="/admin/units"] button[type="submit"]`)
	if got := p.text(".flash"); got != "已新增单位" {
		t.Errorf("after creating: message %q, want 已新增单位", got)
	}
	if got := p.text("main h1"); got != name {
		t.Errorf("unit page heading %q, want %q", got, name)
	}
	details := p.text("#details")
	for _, want := range []string{street, "职能部门", "0512-65550000", "网格事件受理与分拨"} {
		if !strings.Contains(details, want) {
			t.Errorf("unit details do not show %q:\n%s", want, details)
		}
	}
	p.checkTranslated()
	p.logDuplicateIDs()
	p.shot("created")
	onPhone(p, "created")
	p.setDevice(desktop)

	p.click(`nav.mainnav a[href="/admin/units"]`)
	if !strings.Contains(p.text("main table"), name) {
		t.Errorf("the unit list does not show %s", name)
	}
}

// TestAdminCreatesAccount: the administrator creates a street staff account with an
// initial password; its owner signs in, must change the password first, and then sees
// the home page of street staff.
func TestAdminCreatesAccount(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("admin", demo.Password)
	openSection(p, "/admin/users", "账号", "账号管理")
	p.checkTranslated()
	p.shot("list")

	p.click(`main .page-head a[href="/admin/users/new"]`)
	if got := p.text("main h1"); got != "新建账号" {
		t.Fatalf("new account heading %q", got)
	}
	// Choosing the role reloads the form with the places that role may be bound to.
	p.follow("choose the role", chromedp.Evaluate[chromedp.Void](chooseJS("#f-role", "区域工作人员")))
	street := account(t, "jd.staff").Place
	place := p.choose("#f-node_id", street)

	username := fmt.Sprintf("e2e.jd%02d", suffix())
	const name, first, second = "测试街道干部", "Street-staff-2026", "Street-staff-2027"
	p.fill("#f-username", username)
	p.fill("#f-display_name", name)
	p.fill("#f-password", first)
	p.shot("form")
	p.click(`button[name="action"][value="create"]`)
	if got := p.text(".flash"); got != "账号已创建，对方首次登录时须修改密码" {
		t.Errorf("after creating: message %q", got)
	}
	body := p.bodyText()
	for _, want := range []string{username, name, "区域工作人员", street} {
		if !strings.Contains(body, want) {
			t.Errorf("account page does not show %q", want)
		}
	}
	p.checkTranslated()
	p.logDuplicateIDs()
	p.shot("created")
	onPhone(p, "created")

	// Its owner signs in in another browser.
	q := newPage(t, desktop)
	q.login(username, first)
	if q.path() != "/account/password?required=1" {
		t.Fatalf("a new account should be sent to change its password, went to %s", q.path())
	}
	if got := q.text(".flash-warn"); got != "为了账号安全，请先设置一个只有您知道的新密码。" {
		t.Errorf("notice on the password page: %q", got)
	}
	q.shot("must-change")
	q.fill("#f-current", first)
	q.fill("#f-password", second)
	q.fill("#f-password2", second)
	q.click(`form[action="/account/password"] button[type="submit"]`)
	if q.path() != "/" {
		t.Fatalf("after changing the password the browser is at %s: %s", q.path(), firstLine(q.bodyText()))
	}
	if got := q.text(".flash"); got != "密码已修改" {
		t.Errorf("message %q, want 密码已修改", got)
	}
	if got := checkGreeting(q, "区域工作人员"); got != name {
		t.Errorf("greeting names %q, want %q", got, name)
	}
	if got := q.texts("nav.mainnav a"); !slices.Equal(got, navStaff) {
		t.Errorf("navigation %q, want %q", got, navStaff)
	}
	if scope := q.bodyText(); !strings.Contains(scope, "您负责的范围：") || !strings.Contains(scope, street) {
		t.Errorf("home page does not name the scope %s (bound to %s)", street, place)
	}
	q.shot("home")
}

// onPhone reloads the page at phone width, photographs it and notes what overflows.
func onPhone(p *page, step string) {
	p.t.Helper()
	p.setDevice(phone)
	p.do("reload", chromedp.Reload())
	logOverflow(p)
	p.shot(step)
}

var spaceRE = regexp.MustCompile(`\s+`)

// logDuplicateIDs notes element ids used more than once (labels then point at the wrong
// field). It logs rather than fails: it is a finding for the page's authors.
func (p *page) logDuplicateIDs() {
	p.t.Helper()
	dups := eval[[]string](p, `(() => { const n = {};
		for (const e of document.querySelectorAll("[id]")) n[e.id] = (n[e.id] || 0) + 1;
		return Object.keys(n).filter(k => n[k] > 1); })()`)
	if len(dups) > 0 {
		p.t.Logf("UI: %s uses these element ids more than once: %s", p.path(), spaceRE.ReplaceAllString(strings.Join(dups, " "), " "))
	}
}
