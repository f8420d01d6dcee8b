package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
)

// Tx is a write transaction on behalf of a caller. Every write method appends its audit
// entry through Tx.audit, so the change and its record commit or vanish together.
type Tx struct {
	ctx context.Context
	db  *DB
	tx  *sql.Tx
	p   *account.Principal
	now time.Time
	// timerAt is the earliest time a timer was set for in this transaction (see setTimer),
	// told to the OnTimerSet hooks after commit.
	timerAt time.Time
	// timerSink is the transaction an asSystem copy tells the timers it sets to.
	timerSink *Tx
	// stmts keeps what the writes sharing this SQL transaction share (nil: nothing).
	stmts *txStmts
}

// txStmts is what the writes sharing one SQL transaction (a group commit, a batch) keep
// for each other:
//   - on SQLite, the statements prepared in it. SQLite parses a statement at every call
//     that is not prepared, and parsing is most of what a small statement costs, while
//     the writes run the same few dozen statements again and again. They are closed
//     with the transaction. PostgreSQL needs none: the driver keeps each connection's
//     prepared statements;
//   - the category tree, checked against the table once per transaction (see
//     Tx.categories) rather than at every step of every write;
//   - the audit chain's head (see Tx.audit) and the day's ticket counter (Tx.nextTicket),
//     read and locked at first use and written back once, before commit (Tx.flushHeads);
//   - the working calendar, the names of units and the reporters' phones of new cases;
//   - in a group commit, the rows its writes add that wait to be written together
//     (see appends); nil elsewhere.
type txStmts struct {
	mu      sync.Mutex
	m       map[string]*sql.Stmt // nil on PostgreSQL
	missed  []string             // queries prepared that the database does not keep yet
	tree    *cases.Tree
	heads   txHeads
	appends *appends
	// cal is the working calendar the transaction read (see Tx.calendar).
	cal *calendar.Calendar
	// units and nodes are the units and nodes read (Tx.unit, Tx.node).
	units map[int64]unitInfo
	nodes map[int64]nodeInfo
	// phones are the reporters' phones of the cases the transaction opened, so telling
	// a reporter about a step need not read and open the seal again.
	phones map[int64]string
	// conn is the connection a group commit's transaction runs on (see Tx.execAll).
	conn *sql.Conn
}

// txHeads is what the transaction keeps in memory of rows every write moves, written
// back once before it commits (Tx.flushHeads).
type txHeads struct {
	audit  auditHead
	ticket ticketHead
}

// auditHead is the audit chain's head as the transaction has moved it.
type auditHead struct {
	held  bool // read (and on PostgreSQL locked) in this transaction
	dirty bool // moved since, to be written back
	seq   int64
	hash  string
}

// ticketHead is a day's ticket counter as the transaction has moved it.
type ticketHead struct {
	held  bool // its row made sure of and locked in this transaction
	dirty bool
	day   string
	n     int64
}

// savedHead is the heads at a savepoint, to be restored when the transaction rolls back
// to it: the entries written since are gone, and so is a lock taken since.
func (t *Tx) savedHead() txHeads {
	if t.stmts == nil {
		return txHeads{}
	}
	return t.stmts.heads
}

// restoreHead puts back the heads saved at a savepoint rolled back to.
func (t *Tx) restoreHead(h txHeads) {
	if t.stmts != nil {
		t.stmts.heads = h
	}
}

// flushHeads writes the heads back that the transaction moved; every transaction that
// keeps a txStmts calls it (or flushAll) before committing.
func (t *Tx) flushHeads() error {
	return t.execAll(t.headWrites())
}

// headWrites are the statements writing back the heads the transaction moved, which
// then count as written.
func (t *Tx) headWrites() []queued {
	if t.stmts == nil {
		return nil
	}
	var out []queued
	if h := &t.stmts.heads.audit; h.dirty {
		out = append(out, queued{q: `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, args: []any{h.seq, h.hash}})
		h.dirty = false
	}
	if h := &t.stmts.heads.ticket; h.dirty {
		out = append(out, queued{q: `UPDATE ticket_counters SET n = ? WHERE day = ?`, args: []any{h.n, h.day}})
		h.dirty = false
	}
	return out
}

// maxTxStmts bounds the statements a transaction keeps (queries built with lists of
// placeholders differ by their lengths).
const maxTxStmts = 256

// newTxStmts returns the statement cache for a new transaction on db.
func (db *DB) newTxStmts() *txStmts {
	if db.dialect != SQLite {
		return &txStmts{}
	}
	return &txStmts{m: map[string]*sql.Stmt{}}
}

// keepStmts has the writer keep the statements a finished transaction prepared.
func (db *DB) keepStmts(s *txStmts) { db.stmts.keep(db.w, s.missed) }

// stmt returns the transaction's prepared statement for the rebound query q, or nil to
// run it unprepared.
func (t *Tx) stmt(q string) *sql.Stmt {
	c := t.stmts
	if c == nil || c.m == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[q]; ok {
		return st
	}
	if len(c.m) >= maxTxStmts {
		return nil
	}
	var st *sql.Stmt
	if kept := t.db.stmts.kept(q); kept != nil {
		st = t.tx.StmtContext(t.ctx, kept)
	} else {
		var err error
		if st, err = t.tx.PrepareContext(t.ctx, q); err != nil {
			return nil // run unprepared, which reports the error
		}
		c.missed = append(c.missed, q)
	}
	c.m[q] = st
	return st
}

// write runs fn in a transaction on the writer, committing when fn returns nil.
func (db *DB) write(ctx context.Context, p *account.Principal, fn func(tx *Tx) error) error {
	if p == nil {
		return errs.E(errs.Unauthenticated, "err.unauthenticated")
	}
	if outer := db.batchTx(ctx); outer != nil {
		return db.nested(ctx, outer, p, fn)
	}
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return mapErr(err, "entity.record")
	}
	tx := &Tx{ctx: ctx, db: db, tx: sqlTx, p: p, now: db.nowFor(ctx), stmts: db.newTxStmts()}
	defer db.keepStmts(tx.stmts)
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := tx.flushHeads(); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return mapErr(err, "entity.record")
	}
	db.timersCommitted(tx.timerAt)
	return nil
}

// appending is the transaction's waiting rows, or nil when it writes every row at once.
func (t *Tx) appending() *appends {
	if t.stmts == nil {
		return nil
	}
	return t.stmts.appends
}

// before writes the waiting rows a statement q may read or write, so that it sees them.
// A failure to write them is kept and fails the transaction at commit (flushAll),
// since the statement itself, a query of a single row perhaps, cannot report it.
func (t *Tx) before(q string) {
	if a := t.appending(); a != nil && a.err == nil && a.waiting(q) {
		a.err = t.execAll(a.flush())
	}
}

// flushAll writes every waiting row and the heads, together; a group commit calls it
// before it commits.
func (t *Tx) flushAll() error {
	var list []queued
	if a := t.appending(); a != nil {
		if a.err != nil {
			return a.err
		}
		list = a.flush()
	}
	return t.execAll(append(list, t.headWrites()...))
}

// appendRow adds a row of kind k: kept waiting in a group commit, written now elsewhere.
func (t *Tx) appendRow(k *appendKind, args ...any) error {
	if a := t.appending(); a != nil {
		a.write.add(k, args...)
		return nil
	}
	_, err := t.exec(k.statement(1), args...)
	return err
}

func (t *Tx) exec(q string, args ...any) (sql.Result, error) {
	q = t.db.dialect.rebind(q)
	t.before(q)
	t.forget(q)
	if st := t.stmt(q); st != nil {
		return st.ExecContext(t.ctx, args...)
	}
	return t.tx.ExecContext(t.ctx, q, args...)
}

func (t *Tx) queryRow(q string, args ...any) *sql.Row {
	q = t.db.dialect.rebind(q)
	t.before(q)
	if st := t.stmt(q); st != nil {
		return st.QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, q, args...)
}

func (t *Tx) query(q string, args ...any) (*sql.Rows, error) {
	q = t.db.dialect.rebind(q)
	t.before(q)
	if st := t.stmt(q); st != nil {
		return st.QueryContext(t.ctx, args...)
	}
	return t.tx.QueryContext(t.ctx, q, args...)
}

// insert runs an INSERT … RETURNING id and returns the new id.
func (t *Tx) insert(q string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(q+" RETURNING id", args...).Scan(&id)
	return id, err
}

// expectOne turns "no row changed" into a Conflict: the row was changed or removed by
// someone else since the caller read it (optimistic version check).
func expectOne(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return errs.E(errs.Conflict, "err.stale")
	}
	return nil
}

// Record is what a write tells the audit log.
type Record struct {
	Action   string
	Entity   string
	EntityID int64
	NodePath string
	Purpose  string
	Detail   any // marshalled to JSON; never pass secrets or plaintext personal data
}

// audit appends an entry to the chain inside the transaction. The transaction's first
// entry reads the head row and takes its lock (on PostgreSQL a row lock held to commit,
// on SQLite the single writer), so appends are strictly sequential and the chain cannot
// fork; the transaction then keeps the head in memory and writes it back once, before it
// commits (flushHeads): one statement per entry instead of three.
func (t *Tx) audit(r Record) error {
	var seq int64
	var prev string
	h := (*auditHead)(nil)
	if t.stmts != nil {
		h = &t.stmts.heads.audit
	}
	switch {
	case h == nil:
		if err := t.queryRow(`UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&seq, &prev); err != nil {
			return fmt.Errorf("audit head: %w", err)
		}
	default:
		if !h.held {
			q := `SELECT seq, hash FROM audit_head WHERE id = 1`
			if t.db.dialect == Postgres {
				q += ` FOR UPDATE`
			}
			if err := t.queryRow(q).Scan(&h.seq, &h.hash); err != nil {
				return fmt.Errorf("audit head: %w", err)
			}
			h.held = true
		}
		seq, prev = h.seq+1, h.hash
	}
	detail := ""
	if r.Detail != nil {
		b, err := json.Marshal(r.Detail)
		if err != nil {
			return fmt.Errorf("audit detail: %w", err)
		}
		detail = string(b)
	}
	e := &audit.Entry{
		Seq: seq, At: t.now.Truncate(time.Millisecond), ActorID: t.p.UserID, Actor: t.p.Label(), Role: string(t.p.Role),
		IP: t.p.IP, Action: r.Action, Entity: r.Entity, NodePath: r.NodePath, Purpose: r.Purpose,
		Detail: detail, PrevHash: prev,
	}
	if r.EntityID != 0 {
		e.EntityID = strconv.FormatInt(r.EntityID, 10)
	}
	e.Hash = audit.ComputeHash(e)
	if err := t.appendRow(appendAudit, e.Seq, e.At.UnixMilli(), e.ActorID, e.Actor, e.Role, e.IP, e.Action, e.Entity, e.EntityID, e.NodePath,
		e.Purpose, e.Detail, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit insert: %w", err)
	}
	if h != nil {
		h.seq, h.hash, h.dirty = seq, e.Hash, true
		return nil
	}
	if _, err := t.exec(`UPDATE audit_head SET hash = ? WHERE id = 1`, e.Hash); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	return nil
}

// Audit records an event that changes nothing else (a sign-in, a read of personal data)
// in its own transaction.
func (db *DB) Audit(ctx context.Context, p *account.Principal, r Record) error {
	return db.write(ctx, p, func(tx *Tx) error { return tx.audit(r) })
}

// ms converts a time to the stored Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// msPtr converts an optional time; nil stays NULL.
func msPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMilli()
}

// fromMS converts stored milliseconds back to a time in UTC.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// fromNullMS converts a nullable column.
func fromNullMS(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMS(v.Int64)
	return &t
}
