package store

import (
	"context"
	"path/filepath"
	"testing"
)

// The writer gets its own pragmas on top of the shared ones; readers keep the shared.
func TestSQLitePragmas(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var cache, checkpoint, fk int
	var mode string
	if err := db.w.QueryRowContext(ctx, `SELECT * FROM pragma_cache_size, pragma_foreign_keys, pragma_journal_mode`).
		Scan(&cache, &fk, &mode); err != nil {
		t.Fatal(err)
	}
	if err := db.w.QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&checkpoint); err != nil {
		t.Fatal(err)
	}
	var sync int
	if err := db.w.QueryRowContext(ctx, `PRAGMA synchronous`).Scan(&sync); err != nil {
		t.Fatal(err)
	}
	if sync != 2 { // FULL: an answered write survives a power cut
		t.Fatalf("writer: synchronous %d, want 2 (FULL)", sync)
	}
	if cache != -65536 || checkpoint != 4000 || fk != 1 || mode != "wal" {
		t.Fatalf("writer: cache_size %d, wal_autocheckpoint %d, foreign_keys %d, journal_mode %s", cache, checkpoint, fk, mode)
	}
	if err := db.r.QueryRowContext(ctx, `SELECT * FROM pragma_cache_size, pragma_foreign_keys`).Scan(&cache, &fk); err != nil {
		t.Fatal(err)
	}
	if cache != -16000 || fk != 1 {
		t.Fatalf("reader: cache_size %d, foreign_keys %d", cache, fk)
	}
}
