package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/register"
)

// PeopleCount returns how many current residents (not moved away or died) live in a
// place of the caller's scope and below, one range of the index persons_path. A place
// beyond the scope is not found.
func (db *DB) PeopleCount(ctx context.Context, p *account.Principal, under int64) (int, error) {
	lo, hi, err := db.scopeRange(ctx, p, under)
	if err != nil {
		return 0, err
	}
	var n int
	err = db.queryRow(ctx, `SELECT COUNT(*) FROM persons WHERE node_path >= ? AND node_path < ? AND retired_at IS NULL`, lo, hi).Scan(&n)
	return n, mapErr(err, register.EntityPerson)
}

// PersonNames returns the names of the given residents that the caller may see, for
// pages that link to them (a household's members, a house's residents) without reading
// whole records.
func (db *DB) PersonNames(ctx context.Context, p *account.Principal, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	lo, hi, ok := p.Scope()
	if len(ids) == 0 || !ok || !p.Can(account.RegisterView) {
		return out, nil
	}
	args := []any{lo, hi}
	for _, id := range ids {
		args = append(args, id)
	}
	rows, err := db.query(ctx, `SELECT id, name FROM persons WHERE node_path >= ? AND node_path < ? AND id IN (`+
		placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, mapErr(err, register.EntityPerson)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, mapErr(err, register.EntityPerson)
		}
		out[id] = name
	}
	return out, mapErr(rows.Err(), register.EntityPerson)
}
