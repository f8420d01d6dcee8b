// Package storetest gives each test a fresh, migrated database: an embedded SQLite file
// by default, or a private schema on PostgreSQL when SHEQU_TEST_POSTGRES names a server
// (postgres://…). With CI=true and SHEQU_TEST_POSTGRES set, an unreachable server fails
// the test instead of skipping it.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/clock"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/store"
)

// Start is the moment every test clock starts at: a Monday morning in Beijing time.
var Start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// PostgresURL returns the PostgreSQL server tests should use, or "".
func PostgresURL() string { return os.Getenv("SHEQU_TEST_POSTGRES") }

// Dialect is the database the tests of this run use.
func Dialect() store.Dialect {
	if PostgresURL() != "" {
		return store.Postgres
	}
	return store.SQLite
}

// Keys returns a fresh key set for a test.
func Keys(t testing.TB) *secret.Keys {
	k, err := secret.ParseMasterKey(secret.GenerateMasterKey())
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// DB is a test database with its fake clock.
type DB struct {
	*store.DB
	Clock *clock.Fake
	URL   string // what to pass to store.Open to reach the same data
	Path  string // PostgreSQL search_path, or ""
}

// New opens a fresh migrated database for t, closed and removed when t ends.
func New(t testing.TB) *DB {
	t.Helper()
	ctx := context.Background()
	fake := clock.NewFake(Start)
	keys := Keys(t)
	out := &DB{Clock: fake}
	if pg := PostgresURL(); pg != "" {
		admin, err := sql.Open("pgx", pg)
		if err != nil {
			t.Fatalf("PostgreSQL: %v", err)
		}
		t.Cleanup(func() { admin.Close() })
		schema := fmt.Sprintf("t_%d_%d", time.Now().UnixNano(), os.Getpid())
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
			t.Fatalf("PostgreSQL at SHEQU_TEST_POSTGRES is not usable: %v", err)
		}
		t.Cleanup(func() { admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE") })
		out.URL, out.Path = pg, schema
	} else {
		out.URL = filepath.Join(t.TempDir(), "shequ.db")
	}
	db, err := store.Open(ctx, out.URL, store.Options{Clock: fake, Keys: keys, SearchPath: out.Path, CrashSafeOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	out.DB = db
	return out
}
