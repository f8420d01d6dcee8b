package e2e

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/demo"
	"github.com/shequ-dev/shequ/internal/secret"
)

// Main navigation entries, as people read them. Which role gets which follows
// navigation() in internal/web/home.go and the permissions in internal/account/role.go.
var (
	// The administration pages of a role with two or more of them come last, in the 管理 group.
	navAdmin      = []string{"首页", "案件", "看板", "治理一张图", "区划网格", "部门单位", "台账", "巡查覆盖", "账号", "API 令牌", "审计日志", "工作日历", "案件类别", "派遣规则"}
	navStaff      = []string{"首页", "案件", "看板", "治理一张图", "区划网格", "部门单位", "台账", "巡查覆盖", "账号", "案件类别", "派遣规则"}
	navGridWorker = []string{"首页", "案件", "看板", "治理一张图", "区划网格", "部门单位", "台账", "巡查", "巡查覆盖"}
	navHandler    = []string{"首页", "案件", "看板", "治理一张图", "区划网格", "部门单位"}
	navSupervisor = []string{"首页", "案件", "看板", "治理一张图", "区划网格", "部门单位", "审计日志", "巡查覆盖"}
	navLeader     = []string{"首页", "案件", "看板", "治理一张图", "区划网格", "部门单位", "账号", "巡查覆盖"}
	navResident   = []string{"首页"}
)

var greetingRE = regexp.MustCompile(`^您好，(\S.*)$`)

// TestRoleHomePages signs in as each demo role through the form and checks the home page
// it sees: the greeting with its name, its name and role in the header, its navigation,
// and what its scope is. Each is photographed at desktop and phone width.
func TestRoleHomePages(t *testing.T) {
	tests := []struct {
		login     string // a login, or <role> for the demo account of that role
		roleLabel string
		nav       []string
		sees      func(a demoAccount) []string // texts on the page beyond the greeting
	}{
		{"admin", "系统管理员", navAdmin, func(demoAccount) []string {
			return []string{"您负责的范围：全部区划", "区划与网格", "账号"}
		}},
		{"qu.staff", "区域工作人员", navStaff, scopeOf},
		{"jd.staff", "区域工作人员", navStaff, scopeOf},
		{"sq.staff", "区域工作人员", navStaff, scopeOf},
		{"wgy", "网格员", navGridWorker, scopeOf},
		{"cgj.handler", "部门处置人员", navHandler, func(a demoAccount) []string { return []string{"我的单位", a.Place} }},
		{"jd.supervisor", "监督员", navSupervisor, scopeOf},
		{"qu.leader", "领导", navLeader, scopeOf},
		{"<resident>", "居民", navResident, func(a demoAccount) []string {
			return []string{"我的账号", secret.MaskPhone(a.Login), "修改密码"}
		}},
	}
	for _, tc := range tests {
		a := account(t, tc.login)
		t.Run(a.Role+"-"+a.Login, func(t *testing.T) {
			t.Parallel()
			p := newPage(t, desktop)
			p.mustLogin(a.Login, demo.Password)

			name := checkGreeting(p, tc.roleLabel)
			if got := p.texts("nav.mainnav a"); !slices.Equal(got, tc.nav) {
				t.Errorf("navigation shows %q, want %q", got, tc.nav)
			}
			if got := p.texts(`nav.mainnav a[aria-current="page"]`); !slices.Equal(got, []string{"首页"}) {
				t.Errorf("current navigation entry: %q, want 首页", got)
			}
			if !p.visible("nav.mainnav") || p.visible("details.menu > summary") {
				t.Errorf("on a desktop the navigation should be shown and the 菜单 button hidden")
			}
			body := p.bodyText()
			for _, want := range tc.sees(a) {
				if !strings.Contains(body, want) {
					t.Errorf("home page of %s does not show %q", a.Login, want)
				}
			}
			if strings.Contains(body, demo.Password) {
				t.Errorf("home page shows the password")
			}
			p.checkTranslated()
			p.shot("home")

			p.setDevice(phone)
			p.open("/")
			if got := checkGreeting(p, tc.roleLabel); got != name {
				t.Errorf("on the phone the greeting names %q, on the desktop %q", got, name)
			}
			if p.visible("nav.mainnav") {
				t.Errorf("on a phone the navigation should be folded behind 菜单")
			}
			if got := p.text("details.menu > summary"); got != "菜单" {
				t.Errorf("menu button reads %q, want 菜单", got)
			}
			checkNoHorizontalScroll(p)
			p.shot("home")
		})
	}
}

// scopeOf is what staff bound to a place see: their scope names it.
func scopeOf(a demoAccount) []string {
	return []string{"您负责的范围：", a.Place, "及其下级"}
}

// checkGreeting checks the page greets the person by name and that the header shows the
// same name with the role, and returns the name.
func checkGreeting(p *page, roleLabel string) string {
	p.t.Helper()
	h1 := p.text("main h1")
	m := greetingRE.FindStringSubmatch(h1)
	if m == nil {
		p.t.Errorf("greeting reads %q, want 您好，<name>", h1)
		return ""
	}
	name := m[1]
	if got, want := p.eval(`document.querySelector(".user-name").textContent.trim()`), name+" · "+roleLabel; got != want {
		p.t.Errorf("header shows %q, want %q", got, want)
	}
	return name
}

// checkNoHorizontalScroll fails when the page is wider than the window (text or tables
// overflowing a phone screen).
func checkNoHorizontalScroll(p *page) {
	p.t.Helper()
	if over := overflow(p); len(over) > 0 {
		p.t.Errorf("%s overflows the %dpx screen:\n  %s", p.path(), p.dev.Width, strings.Join(over, "\n  "))
	}
}

// logOverflow notes what sticks out of the window, without failing: a finding for the
// authors of pages still being built.
func logOverflow(p *page) {
	p.t.Helper()
	if over := overflow(p); len(over) > 0 {
		p.t.Logf("UI: %s overflows the %dpx screen:\n  %s", p.path(), p.dev.Width, strings.Join(over, "\n  "))
	}
}

// overflow lists elements reaching past the right edge of the window (tables inside a
// scrolling .table-wrap excepted).
func overflow(p *page) []string {
	p.t.Helper()
	return eval[[]string](p, `(() => {
		const w = document.documentElement.clientWidth, out = [];
		if (document.documentElement.scrollWidth > w) out.push("page is " + document.documentElement.scrollWidth + "px wide in a " + w + "px window");
		for (const e of document.querySelectorAll("body *")) {
			const r = e.getBoundingClientRect();
			if (r.width > 0 && r.right > w + 1 && !e.closest(".table-wrap") && getComputedStyle(e).position !== "fixed") {
				out.push(e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ").join(".") : "") + " reaches " + Math.round(r.right) + "px: " + (e.textContent || "").trim().slice(0, 40));
			}
		}
		return out.slice(0, 8);
	})()`)
}

// TestLanguageSwitch switches to English with the header link and back to Chinese.
func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	a := account(t, "sq.staff")
	p.mustLogin(a.Login, demo.Password)
	if h := p.text("main h1"); !strings.HasPrefix(h, "您好，") {
		t.Fatalf("before the switch the greeting reads %q", h)
	}

	p.click(`header .lang a[lang="en"]`)
	if h := p.text("main h1"); !strings.HasPrefix(h, "Hello, ") {
		t.Errorf("after choosing EN the greeting reads %q, want Hello, …", h)
	}
	if got := p.eval(`document.documentElement.lang`); got != "en" {
		t.Errorf("html lang = %q, want en", got)
	}
	if got, want := p.texts("nav.mainnav a"), []string{"Home", "Cases", "Dashboard", "Map", "Places", "Units", "Registers", "Patrols", "Accounts", "Categories", "Dispatch rules"}; !slices.Equal(got, want) {
		t.Errorf("English navigation: %q, want %q", got, want)
	}
	if got := p.eval(`document.querySelector(".user-name").textContent`); !strings.HasSuffix(strings.TrimSpace(got), "· area staff") {
		t.Errorf("English header: %q, want the role in English", got)
	}
	if p.path() != "/" {
		t.Errorf("the switch should come back to the same page, got %s", p.path())
	}
	p.checkTranslated()
	p.shot("english")

	p.click(`header .lang a[lang="zh-CN"]`)
	if h := p.text("main h1"); !strings.HasPrefix(h, "您好，") {
		t.Errorf("after choosing 中文 the greeting reads %q", h)
	}
	if got := p.eval(`document.documentElement.lang`); got != "zh-CN" {
		t.Errorf("html lang = %q, want zh-CN", got)
	}
	p.shot("chinese")
}

// TestLargeText turns the large-text mode on and off with the link a resident sees.
func TestLargeText(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	a := account(t, "<resident>")
	p.open("/login")
	checkNoHorizontalScroll(p)
	logTapTargets(p, "main a, main button")
	p.shot("login")
	p.mustLogin(a.Login, demo.Password)
	fontSize := func() string {
		return p.eval(`getComputedStyle(document.documentElement).fontSize`)
	}
	normal := fontSize()
	if p.exists("html.large-text") {
		t.Fatalf("large text is on before asking for it")
	}

	p.do("open the menu", tapAction("details.menu > summary"))
	p.click(`header .lang a[href^="/prefs?text=large"]`)
	if !p.exists("html.large-text") {
		t.Errorf("after 大字模式 <html> has no large-text class")
	}
	if large := fontSize(); large == normal {
		t.Errorf("font size stays %s in large-text mode", large)
	}
	if !strings.HasPrefix(p.text("main h1"), "您好，") || p.path() != "/" {
		t.Errorf("large-text link should come back to the home page, got %s", p.path())
	}
	checkNoHorizontalScroll(p)
	p.shot("large")
	p.do("open the menu", tapAction("details.menu > summary"))
	p.shot("large-menu")

	p.click(`header .lang a[href^="/prefs?text=normal"]`)
	if p.exists("html.large-text") {
		t.Errorf("after 标准字号 <html> still has the large-text class")
	}
	if got := fontSize(); got != normal {
		t.Errorf("font size after 标准字号: %s, want %s", got, normal)
	}
}

// TestWrongPassword: a wrong password and an unknown account get the same answer.
func TestWrongPassword(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, login, password string }{
		{"wrong-password", "qu.leader", "Not-the-password-1"},
		{"unknown-account", "nobody.here", demo.Password},
	}
	var seen []string
	for _, tc := range tests {
		p := newPage(t, desktop)
		st := p.login(tc.login, tc.password)
		if st == 200 {
			t.Errorf("%s: sign-in answered 200", tc.name)
		}
		if p.path() != "/login" {
			t.Errorf("%s: ended at %s, want the sign-in page", tc.name, p.path())
		}
		msg := p.text(".form-errors")
		if msg != "账号或密码错误" {
			t.Errorf("%s: error reads %q, want 账号或密码错误", tc.name, msg)
		}
		if got := p.eval(`document.querySelector("#f-login").value`); got != tc.login {
			t.Errorf("%s: the login field should keep %q, has %q", tc.name, tc.login, got)
		}
		if p.exists(".user-name") {
			t.Errorf("%s: signed in", tc.name)
		}
		seen = append(seen, p.bodyText())
		p.shot(tc.name)
	}
	if len(seen) == 2 && seen[0] != seen[1] {
		t.Errorf("a wrong password and an unknown account should look the same:\n%s\n---\n%s", seen[0], seen[1])
	}
}

// TestPasswordChangeErrors: the change-password page shows what is wrong, field by field.
func TestPasswordChangeErrors(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	a := account(t, "jd.supervisor")
	p.mustLogin(a.Login, demo.Password)
	p.click("header a.user-name")
	if p.path() != "/account/password" || p.text("main h1") != "修改密码" {
		t.Fatalf("the name in the header should lead to 修改密码, got %s %q", p.path(), p.text("main h1"))
	}

	steps := []struct {
		step, current, pw, pw2 string
		field, msg             string
	}{
		{"mismatch", demo.Password, "Abcdefgh-2026", "Abcdefgh-2027", "password2", "两次输入的密码不一致"},
		{"too-short", demo.Password, "ab1", "ab1", "password", "密码至少 8 位"},
		{"wrong-current", "Not-the-password-1", "Abcdefgh-2026", "Abcdefgh-2026", "current", "当前密码不正确"},
	}
	for _, s := range steps {
		p.fill("#f-current", s.current)
		p.fill("#f-password", s.pw)
		p.fill("#f-password2", s.pw2)
		if st := p.click(`form[action="/account/password"] button[type="submit"]`); st != 422 && st != 400 {
			t.Errorf("%s: status %d, want 422", s.step, st)
		}
		if got := p.text("#e-" + s.field); got != s.msg {
			t.Errorf("%s: error under %s reads %q, want %q", s.step, s.field, got, s.msg)
		}
		if got := p.eval(`document.querySelector("#f-` + s.field + `").getAttribute("aria-invalid") || ""`); got != "true" {
			t.Errorf("%s: field %s is not marked invalid", s.step, s.field)
		}
		if !strings.Contains(p.text(".form-errors"), s.msg) {
			t.Errorf("%s: the summary at the top does not list %q", s.step, s.msg)
		}
		p.shot(s.step)
	}
	// Nothing changed: the password still works.
	q := newPage(t, desktop)
	q.mustLogin(a.Login, demo.Password)
}

// TestPhoneMenu: on a phone the navigation is folded behind 菜单 and opens when tapped.
func TestPhoneMenu(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	a := account(t, "wgy")
	p.mustLogin(a.Login, demo.Password)
	if p.visible("nav.mainnav") || p.visible(".user-name") {
		t.Errorf("before the tap the navigation should be hidden")
	}
	if !p.visible("details.menu > summary") {
		t.Fatalf("no 菜单 button on a phone")
	}
	p.shot("closed")

	p.do("tap 菜单", tapAction("details.menu > summary"))
	p.waitVisible("nav.mainnav")
	if got := p.texts("nav.mainnav a"); !slices.Equal(got, navGridWorker) {
		t.Errorf("navigation shows %q, want %q", got, navGridWorker)
	}
	for _, sel := range []string{`nav.mainnav a[href="/admin/nodes"]`, ".user-name", `header .lang a[lang="en"]`, `form[action="/logout"] button`} {
		if !p.visible(sel) {
			t.Errorf("open menu does not show %s", sel)
		}
	}
	checkTapTargets(p, "nav.mainnav a, details.menu > summary, header .lang a, form[action=\"/logout\"] button")
	checkNoHorizontalScroll(p)
	p.shot("open")

	p.do("tap 菜单 again", tapAction("details.menu > summary"))
	p.do("menu folds", waitHidden("nav.mainnav"))
}

// checkTapTargets fails for links and buttons smaller than a finger (WCAG 2.5.8: 24 px).
func checkTapTargets(p *page, sel string) {
	p.t.Helper()
	if small := smallTapTargets(p, sel); len(small) > 0 {
		p.t.Errorf("tap targets smaller than 24 px on a phone: %v", small)
	}
}

// logTapTargets notes small tap targets without failing.
func logTapTargets(p *page, sel string) {
	p.t.Helper()
	if small := smallTapTargets(p, sel); len(small) > 0 {
		p.t.Logf("UI: %s: tap targets smaller than 24 px: %v", p.path(), small)
	}
}

func smallTapTargets(p *page, sel string) []string {
	p.t.Helper()
	return eval[[]string](p, `Array.from(document.querySelectorAll(`+js(sel)+`)).filter(e => e.checkVisibility()).map(e => {
		const r = e.getBoundingClientRect(); return [e.textContent.trim(), Math.round(r.width), Math.round(r.height)];
	}).filter(x => x[1] < 24 || x[2] < 24).map(x => x[0] + " " + x[1] + "×" + x[2])`)
}
