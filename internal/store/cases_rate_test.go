package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
)

// closeCase takes c through the loop to closed, waiting for the reporter's rating.
func (w *caseWorld) closeCase(t *testing.T, c *cases.Case) *cases.Case {
	t.Helper()
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActRegister})
	c = w.act(t, w.staff, c, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
	c = w.act(t, w.handler, c, cases.Step{Action: cases.ActAcknowledge})
	c = w.act(t, w.handler, c, cases.Step{Action: cases.ActHandle, Note: "已处理"})
	c = w.act(t, w.worker, c, cases.Step{Action: cases.ActVerify})
	return w.act(t, w.staff, c, cases.Step{Action: cases.ActClose})
}

func TestRateByReporter(t *testing.T) {
	w := newCaseWorld(t)
	in := w.report(t, "楼道灯不亮")
	ticket, key := in.Case.Ticket, in.TrackKey

	// Before it is closed, the reporter cannot rate yet.
	if _, err := w.db.RateByReporter(ctx, ticket, key, nil, cases.Satisfied, ""); errs.CodeOf(err) != errs.Conflict || msgKey(err) != "err.case_not_closed" {
		t.Errorf("rating an open case = %v, want err.case_not_closed", err)
	}
	w.closeCase(t, in.Case)

	tests := []struct {
		name   string
		key    string
		rating cases.Rating
		code   errs.Code
		field  string
	}{
		{"a wrong key", "0123456789abcdef", cases.Satisfied, errs.NotFound, ""},
		{"no key", "", cases.Satisfied, errs.NotFound, ""},
		{"an unknown rating", key, "great", errs.Invalid, "rating"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.db.RateByReporter(ctx, ticket, tt.key, nil, tt.rating, "")
			if errs.CodeOf(err) != tt.code || fieldOf(err) != tt.field {
				t.Errorf("RateByReporter = %v, want %s on %q", err, tt.code, tt.field)
			}
		})
	}
	if _, err := w.db.RateByReporter(ctx, "20260302-999999", key, nil, cases.Satisfied, ""); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("an unknown ticket = %v, want not found", err)
	}

	c, err := w.db.RateByReporter(ctx, ticket, key, nil, cases.FairlySatisfied, "  处理得挺快  ")
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != cases.Rated || c.Rating != cases.FairlySatisfied || c.RatingComment != "处理得挺快" || c.RatedAt == nil {
		t.Errorf("rated case = %+v", c)
	}
	evs, err := w.db.CaseEvents(ctx, w.staff, c, true)
	if err != nil {
		t.Fatal(err)
	}
	if last := evs[len(evs)-1]; last.Action != cases.ActRate || last.Actor != "system:reporter" {
		t.Errorf("last public step = %+v, want the rating taken by the system for the reporter", last)
	}

	// A second rating is refused, and the first one stands.
	if _, err := w.db.RateByReporter(ctx, ticket, key, nil, cases.Dissatisfied, "再评一次"); errs.CodeOf(err) != errs.Conflict || msgKey(err) != "err.case_rated_already" {
		t.Errorf("a second rating = %v, want err.case_rated_already", err)
	}
	if got, _ := w.db.Case(ctx, w.staff, c.ID); got.Rating != cases.FairlySatisfied || got.Version != c.Version {
		t.Errorf("after the refused second rating: %+v", got)
	}
}

// TestRateByReporterOwnCase: a signed-in resident rates their own case without the key;
// another resident cannot, even signed in.
func TestRateByReporterOwnCase(t *testing.T) {
	w := newCaseWorld(t)
	me, other := w.resident(t, "13700000011"), w.resident(t, "13700000012")
	in, err := w.db.Report(ctx, me, cases.Report{Source: cases.FromResident, CategoryID: w.category, Description: "垃圾桶满溢",
		Location: &w.here, NodeID: w.gridA.ID, NodePath: w.gridA.Path, Located: true})
	if err != nil {
		t.Fatal(err)
	}
	w.closeCase(t, in.Case)
	if _, err := w.db.RateByReporter(ctx, in.Case.Ticket, "", other, cases.Satisfied, ""); errs.CodeOf(err) != errs.NotFound {
		t.Errorf("another resident rating = %v, want not found", err)
	}
	c, err := w.db.RateByReporter(ctx, in.Case.Ticket, "", me, cases.Dissatisfied, "还是很脏")
	if err != nil {
		t.Fatal(err)
	}
	// Dissatisfied: the policy may reopen it at once; either way the rating is recorded.
	if c.Status != cases.Rated && c.Status != cases.Dispatched {
		t.Errorf("after a dissatisfied rating the case is %s", c.Status)
	}
}

// resident is the principal of a new resident account signing in with phone.
func (w *caseWorld) resident(t *testing.T, phone string) *account.Principal {
	t.Helper()
	u, err := w.db.CreateUser(ctx, sys, account.UserInput{DisplayName: "居民" + phone[7:], Role: account.Resident, Phone: phone, Password: "Passw0rd!"})
	if err != nil {
		t.Fatal(err)
	}
	p, err := w.db.PrincipalFor(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func msgKey(err error) string {
	if e := errs.As(err); e != nil {
		return e.Msg.Key
	}
	return ""
}
