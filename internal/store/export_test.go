package store

import "context"

// RetireRowForTest marks a register row retired directly, for tests of readers that
// must leave retired rows out before the registers' own retire operations exist.
func (db *DB) RetireRowForTest(ctx context.Context, table string, id int64) error {
	_, err := db.w.ExecContext(ctx, db.dialect.rebind(`UPDATE `+table+` SET retired_at = 1 WHERE id = ?`), id)
	return err
}
