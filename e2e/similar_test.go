package e2e

import (
	"errors"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/shequ-dev/shequ/internal/demo"
)

// chooseCategory taps the report form's category button with the given name.
func (p *page) chooseCategory(name string) {
	p.t.Helper()
	if !eval[bool](p, `(() => { const l = Array.from(document.querySelectorAll(".rp-choice")).find(l => l.textContent.trim() === `+js(name)+`);
		if (!l) return false; l.scrollIntoView({block: "center"}); l.click(); return true; })()`) {
		p.fail("choose "+name, errors.New("no such category"))
	}
}

// TestReportTellsOfTheSameProblemNearby: a resident reports rubbish dumped by a flower
// bed; a neighbour 20 m away starts reporting the same on a phone and, once the kind,
// the place and a few words are in, is told in plain words that someone has already
// reported it — with the ticket and where it stands, not the first person's words nor
// their tracking page — and may still send. The grid worker filling in the same form
// sees the case itself, with a link that opens it.
func TestReportTellsOfTheSameProblemNearby(t *testing.T) {
	t.Parallel()
	const category = "暴露垃圾"
	first := "花坛边有人倒了一大堆碎砖和装修垃圾，是王阿姨家装修的"

	// A point inside the grid worker's grid: its centre, as the patrol test finds it.
	w := newPage(t, desktop)
	w.mustLogin("wgy", demo.Password)
	at := get(w, "find the grid's centre", chromedp.Evaluate[[]float64](`fetch("/api/v1/me").then(r => r.json()).then(me =>
		fetch("/api/v1/map/areas?id=" + me.node_id)).then(r => r.json()).then(fc => {
		const g = fc.features[0].geometry, ring = g.type === "Polygon" ? g.coordinates[0] : g.coordinates[0][0];
		let x = 0, y = 0; for (const c of ring) { x += c[0]; y += c[1]; } return [y / ring.length, x / ring.length]; })`, chromedp.EvalAwaitPromise))
	if len(at) != 2 {
		t.Fatal("no centre for the grid worker's grid")
	}

	// The first resident reports it, anonymously, from where it is.
	a := newPage(t, phone)
	a.allowLocation()
	a.moveTo(at[0], at[1])
	a.open("/report")
	a.chooseCategory(category)
	a.fill("#f-description", first)
	a.do("use my location", tapAction("[data-locate]"))
	a.waitFor("the point is set", `document.querySelector("[data-lat]").value !== ""`)
	if st := a.tap("button.rp-submit"); st != 200 {
		t.Fatalf("the first report: %d: %s", st, firstLine(a.bodyText()))
	}
	ticket := a.text("#rp-ticket")
	if !ticketRE.MatchString(ticket) {
		t.Fatalf("the first report's number %q", ticket)
	}

	// The neighbour, 20 m north, starts on the same.
	b := newPage(t, phone)
	b.allowLocation()
	b.moveTo(at[0]+0.00018, at[1])
	b.open("/report")
	if b.visible("#rp-similar") {
		t.Error("suggestions before anything is typed")
	}
	b.chooseCategory(category)
	b.fill("#f-description", "花坛旁边堆了一大堆碎砖和装修垃圾")
	b.do("use my location", tapAction("[data-locate]"))
	b.waitFor("the suggestion", `(() => { const s = document.querySelector("#rp-similar"); return !!s && s.checkVisibility() &&
		s.textContent.includes(`+js(ticket)+`); })()`)
	b.do("show the suggestion", chromedp.ScrollIntoView(chromedp.CSS("#rp-similar")))
	said := b.text("#rp-similar")
	for _, want := range []string{"附近已有人反映过类似问题", "您不用再报", "编号 " + ticket, category, "离这里约 20 米"} {
		if !strings.Contains(said, want) {
			t.Errorf("the suggestion lacks %q: %s", want, said)
		}
	}
	for _, not := range []string{"王阿姨", "/t/"} {
		if strings.Contains(said, not) || strings.Contains(b.eval(`document.querySelector("#rp-similar").innerHTML`), not) {
			t.Errorf("the suggestion to someone else shows %q", not)
		}
	}
	if b.exists("#rp-similar a") {
		t.Error("the suggestion links to another person's case")
	}
	checkResidentSizes(b)
	checkNoHorizontalScroll(b)
	b.checkTranslated()
	b.shot("suggested")
	// What the phone's screen shows around it (the full page is a long scroll).
	b.do("centre the suggestion", chromedp.Evaluate[chromedp.Void](`document.querySelector("#rp-similar").scrollIntoView({block: "center"})`))
	b.save("suggested-screen", get(b, "screenshot of the screen", chromedp.CaptureScreenshot()))
	// Told, the neighbour may still send: the suggestion holds nothing back.
	if st := b.tap("button.rp-submit"); st != 200 || !ticketRE.MatchString(b.text("#rp-ticket")) {
		t.Fatalf("sending after the suggestion: %d: %s", st, firstLine(b.bodyText()))
	}

	// The grid worker on the same form sees the case and may open it.
	w.allowLocation()
	w.moveTo(at[0]+0.00009, at[1])
	w.open("/report")
	w.chooseCategory(category)
	w.fill("#f-description", "花坛边倒了一大堆碎砖装修垃圾")
	w.do("use my location", tapAction("[data-locate]"))
	w.waitFor("the suggestion", `(() => { const s = document.querySelector("#rp-similar"); return !!s && s.checkVisibility() &&
		s.textContent.includes(`+js(ticket)+`); })()`)
	w.do("show the suggestion", chromedp.ScrollIntoView(chromedp.CSS("#rp-similar")))
	said = w.text("#rp-similar")
	for _, want := range []string{"可以先打开看看", first, "打开案件"} {
		if !strings.Contains(said, want) {
			t.Errorf("the grid worker's suggestion lacks %q: %s", want, said)
		}
	}
	w.checkTranslated()
	w.shot("staff")
	w.do("centre the suggestion", chromedp.Evaluate[chromedp.Void](`document.querySelector("#rp-similar").scrollIntoView({block: "center"})`))
	w.save("staff-screen", get(w, "screenshot of the screen", chromedp.CaptureScreenshot()))
	href := w.eval(`(() => { const li = Array.from(document.querySelectorAll("#rp-similar li")).find(l => l.textContent.includes(` + js(ticket) + `));
		return li.querySelector("a").getAttribute("href"); })()`)
	if !strings.HasPrefix(href, "/cases/") {
		t.Fatalf("the grid worker's link %q", href)
	}
	if st := w.open(href); st != 200 || !strings.Contains(w.bodyText(), ticket) {
		t.Errorf("the case page %s: %d", href, st)
	}
}
