package cases_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
)

// wallCalendar counts every unit as wall-clock hours (a working day as 8 hours), enough
// to test the loop's rules apart from the working calendar's own arithmetic.
type wallCalendar struct{}

func hours(l calendar.Limit) time.Duration {
	if l.Unit == calendar.WorkingDays {
		return time.Duration(l.Amount) * 8 * time.Hour
	}
	return time.Duration(l.Amount) * time.Hour
}

func (wallCalendar) Due(start time.Time, l calendar.Limit) time.Time { return start.Add(hours(l)) }
func (wallCalendar) Partial(start time.Time, l calendar.Limit, f float64) time.Time {
	return start.Add(time.Duration(float64(hours(l)) * f))
}
func (wallCalendar) Remaining(now, due time.Time, _ calendar.Unit) time.Duration {
	return max(due.Sub(now), 0)
}
func (wallCalendar) Extend(start time.Time, d time.Duration, _ calendar.Unit) time.Time {
	return start.Add(d)
}

var t0 = time.Date(2026, 11, 23, 9, 0, 0, 0, calendar.Location)

func env(now time.Time) cases.Env {
	return cases.Env{Now: now, Cal: wallCalendar{}, Policy: cases.DefaultPolicy(), Limits: cases.Limits{
		cases.StageAcknowledge: {Amount: 2, Unit: calendar.WorkingHours},
		cases.StageHandle:      {Amount: 10, Unit: calendar.WorkingHours},
		cases.StageVerify:      {Amount: 1, Unit: calendar.WorkingDays},
		cases.StageVisit:       {Amount: 1, Unit: calendar.WorkingDays},
	}}
}

// TestTransitionTable states, for every action, exactly the statuses it may be taken in
// and where it leads; every other pair must be refused.
func TestTransitionTable(t *testing.T) {
	open := []cases.Status{cases.Reported, cases.Reviewing, cases.Registered, cases.Dispatched, cases.Returned,
		cases.Acknowledged, cases.InProgress, cases.Suspended, cases.Handled, cases.Verified, cases.Closed, cases.Rated}
	tests := []struct {
		action cases.Action
		from   []cases.Status
		to     cases.Status // "" keeps the status
	}{
		{cases.ActClaim, []cases.Status{cases.Reported}, cases.Reviewing},
		{cases.ActTriage, []cases.Status{cases.Reported, cases.Reviewing, cases.Registered, cases.Returned}, ""},
		{cases.ActLocate, []cases.Status{cases.Reported, cases.Reviewing, cases.Registered, cases.Returned}, ""},
		{cases.ActRegister, []cases.Status{cases.Reported, cases.Reviewing}, cases.Registered},
		{cases.ActReject, []cases.Status{cases.Reported, cases.Reviewing}, cases.Rejected},
		{cases.ActMerge, []cases.Status{cases.Reported, cases.Reviewing, cases.Registered}, cases.Merged},
		{cases.ActRefer, []cases.Status{cases.Reported, cases.Reviewing, cases.Registered}, cases.Closed},
		{cases.ActDispatch, []cases.Status{cases.Registered, cases.Returned, cases.Dispatched, cases.Acknowledged, cases.InProgress}, cases.Dispatched},
		{cases.ActAcknowledge, []cases.Status{cases.Dispatched}, cases.Acknowledged},
		{cases.ActReturn, []cases.Status{cases.Dispatched}, cases.Returned},
		{cases.ActStart, []cases.Status{cases.Acknowledged}, cases.InProgress},
		{cases.ActRequestExtension, []cases.Status{cases.Acknowledged, cases.InProgress}, ""},
		{cases.ActApproveExtension, []cases.Status{cases.Acknowledged, cases.InProgress}, ""},
		{cases.ActRefuseExtension, []cases.Status{cases.Acknowledged, cases.InProgress}, ""},
		{cases.ActRequestSuspension, []cases.Status{cases.Acknowledged, cases.InProgress}, ""},
		{cases.ActApproveSuspension, []cases.Status{cases.Acknowledged, cases.InProgress}, cases.Suspended},
		{cases.ActRefuseSuspension, []cases.Status{cases.Acknowledged, cases.InProgress}, ""},
		{cases.ActResume, []cases.Status{cases.Suspended}, cases.InProgress},
		{cases.ActHandle, []cases.Status{cases.Acknowledged, cases.InProgress}, cases.Handled},
		{cases.ActVerify, []cases.Status{cases.Handled}, cases.Verified},
		{cases.ActRework, []cases.Status{cases.Handled}, cases.InProgress},
		{cases.ActClose, []cases.Status{cases.Verified}, cases.Closed},
		{cases.ActRate, []cases.Status{cases.Closed}, cases.Rated},
		{cases.ActReopen, []cases.Status{cases.Rated}, cases.Dispatched},
		{cases.ActArchive, []cases.Status{cases.Rejected, cases.Closed, cases.Rated}, cases.Archived},
		{cases.ActUrge, []cases.Status{cases.Dispatched, cases.Acknowledged, cases.InProgress, cases.Handled}, ""},
		{cases.ActSupervise, []cases.Status{cases.Dispatched, cases.Acknowledged, cases.InProgress, cases.Suspended, cases.Handled}, ""},
		{cases.ActAnswer, []cases.Status{cases.Dispatched, cases.Acknowledged, cases.InProgress, cases.Suspended, cases.Handled, cases.Verified, cases.Closed}, ""},
		{cases.ActComment, open, ""},
	}
	if len(tests) != len(cases.Actions) {
		t.Fatalf("table has %d actions, cases.Actions %d", len(tests), len(cases.Actions))
	}
	for _, tt := range tests {
		for _, from := range cases.Statuses {
			got, ok := tt.action.Next(from)
			want := slices.Contains(tt.from, from)
			if ok != want {
				t.Errorf("%s from %s: allowed = %v, want %v", tt.action, from, ok, want)
				continue
			}
			if !ok {
				c := &cases.Case{Status: from}
				if _, err := cases.Apply(c, cases.Step{Action: tt.action, Note: "x"}, env(t0)); errs.CodeOf(err) != errs.Conflict {
					t.Errorf("Apply %s from %s = %v, want a conflict", tt.action, from, err)
				}
				if c.Status != from {
					t.Errorf("refused %s from %s moved the case to %s", tt.action, from, c.Status)
				}
				continue
			}
			wantTo := tt.to
			if wantTo == "" {
				wantTo = from
			}
			if got != wantTo {
				t.Errorf("%s from %s leads to %s, want %s", tt.action, from, got, wantTo)
			}
		}
	}
	for _, a := range []cases.Action{cases.ActReport, cases.ActSelfHandle, cases.ActAlarm, cases.ActWarn, cases.ActOverdue, "fly"} {
		if a.Valid() {
			t.Errorf("%s is offered as an action on an existing case", a)
		}
	}
}

// step applies one step, failing the test on error.
func step(t *testing.T, c *cases.Case, now time.Time, s cases.Step) *cases.Event {
	t.Helper()
	if err := s.Validate(); err != nil {
		t.Fatalf("%s: validate: %v", s.Action, err)
	}
	ev, err := cases.Apply(c, s, env(now))
	if err != nil {
		t.Fatalf("%s from %s: %v", s.Action, c.Status, err)
	}
	return ev
}

func TestLoopTimesEveryStage(t *testing.T) {
	c := &cases.Case{ID: 1, Status: cases.Reported, Triage: cases.Major}
	step(t, c, t0, cases.Step{Action: cases.ActRegister})
	step(t, c, t0, cases.Step{Action: cases.ActDispatch, UnitID: 7, Reason: "rule 3"})
	if c.Stage != cases.StageAcknowledge || !c.DueAt.Equal(t0.Add(2*time.Hour)) || !c.WarnAt.Equal(t0.Add(96*time.Minute)) {
		t.Fatalf("after dispatch: stage %s due %v warn %v", c.Stage, c.DueAt, c.WarnAt)
	}
	for _, tt := range []struct {
		at    time.Duration
		light cases.Light
	}{{0, cases.Green}, {95 * time.Minute, cases.Green}, {96 * time.Minute, cases.Yellow}, {2 * time.Hour, cases.Red}} {
		if got := c.Light(t0.Add(tt.at)); got != tt.light {
			t.Errorf("light at +%v = %s, want %s", tt.at, got, tt.light)
		}
	}
	t1 := t0.Add(time.Hour)
	step(t, c, t1, cases.Step{Action: cases.ActAcknowledge})
	if c.Stage != cases.StageHandle || !c.DueAt.Equal(t1.Add(10*time.Hour)) {
		t.Fatalf("after acknowledge: %s due %v", c.Stage, c.DueAt)
	}
	step(t, c, t1, cases.Step{Action: cases.ActStart})

	// One extension of 5 hours, asked before the limit and approved.
	step(t, c, t1.Add(time.Hour), cases.Step{Action: cases.ActRequestExtension, Note: "材料未到", Limit: calendar.Limit{Amount: 5, Unit: calendar.WorkingHours}})
	if _, err := cases.Apply(c, cases.Step{Action: cases.ActRequestSuspension, Note: "x"}, env(t1)); errs.CodeOf(err) != errs.Conflict {
		t.Errorf("a second request while one is pending = %v, want a conflict", err)
	}
	step(t, c, t1.Add(2*time.Hour), cases.Step{Action: cases.ActApproveExtension})
	if !c.DueAt.Equal(t1.Add(15*time.Hour)) || c.ExtensionCount != 1 || c.Pending != cases.NoRequest {
		t.Fatalf("after extension: due %v count %d pending %q", c.DueAt, c.ExtensionCount, c.Pending)
	}

	// Suspended for three days: the due time moves by exactly that.
	t2 := t1.Add(3 * time.Hour)
	step(t, c, t2, cases.Step{Action: cases.ActRequestSuspension, Note: "等待业主"})
	step(t, c, t2, cases.Step{Action: cases.ActApproveSuspension})
	if c.Light(t2.Add(100*time.Hour)) != cases.Paused {
		t.Errorf("a suspended case is not shown paused")
	}
	t3 := t2.Add(72 * time.Hour)
	step(t, c, t3, cases.Step{Action: cases.ActResume})
	if want := t1.Add(15 * time.Hour).Add(72 * time.Hour); !c.DueAt.Equal(want) {
		t.Errorf("due after resume = %v, want %v", c.DueAt, want)
	}

	step(t, c, t3, cases.Step{Action: cases.ActHandle, Note: "已清理"})
	step(t, c, t3, cases.Step{Action: cases.ActRework, Note: "仍有杂物"})
	if c.ReworkCount != 1 || c.Status != cases.InProgress || c.Stage != cases.StageHandle {
		t.Fatalf("after rework: %+v", c)
	}
	step(t, c, t3, cases.Step{Action: cases.ActHandle, Note: "已全部清理"})
	step(t, c, t3, cases.Step{Action: cases.ActVerify})
	step(t, c, t3, cases.Step{Action: cases.ActClose})
	if c.Stage != cases.StageVisit || c.Closure != cases.Resolved {
		t.Fatalf("after close: %s %s", c.Stage, c.Closure)
	}
	if _, err := cases.Apply(c, cases.Step{Action: cases.ActReopen, Note: "x"}, env(t3)); errs.CodeOf(err) != errs.Conflict {
		t.Errorf("reopen before a rating = %v", err)
	}
	step(t, c, t3, cases.Step{Action: cases.ActRate, Rating: cases.Dissatisfied, Note: "没解决"})
	step(t, c, t3, cases.Step{Action: cases.ActReopen, Note: "居民不满意"})
	if c.Status != cases.Dispatched || c.ReopenCount != 1 || c.AssigneeUnitID != 7 || c.Rating != "" {
		t.Fatalf("after reopen: %+v", c)
	}
}

func TestStepRefusals(t *testing.T) {
	limit := calendar.Limit{Amount: 1, Unit: calendar.WorkingHours}
	dispatched := func() *cases.Case {
		c := &cases.Case{Status: cases.Registered, Triage: cases.Major}
		cases.Apply(c, cases.Step{Action: cases.ActDispatch, UnitID: 3}, env(t0))
		return c
	}
	tests := []struct {
		name string
		c    func() *cases.Case
		at   time.Time
		step cases.Step
		want string
	}{
		{"return after the window", dispatched, t0.Add(3 * time.Hour), cases.Step{Action: cases.ActReturn, Note: "不归我们管"}, "err.case_return_window"},
		{"extension after the limit", func() *cases.Case {
			c := dispatched()
			cases.Apply(c, cases.Step{Action: cases.ActAcknowledge}, env(t0))
			return c
		}, t0.Add(11 * time.Hour), cases.Step{Action: cases.ActRequestExtension, Note: "x", Limit: limit}, "err.case_extension_late"},
		{"approve with nothing asked", func() *cases.Case {
			c := dispatched()
			cases.Apply(c, cases.Step{Action: cases.ActAcknowledge}, env(t0))
			return c
		}, t0, cases.Step{Action: cases.ActApproveExtension}, "err.case_no_request"},
		{"register a private matter", func() *cases.Case { return &cases.Case{Status: cases.Reported, Triage: cases.Private} },
			t0, cases.Step{Action: cases.ActRegister}, "err.case_private_refer"},
		{"merge into itself", func() *cases.Case { return &cases.Case{ID: 4, Status: cases.Reported} },
			t0, cases.Step{Action: cases.ActMerge, MasterID: 4}, "err.case_merge_self"},
		{"answer with no supervision", dispatched, t0, cases.Step{Action: cases.ActAnswer, Note: "x"}, "err.case_no_supervision"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.c()
			before := *c
			_, err := cases.Apply(c, tt.step, env(tt.at))
			var e *errs.Error
			if !errors.As(err, &e) {
				t.Fatalf("Apply = %v, want %s", err, tt.want)
			}
			if got := e.Msg.Key; got != tt.want && (len(e.Fields) == 0 || e.Fields[0].Msg.Key != tt.want) {
				t.Errorf("Apply = %v, want %s", err, tt.want)
			}
			if c.Status != before.Status {
				t.Errorf("a refused step moved the case from %s to %s", before.Status, c.Status)
			}
		})
	}
}

func TestStepValidate(t *testing.T) {
	tests := []struct {
		name  string
		step  cases.Step
		field string
	}{
		{"unknown action", cases.Step{Action: "fly"}, "action"},
		{"reject without a reason", cases.Step{Action: cases.ActReject}, "note"},
		{"dispatch to nobody", cases.Step{Action: cases.ActDispatch}, "unit_id"},
		{"dispatch to a unit and a community", cases.Step{Action: cases.ActDispatch, UnitID: 1, NodeID: 2}, "unit_id"},
		{"extension without a length", cases.Step{Action: cases.ActRequestExtension, Note: "x"}, "limit"},
		{"extension too long", cases.Step{Action: cases.ActRequestExtension, Note: "x", Limit: calendar.Limit{Amount: 999, Unit: calendar.WorkingDays}}, "limit"},
		{"rating unknown", cases.Step{Action: cases.ActRate, Rating: "meh"}, "rating"},
		{"triage unknown", cases.Step{Action: cases.ActTriage, Note: "x", Triage: "huge"}, "triage"},
		{"note too long", cases.Step{Action: cases.ActComment, Note: string(make([]rune, cases.MaxNoteLen+1))}, "note"},
		{"merge into nothing", cases.Step{Action: cases.ActMerge}, "master_id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.step.Validate()
			var e *errs.Error
			if !errors.As(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != tt.field {
				t.Errorf("Validate = %v, want a problem with %s", err, tt.field)
			}
		})
	}
}

func TestAllowed(t *testing.T) {
	unitCase := &cases.Case{NodePath: "/1/2/3/4/", AssigneeUnitID: 9, Status: cases.Dispatched}
	communityCase := &cases.Case{NodePath: "/1/2/3/4/", AssigneeNodeID: 3, Status: cases.Dispatched}
	handler := &account.Principal{Role: account.Handler, UnitID: 9, ScopePath: "/1/2/"}
	otherHandler := &account.Principal{Role: account.Handler, UnitID: 8, ScopePath: "/1/2/"}
	staff := &account.Principal{Role: account.Staff, ScopePath: "/1/2/3/"}
	farStaff := &account.Principal{Role: account.Staff, ScopePath: "/1/5/"}
	worker := &account.Principal{Role: account.GridWorker, ScopePath: "/1/2/3/4/"}
	resident := &account.Principal{Role: account.Resident}
	tests := []struct {
		name string
		p    *account.Principal
		c    *cases.Case
		a    cases.Action
		want bool
	}{
		{"the unit acknowledges its case", handler, unitCase, cases.ActAcknowledge, true},
		{"another unit does not", otherHandler, unitCase, cases.ActAcknowledge, false},
		{"another unit does not even see it", otherHandler, unitCase, cases.ActComment, false},
		{"staff do not acknowledge for a unit", staff, unitCase, cases.ActAcknowledge, false},
		{"staff handle what their community handles itself", staff, communityCase, cases.ActAcknowledge, true},
		{"staff elsewhere do not", farStaff, communityCase, cases.ActAcknowledge, false},
		{"staff dispatch in scope", staff, unitCase, cases.ActDispatch, true},
		{"a grid worker verifies", worker, unitCase, cases.ActVerify, true},
		{"a grid worker does not dispatch", worker, unitCase, cases.ActDispatch, false},
		{"a handler does not close", handler, unitCase, cases.ActClose, false},
		{"a resident does nothing through staff pages", resident, unitCase, cases.ActComment, false},
		{"the system does anything", account.SystemPrincipal("timer"), unitCase, cases.ActUrge, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cases.Allowed(tt.p, tt.c, tt.a); got != tt.want {
				t.Errorf("Allowed = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestSimilarity(t *testing.T) {
	tests := []struct {
		a, b     string
		atLeast  float64
		lessThan float64
	}{
		{"消防通道被车辆堵塞", "消防通道被车堵了", 0.5, 1.01},
		{"楼道堆放杂物", "楼道里堆放了很多杂物", 0.4, 1.01},
		{"路灯不亮", "井盖缺失", 0, 0.01},
		{"", "anything", 0, 0.01},
		{"Street LAMP broken", "street lamp broken!", 0.99, 1.01},
	}
	for _, tt := range tests {
		got := cases.Similarity(tt.a, tt.b)
		if got < tt.atLeast || got >= tt.lessThan {
			t.Errorf("Similarity(%q, %q) = %.2f, want in [%.2f, %.2f)", tt.a, tt.b, got, tt.atLeast, tt.lessThan)
		}
	}
}

// Similarity is Dice's coefficient over the multisets of bigrams: checked against a
// plain count of each pair on many random descriptions, repeats and single characters
// included.
func TestSimilarityCountsSharedPairs(t *testing.T) {
	grams := func(s string) map[[2]rune]int {
		var rs []rune
		for _, r := range strings.ToLower(s) {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				rs = append(rs, r)
			}
		}
		m := map[[2]rune]int{}
		if len(rs) == 1 {
			m[[2]rune{rs[0], 0}]++
		}
		for i := 0; i+1 < len(rs); i++ {
			m[[2]rune{rs[i], rs[i+1]}]++
		}
		return m
	}
	dice := func(a, b string) float64 {
		ga, gb := grams(a), grams(b)
		common, total := 0, 0
		for g, n := range ga {
			common += min(n, gb[g])
			total += n
		}
		for _, n := range gb {
			total += n
		}
		if len(ga) == 0 || len(gb) == 0 {
			return 0
		}
		return 2 * float64(common) / float64(total)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	letters := []rune("楼道杂物堆车a1 ，")
	word := func() string {
		rs := make([]rune, rng.IntN(9))
		for i := range rs {
			rs[i] = letters[rng.IntN(len(letters))]
		}
		return string(rs)
	}
	for range 5000 {
		a, b := word(), word()
		if got, want := cases.Similarity(a, b), dice(a, b); math.Abs(got-want) > 1e-12 {
			t.Fatalf("Similarity(%q, %q) = %v, want %v", a, b, got, want)
		}
	}
}
