package store

import (
	"context"
	"database/sql"
	"strconv"
	"sync/atomic"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
)

// categoryCache holds the last category tree read, with the stamp of the table it was
// read at. A write on this instance drops it; a write on another instance (several
// servers on one PostgreSQL) changes the stamp, so no instance serves a stale tree.
type categoryCache struct {
	p atomic.Pointer[cachedTree]
}

type cachedTree struct {
	n, versions int64
	tree        *cases.Tree
}

const categoryCols = `id, parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
	acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
	retired_at, created_at, updated_at, version`

func scanCategory(s rowScanner) (*cases.Category, error) {
	var c cases.Category
	var parent, retired sql.NullInt64
	var created, updated int64
	var amounts [4]int
	var units [4]string
	if err := s.Scan(&c.ID, &parent, &c.Kind, &c.Code, &c.Name, &c.RegisterRule, &c.CloseRule, &c.Triage, &c.Priority, &c.Responsibility,
		&amounts[0], &units[0], &amounts[1], &units[1], &amounts[2], &units[2], &amounts[3], &units[3],
		&retired, &created, &updated, &c.Version); err != nil {
		return nil, err
	}
	c.ParentID = parent.Int64
	c.Limits = cases.Limits{}
	for i, st := range cases.Stages {
		if amounts[i] != 0 {
			c.Limits[st] = calendar.Limit{Amount: amounts[i], Unit: calendar.Unit(units[i])}
		}
	}
	c.Retired, c.Created, c.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return &c, nil
}

// limitArgs are the stored columns of limits, in the order of cases.Stages.
func limitArgs(l cases.Limits) []any {
	var out []any
	for _, st := range cases.Stages {
		x := l[st]
		if x.IsZero() {
			out = append(out, 0, "")
			continue
		}
		out = append(out, x.Amount, string(x.Unit))
	}
	return out
}

// Categories is the category tree, retired categories included. Everyone who reports,
// reviews or dispatches cases reads it, so it is cached until a category changes.
func (db *DB) Categories(ctx context.Context) (*cases.Tree, error) {
	var n, versions int64
	if err := db.queryRow(ctx, categoriesStamp).Scan(&n, &versions); err != nil {
		return nil, mapErr(err, "entity.category")
	}
	return db.categoriesAt(ctx, n, versions)
}

// categoriesStamp reads what tells whether the categories changed: their number and the
// sum of their versions.
const categoriesStamp = `SELECT COUNT(*), COALESCE(SUM(version), 0) FROM categories`

// categoriesAt is the category tree when the table's stamp is n and versions: the cached
// one when it has that stamp.
func (db *DB) categoriesAt(ctx context.Context, n, versions int64) (*cases.Tree, error) {
	if c := db.categories.p.Load(); c != nil && c.n == n && c.versions == versions {
		return c.tree, nil
	}
	cs, err := queryList(ctx, db, "entity.category", scanCategory, `SELECT `+categoryCols+` FROM categories`)
	if err != nil {
		return nil, err
	}
	t := cases.NewTree(cs)
	db.categories.p.Store(&cachedTree{n: n, versions: versions, tree: t})
	return t, nil
}

// Category returns one category, or NotFound.
func (db *DB) Category(ctx context.Context, id int64) (*cases.Category, error) {
	t, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	c := t.ByID(id)
	if c == nil {
		return nil, errs.NotFoundf("entity.category")
	}
	return c, nil
}

// writeCategory runs a category write and drops the cached tree.
func (db *DB) writeCategory(ctx context.Context, p *account.Principal, fn func(tx *Tx) error) error {
	defer db.categories.p.Store(nil)
	return db.write(ctx, p, fn)
}

func categoryDetail(in cases.CategoryInput) map[string]any {
	limits := map[string]string{}
	for st, l := range in.Limits {
		limits[string(st)] = calendarLimitText(l)
	}
	return map[string]any{"kind": in.Kind, "code": in.Code, "name": in.Name, "triage": in.Triage, "priority": in.Priority,
		"responsibility": in.Responsibility, "limits": limits}
}

func calendarLimitText(l calendar.Limit) string {
	if l.IsZero() {
		return ""
	}
	return strconv.Itoa(l.Amount) + " " + string(l.Unit)
}

// CreateCategory adds a major class (in.ParentID 0) or a minor class under one.
func (db *DB) CreateCategory(ctx context.Context, p *account.Principal, in cases.CategoryInput) (*cases.Category, error) {
	if !p.Can(account.CategoryManage) {
		return nil, errs.ForbiddenErr()
	}
	t, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	in.Normalize(t)
	if err := in.Validate(t, 0); err != nil {
		return nil, err
	}
	var id int64
	err = db.writeCategory(ctx, p, func(tx *Tx) error {
		now := ms(tx.now)
		var parent any
		if in.ParentID != 0 {
			parent = in.ParentID
		}
		args := append([]any{parent, in.Kind, in.Code, in.Name, in.RegisterRule, in.CloseRule, in.Triage, in.Priority, in.Responsibility},
			limitArgs(in.Limits)...)
		var err error
		id, err = tx.insert(`INSERT INTO categories (parent_id, kind, code, name, register_rule, close_rule, triage, priority, responsibility,
			acknowledge_amount, acknowledge_unit, handle_amount, handle_unit, verify_amount, verify_unit, visit_amount, visit_unit,
			created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, append(args, now, now)...)
		if err != nil {
			if isUnique(err, "code") {
				return errs.FieldInvalid("code", "err.category_code_taken", in.Code)
			}
			return mapErr(err, "entity.category")
		}
		return tx.audit(Record{Action: "category.create", Entity: "category", EntityID: id, Detail: categoryDetail(in)})
	})
	if err != nil {
		return nil, err
	}
	return db.Category(ctx, id)
}

// UpdateCategory edits a category's code, name, rules, triage, priority, responsibility
// and limits; its kind and major class stay. The code of a major class with minor
// classes is fixed, since theirs begin with it.
func (db *DB) UpdateCategory(ctx context.Context, p *account.Principal, id int64, in cases.CategoryInput, version int) (*cases.Category, error) {
	if !p.Can(account.CategoryManage) {
		return nil, errs.ForbiddenErr()
	}
	t, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	c := t.ByID(id)
	if c == nil {
		return nil, errs.NotFoundf("entity.category")
	}
	if c.IsRetired() {
		return nil, errs.E(errs.Conflict, "err.category_is_retired")
	}
	in.ParentID, in.Kind = c.ParentID, c.Kind
	in.Normalize(t)
	if err := in.Validate(t, id); err != nil {
		return nil, err
	}
	if c.IsMajor() && in.Code != c.Code && len(t.Children(id)) > 0 {
		return nil, errs.FieldInvalid("code", "err.category_code_children")
	}
	err = db.writeCategory(ctx, p, func(tx *Tx) error {
		args := append([]any{in.Code, in.Name, in.RegisterRule, in.CloseRule, in.Triage, in.Priority, in.Responsibility},
			limitArgs(in.Limits)...)
		err := expectOne(tx.exec(`UPDATE categories SET code = ?, name = ?, register_rule = ?, close_rule = ?, triage = ?, priority = ?,
			responsibility = ?, acknowledge_amount = ?, acknowledge_unit = ?, handle_amount = ?, handle_unit = ?, verify_amount = ?,
			verify_unit = ?, visit_amount = ?, visit_unit = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			append(args, ms(tx.now), id, version)...))
		if err != nil {
			if isUnique(err, "code") {
				return errs.FieldInvalid("code", "err.category_code_taken", in.Code)
			}
			return mapErr(err, "entity.category")
		}
		before := categoryDetail(cases.CategoryInput{Kind: c.Kind, Code: c.Code, Name: c.Name, Triage: c.Triage, Priority: c.Priority,
			Responsibility: c.Responsibility, Limits: c.Limits})
		return tx.audit(Record{Action: "category.update", Entity: "category", EntityID: id,
			Detail: map[string]any{"before": before, "after": categoryDetail(in)}})
	})
	if err != nil {
		return nil, err
	}
	return db.Category(ctx, id)
}

// SetCategoryRetired retires a category (no new case may be given it; existing cases
// keep it) or brings it back. A major class is retired only once its minor classes are,
// and a minor class comes back only under an active major class.
func (db *DB) SetCategoryRetired(ctx context.Context, p *account.Principal, id int64, retired bool, version int) error {
	if !p.Can(account.CategoryManage) {
		return errs.ForbiddenErr()
	}
	t, err := db.Categories(ctx)
	if err != nil {
		return err
	}
	c := t.ByID(id)
	if c == nil {
		return errs.NotFoundf("entity.category")
	}
	if c.IsRetired() == retired {
		if retired {
			return errs.E(errs.Conflict, "err.category_is_retired")
		}
		return errs.E(errs.Conflict, "err.category_not_retired")
	}
	if retired {
		n := 0
		for _, ch := range t.Children(id) {
			if !ch.IsRetired() {
				n++
			}
		}
		if n > 0 {
			return errs.E(errs.Conflict, "err.category_has_active", n)
		}
	} else if m := t.Major(c); m != nil && m.ID != c.ID && m.IsRetired() {
		return errs.E(errs.Conflict, "err.category_parent_retired")
	}
	return db.writeCategory(ctx, p, func(tx *Tx) error {
		var at any
		action := "category.restore"
		if retired {
			at, action = ms(tx.now), "category.retire"
			// A minor class added meanwhile keeps the major class in use.
			var n int
			if err := tx.queryRow(`SELECT COUNT(*) FROM categories WHERE parent_id = ? AND retired_at IS NULL`, id).Scan(&n); err != nil {
				return mapErr(err, "entity.category")
			}
			if n > 0 {
				return errs.E(errs.Conflict, "err.category_has_active", n)
			}
		}
		if err := expectOne(tx.exec(`UPDATE categories SET retired_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			at, ms(tx.now), id, version)); err != nil {
			return mapErr(err, "entity.category")
		}
		return tx.audit(Record{Action: action, Entity: "category", EntityID: id, Detail: map[string]any{"kind": c.Kind, "code": c.Code}})
	})
}
