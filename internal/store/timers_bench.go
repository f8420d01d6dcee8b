package store

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// What the timer benchmarks (BenchmarkDueTimers, `shequ bench timers`) run on: the real
// table, the real RunDueTimers, and a kind whose handler keeps the table as it is.

// BenchTimerKind is the kind of the timers SeedBenchTimers writes.
const BenchTimerKind = "bench.timer"

// SeedBenchTimers fills the timers table with pending timers of BenchTimerKind in one
// INSERT … SELECT over a recursive row generator (the same SQL on both databases):
// the first due of them due already, the others spread over the year after the next
// hour, as a million open cases' deadlines would be.
func (db *DB) SeedBenchTimers(ctx context.Context, pending, due int) error {
	now := ms(db.now())
	_, err := db.w.ExecContext(ctx, db.dialect.rebind(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO timers (kind, ref_id, fire_at, created_at)
		SELECT ?, i, CASE WHEN i <= ? THEN CAST(? AS BIGINT) - i ELSE CAST(? AS BIGINT) + CAST(i AS BIGINT) * 31536 END, CAST(? AS BIGINT) FROM n`),
		pending, BenchTimerKind, due, now, now+time.Hour.Milliseconds(), now)
	if err != nil {
		return fmt.Errorf("seed timers: %w", err)
	}
	if db.dialect == Postgres {
		// The planner's statistics, as autovacuum would have them on a table that grew slowly.
		if _, err := db.w.ExecContext(ctx, `ANALYZE timers`); err != nil {
			return err
		}
	}
	return nil
}

// BenchTimerHandlers fires BenchTimerKind timers by setting each again, due at once: the
// table keeps its size and its number of due timers however long a benchmark runs, and
// each firing does one write, as a real handler does at least.
func BenchTimerHandlers() map[string]TimerHandler {
	return map[string]TimerHandler{
		BenchTimerKind: func(tx *Tx, t Timer) error { return tx.setTimer(t.Kind, t.RefID, tx.now) },
	}
}

// OpenScratch opens a new, empty, migrated database for a measurement, never touching
// anyone's data: a SQLite file in a new temporary directory when dsn is not a PostgreSQL
// URL, otherwise a new schema on dsn's server (the role needs CREATE on the database).
// drop closes it and removes everything it created.
func OpenScratch(ctx context.Context, dsn string, opt Options) (db *DB, drop func() error, err error) {
	if !strings.HasPrefix(dsn, "postgres://") && !strings.HasPrefix(dsn, "postgresql://") {
		dir, err := os.MkdirTemp("", "shequ-scratch-")
		if err != nil {
			return nil, nil, err
		}
		if db, err = Open(ctx, filepath.Join(dir, "scratch.db"), opt); err == nil {
			_, err = db.Migrate(ctx)
		}
		drop = func() error {
			if db != nil {
				db.Close()
			}
			return os.RemoveAll(dir)
		}
		if err != nil {
			drop()
			return nil, nil, err
		}
		return db, drop, nil
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, nil, err
	}
	schema := fmt.Sprintf("shequ_scratch_%d_%d", time.Now().UnixNano(), os.Getpid())
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return nil, nil, fmt.Errorf("create scratch schema: %w", err)
	}
	drop = func() error {
		if db != nil {
			db.Close()
		}
		defer admin.Close()
		_, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE")
		return err
	}
	opt.SearchPath = schema
	if db, err = Open(ctx, dsn, opt); err == nil {
		_, err = db.Migrate(ctx)
	}
	if err != nil {
		drop()
		return nil, nil, err
	}
	return db, drop, nil
}

// ClaimDueTimersForBench finds and claims up to n due timers as RunDueTimers does, then
// rolls back, firing none: the part of firing whose cost could grow with the number of
// pending timers. It returns how many it claimed.
func (db *DB) ClaimDueTimersForBench(ctx context.Context, n int) (int, error) {
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer sqlTx.Rollback()
	tx := &Tx{ctx: ctx, db: db, tx: sqlTx, now: db.now()}
	ts, err := tx.claimDueTimers(n)
	return len(ts), err
}
