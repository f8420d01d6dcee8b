package store

import (
	"context"
	"database/sql"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
)

const assignmentCols = `a.id, a.node_id, a.user_id, a.kind, a.note, a.started_at, a.ended_at,
	u.display_name, COALESCE(u.username, ''), n.name, n.path`

// dutyOrder sorts duties as people list them: full-time, part-time, backup.
const dutyOrder = `CASE a.kind WHEN 'full_time' THEN 0 WHEN 'part_time' THEN 1 ELSE 2 END`

const assignmentFrom = ` FROM grid_assignments a JOIN users u ON u.id = a.user_id JOIN nodes n ON n.id = a.node_id`

func scanAssignment(s rowScanner) (*account.Assignment, error) {
	var a account.Assignment
	var started int64
	var ended sql.NullInt64
	if err := s.Scan(&a.ID, &a.NodeID, &a.UserID, &a.Kind, &a.Note, &started, &ended,
		&a.WorkerName, &a.WorkerCode, &a.NodeName, &a.NodePath); err != nil {
		return nil, err
	}
	a.Started, a.Ended = fromMS(started), fromNullMS(ended)
	return &a, nil
}

// Assignments lists the grid workers of a grid in the caller's scope, active ones first
// and then, when history is asked for, the ended ones, newest first.
func (db *DB) Assignments(ctx context.Context, p *account.Principal, nodeID int64, history bool) ([]*account.Assignment, error) {
	if _, err := db.Node(ctx, p, nodeID); err != nil {
		return nil, err
	}
	if !p.Can(account.TreeView) {
		return nil, errs.ForbiddenErr()
	}
	q := `SELECT ` + assignmentCols + assignmentFrom + ` WHERE a.node_id = ?`
	if !history {
		q += ` AND a.ended_at IS NULL`
	}
	return queryList(ctx, db, "entity.assignment", scanAssignment,
		q+` ORDER BY CASE WHEN a.ended_at IS NULL THEN 0 ELSE 1 END, `+dutyOrder+`, a.started_at DESC, a.id DESC LIMIT 200`, nodeID)
}

// OnDuty returns the active assignments on the given nodes (a located point's grid and
// micro-grid), for callers that may see the tree.
func (db *DB) OnDuty(ctx context.Context, p *account.Principal, nodeIDs []int64) ([]*account.Assignment, error) {
	if len(nodeIDs) == 0 || !p.Can(account.TreeView) {
		return nil, nil
	}
	args := make([]any, len(nodeIDs))
	for i, id := range nodeIDs {
		args[i] = id
	}
	all, err := queryList(ctx, db, "entity.assignment", scanAssignment, `SELECT `+assignmentCols+assignmentFrom+
		` WHERE a.node_id IN (`+placeholders(len(nodeIDs))+`) AND a.ended_at IS NULL ORDER BY n.level DESC, `+dutyOrder+`, a.id`, args...)
	if err != nil {
		return nil, err
	}
	var out []*account.Assignment
	for _, a := range all {
		if p.InScope(a.NodePath) {
			out = append(out, a)
		}
	}
	return out, nil
}

// Assign puts a grid worker on a grid. The checks run inside the write transaction, after
// locking the grid's row, so two staff assigning at once cannot both place a full-time
// worker.
func (db *DB) Assign(ctx context.Context, p *account.Principal, in account.AssignmentInput) (*account.Assignment, error) {
	node, err := db.Node(ctx, p, in.NodeID)
	if err != nil {
		return nil, err
	}
	if err := authorize(p, account.GridManage, node.Path); err != nil {
		return nil, err
	}
	var worker *account.User
	if in.UserID != 0 {
		// A worker outside the caller's scope is reported like one that does not exist.
		if u, err := db.User(ctx, p, in.UserID); err == nil && p.InScope(u.NodePath) {
			worker = u
		} else if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, err
		}
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		// Take the grid's row lock first: concurrent assignments to it queue here.
		if _, err := tx.exec(`UPDATE nodes SET version = version WHERE id = ?`, node.ID); err != nil {
			return mapErr(err, "entity.node")
		}
		onNode, err := txList(tx, "entity.assignment", scanAssignment,
			`SELECT `+assignmentCols+assignmentFrom+` WHERE a.node_id = ? AND a.ended_at IS NULL`, node.ID)
		if err != nil {
			return err
		}
		var ofWorker []*account.Assignment
		if worker != nil {
			if ofWorker, err = txList(tx, "entity.assignment", scanAssignment,
				`SELECT `+assignmentCols+assignmentFrom+` WHERE a.user_id = ? AND a.ended_at IS NULL`, worker.ID); err != nil {
				return err
			}
		}
		if err := account.ValidateAssignment(in, node, worker, onNode, ofWorker); err != nil {
			return err
		}
		id, err = tx.insert(`INSERT INTO grid_assignments (node_id, user_id, kind, note, started_at, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			node.ID, worker.ID, in.Kind, in.Note, ms(tx.now), ms(tx.now))
		if err != nil {
			return mapErr(err, "entity.assignment")
		}
		return tx.audit(Record{Action: "grid.assign", Entity: "node", EntityID: node.ID, NodePath: node.Path,
			Detail: map[string]any{"assignment": id, "user": worker.ID, "kind": in.Kind}})
	})
	if err != nil {
		return nil, err
	}
	return db.assignment(ctx, id)
}

func (db *DB) assignment(ctx context.Context, id int64) (*account.Assignment, error) {
	a, err := scanAssignment(db.queryRow(ctx, `SELECT `+assignmentCols+assignmentFrom+` WHERE a.id = ?`, id))
	return a, mapErr(err, "entity.assignment")
}

// Assignment returns one assignment on a grid in the caller's scope.
func (db *DB) Assignment(ctx context.Context, p *account.Principal, id int64) (*account.Assignment, error) {
	a, err := db.assignment(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.Can(account.TreeView) || !p.InScope(a.NodePath) {
		return nil, errs.NotFoundf("entity.assignment")
	}
	return a, nil
}

// EndAssignment ends a worker's duty on a grid now; the row stays as history.
func (db *DB) EndAssignment(ctx context.Context, p *account.Principal, id int64) (*account.Assignment, error) {
	a, err := db.Assignment(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := authorize(p, account.GridManage, a.NodePath); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE grid_assignments SET ended_at = ? WHERE id = ? AND ended_at IS NULL`, ms(tx.now), id)); err != nil {
			if errs.Is(err, errs.Conflict) {
				return errs.FieldInvalid("assignment", "err.assign_ended")
			}
			return err
		}
		return tx.audit(Record{Action: "grid.unassign", Entity: "node", EntityID: a.NodeID, NodePath: a.NodePath,
			Detail: map[string]any{"assignment": id, "user": a.UserID, "kind": a.Kind}})
	})
	if err != nil {
		return nil, err
	}
	return db.assignment(ctx, id)
}
