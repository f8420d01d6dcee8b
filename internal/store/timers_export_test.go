package store

import (
	"context"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
)

// The timer writes, for tests of the timer machinery itself.

func (db *DB) CancelTimerForTest(ctx context.Context, kind string, refID int64) error {
	return db.write(ctx, account.SystemPrincipal("test"), func(tx *Tx) error { return tx.cancelTimer(kind, refID) })
}

func (db *DB) CancelTimersForTest(ctx context.Context, refID int64, kinds ...string) error {
	return db.write(ctx, account.SystemPrincipal("test"), func(tx *Tx) error { return tx.cancelTimers(refID, kinds...) })
}

// WriteForTest runs fn in a write transaction.
func (db *DB) WriteForTest(ctx context.Context, fn func(tx *Tx) error) error {
	return db.write(ctx, account.SystemPrincipal("test"), fn)
}

func (t *Tx) SetTimerForTest(kind string, refID int64, at time.Time) error {
	return t.setTimer(kind, refID, at)
}

func (t *Tx) NowForTest() time.Time { return t.now }

func (t *Tx) PrincipalForTest() *account.Principal { return t.p }

var TimerBackoff = timerBackoff

// SetTimerGroup changes how many timers one transaction fires, until the returned
// function restores it.
func SetTimerGroup(n int) (restore func()) {
	old := timerGroup
	timerGroup = n
	return func() { timerGroup = old }
}

// ExecForTest runs a statement in the transaction.
func (t *Tx) ExecForTest(q string) error {
	_, err := t.exec(q)
	return err
}
