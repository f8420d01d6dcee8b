package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
)

// FacilityOwnerUnits lists the active units a facility in the caller's scope may be owned
// by: those attached to places in the scope, and those of the places above it. Owners are
// often departments of the street or district above a grid (街道城管科, 区水务局), which
// a grid worker's own scope does not reach but CreateFacility accepts, so a picker built
// from Units alone would offer them nothing.
func (db *DB) FacilityOwnerUnits(ctx context.Context, p *account.Principal) ([]*admin.Unit, error) {
	if !p.Can(account.RegisterView) {
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

// ancestorPaths are the materialised paths of the nodes above the one at path
// ("/1/4/9/" gives "/1/" and "/1/4/").
func ancestorPaths(path string) []string {
	var out []string
	for i := 1; i < len(path)-1; i++ {
		if path[i] == '/' {
			out = append(out, path[:i+1])
		}
	}
	return out
}
