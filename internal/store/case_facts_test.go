package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/cases"
)

// Every step counts its facts in its own transaction, and counting them again from the
// timeline alone gives the same: on time, and late with the clock's overdue entry.
func TestCaseFactsKeptWithEachStep(t *testing.T) {
	tests := []struct {
		name string
		walk func(t *testing.T, w *caseWorld, c *cases.Case) *cases.Case
		want string
	}{
		{"all in time", func(t *testing.T, w *caseWorld, c *cases.Case) *cases.Case {
			c = w.act(t, w.staff, c, cases.Step{Action: cases.ActRegister})
			c = w.act(t, w.staff, c, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
			w.db.Clock.Advance(10 * time.Minute)
			c = w.act(t, w.handler, c, cases.Step{Action: cases.ActAcknowledge})
			c = w.act(t, w.handler, c, cases.Step{Action: cases.ActHandle, Note: "已挪车"})
			c = w.act(t, w.worker, c, cases.Step{Action: cases.ActVerify})
			c = w.act(t, w.staff, c, cases.Step{Action: cases.ActClose})
			return w.act(t, w.staff, c, cases.Step{Action: cases.ActRate, Rating: cases.Satisfied})
		}, "ack_due@10/u ack_on_time@10/u close_due@10/u closed@10/u closed_on_time@10/u dispatched@0/u " +
			"handle_due@10/u handle_minutes@10×10/u handled@10/u handled_on_time@10/u rated@10/u registered@0 reported@0 " +
			"satisfied@10/u valid@0 visited@10/u"},
		// 占用消防通道: acknowledge within one natural hour.
		{"acknowledged after it went red", func(t *testing.T, w *caseWorld, c *cases.Case) *cases.Case {
			c = w.act(t, w.staff, c, cases.Step{Action: cases.ActRegister})
			c = w.act(t, w.staff, c, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
			w.db.Clock.Advance(75 * time.Minute)
			if _, err := w.db.RunDueTimers(ctx, w.db.TimerHandlers(), 100); err != nil {
				t.Fatal(err)
			}
			got, err := w.db.Case(ctx, w.staff, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			return w.act(t, w.handler, got, cases.Step{Action: cases.ActAcknowledge})
		}, "ack_due@60/u dispatched@0/u overdue@60/u registered@0 reported@0 valid@0"},
		{"returned", func(t *testing.T, w *caseWorld, c *cases.Case) *cases.Case {
			c = w.act(t, w.staff, c, cases.Step{Action: cases.ActRegister})
			c = w.act(t, w.staff, c, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
			return w.act(t, w.handler, c, cases.Step{Action: cases.ActReturn, Note: "不属本单位职责"})
		}, "dispatched@0/u registered@0 reported@0 returned@0/u valid@0"},
		{"rejected", func(t *testing.T, w *caseWorld, c *cases.Case) *cases.Case {
			return w.act(t, w.staff, c, cases.Step{Action: cases.ActReject, Note: "不属于受理范围"})
		}, "reported@0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newCaseWorld(t)
			origin := w.db.Clock.Now()
			c := tt.walk(t, w, w.report(t, "消防通道被车辆堵塞").Case)
			kept, refolded, err := w.db.CaseFactsForTest(ctx, c.ID, origin)
			if err != nil {
				t.Fatal(err)
			}
			if kept != tt.want {
				t.Errorf("facts kept\n got %s\nwant %s", kept, tt.want)
			}
			if refolded != kept {
				t.Errorf("facts counted again from the timeline\n got %s\nkept %s", refolded, kept)
			}
		})
	}
}

// A case written before cases kept facts has them counted from its timeline when the
// database is next opened, the same as they would have been kept.
func TestCaseFactsBackfilled(t *testing.T) {
	w := newCaseWorld(t)
	origin := w.db.Clock.Now()
	c := w.report(t, "消防通道被车辆堵塞").Case
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActRegister})
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
	w.db.Clock.Advance(75 * time.Minute)
	if _, err := w.db.RunDueTimers(ctx, w.db.TimerHandlers(), 100); err != nil {
		t.Fatal(err)
	}
	other := w.report(t, "路灯不亮").Case
	want, _, err := w.db.CaseFactsForTest(ctx, c.ID, origin)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.db.ForgetFactsForTest(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := w.db.CountFactsAgainForTest(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second start has nothing left to count
		if _, err := w.db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got, _, err := w.db.CaseFactsForTest(ctx, c.ID, origin)
	if err != nil || got != want {
		t.Errorf("facts counted at start-up\n got %s\nwant %s (%v)", got, want, err)
	}
	if got, _, _ := w.db.CaseFactsForTest(ctx, other.ID, origin); got != "reported@75" {
		t.Errorf("a case that had its facts: %s", got)
	}
	// What the clock left is kept too: the acknowledgement, late, counts no second due.
	c, err = w.db.Case(ctx, w.staff, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	w.act(t, w.handler, c, cases.Step{Action: cases.ActAcknowledge})
	if got, _, _ := w.db.CaseFactsForTest(ctx, c.ID, origin); got != want {
		t.Errorf("after a late acknowledgement\n got %s\nwant %s", got, want)
	}
}

// The check of the indicators finds them whole after real work, and finds a counter or a
// fact changed behind their back.
func TestVerifyIndicators(t *testing.T) {
	tests := []struct {
		tamper string
		want   string // in the first problem, "" for none
	}{
		{"", ""},
		{"counter", "which the facts do not sum to"},
		{"fact", "its timeline counts [reported@"},
	}
	for _, tt := range tests {
		t.Run("tamper "+tt.tamper, func(t *testing.T) {
			w := newCaseWorld(t)
			c := w.report(t, "消防通道被车辆堵塞").Case
			c = w.act(t, w.staff, c, cases.Step{Action: cases.ActRegister})
			c = w.act(t, w.staff, c, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
			c = w.act(t, w.handler, c, cases.Step{Action: cases.ActAcknowledge})
			c = w.act(t, w.handler, c, cases.Step{Action: cases.ActHandle, Note: "已挪车"})
			w.report(t, "路灯不亮")
			if tt.tamper != "" {
				if err := w.db.TamperIndicatorsForTest(ctx, c.ID, tt.tamper); err != nil {
					t.Fatal(err)
				}
			}
			check, err := w.db.VerifyIndicators(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if check.Cases != 2 || check.Facts != 10 || check.Counters != 9 || check.Rollups == 0 { // 9 facts and a report: 9 counters
				t.Errorf("checked %+v", check)
			}
			switch {
			case tt.want == "" && len(check.Problems) > 0:
				t.Errorf("problems in untouched figures: %v", check.Problems)
			case tt.want != "" && (len(check.Problems) == 0 || !strings.Contains(strings.Join(check.Problems, "\n"), tt.want)):
				t.Errorf("problems %v, want one saying %q", check.Problems, tt.want)
			}
		})
	}
}
