package store

import (
	"context"
	"crypto/rand"
	"database/sql"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
)

const buildingCols = `b.id, b.node_id, b.node_path, b.name, b.address, b.lng, b.lat, b.floors_above, b.floors_below, b.kind,
	b.retired_at, b.created_at, b.updated_at, b.version`

// buildingRow is a building with the path of its grid, which scope checks need.
type buildingRow struct {
	*register.Building
	path string
}

func (r buildingRow) nodePath() string { return r.path }

func scanBuilding(s rowScanner) (buildingRow, error) {
	var b register.Building
	var path string
	var lng, lat sql.NullFloat64
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&b.ID, &b.NodeID, &path, &b.Name, &b.Address, &lng, &lat, &b.FloorsAbove, &b.FloorsBelow, &b.Kind,
		&retired, &created, &updated, &b.Version); err != nil {
		return buildingRow{}, err
	}
	if lng.Valid && lat.Valid {
		b.Location = &geo.Point{Lng: lng.Float64, Lat: lat.Float64}
	}
	b.Retired, b.Created, b.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return buildingRow{&b, path}, nil
}

// registerNode looks up the grid a register record is attached to, in the caller's scope,
// for validation: nil when there is none.
func (db *DB) registerNode(ctx context.Context, p *account.Principal, id int64) (*admin.Node, error) {
	if id == 0 {
		return nil, nil
	}
	n, err := db.Node(ctx, p, id)
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	return n, err
}

// scopedRegisterNode is registerNode for a write that names its grid: a grid the caller
// cannot see is not found, as every record outside the scope is, rather than a field to
// correct (the forms only offer grids in scope).
func (db *DB) scopedRegisterNode(ctx context.Context, p *account.Principal, id int64) (*admin.Node, error) {
	if id == 0 {
		return nil, nil
	}
	n, err := db.Node(ctx, p, id)
	if errs.Is(err, errs.NotFound) {
		return nil, errs.NotFoundf("entity.node")
	}
	return n, err
}

// buildingTaken turns a collision of building names in a grid into a field error.
func buildingTaken(err error) error {
	if isUnique(err, "name") || isUnique(err, "nkey") {
		return errs.FieldInvalid("name", "err.building_taken")
	}
	return mapErr(err, "entity.building")
}

// CreateBuilding adds a building to a grid or micro-grid in the caller's scope.
func (db *DB) CreateBuilding(ctx context.Context, p *account.Principal, in register.BuildingInput) (*register.Building, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
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
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		id, err = tx.insert(`INSERT INTO buildings (node_id, node_path, name, address, lng, lat, floors_above, floors_below, kind, nkey, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, node.ID, node.Path, in.Name, in.Address, lng, lat, in.FloorsAbove, in.FloorsBelow, in.Kind,
			nullKey(register.BuildingKey(node.ID, in.Name)), ms(tx.now), ms(tx.now))
		if err != nil {
			return buildingTaken(err)
		}
		return tx.audit(Record{Action: "building.create", Entity: "building", EntityID: id, NodePath: node.Path,
			Detail: map[string]any{"name": in.Name}})
	})
	if err != nil {
		return nil, err
	}
	return db.Building(ctx, p, id)
}

// buildingRow reads a building in the caller's scope.
func (db *DB) buildingRow(ctx context.Context, p *account.Principal, id int64) (buildingRow, error) {
	return rowInScope(ctx, db, p, "entity.building", scanBuilding, `SELECT `+buildingCols+` FROM buildings b WHERE b.id = ?`, id)
}

// Building returns a building in the caller's scope.
func (db *DB) Building(ctx context.Context, p *account.Principal, id int64) (*register.Building, error) {
	b, err := db.buildingRow(ctx, p, id)
	return b.Building, err
}

// RegisterFilter selects register records in a listing: below a place, matching a text,
// after a keyset position.
type RegisterFilter struct {
	Under          int64  // records of this place and below; 0 for the whole scope
	ParentID       int64  // houses of this building
	Query          string // name or address contains
	AfterID        int64  // keyset pagination: records with a larger id
	IncludeRetired bool
	Limit          int
}

// scopeRange is the path range a register listing covers: the caller's scope, narrowed
// to a place when the filter names one.
func (db *DB) scopeRange(ctx context.Context, p *account.Principal, under int64) (string, string, error) {
	lo, hi, ok := p.Scope()
	if !ok || !p.Can(account.RegisterView) {
		return "", "", errs.ForbiddenErr()
	}
	if under != 0 {
		n, err := db.Node(ctx, p, under)
		if err != nil {
			return "", "", err
		}
		lo, hi = admin.SubtreeRange(n.Path)
	}
	return lo, hi, nil
}

// Buildings lists buildings in the caller's scope, in id order from f.AfterID.
func (db *DB) Buildings(ctx context.Context, p *account.Principal, f RegisterFilter) ([]*register.Building, error) {
	return db.ListBuildings(ctx, p, BuildingFilter{RegisterFilter: f})
}

// listLimit bounds a page of a register listing.
func listLimit(n int) int {
	if n <= 0 || n > 500 {
		return 50
	}
	return n
}

const houseCols = `h.id, h.node_id, h.node_path, h.building_id, h.code, h.unit, h.floor, h.room, h.address, h.area, h.house_use,
	h.owner_name, COALESCE(h.owner_person_id, 0), h.retired_at, h.created_at, h.updated_at, h.version`

type houseRow struct {
	*register.House
	path string
}

func (r houseRow) nodePath() string { return r.path }

func scanHouse(s rowScanner) (houseRow, error) {
	var h register.House
	var path string
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&h.ID, &h.NodeID, &path, &h.BuildingID, &h.Code, &h.Unit, &h.Floor, &h.Room, &h.Address, &h.Area, &h.Use,
		&h.OwnerName, &h.OwnerPersonID, &retired, &created, &updated, &h.Version); err != nil {
		return houseRow{}, err
	}
	h.Retired, h.Created, h.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return houseRow{&h, path}, nil
}

// CreateHouse adds a house to a building, with a new door-plate code.
func (db *DB) CreateHouse(ctx context.Context, p *account.Principal, in register.HouseInput) (*register.House, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
	}
	in.Normalize()
	var b *register.Building
	var path string
	if in.BuildingID != 0 {
		row, err := scanBuilding(db.queryRow(ctx, `SELECT `+buildingCols+` FROM buildings b WHERE b.id = ?`, in.BuildingID))
		if err != nil && !errs.Is(mapErr(err, "entity.building"), errs.NotFound) {
			return nil, mapErr(err, "entity.building")
		}
		if err == nil && p.InScope(row.path) {
			b, path = row.Building, row.path
		}
	}
	if err := in.Validate(b); err != nil {
		return nil, err
	}
	var id int64
	// A fresh code collides with an existing one about once in a quadrillion draws; the
	// unique index catches it and the loop draws again.
	for attempt := 0; ; attempt++ {
		code, err := register.NewHouseCode(rand.Reader)
		if err != nil {
			return nil, errs.Internalf("house code: %w", err)
		}
		err = db.write(ctx, p, func(tx *Tx) error {
			id, err = tx.insert(`INSERT INTO houses (building_id, node_id, node_path, code, unit, floor, room, address, area, house_use, owner_name, owner_person_id, nkey, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, b.ID, b.NodeID, path, code, in.Unit, in.Floor, in.Room, in.Address, in.Area, in.Use,
				in.OwnerName, nullID(in.OwnerPersonID), nullKey(register.HouseKey(b.ID, in.Unit, in.Floor, in.Room)), ms(tx.now), ms(tx.now))
			if err != nil {
				return err
			}
			return tx.audit(Record{Action: "house.create", Entity: "house", EntityID: id, NodePath: path,
				Detail: map[string]any{"building": b.ID, "unit": in.Unit, "floor": in.Floor, "room": in.Room}})
		})
		if err == nil {
			break
		}
		switch {
		case isUnique(err, "code") && attempt < 3:
			continue
		case isUnique(err, "house"):
			return nil, errs.FieldInvalid("room", "err.house_taken")
		}
		return nil, mapErr(err, "entity.house")
	}
	return db.House(ctx, p, id)
}

// houseRow reads a house in the caller's scope.
func (db *DB) houseRow(ctx context.Context, p *account.Principal, id int64) (houseRow, error) {
	return rowInScope(ctx, db, p, "entity.house", scanHouse, `SELECT `+houseCols+` FROM houses h WHERE h.id = ?`, id)
}

// House returns a house in the caller's scope.
func (db *DB) House(ctx context.Context, p *account.Principal, id int64) (*register.House, error) {
	h, err := db.houseRow(ctx, p, id)
	return h.House, err
}

// Houses lists houses in the caller's scope (of one building when f.ParentID is set), in
// the order people read a building: unit, floor, room.
func (db *DB) Houses(ctx context.Context, p *account.Principal, f RegisterFilter) ([]*register.House, error) {
	return db.ListHouses(ctx, p, HouseFilter{RegisterFilter: f, Whole: f.ParentID != 0})
}

// PlateHouse is what the public page of a door plate shows: the address, and nothing
// about who lives there.
type PlateHouse struct {
	Code         string
	HouseID      int64
	NodeID       int64
	NodePath     string
	BuildingName string
	Address      string
	Unit, Room   string
	Floor        int
	Location     *geo.Point
}

// HouseByCode finds a house by its door-plate code, for anyone who scans the plate.
func (db *DB) HouseByCode(ctx context.Context, code string) (*PlateHouse, error) {
	var h PlateHouse
	var lng, lat sql.NullFloat64
	err := db.queryRow(ctx, `SELECT h.code, h.id, h.node_id, h.node_path, b.name, CASE WHEN h.address <> '' THEN h.address ELSE b.address END,
		h.unit, h.room, h.floor, b.lng, b.lat FROM houses h JOIN buildings b ON b.id = h.building_id WHERE h.code = ? AND h.retired_at IS NULL`, code).
		Scan(&h.Code, &h.HouseID, &h.NodeID, &h.NodePath, &h.BuildingName, &h.Address, &h.Unit, &h.Room, &h.Floor, &lng, &lat)
	if err != nil {
		return nil, mapErr(err, "entity.house")
	}
	if lng.Valid && lat.Valid {
		h.Location = &geo.Point{Lng: lng.Float64, Lat: lat.Float64}
	}
	return &h, nil
}
