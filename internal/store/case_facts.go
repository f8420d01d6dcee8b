package store

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// Every timeline entry counts its facts (indicators.Next) in the transaction that writes
// it: a case_facts row each, for the figures and the cases behind them. What a case's
// entries leave for its later ones (indicators.State) is kept in case_fact_states; in a
// group commit it waits with the group's rows (appendSet.states), so that the entries of
// one case in one group read it from memory and it is written once.

// countFacts counts the facts of the entry ev just taken on c.
func (t *Tx) countFacts(c *cases.Case, ev *cases.Event) error {
	before, err := t.factState(c.ID)
	if err != nil {
		return err
	}
	after, deltas := indicators.Next(before, indicators.StepOf(ev, t.now, factUnit(c, ev)))
	if err := t.keepFacts(c, deltas); err != nil {
		return err
	}
	if sameState(before, after) {
		return nil
	}
	return t.keepFactState(c.ID, after.Encode())
}

// keepFacts writes the facts counted on c, with its place, category, source and triage,
// and adds them to the day's counters and their rollups.
func (t *Tx) keepFacts(c *cases.Case, deltas []indicators.Delta) error {
	for _, d := range deltas {
		day := factDay(d.At)
		if err := t.appendRow(appendFact, c.ID, string(d.Fact), ms(d.At), day, d.N, c.NodePath, d.UnitID,
			c.CategoryID, string(c.Source), string(c.Triage)); err != nil {
			return mapErr(err, "entity.case")
		}
		k := countKey{grain: dayGrain, period: day, nodePath: c.NodePath, fact: string(d.Fact), unitID: d.UnitID,
			categoryID: c.CategoryID, source: string(c.Source), triage: string(c.Triage)}
		if err := t.addCount(k, d.N); err != nil {
			return err
		}
		if err := t.rollupsOf(k, d.N); err != nil {
			return err
		}
	}
	return nil
}

// addCount adds n to a counter: with the group's rows, or now.
func (t *Tx) addCount(k countKey, n int64) error {
	if a := t.appending(); a != nil {
		a.write.count(k, n)
		return nil
	}
	_, err := t.exec(factCountAdd.statement(1), k.grain, k.period, k.nodePath, k.fact, k.unitID, k.categoryID, k.source, k.triage, n)
	return mapErr(err, "entity.case")
}

// factUnit is the unit whose facts an entry counts: the one returning the case for a
// return (which leaves the case with none), else the one holding it.
func factUnit(c *cases.Case, ev *cases.Event) int64 {
	if ev.Action == cases.ActReturn {
		if id, ok := ev.Detail["unit_id"].(int64); ok {
			return id
		}
	}
	return c.AssigneeUnitID
}

// factDay is the date in China of t as YYYYMMDD.
func factDay(t time.Time) int {
	d := calendar.DateOf(t)
	return d.Year*10000 + int(d.Month)*100 + d.Day
}

func sameState(a, b indicators.State) bool {
	return a.AckDue.Equal(b.AckDue) && a.HandleDue.Equal(b.HandleDue) && a.CloseDue.Equal(b.CloseDue) && a.HandledLate == b.HandledLate
}

// factState is what the case's earlier entries left: waiting in this group commit, or
// kept, or nothing yet.
func (t *Tx) factState(caseID int64) (indicators.State, error) {
	if a := t.appending(); a != nil {
		for _, s := range []*appendSet{&a.write, &a.group} {
			if v, ok := s.states[caseID]; ok {
				return indicators.DecodeState(v)
			}
		}
	}
	var v string
	err := t.queryRow(`SELECT state FROM case_fact_states WHERE case_id = ?`, caseID).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return indicators.State{}, nil
	} else if err != nil {
		return indicators.State{}, mapErr(err, "entity.case")
	}
	return indicators.DecodeState(v)
}

// newFactState notes that the case just written has no fact state yet, so that its
// entries in this group commit need not look for one.
func (t *Tx) newFactState(caseID int64) {
	if a := t.appending(); a != nil {
		a.write.state(caseID, "")
	}
}

// keepFactState keeps the case's fact state: with the group's rows, or now.
func (t *Tx) keepFactState(caseID int64, state string) error {
	if a := t.appending(); a != nil {
		a.write.state(caseID, state)
		return nil
	}
	_, err := t.exec(factStateSet.statement(1), caseID, state)
	return mapErr(err, "entity.case")
}

// refoldCase counts the facts of a case again from its timeline alone, as they were
// counted when each entry was written, and returns them with the state the timeline
// leaves: the unit an entry counts for is the one the last dispatch named, until a
// return.
func (t *Tx) refoldCase(caseID int64) (indicators.State, []indicators.Delta, error) {
	rows, err := t.query(`SELECT action, from_status, at, stage, due_at, worked, detail FROM case_events WHERE case_id = ? ORDER BY id`, caseID)
	steps, err := collect(rows, err, "entity.case", func(s rowScanner) (indicators.Step, error) {
		var at, worked int64
		var due sql.NullInt64
		var detail string
		var ev cases.Event
		if err := s.Scan(&ev.Action, &ev.From, &at, &ev.Stage, &due, &worked, &detail); err != nil {
			return indicators.Step{}, err
		}
		if due.Valid {
			d := fromMS(due.Int64)
			ev.Due = &d
		}
		ev.Worked = time.Duration(worked) * time.Millisecond
		if detail != "" {
			if err := json.Unmarshal([]byte(detail), &ev.Detail); err != nil {
				return indicators.Step{}, err
			}
		}
		// Entries written before they kept their stage: the clock's said it in the detail.
		if st, ok := ev.Detail["stage"].(string); ok && ev.Stage == "" {
			ev.Stage = cases.Stage(st)
			if ms, ok := ev.Detail["due_at"].(float64); ok && ev.Due == nil {
				d := fromMS(int64(ms))
				ev.Due = &d
			}
		}
		return indicators.StepOf(&ev, fromMS(at), detailUnit(ev.Detail)), nil
	})
	if err != nil {
		return indicators.State{}, nil, err
	}
	var st indicators.State
	var out []indicators.Delta
	var unit int64
	for _, s := range steps {
		switch s.Action {
		case cases.ActDispatch:
			unit = s.UnitID
		case cases.ActReturn:
			unit, s.UnitID = 0, cmp.Or(s.UnitID, unit)
		default:
			s.UnitID = unit
		}
		var ds []indicators.Delta
		st, ds = indicators.Next(st, s)
		out = append(out, ds...)
	}
	return st, out, nil
}

// backfillFacts counts the facts of cases written before cases kept them, from their
// timelines: entries written then kept no stage limits, so their stages count as done
// in time unless the timeline has the clock's overdue entry.
func (db *DB) backfillFacts(ctx context.Context) error {
	var upTo int64
	err := db.w.QueryRowContext(ctx, `SELECT up_to FROM case_facts_backfill`).Scan(&upTo)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return mapErr(err, "entity.case")
	}
	for after := int64(0); ; {
		// A case is counted in one transaction: one counted before an interruption is
		// not counted again.
		rows, err := db.w.QueryContext(ctx, db.dialect.rebind(`SELECT c.id FROM cases c WHERE c.id > ? AND c.id <= ?
			AND NOT EXISTS (SELECT 1 FROM case_facts f WHERE f.case_id = c.id) ORDER BY c.id LIMIT 500`), after, upTo)
		ids, err := collect(rows, err, "entity.case", scanID)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			_, err := db.w.ExecContext(ctx, `DELETE FROM case_facts_backfill`)
			return mapErr(err, "entity.case")
		}
		err = db.write(ctx, account.SystemPrincipal("migrate"), func(t *Tx) error {
			for _, id := range ids {
				var c cases.Case
				if err := t.queryRow(`SELECT node_path, category_id, source, triage FROM cases WHERE id = ?`, id).
					Scan(&c.NodePath, &c.CategoryID, &c.Source, &c.Triage); err != nil {
					return mapErr(err, "entity.case")
				}
				st, deltas, err := t.refoldCase(id)
				if err != nil {
					return err
				}
				c.ID = id
				if err := t.keepFacts(&c, deltas); err != nil {
					return err
				}
				if !sameState(st, indicators.State{}) {
					if err := t.keepFactState(id, st.Encode()); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		after = ids[len(ids)-1]
	}
}

// detailUnit is the unit_id of an entry's detail, as JSON gives it back.
func detailUnit(detail map[string]any) int64 {
	if f, ok := detail["unit_id"].(float64); ok {
		return int64(f)
	}
	return 0
}
