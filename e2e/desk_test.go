package e2e

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	acct "github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/demo"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/store"
)

// reportCase files a resident's report in the grid of the demo grid worker, straight
// into the running server's database (the report pages are not part of this flow).
func reportCase(t *testing.T, desc string) (*cases.Case, *acct.Principal) {
	t.Helper()
	ctx := context.Background()
	keys, _, err := secret.LoadOrCreateKeyFile(filepath.Join(env.dataDir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(env.dataDir, "shequ.db"), store.Options{Keys: keys})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// The report waits for a reviewer, as every report does with --case-auto-dispatch=false:
	// the demo's rules would otherwise dispatch it at once.
	policy := cases.DefaultPolicy()
	policy.AutoDispatch = false
	db.SetCasePolicy(policy)
	worker, _, err := db.Authenticate(ctx, account(t, "wgy").Login, demo.Password, "127.0.0.1")
	if err != nil {
		t.Fatalf("grid worker: %v", err)
	}
	handler, _, err := db.Authenticate(ctx, account(t, "cgj.handler").Login, demo.Password, "127.0.0.1")
	if err != nil {
		t.Fatalf("handler: %v", err)
	}
	grid, err := db.Node(ctx, worker, worker.NodeID)
	if err != nil {
		t.Fatal(err)
	}
	pt := &geo.Point{Lng: 120.632, Lat: 31.318}
	tree, err := db.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	in, err := db.Report(ctx, &acct.Principal{}, cases.Report{Source: cases.FromResident, CategoryID: tree.ByCode(cases.EventKind, "0102").ID, Description: desc,
		Location: pt, NodeID: grid.ID, NodePath: grid.Path, Located: true, ReporterName: "张阿姨", ReporterPhone: "13912345678"})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return in.Case, handler
}

// TestCaseFromReviewToAcknowledge: street staff find a new report in the review queue on
// a desktop, register it and dispatch it to the city management bureau; the bureau's
// handler, on a 360 px phone, finds it in the acknowledge queue and acknowledges it.
func TestCaseFromReviewToAcknowledge(t *testing.T) {
	desc := fmt.Sprintf("小区消防通道被私家车长期占用 %d", suffix())
	c, handler := reportCase(t, desc)
	ticket := `a.case-ticket[href="/cases/` + strconv.FormatInt(c.ID, 10) + `"]`

	p := newPage(t, desktop)
	p.mustLogin(account(t, "jd.staff").Login, demo.Password)
	openSection(p, "/cases", "案件", "案件办理")
	if got := p.text(".case-tabs a[aria-current=page]"); !strings.HasPrefix(got, "待受理") {
		t.Errorf("staff land on %q, want the review queue", got)
	}
	p.waitVisible(ticket)
	p.checkTranslated()
	p.shot("review-queue")
	if st := p.click(ticket); st != 200 {
		p.fail("open the case", fmt.Errorf("status %d", st))
	}
	if !strings.Contains(p.text(".case-desc"), desc) {
		t.Errorf("case page shows %q", p.text(".case-desc"))
	}
	p.checkTranslated()
	p.shot("case-reported")
	if got := p.text("details.case-action-primary > summary"); got != "立案" {
		t.Errorf("primary action %q, want 立案", got)
	}
	if st := p.click(`details.case-action-primary button[type=submit]`); st != 200 {
		p.fail("register", fmt.Errorf("status %d", st))
	}
	if got := p.text(".case-badges .badge"); got != "已立案" {
		t.Errorf("after registering the status is %q", got)
	}
	if got := p.text("details.case-action-primary > summary"); got != "派遣" {
		t.Fatalf("primary action %q, want 派遣", got)
	}
	p.eval(`(() => { const s = document.querySelector("#f-dispatch-unit_id"); s.value = ` + js(strconv.FormatInt(handler.UnitID, 10)) + `; return s.options[s.selectedIndex].textContent; })()`)
	p.shot("dispatch-form")
	if st := p.click(`#act-dispatch button[type=submit]`); st != 200 {
		p.fail("dispatch", fmt.Errorf("status %d", st))
	}
	if got := p.text(".case-badges .badge"); got != "已派遣" {
		t.Errorf("after dispatching the status is %q", got)
	}
	if body := p.bodyText(); !strings.Contains(body, "承办单位：") || !strings.Contains(body, "红灯") && !strings.Contains(body, "正常") {
		t.Errorf("timeline or light missing after dispatch")
	}
	p.shot("dispatched")

	h := newPage(t, phone)
	h.mustLogin(account(t, "cgj.handler").Login, demo.Password)
	if st := h.open("/cases"); st != 200 {
		h.fail("open the queues", fmt.Errorf("status %d", st))
	}
	if got := h.text(".case-tabs a[aria-current=page]"); !strings.HasPrefix(got, "待签收") {
		t.Errorf("handler lands on %q, want the acknowledge queue", got)
	}
	h.waitVisible(ticket)
	logOverflow(h)
	h.shot("acknowledge-queue")
	if st := h.tap(ticket); st != 200 {
		h.fail("open the case", fmt.Errorf("status %d", st))
	}
	logOverflow(h)
	h.shot("case-dispatched")
	if got := h.text("details.case-action-primary > summary"); got != "签收" {
		t.Fatalf("handler's primary action %q, want 签收", got)
	}
	// The primary step is the first thing after the case's header, big enough to tap.
	if w := eval[float64](h, `document.querySelector("details.case-action-primary button[type=submit]").getBoundingClientRect().height`); w < 44 {
		t.Errorf("the acknowledge button is %.0f px tall", w)
	}
	if st := h.tap(`details.case-action-primary button[type=submit]`); st != 200 {
		h.fail("acknowledge", fmt.Errorf("status %d", st))
	}
	if got := h.text(".case-badges .badge"); got != "已签收" {
		t.Errorf("after acknowledging the status is %q", got)
	}
	if got := h.text("details.case-action-primary > summary"); got != "开始处置" {
		t.Errorf("next primary action %q, want 开始处置", got)
	}
	h.checkTranslated()
	h.shot("acknowledged")
}
