package store

import (
	"context"
	"database/sql"

	"github.com/shequ-dev/shequ/internal/account"
)

// batchKey marks a context whose store calls run inside one transaction (see Batch).
type batchKey struct{}

// Batch runs fn with a context in which every call of this store, read or write, runs
// in one transaction, committed when fn returns nil and rolled back otherwise. Each write
// inside keeps its own checks and audit entry, in a savepoint, so a write that fails
// leaves the others standing, as it would outside a batch. Seeding many records at once
// (the demo district) goes about fifty times faster so, since it pays for one commit
// instead of one per record.
//
// Nothing else may use the database from fn's goroutine but through ctx: on SQLite the
// batch holds the only writer connection.
func (db *DB) Batch(ctx context.Context, p *account.Principal, fn func(ctx context.Context) error) error {
	return db.write(ctx, p, func(tx *Tx) error {
		return fn(context.WithValue(ctx, batchKey{}, tx))
	})
}

// batchTx returns the transaction of the batch ctx belongs to, or nil.
func (db *DB) batchTx(ctx context.Context) *Tx {
	if t, ok := ctx.Value(batchKey{}).(*Tx); ok && t.db == db {
		return t
	}
	return nil
}

// nested runs fn as a write inside the batch transaction outer, in a savepoint.
func (db *DB) nested(ctx context.Context, outer *Tx, p *account.Principal, fn func(tx *Tx) error) error {
	if _, err := outer.exec(`SAVEPOINT batch_write`); err != nil {
		return mapErr(err, "entity.record")
	}
	tx := &Tx{ctx: ctx, db: db, tx: outer.tx, p: p, now: db.nowFor(ctx), stmts: outer.stmts}
	saved := tx.savedHead()
	if err := fn(tx); err != nil {
		if _, rerr := outer.exec(`ROLLBACK TO SAVEPOINT batch_write`); rerr != nil {
			return mapErr(rerr, "entity.record")
		}
		tx.restoreHead(saved)
		outer.exec(`RELEASE SAVEPOINT batch_write`)
		return err
	}
	if _, err := outer.exec(`RELEASE SAVEPOINT batch_write`); err != nil {
		return mapErr(err, "entity.record")
	}
	outer.noteTimer(tx.timerAt)
	return nil
}

// readTx is the transaction reads of ctx go through: the batch's, or nil for the reader
// pool.
func (db *DB) readTx(ctx context.Context) *sql.Tx {
	if t := db.batchTx(ctx); t != nil {
		return t.tx
	}
	return nil
}
