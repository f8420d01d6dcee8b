package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// The audit chain's head is kept in memory by a transaction and written back before it
// commits: a write rolled back to its savepoint must take its entries and its move of
// the head with it, in a group as in a batch, and the next transaction must continue the
// chain where the committed one left it.
func TestAuditHeadAcrossSavepoints(t *testing.T) {
	boom := errors.New("boom")
	ok := func(n int) func(audit func(string) error) error {
		return func(audit func(string) error) error {
			for range n {
				if err := audit("test.ok"); err != nil {
					return err
				}
			}
			return nil
		}
	}
	failing := func(audit func(string) error) error {
		if err := audit("test.gone"); err != nil {
			return err
		}
		return boom
	}
	tests := []struct {
		name   string
		writes []func(audit func(string) error) error
		want   []error
		added  int64
	}{
		{"all commit", []func(func(string) error) error{ok(2), ok(1)}, []error{nil, nil}, 3},
		{"middle fails", []func(func(string) error) error{ok(2), failing, ok(1)}, []error{nil, boom, nil}, 3},
		{"first fails", []func(func(string) error) error{failing, ok(1)}, []error{boom, nil}, 1},
		{"last fails", []func(func(string) error) error{ok(1), failing}, []error{nil, boom}, 1},
		{"only failures", []func(func(string) error) error{failing, failing}, []error{boom, boom}, 0},
	}
	db := storetest.New(t)
	count := func() int64 {
		n, problem, err := db.VerifyAudit(ctx)
		if err != nil || problem != nil {
			t.Fatalf("audit chain: %v %+v", err, problem)
		}
		return n
	}
	for _, tt := range tests {
		before := count()
		got := db.CommitGroupForTest(ctx, sys, tt.writes)
		for i := range got {
			if !errors.Is(got[i], tt.want[i]) {
				t.Errorf("%s: write %d: %v, want %v", tt.name, i, got[i], tt.want[i])
			}
		}
		if n := count(); n != before+tt.added {
			t.Errorf("%s: %d entries added, want %d", tt.name, n-before, tt.added)
		}
		// A transaction of its own continues the chain.
		if err := db.AuditInBatchForTest(ctx, sys, "test.after", nil); err != nil {
			t.Fatal(err)
		}
		if n := count(); n != before+tt.added+1 {
			t.Errorf("%s: after the group: %d entries added, want %d", tt.name, n-before, tt.added+1)
		}
	}
	before := count()
	err := db.Batch(ctx, sys, func(ctx context.Context) error {
		if err := db.AuditInBatchForTest(ctx, sys, "test.ok", nil); err != nil {
			return err
		}
		if err := db.AuditInBatchForTest(ctx, sys, "test.gone", boom); !errors.Is(err, boom) {
			t.Errorf("failing write in a batch: %v", err)
		}
		return db.AuditInBatchForTest(ctx, sys, "test.ok", nil)
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := count(); n != before+2 {
		t.Errorf("batch: %d entries added, want 2", n-before)
	}
}
