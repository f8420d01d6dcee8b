package store

import (
	"context"
	"math"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/secret"
)

// NodeChildrenAll returns every child of a place in the caller's scope, retired ones
// included: their codes are never reused.
func (db *DB) NodeChildrenAll(ctx context.Context, p *account.Principal, id int64) ([]*admin.Node, error) {
	n, err := db.Node(ctx, p, id)
	if err != nil {
		return nil, err
	}
	return queryList(ctx, db, "entity.node", scanNode, `SELECT `+nodeCols+` FROM nodes WHERE parent_id = ? ORDER BY code`, n.ID)
}

// CreateUnitGrids creates the cells of plan as children of plan.Parent with their
// boundaries, all or none, each audited as a node created from a unit grid, and the
// parent audited once with the count. It refuses when the parent gained an active child
// or a boundary change since the plan was made (version). The caller needs to manage
// both the tree and grids in the parent's scope.
func (db *DB) CreateUnitGrids(ctx context.Context, p *account.Principal, plan *admin.UnitGridPlan, version int) ([]*admin.Node, error) {
	parent, err := db.Node(ctx, p, plan.Parent.ID)
	if err != nil {
		return nil, err
	}
	if err := authorize(p, account.TreeManage, parent.Path); err != nil {
		return nil, err
	}
	if err := authorize(p, account.GridManage, parent.Path); err != nil {
		return nil, err
	}
	if parent.IsRetired() {
		return nil, errs.E(errs.Conflict, "err.node_retired")
	}
	var out []*admin.Node
	err = db.write(ctx, p, func(tx *Tx) error {
		// The version check and the child count inside the transaction: a boundary edit or a
		// new child since the preview makes the plan stale.
		var v, kids int
		if err := tx.queryRow(`SELECT version FROM nodes WHERE id = ?`, parent.ID).Scan(&v); err != nil {
			return mapErr(err, "entity.node")
		}
		if v != version {
			return errs.E(errs.Conflict, "err.stale")
		}
		if err := tx.queryRow(`SELECT COUNT(*) FROM nodes WHERE parent_id = ? AND retired_at IS NULL`, parent.ID).Scan(&kids); err != nil {
			return mapErr(err, "entity.node")
		}
		if kids > 0 {
			return errs.FieldInvalid("node", "err.unitgrid_has_children")
		}
		now := ms(tx.now)
		for _, c := range plan.Cells {
			b, err := geo.MarshalGeoJSON(c.Shape)
			if err != nil {
				return errs.Internalf("unit grid %s: %w", c.Code, err)
			}
			at := labelPoint(c.Shape)
			id, err := tx.insert(`INSERT INTO nodes (parent_id, level, code, full_code, name, path, boundary, center_lng, center_lat, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, parent.ID, plan.Level, c.Code, admin.FullCode(parent, plan.Level, c.Code), c.Name,
				secret.NewToken("~"), string(b), at.Lng, at.Lat, now, now)
			if err != nil {
				if isUnique(err, "code") {
					return errs.FieldInvalid("node", "err.code_taken")
				}
				return mapErr(err, "entity.node")
			}
			path := admin.ChildPath(parent.Path, id)
			if _, err := tx.exec(`UPDATE nodes SET path = ? WHERE id = ?`, path, id); err != nil {
				return mapErr(err, "entity.node")
			}
			n, err := scanNode(tx.queryRow(`SELECT `+nodeCols+` FROM nodes WHERE id = ?`, id))
			if err != nil {
				return mapErr(err, "entity.node")
			}
			out = append(out, n)
			if err := tx.audit(Record{Action: "node.create", Entity: "node", EntityID: id, NodePath: path,
				Detail: map[string]any{"name": c.Name, "code": n.FullCode, "level": plan.Level, "parent_id": parent.ID,
					"source": "unit_grid", "row": c.Row, "col": c.Col, "area_m2": math.Round(c.AreaSquareMetres)}}); err != nil {
				return err
			}
		}
		// Children change the parent's page; its version moves so a second confirmation of
		// the same preview is refused.
		if _, err := tx.exec(`UPDATE nodes SET updated_at = ?, version = version + 1 WHERE id = ?`, now, parent.ID); err != nil {
			return mapErr(err, "entity.node")
		}
		return tx.audit(Record{Action: "node.unit_grids", Entity: "node", EntityID: parent.ID, NodePath: parent.Path,
			Detail: map[string]any{"count": len(plan.Cells), "cell_m": plan.Metres, "level": plan.Level}})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Siblings returns the other active children of n's parent with their boundaries, for
// checking that a new boundary of n does not overlap them. It is not scoped: the
// boundaries of the tree are administrative facts, and a check must see every neighbour.
func (db *DB) Siblings(ctx context.Context, n *admin.Node) ([]*admin.Node, error) {
	if n.ParentID == 0 {
		return nil, nil
	}
	return queryList(ctx, db, "entity.node", scanNode, `SELECT `+nodeCols+` FROM nodes WHERE parent_id = ? AND id <> ? AND retired_at IS NULL
		ORDER BY code`, n.ParentID, n.ID)
}
