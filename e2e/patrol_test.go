package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/shequ-dev/shequ/internal/demo"
)

// allowLocation grants the page's browser context the geolocation permission for the
// server's origin, as a grid worker tapping "allow" would.
func (p *page) allowLocation() {
	p.t.Helper()
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "geolocation"}, Setting: cdpbrowser.PermissionSettingGranted,
		Origin: env.baseURL, BrowserContextID: chromedp.FromContext(p.ctx).BrowserContextID}); err != nil {
		p.fail("grant geolocation", err)
	}
}

// moveTo places the emulated phone at lat, lng.
func (p *page) moveTo(lat, lng float64) {
	p.t.Helper()
	acc := 8.0
	ctx, cancel := context.WithTimeout(p.ctx, actionTimeout)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetGeolocationOverride, emulation.SetGeolocationOverrideParams{
		Latitude: &lat, Longitude: &lng, Accuracy: &acc}); err != nil {
		p.fail("move the phone", err)
	}
}

// walkTo moves the phone to lat, lng and keeps reporting it until the page has recorded
// want points: the page keeps one point every 10 s, so a position reported sooner is
// left out and reported again.
func (p *page) walkTo(lat, lng float64, want int) {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for i := 0; ; i++ {
		// A new fix each round (a few centimetres apart) makes the browser report again.
		p.moveTo(lat+float64(i)*1e-7, lng)
		n, _ := strconv.Atoi(p.text("#patrol-points"))
		if n >= want {
			return
		}
		if time.Now().After(deadline) {
			p.fail(fmt.Sprintf("record point %d", want), fmt.Errorf("%d points recorded; page says %q", n, p.text("#patrol-gps")))
		}
		// Give the page up to a second to record it before reporting the position again.
		get(p, "wait a moment", chromedp.Evaluate[bool](fmt.Sprintf(`new Promise(done => { const t0 = Date.now(); (function f() {
			if (Number(document.querySelector("#patrol-points").textContent) >= %d || Date.now() - t0 > 1000) done(true);
			else setTimeout(f, 100); })(); })`, want), chromedp.EvalAwaitPromise))
	}
}

// TestPatrolOnAPhone: a grid worker starts a patrol on a 360 px phone, walks a few steps
// with the phone's position emulated, ends the patrol, and street staff see the grid
// patrolled on the coverage page (not yet enough: the patrol was short).
func TestPatrolOnAPhone(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	p.allowLocation()
	p.mustLogin("wgy", demo.Password)
	if st := p.open("/patrol"); st != 200 {
		t.Fatalf("patrol page answered %d", st)
	}
	p.checkTranslated()
	p.shot("start")
	grid := p.eval(`document.querySelector('input[name="node_id"]').value`)
	// Walk inside the grid: start at a vertex of its boundary, nudged inwards.
	at := get(p, "find the grid's centre", chromedp.Evaluate[[]float64](`fetch("/api/v1/map/areas?id=`+grid+`").then(r => r.json()).then(fc => {
		const g = fc.features[0].geometry, ring = g.type === "Polygon" ? g.coordinates[0] : g.coordinates[0][0];
		let x = 0, y = 0; for (const c of ring) { x += c[0]; y += c[1]; } return [y / ring.length, x / ring.length]; })`, chromedp.EvalAwaitPromise))
	if len(at) != 2 {
		t.Fatalf("no centre for grid %s", grid)
	}
	p.moveTo(at[0], at[1])
	p.tap("#patrol-start")
	p.waitVisible("#patrol-live")
	if !strings.Contains(p.text("#live-h"), "正在巡查") {
		t.Errorf("live heading %q", p.text("#live-h"))
	}
	for i := 1; i <= 3; i++ {
		p.walkTo(at[0]+float64(i)*0.0001, at[1]+float64(i)*0.00005, i)
	}
	p.waitFor("the track is uploaded", `document.querySelector("#patrol-sync").textContent === "轨迹已全部上传"`)
	if d := p.text("#patrol-distance"); d == "0 m" {
		t.Errorf("distance %q after three points", d)
	}
	if over := p.eval(`String(document.documentElement.scrollWidth > window.innerWidth)`); over != "false" {
		t.Error("the patrol page scrolls sideways on a phone")
	}
	if href := p.eval(`document.querySelector('a[href^="/report?source=patrol"]').getAttribute("href")`); !strings.HasPrefix(href, "/report?source=patrol&patrol=") {
		t.Errorf("report link %q", href)
	}
	p.shot("live")
	p.fill("#f-end-note", "巡查正常")
	if st := p.click(`#patrol-end button[type="submit"]`); st != 200 {
		t.Fatalf("ending answered %d", st)
	}
	if !strings.Contains(p.bodyText(), "巡查已结束") || !p.exists(`form[action="/patrol/start"]`) {
		t.Errorf("after ending: %s", firstLine(p.bodyText()))
	}
	p.shot("ended")

	// Street staff see the grid patrolled once, short of the requirement.
	s := newPage(t, desktop)
	s.mustLogin("jd.staff", demo.Password)
	if st := s.open("/patrols"); st != 200 {
		t.Fatalf("coverage answered %d", st)
	}
	s.checkTranslated()
	s.waitFor("the grids are coloured", `document.querySelectorAll("#coverage-map path.leaflet-interactive").length > 0 && !!document.querySelector("#coverage-map[data-ready]")`)
	row := s.text(`#coverage tr[data-node="` + grid + `"]`)
	if row == "" {
		// The worker's grid lies in a community below the street: drill into it.
		s.click(`#coverage tbody tr:first-child a`)
		row = s.text(`#coverage tr[data-node="` + grid + `"]`)
	}
	s.shot("coverage")
	if !strings.Contains(row, "未达标") {
		t.Errorf("the grid's row %q", row)
	}
	s.open("/patrols?node=" + grid)
	s.click(`#patrol-list tbody a`)
	s.waitFor("the track is drawn over the grid", `document.querySelectorAll("#track-map path.leaflet-interactive").length > 1 && !!document.querySelector("#track-map[data-ready]")`)
	if !strings.Contains(s.bodyText(), "巡查正常") {
		t.Error("the patrol's note is not shown")
	}
	s.shot("track")
	s.setDevice(phone)
	s.open("/patrols?node=" + grid)
	s.shot("grid-phone")
}
