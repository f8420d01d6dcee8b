package store

import (
	"context"
	"database/sql"

	"github.com/shequ-dev/shequ/internal/register"
)

// backfillKeys computes the natural key (nkey) of the buildings and houses that have
// none: rows stored before migration 0006, or by a writer that did not set it. The key
// folds text the way register/keys.go does, which SQL cannot, so this runs in Go, after
// migrating and before every import. A row whose key another row already holds (two
// houses entered as "2单元 501" and "2 501") keeps NULL: an import then inserts
// beside it instead of guessing which one is meant. The key is derived from columns
// already audited when written, so filling it in is not itself audited.
func (db *DB) backfillKeys(ctx context.Context) error {
	if err := db.backfill(ctx, `SELECT id, node_id, name FROM buildings WHERE nkey IS NULL AND id > ? ORDER BY id LIMIT 1000`,
		fillKey("buildings"), func(rows *sql.Rows) (int64, []any, error) {
			var id, node int64
			var name string
			err := rows.Scan(&id, &node, &name)
			return id, keyArgs(id, register.BuildingKey(node, name)), err
		}); err != nil {
		return err
	}
	return db.backfill(ctx, `SELECT id, building_id, unit, floor, room FROM houses WHERE nkey IS NULL AND id > ? ORDER BY id LIMIT 1000`,
		fillKey("houses"), func(rows *sql.Rows) (int64, []any, error) {
			var id, building int64
			var unit, room string
			var floor int
			err := rows.Scan(&id, &building, &unit, &floor, &room)
			return id, keyArgs(id, register.HouseKey(building, unit, floor, room)), err
		})
}

// backfill fills in a derived column row by row: q selects, 1,000 at a time after the
// id it is given, the rows lacking it; scan reads one and returns its id and the
// arguments of update for it (none to leave the row as it is). Each batch is one
// transaction.
func (db *DB) backfill(ctx context.Context, q, update string, scan func(*sql.Rows) (int64, []any, error)) error {
	type fill struct {
		id   int64
		args []any
	}
	var after int64
	for {
		rows, err := db.w.QueryContext(ctx, db.dialect.rebind(q), after)
		if err != nil {
			return mapErr(err, "entity.record")
		}
		var batch []fill
		for rows.Next() {
			id, args, err := scan(rows)
			if err != nil {
				rows.Close()
				return mapErr(err, "entity.record")
			}
			batch = append(batch, fill{id, args})
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return mapErr(err, "entity.record")
		}
		if len(batch) == 0 {
			return nil
		}
		tx, err := db.w.BeginTx(ctx, nil)
		if err != nil {
			return mapErr(err, "entity.record")
		}
		for _, f := range batch {
			after = f.id
			if f.args == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, db.dialect.rebind(update), f.args...); err != nil {
				tx.Rollback()
				return mapErr(err, "entity.record")
			}
		}
		if err := tx.Commit(); err != nil {
			return mapErr(err, "entity.record")
		}
	}
}

// fillKey is backfill's update of a natural key in table, unless another row holds it.
func fillKey(table string) string {
	return `UPDATE ` + table + ` SET nkey = ? WHERE id = ? AND NOT EXISTS (SELECT 1 FROM ` + table + ` o WHERE o.nkey = ?)`
}

// keyArgs are fillKey's arguments for the row id, or none when it has no key.
func keyArgs(id int64, key string) []any {
	if key == "" {
		return nil
	}
	return []any{key, id, key}
}

// nullKey stores an empty natural key as NULL, which the unique index allows many times.
func nullKey(k string) any {
	if k == "" {
		return nil
	}
	return k
}
