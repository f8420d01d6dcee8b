package store

import (
	"context"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
)

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
