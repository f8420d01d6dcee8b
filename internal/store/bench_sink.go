package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// benchSink bulk-loads the benchmark district's rows: on SQLite through one prepared
// multi-row INSERT per table, reused (parsing a statement of a thousand rows cost as
// much as running it), in transactions of many batches; on PostgreSQL by COPY, which
// is several times faster than INSERT there.
type benchSink struct {
	ctx   context.Context
	db    *DB
	conn  *sql.Conn
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
	rows  int // written in the open transaction
}

// benchBatch is the rows of one statement or one COPY.
const benchBatch = 500

func (db *DB) newBenchSink(ctx context.Context) (*benchSink, error) {
	s := &benchSink{ctx: ctx, db: db, stmts: map[string]*sql.Stmt{}}
	var err error
	if db.dialect == Postgres {
		s.conn, err = db.w.Conn(ctx)
	}
	return s, err
}

// write stores rows of the columns into the table.
func (s *benchSink) write(table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if s.conn != nil {
		return s.conn.Raw(func(dc any) error {
			conn, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("bench copy: driver connection is %T", dc)
			}
			_, err := conn.Conn().CopyFrom(s.ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
			return err
		})
	}
	if s.tx == nil {
		tx, err := s.db.w.BeginTx(s.ctx, nil)
		if err != nil {
			return err
		}
		s.tx = tx
	}
	for len(rows) > 0 {
		k := min(len(rows), benchBatch)
		q := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES ` +
			strings.TrimSuffix(strings.Repeat("("+strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")+"), ", k), ", ")
		args := make([]any, 0, k*len(cols))
		for _, r := range rows[:k] {
			args = append(args, r...)
		}
		var err error
		if k == benchBatch {
			st := s.stmts[table]
			if st == nil {
				if st, err = s.tx.PrepareContext(s.ctx, q); err != nil {
					return err
				}
				s.stmts[table] = st
			}
			_, err = st.ExecContext(s.ctx, args...)
		} else {
			_, err = s.tx.ExecContext(s.ctx, q, args...)
		}
		if err != nil {
			return fmt.Errorf("bench %s: %w", table, err)
		}
		rows = rows[k:]
		s.rows += k
	}
	if s.rows >= 200_000 { // one commit, one sync, per many rows
		return s.commit()
	}
	return nil
}

func (s *benchSink) commit() error {
	if s.tx == nil {
		return nil
	}
	for _, st := range s.stmts {
		st.Close()
	}
	clear(s.stmts)
	err := s.tx.Commit()
	s.tx, s.rows = nil, 0
	return err
}

// close commits what is written and lets the connection go.
func (s *benchSink) close() error {
	err := s.commit()
	if s.conn != nil {
		if cerr := s.conn.Close(); err == nil {
			err = cerr
		}
	}
	return err
}
