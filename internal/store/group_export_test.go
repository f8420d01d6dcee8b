package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
)

// CommitGroupForTest commits writes as one group, in order, and returns each one's
// result. A write gets a function appending an audit entry of the given action.
func (db *DB) CommitGroupForTest(ctx context.Context, p *account.Principal, writes []func(audit func(action string) error) error) []error {
	batch := make([]*groupWrite, len(writes))
	for i, w := range writes {
		batch[i] = &groupWrite{ctx: ctx, p: p, done: make(chan error, 1), fn: func(tx *Tx) error {
			return w(func(action string) error { return tx.audit(Record{Action: action, Entity: "test"}) })
		}}
	}
	db.commitGroup(ctx, batch)
	out := make([]error, len(batch))
	for i, g := range batch {
		out[i] = <-g.done
	}
	return out
}

// AuditInBatchForTest appends an audit entry of action through the batch ctx belongs to
// (or a transaction of its own), then fails with fail if it is not nil.
func (db *DB) AuditInBatchForTest(ctx context.Context, p *account.Principal, action string, fail error) error {
	return db.write(ctx, p, func(tx *Tx) error {
		if err := tx.audit(Record{Action: action, Entity: "test"}); err != nil {
			return err
		}
		return fail
	})
}

// ReportGroupForTest files the reports as one group commit, in order, each by its own
// principal, and returns each one's result.
func (db *DB) ReportGroupForTest(ctx context.Context, ps []*account.Principal, rs []cases.Report) ([]*Intake, []error) {
	return db.ReportGroupAfterForTest(ctx, ps, rs, nil)
}

// ReportAloneForTest files the report in a transaction of its own, the way a report
// that may not be opened together with others is.
func (db *DB) ReportAloneForTest(ctx context.Context, p *account.Principal, r cases.Report) (*Intake, error) {
	g, result, err := db.reportWrite(ctx, p, r)
	if err != nil {
		return nil, err
	}
	return result(db.write(ctx, p, g.fn))
}

// ReportGroupAfterForTest is ReportGroupForTest running meanwhile, when it is not nil,
// after the reports' requests have done their own reads and before their group commits.
func (db *DB) ReportGroupAfterForTest(ctx context.Context, ps []*account.Principal, rs []cases.Report, meanwhile func()) ([]*Intake, []error) {
	ins, errs := make([]*Intake, len(rs)), make([]error, len(rs))
	var batch []*groupWrite
	var results []func(error) (*Intake, error)
	var index []int
	for i, r := range rs {
		g, result, err := db.reportWrite(ctx, ps[i], r)
		if err != nil {
			errs[i] = err
			continue
		}
		g.done = make(chan error, 1)
		batch, results, index = append(batch, g), append(results, result), append(index, i)
	}
	if meanwhile != nil {
		meanwhile()
	}
	db.commitGroup(ctx, batch)
	for j, g := range batch {
		ins[index[j]], errs[index[j]] = results[j](<-g.done)
	}
	return ins, errs
}

// CaseTraceForTest describes what a case's writes left, in words a test can compare: its
// row's status, assignee, stage and due time, its timeline, timers, notifications and
// outbox rows.
func (db *DB) CaseTraceForTest(ctx context.Context, id int64) (string, error) {
	var b strings.Builder
	lines := func(q string, args ...any) error {
		rows, err := db.query(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				return err
			}
			fmt.Fprintln(&b, vals...)
		}
		return rows.Err()
	}
	for _, q := range []string{
		`SELECT status, version, assignee_unit_id, assignee_node_id, dispatch_reason, stage, warn_at, due_at, registered_at, dispatched_at FROM cases WHERE id = ?`,
		`SELECT action, from_status, to_status, public, actor, role, at, stage, due_at, worked FROM case_events WHERE case_id = ? ORDER BY id`,
		`SELECT fact, at, day, n, node_path, unit_id, category_id, source, triage FROM case_facts WHERE case_id = ? ORDER BY id`,
		`SELECT state FROM case_fact_states WHERE case_id = ?`,
		`SELECT kind, fire_at FROM timers WHERE ref_id = ? ORDER BY kind`,
		`SELECT user_id, template, params, link FROM notifications WHERE case_id = ? ORDER BY id`,
		`SELECT channel, template, params FROM notification_outbox WHERE case_id = ? ORDER BY id`,
	} {
		if err := lines(q, id); err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

// ReportsTogetherForTest is how many reports were opened together with others.
func (db *DB) ReportsTogetherForTest() int64 { return db.group.together.Load() }
