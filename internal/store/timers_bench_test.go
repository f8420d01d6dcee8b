package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// BenchmarkDueTimers shows that finding and firing due timers costs the same whatever the
// number pending: with 1,000 and with 1,000,000 pending timers (one per open case), of
// which 100 are due, one operation finds the due batch and fires 10 of them, each
// handler setting its timer again so the table keeps its size. The claim sub-benchmarks
// measure the query alone (find and lock the batch, then roll back).
//
//	go test -run '^$' -bench DueTimers -count 6 ./internal/store/
//	SHEQU_TEST_POSTGRES=postgres://… go test -run '^$' -bench DueTimers -count 6 ./internal/store/
func BenchmarkDueTimers(b *testing.B) {
	const due, batch = 100, 10
	ctx := context.Background()
	for _, pending := range []int{1000, 1000000} {
		b.Run(fmt.Sprintf("pending=%d", pending), func(b *testing.B) {
			db := seedTimers(b, pending, due)
			h := store.BenchTimerHandlers()
			for b.Loop() {
				n, err := db.RunDueTimers(ctx, h, batch)
				if err != nil || n != batch {
					b.Fatalf("fired %d, %v; want %d", n, err, batch)
				}
			}
		})
		b.Run(fmt.Sprintf("claim/pending=%d", pending), func(b *testing.B) {
			db := seedTimers(b, pending, due)
			for b.Loop() {
				n, err := db.ClaimDueTimersForBench(ctx, batch)
				if err != nil || n != batch {
					b.Fatalf("claimed %d, %v; want %d", n, err, batch)
				}
			}
		})
	}
}

// BenchmarkTimerGroup compares firing each timer in a transaction of its own (what
// RunDueTimers does) with firing groups of 16 in one transaction, each in a savepoint.
//
//	go test -run '^$' -bench TimerGroup -count 6 ./internal/store/
func BenchmarkTimerGroup(b *testing.B) {
	const due, batch = 200, 64
	ctx := context.Background()
	for _, group := range []int{1, 16} {
		b.Run(fmt.Sprintf("group=%d", group), func(b *testing.B) {
			defer store.SetTimerGroup(group)()
			db := seedTimers(b, 10000, due)
			h := store.BenchTimerHandlers()
			for b.Loop() {
				n, err := db.RunDueTimers(ctx, h, batch)
				if err != nil || n != batch {
					b.Fatalf("fired %d, %v; want %d", n, err, batch)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*batch), "ns/timer")
		})
	}
}

func seedTimers(b *testing.B, pending, due int) *storetest.DB {
	b.Helper()
	db := storetest.New(b)
	if err := db.SeedBenchTimers(context.Background(), pending, due); err != nil {
		b.Fatal(err)
	}
	return db
}
