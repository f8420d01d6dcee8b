package e2e

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	acct "github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/clock"
	"github.com/shequ-dev/shequ/internal/demo"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/scheduler"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/sms"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/web"
)

// clockServer is a shequ server of its own on a fake clock, for what only time does:
// the shared server runs on the wall clock. Its timers are fired by the scheduler when
// the test says (fire), never by waiting.
type clockServer struct {
	db    *store.DB
	sched *scheduler.Scheduler
	hs    *http.Server
	ln    net.Listener
	base  string
}

// startClockServer opens the database in dir on clk and serves it on addr ("" for a
// free port), as serve does: the same web server, store and timer handlers.
func startClockServer(t *testing.T, dir, addr string, clk *clock.Fake) *clockServer {
	t.Helper()
	ctx := context.Background()
	keys, _, err := secret.LoadOrCreateKeyFile(filepath.Join(dir, "master.key"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, filepath.Join(dir, "shequ.db"), store.Options{Clock: clk, Keys: keys, CrashSafeOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	db.SetCasePolicy(cases.DefaultPolicy())
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	// Sessions outlive the days the test moves the clock over.
	srv, err := web.New(db, web.Config{Version: "e2e", SMS: sms.LogSender{Logger: log}, Logger: log, ImportDir: filepath.Join(dir, "imports"),
		Sessions: store.SessionPolicy{Idle: 30 * 24 * time.Hour, Absolute: 60 * 24 * time.Hour}})
	if err != nil {
		t.Fatal(err)
	}
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	s := &clockServer{db: db, sched: scheduler.New(db, db.TimerHandlers(), scheduler.Options{Logger: log}),
		hs: &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}, ln: ln, base: "http://" + ln.Addr().String()}
	go s.hs.Serve(ln)
	return s
}

// stop shuts the server down and closes its database, as a restart does.
func (s *clockServer) stop(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.hs.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		t.Fatal(err)
	}
	if err := s.db.Close(); err != nil {
		t.Fatal(err)
	}
}

// fire runs the timers due by the fake clock now.
func (s *clockServer) fire(t *testing.T) {
	t.Helper()
	if _, err := s.sched.RunOnce(context.Background()); err != nil {
		t.Fatalf("fire timers: %v", err)
	}
}

// TestCaseLeftAloneEscalates: a blocked fire lane reported in the first community goes
// to the city management bureau at once, and nobody acts. Past the warning share of its
// limit the case is yellow on the bureau's queue and its page; past the limit it is red
// and overdue. The server restarts on the same database; a working day later the timer
// kept there opens the supervision, which the case page shows and the handler answers.
func TestCaseLeftAloneEscalates(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds a demo district of its own")
	}
	ctx := context.Background()
	dir := t.TempDir()
	// A Tuesday morning in a week without holidays.
	clk := clock.NewFake(time.Date(2026, 3, 10, 9, 30, 0, 0, calendar.Location))
	srv := startClockServer(t, dir, "", clk)
	defer func() { srv.stop(t) }()
	if _, err := demo.Seed(ctx, srv.db, 1, demo.PopulateNone); err != nil {
		t.Fatalf("demo: %v", err)
	}
	worker, _, err := srv.db.Authenticate(ctx, "wgy", demo.Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	handler, _, err := srv.db.Authenticate(ctx, "cgj.handler", demo.Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	grid, err := srv.db.Node(ctx, worker, worker.NodeID)
	if err != nil {
		t.Fatal(err)
	}
	tree, err := srv.db.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const desc = "3幢楼下消防通道被一辆白色面包车堵住，两天没人管"
	in, err := srv.db.Report(ctx, &acct.Principal{}, cases.Report{Source: cases.FromResident, CategoryID: tree.ByCode(cases.EventKind, "0511").ID,
		Description: desc, Location: &geo.Point{Lng: 120.632, Lat: 31.318}, NodeID: grid.ID, NodePath: grid.Path, Located: true, ReporterName: "陈阿姨", ReporterPhone: "13912340000"})
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	c := in.Case
	if c.Status != cases.Dispatched || c.AssigneeUnitID != handler.UnitID || c.WarnAt == nil || c.DueAt == nil {
		t.Fatalf("the fire lane is %s with unit %d (want dispatched to %d), warn %v due %v", c.Status, c.AssigneeUnitID, handler.UnitID, c.WarnAt, c.DueAt)
	}
	casePath := "/cases/" + strconv.FormatInt(c.ID, 10)
	row := `a.case-ticket[href="` + casePath + `"]`
	rowLight := func(p *page) string {
		return p.eval(`(() => { const a = document.querySelector(` + js(row) + `); const l = a && a.closest("tr").querySelector(".light"); return l ? l.className + "|" + l.textContent.trim() : ""; })()`)
	}
	pageLight := func(p *page) string {
		return p.eval(`(() => { const l = document.querySelector(".case-badges .light"); return l ? l.className + "|" + l.textContent.trim() : ""; })()`)
	}

	h := newPage(t, desktop)
	h.base = srv.base
	h.mustLogin("cgj.handler", demo.Password)
	var shots []string
	look := func(step string, light, word string) {
		t.Helper()
		if st := h.open("/cases?queue=all&light=" + light); st != 200 {
			h.fail("open the queue", fmt.Errorf("status %d", st))
		}
		if got := rowLight(h); !strings.Contains(got, "light-"+light) || !strings.HasSuffix(got, word) {
			t.Errorf("%s: the queue shows the case's light as %q, want %s %s", step, got, light, word)
		}
		shots = append(shots, h.shot(step+"-queue"))
		if st := h.open(casePath); st != 200 {
			h.fail("open the case", fmt.Errorf("status %d", st))
		}
		if got := pageLight(h); !strings.Contains(got, "light-"+light) || !strings.HasSuffix(got, word) {
			t.Errorf("%s: the case page shows the light as %q, want %s %s", step, got, light, word)
		}
		shots = append(shots, h.shot(step+"-case"))
	}

	// Green at first.
	if st := h.open(casePath); st != 200 || !strings.Contains(pageLight(h), "light-green") {
		t.Errorf("a new case: status %d, light %q", st, pageLight(h))
	}

	// Past the warning share of the limit: yellow, and the bureau is urged.
	clk.Set(c.WarnAt.Add(time.Minute))
	srv.fire(t)
	look("yellow", "yellow", "黄灯预警")
	if body := h.text(".timeline"); !strings.Contains(body, "即将超时") {
		t.Errorf("the timeline does not tell of the warning")
	}

	// Past the limit: red and overdue.
	clk.Set(c.DueAt.Add(time.Minute))
	srv.fire(t)
	look("red", "red", "红灯超期")
	if got, err := srv.db.Case(ctx, acct.SystemPrincipal("test"), c.ID); err != nil || !got.Overdue {
		t.Fatalf("past its limit the case is not overdue: %v", err)
	}

	// The server restarts on the same database and the same address; the supervision's
	// timer was kept in the database.
	addr := srv.ln.Addr().String()
	srv.stop(t)
	srv = startClockServer(t, dir, addr, clk)
	cal, err := srv.db.Calendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	superviseAt := cal.Due(*c.DueAt, cases.DefaultPolicy().SuperviseAfter)
	if next, ok, err := srv.db.NextTimerAt(ctx); err != nil || !ok || next.After(superviseAt) {
		t.Fatalf("after the restart the next timer is %v (%v %v), the supervision is due %v", next, ok, err, superviseAt)
	}
	clk.Set(superviseAt.Add(-time.Minute))
	srv.fire(t)
	if h.open(casePath); h.exists(".case-supervisions") {
		t.Errorf("supervised before its time")
	}
	clk.Set(superviseAt.Add(time.Minute))
	srv.fire(t)
	if st := h.open(casePath); st != 200 {
		h.fail("open the case after the restart", fmt.Errorf("status %d", st))
	}
	if !h.visible(".case-supervisions") || !strings.Contains(h.text(".case-supervisions"), "督办中") {
		t.Errorf("the case page shows no open supervision: %q", h.bodyText())
	}
	if got := pageLight(h); !strings.Contains(got, "light-red") {
		t.Errorf("supervised, the light is %q", got)
	}
	shots = append(shots, h.shot("supervised-case"))
	if st := h.open("/cases?queue=all&light=red"); st != 200 || !strings.Contains(h.eval(`(() => { const a = document.querySelector(`+js(row)+`); return a ? a.closest("tr").textContent : ""; })()`), "红灯超期") {
		t.Errorf("the supervised case is not red on the queue")
	}

	// The unit answers the supervision from the case page.
	h.open(casePath)
	step(h, "answer", "回复督办", "已联系车主移车，通道恢复畅通")
	checkStepDone(h, "answer")
	if h.exists(".case-supervisions") {
		t.Errorf("the supervision is still open after the answer")
	}
	if !strings.Contains(h.bodyText(), "已联系车主移车，通道恢复畅通") {
		t.Errorf("the answer is not on the timeline")
	}
	shots = append(shots, h.shot("answered"))
	h.checkTranslated()
	t.Logf("screenshots:\n  %s", strings.Join(shots, "\n  "))
}
