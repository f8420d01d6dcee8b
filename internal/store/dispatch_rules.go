package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
)

const ruleCols = `r.id, r.node_id, r.category_id, r.unit_id, r.note, r.created_at, r.updated_at, r.version,
	n.path, n.name, u.name, u.retired_at`

const ruleFrom = ` FROM dispatch_rules r JOIN nodes n ON n.id = r.node_id JOIN units u ON u.id = r.unit_id`

func scanRule(s rowScanner) (*cases.DispatchRule, error) {
	var r cases.DispatchRule
	var cat, unitRetired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&r.ID, &r.NodeID, &cat, &r.UnitID, &r.Note, &created, &updated, &r.Version,
		&r.NodePath, &r.NodeName, &r.UnitName, &unitRetired); err != nil {
		return nil, err
	}
	r.CategoryID, r.UnitRetired = cat.Int64, unitRetired.Valid
	r.Created, r.Updated = fromMS(created), fromMS(updated)
	return &r, nil
}

// DispatchRuleFilter selects rules in a listing.
type DispatchRuleFilter struct {
	Under      int64 // rules of this node and the nodes below it
	UnitID     int64
	CategoryID int64 // rules of this category; with a major class, of its minor classes too
	AnyOnly    bool  // only the rules for any category
	Limit      int
}

// DispatchRules lists the rules of the nodes in the caller's scope, the shallowest node
// first.
func (db *DB) DispatchRules(ctx context.Context, p *account.Principal, f DispatchRuleFilter) ([]*cases.DispatchRule, error) {
	if !p.Can(account.RuleManage) {
		return nil, errs.ForbiddenErr()
	}
	lo, hi, ok := p.Scope()
	if !ok {
		return nil, nil
	}
	where := []string{"n.path >= ? AND n.path < ?"}
	args := []any{lo, hi}
	if f.Under != 0 {
		under, err := db.Node(ctx, p, f.Under)
		if err != nil {
			return nil, err
		}
		ulo, uhi := admin.SubtreeRange(under.Path)
		where = append(where, "n.path >= ? AND n.path < ?")
		args = append(args, ulo, uhi)
	}
	if f.UnitID != 0 {
		where = append(where, "r.unit_id = ?")
		args = append(args, f.UnitID)
	}
	switch {
	case f.AnyOnly:
		where = append(where, "r.category_id IS NULL")
	case f.CategoryID != 0:
		where = append(where, "(r.category_id = ? OR r.category_id IN (SELECT id FROM categories WHERE parent_id = ?))")
		args = append(args, f.CategoryID, f.CategoryID)
	}
	limit := f.Limit
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	return queryList(ctx, db, "entity.dispatch_rule", scanRule, `SELECT `+ruleCols+ruleFrom+` WHERE `+strings.Join(where, " AND ")+
		` ORDER BY n.level, n.full_code, r.category_id, r.id LIMIT ?`, append(args, limit)...)
}

// DispatchRule returns a rule whose node lies in the caller's scope.
func (db *DB) DispatchRule(ctx context.Context, p *account.Principal, id int64) (*cases.DispatchRule, error) {
	if !p.Can(account.RuleManage) {
		return nil, errs.ForbiddenErr()
	}
	r, err := scanRule(db.queryRow(ctx, `SELECT `+ruleCols+ruleFrom+` WHERE r.id = ?`, id))
	if err != nil {
		return nil, mapErr(err, "entity.dispatch_rule")
	}
	if !p.InScope(r.NodePath) {
		return nil, errs.NotFoundf("entity.dispatch_rule")
	}
	return r, nil
}

// DispatchUnits lists the active units a dispatcher, or a rule in the caller's scope, may
// send cases to: those attached to places in the scope and to the places above it (a
// street's cases often go to the district's departments).
func (db *DB) DispatchUnits(ctx context.Context, p *account.Principal) ([]*admin.Unit, error) {
	if !p.Can(account.RuleManage) && !p.Can(account.CaseDispatch) {
		return nil, errs.ForbiddenErr()
	}
	lo, hi, ok := p.Scope()
	if !ok {
		return nil, nil
	}
	where := "(n.path >= ? AND n.path < ?)"
	args := []any{lo, hi}
	if above := ancestorPaths(p.ScopePath); len(above) > 0 {
		where = "(" + where + " OR n.path IN (" + placeholders(len(above)) + "))"
		for _, a := range above {
			args = append(args, a)
		}
	}
	return queryList(ctx, db, "entity.unit", scanUnit, `SELECT `+unitCols+` FROM units u JOIN nodes n ON n.id = u.node_id
		WHERE `+where+` AND u.retired_at IS NULL ORDER BY n.level, n.full_code, u.kind, u.name LIMIT ?`, append(args, 1000)...)
}

// unitReachable reports whether a rule of the caller may name unit u: attached inside the
// caller's scope or to a place above it.
func unitReachable(p *account.Principal, u *admin.Unit) bool {
	return p.InScope(u.NodePath) || p.ScopePath != "" && strings.HasPrefix(p.ScopePath, u.NodePath)
}

// checkRule validates a rule's input and returns the node it applies to.
func (db *DB) checkRule(ctx context.Context, p *account.Principal, in *cases.DispatchRuleInput) (*admin.Node, error) {
	in.Note = strings.TrimSpace(in.Note)
	t, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	var v errs.Validation
	if err := in.Validate(t); err != nil {
		for _, f := range errs.As(err).Fields {
			v.Add(f.Field, f.Msg.Key, f.Msg.Args...)
		}
	}
	var node *admin.Node
	if in.NodeID != 0 {
		// A place outside the caller's scope is not theirs to see.
		switch node, err = db.Node(ctx, p, in.NodeID); {
		case errs.Is(err, errs.NotFound):
			v.Add("node_id", "err.not_found", errs.M("entity.node"))
		case err != nil:
			return nil, err
		case node.IsRetired():
			v.Add("node_id", "err.node_parent_retired")
		}
	}
	if in.UnitID != 0 {
		switch u, err := db.unitByID(ctx, in.UnitID); {
		case errs.Is(err, errs.NotFound) || err == nil && !unitReachable(p, u):
			v.Add("unit_id", "err.not_found", errs.M("entity.unit"))
		case err != nil:
			return nil, err
		case u.IsRetired():
			v.Add("unit_id", "err.unit_retired")
		}
	}
	return node, v.Err()
}

func ruleCategoryArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func ruleTaken(err error) error {
	if isUnique(err, "dispatch_rules_node_category") {
		return errs.FieldInvalid("category_id", "err.dispatch_rule_taken")
	}
	return mapErr(err, "entity.dispatch_rule")
}

// CreateDispatchRule adds a rule for a node in the caller's scope.
func (db *DB) CreateDispatchRule(ctx context.Context, p *account.Principal, in cases.DispatchRuleInput) (*cases.DispatchRule, error) {
	if !p.Can(account.RuleManage) {
		return nil, errs.ForbiddenErr()
	}
	node, err := db.checkRule(ctx, p, &in)
	if err != nil {
		return nil, err
	}
	if err := authorize(p, account.RuleManage, node.Path); err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		now := ms(tx.now)
		var err error
		if id, err = tx.insert(`INSERT INTO dispatch_rules (node_id, category_id, unit_id, note, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
			in.NodeID, ruleCategoryArg(in.CategoryID), in.UnitID, in.Note, now, now); err != nil {
			return ruleTaken(err)
		}
		return tx.audit(Record{Action: "dispatch_rule.create", Entity: "dispatch_rule", EntityID: id, NodePath: node.Path,
			Detail: map[string]any{"node_id": in.NodeID, "category_id": in.CategoryID, "unit_id": in.UnitID}})
	})
	if err != nil {
		return nil, err
	}
	return db.DispatchRule(ctx, p, id)
}

// UpdateDispatchRule changes a rule; both its old and its new node must be in scope.
func (db *DB) UpdateDispatchRule(ctx context.Context, p *account.Principal, id int64, in cases.DispatchRuleInput, version int) (*cases.DispatchRule, error) {
	old, err := db.DispatchRule(ctx, p, id)
	if err != nil {
		return nil, err
	}
	node, err := db.checkRule(ctx, p, &in)
	if err != nil {
		return nil, err
	}
	if err := authorize(p, account.RuleManage, node.Path); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE dispatch_rules SET node_id = ?, category_id = ?, unit_id = ?, note = ?, updated_at = ?,
			version = version + 1 WHERE id = ? AND version = ?`,
			in.NodeID, ruleCategoryArg(in.CategoryID), in.UnitID, in.Note, ms(tx.now), id, version)); err != nil {
			return ruleTaken(err)
		}
		return tx.audit(Record{Action: "dispatch_rule.update", Entity: "dispatch_rule", EntityID: id, NodePath: node.Path,
			Detail: map[string]any{"node_id": []int64{old.NodeID, in.NodeID}, "category_id": []int64{old.CategoryID, in.CategoryID},
				"unit_id": []int64{old.UnitID, in.UnitID}}})
	})
	if err != nil {
		return nil, err
	}
	return db.DispatchRule(ctx, p, id)
}

// DeleteDispatchRule removes a rule; cases already dispatched keep their unit.
func (db *DB) DeleteDispatchRule(ctx context.Context, p *account.Principal, id int64, version int) error {
	old, err := db.DispatchRule(ctx, p, id)
	if err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`DELETE FROM dispatch_rules WHERE id = ? AND version = ?`, id, version)); err != nil {
			return mapErr(err, "entity.dispatch_rule")
		}
		return tx.audit(Record{Action: "dispatch_rule.delete", Entity: "dispatch_rule", EntityID: id, NodePath: old.NodePath,
			Detail: map[string]any{"node_id": old.NodeID, "category_id": old.CategoryID, "unit_id": old.UnitID}})
	})
}

// ResolveUnit picks the unit a case of category categoryID (0 when not yet classified) at
// the node with materialised path nodePath goes to, about facility facilityID (0 for
// none), by cases.ResolveUnit. reason is a cases.Resolution token ("rule:12",
// "owner:3205080101000001") for cases.ReasonMessage; unitID 0 means no rule applies and the
// case waits for a dispatcher. It reads no caller's scope: the case core has checked it.
func (db *DB) ResolveUnit(ctx context.Context, categoryID int64, nodePath string, facilityID int64) (unitID int64, reason string, err error) {
	return db.resolveUnit(ctx, categoryID, nodePath, facilityID, func(q string, args ...any) (*sql.Rows, error) {
		return db.query(ctx, q, args...)
	})
}

// resolveUnit is ResolveUnit inside a write transaction, for the case core.
func (t *Tx) resolveUnit(categoryID int64, nodePath string, facilityID int64) (unitID int64, reason string, err error) {
	tree, err := t.categories()
	if err != nil {
		return 0, "", err
	}
	return t.db.resolveUnitIn(tree, categoryID, nodePath, facilityID, t.query)
}

func (db *DB) resolveUnit(ctx context.Context, categoryID int64, nodePath string, facilityID int64,
	query func(q string, args ...any) (*sql.Rows, error)) (int64, string, error) {
	tree, err := db.Categories(ctx)
	if err != nil {
		return 0, "", err
	}
	return db.resolveUnitIn(tree, categoryID, nodePath, facilityID, query)
}

// resolveUnitIn is resolveUnit with the category tree read.
func (db *DB) resolveUnitIn(tree *cases.Tree, categoryID int64, nodePath string, facilityID int64,
	query func(q string, args ...any) (*sql.Rows, error)) (int64, string, error) {
	q, err := dispatchQuery(tree, categoryID, nodePath, facilityID, query)
	if err != nil {
		return 0, "", err
	}
	rules, err := rulesFor(admin.PathIDs(nodePath), []*cases.Category{q.Category, q.Major}, query)
	if err != nil {
		return 0, "", err
	}
	return resolved(rules, q)
}

// resolved is the unit the rules send the case of q to, and the reason in words of the
// rules (0 when none applies).
func resolved(rules []*cases.DispatchRule, q cases.DispatchQuery) (int64, string, error) {
	res, ok := cases.ResolveUnit(rules, q)
	if !ok {
		return 0, "", nil
	}
	return res.UnitID, res.Reason(), nil
}

// dispatchQuery is what the rules are asked about a case: its place, its category and
// major class, and its facility's owner.
func dispatchQuery(tree *cases.Tree, categoryID int64, nodePath string, facilityID int64,
	query func(q string, args ...any) (*sql.Rows, error)) (cases.DispatchQuery, error) {
	q := cases.DispatchQuery{NodePath: nodePath}
	if categoryID != 0 {
		if q.Category = tree.ByID(categoryID); q.Category == nil {
			return q, errs.FieldInvalid("category_id", "err.not_found", errs.M("entity.category"))
		}
		if q.Major = tree.Major(q.Category); q.Major == q.Category {
			q.Major = nil
		}
	}
	if facilityID != 0 {
		rows, err := query(`SELECT f.id, f.code, f.owner_unit_id, u.retired_at FROM facilities f
			LEFT JOIN units u ON u.id = f.owner_unit_id WHERE f.id = ?`, facilityID)
		owners, err := collect(rows, err, "entity.facility", scanOwner)
		if err != nil {
			return q, err
		}
		if len(owners) == 0 {
			return q, errs.FieldInvalid("facility_id", "err.not_found", errs.M("entity.facility"))
		}
		q.Owner = owners[0]
	}
	return q, nil
}

// rulesFor reads the rules at the nodes ids for any category or one of cats (nil ones
// are skipped): all ResolveUnit needs for cases on paths through those nodes.
func rulesFor(ids []int64, cats []*cases.Category, query func(q string, args ...any) (*sql.Rows, error)) ([]*cases.DispatchRule, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(ids)+len(cats))
	for _, id := range ids {
		args = append(args, id)
	}
	var catIDs []any
	seen := map[int64]bool{}
	for _, c := range cats {
		if c != nil && !seen[c.ID] {
			seen[c.ID] = true
			catIDs = append(catIDs, c.ID)
		}
	}
	where := "r.category_id IS NULL"
	if len(catIDs) > 0 {
		where += " OR r.category_id IN (" + placeholders(len(catIDs)) + ")"
		args = append(args, catIDs...)
	}
	rows, err := query(`SELECT `+ruleCols+ruleFrom+` WHERE r.node_id IN (`+placeholders(len(ids))+`) AND (`+where+`)`, args...)
	return collect(rows, err, "entity.dispatch_rule", scanRule)
}

func scanOwner(s rowScanner) (*cases.FacilityOwner, error) {
	var o cases.FacilityOwner
	var unit, retired sql.NullInt64
	if err := s.Scan(&o.FacilityID, &o.FacilityCode, &unit, &retired); err != nil {
		return nil, err
	}
	if !retired.Valid {
		o.UnitID = unit.Int64 // a retired owner receives no cases: the area rule applies
	}
	return &o, nil
}
