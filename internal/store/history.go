package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/audit"
	"github.com/shequ-dev/shequ/internal/errs"
)

// History returns the audit entries about one record, newest first, to anyone who may see
// the record itself. Searching the whole log needs audit.view; the history of one record
// does not, because its entries only record changes the same caller can already read on
// the record, and never personal data: for a node or unit (tree.view in scope) its name,
// code, parent, kind and status; for a register record (buildings, houses, residents,
// households, residences, rentals, organisations, facilities: register.view in scope)
// record ids, masked names and which fields changed, never numbers or care tags. Staff
// who manage the tree hold tree.manage but not audit.view, and must still see how a place
// they manage came to be as it is (a retired node keeps its history).
func (db *DB) History(ctx context.Context, p *account.Principal, entity string, id int64, limit int) ([]*audit.Entry, error) {
	if ok, err := db.registerRecordVisible(ctx, p, entity, id); ok || err != nil {
		if err != nil {
			return nil, err
		}
		return db.historyOf(ctx, entity, id, limit)
	}
	if !p.Can(account.TreeView) {
		return nil, errs.ForbiddenErr()
	}
	switch entity {
	case "node":
		if _, err := db.Node(ctx, p, id); err != nil {
			return nil, err
		}
	case "unit":
		if _, err := db.Unit(ctx, p, id); err != nil {
			return nil, err
		}
	default:
		return nil, errs.ForbiddenErr()
	}
	return db.historyOf(ctx, entity, id, limit)
}

// historyOf reads the audit entries about one record, newest first.
func (db *DB) historyOf(ctx context.Context, entity string, id int64, limit int) ([]*audit.Entry, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	return queryList(ctx, db, "entity.audit", scanAudit, `SELECT `+auditCols+` FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT ?`,
		entity, strconv.FormatInt(id, 10), limit)
}

// NodeUsage is what still hangs on a node: what RetireNode refuses to strand.
type NodeUsage struct {
	Children int // active child nodes
	Units    int // active units attached to the node
	Users    int // active accounts bound to the node
}

// InUse reports whether anything active still hangs on the node.
func (u NodeUsage) InUse() bool { return u.Children+u.Units+u.Users > 0 }

// NodeUsage counts what is still active on a node in the caller's scope.
func (db *DB) NodeUsage(ctx context.Context, p *account.Principal, id int64) (NodeUsage, error) {
	var u NodeUsage
	if _, err := db.Node(ctx, p, id); err != nil {
		return u, err
	}
	err := db.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM nodes WHERE parent_id = ? AND retired_at IS NULL),
		(SELECT COUNT(*) FROM units WHERE node_id = ? AND retired_at IS NULL),
		(SELECT COUNT(*) FROM users WHERE node_id = ? AND disabled_at IS NULL)`, id, id, id).Scan(&u.Children, &u.Units, &u.Users)
	return u, mapErr(err, "entity.node")
}

// NodeNames returns the names of the given nodes that the caller may name: those in its
// scope and those above it (breadcrumbs show them). Other ids are left out.
func (db *DB) NodeNames(ctx context.Context, p *account.Principal, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 || p == nil || p.ScopePath == "" {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.query(ctx, `SELECT id, name, path FROM nodes WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, mapErr(err, "entity.node")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name, path string
		if err := rows.Scan(&id, &name, &path); err != nil {
			return nil, mapErr(err, "entity.node")
		}
		if p.InScope(path) || strings.HasPrefix(p.ScopePath, path) {
			out[id] = name
		}
	}
	return out, mapErr(rows.Err(), "entity.node")
}
