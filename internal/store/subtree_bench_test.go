package store_test

import (
	"database/sql"
	"fmt"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/store/storetest"
)

// BenchmarkSubtree measures "everything under this street" (1,221 places) in a district
// of 24,422: the materialised path's range scan, which every scoped query uses, next to
// the baseline of walking parent links with a recursive query, in the same run.
//
//	go test -run '^$' -bench Subtree -count 6 ./internal/store/
//	SHEQU_TEST_POSTGRES=postgres://… go test -run '^$' -bench Subtree -count 6 ./internal/store/
func BenchmarkSubtree(b *testing.B) {
	db := storetest.New(b)
	raw := rawDB(b, db)
	street := seedWideDistrict(b, raw)
	lo, hi := admin.SubtreeRange(street.path)
	const want = 1 + 20 + 20*10 + 20*10*5
	queries := []struct {
		name string
		q    string
		args []any
	}{
		{"path-range", `SELECT COUNT(*) FROM nodes WHERE path >= ? AND path < ?`, []any{lo, hi}},
		{"baseline-recursive-walk", `WITH RECURSIVE sub(id) AS (SELECT id FROM nodes WHERE id = ?
			UNION ALL SELECT n.id FROM nodes n JOIN sub ON n.parent_id = sub.id) SELECT COUNT(*) FROM sub`, []any{street.id}},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			stmt := rebind(q.q)
			for b.Loop() {
				var n int
				if err := raw.QueryRow(stmt, q.args...).Scan(&n); err != nil {
					b.Fatal(err)
				}
				if n != want {
					b.Fatalf("counted %d places, want %d", n, want)
				}
			}
		})
	}
}

type benchNode struct {
	id   int64
	path string
}

// seedWideDistrict writes a city, a district, 20 streets of 20 communities of 10 grids of
// 5 micro-grids straight into the table (no audit: this is a fixture, not a history) and
// returns the first street.
func seedWideDistrict(b *testing.B, raw *sql.DB) benchNode {
	b.Helper()
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	ins, err := tx.Prepare(rebind(`INSERT INTO nodes (id, parent_id, level, code, full_code, name, path, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)`))
	if err != nil {
		b.Fatal(err)
	}
	next := int64(1000)
	add := func(parent *benchNode, level admin.Level, code, fullCode string) benchNode {
		next++
		n := benchNode{id: next, path: admin.ChildPath("", next)}
		var parentID any
		if parent != nil {
			n.path, parentID = admin.ChildPath(parent.path, next), parent.id
		}
		if _, err := ins.Exec(n.id, parentID, level, code, fullCode, fullCode, n.path); err != nil {
			b.Fatal(err)
		}
		return n
	}
	city := add(nil, admin.City, "320500", "320500")
	district := add(&city, admin.District, "320508", "320508")
	var first benchNode
	for s := 1; s <= 20; s++ {
		sc := fmt.Sprintf("320508%03d", s)
		street := add(&district, admin.Street, sc[6:], sc)
		if s == 1 {
			first = street
		}
		for c := 1; c <= 20; c++ {
			cc := fmt.Sprintf("%s%03d", sc, c)
			comm := add(&street, admin.Community, cc[9:], cc)
			for g := 1; g <= 10; g++ {
				gc := fmt.Sprintf("%s%02d", cc, g)
				grid := add(&comm, admin.Grid, gc[12:], gc)
				for m := 1; m <= 5; m++ {
					mc := fmt.Sprintf("%s%02d", gc, m)
					add(&grid, admin.Microgrid, mc[14:], mc)
				}
			}
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	if storetest.PostgresURL() != "" {
		if _, err := raw.Exec(`ANALYZE nodes`); err != nil {
			b.Fatal(err)
		}
	} else if _, err := raw.Exec(`ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return first
}
