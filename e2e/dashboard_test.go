package e2e

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/demo"
)

// TestLeaderDashboard: the district leader lands on the district's dashboard, sees this
// month's figures with last month's beside them, the charts and the map, and a click on
// a street's 按期结案率 lists exactly the cases behind it.
func TestLeaderDashboard(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	if st := p.login("qu.leader", demo.Password); st != 200 || p.path() != "/dashboard" {
		t.Fatalf("the leader landed on %s (%d), not the dashboard", p.path(), st)
	}
	if got := p.text("main h1"); got != "姑苏区 · 指标看板" {
		t.Errorf("heading %q", got)
	}
	p.checkTranslated()
	if got := p.text(".dash-period"); !regexp.MustCompile(`^\d{4}年\d{1,2}月 对比上期：\d{4}年\d{1,2}月(1日—\d{4}年\d{1,2}月\d{1,2}日)?$`).MatchString(got) {
		t.Errorf("period %q, want this month against last month (as many of its days while this one runs)", got)
	}
	if n := len(p.texts(".kpi")); n != 12 {
		t.Errorf("%d figures at the top", n)
	}
	for _, k := range p.texts(".kpi-prev") {
		if !strings.HasPrefix(k, "上期 ") {
			t.Errorf("a figure without last period's beside it: %q", k)
		}
	}
	p.waitFor("the charts are drawn", `document.querySelectorAll("[data-chart] canvas").length >= 4`)
	p.waitFor("the map is drawn", `!!document.querySelector("[data-chart=map] canvas")`)
	p.shot("district")

	// The first street's 按期结案率: its figure, and the cases behind it.
	col := eval[int](p, `Array.from(document.querySelectorAll("#areas-h + .table-wrap thead th")).findIndex(th => th.textContent.trim() === "按期结案率")`)
	if col < 1 {
		t.Fatal("no 按期结案率 column in the areas' table")
	}
	cell := fmt.Sprintf("#areas-h + .table-wrap tbody tr:first-child td:nth-child(%d) a", col+1)
	street := p.text("#areas-h + .table-wrap tbody tr:first-child th")
	figure := p.text(cell)
	if st := p.click(cell); st != 200 {
		t.Fatalf("the drill-down answered %d", st)
	}
	if got := p.text("main h1"); got != "按期结案率" {
		t.Errorf("drill-down heading %q", got)
	}
	if !strings.Contains(p.text(".page-head .muted"), street) {
		t.Errorf("the list does not say it is of %s: %q", street, p.text(".page-head .muted"))
	}
	if got := p.text(".figure-sum"); got != figure {
		t.Errorf("the list's figure %q, the dashboard's %q", got, figure)
	}
	// Each part's heading gives its sum; the rows listed are that many.
	heads := p.texts(".figure-parts h2")
	if len(heads) != 2 {
		t.Fatalf("parts %q, want numerator and denominator", heads)
	}
	sums := make([]int, 2)
	for i, h := range heads {
		m := regexp.MustCompile(`= (\d+)$`).FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("part heading %q", h)
		}
		sums[i], _ = strconv.Atoi(m[1])
		rows := eval[int](p, fmt.Sprintf(`document.querySelectorAll(".figure-parts section:nth-child(%d) tbody tr").length`, i+1))
		if rows != sums[i] {
			t.Errorf("%s: %d cases listed", h, rows)
		}
	}
	if sums[1] > 0 {
		want := fmt.Sprintf("%.2f%%", float64(sums[0]*10000/sums[1]+boolInt(sums[0]*10000%sums[1]*2 >= sums[1]))/100)
		if want != figure {
			t.Errorf("%d of %d is %s, the figure says %s", sums[0], sums[1], want, figure)
		}
	}
	p.shot("cases behind a figure")

	// A ticket opens its case.
	if p.exists(".figure-parts tbody a") {
		if st := p.click(".figure-parts tbody a"); st != 200 || !strings.HasPrefix(p.path(), "/cases/") {
			t.Errorf("the ticket led to %s (%d)", p.path(), st)
		}
	}
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestDashboardDrillsDown: a click on a street on the map opens that street's dashboard;
// the big screen shows the figures alone, dark, and reloads them itself.
func TestDashboardDrillsDown(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("qu.staff", demo.Password)
	p.open("/dashboard?grain=month&from=" + lastMonth())
	p.waitFor("the map is drawn", `!!document.querySelector("[data-chart=map] canvas")`)
	street := p.text("#areas-h + .table-wrap tbody tr:first-child th a")
	if st := p.click("#areas-h + .table-wrap tbody tr:first-child th a"); st != 200 {
		t.Fatalf("the street's dashboard answered %d", st)
	}
	if got := p.text("main h1"); got != street+" · 指标看板" {
		t.Errorf("heading %q, want %s's dashboard", got, street)
	}
	if got := p.text(".breadcrumb"); !strings.Contains(got, "姑苏区") {
		t.Errorf("breadcrumb %q", got)
	}
	if !p.exists("#units-h") {
		t.Error("a street's dashboard has no units' table")
	}
	p.click(`.dash-head .actions a[href*="screen=1"]`)
	if !p.exists("body.screen") || p.exists(".topbar") || !p.exists("#dash[data-refresh]") {
		t.Error("the big screen is not the figures alone")
	}
	p.waitFor("the big screen's charts are drawn", `document.querySelectorAll("[data-chart] canvas").length >= 4`)
	p.shot("big screen")
}

// TestDashboardOnAPhone: a grid worker's dashboard is its grid's, and fits 360 px.
func TestDashboardOnAPhone(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	p.mustLogin("wgy", demo.Password)
	if st := p.open("/dashboard"); st != 200 {
		t.Fatalf("dashboard answered %d", st)
	}
	grid := account(t, "wgy").Place
	if got := p.text("main h1"); got != grid+" · 指标看板" {
		t.Errorf("heading %q, want %s", got, grid)
	}
	if !p.exists("#workers-h") {
		t.Error("a grid's dashboard does not list its grid workers")
	}
	p.waitFor("the trend is drawn", `!!document.querySelector("[data-chart=trend] canvas")`)
	if over := p.eval(`String(document.documentElement.scrollWidth > window.innerWidth)`); over != "false" {
		t.Error("the dashboard scrolls sideways on a phone")
	}
	p.shot("grid worker")
	// A period that cannot be: the form says what is wrong, on the field.
	p.open("/dashboard?grain=custom&from=2026-03-10&to=2026-03-01")
	if got := p.text("#e-to"); got == "" {
		t.Error("a reversed period has no message on its end")
	}
	p.shot("reversed period")
}

// lastMonth is a day of the month before this one in China, for figures with a month of
// history behind them.
func lastMonth() string {
	now := time.Now().In(calendar.Location)
	return time.Date(now.Year(), now.Month(), 1, 12, 0, 0, 0, calendar.Location).AddDate(0, -1, 0).Format("2006-01-02")
}
