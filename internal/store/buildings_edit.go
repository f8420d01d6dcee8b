package store

import (
	"context"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
)

// BuildingFilter selects buildings in a listing: the common register filter plus the
// building's kind.
type BuildingFilter struct {
	RegisterFilter
	Kind register.BuildingKind // "" for any kind
}

// HouseFilter selects houses in a listing: the common register filter (ParentID is the
// building) plus the house's use and unit.
type HouseFilter struct {
	RegisterFilter
	Use  register.HouseUse // "" for any use
	Unit string            // 单元, exactly; "" for any
	// Whole lists the building f.ParentID entire, in reading order (unit, floor, room),
	// for the building sheet; otherwise houses come in id order from f.AfterID.
	Whole bool
}

// ListBuildings lists buildings in the caller's scope, in id order from f.AfterID.
func (db *DB) ListBuildings(ctx context.Context, p *account.Principal, f BuildingFilter) ([]*register.Building, error) {
	lo, hi, err := db.scopeRange(ctx, p, f.Under)
	if err != nil {
		return nil, err
	}
	where := []string{"b.node_path >= ? AND b.node_path < ?", "b.id > ?"}
	args := []any{lo, hi, f.AfterID}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(b.name LIKE ? ESCAPE '\' OR b.address LIKE ? ESCAPE '\')`)
		args = append(args, "%"+escapeLike(q)+"%", "%"+escapeLike(q)+"%")
	}
	if f.Kind != "" {
		where = append(where, "b.kind = ?")
		args = append(args, f.Kind)
	}
	if !f.IncludeRetired {
		where = append(where, "b.retired_at IS NULL")
	}
	args = append(args, listLimit(f.Limit))
	rows, err := queryList(ctx, db, "entity.building", scanBuilding, `SELECT `+buildingCols+` FROM buildings b WHERE `+
		strings.Join(where, " AND ")+` ORDER BY b.id LIMIT ?`, args...)
	out := make([]*register.Building, len(rows))
	for i, r := range rows {
		out[i] = r.Building
	}
	return out, err
}

// ListHouses lists houses in the caller's scope; see HouseFilter for the order.
func (db *DB) ListHouses(ctx context.Context, p *account.Principal, f HouseFilter) ([]*register.House, error) {
	lo, hi, err := db.scopeRange(ctx, p, f.Under)
	if err != nil {
		return nil, err
	}
	where := []string{"h.node_path >= ? AND h.node_path < ?"}
	args := []any{lo, hi}
	if f.ParentID != 0 {
		where = append(where, "h.building_id = ?")
		args = append(args, f.ParentID)
	}
	order, limit := "h.id", listLimit(f.Limit)
	if f.Whole && f.ParentID != 0 {
		order, limit = "h.unit, h.floor, h.room, h.id", 5000 // a building is listed whole
	} else {
		where = append(where, "h.id > ?")
		args = append(args, f.AfterID)
	}
	if f.Use != "" {
		where = append(where, "h.house_use = ?")
		args = append(args, f.Use)
	}
	if u := strings.TrimSpace(f.Unit); u != "" {
		where = append(where, "h.unit = ?")
		args = append(args, u)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(h.room LIKE ? ESCAPE '\' OR h.address LIKE ? ESCAPE '\' OR h.code = ?)`)
		args = append(args, "%"+escapeLike(q)+"%", "%"+escapeLike(q)+"%", strings.ToUpper(q))
	}
	if !f.IncludeRetired {
		where = append(where, "h.retired_at IS NULL")
	}
	args = append(args, limit)
	rows, err := queryList(ctx, db, "entity.house", scanHouse, `SELECT `+houseCols+` FROM houses h WHERE `+
		strings.Join(where, " AND ")+` ORDER BY `+order+` LIMIT ?`, args...)
	out := make([]*register.House, len(rows))
	for i, r := range rows {
		out[i] = r.House
	}
	return out, err
}

// HouseCounts returns the number of active houses of each of the given buildings that
// the caller may see; buildings without houses are left out.
func (db *DB) HouseCounts(ctx context.Context, p *account.Principal, buildingIDs []int64) (map[int64]int, error) {
	out := map[int64]int{}
	lo, hi, ok := p.Scope()
	if len(buildingIDs) == 0 || !ok || !p.Can(account.RegisterView) {
		return out, nil
	}
	args := []any{lo, hi}
	for _, id := range buildingIDs {
		args = append(args, id)
	}
	rows, err := db.query(ctx, `SELECT building_id, COUNT(*) FROM houses WHERE node_path >= ? AND node_path < ? AND retired_at IS NULL
		AND building_id IN (`+placeholders(len(buildingIDs))+`) GROUP BY building_id`, args...)
	if err != nil {
		return nil, mapErr(err, "entity.house")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, mapErr(err, "entity.house")
		}
		out[id] = n
	}
	return out, mapErr(rows.Err(), "entity.house")
}

// editableBuilding reads a building the caller may change: in scope, register.edit,
// and not retired.
func (db *DB) editableBuilding(ctx context.Context, p *account.Principal, id int64) (*register.Building, string, error) {
	row, err := db.buildingRow(ctx, p, id)
	if err != nil {
		return nil, "", err
	}
	if !p.Can(account.RegisterEdit) {
		return nil, "", errs.ForbiddenErr()
	}
	return row.Building, row.path, nil
}

// UpdateBuilding changes a building, version being the one the caller read. Moving it
// to another grid takes its houses along. Lowering the number of floors is refused
// while houses stand on the floors that would go.
func (db *DB) UpdateBuilding(ctx context.Context, p *account.Principal, id int64, in register.BuildingInput, version int) (*register.Building, error) {
	b, _, err := db.editableBuilding(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if b.IsRetired() {
		return nil, errs.E(errs.Conflict, "err.building_retired")
	}
	in.Normalize()
	node, err := db.registerNode(ctx, p, in.NodeID)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(node); err != nil {
		return nil, err
	}
	lng, lat := lngLat(in.Location)
	err = db.write(ctx, p, func(tx *Tx) error {
		var above, below int
		if err := tx.queryRow(`SELECT
			(SELECT COUNT(*) FROM houses WHERE building_id = ? AND retired_at IS NULL AND floor > ?),
			(SELECT COUNT(*) FROM houses WHERE building_id = ? AND retired_at IS NULL AND floor < ?)`,
			id, in.FloorsAbove, id, -in.FloorsBelow).Scan(&above, &below); err != nil {
			return mapErr(err, "entity.house")
		}
		var v errs.Validation
		v.Check(above == 0, "floors_above", "err.building_floors_used", above)
		v.Check(below == 0, "floors_below", "err.building_floors_used", below)
		if err := v.Err(); err != nil {
			return err
		}
		err := expectOne(tx.exec(`UPDATE buildings SET node_id = ?, node_path = ?, name = ?, address = ?, lng = ?, lat = ?, floors_above = ?,
			floors_below = ?, kind = ?, nkey = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			node.ID, node.Path, in.Name, in.Address, lng, lat, in.FloorsAbove, in.FloorsBelow, in.Kind, nullKey(register.BuildingKey(node.ID, in.Name)),
			ms(tx.now), id, version))
		if err != nil {
			return buildingTaken(err)
		}
		if node.ID != b.NodeID {
			if _, err := tx.exec(`UPDATE houses SET node_id = ?, node_path = ? WHERE building_id = ?`, node.ID, node.Path, id); err != nil {
				return mapErr(err, "entity.house")
			}
		}
		return tx.audit(Record{Action: "building.update", Entity: "building", EntityID: id, NodePath: node.Path,
			Detail: map[string]any{"name": []string{b.Name, in.Name}, "address": []string{b.Address, in.Address},
				"node_id": []int64{b.NodeID, node.ID}, "kind": []register.BuildingKind{b.Kind, in.Kind},
				"floors_above": []int{b.FloorsAbove, in.FloorsAbove}, "floors_below": []int{b.FloorsBelow, in.FloorsBelow},
				"location": []string{pointText(b.Location), pointText(in.Location)}}})
	})
	if err != nil {
		return nil, err
	}
	return db.Building(ctx, p, id)
}

// RetireBuilding marks a building demolished or merged. It is refused while the
// building has active houses: retire or move them first.
func (db *DB) RetireBuilding(ctx context.Context, p *account.Principal, id int64, version int) error {
	b, path, err := db.editableBuilding(ctx, p, id)
	if err != nil {
		return err
	}
	if b.IsRetired() {
		return errs.E(errs.Conflict, "err.building_retired")
	}
	return db.write(ctx, p, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(`SELECT COUNT(*) FROM houses WHERE building_id = ? AND retired_at IS NULL`, id).Scan(&n); err != nil {
			return mapErr(err, "entity.house")
		}
		if n > 0 {
			return errs.E(errs.Conflict, "err.building_has_houses", n)
		}
		if err := tx.setRetired("buildings", id, version, true); err != nil {
			return mapErr(err, "entity.building")
		}
		return tx.audit(Record{Action: "building.retire", Entity: "building", EntityID: id, NodePath: path})
	})
}

// RestoreBuilding brings a retired building back; its grid must still be current.
func (db *DB) RestoreBuilding(ctx context.Context, p *account.Principal, id int64, version int) error {
	b, path, err := db.editableBuilding(ctx, p, id)
	if err != nil {
		return err
	}
	if !b.IsRetired() {
		return errs.E(errs.Conflict, "err.building_not_retired")
	}
	if n, err := db.Node(ctx, p, b.NodeID); err != nil {
		return err
	} else if n.IsRetired() {
		return errs.E(errs.Conflict, "err.node_parent_retired")
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if err := tx.setRetired("buildings", id, version, false); err != nil {
			return mapErr(err, "entity.building")
		}
		return tx.audit(Record{Action: "building.restore", Entity: "building", EntityID: id, NodePath: path})
	})
}

// editableHouse reads a house the caller may change.
func (db *DB) editableHouse(ctx context.Context, p *account.Principal, id int64) (*register.House, string, error) {
	row, err := db.houseRow(ctx, p, id)
	if err != nil {
		return nil, "", err
	}
	if !p.Can(account.RegisterEdit) {
		return nil, "", errs.ForbiddenErr()
	}
	return row.House, row.path, nil
}

// houseBuilding looks up the building a house form names, in the caller's scope, for
// validation: nil when there is none.
func (db *DB) houseBuilding(ctx context.Context, p *account.Principal, id int64) (*register.Building, string, error) {
	if id == 0 {
		return nil, "", nil
	}
	row, err := scanBuilding(db.queryRow(ctx, `SELECT `+buildingCols+` FROM buildings b WHERE b.id = ?`, id))
	if err != nil {
		if errs.Is(mapErr(err, "entity.building"), errs.NotFound) {
			return nil, "", nil
		}
		return nil, "", mapErr(err, "entity.building")
	}
	if !p.InScope(row.path) {
		return nil, "", nil
	}
	return row.Building, row.path, nil
}

// UpdateHouse changes a house, version being the one the caller read. The door-plate
// code never changes, even when the house is moved to another building (a correction).
func (db *DB) UpdateHouse(ctx context.Context, p *account.Principal, id int64, in register.HouseInput, version int) (*register.House, error) {
	h, _, err := db.editableHouse(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if h.IsRetired() {
		return nil, errs.E(errs.Conflict, "err.house_retired")
	}
	in.Normalize()
	b, path, err := db.houseBuilding(ctx, p, in.BuildingID)
	if err != nil {
		return nil, err
	}
	if err := in.Validate(b); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		err := expectOne(tx.exec(`UPDATE houses SET building_id = ?, node_id = ?, node_path = ?, unit = ?, floor = ?, room = ?, address = ?,
			area = ?, house_use = ?, owner_name = ?, owner_person_id = ?, nkey = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			b.ID, b.NodeID, path, in.Unit, in.Floor, in.Room, in.Address, in.Area, in.Use, in.OwnerName, nullID(in.OwnerPersonID),
			nullKey(register.HouseKey(b.ID, in.Unit, in.Floor, in.Room)), ms(tx.now), id, version))
		if err != nil {
			if isUnique(err, "house") {
				return errs.FieldInvalid("room", "err.house_taken")
			}
			return mapErr(err, "entity.house")
		}
		// The owner's name is personal data and stays out of the log; that it changed is enough.
		return tx.audit(Record{Action: "house.update", Entity: "house", EntityID: id, NodePath: path,
			Detail: map[string]any{"building": []int64{h.BuildingID, b.ID}, "unit": []string{h.Unit, in.Unit},
				"floor": []int{h.Floor, in.Floor}, "room": []string{h.Room, in.Room}, "address": []string{h.Address, in.Address},
				"area": []float64{h.Area, in.Area}, "use": []register.HouseUse{h.Use, in.Use},
				"owner_changed": h.OwnerName != in.OwnerName || h.OwnerPersonID != in.OwnerPersonID}})
	})
	if err != nil {
		return nil, err
	}
	return db.House(ctx, p, id)
}

// RetireHouse marks a house gone (merged, demolished, entered twice); its door plate
// then leads nowhere.
func (db *DB) RetireHouse(ctx context.Context, p *account.Principal, id int64, version int) error {
	h, path, err := db.editableHouse(ctx, p, id)
	if err != nil {
		return err
	}
	if h.IsRetired() {
		return errs.E(errs.Conflict, "err.house_retired")
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if err := tx.setRetired("houses", id, version, true); err != nil {
			return mapErr(err, "entity.house")
		}
		return tx.audit(Record{Action: "house.retire", Entity: "house", EntityID: id, NodePath: path})
	})
}

// RestoreHouse brings a retired house back; its building must be current.
func (db *DB) RestoreHouse(ctx context.Context, p *account.Principal, id int64, version int) error {
	h, path, err := db.editableHouse(ctx, p, id)
	if err != nil {
		return err
	}
	if !h.IsRetired() {
		return errs.E(errs.Conflict, "err.house_not_retired")
	}
	b, err := db.Building(ctx, p, h.BuildingID)
	if err != nil {
		return err
	}
	if b.IsRetired() {
		return errs.E(errs.Conflict, "err.building_retired")
	}
	return db.write(ctx, p, func(tx *Tx) error {
		if err := tx.setRetired("houses", id, version, false); err != nil {
			if isUnique(err, "house") {
				return errs.E(errs.Conflict, "err.house_taken")
			}
			return mapErr(err, "entity.house")
		}
		return tx.audit(Record{Action: "house.restore", Entity: "house", EntityID: id, NodePath: path})
	})
}

// pointText is a position as the audit log records it: "lng,lat", or "" for none.
func pointText(pt *geo.Point) string {
	if pt == nil {
		return ""
	}
	return strconv.FormatFloat(pt.Lng, 'f', -1, 64) + "," + strconv.FormatFloat(pt.Lat, 'f', -1, 64)
}
