package store

import (
	"context"
	"sync"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
)

// maxGroup bounds the writes that share one transaction.
const maxGroup = 256

// groupWrite is one write waiting for a shared transaction.
type groupWrite struct {
	ctx  context.Context
	p    *account.Principal
	fn   func(tx *Tx) error
	done chan error
}

// committer groups concurrent writes into shared transactions (group commit). The first
// writer to arrive while none is running becomes the leader: it takes every write queued
// so far, runs each in its own savepoint of one transaction, commits once and hands each
// writer its own result; then it takes what queued meanwhile, until the queue is empty.
// A write is answered only after the commit that holds it, so it is as durable as a
// write of its own, while the commit's cost (an fsync on both databases) is shared.
type committer struct {
	mu      sync.Mutex
	queue   []*groupWrite
	leading bool
}

// grouped runs fn like write, but in a transaction shared with concurrent grouped writes.
// A write that fails rolls back to its savepoint and leaves the others standing.
func (db *DB) grouped(ctx context.Context, p *account.Principal, fn func(tx *Tx) error) error {
	if p == nil {
		return errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	if db.batchTx(ctx) != nil {
		return db.write(ctx, p, fn)
	}
	g := &groupWrite{ctx: ctx, p: p, fn: fn, done: make(chan error, 1)}
	c := &db.group
	c.mu.Lock()
	c.queue = append(c.queue, g)
	lead := !c.leading
	c.leading = true
	c.mu.Unlock()
	if lead {
		db.leadGroups(context.WithoutCancel(ctx))
	}
	select {
	case err := <-g.done:
		return err
	case <-ctx.Done():
		// The write may still commit with its group; the caller has gone.
		return mapErr(ctx.Err(), "entity.record")
	}
}

// leadGroups commits queued writes group after group until none is left.
func (db *DB) leadGroups(ctx context.Context) {
	c := &db.group
	for {
		c.mu.Lock()
		n := min(len(c.queue), maxGroup)
		if n == 0 {
			c.leading = false
			c.mu.Unlock()
			return
		}
		batch := c.queue[:n:n]
		c.queue = c.queue[n:]
		c.mu.Unlock()
		db.commitGroup(ctx, batch)
	}
}

// commitGroup runs one group's writes in one transaction and answers each.
func (db *DB) commitGroup(ctx context.Context, batch []*groupWrite) {
	results := make([]error, len(batch))
	fail := func(err error) {
		for _, g := range batch {
			g.done <- err
		}
	}
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		fail(mapErr(err, "entity.record"))
		return
	}
	stmts := db.newTxStmts()
	stmts.appends = &appends{}
	// head writes the heads and the waiting rows; timerAt is the earliest timer the
	// committed writes set.
	head := &Tx{ctx: ctx, db: db, tx: sqlTx, stmts: stmts}
	var timerAt time.Time
	// Each write runs in the savepoint group_write. After a write that failed and rolled
	// back to it, the savepoint stands for the next; after one that succeeded it is
	// released and set again in the same round trip.
	next := `SAVEPOINT group_write`
	for i, g := range batch {
		if g.ctx.Err() != nil {
			results[i] = mapErr(g.ctx.Err(), "entity.record")
			continue
		}
		if next != "" {
			if _, err := sqlTx.ExecContext(ctx, next); err != nil {
				sqlTx.Rollback()
				fail(mapErr(err, "entity.record"))
				return
			}
		}
		tx := &Tx{ctx: g.ctx, db: db, tx: sqlTx, p: g.p, now: db.nowFor(g.ctx), stmts: stmts}
		saved := tx.savedHead()
		stmts.appends.beginWrite()
		results[i] = g.fn(tx)
		if stmts.appends.err != nil {
			sqlTx.Rollback()
			fail(mapErr(stmts.appends.err, "entity.record"))
			return
		}
		if results[i] != nil {
			if _, err := sqlTx.ExecContext(ctx, `ROLLBACK TO SAVEPOINT group_write`); err != nil {
				sqlTx.Rollback()
				fail(mapErr(err, "entity.record"))
				return
			}
			tx.restoreHead(saved)
			stmts.appends.endWrite(false)
			next = ""
			continue
		}
		stmts.appends.endWrite(true)
		if !tx.timerAt.IsZero() && (timerAt.IsZero() || tx.timerAt.Before(timerAt)) {
			timerAt = tx.timerAt
		}
		next = `RELEASE SAVEPOINT group_write; SAVEPOINT group_write`
	}
	if err := head.flushAppends(); err != nil {
		sqlTx.Rollback()
		fail(mapErr(err, "entity.record"))
		return
	}
	if err := head.flushHeads(); err != nil {
		sqlTx.Rollback()
		fail(mapErr(err, "entity.record"))
		return
	}
	if err := sqlTx.Commit(); err != nil {
		fail(mapErr(err, "entity.record"))
		return
	}
	db.timersCommitted(timerAt)
	for i, g := range batch {
		g.done <- results[i]
	}
}
