package e2e

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shequ-dev/shequ/internal/demo"
)

// waitFor polls a JavaScript condition until it holds.
func (p *page) waitFor(what, cond string) {
	p.t.Helper()
	get(p, "wait until "+what, chromedp.Poll[bool](cond))
}

// TestMapDrillDown: street staff open the map, see their street and its communities,
// find a community, and open its page from the map.
func TestMapDrillDown(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("jd.staff", demo.Password)
	openSection(p, "/map", "治理一张图", "治理一张图")
	p.checkTranslated()
	// The street outline and, at the zoom that fits it, its communities with their names.
	p.waitFor("the communities are drawn", `document.querySelectorAll("#map path.leaflet-interactive").length >= 10`)
	p.waitFor("community names are written on the map", `!!document.querySelector("#map.show-labels-4 .map-label-4")`)
	p.shot("street")

	community := account(t, "sq.staff").Place
	p.fill("#s-q", community)
	p.click(`form[role="search"] button[type="submit"]`)
	if got := p.text("#map-results"); got != fmt.Sprintf("“%s”的查找结果", community) {
		t.Errorf("results heading %q", got)
	}
	p.click(".map-results a")
	p.waitFor("the community is outlined", `(() => { const e = document.querySelector('#map path[stroke-dasharray]');
		return !!e && e.ownerSVGElement.getBoundingClientRect().width > 0; })()`)
	p.waitFor("its grids are drawn", `document.querySelectorAll("#map path.leaflet-interactive").length > 14`)
	p.shot("community")

	// A click on a place opens its popup, which leads to the place's page.
	p.do("click a place on the map", chromedp.Evaluate[chromedp.Void](
		`(() => { const ps = document.querySelectorAll("#map path.leaflet-interactive");
		  const el = ps[ps.length-1], b = el.getBoundingClientRect();
		  el.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: b.x + b.width/2, clientY: b.y + b.height/2})); })()`))
	p.waitVisible(".map-popup a.btn-primary")
	if got := p.text(".map-popup a.btn-primary"); got != "查看详情" {
		t.Errorf("popup link %q", got)
	}
	p.shot("popup")
	if st := p.click(".map-popup a.btn-primary"); st != 200 {
		t.Fatalf("the place's page answered %d", st)
	}
	if !p.exists("main h1") || p.path()[:13] != "/admin/nodes/" {
		t.Errorf("the popup led to %s", p.path())
	}
	// The place's page shows its boundary with what lies inside it.
	p.waitFor("the boundary map is drawn", `(() => { const e = document.querySelector('#boundary path[stroke-dasharray]');
		return !!e && document.querySelectorAll('#boundary path.leaflet-interactive').length > 0; })()`)
	p.shot("place")
}

// TestMapOnAPhone: the map fits a 360 px screen and draws the scope.
func TestMapOnAPhone(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	p.mustLogin("wgy", demo.Password)
	if st := p.open("/map"); st != 200 {
		t.Fatalf("map answered %d", st)
	}
	p.waitFor("the street is drawn", `document.querySelectorAll("#map path.leaflet-interactive").length >= 1`)
	if w := p.eval(`String(document.querySelector("#map").getBoundingClientRect().width)`); w == "0" {
		t.Error("the map has no width")
	}
	if over := p.eval(`String(document.documentElement.scrollWidth > window.innerWidth)`); over != "false" {
		t.Error("the page scrolls sideways on a phone")
	}
	p.shot("phone")
}
