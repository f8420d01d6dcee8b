package store

import (
	"database/sql/driver"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// execAll runs the statements in order in the transaction. On PostgreSQL, in a group
// commit, they are sent together in one round trip (a pipeline) instead of one round
// trip each: a group's closing writes are a dozen statements, and the round trips were
// most of what they cost. Elsewhere (SQLite, which runs in the process, and transactions
// without a connection of their own) they run one after the other.
func (t *Tx) execAll(list []queued) error {
	if len(list) == 0 {
		return nil
	}
	if t.db.dialect != Postgres || t.stmts == nil || t.stmts.conn == nil || len(list) == 1 {
		for _, s := range list {
			q := t.db.dialect.rebind(s.q)
			var err error
			if st := t.stmt(q); st != nil {
				_, err = st.ExecContext(t.ctx, s.args...)
			} else {
				_, err = t.tx.ExecContext(t.ctx, q, s.args...)
			}
			if err != nil {
				return fmt.Errorf("%.60s: %w", s.q, err)
			}
		}
		return nil
	}
	return t.stmts.conn.Raw(func(dc any) error {
		conn, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("pipeline: driver connection is %T", dc)
		}
		b := &pgx.Batch{}
		for _, s := range list {
			args := make([]any, len(s.args))
			for i, a := range s.args {
				v, err := driver.DefaultParameterConverter.ConvertValue(a)
				if err != nil {
					return fmt.Errorf("pipeline: argument %d of %.60s: %w", i, s.q, err)
				}
				args[i] = v
			}
			b.Queue(t.db.dialect.rebind(s.q), args...)
		}
		res := conn.Conn().SendBatch(t.ctx, b)
		for _, s := range list {
			if _, err := res.Exec(); err != nil {
				res.Close()
				return fmt.Errorf("%.60s: %w", s.q, err)
			}
		}
		return res.Close()
	})
}
