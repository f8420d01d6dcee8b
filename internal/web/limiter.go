package web

import (
	"sync"
	"time"

	"github.com/shequ-dev/shequ/internal/clock"
)

// limiter bounds attempts per key (a client address) in a sliding window. It guards
// sign-in and SMS endpoints against guessing from one place; per-account lock-out in
// the database guards against guessing from many.
type limiter struct {
	mu     sync.Mutex
	max    int
	window time.Duration
	clock  clock.Clock
	hits   map[string][]time.Time
}

func newLimiter(max int, window time.Duration, c clock.Clock) *limiter {
	return &limiter{max: max, window: window, clock: c, hits: map[string][]time.Time{}}
}

// allow records an attempt for key and reports whether it is within the limit.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	cut := now.Add(-l.window)
	hs := l.hits[key]
	i := 0
	for i < len(hs) && hs[i].Before(cut) {
		i++
	}
	hs = hs[i:]
	if len(hs) >= l.max {
		l.hits[key] = hs
		return false
	}
	l.hits[key] = append(hs, now)
	if len(l.hits) > 100000 { // forget everyone rather than grow without bound
		l.hits = map[string][]time.Time{key: l.hits[key]}
	}
	return true
}
