package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
)

// refResolver finds the houses and residents that household and rental rows name, once
// per import: houses by grid, building name, unit and room; residents by the keyed hash
// of their ID number. Only what the caller's scope holds is found.
type refResolver struct {
	db        *DB
	base      *importBase
	buildings map[string]*buildingRow // building key → building in scope; nil when none
	houses    map[int64][]houseRow    // building → its houses
	people    map[string]*importPerson
}

// importPerson is a resident a row names by ID number.
type importPerson struct {
	id      int64
	path    string
	retired bool
}

func newRefResolver(b *importBase) *refResolver {
	return &refResolver{db: b.db, base: b, buildings: map[string]*buildingRow{}, houses: map[int64][]houseRow{},
		people: map[string]*importPerson{}}
}

// house finds the house ref names in grid node. A problem with the row is returned as a
// field error; err is for the database.
func (r *refResolver) house(ctx context.Context, node *admin.Node, ref importer.HouseRef) (h *houseRow, problem, err error) {
	key := register.BuildingKey(node.ID, ref.Building)
	b, ok := r.buildings[key]
	if !ok {
		rows, err := queryList(ctx, r.db, "entity.building", scanBuilding, `SELECT `+buildingCols+` FROM buildings b WHERE b.nkey = ?`, key)
		if err != nil {
			return nil, nil, err
		}
		if len(rows) == 1 && r.base.p.InScope(rows[0].path) {
			b = &rows[0]
		}
		r.buildings[key] = b
	}
	if b == nil {
		return nil, errs.FieldInvalid("building_id", "err.import_building_unknown", ref.Building, node.FullCode), nil
	}
	hs, ok := r.houses[b.ID]
	if !ok {
		hs, err = queryList(ctx, r.db, register.EntityHouse, scanHouse, `SELECT `+houseCols+` FROM houses h WHERE h.building_id = ? ORDER BY h.id`, b.ID)
		if err != nil {
			return nil, nil, err
		}
		r.houses[b.ID] = hs
	}
	var found []*houseRow
	for i := range hs {
		x := &hs[i]
		if ref.FloorGiven && x.Floor != ref.Floor {
			continue
		}
		// Compared as natural keys compare them: "2单元" is "2", "501室" is "501".
		if register.HouseKey(b.ID, ref.Unit, x.Floor, ref.Room) == register.HouseKey(b.ID, x.Unit, x.Floor, x.Room) {
			found = append(found, x)
		}
	}
	switch {
	case len(found) == 0:
		return nil, errs.FieldInvalid("room", "err.import_house_unknown", ref.Building, ref.Unit, ref.Room), nil
	case len(found) > 1:
		return nil, errs.FieldInvalid("room", "err.import_house_many", ref.Building, ref.Room), nil
	case !r.base.p.InScope(found[0].path):
		return nil, errs.FieldInvalid("room", "err.import_house_unknown", ref.Building, ref.Unit, ref.Room), nil
	case found[0].IsRetired():
		return nil, errs.FieldInvalid("room", "err.house_retired"), nil
	}
	return found[0], nil, nil
}

// loadPeople looks up, together, the residents of ID numbers not looked up before.
func (r *refResolver) loadPeople(ctx context.Context, numbers []string) error {
	byLookup := map[string]string{}
	var missing []any
	for _, n := range numbers {
		if _, ok := r.people[n]; ok || n == "" {
			continue
		}
		r.people[n] = nil
		l := r.db.keys.Lookup(register.LookupIDNumber, n)
		byLookup[l] = n
		missing = append(missing, l)
	}
	for len(missing) > 0 {
		n := min(len(missing), 500)
		rows, err := r.db.query(ctx, `SELECT id, node_path, retired_at IS NOT NULL, id_lookup FROM persons WHERE id_lookup IN (`+placeholders(n)+`)`,
			missing[:n]...)
		if err != nil {
			return mapErr(err, register.EntityPerson)
		}
		for rows.Next() {
			var p importPerson
			var lookup string
			if err := rows.Scan(&p.id, &p.path, &p.retired, &lookup); err != nil {
				rows.Close()
				return mapErr(err, register.EntityPerson)
			}
			if r.base.p.InScope(p.path) {
				r.people[byLookup[lookup]] = &p
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return mapErr(err, register.EntityPerson)
		}
		missing = missing[n:]
	}
	return nil
}

// person is the resident of an ID number loaded by loadPeople, or a field error: one
// registered beyond the caller's scope is not found, exactly like one never registered.
func (r *refResolver) person(field, number string) (*importPerson, error) {
	p := r.people[number]
	switch {
	case p == nil:
		return nil, errs.FieldInvalid(field, "err.import_person_unknown")
	case p.retired:
		return nil, errs.FieldInvalid(field, "err.person_retired")
	}
	return p, nil
}
