package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
)

// The counters' rollups. A counter of fact_counts (grain "d") is a grid's (or the place a
// case lies at) for a day, for one unit, category, source and triage: fine enough to
// break any figure down, and so sparse that a district's month is about as many rows as
// it has facts (summing them by month would hardly fewer: a grid's few cases a day
// seldom share a category, source and unit within the month). So the counters also hold
// totals, in the same table, kept in the same transaction, by their own grains:
//
//	"m-" a month's facts in an area and every place below it
//	"d-" a day's, the same
//	"mu" "mc" "ms" "mt" a month's by unit, category, source or triage (the other
//	     columns zero or empty)
//
// "m-", "d-" and "mc" are kept for every area down to grids, the others for streets and
// above: a district's month is then a few hundred rows whatever its number of cases, and
// the other breakdowns of a community or a grid are few enough to read from its counters.

// rootLevels caches the level of each root of the tree, by id.
type rootLevels = sync.Map

// The grain of the counters themselves, and the rollup grains by what they break down.
const (
	dayGrain     = "d"
	rollMonth    = "m-"
	rollDay      = "d-"
	rollUnit     = "mu"
	rollCategory = "mc"
	rollSource   = "ms"
	rollTriage   = "mt"
)

// rollDims are the month rollups by dimension.
var rollDims = map[Dimension]string{ByUnit: rollUnit, ByCategory: rollCategory, BySource: rollSource, ByTriage: rollTriage}

// rollupLevels is how deep each kind of rollup goes: totals down to grids, the
// breakdowns down to streets.
const (
	totalsDownTo    = admin.Grid
	breakdownDownTo = admin.Street
	// Categories go down to grids: a grid worker's dashboard shows them.
	categoryDownTo = admin.Grid
)

// rolledDownTo is how deep the month rollup of a breakdown goes.
func rolledDownTo(by Dimension) admin.Level {
	if by == ByCategory {
		return categoryDownTo
	}
	return breakdownDownTo
}

// levelOf is the level of the place at path: its root's level and its depth below it.
// Roots' levels are read once (a root never changes level).
func (db *DB) levelOf(path string, queryRow func(string, ...any) *sql.Row) (admin.Level, error) {
	ids := admin.PathIDs(path)
	if len(ids) == 0 {
		return 0, nil
	}
	root, ok := db.rootLevels.Load(ids[0])
	if !ok {
		var l int
		if err := queryRow(`SELECT level FROM nodes WHERE id = ?`, ids[0]).Scan(&l); err != nil {
			return 0, mapErr(err, "entity.node")
		}
		root = admin.Level(l)
		db.rootLevels.Store(ids[0], root)
	}
	return root.(admin.Level) + admin.Level(len(ids)-1), nil
}

// rollupsOf adds to the counters of the areas at and above path the rollups of one
// base counter k.
func (t *Tx) rollupsOf(k countKey, n int64) error {
	path := k.nodePath
	level, err := t.db.levelOf(path, t.queryRow)
	if err != nil {
		return err
	}
	for p := path; p != "" && p != "/"; p, level = parentPath(p), level-1 {
		if level > totalsDownTo {
			continue
		}
		for _, r := range rollupKeys(k, p, level) {
			if err := t.addCount(r, n); err != nil {
				return err
			}
		}
	}
	return nil
}

// rollupKeys are the rollup counters a day's counter k adds to at the area path of
// level: the day's total and the month's.
func rollupKeys(k countKey, path string, level admin.Level) []countKey {
	day := countKey{grain: rollDay, period: k.period, nodePath: path, fact: k.fact}
	total := countKey{grain: rollMonth, period: k.period / 100, nodePath: path, fact: k.fact}
	if level > breakdownDownTo {
		cat := total
		cat.grain, cat.categoryID = rollCategory, k.categoryID
		if level > categoryDownTo {
			return []countKey{day, total}
		}
		return []countKey{day, total, cat}
	}
	unit, cat, src, tri := total, total, total, total
	unit.grain, unit.unitID = rollUnit, k.unitID
	cat.grain, cat.categoryID = rollCategory, k.categoryID
	src.grain, src.source = rollSource, k.source
	tri.grain, tri.triage = rollTriage, k.triage
	return []countKey{day, total, unit, cat, src, tri}
}

// parentPath is the path of the place above the one at path ("" above a root).
func parentPath(p string) string {
	i := strings.LastIndexByte(strings.TrimSuffix(p, "/"), '/')
	if i <= 0 {
		return ""
	}
	return p[:i+1]
}

// backfillRollups builds the rollups of counters kept before there were any, from them,
// in one transaction.
func (db *DB) backfillRollups(ctx context.Context) error {
	var pending int
	err := db.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM fact_rollups_backfill`).Scan(&pending)
	if err != nil || pending == 0 {
		return mapErr(err, "entity.case")
	}
	return db.write(ctx, account.SystemPrincipal("migrate"), func(t *Tx) error {
		rows, err := t.query(`SELECT grain, period, node_path, fact, unit_id, category_id, source, triage, n FROM fact_counts WHERE grain = 'd'`)
		keys, err := collect(rows, err, "entity.case", func(s rowScanner) (struct {
			k countKey
			n int64
		}, error) {
			var x struct {
				k countKey
				n int64
			}
			return x, s.Scan(&x.k.grain, &x.k.period, &x.k.nodePath, &x.k.fact, &x.k.unitID, &x.k.categoryID, &x.k.source, &x.k.triage, &x.n)
		})
		if err != nil {
			return err
		}
		set := &appendSet{}
		for _, x := range keys {
			level, err := db.levelOf(x.k.nodePath, t.queryRow)
			if err != nil {
				return err
			}
			for p := x.k.nodePath; p != "" && p != "/"; p, level = parentPath(p), level-1 {
				if level <= totalsDownTo {
					for _, r := range rollupKeys(x.k, p, level) {
						set.count(r, x.n)
					}
				}
			}
		}
		if err := t.execAll(set.statements()); err != nil {
			return err
		}
		_, err = t.exec(`DELETE FROM fact_rollups_backfill`)
		return err
	})
}
