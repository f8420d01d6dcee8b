package store_test

import (
	"context"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// BenchmarkIntake compares a report through the whole intake path (db.Report: locate,
// triage, the dispatch rule, register and dispatch, deadlines, timers, notifications,
// timeline, audit) with its baseline, a single-row INSERT transaction on the same writer
// with the same durability, both from 32 concurrent clients: concurrent reports share
// transactions (group commit), so with enough clients one costs about as much as the
// cheapest durable write. See also `shequ bench intake`.
//
//	go test -run '^$' -bench Intake -count 6 ./internal/store/
func BenchmarkIntake(b *testing.B) {
	ctx := context.Background()
	db := storetest.New(b)
	world, err := db.SeedBenchIntake(ctx, 8)
	if err != nil {
		b.Fatal(err)
	}
	if err := db.PrepareBenchRaw(ctx); err != nil {
		b.Fatal(err)
	}
	var seed atomic.Uint64
	b.Run("report", func(b *testing.B) {
		b.SetParallelism(16) // 32 clients on 2 cores
		var dispatched atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			r := rand.New(rand.NewPCG(seed.Add(1), 7))
			for pb.Next() {
				in, err := db.Report(ctx, &account.Principal{}, world.Report(r))
				if err != nil {
					b.Error(err)
					return
				}
				if in.Case.Status == cases.Dispatched {
					dispatched.Add(1)
				}
			}
		})
		b.ReportMetric(float64(dispatched.Load())/float64(b.N), "dispatched/op")
	})
	b.Run("raw", func(b *testing.B) {
		b.SetParallelism(16)
		var n atomic.Int64
		b.RunParallel(func(pb *testing.PB) {
			c := int(seed.Add(1))
			for pb.Next() {
				if err := db.BenchRawInsert(ctx, c, int(n.Add(1))); err != nil {
					b.Error(err)
					return
				}
			}
		})
	})
}

// An intake dispatched by the rules sets its case's timers in the group's transaction,
// by the system's copy of it: the scheduler hears of the earliest once the group commits,
// before the reporter is answered.
func TestIntakeTellsTimers(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	world, err := db.SeedBenchIntake(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var woken []time.Time
	db.OnTimerSet(func(at time.Time) {
		mu.Lock()
		woken = append(woken, at)
		mu.Unlock()
	})
	in, err := db.Report(ctx, &account.Principal{}, world.Report(rand.New(rand.NewPCG(1, 2))))
	if err != nil {
		t.Fatal(err)
	}
	c := in.Case
	if c.Status != cases.Dispatched || c.WarnAt == nil || c.DueAt == nil {
		t.Fatalf("case not dispatched with deadlines: %+v", c)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(woken) != 1 || !woken[0].Equal(*c.WarnAt) {
		t.Errorf("OnTimerSet got %v, want [%v]", woken, *c.WarnAt)
	}
}
