package scheduler_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/scheduler"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// wait is how long a test waits for the running loop to react before failing; the loop
// reacts at once to Wake, so this only bounds a broken run.
const wait = 20 * time.Second

func TestRunOnce(t *testing.T) {
	tests := []struct {
		name   string
		due    []time.Duration // timers, relative to the start
		batch  int
		at     time.Duration // when RunOnce runs
		want   int
		remain bool
	}{
		{"nothing pending", nil, 0, 0, 0, false},
		{"not yet due", []time.Duration{time.Hour}, 0, 59 * time.Minute, 0, true},
		{"due", []time.Duration{time.Hour, 2 * time.Hour}, 0, time.Hour, 1, true},
		{"all due, batch after batch", []time.Duration{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 3, time.Minute, 10, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.New(t)
			ctx := context.Background()
			for i, d := range tt.due {
				if err := db.SetTimer(ctx, "k", int64(i+1), storetest.Start.Add(d)); err != nil {
					t.Fatal(err)
				}
			}
			var fired int
			s := scheduler.New(db.DB, map[string]store.TimerHandler{"k": func(*store.Tx, store.Timer) error { fired++; return nil }},
				scheduler.Options{Batch: tt.batch})
			db.Clock.Advance(tt.at)
			n, err := s.RunOnce(ctx)
			if err != nil || n != tt.want || fired != tt.want {
				t.Fatalf("RunOnce = %d, %v (handler called %d times), want %d", n, err, fired, tt.want)
			}
			if _, ok, _ := db.NextTimerAt(ctx); ok != tt.remain {
				t.Errorf("timers remain: %v, want %v", ok, tt.remain)
			}
		})
	}
}

func TestRunOnceStopsOnFailingTimers(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	var logs bytes.Buffer
	for i := range 5 {
		if err := db.SetTimer(ctx, "broken", int64(i), storetest.Start); err != nil {
			t.Fatal(err)
		}
	}
	s := scheduler.New(db.DB, map[string]store.TimerHandler{"broken": func(*store.Tx, store.Timer) error { return errors.New("no luck") }},
		scheduler.Options{Batch: 2, Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	if n, err := s.RunOnce(ctx); n != 0 || err != nil {
		t.Fatalf("RunOnce = %d, %v", n, err)
	}
	if c := strings.Count(logs.String(), "timer failed"); c != 2 {
		t.Errorf("logged %d failures, want the first batch's 2:\n%s", c, logs.String())
	}
	if !strings.Contains(logs.String(), "no luck") || !strings.Contains(logs.String(), "kind=broken") {
		t.Errorf("log lacks the kind and the error:\n%s", logs.String())
	}
}

// firing is a timer fired by a running loop, with the (fake) time it fired at.
type firing struct {
	ref int64
	at  time.Time
}

// loop runs a scheduler in the background; fired receives each timer it fires.
type loop struct {
	s     *scheduler.Scheduler
	fired chan firing
	stop  func()
	done  chan struct{}
}

func start(t *testing.T, db *store.DB, opt scheduler.Options) *loop {
	t.Helper()
	l := &loop{fired: make(chan firing, 100), done: make(chan struct{})}
	l.s = scheduler.New(db, map[string]store.TimerHandler{"k": func(_ *store.Tx, tm store.Timer) error {
		now := db.Clock().Now()
		if now.Before(tm.FireAt) {
			t.Errorf("timer %d due at %v fired at %v", tm.RefID, tm.FireAt, now)
		}
		l.fired <- firing{tm.RefID, now}
		return nil
	}}, opt)
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	l.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-l.done:
			case <-time.After(wait):
				t.Error("Run did not return after its context ended")
			}
		})
	}
	go func() { l.s.Run(ctx); close(l.done) }()
	t.Cleanup(l.stop)
	return l
}

func (l *loop) expect(t *testing.T, ref int64) {
	t.Helper()
	select {
	case got := <-l.fired:
		if got.ref != ref {
			t.Fatalf("fired timer %d, want %d", got.ref, ref)
		}
	case <-time.After(wait):
		t.Fatalf("timer %d did not fire", ref)
	}
}

func (l *loop) expectNone(t *testing.T) {
	t.Helper()
	select {
	case got := <-l.fired:
		t.Fatalf("timer %d fired, want none", got.ref)
	default:
	}
}

func TestRunFiresWhenWoken(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	// Pending before the loop starts (as after a restart): fired at start.
	if err := db.SetTimer(ctx, "k", 1, storetest.Start); err != nil {
		t.Fatal(err)
	}
	l := start(t, db.DB, scheduler.Options{})
	l.expect(t, 1)

	// The loop now waits up to a minute of real time. A write setting a timer due at once
	// wakes it through the store's hook.
	if err := db.SetTimer(ctx, "k", 2, storetest.Start); err != nil {
		t.Fatal(err)
	}
	l.expect(t, 2)

	// A timer an hour away does not fire now; when the clock gets there, Wake fires it.
	if err := db.SetTimer(ctx, "k", 3, storetest.Start.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	l.s.Wake()
	l.expectNone(t)
	db.Clock.Advance(time.Hour)
	l.s.Wake()
	l.expect(t, 3)

	l.stop()
	if err := db.SetTimer(ctx, "k", 4, db.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	l.s.Wake()
	l.expectNone(t)
}

// TestRunHealsMissedWakeUps: a timer set by another instance sharing the database (whose
// writes this one's hook never hears of) is still fired, at the latest MaxWait later.
func TestRunHealsMissedWakeUps(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	other, err := store.Open(ctx, db.URL, store.Options{Clock: db.Clock, Keys: storetest.Keys(t), SearchPath: db.Path})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	l := start(t, db.DB, scheduler.Options{MaxWait: 10 * time.Millisecond})
	if err := other.SetTimer(ctx, "k", 9, storetest.Start); err != nil {
		t.Fatal(err)
	}
	l.expect(t, 9)
}
