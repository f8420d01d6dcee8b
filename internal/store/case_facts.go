package store

import (
	"cmp"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

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
	for _, d := range deltas {
		if err := t.appendRow(appendFact, c.ID, string(d.Fact), ms(d.At), factDay(d.At), d.N, c.NodePath, d.UnitID,
			c.CategoryID, string(c.Source), string(c.Triage)); err != nil {
			return mapErr(err, "entity.case")
		}
	}
	if sameState(before, after) {
		return nil
	}
	return t.keepFactState(c.ID, after.Encode())
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
// counted when each entry was written: the unit an entry counts for is the one the last
// dispatch named, until a return.
func (t *Tx) refoldCase(caseID int64) ([]indicators.Delta, error) {
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
		return indicators.StepOf(&ev, fromMS(at), detailUnit(ev.Detail)), nil
	})
	if err != nil {
		return nil, err
	}
	var unit int64
	for i := range steps {
		switch steps[i].Action {
		case cases.ActDispatch:
			unit = steps[i].UnitID
		case cases.ActReturn:
			unit, steps[i].UnitID = 0, cmp.Or(steps[i].UnitID, unit)
			continue
		}
		steps[i].UnitID = unit
	}
	return indicators.Fold(steps), nil
}

// detailUnit is the unit_id of an entry's detail, as JSON gives it back.
func detailUnit(detail map[string]any) int64 {
	if f, ok := detail["unit_id"].(float64); ok {
		return int64(f)
	}
	return 0
}
