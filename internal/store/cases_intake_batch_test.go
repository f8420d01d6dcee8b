package store_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// Plain reports meeting in one group commit are opened together, with a query per
// lookup for all of them and one INSERT for their cases. What they leave must be exactly
// what the same reports leave when filed one by one: the same cases, tickets, timelines,
// timers, notifications, outbox rows and audit entries, the same refusals, and the same
// answers to a retried key or a report repeating another.
func TestReportsOpenedTogether(t *testing.T) {
	at := store.AsOf(ctx, time.Date(2026, 11, 23, 10, 0, 0, 0, calendar.Location)) // a Monday morning
	type filed struct {
		p *account.Principal
		r cases.Report
	}
	plain := func(world *store.BenchIntake, n int) []filed {
		rng := rand.New(rand.NewPCG(1, 2))
		var out []filed
		for range n {
			out = append(out, filed{&account.Principal{}, world.Report(rng)})
		}
		return out
	}
	tests := []struct {
		name    string
		reports func(world *store.BenchIntake) []filed
	}{
		{"plain reports", func(w *store.BenchIntake) []filed { return plain(w, 12) }},
		{"a report repeating the one before", func(w *store.BenchIntake) []filed {
			fs := plain(w, 3)
			again := fs[1]
			again.r.ReporterPhone = "13900001111"
			return append(fs, again)
		}},
		{"one idempotency key twice, and a key of another caller", func(w *store.BenchIntake) []filed {
			fs := plain(w, 3)
			resident := &account.Principal{}
			fs[0].r.IdempotencyKey, fs[2].r.IdempotencyKey = "k-1", "k-1"
			fs[0].p, fs[2].p = resident, resident
			fs[1].r.IdempotencyKey = "k-1"
			fs[1].p = &account.Principal{UserID: 77, Role: account.Resident}
			return fs
		}},
		{"an unknown category among good reports", func(w *store.BenchIntake) []filed {
			fs := plain(w, 3)
			fs[1].r.CategoryID = 999999
			return fs
		}},
		{"a report outside every grid", func(w *store.BenchIntake) []filed {
			fs := plain(w, 3)
			fs[0].r.Location.Lng += 1
			return fs
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			type outcome struct {
				results []string
				traces  map[string]string
				audit   int64
			}
			file := func(together bool) outcome {
				db := storetest.New(t)
				world, err := db.SeedBenchIntake(ctx, 2)
				if err != nil {
					t.Fatal(err)
				}
				fs := tt.reports(world)
				var ins []*store.Intake
				var errs []error
				if together {
					ps, rs := make([]*account.Principal, len(fs)), make([]cases.Report, len(fs))
					for i, f := range fs {
						ps[i], rs[i] = f.p, f.r
					}
					ins, errs = db.ReportGroupForTest(at, ps, rs)
				} else {
					for _, f := range fs {
						in, err := db.ReportAloneForTest(at, f.p, f.r)
						ins, errs = append(ins, in), append(errs, err)
					}
				}
				o := outcome{traces: map[string]string{}}
				for i := range fs {
					if errs[i] != nil {
						o.results = append(o.results, "error "+errs[i].Error())
						continue
					}
					c := ins[i].Case
					o.results = append(o.results, fmt.Sprintf("%s %d %s repeat=%v", c.Ticket, c.ID, c.Status, ins[i].Repeat))
					if o.traces[c.Ticket], err = db.CaseTraceForTest(ctx, c.ID); err != nil {
						t.Fatal(err)
					}
				}
				n, problem, err := db.VerifyAudit(ctx)
				if err != nil || problem != nil {
					t.Fatalf("audit chain: %v %+v", err, problem)
				}
				o.audit = n
				if check, err := db.VerifyIndicators(ctx); err != nil || len(check.Problems) > 0 {
					t.Fatalf("indicators: %v %v", err, check)
				}
				if got := db.ReportsTogetherForTest(); together && got < 2 {
					t.Errorf("%d reports opened together", got)
				}
				return o
			}
			alone, together := file(false), file(true)
			if a, b := strings.Join(alone.results, "\n"), strings.Join(together.results, "\n"); a != b {
				t.Fatalf("one by one:\n%s\ntogether:\n%s", a, b)
			}
			for ticket, want := range alone.traces {
				if got := together.traces[ticket]; got != want {
					t.Errorf("case %s one by one:\n%s\ntogether:\n%s", ticket, want, got)
				}
			}
			if alone.audit != together.audit {
				t.Errorf("audit entries: %d one by one, %d together", alone.audit, together.audit)
			}
		})
	}
}

// A report's request looks for open cases near it before its group commits; a case
// written in between, alike it, still makes it a likely repeat, left for a reviewer.
func TestRepeatWrittenWhileWaiting(t *testing.T) {
	db := storetest.New(t)
	world, err := db.SeedBenchIntake(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	first, other := world.Report(rng), world.Report(rng)
	again := first
	again.ReporterPhone = "13900002222"
	placeless := other
	placeless.Location, placeless.Address = nil, "平江路 100 号"
	before := db.ReportsTogetherForTest()
	ins, errs := db.ReportGroupAfterForTest(ctx, []*account.Principal{{}, {}}, []cases.Report{again, other}, func() {
		in, err := db.Report(ctx, &account.Principal{}, first)
		if err != nil || in.Case.Status != cases.Dispatched {
			t.Fatalf("first report: %+v, %v", in, err)
		}
		// A case with no place among those written meanwhile is no obstacle.
		if _, err := db.Report(ctx, &account.Principal{}, placeless); err != nil {
			t.Fatalf("report without a place: %v", err)
		}
	})
	if got := db.ReportsTogetherForTest() - before; got < 2+2 {
		t.Errorf("%d reports opened together, want the group's two as well", got)
	}
	for i, want := range []cases.Status{cases.Reported, cases.Dispatched} {
		if errs[i] != nil {
			t.Fatalf("report %d: %v", i, errs[i])
		}
		if got := ins[i].Case.Status; got != want {
			t.Errorf("report %d: status %s, want %s", i, got, want)
		}
	}
}
