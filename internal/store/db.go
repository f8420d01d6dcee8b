// Package store is shequ's storage adapter: one set of SQL for the embedded SQLite
// database and for PostgreSQL, with the few dialect differences kept in dialect.go.
// Every query that returns people, houses or cases is filtered by the caller's scope
// here, where the data is read, and every write appends to the audit chain in the same
// transaction.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/clock"
	"github.com/shequ-dev/shequ/internal/secret"
)

// DB is the database: a writer and a pool of readers. On SQLite the writer is a single
// connection (SQLite allows one writer at a time; queueing in Go is cheaper than
// SQLITE_BUSY retries) and readers share a WAL snapshot pool. On PostgreSQL both are the
// same pool.
type DB struct {
	dialect    Dialect
	w, r       *sql.DB
	clock      clock.Clock
	keys       *secret.Keys
	policy     cases.Policy
	group      committer // group commit of concurrent intakes and steps
	locator    locator   // the spatial index of the boundaries
	path       string    // SQLite file, for backups
	cal        calendarCache
	categories categoryCache  // the category tree, see categories.go
	indicators indicatorCache // the indicator definitions, see indicator_defs.go
	timers     timerHooks
	stmts      stmtCache  // SQLite's writer statements, see stmt_cache.go
	rootLevels rootLevels // the levels of the tree's roots, see fact_rollups.go
}

// Options configure Open.
type Options struct {
	Clock clock.Clock  // defaults to the wall clock
	Keys  *secret.Keys // encrypts personal data; required for personal-data operations
	// ReadConns bounds the SQLite read pool (default: 2 × CPUs, at least 4).
	ReadConns int
	// SearchPath selects a PostgreSQL schema (tests use one schema per test).
	SearchPath string
	// CrashSafeOnly lets the SQLite writer skip the sync at each commit
	// (synchronous=NORMAL): a commit survives a crash of the process but not a power cut.
	// Tests use it, since a test database outlives no power cut; servers never do.
	CrashSafeOnly bool
}

// Open connects to dsn: a postgres:// or postgresql:// URL selects PostgreSQL; anything
// else is a SQLite file path (optionally prefixed with "sqlite:" or "file:").
func Open(ctx context.Context, dsn string, opt Options) (*DB, error) {
	if opt.Clock == nil {
		opt.Clock = clock.Real{}
	}
	db := &DB{clock: opt.Clock, keys: opt.Keys, policy: cases.DefaultPolicy()}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db.dialect = Postgres
		err = db.openPostgres(dsn, opt)
	} else {
		db.dialect = SQLite
		err = db.openSQLite(dsn, opt)
	}
	if err != nil {
		return nil, err
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.w.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s database: %w", db.dialect, err)
	}
	return db, nil
}

// sqlitePragmas are the connection settings for SQLite, kept in this one place:
//   - WAL lets readers work while the writer writes;
//   - busy_timeout waits for a lock instead of failing at once;
//   - foreign_keys is off by default in SQLite and must be on for every connection;
//   - a larger page cache and in-memory temp tables keep reads fast.
var sqlitePragmas = []string{
	"journal_mode(WAL)",
	"busy_timeout(10000)",
	"foreign_keys(1)",
	"cache_size(-16000)",
	"temp_store(MEMORY)",
}

// sqliteWriterPragmas are added for the single writer connection, after sqlitePragmas:
//   - its page cache is larger, 64 MB: the writer keeps its cache between transactions,
//     and an import inserting into indexes on random hashes touches pages all over them,
//     which otherwise are read back from the file for almost every row;
//   - the WAL is checkpointed every 4,000 pages (16 MB) instead of every 1,000, so a page
//     that several transactions change in a row is copied into the database file once, and
//     a 5,000-row import batch no longer triggers a checkpoint and its fsync each time.
//     The WAL file stays bounded (about 16 MB and one transaction);
//   - synchronous=FULL syncs the WAL at every commit, so a write that was answered
//     survives a power cut, not only a crash of the process: a resident told "your report
//     is received" must not lose it. Writes that share a commit (group commit of intakes
//     and steps, import batches, the demo seed) share its sync.
var sqliteWriterPragmas = []string{
	"cache_size(-65536)",
	"wal_autocheckpoint(4000)",
	"synchronous(FULL)",
}

func (db *DB) openSQLite(dsn string, opt Options) error {
	path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "file:")
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path = path[:i]
	}
	if path == "" {
		return fmt.Errorf("empty SQLite path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("create database directory: %w", err)
		}
	}
	db.path = path
	q := url.Values{}
	for _, p := range sqlitePragmas {
		q.Add("_pragma", p)
	}
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction, so a transaction
	// that reads and then writes can never fail half-way with SQLITE_BUSY.
	q.Set("_txlock", "immediate")
	w := url.Values{}
	for k, v := range q {
		w[k] = append([]string(nil), v...)
	}
	for _, p := range sqliteWriterPragmas {
		if opt.CrashSafeOnly && p == "synchronous(FULL)" {
			p = "synchronous(NORMAL)"
		}
		w.Add("_pragma", p)
	}
	var err error
	if db.w, err = sql.Open("sqlite", "file:"+path+"?"+w.Encode()); err != nil {
		return err
	}
	db.w.SetMaxOpenConns(1)
	db.w.SetConnMaxIdleTime(0)
	q.Set("_txlock", "deferred")
	q.Add("_pragma", "query_only(1)")
	q.Add("_pragma", "synchronous(NORMAL)") // readers write nothing to sync
	if db.r, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode()); err != nil {
		db.w.Close()
		return err
	}
	n := opt.ReadConns
	if n <= 0 {
		n = max(4, 2*runtime.NumCPU())
	}
	db.r.SetMaxOpenConns(n)
	db.r.SetMaxIdleConns(n)
	return nil
}

func (db *DB) openPostgres(dsn string, opt Options) error {
	if opt.SearchPath != "" {
		u, err := url.Parse(dsn)
		if err != nil {
			return fmt.Errorf("parse PostgreSQL URL: %w", err)
		}
		q := u.Query()
		q.Set("search_path", opt.SearchPath)
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	var err error
	if db.w, err = sql.Open("pgx", dsn); err != nil {
		return err
	}
	db.w.SetMaxOpenConns(max(10, 4*runtime.NumCPU()))
	db.w.SetMaxIdleConns(max(10, 4*runtime.NumCPU()))
	db.w.SetConnMaxIdleTime(5 * time.Minute)
	db.r = db.w
	return nil
}

// Close closes every connection.
func (db *DB) Close() error {
	if db.r != nil && db.r != db.w {
		db.r.Close()
	}
	if db.w != nil {
		return db.w.Close()
	}
	return nil
}

// Dialect tells which database this is.
func (db *DB) Dialect() Dialect { return db.dialect }

// Clock is the clock the database stamps times with.
func (db *DB) Clock() clock.Clock { return db.clock }

// Keys is the key set for personal data.
func (db *DB) Keys() *secret.Keys { return db.keys }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.r.PingContext(ctx) }

// Stats returns the pool statistics of the writer and the readers (the same on PostgreSQL).
func (db *DB) Stats() (writer, reader sql.DBStats) { return db.w.Stats(), db.r.Stats() }

func (db *DB) now() time.Time { return db.clock.Now() }

// asOfKey marks a context whose writes are stamped with a time of its own (see AsOf).
type asOfKey struct{}

// AsOf returns a context whose writes happen at t instead of the clock's now: seeding a
// history (the demo district's cases over past months) writes each step when it would
// have happened, and due timers fire as of t. Requests never carry it.
func AsOf(ctx context.Context, t time.Time) context.Context {
	return context.WithValue(ctx, asOfKey{}, t)
}

// nowFor is the time writes in ctx are stamped with.
func (db *DB) nowFor(ctx context.Context) time.Time {
	if t, ok := ctx.Value(asOfKey{}).(time.Time); ok {
		return t
	}
	return db.now()
}

// query runs a read on the reader pool, with the query rebound for the dialect.
// Inside a Batch it reads through the batch's transaction, which sees its own writes.
func (db *DB) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if tx := db.readTx(ctx); tx != nil {
		return tx.QueryContext(ctx, db.dialect.rebind(q), args...)
	}
	return db.r.QueryContext(ctx, db.dialect.rebind(q), args...)
}

// queryRow runs a single-row read on the reader pool.
func (db *DB) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if tx := db.readTx(ctx); tx != nil {
		return tx.QueryRowContext(ctx, db.dialect.rebind(q), args...)
	}
	return db.r.QueryRowContext(ctx, db.dialect.rebind(q), args...)
}
