package e2e

import (
	"regexp"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/demo"
)

var ticketRE = regexp.MustCompile(`^\d{8}-\d{6}$`)

// TestReportFromDoorPlate: a passer-by on a 360 px phone scans a door plate, reports a
// problem there without typing an address or signing in, gets the number in large
// print and opens the tracking page from the link given to bookmark.
func TestReportFromDoorPlate(t *testing.T) {
	t.Parallel()
	// A plate to scan: the first house of the first building, as a grid worker prints it.
	w := newPage(t, desktop)
	w.mustLogin("wgy", demo.Password)
	w.open("/registers/buildings")
	w.click("main table tbody tr a")
	w.click(`a[href^="/registers/houses/"]:not([href*="new"])`)
	plate := w.eval(`document.querySelector("#plate a[href*='/h/']").getAttribute("href")`)
	plate = plate[strings.Index(plate, "/h/"):]

	p := newPage(t, phone)
	if st := p.open(plate); st != 200 {
		t.Fatalf("plate page %d", st)
	}
	address := p.text(".plate-address")
	if st := p.tap("a.plate-report"); st != 200 {
		t.Fatalf("report form from the plate: %d", st)
	}
	if got := p.text(".rp-plate-address"); got != address {
		t.Errorf("the form shows the plate's address %q, want %q", got, address)
	}
	if p.exists(`input[name="address"]`) {
		t.Error("a report from a door plate should not ask for the address")
	}
	checkResidentSizes(p)
	checkNoHorizontalScroll(p)
	p.checkTranslated()
	p.shot("form")

	p.do("choose a category", tapAction(".rp-choice"))
	p.fill("#f-description", "楼道里堆满了纸箱，挡住了消防通道")
	p.fill("#f-reporter_phone", "13912345678")
	if saved := p.eval(`localStorage.getItem("shequ.draft.report") || ""`); !strings.Contains(saved, "纸箱") {
		t.Errorf("the draft is not kept on the phone: %q", saved)
	}
	p.shot("filled")
	if st := p.tap("button.rp-submit"); st != 200 {
		t.Fatalf("send the report: %d: %s", st, firstLine(p.bodyText()))
	}
	ticket := p.text("#rp-ticket")
	if !ticketRE.MatchString(ticket) {
		t.Fatalf("the page after sending shows %q as the number", ticket)
	}
	if size := eval[float64](p, `parseFloat(getComputedStyle(document.querySelector("#rp-ticket")).fontSize)`); size < 28 {
		t.Errorf("the report number is %.0f px, want it large", size)
	}
	if saved := p.eval(`localStorage.getItem("shequ.draft.report") || ""`); saved != "" {
		t.Errorf("the draft outlived the report: %q", saved)
	}
	checkNoHorizontalScroll(p)
	p.checkTranslated()
	p.shot("sent")

	if st := p.tap("#rp-track"); st != 200 {
		t.Fatalf("tracking page %d", st)
	}
	if got := p.text("h1.rp-ticket-num"); got != ticket {
		t.Errorf("tracking page of %q, want %q", got, ticket)
	}
	body := p.bodyText()
	for _, want := range []string{"纸箱", address, "收到反映"} {
		if !strings.Contains(body, want) {
			t.Errorf("the tracking page lacks %q", want)
		}
	}
	if strings.Contains(body, "13912345678") || strings.Contains(body, "139****5678") {
		t.Error("the tracking page shows the phone number")
	}
	checkResidentSizes(p)
	checkNoHorizontalScroll(p)
	p.checkTranslated()
	p.shot("tracking")

	// The 大字 switch makes it larger still.
	p.tap("a.rp-textsize")
	if !eval[bool](p, `document.documentElement.classList.contains("large-text")`) {
		t.Error("大字 did not switch to large text")
	}
	checkNoHorizontalScroll(p)
	p.shot("tracking-large")
}

// checkResidentSizes checks the resident's pages are readable and tappable: 18 px text
// at least and 48 px tall buttons and choices.
func checkResidentSizes(p *page) {
	p.t.Helper()
	small := eval[[]string](p, `Array.from(document.querySelectorAll(".rp p, .rp label, .rp legend, .rp dd, .rp textarea"))
		.filter(e => e.checkVisibility() && e.textContent.trim() !== "" && !e.closest(".hint, .error, .muted") && parseFloat(getComputedStyle(e).fontSize) < 18)
		.map(e => e.tagName + " " + e.textContent.trim().slice(0, 20) + " " + getComputedStyle(e).fontSize)`)
	if len(small) > 0 {
		p.t.Errorf("%s: text under 18 px:\n  %s", p.path(), strings.Join(small, "\n  "))
	}
	short := eval[[]string](p, `Array.from(document.querySelectorAll(".rp .btn, .rp .rp-choice, .rp .rp-item"))
		.filter(e => e.checkVisibility() && e.getBoundingClientRect().height < 47.5)
		.map(e => e.textContent.trim().slice(0, 20) + " " + Math.round(e.getBoundingClientRect().height) + "px")`)
	if len(short) > 0 {
		p.t.Errorf("%s: tap targets under 48 px:\n  %s", p.path(), strings.Join(short, "\n  "))
	}
}
