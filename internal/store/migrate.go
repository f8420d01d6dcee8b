package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Migration is one numbered schema change.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations returns the embedded migrations in order.
func Migrations() ([]Migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, f := range files {
		name := strings.TrimPrefix(f, "migrations/")
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number and '_'", name)
		}
		b, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i := 1; i < len(ms); i++ {
		if ms[i].Version == ms[i-1].Version {
			return nil, fmt.Errorf("two migrations numbered %d", ms[i].Version)
		}
	}
	return ms, nil
}

// Migrate applies every migration not yet applied, each in its own transaction, and
// returns the names of those it applied.
func (db *DB) Migrate(ctx context.Context) ([]string, error) {
	applied, err := db.migrate(ctx)
	if err != nil {
		return applied, err
	}
	// After the migration connection is back in the pool: the writer has only one.
	if err := db.backfillKeys(ctx); err != nil {
		return applied, fmt.Errorf("natural keys: %w", err)
	}
	if err := db.seedIndicators(ctx); err != nil {
		return applied, fmt.Errorf("indicators: %w", err)
	}
	if err := db.backfillCells(ctx); err != nil {
		return applied, fmt.Errorf("case cells: %w", err)
	}
	// The rollups of the counters kept so far first: counting old cases' facts below adds
	// to both.
	if err := db.backfillRollups(ctx); err != nil {
		return applied, fmt.Errorf("counter rollups: %w", err)
	}
	if err := db.backfillFacts(ctx); err != nil {
		return applied, fmt.Errorf("case facts: %w", err)
	}
	return applied, nil
}

func (db *DB) migrate(ctx context.Context) ([]string, error) {
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if db.dialect == Postgres {
		// Instances starting together take turns: the first migrates, the others then
		// find nothing left to do.
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(726173)`); err != nil {
			return nil, fmt.Errorf("migration lock: %w", err)
		}
		defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock(726173)`)
	}
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	var applied []string
	for _, m := range ms {
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return applied, err
		}
		var n int
		if err := tx.QueryRowContext(ctx, db.dialect.rebind(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`), m.Version).Scan(&n); err != nil {
			tx.Rollback()
			return applied, err
		}
		if n > 0 {
			tx.Rollback()
			continue
		}
		if _, err := tx.ExecContext(ctx, db.dialect.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
			m.Version, m.Name, db.now().UnixMilli()); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.ExecContext(ctx, db.dialect.expand(m.SQL)); err != nil {
			tx.Rollback()
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if err := tx.Commit(); err != nil {
			return applied, fmt.Errorf("migration %s: %w", m.Name, err)
		}
		applied = append(applied, m.Name)
	}
	return applied, nil
}

// Pending returns how many embedded migrations are not applied yet (for /readyz).
func (db *DB) Pending(ctx context.Context) (int, error) {
	ms, err := Migrations()
	if err != nil {
		return 0, err
	}
	var n int
	if err := db.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		return len(ms), nil
	}
	return len(ms) - n, nil
}
