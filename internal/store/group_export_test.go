package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
)

// CommitGroupForTest commits writes as one group, in order, and returns each one's
// result. A write gets a function appending an audit entry of the given action.
func (db *DB) CommitGroupForTest(ctx context.Context, p *account.Principal, writes []func(audit func(action string) error) error) []error {
	batch := make([]*groupWrite, len(writes))
	for i, w := range writes {
		batch[i] = &groupWrite{ctx: ctx, p: p, done: make(chan error, 1), fn: func(tx *Tx) error {
			return w(func(action string) error { return tx.audit(Record{Action: action, Entity: "test"}) })
		}}
	}
	db.commitGroup(ctx, batch)
	out := make([]error, len(batch))
	for i, g := range batch {
		out[i] = <-g.done
	}
	return out
}

// AuditInBatchForTest appends an audit entry of action through the batch ctx belongs to
// (or a transaction of its own), then fails with fail if it is not nil.
func (db *DB) AuditInBatchForTest(ctx context.Context, p *account.Principal, action string, fail error) error {
	return db.write(ctx, p, func(tx *Tx) error {
		if err := tx.audit(Record{Action: action, Entity: "test"}); err != nil {
			return err
		}
		return fail
	})
}
