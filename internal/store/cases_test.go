package store_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// caseWorld is a tree with a unit, its handler, area staff and a grid worker.
type caseWorld struct {
	*tree
	unit                   *admin.Unit
	handler, staff, worker *account.Principal
	category               int64
	here                   geo.Point
}

func newCaseWorld(t *testing.T) *caseWorld {
	tr := newTree(t)
	u, err := tr.db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: tr.district.ID, Kind: admin.Department, Name: "区城管局"})
	if err != nil {
		t.Fatal(err)
	}
	w := &caseWorld{tree: tr, unit: u, category: testCategory(t, tr.db), here: geo.Point{Lng: 120.63, Lat: 31.32}}
	w.handler = tr.principal(t, account.Handler, 0, u.ID)
	w.staff = tr.principal(t, account.Staff, tr.streetA.ID, 0)
	w.worker = tr.principal(t, account.GridWorker, tr.gridA.ID, 0)
	return w
}

// report files a located report in grid A as an anonymous resident.
func (w *caseWorld) report(t *testing.T, desc string, mod ...func(*cases.Report)) *store.Intake {
	t.Helper()
	r := cases.Report{Source: cases.FromResident, CategoryID: w.category, Description: desc, Location: &w.here,
		NodeID: w.gridA.ID, NodePath: w.gridA.Path, Located: true}
	for _, m := range mod {
		m(&r)
	}
	in, err := w.db.Report(ctx, &account.Principal{}, r)
	if err != nil {
		t.Fatalf("report: %v", err)
	}
	return in
}

func (w *caseWorld) act(t *testing.T, p *account.Principal, c *cases.Case, s cases.Step) *cases.Case {
	t.Helper()
	s.Version = c.Version
	out, err := w.db.Act(ctx, p, c.ID, s, nil)
	if err != nil {
		t.Fatalf("%s by %s: %v", s.Action, p.Role, err)
	}
	return out
}

func TestCaseLoopThroughStore(t *testing.T) {
	w := newCaseWorld(t)
	in := w.report(t, "消防通道被车辆堵塞")
	c := in.Case
	if c.Status != cases.Reported || len(c.Ticket) != len("20261122-000123") || in.TrackKey == "" {
		t.Fatalf("intake = %+v", in)
	}
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActRegister})
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
	if c.DueAt == nil || c.Stage != cases.StageAcknowledge {
		t.Fatalf("dispatched case has no acknowledge deadline: %+v", c)
	}
	c = w.act(t, w.handler, c, cases.Step{Action: cases.ActAcknowledge})
	c = w.act(t, w.handler, c, cases.Step{Action: cases.ActHandle, Note: "已挪车"})
	c = w.act(t, w.worker, c, cases.Step{Action: cases.ActVerify})
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActClose})
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActRate, Rating: cases.Satisfied})
	if c.Status != cases.Rated || c.ClosedAt == nil || c.Version != 8 {
		t.Fatalf("after rating: %+v", c)
	}
	got, err := w.db.Case(ctx, w.handler, c.ID)
	if err != nil || got.Status != cases.Rated {
		t.Fatalf("handler reads the case: %v %+v", err, got)
	}
}

func TestCaseStepRefusals(t *testing.T) {
	w := newCaseWorld(t)
	c := w.report(t, "路灯不亮").Case
	other := w.principal(t, account.Staff, w.streetB.ID, 0)
	tests := []struct {
		name string
		p    *account.Principal
		s    cases.Step
		code errs.Code
	}{
		{"a step the state machine forbids", w.staff, cases.Step{Action: cases.ActClose, Version: c.Version}, errs.Conflict},
		{"a stale version", w.staff, cases.Step{Action: cases.ActRegister, Version: c.Version + 5}, errs.Conflict},
		{"staff of another street", other, cases.Step{Action: cases.ActRegister, Version: c.Version}, errs.NotFound},
		{"a handler whose unit does not hold it", w.handler, cases.Step{Action: cases.ActRegister, Version: c.Version}, errs.NotFound},
		{"a grid worker registering", w.worker, cases.Step{Action: cases.ActRegister, Version: c.Version}, errs.Forbidden},
		{"dispatch to a unit that does not exist", w.staff, cases.Step{Action: cases.ActDispatch, UnitID: 999}, errs.Invalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.db.Act(ctx, tt.p, c.ID, tt.s, nil)
			if errs.CodeOf(err) != tt.code {
				t.Errorf("Act = %v, want %s", err, tt.code)
			}
		})
	}
	if got, _ := w.db.Case(ctx, w.staff, c.ID); got.Status != cases.Reported || got.Version != c.Version {
		t.Errorf("refused steps changed the case: %+v", got)
	}
}

// TestCaseConcurrentSteps: two people acting on one version: exactly one succeeds.
func TestCaseConcurrentSteps(t *testing.T) {
	w := newCaseWorld(t)
	c := w.report(t, "井盖缺失").Case
	var wg sync.WaitGroup
	results := make([]error, 8)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, results[i] = w.db.Act(ctx, w.staff, c.ID, cases.Step{Action: cases.ActClaim, Version: c.Version}, nil)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range results {
		if err == nil {
			ok++
		} else if errs.CodeOf(err) != errs.Conflict {
			t.Errorf("a losing step = %v, want a conflict", err)
		}
	}
	if ok != 1 {
		t.Errorf("%d concurrent steps on one version succeeded, want 1", ok)
	}
}

func TestCaseIntakeRepeats(t *testing.T) {
	w := newCaseWorld(t)
	first := w.report(t, "噪声扰民", func(r *cases.Report) { r.IdempotencyKey = "3f1c9a7e-retry" })
	again := w.report(t, "噪声扰民", func(r *cases.Report) { r.IdempotencyKey = "3f1c9a7e-retry" })
	if !again.Repeat || again.Case.ID != first.Case.ID || again.TrackKey != first.TrackKey {
		t.Errorf("a retry with the same key made another case: %+v vs %+v", again.Case, first.Case)
	}
	other := w.report(t, "噪声扰民", func(r *cases.Report) { r.IdempotencyKey = "another-key-1" })
	if other.Repeat || other.Case.ID == first.Case.ID {
		t.Errorf("a different key returned the first case")
	}

	device := &account.Principal{Role: account.Device, ScopePath: w.district.Path, UserID: 77}
	alarm := func() *store.Intake {
		in, err := w.db.Report(ctx, device, cases.Report{Source: cases.FromSensor, CategoryID: w.category, Description: "烟感报警",
			DeviceID: "SMK-0042", AlarmType: "smoke", Location: &w.here, NodeID: w.gridA.ID, NodePath: w.gridA.Path, Located: true})
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	a1, a2, a3 := alarm(), alarm(), alarm()
	if a2.Case.ID != a1.Case.ID || a3.Case.ID != a1.Case.ID || a3.Case.AlarmCount != 3 || !a3.Repeat {
		t.Errorf("repeated alarms opened new cases: %d %d %d (count %d)", a1.Case.ID, a2.Case.ID, a3.Case.ID, a3.Case.AlarmCount)
	}
}

func TestCaseUnlocatedIsKept(t *testing.T) {
	w := newCaseWorld(t)
	in := w.report(t, "小区门口垃圾堆积", func(r *cases.Report) {
		r.Location, r.NodeID, r.NodePath, r.Located, r.Address = nil, 0, "", false, "某某路 12 号"
	})
	if in.Case.Located || in.Case.NodeID != w.district.ID || in.Case.Status != cases.Reported {
		t.Errorf("an unlocated case = %+v, want it kept with the district, unlocated", in.Case)
	}
	if got, _, err := w.db.ListCases(ctx, w.principal(t, account.Staff, w.district.ID, 0), store.CaseFilter{Queue: store.QueueUnlocated}); err != nil || len(got) != 1 {
		t.Errorf("district staff's unlocated queue: %d cases, %v", len(got), err)
	}
}

func TestCaseMergeClosesWithMaster(t *testing.T) {
	w := newCaseWorld(t)
	w.db.Clock.Advance(time.Minute)
	master := w.report(t, "楼道堆放杂物").Case
	dup := w.report(t, "楼道里堆放了很多杂物").Case
	dup = w.act(t, w.staff, dup, cases.Step{Action: cases.ActMerge, MasterID: master.ID})
	if dup.Status != cases.Merged {
		t.Fatalf("merged = %s", dup.Status)
	}
	for _, a := range []cases.Step{{Action: cases.ActRegister}, {Action: cases.ActDispatch, UnitID: w.unit.ID}} {
		master = w.act(t, w.staff, master, a)
	}
	master = w.act(t, w.handler, master, cases.Step{Action: cases.ActAcknowledge})
	master = w.act(t, w.handler, master, cases.Step{Action: cases.ActHandle, Note: "已清理"})
	master = w.act(t, w.worker, master, cases.Step{Action: cases.ActVerify})
	w.act(t, w.staff, master, cases.Step{Action: cases.ActClose})
	got, err := w.db.Case(ctx, w.staff, dup.ID)
	if err != nil || got.Status != cases.Closed || got.Closure != cases.WithMaster {
		t.Errorf("the duplicate after its master closed: %v %+v", err, got)
	}
}

// testCategory is a seeded minor class cases can be reported in: 占用消防通道, whose
// stages are timed in working hours and days.
func testCategory(t *testing.T, db *storetest.DB) int64 {
	t.Helper()
	tree, err := db.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := tree.ByCode(cases.EventKind, "0511")
	if c == nil {
		t.Fatal("no category 0511")
	}
	return c.ID
}

func TestCaseQueues(t *testing.T) {
	w := newCaseWorld(t)
	a := w.report(t, "路灯不亮").Case
	b := w.report(t, "井盖缺失").Case
	b = w.act(t, w.staff, b, cases.Step{Action: cases.ActRegister})
	b = w.act(t, w.staff, b, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
	tests := []struct {
		name string
		p    *account.Principal
		f    store.CaseFilter
		want []int64
	}{
		{"review queue", w.staff, store.CaseFilter{Queue: store.QueueReview}, []int64{a.ID}},
		{"acknowledge queue of the unit", w.handler, store.CaseFilter{Queue: store.QueueAcknowledge}, []int64{b.ID}},
		{"a handler sees only the unit's cases", w.handler, store.CaseFilter{Queue: store.QueueOpen}, []int64{b.ID}},
		{"a grid worker sees the grid", w.worker, store.CaseFilter{Queue: store.QueueOpen}, []int64{b.ID, a.ID}},
		{"staff of another street see none", w.principal(t, account.Staff, w.streetB.ID, 0), store.CaseFilter{Queue: store.QueueOpen}, nil},
		{"nothing overdue yet", w.staff, store.CaseFilter{Queue: store.QueueOverdue}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := w.db.ListCases(ctx, tt.p, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, c := range got {
				ids = append(ids, c.ID)
			}
			if !slices.Equal(ids, tt.want) {
				t.Errorf("ids = %v, want %v", ids, tt.want)
			}
		})
	}
	w.db.Clock.Advance(3 * time.Hour)
	got, _, _ := w.db.ListCases(ctx, w.staff, store.CaseFilter{Queue: store.QueueOverdue})
	if len(got) != 1 || got[0].ID != b.ID {
		t.Errorf("overdue after the acknowledge limit = %v", got)
	}
	if _, _, err := w.db.ListCases(ctx, w.staff, store.CaseFilter{Queue: "everything"}); fieldOf(err) != "queue" {
		t.Errorf("unknown queue = %v", err)
	}
}

// TestCaseGroupCommit: many concurrent intakes share transactions; each gets its own
// case and ticket, and a failing one leaves the others standing.
func TestCaseGroupCommit(t *testing.T) {
	w := newCaseWorld(t)
	const n = 40
	var wg sync.WaitGroup
	tickets := make([]string, n)
	errsOut := make([]error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := cases.Report{Source: cases.FromResident, CategoryID: w.category, Description: "并发上报",
				Address: "平江路", NodeID: w.gridA.ID, NodePath: w.gridA.Path, Located: true}
			if i%10 == 3 {
				r.Description = "" // refused by validation, before the group
			}
			in, err := w.db.Report(ctx, &account.Principal{}, r)
			if err == nil {
				tickets[i] = in.Case.Ticket
			}
			errsOut[i] = err
		}()
	}
	wg.Wait()
	seen := map[string]bool{}
	for i := range n {
		if i%10 == 3 {
			if errsOut[i] == nil {
				t.Errorf("report %d without a description was accepted", i)
			}
			continue
		}
		if errsOut[i] != nil || seen[tickets[i]] {
			t.Errorf("report %d: %v, ticket %q (seen %v)", i, errsOut[i], tickets[i], seen[tickets[i]])
		}
		seen[tickets[i]] = true
	}
}

func TestCaseNotifiesReporterAndUnit(t *testing.T) {
	w := newCaseWorld(t)
	resident := w.principal(t, account.Resident, 0, 0)
	in, err := w.db.Report(ctx, resident, cases.Report{Source: cases.FromResident, CategoryID: w.category, Description: "楼道灯坏了",
		Address: "平江路 1 号", ReporterPhone: "13912345678", NodeID: w.gridA.ID, NodePath: w.gridA.Path, Located: true})
	if err != nil {
		t.Fatal(err)
	}
	c := w.act(t, w.staff, in.Case, cases.Step{Action: cases.ActRegister})
	w.act(t, w.staff, c, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
	mine, err := w.db.Notifications(ctx, resident, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range mine {
		got = append(got, n.Template)
	}
	if !slices.Equal(got, []string{"notify.case_registered", "notify.case_received"}) {
		t.Errorf("the reporter was told %v", got)
	}
	unit, err := w.db.Notifications(ctx, w.handler, 0, 10)
	if err != nil || len(unit) != 1 || unit[0].Template != "notify.case_dispatched" {
		t.Errorf("the unit was told %+v (%v)", unit, err)
	}
}

// TestCaseLeftAloneEscalates: a dispatched case nobody acknowledges turns yellow, then
// red with the unit urged, then is supervised — the last after the server restarted.
func TestCaseLeftAloneEscalates(t *testing.T) {
	w := newCaseWorld(t)
	c := w.report(t, "消防通道被车辆堵塞").Case
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActRegister})
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
	handlers := w.db.TimerHandlers()
	fire := func(db *store.DB) int {
		t.Helper()
		n, err := db.RunDueTimers(ctx, handlers, 100)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	read := func() *cases.Case {
		t.Helper()
		got, err := w.db.Case(ctx, w.staff, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// 占用消防通道: acknowledge within 1 natural hour; yellow at 80 %.
	if n := fire(w.db.DB); n != 0 {
		t.Fatalf("%d timers fired before any was due", n)
	}
	w.db.Clock.Advance(49 * time.Minute)
	fire(w.db.DB)
	if got := read(); got.Light(w.db.Clock.Now()) != cases.Yellow || got.UrgeCount != 1 {
		t.Fatalf("at 49 min: light %s, urged %d", got.Light(w.db.Clock.Now()), got.UrgeCount)
	}
	w.db.Clock.Advance(12 * time.Minute)
	fire(w.db.DB)
	got := read()
	if got.Light(w.db.Clock.Now()) != cases.Red || !got.Overdue || got.OverdueCount != 1 || got.UrgeCount != 2 || got.Supervising != 0 {
		t.Fatalf("at 61 min: %+v", got)
	}
	if n := fire(w.db.DB); n != 0 {
		t.Errorf("%d timers fired twice", n)
	}

	// The server restarts; the supervision, a working day after the limit, still comes.
	w.db.Close()
	reopened, err := store.Open(ctx, w.db.URL, store.Options{Clock: w.db.Clock, Keys: storetest.Keys(t), SearchPath: w.db.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer reopened.Close()
	reopened.OnTimerFailed(func(tm store.Timer, err error, _ time.Time) { t.Errorf("timer %s failed: %v", tm.Kind, err) })
	w.db.Clock.Advance(40 * time.Hour) // past the close of the next working day
	if n := fire(reopened); n != 1 {
		t.Fatalf("after the restart %d timers fired, want the supervision", n)
	}
	got, err = reopened.Case(ctx, w.staff, c.ID)
	if err != nil || got.Supervising != 1 {
		t.Fatalf("after the restart: %v %+v", err, got)
	}
	evs, err := reopened.CaseEvents(ctx, w.staff, got, false)
	if err != nil {
		t.Fatal(err)
	}
	var actions []cases.Action
	for _, e := range evs {
		actions = append(actions, e.Action)
	}
	want := []cases.Action{cases.ActReport, cases.ActRegister, cases.ActDispatch, cases.ActWarn, cases.ActUrge,
		cases.ActOverdue, cases.ActUrge, cases.ActSupervise}
	if !slices.Equal(actions, want) {
		t.Errorf("timeline %v, want %v", actions, want)
	}
	// The unit answers the supervision.
	answered, err := reopened.Act(ctx, w.handler, c.ID, cases.Step{Action: cases.ActAnswer, Note: "已安排人员", Version: got.Version}, nil)
	if err != nil || answered.Supervising != 0 {
		t.Errorf("answer: %v %+v", err, answered)
	}
}

func TestCaseFoundOnPatrolCounts(t *testing.T) {
	w := newCaseWorld(t)
	pt, err := w.db.StartPatrol(ctx, w.worker, w.gridA.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Report(ctx, w.worker, cases.Report{Source: cases.FromPatrol, CategoryID: w.category, Description: "消防通道堵塞",
		Location: &w.here, NodeID: w.gridA.ID, NodePath: w.gridA.Path, Located: true}); err != nil {
		t.Fatal(err)
	}
	w.db.Clock.Advance(40 * time.Minute)
	ended, err := w.db.EndPatrol(ctx, w.worker, pt.ID, "")
	if err != nil || ended.Cases != 1 {
		t.Errorf("the patrol that found a case: %+v %v", ended, err)
	}
}

func TestCaseAsOfStampsHistory(t *testing.T) {
	w := newCaseWorld(t)
	then := w.db.Clock.Now().Add(-40 * 24 * time.Hour)
	in, err := w.db.Report(store.AsOf(ctx, then), &account.Principal{}, cases.Report{Source: cases.FromResident, CategoryID: w.category,
		Description: "旧案", Address: "平江路", NodeID: w.gridA.ID, NodePath: w.gridA.Path, Located: true})
	if err != nil {
		t.Fatal(err)
	}
	if !in.Case.ReportedAt.Equal(then.Truncate(time.Millisecond)) || in.Case.Ticket[:8] != cases.TicketDay(then) {
		t.Errorf("a case seeded as of %v: reported %v, ticket %s", then, in.Case.ReportedAt, in.Case.Ticket)
	}
}
