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

// allow records an attempt for key and reports whether it was within the limit.
func (l *limiter) allow(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.fullLocked(key) {
		return false
	}
	l.addLocked(key)
	return true
}

// blocked reports whether key has used up its attempts, without recording one.
func (l *limiter) blocked(key string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fullLocked(key)
}

// add records an attempt for key (a failed one, where only failures count).
func (l *limiter) add(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.addLocked(key)
}

// fullLocked forgets key's attempts older than the window and reports whether the rest
// reach the limit.
func (l *limiter) fullLocked(key string) bool {
	cut := l.clock.Now().Add(-l.window)
	hs := l.hits[key]
	i := 0
	for i < len(hs) && hs[i].Before(cut) {
		i++
	}
	if i == len(hs) {
		delete(l.hits, key)
		return false
	}
	l.hits[key] = hs[i:]
	return len(hs)-i >= l.max
}

func (l *limiter) addLocked(key string) {
	if len(l.hits) >= 100000 { // forget everyone rather than grow without bound
		l.hits = map[string][]time.Time{}
	}
	l.hits[key] = append(l.hits[key], l.clock.Now())
}
