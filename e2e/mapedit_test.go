package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/shequ-dev/shequ/internal/demo"
)

// firstMicrogrid is the id of the first micro-grid in the signed-in person's scope.
func firstMicrogrid(p *page) int64 {
	p.t.Helper()
	return get(p, "find a micro-grid", chromedp.Evaluate[int64](
		`fetch("/api/v1/map/areas?level=6", {headers: {Accept: "application/json"}}).then(r => r.json()).then(fc => fc.features[0].id)`,
		chromedp.EvalAwaitPromise))
}

// insideSquare finds, on the boundary edit map, the centre of a square of 2·half pixels
// whose corners all lie on the place's own outline (the only interactive path), scanning
// the map from its middle outwards.
func insideSquare(p *page, half int) (x, y float64) {
	p.t.Helper()
	pt := eval[[]float64](p, fmt.Sprintf(`(() => {
		const own = document.querySelector("#map path.leaflet-interactive");
		const b = document.querySelector("#map").getBoundingClientRect(), h = %d;
		const hit = (x, y) => document.elementFromPoint(x, y) === own;
		const cx = b.x + b.width / 2, cy = b.y + b.height / 2;
		for (let r = 0; r < Math.min(b.width, b.height) / 2; r += 6)
			for (let a = 0; a < 360; a += 15) {
				const x = cx + r * Math.cos(a * Math.PI / 180), y = cy + r * Math.sin(a * Math.PI / 180);
				if (hit(x, y) && hit(x - h, y - h) && hit(x + h, y - h) && hit(x + h, y + h) && hit(x - h, y + h)) return [x, y];
			}
		return [];
	})()`, half))
	if len(pt) != 2 {
		p.fail("find room inside the boundary", fmt.Errorf("no %d px square inside", 2*half))
	}
	return pt[0], pt[1]
}

// drag moves the mouse with the button held from one point to another.
func (p *page) drag(x0, y0, x1, y1 float64) {
	p.t.Helper()
	p.do("drag", chromedp.MouseEvent(input.DispatchMouseEventTypeMousePressed, x0, y0, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, (x0+x1)/2, (y0+y1)/2, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x1, y1, chromedp.ButtonLeft),
		chromedp.MouseEvent(input.DispatchMouseEventTypeMouseReleased, x1, y1, chromedp.ButtonLeft, chromedp.ClickCount(1)))
}

// TestMapDrawBoundary: community staff redraw a micro-grid's boundary inside its old
// one with Geoman, drag a corner, save; then try a shape that crosses itself and see the
// problem listed beside the map and marked on it.
func TestMapDrawBoundary(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("sq.staff", demo.Password)
	id := firstMicrogrid(p)
	if st := p.open(fmt.Sprintf("/admin/nodes/%d/boundary/edit", id)); st != 200 {
		t.Fatalf("edit page answered %d", st)
	}
	p.checkTranslated()
	p.waitFor("the boundary is drawn", `!!document.querySelector("#map path.leaflet-interactive")`)
	p.waitFor("geoman is loaded", `!!(window.L && L.PM)`)
	p.shot("before")

	x, y := insideSquare(p, 30)
	p.do("start drawing", chromedp.Click(chromedp.CSS(`[data-act="draw"]`)))
	corners := [][2]float64{{x - 30, y - 30}, {x + 30, y - 30}, {x + 30, y + 30}, {x - 30, y + 30}, {x - 30, y - 30}}
	for _, c := range corners {
		p.do("click a corner", chromedp.MouseClickXY(c[0], c[1]))
	}
	p.waitFor("the new polygon is editable", `document.querySelectorAll("#map .marker-icon:not(.marker-icon-middle)").length === 4`)
	// Drag the south-east corner a little inwards.
	p.drag(x+30, y+30, x+22, y+24)
	p.shot("drawn")
	p.do("save", chromedp.Click(chromedp.CSS(`[data-act="save"]`)))
	p.waitFor("it is saved", `document.querySelector("[data-boundary-edit]").hasAttribute("data-saved")`)
	if got := p.text("[data-msg]"); got != "边界已保存，定位索引已更新。" {
		t.Errorf("message %q", got)
	}
	p.shot("saved")

	// The saved boundary is what the map layer now serves: five corners, one moved.
	n := get(p, "read the stored boundary", chromedp.Evaluate[int](fmt.Sprintf(`fetch("/api/v1/map/areas?id=%d",
		{headers: {Accept: "application/json"}, cache: "no-store"}).then(r => r.json()).then(fc => fc.features[0].geometry)
		.then(g => (g.type === "MultiPolygon" ? g.coordinates[0][0] : g.coordinates[0]).length)`, id),
		chromedp.EvalAwaitPromise))
	if n != 5 {
		t.Errorf("the stored ring has %d points, want 5", n)
	}

	// A bow-tie is refused with the crossing marked.
	p.open(fmt.Sprintf("/admin/nodes/%d/boundary/edit", id))
	p.waitFor("the boundary is drawn", `!!document.querySelector("#map path.leaflet-interactive") && !!(window.L && L.PM)`)
	x, y = insideSquare(p, 15)
	p.do("start drawing", chromedp.Click(chromedp.CSS(`[data-act="draw"]`)))
	for _, c := range [][2]float64{{x - 15, y - 15}, {x + 15, y + 15}, {x + 15, y - 15}, {x - 15, y + 15}, {x - 15, y - 15}} {
		p.do("click a corner", chromedp.MouseClickXY(c[0], c[1]))
	}
	p.waitFor("the bow-tie is drawn", `document.querySelectorAll("#map .marker-icon:not(.marker-icon-middle)").length === 4`)
	p.do("save", chromedp.Click(chromedp.CSS(`[data-act="save"]`)))
	p.waitFor("the problem is listed", `!!document.querySelector("[data-problems] li.bad")`)
	if got := p.text("[data-problems] li.bad"); !strings.Contains(got, "自相交") {
		t.Errorf("problem %q", got)
	}
	if !p.exists("#map path.map-problem") {
		t.Error("the crossing is not marked on the map")
	}
	p.shot("refused")
	p.do("cancel", chromedp.Click(chromedp.CSS(`[data-act="cancel"]`)))
}

// TestMapDrawBoundaryOnAPhone: the edit page fits a phone, buttons above the map.
func TestMapDrawBoundaryOnAPhone(t *testing.T) {
	t.Parallel()
	p := newPage(t, phone)
	p.mustLogin("sq.staff", demo.Password)
	id := firstMicrogrid(p)
	p.open(fmt.Sprintf("/admin/nodes/%d/boundary/edit", id))
	p.waitFor("the boundary is drawn", `!!document.querySelector("#map path.leaflet-interactive")`)
	if over := p.eval(`String(document.documentElement.scrollWidth > window.innerWidth)`); over != "false" {
		t.Error("the page scrolls sideways on a phone")
	}
	if h := eval[float64](p, `document.querySelector('[data-act="save"]').getBoundingClientRect().height`); h < 40 {
		t.Errorf("the save button is %.0f px tall", h)
	}
	p.shot("phone")
}

// TestMapChoropleth: street staff colour the communities by a statistic and see the
// legend; a click on a community opens its page.
func TestMapChoropleth(t *testing.T) {
	t.Parallel()
	for _, dev := range []device{desktop, phone} {
		p := newPage(t, dev)
		p.mustLogin("jd.staff", demo.Password)
		if st := p.open("/map#stats"); st != 200 {
			t.Fatalf("map answered %d", st)
		}
		p.waitFor("the legend is shown", `document.querySelectorAll("#map .map-legend-row").length === 5`)
		if got := p.text("#map .map-legend strong"); !strings.HasPrefix(got, "图例") {
			t.Errorf("legend heading %q", got)
		}
		p.waitFor("the communities are coloured", `document.querySelectorAll("#map.map-choropleth path.leaflet-interactive").length >= 10`)
		p.do("colour by houses", chromedp.SetValue(chromedp.CSS("#map-stat"), "houses"),
			chromedp.Evaluate[chromedp.Void](`document.querySelector("#map-stat").dispatchEvent(new Event("change"))`))
		p.waitFor("the legend names houses", `document.querySelector("#map .map-legend strong").textContent.indexOf("房屋") >= 0`)
		p.shot("choropleth")
		if dev.Mobile {
			continue
		}
		st := p.follow("click a community", chromedp.Evaluate[chromedp.Void](
			`(() => { const ps = document.querySelectorAll("#map path.leaflet-interactive");
			  const el = ps[ps.length-1], b = el.getBoundingClientRect();
			  el.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: b.x + b.width/2, clientY: b.y + b.height/2})); })()`))
		if st != 200 || !strings.HasPrefix(p.path(), "/admin/nodes/") {
			t.Errorf("the click led to %s (%d)", p.path(), st)
		}
		if !p.exists("#stats") {
			t.Error("the community's page shows no statistics")
		}
	}
}

// TestMapFacilitiesLayer: a grid worker registers a facility, finds it on the map with
// the facilities layer turned on at building zoom, and its popup leads to its page.
func TestMapFacilitiesLayer(t *testing.T) {
	t.Parallel()
	p := newPage(t, desktop)
	p.mustLogin("wgy", demo.Password)
	// A point inside the worker's grid: the middle of a micro-grid that locate confirms.
	at := get(p, "register a facility", chromedp.Evaluate[[]float64](`(async () => {
		const get = u => fetch(u, {headers: {Accept: "application/json"}}).then(r => r.json());
		const fc = await get("/api/v1/map/areas?level=6");
		for (const f of fc.features) {
			const pts = f.geometry.type === "MultiPolygon" ? f.geometry.coordinates[0][0] : f.geometry.coordinates[0];
			const xs = pts.map(q => q[0]), ys = pts.map(q => q[1]);
			const lng = (Math.min(...xs) + Math.max(...xs)) / 2, lat = (Math.min(...ys) + Math.max(...ys)) / 2;
			const loc = await get("/api/v1/locate?lat=" + lat + "&lng=" + lng);
			if (!loc.inside || loc.places[0].id !== f.id) continue;
			const r = await fetch("/api/v1/facilities", {method: "POST", headers: {"Content-Type": "application/json", Accept: "application/json"},
				body: JSON.stringify({node_id: f.id, major: "01", minor: "0101", location: {lng, lat}, condition: "good"})});
			if (r.ok) return [lat, lng, (await r.json()).id];
		}
		return [];
	})()`, chromedp.EvalAwaitPromise))
	if len(at) != 3 {
		t.Fatal("no facility could be registered in the worker's grid")
	}
	if st := p.open(fmt.Sprintf("/map?at=%f,%f", at[0], at[1])); st != 200 {
		t.Fatalf("map answered %d", st)
	}
	p.waitFor("the layers control", `!!document.querySelector(".leaflet-control-layers-overlays")`)
	p.do("turn on the facilities", chromedp.Evaluate[chromedp.Void](`(() => {
		for (const l of document.querySelectorAll(".leaflet-control-layers-overlays label"))
			if (l.textContent.trim() === "设施") l.querySelector("input").click(); })()`))
	p.waitFor("the facility is drawn", `!!document.querySelector("#map path.map-facility")`)
	p.do("open its popup", chromedp.Evaluate[chromedp.Void](`(() => { const el = document.querySelector("#map path.map-facility"), b = el.getBoundingClientRect();
		el.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: b.x + b.width/2, clientY: b.y + b.height/2})); })()`))
	p.waitVisible(".map-popup a.btn-primary")
	if href := p.eval(`document.querySelector(".map-popup a.btn-primary").getAttribute("href")`); !strings.HasPrefix(href, "/registers/facilities/") {
		t.Errorf("popup links to %s", href)
	}
	p.shot("facility")
}

// TestMapBuildingsLayer: community staff zoom to a building of the demo registers and
// see it drawn, with a popup that leads to its register page; zoomed out, the map asks
// them to zoom in instead.
func TestMapBuildingsLayer(t *testing.T) {
	t.Parallel()
	for _, dev := range []device{desktop, phone} {
		p := newPage(t, dev)
		p.mustLogin("sq.staff", demo.Password)
		at := get(p, "find a building", chromedp.Evaluate[[]float64](`fetch("/api/v1/buildings?limit=50", {headers: {Accept: "application/json"}})
			.then(r => r.json()).then(j => { const b = j.items.find(b => b.location); return b ? [b.location.lat, b.location.lng, b.id] : []; })`,
			chromedp.EvalAwaitPromise))
		if len(at) != 3 {
			t.Fatal("the demo community has no building with a location")
		}
		if st := p.open(fmt.Sprintf("/map?at=%f,%f", at[0], at[1])); st != 200 {
			t.Fatalf("map answered %d", st)
		}
		p.waitFor("buildings are drawn", `document.querySelectorAll("#map path.map-building").length > 0`)
		p.shot("buildings")
		p.do("open a popup", chromedp.Evaluate[chromedp.Void](`(() => { const el = document.querySelector("#map path.map-building"), b = el.getBoundingClientRect();
			el.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: b.x + b.width/2, clientY: b.y + b.height/2})); })()`))
		p.waitVisible(".map-popup a.btn-primary")
		if href := p.eval(`document.querySelector(".map-popup a.btn-primary").getAttribute("href")`); !strings.HasPrefix(href, "/registers/buildings/") {
			t.Errorf("popup links to %s", href)
		}
		if dev.Mobile {
			continue
		}
		if st := p.click(".map-popup a.btn-primary"); st != 200 {
			t.Errorf("the building's page answered %d", st)
		}
	}
}
