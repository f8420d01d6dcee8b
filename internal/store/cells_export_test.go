package store

import "context"

// ForgetCellsForTest clears every case's cell, as in a database written before cases
// kept them.
func (db *DB) ForgetCellsForTest(ctx context.Context) error {
	_, err := db.w.ExecContext(ctx, `UPDATE cases SET cell = NULL`)
	return err
}
