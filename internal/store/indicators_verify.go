package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/shequ-dev/shequ/internal/indicators"
)

// IndicatorCheck is what VerifyIndicators found: how much it checked and, at most
// maxProblems of them, where the figures and what they are made of disagree.
type IndicatorCheck struct {
	Cases, Facts, Counters int64
	Rollups                int64 // the counters' totals by area (see fact_rollups.go)
	Problems               []string
}

const maxProblems = 20

// VerifyIndicators checks that the indicators' figures are what the timelines say: every
// case's facts counted again from its timeline equal those kept, and every counter equals
// the sum of the facts it counts (both ways), and every rollup the total of
// the counters below it.
func (db *DB) VerifyIndicators(ctx context.Context) (*IndicatorCheck, error) {
	out := &IndicatorCheck{}
	problem := func(format string, args ...any) {
		if len(out.Problems) < maxProblems {
			out.Problems = append(out.Problems, fmt.Sprintf(format, args...))
		}
	}
	err := db.snapshot(ctx, func(t *Tx) error {
		for after := int64(0); ; {
			rows, err := t.query(`SELECT id FROM cases WHERE id > ? ORDER BY id LIMIT 1000`, after)
			ids, err := collect(rows, err, "entity.case", scanID)
			if err != nil {
				return err
			}
			if len(ids) == 0 {
				break
			}
			for _, id := range ids {
				out.Cases++
				_, again, err := t.refoldCase(id)
				if err != nil {
					return err
				}
				kept, err := t.keptFacts(id)
				if err != nil {
					return err
				}
				out.Facts += int64(len(kept))
				if a, k := factKeys(again), factKeys(kept); !slices.Equal(a, k) {
					problem("case %d: its timeline counts %v that are not kept, and %v are kept that it does not count", id,
						missing(a, k), missing(k, a))
				}
			}
			after = ids[len(ids)-1]
		}
		if err := t.queryRow(`SELECT COUNT(CASE WHEN grain = 'd' THEN 1 END), COUNT(CASE WHEN grain <> 'd' THEN 1 END)
			FROM fact_counts`).Scan(&out.Counters, &out.Rollups); err != nil {
			return mapErr(err, "entity.case")
		}
		summed := `SELECT 'd' AS grain, day AS period, node_path, fact, unit_id, category_id, source, triage, SUM(n) AS n FROM case_facts
			GROUP BY day, node_path, fact, unit_id, category_id, source, triage`
		kept := `SELECT grain, period, node_path, fact, unit_id, category_id, source, triage, n FROM fact_counts WHERE n <> 0 AND grain = 'd'`
		for _, q := range []struct{ say, q string }{
			{"the facts sum to %s, which no counter holds", `SELECT * FROM (` + summed + `) s EXCEPT ` + kept},
			{"a counter holds %s, which the facts do not sum to", kept + ` EXCEPT SELECT * FROM (` + summed + `) s`},
		} {
			rows, err := t.query(q.q + ` LIMIT 20`)
			lines, err := collect(rows, err, "entity.case", func(s rowScanner) (string, error) {
				var k countKey
				var n int64
				err := s.Scan(&k.grain, &k.period, &k.nodePath, &k.fact, &k.unitID, &k.categoryID, &k.source, &k.triage, &n)
				return fmt.Sprintf("%d for %s %d, area %s, unit %d, category %d, source %s, triage %s", n, k.fact, k.period, k.nodePath, k.unitID,
					k.categoryID, k.source, k.triage), err
			})
			if err != nil {
				return err
			}
			for _, l := range lines {
				problem(q.say, l)
			}
		}
		return t.verifyRollups(problem)
	})
	return out, err
}

// verifyRollups checks every rollup against the counters it totals, both ways.
func (t *Tx) verifyRollups(problem func(format string, args ...any)) error {
	read := func(q string) (map[countKey]int64, error) {
		rows, err := t.query(q)
		type row struct {
			k countKey
			n int64
		}
		list, err := collect(rows, err, "entity.case", func(s rowScanner) (row, error) {
			var r row
			return r, s.Scan(&r.k.grain, &r.k.period, &r.k.nodePath, &r.k.fact, &r.k.unitID, &r.k.categoryID, &r.k.source, &r.k.triage, &r.n)
		})
		out := make(map[countKey]int64, len(list))
		for _, r := range list {
			out[r.k] += r.n
		}
		return out, err
	}
	const cols = `SELECT grain, period, node_path, fact, unit_id, category_id, source, triage, n FROM fact_counts`
	base, err := read(cols + ` WHERE grain = 'd'`)
	if err != nil {
		return err
	}
	kept, err := read(cols + ` WHERE grain <> 'd'`)
	if err != nil {
		return err
	}
	want := map[countKey]int64{}
	for k, n := range base {
		level, err := t.db.levelOf(k.nodePath, t.queryRow)
		if err != nil {
			return err
		}
		for p := k.nodePath; p != "" && p != "/"; p, level = parentPath(p), level-1 {
			if level <= totalsDownTo {
				for _, r := range rollupKeys(k, p, level) {
					want[r] += n
				}
			}
		}
	}
	say := func(k countKey, n int64) string {
		return fmt.Sprintf("%d for %s %s %d, area %s, unit %d, category %d, source %s, triage %s", n, k.grain, k.fact, k.period, k.nodePath,
			k.unitID, k.categoryID, k.source, k.triage)
	}
	for k, n := range want {
		if n != 0 && kept[k] != n {
			problem("the counters total %s, which the rollup does not hold", say(k, n))
		}
	}
	for k, n := range kept {
		if n != 0 && want[k] != n {
			problem("a rollup holds %s, which the counters do not total", say(k, n))
		}
	}
	return nil
}

// keptFacts are the facts kept for a case.
func (t *Tx) keptFacts(caseID int64) ([]indicators.Delta, error) {
	rows, err := t.query(`SELECT fact, at, n, unit_id FROM case_facts WHERE case_id = ? ORDER BY id`, caseID)
	return collect(rows, err, "entity.case", func(s rowScanner) (indicators.Delta, error) {
		var d indicators.Delta
		var at int64
		err := s.Scan(&d.Fact, &at, &d.N, &d.UnitID)
		d.At = fromMS(at)
		return d, err
	})
}

// factKeys are deltas written for comparing, sorted.
func factKeys(ds []indicators.Delta) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = fmt.Sprintf("%s@%d×%d/%d", d.Fact, d.At.UnixMilli(), d.N, d.UnitID)
	}
	slices.Sort(out)
	return out
}

// snapshot runs fn in a read-only transaction on the readers that sees one state of the
// database throughout (on PostgreSQL, repeatable read).
func (db *DB) snapshot(ctx context.Context, fn func(t *Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return mapErr(err, "entity.record")
	}
	defer tx.Rollback()
	return fn(&Tx{ctx: ctx, db: db, tx: tx, now: db.now()})
}

// missing are the items of a, sorted, that b (sorted) lacks, as many times as it lacks them.
func missing(a, b []string) []string {
	var out []string
	for len(a) > 0 {
		switch {
		case len(b) == 0 || a[0] < b[0]:
			out, a = append(out, a[0]), a[1:]
		case a[0] == b[0]:
			a, b = a[1:], b[1:]
		default:
			b = b[1:]
		}
	}
	return out
}
