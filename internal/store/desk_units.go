package store

import (
	"context"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
)

// The units the case pages name and offer: a case's unit is shown to everyone who sees
// the case, and a dispatcher picks among the units of their area and of the areas above
// it (a street dispatches to the district's bureaus as well as its own offices).

// DispatchUnits lists the units p may dispatch cases to: those attached in p's scope and
// those attached to the nodes above it, retired ones left out. Callers who may not
// dispatch get none.
func (db *DB) DispatchUnits(ctx context.Context, p *account.Principal) ([]*admin.Unit, error) {
	lo, hi, ok := p.Scope()
	if !ok || !p.Can(account.CaseDispatch) {
		return nil, nil
	}
	where := "(n.path >= ? AND n.path < ?)"
	args := []any{lo, hi}
	if above := admin.PathIDs(p.ScopePath); len(above) > 1 {
		above = above[:len(above)-1]
		where += " OR u.node_id IN (" + placeholders(len(above)) + ")"
		for _, id := range above {
			args = append(args, id)
		}
	}
	return queryList(ctx, db, "entity.unit", scanUnit, `SELECT `+unitCols+` FROM units u JOIN nodes n ON n.id = u.node_id
		WHERE u.retired_at IS NULL AND (`+where+`) ORDER BY n.level, n.full_code, u.kind, u.name LIMIT 1000`, args...)
}

// UnitNames names the given units for someone who sees cases: a case page says which
// unit holds the case wherever the unit sits in the tree. Unit names are public facts,
// but callers without case.view get none.
func (db *DB) UnitNames(ctx context.Context, p *account.Principal, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 || !p.Can(account.CaseView) {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.query(ctx, `SELECT id, name FROM units WHERE id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, mapErr(err, "entity.unit")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, mapErr(err, "entity.unit")
		}
		out[id] = strings.TrimSpace(name)
	}
	return out, mapErr(rows.Err(), "entity.unit")
}
