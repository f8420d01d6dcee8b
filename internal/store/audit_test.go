package store_test

import (
	"database/sql"
	"strconv"
	"testing"

	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/store"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

func auditFilter(entity string, id int64) audit.Filter {
	return audit.Filter{Entity: entity, EntityID: strconv.FormatInt(id, 10)}
}

func TestAuditChainDetectsTampering(t *testing.T) {
	tr := newTree(t)
	n, problem, err := tr.db.VerifyAudit(ctx)
	if err != nil || problem != nil || n != 7 {
		t.Fatalf("verify: %d entries, %v, %v", n, problem, err)
	}
	raw := rawDB(t, tr.db)
	// A hand edit of one row is caught at that row.
	if _, err := raw.Exec(rebind(`UPDATE audit_log SET detail = '{"name":"伪造"}' WHERE seq = ?`), 4); err != nil {
		t.Fatal(err)
	}
	_, problem, err = tr.db.VerifyAudit(ctx)
	if err != nil || problem == nil || problem.Seq != 4 {
		t.Fatalf("tampering not pinpointed: %+v %v", problem, err)
	}
}

func TestAuditChainDetectsDeletedTail(t *testing.T) {
	tr := newTree(t)
	raw := rawDB(t, tr.db)
	if _, err := raw.Exec(`DELETE FROM audit_log WHERE seq = 7`); err != nil {
		t.Fatal(err)
	}
	if _, problem, _ := tr.db.VerifyAudit(ctx); problem == nil {
		t.Fatal("deleted last entry not detected")
	}
}

// rawDB opens a second connection to the test database, as a person with psql or sqlite3
// would, to tamper with rows behind shequ's back.
func rawDB(t testing.TB, db *storetest.DB) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", db.URL
	if db.Path != "" {
		driver, dsn = "pgx", db.URL+sep(db.URL)+"search_path="+db.Path
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func sep(u string) string {
	for _, c := range u {
		if c == '?' {
			return "&"
		}
	}
	return "?"
}

func rebind(q string) string {
	if storetest.PostgresURL() == "" {
		return q
	}
	out := []byte{}
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, '$')
			out = append(out, strconv.Itoa(n)...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

func TestBackupWhileServing(t *testing.T) {
	tr := newTree(t)
	out := t.TempDir() + "/copy.db"
	err := tr.db.Backup(ctx, out)
	if storetest.Dialect() != "sqlite" {
		if err == nil {
			t.Fatal("PostgreSQL backup should point to pg_dump")
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	copyDB, err := store.Open(ctx, out, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer copyDB.Close()
	n, problem, err := copyDB.VerifyAudit(ctx)
	if err != nil || problem != nil || n != 7 {
		t.Fatalf("backup: %d entries, %v %v", n, problem, err)
	}
	if err := tr.db.Backup(ctx, out); err == nil {
		t.Fatal("overwrote an existing backup")
	}
}
