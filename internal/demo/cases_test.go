package demo_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/demo"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// TestSeedCases seeds the smallest demo (no registers, 200 cases) and checks the case
// history it plays: every status, late and supervised cases, reworked, reopened and
// merged ones, and timelines that agree with the cases.
func TestSeedCases(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds the demo district")
	}
	ctx := context.Background()
	db := storetest.New(t)
	start := time.Now()
	res, err := demo.Seed(ctx, db.DB, 1, demo.PopulateNone)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded in %v: %d cases, %v", time.Since(start), res.Cases, res.ByStatus)
	if res.Cases < 190 || res.Cases > 260 || res.Rules == 0 {
		t.Fatalf("demo cases: %d, rules %d", res.Cases, res.Rules)
	}
	for _, st := range cases.Statuses {
		if res.ByStatus[st] == 0 {
			t.Errorf("no demo case is %s", st)
		}
	}
	now := db.Clock.Now()
	sys := account.SystemPrincipal("test")
	// A blocked fire lane in the first community goes to cgj.handler's unit by the rules.
	handler, _, err := db.Authenticate(ctx, "cgj.handler", demo.Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	community, _, err := db.Authenticate(ctx, "sq.staff", demo.Password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	tree, err := db.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if unit, _, err := db.ResolveUnit(ctx, tree.ByCode(cases.EventKind, "0511").ID, community.ScopePath, 0); err != nil || unit != handler.UnitID {
		t.Fatalf("0511 in the first community goes to unit %d (%v), cgj.handler is in %d", unit, err, handler.UnitID)
	}
	root, err := db.Nodes(ctx, sys, store.NodeFilter{Limit: 1})
	if err != nil || len(root) == 0 {
		t.Fatalf("root: %v", err)
	}
	var all []*cases.Case
	for after := int64(0); ; {
		list, more, err := db.ListCases(ctx, sys, store.CaseFilter{After: after, Limit: store.MaxCasePage})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, list...)
		if !more || len(list) == 0 {
			break
		}
		after = list[len(list)-1].ID
	}
	if len(all) != res.Cases {
		t.Fatalf("listed %d cases, the seeder counted %d", len(all), res.Cases)
	}
	var overdue, supervised, answered, reworked, reopened, dissatisfied, selfHandled, referred, withUnit, redEvents int
	for _, c := range all {
		if !c.Located || !strings.HasPrefix(c.NodePath, root[0].Path) || c.Location == nil {
			t.Errorf("case %s is not placed in the demo tree: %q", c.Ticket, c.NodePath)
		}
		if c.ReportedAt.Before(now.Add(-demo.CaseDays*24*time.Hour-time.Hour)) || c.ReportedAt.After(now) {
			t.Errorf("case %s reported at %v", c.Ticket, c.ReportedAt)
		}
		if c.Overdue && c.Status.Open() {
			overdue++
		}
		if c.ReworkCount > 0 {
			reworked++
		}
		if c.ReopenCount > 0 {
			reopened++
		}
		if c.Rating == cases.Dissatisfied {
			dissatisfied++
		}
		switch c.Closure {
		case cases.SelfHandled:
			selfHandled++
		case cases.Referred:
			referred++
		}
		if c.Status.WithUnit() && c.AssigneeUnitID != 0 {
			withUnit++
		}
		evs, err := db.CaseEvents(ctx, sys, c, false)
		if err != nil {
			t.Fatal(err)
		}
		// The timeline agrees with the case: it starts with the report, runs forward in
		// time, and its last step that moved the case left it where it is.
		if len(evs) == 0 || evs[0].Action != cases.ActReport {
			t.Fatalf("case %s: timeline does not start with the report", c.Ticket)
		}
		last := cases.Reported
		for i, e := range evs {
			if i > 0 && e.At.Before(evs[i-1].At) {
				t.Errorf("case %s: %s at %v before %s at %v", c.Ticket, e.Action, e.At, evs[i-1].Action, evs[i-1].At)
			}
			if e.At.After(now) {
				t.Errorf("case %s: %s in the future", c.Ticket, e.Action)
			}
			if i > 0 && e.From != e.To && e.Action != cases.ActAbsorb {
				if e.From != last {
					t.Errorf("case %s: %s from %s, but the case was %s", c.Ticket, e.Action, e.From, last)
				}
			}
			if e.To != "" {
				last = e.To
			}
			switch e.Action {
			case cases.ActSupervise:
				supervised++
			case cases.ActAnswer:
				answered++
			case cases.ActOverdue:
				redEvents++
				// Timers fire as of their own moment, not when the seeder got there.
				var d struct {
					DueAt int64 `json:"due_at"`
				}
				if err := json.Unmarshal([]byte(e.Detail), &d); err != nil || e.At.Sub(time.UnixMilli(d.DueAt)).Abs() > time.Second {
					t.Errorf("case %s turned red at %v, its limit was %v (%v)", c.Ticket, e.At, time.UnixMilli(d.DueAt), err)
				}
			}
		}
		if last != c.Status {
			t.Errorf("case %s is %s, its timeline ends %s", c.Ticket, c.Status, last)
		}
	}
	checks := []struct {
		what string
		n    int
	}{
		{"overdue open", overdue}, {"supervised", supervised}, {"answered", answered}, {"reworked", reworked},
		{"reopened", reopened}, {"dissatisfied", dissatisfied}, {"self-handled", selfHandled}, {"referred", referred},
		{"held by a unit", withUnit}, {"turned red", redEvents},
	}
	for _, c := range checks {
		if c.n == 0 {
			t.Errorf("no demo case %s", c.what)
		}
	}
	if n, problem, err := db.VerifyAudit(ctx); err != nil || problem != nil || n == 0 {
		t.Fatalf("audit after seeding: %d %v %v", n, problem, err)
	}
}
