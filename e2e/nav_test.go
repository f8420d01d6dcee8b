package e2e

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/shequ-dev/shequ/internal/demo"
)

// navLayout is where the top bar's entries stand, as the browser lays them out.
type navLayout struct {
	Bar      float64   // the top bar's height
	Entries  []float64 // the top of each main navigation entry (links and the 管理 button)
	Tools    []float64 // the top of each language, text size and sign-out control
	NavRight float64   // the right edge of the navigation
	Width    float64   // the window's width
}

const navLayoutJS = `(() => {
	const top = e => Math.round(e.getBoundingClientRect().top);
	const nav = document.querySelector("nav.mainnav");
	return JSON.stringify({
		Bar: document.querySelector("header.topbar").getBoundingClientRect().height,
		Entries: Array.from(nav.querySelectorAll(":scope > a, :scope > details.navgroup > summary"), top),
		Tools: Array.from(document.querySelectorAll(".topbar-tools a, .topbar-tools button"), top),
		NavRight: nav.getBoundingClientRect().right,
		Width: window.innerWidth,
	});
})()`

func (p *page) navLayout() navLayout {
	p.t.Helper()
	var l navLayout
	if err := json.Unmarshal([]byte(p.eval(navLayoutJS)), &l); err != nil {
		p.t.Fatalf("nav layout: %v", err)
	}
	return l
}

// oneRow reports whether all the tops are the same, give or take a pixel or two.
func oneRow(tops []float64) bool {
	for _, t := range tops {
		if d := t - tops[0]; d > 2 || d < -2 {
			return false
		}
	}
	return len(tops) > 0
}

// TestAdminNavigationOneRow: at 1280 px an administrator's top bar is one row, in Chinese
// and in English: the administration pages sit behind one 管理 button, which the keyboard
// opens (Enter), walks (Tab) and closes (Escape), and which shows as the current entry on
// those pages. Without JavaScript the button still opens the group.
func TestAdminNavigationOneRow(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("admin", demo.Password)
	for _, lang := range []string{"zh-CN", "en"} {
		p.open("/prefs?lang=" + lang + "&next=/")
		l := p.navLayout()
		if !oneRow(l.Entries) || !oneRow(l.Tools) || l.Bar > 64 {
			t.Errorf("%s: the top bar is not one row: bar %.0f px tall, entries at %v, tools at %v", lang, l.Bar, l.Entries, l.Tools)
		}
		if len(l.Entries) > 9 {
			t.Errorf("%s: %d entries on the bar", lang, len(l.Entries))
		}
		p.shot("bar-" + lang)
	}
	p.open("/prefs?lang=zh-CN&next=/")

	const summary, menu = "nav.mainnav details.navgroup > summary", "nav.mainnav .navgroup-menu"
	if got := p.text(summary); got != "管理" {
		t.Fatalf("the group's button reads %q, want 管理", got)
	}
	if p.visible(menu) {
		t.Fatal("the 管理 group is open before anyone opened it")
	}
	// The keyboard: Enter opens it, Tab reaches its first page, Escape closes it and
	// gives the focus back to the button.
	p.do("focus 管理", chromedp.Focus(chromedp.CSS(summary)))
	p.do("press Enter", chromedp.KeyEvent(kb.Enter))
	if !p.visible(menu) {
		t.Fatal("Enter on 管理 does not open the group")
	}
	if got := p.texts(menu + " a"); len(got) != 6 || got[0] != "账号" {
		t.Errorf("the group holds %q", got)
	}
	fits := p.eval(`(() => { const r = document.querySelector(` + js(menu) + `).getBoundingClientRect();
		return String(r.left >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight); })()`)
	if fits != "true" {
		t.Error("the open group does not fit in the window")
	}
	p.shot("admin-open")
	p.do("press Tab", chromedp.KeyEvent(kb.Tab))
	if got := p.eval(`document.activeElement.textContent.trim()`); got != "账号" {
		t.Errorf("Tab from 管理 reaches %q, want 账号", got)
	}
	p.do("press Escape", chromedp.KeyEvent(kb.Escape))
	if p.visible(menu) || p.eval(`String(document.activeElement === document.querySelector(`+js(summary)+`))`) != "true" {
		t.Error("Escape does not close the group and return to its button")
	}
	// A click elsewhere closes it too; on one of its pages the button is the current entry.
	p.do("open 管理", chromedp.Click(chromedp.CSS(summary)))
	p.do("click the page", chromedp.Click(chromedp.CSS("main h1")))
	if p.visible(menu) {
		t.Error("a click elsewhere leaves the group open")
	}
	p.do("open 管理", chromedp.Click(chromedp.CSS(summary)))
	if st := p.click(menu + ` a[href="/admin/calendar"]`); st != 200 {
		t.Fatalf("工作日历: %d", st)
	}
	if got := p.texts(`nav.mainnav a[aria-current="page"]`); !p.exists(summary+".active") || !slices.Equal(got, []string{"工作日历"}) {
		t.Errorf("on 工作日历 the 管理 button is not marked as the current entry (current: %q)", got)
	}
	if l := p.navLayout(); !oneRow(l.Entries) || l.Bar > 64 {
		t.Errorf("on 工作日历 the bar is %.0f px tall, entries at %v", l.Bar, l.Entries)
	}

	// On a phone the group is a fold of the menu.
	m := newPage(t, phone)
	m.mustLogin("admin", demo.Password)
	m.do("open the menu", tapAction("details.menu > summary"))
	m.do("open 管理", tapAction(summary))
	if !m.visible(menu + ` a[href="/admin/users"]`) {
		t.Error("on a phone 管理 does not unfold in the menu")
	}
	checkTapTargets(m, summary+", "+menu+" a")
	checkNoHorizontalScroll(m)
	m.shot("phone-menu")

	// Without JavaScript the button still opens the group (it is a <details>).
	q := newPage(t, desktop)
	q.mustLogin("admin", demo.Password)
	ctx, cancel := context.WithTimeout(q.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		q.fail("turn scripts off", err)
	}
	q.open("/")
	q.do("open 管理", chromedp.Click(chromedp.CSS(summary)))
	if !q.visible(menu) {
		t.Error("without JavaScript 管理 does not open")
	}
}

// TestLargeTextBarRows: in large text at 1280 px an administrator's top bar stays tidy,
// in Chinese and in English: the tools take a first row and the entries a second, each
// in one line, rather than each wrapping on its own.
func TestLargeTextBarRows(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("admin", demo.Password)
	for _, lang := range []string{"zh-CN", "en"} {
		p.open("/prefs?lang=" + lang + "&text=large&next=/")
		l := p.navLayout()
		if !oneRow(l.Entries) || !oneRow(l.Tools) {
			t.Errorf("%s: entries at %v, tools at %v: each should be one row", lang, l.Entries, l.Tools)
		}
		if l.Tools[0] >= l.Entries[0] {
			t.Errorf("%s: the tools (at %v) should be above the entries (at %v)", lang, l.Tools, l.Entries)
		}
		if l.NavRight > l.Width {
			t.Errorf("%s: the entries end at %.0f px, past the window's %.0f", lang, l.NavRight, l.Width)
		}
		p.shot("large-" + lang)
	}
	p.open("/prefs?lang=zh-CN&text=normal&next=/")
}
