package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// CaseFactsForTest are the facts kept for a case, and the same counted again from its
// timeline, each as "fact@minutes-after-origin[×n][/u]" sorted, u marking a unit.
func (db *DB) CaseFactsForTest(ctx context.Context, caseID int64, origin time.Time) (kept, refolded string, err error) {
	err = db.write(ctx, account.SystemPrincipal("test"), func(t *Tx) error {
		rows, err := t.query(`SELECT fact, at, n, unit_id FROM case_facts WHERE case_id = ? ORDER BY id`, caseID)
		got, err := collect(rows, err, "entity.case", func(s rowScanner) (indicators.Delta, error) {
			var d indicators.Delta
			var at int64
			err := s.Scan(&d.Fact, &at, &d.N, &d.UnitID)
			d.At = fromMS(at)
			return d, err
		})
		if err != nil {
			return err
		}
		_, again, err := t.refoldCase(caseID)
		kept, refolded = factsText(got, origin), factsText(again, origin)
		return err
	})
	return kept, refolded, err
}

func factsText(ds []indicators.Delta, origin time.Time) string {
	var out []string
	for _, d := range ds {
		s := fmt.Sprintf("%s@%g", d.Fact, d.At.Sub(origin).Minutes())
		if d.N != 1 {
			s += fmt.Sprintf("×%d", d.N)
		}
		if d.UnitID != 0 {
			s += "/u"
		}
		out = append(out, s)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// ForgetFactsForTest deletes what was counted for a case, as if it had been written
// before cases kept facts.
func (db *DB) ForgetFactsForTest(ctx context.Context, caseID int64) error {
	return db.write(ctx, account.SystemPrincipal("test"), func(t *Tx) error {
		if _, err := t.exec(`DELETE FROM case_facts WHERE case_id = ?`, caseID); err != nil {
			return err
		}
		_, err := t.exec(`DELETE FROM case_fact_states WHERE case_id = ?`, caseID)
		return err
	})
}

// CountFactsAgainForTest counts the facts of cases up to upTo again at the next start,
// as for cases written before cases kept facts.
func (db *DB) CountFactsAgainForTest(ctx context.Context, upTo int64) error {
	_, err := db.w.ExecContext(ctx, db.dialect.rebind(`INSERT INTO case_facts_backfill (up_to) VALUES (?)`), upTo)
	return err
}

// TamperIndicatorsForTest changes what was counted: a counter of the case's first fact
// (counter), or the fact itself (fact).
func (db *DB) TamperIndicatorsForTest(ctx context.Context, caseID int64, what string) error {
	return db.write(ctx, account.SystemPrincipal("test"), func(t *Tx) error {
		var q string
		switch what {
		case "counter":
			q = `UPDATE fact_counts SET n = n + 1 WHERE grain = 'd' AND fact = (SELECT fact FROM case_facts WHERE case_id = ? ORDER BY id LIMIT 1)`
		default:
			q = `UPDATE case_facts SET n = n + 1 WHERE id = (SELECT MIN(id) FROM case_facts WHERE case_id = ?)`
		}
		_, err := t.exec(q, caseID)
		return err
	})
}

// FactSumsForTest sums case_facts directly, by the column col, for the days from..to
// (YYYYMMDD) of the areas under path: what the counters must add up to.
func (db *DB) FactSumsForTest(ctx context.Context, path string, from, to int, col string) (map[string]map[string]int64, error) {
	lo, hi := path, strings.TrimSuffix(path, "/")+"0"
	group := col + ", fact"
	if col == "''" {
		group = "fact"
	}
	rows, err := db.query(ctx, `SELECT `+col+`, fact, SUM(n) FROM case_facts WHERE day BETWEEN ? AND ? AND node_path >= ? AND node_path < ?
		GROUP BY `+group, from, to, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]int64{}
	for rows.Next() {
		var k, f string
		var n int64
		if err := rows.Scan(&k, &f, &n); err != nil {
			return nil, err
		}
		if out[k] == nil {
			out[k] = map[string]int64{}
		}
		out[k][f] += n
	}
	return out, rows.Err()
}

// ForgetRollupsForTest removes the counters' rollups and asks for them again at the
// next start, as for a database from before there were any.
func (db *DB) ForgetRollupsForTest(ctx context.Context) error {
	if _, err := db.w.ExecContext(ctx, `DELETE FROM fact_counts WHERE grain <> 'd'`); err != nil {
		return err
	}
	_, err := db.w.ExecContext(ctx, `INSERT INTO fact_rollups_backfill (pending) VALUES (1)`)
	return err
}
