package store

import (
	"context"
	"sync"
	"sync/atomic"
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
	// report is set for a plain report, which the group may open together with others
	// (reportAll) instead of running fn.
	report *batchedReport
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
	// together counts the reports opened by openReports, a group's plain reports
	// together (even a group of one: it reads less than a report on its own).
	together atomic.Int64
}

// grouped runs fn like write, but in a transaction shared with concurrent grouped writes.
// A write that fails rolls back to its savepoint and leaves the others standing.
func (db *DB) grouped(ctx context.Context, p *account.Principal, fn func(tx *Tx) error) error {
	return db.groupedWrite(ctx, &groupWrite{ctx: ctx, p: p, fn: fn})
}

// groupedWrite queues g for the next group and waits for its result.
func (db *DB) groupedWrite(ctx context.Context, g *groupWrite) error {
	if g.p == nil {
		return errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	if db.batchTx(ctx) != nil {
		return db.write(ctx, g.p, g.fn)
	}
	g.done = make(chan error, 1)
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
	stmts := db.newTxStmts()
	defer db.keepStmts(stmts) // after the connection is back: deferred calls run last first
	// The transaction runs on a connection of its own, so that its closing statements
	// can be sent together (Tx.execAll).
	conn, err := db.w.Conn(ctx)
	if err != nil {
		fail(mapErr(err, "entity.record"))
		return
	}
	defer conn.Close()
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		fail(mapErr(err, "entity.record"))
		return
	}
	stmts.appends = &appends{}
	stmts.conn = conn
	// head writes the heads and the waiting rows; timerAt is the earliest timer the
	// committed writes set.
	head := &Tx{ctx: ctx, db: db, tx: sqlTx, stmts: stmts}
	var timerAt time.Time
	// Each write runs in the savepoint group_write. After a write that failed and rolled
	// back to it, the savepoint stands for the next; after one that succeeded it is
	// released and set again in the same round trip.
	next := `SAVEPOINT group_write`
	if reports := plainReports(batch); len(reports) > 0 {
		if _, err := sqlTx.ExecContext(ctx, next); err != nil {
			sqlTx.Rollback()
			fail(mapErr(err, "entity.record"))
			return
		}
		next = db.openReports(head, reports)
		timerAt = head.timerAt
	}
	for i, g := range batch {
		if g.report != nil && g.report.done {
			results[i] = g.report.err
			continue
		}
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
	if err := head.flushAll(); err != nil {
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

// plainReports are the reports of batch that may be opened together.
func plainReports(batch []*groupWrite) []*batchedReport {
	var out []*batchedReport
	for _, g := range batch {
		if g.report != nil && g.ctx.Err() == nil {
			out = append(out, g.report)
		}
	}
	return out
}

// openReports opens the reports together in the savepoint group_write, set by the
// caller; it returns the statement that readies the savepoint for the next write. When
// that fails the reports are left to go one by one, as if never tried.
func (db *DB) openReports(head *Tx, reports []*batchedReport) (next string) {
	stmts := head.stmts
	saved := head.savedHead()
	stmts.appends.beginWrite()
	err := head.reportAll(reports)
	if err == nil && stmts.appends.err == nil {
		stmts.appends.endWrite(true)
		for _, b := range reports {
			b.done = !b.alone
			if b.out != nil {
				db.group.together.Add(1)
			}
		}
		return `RELEASE SAVEPOINT group_write; SAVEPOINT group_write`
	}
	stmts.appends.err = nil
	if _, rerr := head.tx.ExecContext(head.ctx, `ROLLBACK TO SAVEPOINT group_write`); rerr != nil {
		stmts.appends.err = rerr // fails the group at the next write
	}
	head.restoreHead(saved)
	head.timerAt = time.Time{}
	stmts.appends.endWrite(false)
	for _, b := range reports {
		b.out, b.err, b.alone, b.o = nil, nil, false, nil
	}
	return ""
}
