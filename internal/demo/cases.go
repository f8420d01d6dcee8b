package demo

import (
	"bytes"
	"container/heap"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/store"
)

// CaseDays is how far back the demo's case history goes.
const CaseDays = 90

// caseCount is how many cases a population gets: three thousand for the default, fewer
// with no registers (enough that every queue has some), more for a street or the whole
// district. Every case costs its dozen real steps (about 3 ms of CPU a case on SQLite),
// so the default keeps `serve --demo` starting in a quarter of a minute.
func (p Population) caseCount() int {
	switch p {
	case PopulateNone:
		return 200
	case PopulateStreet:
		return 6000
	case PopulateDistrict:
		return 12000
	}
	return 3000
}

// A case's history is played through the real loop: reported through its channel, then
// every step taken by the account whose work it is, each at the moment it would have
// happened (store.AsOf), and the loop's timers fired at their own moments in between, so
// the yellow and red lights, urging and supervision happen as they would have. Every case
// is an actor with a plan (how its story goes) and the steps of all of them run in time
// order.

// plan is how a case's story goes.
type plan struct {
	stop       cases.Status // it stays here ("" goes all the way to the archive)
	late       bool         // its holder misses the limits
	answer     bool         // the unit answers a supervision
	ret        bool         // the first unit sends it back
	extension  int          // 1: an extension is asked for and granted, 2: refused
	suspend    bool         // suspended on the way
	rework     bool         // the verifier sends the first handling back
	ratings    []cases.Rating
	reject     bool
	selfHandle bool
	archive    bool // archived after its return visit
}

// actor is one case of the history.
type actor struct {
	id       int64
	kind     *caseKind
	cat      *cases.Category
	site     *site
	plan     plan
	master   *actor // a duplicate: the case it repeats
	report   cases.Report
	reporter *account.Principal
	reported bool      // its report is in
	at       time.Time // its next step
	seq      int
	c        *cases.Case // as its last step left it
	direct   bool        // handled straight after acknowledging, without a separate start
	answered bool        // it answered a supervision
	waited   bool        // it waited for a supervision to answer
}

// actors orders the next steps by time.
type actors []*actor

func (a actors) Len() int { return len(a) }
func (a actors) Less(i, j int) bool {
	if !a[i].at.Equal(a[j].at) {
		return a[i].at.Before(a[j].at)
	}
	return a[i].seq < a[j].seq
}
func (a actors) Swap(i, j int) { a[i], a[j] = a[j], a[i] }
func (a *actors) Push(x any)   { *a = append(*a, x.(*actor)) }
func (a *actors) Pop() any     { o := *a; x := o[len(o)-1]; *a = o[:len(o)-1]; return x }
func (a actors) peek() *actor  { return a[0] }
func (a actors) empty() bool   { return len(a) == 0 }

func (s *seeder) caseRNG() *rand.Rand { return rand.New(rand.NewPCG(uint64(s.seed), 0xca5e)) }

// history is the state of the played history.
type history struct {
	s        *seeder
	rng      *rand.Rand
	ctx      context.Context // the batch's
	cal      *calendar.Calendar
	tree     *cases.Tree
	queue    actors
	handlers map[int64]*account.Principal
	device   *account.Principal
	timers   map[string]store.TimerHandler
	last     time.Time // the last moment timers were fired at
	// next is the earliest pending timer (nextOK: there is one) when nextKnown.
	next              time.Time
	nextOK, nextKnown bool
	byGrid            map[int64]*site
	seq               int
	photo             int
}

// seedCases seeds the dispatch rules and the case history.
func (s *seeder) seedCases() error {
	tree, err := s.db.Categories(s.ctx)
	if err != nil {
		return err
	}
	if err := s.seedRules(tree); err != nil {
		return err
	}
	handlers, err := s.handlers()
	if err != nil {
		return err
	}
	if err := s.user("iot.gateway", account.Device, s.units.district.ID, 0, s.units.district.Name, true); err != nil {
		return err
	}
	cal, err := s.db.Calendar(s.ctx)
	if err != nil {
		return err
	}
	h := &history{s: s, rng: s.caseRNG(), cal: cal, tree: tree, handlers: handlers, device: s.principal("iot.gateway"),
		timers: s.db.TimerHandlers(), byGrid: map[int64]*site{}}
	for i := range s.sites {
		h.byGrid[s.sites[i].grid.ID] = &s.sites[i]
	}
	if err := h.cast(s.pop.caseCount()); err != nil {
		return err
	}
	// The history is played a simulated day at a time, each day in one batch.
	for !h.queue.empty() {
		dayEnd := h.queue.peek().at.Add(24 * time.Hour)
		if dayEnd.After(s.now) {
			dayEnd = s.now
		}
		if err := s.db.Batch(s.ctx, s.sys, func(ctx context.Context) error {
			h.ctx, h.nextKnown = ctx, false
			for !h.queue.empty() && h.queue.peek().at.Before(dayEnd) {
				a := heap.Pop(&h.queue).(*actor)
				if err := h.timersUntil(a.at); err != nil {
					return err
				}
				if err := h.play(a); err != nil {
					return fmt.Errorf("demo case %d (%s %s) at %s: %w", a.id, a.cat.Code, a.cat.Name, a.at.Format(time.RFC3339), err)
				}
			}
			return h.timersUntil(dayEnd)
		}); err != nil {
			return err
		}
	}
	if err := s.db.Batch(s.ctx, s.sys, func(ctx context.Context) error {
		h.ctx, h.nextKnown = ctx, false
		return h.timersUntil(s.now)
	}); err != nil {
		return err
	}
	return s.countCases()
}

// countCases fills in the result's case figures.
func (s *seeder) countCases() error {
	s.res.ByStatus = map[cases.Status]int{}
	var after int64
	for {
		list, more, err := s.db.ListCases(s.ctx, s.sys, store.CaseFilter{After: after, Limit: store.MaxCasePage})
		if err != nil {
			return err
		}
		for _, c := range list {
			s.res.Cases++
			s.res.ByStatus[c.Status]++
			if c.Overdue && c.Status.Open() {
				s.res.Overdue++
			}
		}
		if !more || len(list) == 0 {
			return nil
		}
		after = list[len(list)-1].ID
	}
}

// statusLine writes the count of each status, in loop order.
func statusLine(by map[cases.Status]int) string {
	var b strings.Builder
	for _, st := range cases.Statuses {
		if by[st] == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", st, by[st])
	}
	return b.String()
}

// timersUntil fires the loop's timers due by t, each at its own moment.
func (h *history) timersUntil(t time.Time) error {
	for {
		if !h.nextKnown {
			var err error
			if h.next, h.nextOK, err = h.s.db.NextTimerAt(h.ctx); err != nil {
				return err
			}
			h.nextKnown = true
		}
		next, ok := h.next, h.nextOK
		if !ok || next.After(t) {
			return nil
		}
		h.nextKnown = false
		if !next.After(h.last) {
			// A timer that failed is due again after a backoff; never spin on one.
			next = h.last.Add(time.Minute)
			if next.After(t) {
				return nil
			}
		}
		h.last = next
		if _, err := h.s.db.RunDueTimers(store.AsOf(h.ctx, next), h.timers, 1000); err != nil {
			return err
		}
	}
}

// noteTimers keeps the earliest pending timer known after a step left c so: the steps
// of a case set only its clock, at its yellow or red moment (supervision is set when a
// timer fires, and timersUntil reads the table again after firing), so the earliest
// timer is the one known before or one of these. Reading it from the table before every
// step would cost a query a step.
func (h *history) noteTimers(c *cases.Case) {
	if !h.nextKnown || c == nil {
		return
	}
	for _, at := range []*time.Time{c.WarnAt, c.DueAt} {
		if at != nil && (!h.nextOK || at.Before(h.next)) {
			h.next, h.nextOK = *at, true
		}
	}
}

// touched reports whether a timer may have changed c since its last step: its yellow
// or red moment has come, or a supervision is open. Only then is the case read again.
func (h *history) touched(c *cases.Case, t time.Time) bool {
	return c.Supervising > 0 || c.WarnAt != nil && !c.WarnAt.After(t) || c.DueAt != nil && !c.DueAt.After(t)
}

// schedule queues a's next step at t, unless t is past the end of the history.
func (h *history) schedule(a *actor, t time.Time) {
	if !t.Before(h.s.now) {
		return
	}
	h.seq++
	a.at, a.seq = t, h.seq
	heap.Push(&h.queue, a)
}

// working is d of working time after t.
func (h *history) working(t time.Time, d time.Duration) time.Time {
	return h.cal.Extend(t, d, calendar.WorkingHours)
}

// minutes is a random duration between lo and hi minutes.
func (h *history) minutes(lo, hi float64) time.Duration {
	return time.Duration((lo + h.rng.Float64()*(hi-lo)) * float64(time.Minute))
}

// within is a moment between t and due, at a random share between lo and hi of the way;
// with no due time, some working hours after t.
func (h *history) within(t time.Time, due *time.Time, lo, hi float64) time.Time {
	if due == nil || !due.After(t) {
		return h.working(t, h.minutes(30, 480))
	}
	f := lo + h.rng.Float64()*(hi-lo)
	return t.Add(time.Duration(f * float64(due.Sub(t))))
}

// cast draws n cases: when and where they are reported, by whom, and how they go.
func (h *history) cast(n int) error {
	total := 0
	for _, k := range caseKinds {
		total += k.weight
	}
	start := h.s.now.Add(-CaseDays * 24 * time.Hour)
	// Some recent cases stop in each open status, and some older ones stay with a unit
	// past their limits, so every queue of the demo has cases in it.
	stops := []cases.Status{cases.Reported, cases.Reviewing, cases.Registered, cases.Rejected, cases.Returned, cases.Dispatched,
		cases.Acknowledged, cases.InProgress, cases.Suspended, cases.Handled, cases.Verified, cases.Closed, cases.Rated}
	pinned := max(n/40, 2*len(stops))
	stuck := max(n/50, 8)
	for i := 0; i < n; i++ {
		k := h.kind(total)
		a := &actor{kind: k, site: h.site()}
		if a.cat = h.tree.ByCode(k.kind, k.code); a.cat == nil {
			return fmt.Errorf("demo cases: no %s category %s", k.kind, k.code)
		}
		var at time.Time
		switch {
		case i < pinned:
			a.plan.stop = stops[i%len(stops)]
			at = h.reportTime(h.s.now.Add(-4*24*time.Hour), h.s.now.Add(-3*time.Hour))
		case i < pinned+stuck:
			a.plan.stop, a.plan.late, a.plan.answer = []cases.Status{cases.Dispatched, cases.Acknowledged, cases.InProgress}[i%3], true, i%2 == 0
			at = h.reportTime(h.s.now.Add(-25*24*time.Hour), h.s.now.Add(-4*24*time.Hour))
		default:
			at = h.reportTime(start, h.s.now)
		}
		h.story(a)
		if i < pinned+stuck {
			a.plan.reject, a.plan.selfHandle = a.plan.stop == cases.Rejected, false
			switch a.plan.stop {
			case cases.Reported, cases.Reviewing, cases.Registered, cases.Rejected:
				// What waits for a reviewer or a dispatcher is what the rules do not
				// settle: here a complaint no rule sends anywhere.
				a.kind = &caseKinds[len(caseKinds)-1]
			default:
				if a.cat.Triage == cases.Private {
					a.kind = &caseKinds[0]
				}
			}
			a.cat = h.tree.ByCode(a.kind.kind, a.kind.code)
		}
		if a.cat.Triage == cases.Private || a.kind.code == "0303" && a.kind.kind == cases.HotlineKind {
			a.plan.reject = a.plan.reject || h.rng.Float64() < 0.25
		}
		if i == pinned-1 { // the master of a duplicate still waiting to be merged
			a.kind = &caseKinds[0]
			a.cat = h.tree.ByCode(a.kind.kind, a.kind.code)
		}
		if err := h.compose(a); err != nil {
			return err
		}
		if i == pinned-1 {
			a.plan.selfHandle = false
		}
		h.schedule(a, at)
		// Now and then somebody reports the same thing again an hour or two later: the
		// reviewer merges it into the first (the last pinned case's duplicate is one).
		if (i == pinned-1 || h.rng.Float64() < 0.03) && !a.plan.selfHandle && a.report.Source != cases.FromSensor && a.cat.Triage != cases.Private {
			if i == pinned-1 {
				a.plan.stop = cases.InProgress
			}
			d := &actor{kind: a.kind, cat: a.cat, site: a.site, master: a}
			d.report = a.report
			d.report.Source, d.report.SelfHandled, d.report.ReporterName, d.report.ReporterPhone = cases.FromResident, false, h.s.name(), h.s.mobile()
			d.report.Location = jitter(h.rng, a.report.Location, a.site.area.Boundary)
			d.reporter = &account.Principal{}
			h.story(d)
			h.schedule(d, at.Add(h.minutes(40, 180)))
		}
	}
	return nil
}

// kind draws a kind of problem by weight.
func (h *history) kind(total int) *caseKind {
	x := h.rng.IntN(total)
	for i := range caseKinds {
		if x < caseKinds[i].weight {
			return &caseKinds[i]
		}
		x -= caseKinds[i].weight
	}
	return &caseKinds[0]
}

// site draws a grid: a third of the cases in the first community, where the demo's
// community staff and grid worker work, a third in the rest of the first street, the rest
// anywhere in the district.
func (h *history) site() *site {
	var pool []*site
	switch x := h.rng.Float64(); {
	case x < 0.35:
		pool = h.sitesWhere(func(st *site) bool { return st.street == 0 && st.community == 0 })
	case x < 0.7:
		pool = h.sitesWhere(func(st *site) bool { return st.street == 0 })
	}
	if len(pool) == 0 {
		return &h.s.sites[h.rng.IntN(len(h.s.sites))]
	}
	return pool[h.rng.IntN(len(pool))]
}

func (h *history) sitesWhere(keep func(*site) bool) []*site {
	var out []*site
	for i := range h.s.sites {
		if keep(&h.s.sites[i]) {
			out = append(out, &h.s.sites[i])
		}
	}
	return out
}

// hourWeights is how reports spread over the day: few at night, most in the morning and
// after work.
var hourWeights = [24]float64{0.2, 0.1, 0.1, 0.1, 0.1, 0.3, 0.8, 1.6, 2.6, 3.0, 2.8, 2.2, 1.6, 1.8, 2.4, 2.6, 2.4, 2.2, 2.0, 1.8, 1.5, 1.1, 0.6, 0.4}

// reportTime draws a moment between from and to with the rhythm of a week: fewer at
// night and at weekends.
func (h *history) reportTime(from, to time.Time) time.Time {
	for {
		t := from.Add(time.Duration(h.rng.Float64() * float64(to.Sub(from))))
		local := t.In(calendar.Location)
		w := hourWeights[local.Hour()] / 3
		if wd := local.Weekday(); wd == time.Saturday || wd == time.Sunday {
			w *= 0.6
		}
		if h.rng.Float64() < w {
			return t
		}
	}
}

// story draws how a case goes.
func (h *history) story(a *actor) {
	r := h.rng.Float64
	p := &a.plan
	p.late = p.late || r() < 0.08
	p.answer = p.answer || r() < 0.6
	p.ret = r() < 0.05
	switch x := r(); {
	case x < 0.06:
		p.extension = 1
	case x < 0.09:
		p.extension = 2
	}
	p.suspend = r() < 0.03
	p.rework = r() < 0.07
	p.reject = r() < 0.03
	first := cases.Satisfied
	switch x := r(); {
	case x < 0.08:
		first = cases.Dissatisfied
	case x < 0.3:
		first = cases.FairlySatisfied
	}
	second := cases.Satisfied
	if r() < 0.3 {
		second = cases.Dissatisfied
	} else if r() < 0.4 {
		second = cases.FairlySatisfied
	}
	p.ratings = []cases.Rating{first, second}
	p.archive = r() < 0.9
	if p.stop == cases.Suspended {
		p.suspend = true
	}
	if p.stop == cases.Returned {
		p.ret = true
	}
}

// compose writes the report: the channel, the reporter, where, and what they say.
func (h *history) compose(a *actor) error {
	k, st := a.kind, a.site
	// A point drawn in the grid is rounded to five decimals, which may move it across
	// the boundary, where the case would not be the grid's; draw again then.
	pl := &planner{rng: h.rng, grid: st.area}
	pt, _ := pl.point()
	for range 20 {
		if st.area.Boundary.Contains(pt) {
			break
		}
		pt, _ = pl.point()
	}
	road := roads[h.rng.IntN(len(roads))]
	a.report = cases.Report{CategoryID: a.cat.ID, Description: fill(h.rng, pick(h.rng, k.texts), road), Location: &pt,
		Address: st.area.Name + road}
	// A case about a facility the register holds names it and is reported where it is.
	if f := h.s.facilities.pick(h.rng, st.grid.ID, caseFacility(k)); f != nil && st.area.Boundary.Contains(f.Location) {
		loc := f.Location
		a.report.FacilityID, a.report.Location, a.report.Address = f.ID, &loc, st.area.Name+f.Address
	}
	worker := h.worker(st)
	switch x := h.rng.Float64(); {
	case k.alarm != "" && x < 0.45:
		a.report.Source, a.report.DeviceID, a.report.AlarmType = cases.FromSensor, fmt.Sprintf("GS-%s-%03d", k.code, h.rng.IntN(60)), string(k.alarm)
		a.reporter = h.device
	case k.kind == cases.HotlineKind || x < 0.12:
		a.report.Source, a.report.ReporterName, a.report.ReporterPhone = cases.FromHotline, h.s.name(), h.s.mobile()
		a.reporter = h.s.principal("qu.staff")
	case x < 0.16:
		a.report.Source = cases.FromAssigned
		a.reporter = h.s.principal("qu.staff")
	case worker != "" && x < 0.55:
		a.report.Source = cases.FromPatrol
		a.reporter = h.s.principal(worker)
		if k.self && h.rng.Float64() < 0.35 {
			a.plan.selfHandle = true
		}
	default:
		a.report.Source, a.report.ReporterName, a.report.ReporterPhone = cases.FromResident, h.s.name(), h.s.mobile()
		a.report.Anonymous = h.rng.Float64() < 0.1
		a.reporter = &account.Principal{}
	}
	if a.report.Source != cases.FromPatrol {
		a.plan.selfHandle = false
	}
	return nil
}

// jitter moves a point a few metres, staying inside the grid's boundary: a point moved
// across its edge may fall where no grid is, in the district's own unlocated queue.
func jitter(rng *rand.Rand, p *geo.Point, within geo.Polygon) *geo.Point {
	if p == nil {
		return nil
	}
	for range 20 {
		q := geo.Point{Lng: p.Lng + (rng.Float64()-0.5)*0.0002, Lat: p.Lat + (rng.Float64()-0.5)*0.0002}
		if within.Contains(q) {
			return &q
		}
	}
	return p
}

// worker is the login of the grid worker of a grid, "" where the demo has none.
func (h *history) worker(st *site) string {
	if st.street != 0 {
		return ""
	}
	if st.community == 0 && st.index == 0 {
		return "wgy"
	}
	return "wg" + st.area.Code[9:]
}

// staff is the account that reviews, dispatches, closes and visits the cases of a grid:
// the community's staff in the first community, the street's in the first street, the
// district's elsewhere.
func (h *history) staff(st *site) *account.Principal {
	switch {
	case st.street == 0 && st.community == 0:
		return h.s.principal("sq.staff")
	case st.street == 0:
		return h.s.principal("jd.staff")
	}
	return h.s.principal("qu.staff")
}

// verifier checks handling on site: the grid worker where there is one.
func (h *history) verifier(st *site) *account.Principal {
	if w := h.worker(st); w != "" {
		return h.s.principal(w)
	}
	return h.staff(st)
}

// approver approves extensions and suspensions: the street's supervisor in the first
// street.
func (h *history) approver(st *site) *account.Principal {
	if st.street == 0 {
		return h.s.principal("jd.supervisor")
	}
	return h.s.principal("qu.staff")
}

// holder is who acts for whoever holds the case: its unit's handler, or the staff of the
// community handling it itself.
func (h *history) holder(a *actor, c *cases.Case) *account.Principal {
	if c.AssigneeUnitID != 0 {
		if p := h.handlers[c.AssigneeUnitID]; p != nil {
			return p
		}
	}
	return h.staff(a.site)
}

// play takes a's next step at a.at and queues the one after.
func (h *history) play(a *actor) error {
	ctx := store.AsOf(h.ctx, a.at)
	if !a.reported {
		return h.intake(ctx, a)
	}
	c, err := a.c, error(nil)
	if c == nil || h.touched(c, a.at) {
		if c, err = h.s.db.Case(h.ctx, h.s.sys, a.id); err != nil {
			return err
		}
	}
	staff, t := h.staff(a.site), a.at
	act := func(p *account.Principal, s cases.Step) (*cases.Case, error) {
		out, err := h.s.db.Act(ctx, p, a.id, s, nil)
		if err != nil {
			return nil, fmt.Errorf("%s as %s: %w", s.Action, p.Label(), err)
		}
		a.c = out
		h.noteTimers(out)
		return out, nil
	}
	// A supervision waiting for an answer is answered first, by those who answer.
	if c.Supervising > 0 && a.plan.answer && !a.answered {
		if _, ok := cases.ActAnswer.Next(c.Status); ok {
			a.answered = true
			if _, err := act(h.holder(a, c), cases.Step{Action: cases.ActAnswer, Note: pick(h.rng, answers)}); err != nil {
				return err
			}
			h.schedule(a, h.working(t, h.minutes(30, 240)))
			return nil
		}
	}
	if c.Status == a.plan.stop && c.Pending == cases.NoRequest {
		// A case left late with its unit is supervised a working day after its limit;
		// look again then, to answer.
		if a.plan.answer && !a.answered && !a.waited && c.DueAt != nil && c.Status.WithUnit() {
			a.waited = true
			from := t
			if c.DueAt.After(from) {
				from = *c.DueAt
			}
			h.schedule(a, h.working(from, h.minutes(600, 900)))
		}
		return nil
	}
	late := func(due *time.Time) time.Time {
		if a.plan.late && due != nil {
			return h.working(*due, h.minutes(240, 2400))
		}
		return h.within(t, due, 0.15, 0.7)
	}
	switch c.Status {
	case cases.Reported:
		if _, err := act(staff, cases.Step{Action: cases.ActClaim}); err != nil {
			return err
		}
		h.schedule(a, t.Add(h.minutes(2, 25)))
	case cases.Reviewing:
		switch {
		case a.master != nil && a.master.id != 0 && h.mergeable(a.master.id):
			_, err = act(staff, cases.Step{Action: cases.ActMerge, MasterID: a.master.id, Note: "与已受理案件重复，合并处理"})
			return err
		case a.plan.reject:
			_, err = act(staff, cases.Step{Action: cases.ActReject, Note: pick(h.rng, rejections)})
			if err == nil {
				h.schedule(a, h.working(t, h.minutes(600, 2400)))
			}
			return err
		case a.cat.Triage == cases.Private:
			_, err = act(staff, cases.Step{Action: cases.ActRefer, Note: pick(h.rng, referrals)})
			if err == nil {
				h.schedule(a, h.working(t, h.minutes(600, 2400)))
			}
			return err
		}
		if _, err := act(staff, cases.Step{Action: cases.ActRegister}); err != nil {
			return err
		}
		h.schedule(a, h.working(t, h.minutes(5, 60)))
	case cases.Registered, cases.Returned:
		step := cases.Step{Action: cases.ActDispatch}
		if c.Triage == cases.Minor {
			step.NodeID = a.site.communityNode.ID
		} else {
			unit, reason, err := h.s.db.ResolveUnit(h.ctx, c.CategoryID, c.NodePath, c.FacilityID)
			if err != nil {
				return err
			}
			if unit == 0 { // no rule: the dispatcher picks the department in charge
				unit = h.s.units.departments[deptHousing].ID
			}
			step.UnitID, step.Reason = unit, reason
		}
		out, err := act(staff, step)
		if err != nil {
			return err
		}
		h.schedule(a, h.within(t, out.DueAt, 0.1, 0.6))
	case cases.Dispatched:
		holder := h.holder(a, c)
		if a.plan.ret && c.ReturnCount == 0 && c.AssigneeUnitID != 0 {
			if _, err := act(holder, cases.Step{Action: cases.ActReturn, Note: pick(h.rng, returns)}); err == nil {
				h.schedule(a, h.working(t, h.minutes(10, 90)))
				return nil
			} else if errs.CodeOf(err) != errs.Conflict {
				return err
			}
		}
		out, err := act(holder, cases.Step{Action: cases.ActAcknowledge})
		if err != nil {
			return err
		}
		a.direct = a.plan.extension == 0 && !a.plan.suspend && h.rng.Float64() < 0.6
		if a.direct {
			h.schedule(a, late(out.DueAt))
		} else {
			h.schedule(a, t.Add(h.minutes(5, 90)))
		}
	case cases.Acknowledged:
		if a.direct {
			return h.inProgress(a, c, t, act, late)
		}
		out, err := act(h.holder(a, c), cases.Step{Action: cases.ActStart})
		if err != nil {
			return err
		}
		h.schedule(a, h.nextInProgress(a, out, t, late))
	case cases.InProgress:
		return h.inProgress(a, c, t, act, late)
	case cases.Suspended:
		out, err := act(h.holder(a, c), cases.Step{Action: cases.ActResume, Note: "挂起原因消除，恢复处置"})
		if err != nil {
			return err
		}
		h.schedule(a, h.within(t, out.DueAt, 0.2, 0.6))
	case cases.Handled:
		if a.plan.rework && c.ReworkCount == 0 {
			out, err := act(h.verifier(a.site), cases.Step{Action: cases.ActRework, Note: pick(h.rng, reworks)})
			if err != nil {
				return err
			}
			h.schedule(a, h.within(t, out.DueAt, 0.2, 0.6))
			return nil
		}
		if _, err := act(h.verifier(a.site), cases.Step{Action: cases.ActVerify, Note: "现场核查，处置到位"}); err != nil {
			return err
		}
		h.schedule(a, h.working(t, h.minutes(10, 180)))
	case cases.Verified:
		out, err := act(staff, cases.Step{Action: cases.ActClose})
		if err != nil {
			return err
		}
		h.schedule(a, h.within(t, out.DueAt, 0.2, 0.8))
	case cases.Closed:
		if c.Closure != cases.Resolved || c.Anonymous {
			if a.plan.archive {
				_, err = act(staff, cases.Step{Action: cases.ActArchive})
			}
			return err
		}
		rating := a.plan.ratings[min(c.ReopenCount, len(a.plan.ratings)-1)]
		out, err := act(staff, cases.Step{Action: cases.ActRate, Rating: rating, Note: pick(h.rng, comments[rating])})
		if err != nil {
			return err
		}
		if out.Status == cases.Dispatched { // reopened: the unit has it again
			h.schedule(a, h.within(t, out.DueAt, 0.1, 0.6))
			return nil
		}
		if a.plan.archive {
			h.schedule(a, h.working(t, h.minutes(480, 4800)))
		}
	case cases.Rated, cases.Rejected:
		if a.plan.archive {
			_, err = act(staff, cases.Step{Action: cases.ActArchive})
		}
		return err
	}
	return nil
}

// inProgress is the step of a case being handled: a request for more time or a pause,
// the approver's answer, or the handling.
func (h *history) inProgress(a *actor, c *cases.Case, t time.Time, act func(*account.Principal, cases.Step) (*cases.Case, error),
	late func(*time.Time) time.Time) error {
	holder := h.holder(a, c)
	switch {
	case c.Pending == cases.ExtensionRequest:
		s := cases.Step{Action: cases.ActApproveExtension}
		if a.plan.extension == 2 {
			s = cases.Step{Action: cases.ActRefuseExtension, Note: "理由不充分，请按时限办结"}
		}
		out, err := act(h.approver(a.site), s)
		if err != nil {
			return err
		}
		a.plan.extension = 0
		h.schedule(a, late(out.DueAt))
		return nil
	case c.Pending == cases.SuspensionRequest:
		if _, err := act(h.approver(a.site), cases.Step{Action: cases.ActApproveSuspension}); err != nil {
			return err
		}
		a.plan.suspend = false
		if a.plan.stop != cases.Suspended {
			h.schedule(a, h.working(t, h.minutes(480, 2400)))
		}
		return nil
	case a.plan.extension != 0 && c.ExtensionCount == 0 && c.DueAt != nil && t.Before(*c.DueAt):
		l := calendar.Limit{Amount: 2, Unit: calendar.WorkingDays}
		if _, err := act(holder, cases.Step{Action: cases.ActRequestExtension, Limit: l, Note: pick(h.rng, extensions)}); err != nil {
			return err
		}
		h.schedule(a, h.working(t, h.minutes(30, 240)))
		return nil
	case a.plan.suspend:
		if _, err := act(holder, cases.Step{Action: cases.ActRequestSuspension, Note: pick(h.rng, suspensions)}); err != nil {
			return err
		}
		h.schedule(a, h.working(t, h.minutes(30, 240)))
		return nil
	}
	if a.plan.stop == cases.InProgress {
		return nil
	}
	fixes := a.kind.fixes
	if len(fixes) == 0 {
		fixes = []string{"已处置完毕。"}
	}
	out, err := act(holder, cases.Step{Action: cases.ActHandle, Note: pick(h.rng, fixes)})
	if err != nil {
		return err
	}
	h.schedule(a, h.within(t, out.DueAt, 0.1, 0.7))
	return nil
}

// nextInProgress is when a case just started is next acted on.
func (h *history) nextInProgress(a *actor, c *cases.Case, t time.Time, late func(*time.Time) time.Time) time.Time {
	if a.plan.extension != 0 || a.plan.suspend {
		return h.within(t, c.DueAt, 0.2, 0.5)
	}
	return late(c.DueAt)
}

// mergeable reports whether the case id is still open to have duplicates merged in.
func (h *history) mergeable(id int64) bool {
	m, err := h.s.db.Case(h.ctx, h.s.sys, id)
	return err == nil && m.Status.Open() && m.MasterID == 0
}

// intake reports a case through its channel.
func (h *history) intake(ctx context.Context, a *actor) error {
	r := a.report
	if a.plan.selfHandle {
		ref, err := h.afterPhoto(ctx, a.reporter)
		if err != nil {
			return err
		}
		r.SelfHandled, r.HandleNote, r.AfterPhotos = true, pick(h.rng, a.kind.fixes), []cases.PhotoRef{ref}
	}
	in, err := h.s.db.Report(ctx, a.reporter, r)
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	h.noteTimers(in.Case)
	if in.Repeat {
		return nil
	}
	a.id, a.reported, a.c = in.Case.ID, true, in.Case
	// The grid the point fell in decides who works on the case (a point on a boundary
	// may land in the neighbouring grid).
	for _, id := range admin.PathIDs(in.Case.NodePath) {
		if st := h.byGrid[id]; st != nil {
			a.site = st
		}
	}
	// A sensor that saw it raises the alarm again a little later, adding to the case.
	if r.Source == cases.FromSensor && h.rng.Float64() < 0.5 {
		rep := &actor{kind: a.kind, cat: a.cat, site: a.site, report: r, reporter: a.reporter}
		h.story(rep)
		h.schedule(rep, a.at.Add(h.minutes(3, 40)))
	}
	switch {
	case a.plan.selfHandle:
		if a.plan.archive {
			h.schedule(a, h.working(a.at, h.minutes(480, 4800)))
		}
	case in.Case.Status == cases.Reported && a.master != nil:
		// The duty desk sees a likely duplicate at once.
		h.schedule(a, a.at.Add(h.minutes(10, 60)))
	case in.Case.Status == cases.Reported && a.plan.stop != cases.Reported:
		h.schedule(a, h.working(a.at, h.minutes(10, 120)))
	case in.Case.Status == cases.Dispatched:
		h.schedule(a, h.within(a.at, in.Case.DueAt, 0.1, 0.6))
	}
	return nil
}

// afterPhoto uploads a photo taken after handling on the spot.
func (h *history) afterPhoto(ctx context.Context, p *account.Principal) (cases.PhotoRef, error) {
	h.photo++
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	base := color.RGBA{R: uint8(90 + h.photo%80), G: uint8(120 + h.photo*7%100), B: 110, A: 255}
	for y := 0; y < 24; y++ {
		for x := 0; x < 32; x++ {
			img.Set(x, y, color.RGBA{R: base.R + uint8(x), G: base.G + uint8(y), B: base.B, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return cases.PhotoRef{}, err
	}
	att, claim, err := h.s.db.SaveAttachment(ctx, p, "after.png", buf.Bytes())
	if err != nil {
		return cases.PhotoRef{}, fmt.Errorf("after photo: %w", err)
	}
	return cases.PhotoRef{ID: att.ID, Claim: claim}, nil
}

var (
	answers     = []string{"已督促责任科室加快处置，今日内办结。", "现场已安排人员处置，预计明日完成。", "因涉及多方协调有所延误，已专人跟进。"}
	referrals   = []string{"属个人民事事项，已告知来电人通过法律援助或人民调解途径解决。", "属物业服务合同纠纷，已告知向物业企业或住建部门物业科反映。", "属消费纠纷，已告知拨打12315或向消协投诉。"}
	rejections  = []string{"现场核实不存在所述问题。", "不属于本平台受理范围，已告知来电人。", "描述不清且无法联系上报人，不予立案。"}
	returns     = []string{"该问题不属于本单位职责，请重新派遣。", "地址位于相邻街道辖区，请核实后改派。"}
	reworks     = []string{"现场复核仍有残留，请重新处置。", "处置不彻底，问题反复出现，请返工。"}
	extensions  = []string{"需协调产权单位，申请延期。", "材料采购需要时间，申请延期两个工作日。"}
	suspensions = []string{"当事人外出联系不上，申请挂起。", "需等待权属认定结果，申请挂起。"}
	comments    = map[cases.Rating][]string{
		cases.Satisfied:       {"处理很及时，谢谢。", "问题解决了，满意。", ""},
		cases.FairlySatisfied: {"解决了，但是等得有点久。", "基本满意，希望以后多巡查。"},
		cases.Dissatisfied:    {"问题没有解决，还是老样子。", "处理敷衍，过两天又出现了。"},
	}
)
