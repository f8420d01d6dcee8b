package e2e

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shequ-dev/shequ/internal/demo"
)

// fullIDNumber matches an ID number in the clear: a page that shows one has leaked it.
var fullIDNumber = regexp.MustCompile(`\b\d{17}[\dX]\b`)

// houseLinks are the houses of a building sheet, in a JavaScript string.
const houseLinks = `'a[href^="/registers/houses/"]:not([href*="new"])'`

// maskedIDNumber is how lists and records show ID numbers (and foreigners' passport
// numbers, of which at least eight characters are hidden too).
var maskedIDNumber = regexp.MustCompile(`^(\d{6}\*{8}\d{3}[\dX]|[0-9A-Z]*\*{8,}[0-9A-Z]*)$`)

// TestGridRegisters: community staff open the map, click into a grid, and see its grid
// worker, statistics, buildings, houses and residents, with every ID number masked.
func TestGridRegisters(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("sq.staff", demo.Password)
	openSection(p, "/map", "治理一张图", "治理一张图")
	p.waitFor("the grids are drawn", `document.querySelectorAll("#map path.leaflet-interactive").length >= 2`)
	p.shot("map")

	// Click the places on the map until the popup is a grid's (not a micro-grid's).
	found := p.eval(`(() => {
		const ps = Array.from(document.querySelectorAll("#map path.leaflet-interactive"));
		for (const el of ps.reverse()) {
			const b = el.getBoundingClientRect();
			if (b.width === 0) continue;
			el.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: b.x + b.width/2, clientY: b.y + b.height/2}));
			const pop = document.querySelector(".map-popup");
			if (pop && /网格/.test(pop.textContent) && !/微网格/.test(pop.textContent)) return "yes";
		}
		return "no";
	})()`)
	if found != "yes" {
		t.Fatal("no grid to click on the map")
	}
	if st := p.click(".map-popup a.btn-primary"); st != 200 {
		t.Fatalf("the grid's page answered %d", st)
	}
	if h := p.text("main h1"); !strings.HasSuffix(h, "网格") || strings.Contains(h, "微网格") {
		t.Fatalf("the popup led to %q", h)
	}
	gridPage := p.path()

	// The grid's worker on duty, its statistics, its buildings and its residents.
	if got := p.text("#workers table"); !strings.Contains(got, "专职") {
		t.Errorf("no full-time grid worker listed: %q", got)
	}
	households := p.eval(`(() => { const s = Array.from(document.querySelectorAll("#stats .stat")).find(s => s.textContent.includes("户数"));
		return s ? s.querySelector(".num").textContent.trim() : ""; })()`)
	if n, err := strconv.Atoi(households); err != nil || n < 300 {
		t.Errorf("households of the grid %q, want about 400", households)
	}
	if n := eval[int](p, `document.querySelectorAll("#buildings tbody tr").length`); n < 5 {
		t.Errorf("%d buildings listed on the grid's page", n)
	}
	residents := p.text("#residents a")
	if !strings.Contains(residents, "人") {
		t.Errorf("residents link %q", residents)
	}
	p.shot("grid")

	// A building's sheet of houses, then one occupied house and who lives there.
	if st := p.click("#buildings tbody tr a"); st != 200 {
		t.Fatalf("building page %d", st)
	}
	if n := eval[int](p, `document.querySelectorAll(`+houseLinks+`).length`); n < 6 {
		t.Errorf("the building sheet shows %d houses", n)
	}
	p.shot("building")
	href := p.eval(`(() => { const a = Array.from(document.querySelectorAll(` + houseLinks + `)).find(a => a.textContent.includes("自住"));
		return a ? a.getAttribute("href") : ""; })()`)
	if href == "" {
		t.Fatal("no self-occupied house on the building sheet")
	}
	if st := p.open(href); st != 200 {
		t.Fatalf("house page %d", st)
	}
	if n := eval[int](p, `document.querySelectorAll("#residents tbody tr").length`); n < 1 {
		t.Error("nobody lives in a self-occupied house")
	}
	if leak := fullIDNumber.FindString(p.bodyText()); leak != "" {
		t.Errorf("the house page shows an ID number in full: %s", leak)
	}
	p.shot("house")

	// The grid's residents: every ID number masked.
	if st := p.open(gridPage); st != 200 {
		t.Fatalf("back to the grid: %d", st)
	}
	if st := p.click("#residents a"); st != 200 {
		t.Fatalf("residents list %d", st)
	}
	if got := p.text("main h1"); got != "实有人口" {
		t.Errorf("residents heading %q", got)
	}
	ids := eval[[]string](p, `Array.from(document.querySelectorAll("main table tbody tr td:nth-child(2)")).map(td => td.textContent.trim())`)
	if len(ids) < 20 {
		t.Fatalf("%d residents on the first page", len(ids))
	}
	for _, id := range ids {
		if id != "—" && !maskedIDNumber.MatchString(id) {
			t.Errorf("ID number shown as %q", id)
		}
	}
	if leak := fullIDNumber.FindString(p.bodyText()); leak != "" {
		t.Errorf("the residents list shows an ID number in full: %s", leak)
	}
	p.shot("residents")
}

// TestPrintDoorPlates: a grid worker prints the QR door plates of a building, and anyone
// who scans one reaches a page with the address and nothing about who lives there.
func TestPrintDoorPlates(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	p.mustLogin("wgy", demo.Password)
	// On a phone the residents list comes before most of its filters, folded away.
	if st := p.open("/registers/people"); st != 200 {
		t.Fatalf("residents list %d", st)
	}
	if top := eval[float64](p, `document.querySelector("main table tbody tr").getBoundingClientRect().top`); top > 844 {
		t.Errorf("the first resident is %.0f px down, below the first screen", top)
	}
	p.do("unfold the filters", chromedp.Click(".toolbar-more"))
	if !p.visible("#f-id_number") {
		t.Error("the ID number filter stays folded")
	}
	p.shot("residents")
	if st := p.open("/registers/buildings"); st != 200 {
		t.Fatalf("buildings list %d", st)
	}
	if st := p.click("main table tbody tr a"); st != 200 {
		t.Fatalf("building page %d", st)
	}
	p.shot("building")
	address := p.eval(`document.querySelector("main h1").nextElementSibling.textContent.trim()`)
	houses := eval[int](p, `document.querySelectorAll(`+houseLinks+`).length`)
	sheet := p.eval(`document.querySelector("#plates a.btn-primary").getAttribute("href")`)
	if st := p.open(sheet); st != 200 {
		t.Fatalf("plate sheet %d", st)
	}
	pages := eval[int](p, `document.querySelectorAll(".page svg").length`)
	if want := (houses + 7) / 8; pages != want {
		t.Errorf("%d A4 pages for %d houses, want %d", pages, houses, want)
	}
	p.shot("sheet")

	// The first house's plate, scanned by a passer-by.
	if st := p.open("/registers/buildings"); st != 200 {
		t.Fatal("buildings list")
	}
	p.click("main table tbody tr a")
	p.click(`a[href^="/registers/houses/"]:not([href*="new"])`)
	plate := p.eval(`document.querySelector("#plate a[href*='/h/']").getAttribute("href")`)
	owner := p.eval(`(() => { const c = document.querySelector("#residents tbody tr td a"); return c ? c.textContent.trim() : ""; })()`)
	q := newPage(t, phone)
	if st := q.open(plate[strings.Index(plate, "/h/"):]); st != 200 {
		t.Fatalf("public plate page %d", st)
	}
	body := q.bodyText()
	if !strings.Contains(body, strings.Fields(address)[len(strings.Fields(address))-1]) {
		t.Errorf("the plate page does not show the address %q: %s", address, body)
	}
	if owner != "" && strings.Contains(body, owner) {
		t.Errorf("the public plate page names a resident (%s)", owner)
	}
	q.do("no sign-in needed", chromedp.WaitVisible("main h1"))
	q.shot("public plate")
}
