package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres says that PostgreSQL databases are backed up with pg_dump.
var ErrBackupPostgres = errors.New("backup of a PostgreSQL database: use pg_dump (see the README)")

// Backup writes a consistent copy of the SQLite database to path while the server keeps
// serving: VACUUM INTO reads one snapshot inside a read transaction, so writers are not
// blocked and the copy is compact. The file must not exist yet.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect != SQLite {
		return ErrBackupPostgres
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("%s already exists; choose a new file name", path)
	}
	// A connection of its own: the readers are query-only, and borrowing the single writer
	// would hold up every write for the length of the copy.
	conn, err := sql.Open("sqlite", "file:"+db.path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("backup to %s: %w", path, err)
	}
	return nil
}

// IsEmpty reports whether the database holds no places and no accounts yet (a fresh
// install, where the demo district may be seeded).
func (db *DB) IsEmpty(ctx context.Context) (bool, error) {
	var n int
	if err := db.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM nodes) + (SELECT COUNT(*) FROM users)`).Scan(&n); err != nil {
		return false, mapErr(err, "entity.record")
	}
	return n == 0, nil
}
