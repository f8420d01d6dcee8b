// Package scheduler fires the timers kept in the database when they fall due. It holds
// no timers itself: at start, after every firing and at least every MaxWait it asks the
// store when the next one is due, so a restart loses nothing, a changed working calendar
// or a missed wake-up heals within MaxWait, and the store's OnTimerSet hook wakes it
// early when a write sets a timer sooner than it meant to look again.
package scheduler

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/shequ-dev/shequ/internal/clock"
	"github.com/shequ-dev/shequ/internal/store"
)

// Options configure a Scheduler; zero values take the defaults.
type Options struct {
	Clock   clock.Clock   // what "due" is measured by; default the database's clock
	Logger  *slog.Logger  // default: discard
	MaxWait time.Duration // the longest it waits without looking; default 1 minute
	Batch   int           // timers fired per RunDueTimers call; default 100
	// Busy is the wait when a timer is due but none could be fired (another instance is
	// firing it, or the database failed); default 1 second, doubling on repeated
	// database failures up to MaxWait.
	Busy time.Duration
}

// Scheduler fires due timers with the handlers of their kinds.
type Scheduler struct {
	db       *store.DB
	handlers map[string]store.TimerHandler
	clock    clock.Clock
	log      *slog.Logger
	maxWait  time.Duration
	batch    int
	busy     time.Duration

	wake chan struct{}

	mu    sync.Mutex
	until time.Time // when the loop's current wait ends; zero while it is not waiting
}

// New returns a scheduler for db's timers and registers its wake-up with db.OnTimerSet.
// handlers maps each timer kind to its handler (store.DB.TimerHandlers).
func New(db *store.DB, handlers map[string]store.TimerHandler, opt Options) *Scheduler {
	s := &Scheduler{db: db, handlers: handlers, clock: opt.Clock, log: opt.Logger,
		maxWait: opt.MaxWait, batch: opt.Batch, busy: opt.Busy, wake: make(chan struct{}, 1)}
	if s.clock == nil {
		s.clock = db.Clock()
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.maxWait <= 0 {
		s.maxWait = time.Minute
	}
	if s.batch <= 0 {
		s.batch = 100
	}
	if s.busy <= 0 {
		s.busy = time.Second
	}
	db.OnTimerSet(s.timerSet)
	db.OnTimerFailed(func(t store.Timer, err error, retryAt time.Time) {
		s.log.Warn("timer failed; will retry", "kind", t.Kind, "ref", t.RefID, "attempts", t.Attempts+1,
			"retry_at", retryAt, "err", err)
	})
	return s
}

// Wake makes a running loop look for due timers now. It never blocks.
func (s *Scheduler) Wake() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// timerSet is the store's hook: a committed write set a timer for at. The loop is woken
// when that is before the end of its current wait, or when it is not waiting: then it is
// between reading the next due time and starting to wait, and may have read it before
// this write committed.
func (s *Scheduler) timerSet(at time.Time) {
	s.mu.Lock()
	wake := s.until.IsZero() || at.Before(s.until)
	s.mu.Unlock()
	if wake {
		s.Wake()
	}
}

// RunOnce fires every timer due now, batch after batch, and returns how many fired.
// It stops when none is due, or when a batch fired nothing (the due ones failed and were
// put back, or another instance is firing them).
func (s *Scheduler) RunOnce(ctx context.Context) (fired int, err error) {
	for {
		n, err := s.db.RunDueTimers(ctx, s.handlers, s.batch)
		fired += n
		if err != nil || n == 0 {
			return fired, err
		}
		at, ok, err := s.db.NextTimerAt(ctx)
		if err != nil || !ok || at.After(s.clock.Now()) {
			return fired, err
		}
	}
}

// next returns how long to wait before looking again.
func (s *Scheduler) next(ctx context.Context) (time.Duration, error) {
	at, ok, err := s.db.NextTimerAt(ctx)
	if err != nil {
		return 0, err
	}
	if !ok {
		return s.maxWait, nil
	}
	d := at.Sub(s.clock.Now())
	if d <= 0 {
		// Due, but RunOnce could not fire it: do not spin on it.
		return s.busy, nil
	}
	return min(d, s.maxWait), nil
}

// Run fires due timers until ctx ends. Database failures are logged and retried with a
// growing wait; they never end the loop.
func (s *Scheduler) Run(ctx context.Context) {
	failures := 0
	for {
		s.setUntil(time.Time{})
		fired, err := s.RunOnce(ctx)
		var wait time.Duration
		if err == nil {
			wait, err = s.next(ctx)
		}
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			failures++
			wait = s.busy << min(failures-1, 16)
			wait = min(wait, s.maxWait)
			s.log.Error("timers: database failure; retrying", "err", err, "retry_in", wait)
		} else {
			failures = 0
		}
		if fired > 0 {
			s.log.Debug("timers fired", "count", fired)
		}
		s.setUntil(s.clock.Now().Add(wait))
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-s.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

func (s *Scheduler) setUntil(t time.Time) {
	s.mu.Lock()
	s.until = t
	s.mu.Unlock()
}
