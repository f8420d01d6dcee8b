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
//     Tx.categories) rather than at every step of every write.
type txStmts struct {
	mu   sync.Mutex
	m    map[string]*sql.Stmt // nil on PostgreSQL
	tree *cases.Tree
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
	st, err := t.tx.PrepareContext(t.ctx, q)
	if err != nil {
		return nil // run unprepared, which reports the error
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
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return mapErr(err, "entity.record")
	}
	db.timersCommitted(tx.timerAt)
	return nil
}

func (t *Tx) exec(q string, args ...any) (sql.Result, error) {
	q = t.db.dialect.rebind(q)
	if st := t.stmt(q); st != nil {
		return st.ExecContext(t.ctx, args...)
	}
	return t.tx.ExecContext(t.ctx, q, args...)
}

func (t *Tx) queryRow(q string, args ...any) *sql.Row {
	q = t.db.dialect.rebind(q)
	if st := t.stmt(q); st != nil {
		return st.QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, q, args...)
}

func (t *Tx) query(q string, args ...any) (*sql.Rows, error) {
	q = t.db.dialect.rebind(q)
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

// audit appends an entry to the chain inside the transaction. Updating the head row first
// takes its lock (on PostgreSQL a row lock, on SQLite the single writer), so appends are
// strictly sequential and the chain cannot fork.
func (t *Tx) audit(r Record) error {
	var seq int64
	var prev string
	if err := t.queryRow(`UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash`).Scan(&seq, &prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
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
	if _, err := t.exec(`INSERT INTO audit_log (seq, at, actor_id, actor, role, ip, action, entity, entity_id, node_path, purpose, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.At.UnixMilli(), e.ActorID, e.Actor, e.Role, e.IP, e.Action, e.Entity, e.EntityID, e.NodePath,
		e.Purpose, e.Detail, e.PrevHash, e.Hash); err != nil {
		return fmt.Errorf("audit insert: %w", err)
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
