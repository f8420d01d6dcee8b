package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

const unitCols = `u.id, u.node_id, u.kind, u.name, u.phone, u.duties, u.retired_at, u.created_at, u.updated_at, u.version, n.name, n.path`

func scanUnit(s rowScanner) (*admin.Unit, error) {
	var u admin.Unit
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&u.ID, &u.NodeID, &u.Kind, &u.Name, &u.Phone, &u.Duties, &retired, &created, &updated, &u.Version,
		&u.NodeName, &u.NodePath); err != nil {
		return nil, err
	}
	u.Retired, u.Created, u.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return &u, nil
}

func (db *DB) unitByID(ctx context.Context, id int64) (*admin.Unit, error) {
	u, err := scanUnit(db.queryRow(ctx, `SELECT `+unitCols+` FROM units u JOIN nodes n ON n.id = u.node_id WHERE u.id = ?`, id))
	return u, mapErr(err, "entity.unit")
}

// UnitByID reads a unit whoever asks: which unit holds a case is shown on the case, to
// everyone who may see the case, wherever the unit sits in the tree.
func (db *DB) UnitByID(ctx context.Context, id int64) (*admin.Unit, error) {
	return db.unitByID(ctx, id)
}

// Unit returns a unit whose node lies in the caller's scope; a handler also sees their own.
func (db *DB) Unit(ctx context.Context, p *account.Principal, id int64) (*admin.Unit, error) {
	u, err := db.unitByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if !p.InScope(u.NodePath) && p.UnitID != u.ID {
		return nil, errs.NotFoundf("entity.unit")
	}
	return u, nil
}

// UnitFilter selects units in a listing.
type UnitFilter struct {
	NodeID         int64 // attached to this node exactly
	Under          int64 // attached anywhere below this node
	Kind           admin.UnitKind
	Query          string
	IncludeRetired bool
	Limit          int
}

// Units lists units attached to nodes in the caller's scope.
func (db *DB) Units(ctx context.Context, p *account.Principal, f UnitFilter) ([]*admin.Unit, error) {
	lo, hi, ok := p.Scope()
	if !ok {
		return nil, nil
	}
	where := []string{"n.path >= ? AND n.path < ?"}
	args := []any{lo, hi}
	if f.NodeID != 0 {
		where = append(where, "u.node_id = ?")
		args = append(args, f.NodeID)
	}
	if f.Under != 0 {
		under, err := db.Node(ctx, p, f.Under)
		if err != nil {
			return nil, err
		}
		ulo, uhi := admin.SubtreeRange(under.Path)
		where = append(where, "n.path >= ? AND n.path < ?")
		args = append(args, ulo, uhi)
	}
	if f.Kind != "" {
		where = append(where, "u.kind = ?")
		args = append(args, f.Kind)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `u.name LIKE ? ESCAPE '\'`)
		args = append(args, "%"+escapeLike(q)+"%")
	}
	if !f.IncludeRetired {
		where = append(where, "u.retired_at IS NULL")
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	args = append(args, limit)
	return queryList(ctx, db, "entity.unit", scanUnit, `SELECT `+unitCols+` FROM units u JOIN nodes n ON n.id = u.node_id WHERE `+
		strings.Join(where, " AND ")+` ORDER BY n.level, n.full_code, u.kind, u.name LIMIT ?`, args...)
}

func (db *DB) unitNode(ctx context.Context, p *account.Principal, nodeID int64) (*admin.Node, error) {
	if nodeID == 0 {
		return nil, nil
	}
	n, err := db.Node(ctx, p, nodeID)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.FieldInvalid("node_id", "err.not_found", errs.M("entity.node"))
	}
	return n, err
}

func normalizeUnit(in *admin.UnitInput) {
	in.Name, in.Phone, in.Duties = strings.TrimSpace(in.Name), strings.TrimSpace(in.Phone), strings.TrimSpace(in.Duties)
}

// CreateUnit adds a unit attached to a node in the caller's scope.
func (db *DB) CreateUnit(ctx context.Context, p *account.Principal, in admin.UnitInput) (*admin.Unit, error) {
	normalizeUnit(&in)
	node, err := db.unitNode(ctx, p, in.NodeID)
	if err != nil {
		return nil, err
	}
	if node != nil {
		if err := authorize(p, account.UnitManage, node.Path); err != nil {
			return nil, err
		}
	} else if !p.Can(account.UnitManage) {
		return nil, errs.ForbiddenErr()
	}
	if err := in.Validate(node); err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		now := ms(tx.now)
		var err error
		id, err = tx.insert(`INSERT INTO units (node_id, kind, name, phone, duties, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			node.ID, in.Kind, in.Name, in.Phone, in.Duties, now, now)
		if err != nil {
			if isUnique(err, "name") {
				return errs.FieldInvalid("name", "err.unit_name_taken")
			}
			return mapErr(err, "entity.unit")
		}
		return tx.audit(Record{Action: "unit.create", Entity: "unit", EntityID: id, NodePath: node.Path,
			Detail: map[string]any{"name": in.Name, "kind": in.Kind, "node_id": node.ID}})
	})
	if err != nil {
		return nil, err
	}
	return db.unitByID(ctx, id)
}

// UpdateUnit edits a unit; changing its node moves it to serve another area.
func (db *DB) UpdateUnit(ctx context.Context, p *account.Principal, id int64, in admin.UnitInput, version int) (*admin.Unit, error) {
	normalizeUnit(&in)
	u, err := db.Unit(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := authorize(p, account.UnitManage, u.NodePath); err != nil {
		return nil, err
	}
	if u.IsRetired() {
		return nil, errs.E(errs.Conflict, "err.unit_retired")
	}
	node, err := db.unitNode(ctx, p, in.NodeID)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(node); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		err := expectOne(tx.exec(`UPDATE units SET node_id = ?, kind = ?, name = ?, phone = ?, duties = ?, updated_at = ?, version = version + 1
			WHERE id = ? AND version = ?`, node.ID, in.Kind, in.Name, in.Phone, in.Duties, ms(tx.now), id, version))
		if err != nil {
			if isUnique(err, "name") {
				return errs.FieldInvalid("name", "err.unit_name_taken")
			}
			return mapErr(err, "entity.unit")
		}
		return tx.audit(Record{Action: "unit.update", Entity: "unit", EntityID: id, NodePath: node.Path,
			Detail: map[string]any{"name": []string{u.Name, in.Name}, "kind": []admin.UnitKind{u.Kind, in.Kind},
				"node_id": []int64{u.NodeID, node.ID}, "phone": []string{u.Phone, in.Phone}}})
	})
	if err != nil {
		return nil, err
	}
	return db.unitByID(ctx, id)
}

// SetUnitRetired retires a unit (it receives no new cases) or brings it back. A unit
// with active handler accounts cannot be retired.
func (db *DB) SetUnitRetired(ctx context.Context, p *account.Principal, id int64, retired bool, version int) error {
	u, err := db.Unit(ctx, p, id)
	if err != nil {
		return err
	}
	if err := authorize(p, account.UnitManage, u.NodePath); err != nil {
		return err
	}
	if u.IsRetired() == retired {
		if retired {
			return errs.E(errs.Conflict, "err.unit_retired")
		}
		return errs.E(errs.Conflict, "err.unit_not_retired")
	}
	return db.write(ctx, p, func(tx *Tx) error {
		var at any
		action := "unit.restore"
		if retired {
			var users int
			if err := tx.queryRow(`SELECT COUNT(*) FROM users WHERE unit_id = ? AND disabled_at IS NULL`, id).Scan(&users); err != nil {
				return mapErr(err, "entity.unit")
			}
			if users > 0 {
				return errs.E(errs.Conflict, "err.unit_in_use", users)
			}
			at, action = ms(tx.now), "unit.retire"
		}
		if err := expectOne(tx.exec(`UPDATE units SET retired_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			at, ms(tx.now), id, version)); err != nil {
			return mapErr(err, "entity.unit")
		}
		return tx.audit(Record{Action: action, Entity: "unit", EntityID: id, NodePath: u.NodePath})
	})
}
