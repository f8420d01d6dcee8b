package store

import (
	"context"
	"database/sql"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
)

// rowScanner is what the scan functions read from: *sql.Row or *sql.Rows.
type rowScanner interface{ Scan(...any) error }

// placedRow is a register row that knows the path of its grid.
type placedRow interface{ nodePath() string }

// rowInScope reads the register row q (a SELECT … WHERE id = ?) finds for id, for a
// caller with register.view whose scope holds it; to anyone else it does not exist.
func rowInScope[R placedRow](ctx context.Context, db *DB, p *account.Principal, entity string, scan func(rowScanner) (R, error), q string, id int64) (R, error) {
	var none R
	r, err := scan(db.queryRow(ctx, q, id))
	if err != nil {
		return none, mapErr(err, entity)
	}
	if !p.Can(account.RegisterView) || !p.InScope(r.nodePath()) {
		return none, errs.NotFoundf(entity)
	}
	return r, nil
}

// queryList runs a read query and scans every row with scan. Driver errors become
// domain errors about entity (a catalogue key such as "entity.node").
func queryList[T any](ctx context.Context, db *DB, entity string, scan func(rowScanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := db.query(ctx, q, args...)
	return collect(rows, err, entity, scan)
}

// txList is queryList inside a write transaction.
func txList[T any](t *Tx, entity string, scan func(rowScanner) (T, error), q string, args ...any) ([]T, error) {
	rows, err := t.query(q, args...)
	return collect(rows, err, entity, scan)
}

// collect scans the rows of a query that returned (rows, err), closing them.
func collect[T any](rows *sql.Rows, err error, entity string, scan func(rowScanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, mapErr(err, entity)
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, mapErr(err, entity)
		}
		out = append(out, v)
	}
	return out, mapErr(rows.Err(), entity)
}

// queryCounts runs a query of (key, count) rows, such as a GROUP BY, into a map.
func queryCounts[K comparable](ctx context.Context, db *DB, entity, q string, args ...any) (map[K]int, error) {
	rows, err := db.query(ctx, q, args...)
	if err != nil {
		return nil, mapErr(err, entity)
	}
	defer rows.Close()
	out := map[K]int{}
	for rows.Next() {
		var k K
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, mapErr(err, entity)
		}
		out[k] = n
	}
	return out, mapErr(rows.Err(), entity)
}
