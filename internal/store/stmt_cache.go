package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps the statements prepared on SQLite's writer for as long as the
// database is open, so that a transaction does not parse again what the one before
// parsed: each transaction binds them to itself (sql.Tx.StmtContext), which reuses the
// writer connection's prepared statement. PostgreSQL needs none: pgx keeps its own per
// connection.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// maxCachedStmts bounds the statements kept: queries built with lists of placeholders
// differ by their lengths, and past the bound the rarer ones are prepared by each
// transaction that runs them.
const maxCachedStmts = 1024

// kept returns the writer's statement for the rebound query q, or nil when it has not
// been prepared yet.
func (c *stmtCache) kept(q string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[q]
}

// keep prepares on the writer the queries a transaction ran that were not kept yet. It
// runs after the transaction, when the writer's connection is free again (SQLite's
// writer has just the one), and without the lock, which a transaction holding the
// connection may be waiting for.
func (c *stmtCache) keep(w *sql.DB, qs []string) {
	for _, q := range qs {
		c.mu.Lock()
		_, ok := c.m[q]
		full := len(c.m) >= maxCachedStmts
		c.mu.Unlock()
		if ok || full {
			continue
		}
		st, err := w.PrepareContext(context.Background(), q)
		if err != nil {
			continue // the transaction that ran it saw the error
		}
		c.mu.Lock()
		if _, ok := c.m[q]; ok {
			st.Close()
		} else {
			if c.m == nil {
				c.m = map[string]*sql.Stmt{}
			}
			c.m[q] = st
		}
		c.mu.Unlock()
	}
}
