package store

import (
	"context"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
)

// MaxMapBuildings bounds the buildings of one map request: more than this in view and
// the map asks the person to zoom in rather than drawing a carpet of markers.
const MaxMapBuildings = 2000

// MapBuilding is a building as the map draws it.
type MapBuilding struct {
	ID       int64
	NodeID   int64
	Name     string
	Address  string
	Kind     register.BuildingKind
	Location geo.Point
}

// MapBuildings returns the active buildings with a location inside bbox, in the caller's
// scope, at most limit of them (MaxMapBuildings when limit is 0 or larger); more reports
// that some were left out.
func (db *DB) MapBuildings(ctx context.Context, p *account.Principal, bbox geo.BBox, limit int) (out []MapBuilding, more bool, err error) {
	lo, hi, ok := p.Scope()
	if !ok || !p.Can(account.RegisterView) {
		return nil, false, errs.ForbiddenErr()
	}
	if limit <= 0 || limit > MaxMapBuildings {
		limit = MaxMapBuildings
	}
	out, err = queryList(ctx, db, "entity.building", func(s rowScanner) (MapBuilding, error) {
		var b MapBuilding
		err := s.Scan(&b.ID, &b.NodeID, &b.Name, &b.Address, &b.Kind, &b.Location.Lng, &b.Location.Lat)
		return b, err
	}, `SELECT id, node_id, name, address, kind, lng, lat FROM buildings
		WHERE lat >= ? AND lat <= ? AND lng >= ? AND lng <= ? AND node_path >= ? AND node_path < ? AND retired_at IS NULL
		ORDER BY id LIMIT ?`, bbox.MinLat, bbox.MaxLat, bbox.MinLng, bbox.MaxLng, lo, hi, limit+1)
	if len(out) > limit {
		out, more = out[:limit], true
	}
	return out, more, err
}

// MapPlace is a building or house found by a map search, with where to show it.
type MapPlace struct {
	Kind       string // "building" or "house"
	ID         int64  // the building's or the house's id
	BuildingID int64
	Label      string // the building's name, or the house's door-plate code
	Address    string
	Location   *geo.Point // the building's location, when it has one
}

// MapSearch finds buildings by name or address and houses by door-plate code or address
// in the caller's scope, for the map's search box: at most limit of each.
func (db *DB) MapSearch(ctx context.Context, p *account.Principal, q string, limit int) ([]MapPlace, error) {
	lo, hi, ok := p.Scope()
	if !ok || !p.Can(account.RegisterView) {
		return nil, errs.ForbiddenErr()
	}
	q = strings.TrimSpace(q)
	if q == "" {
		return nil, nil
	}
	if limit <= 0 || limit > 50 {
		limit = 20
	}
	scan := func(s rowScanner) (MapPlace, error) {
		var m MapPlace
		var lng, lat *float64
		err := s.Scan(&m.Kind, &m.ID, &m.BuildingID, &m.Label, &m.Address, &lng, &lat)
		if lng != nil && lat != nil {
			m.Location = &geo.Point{Lng: *lng, Lat: *lat}
		}
		return m, err
	}
	like := "%" + escapeLike(q) + "%"
	buildings, err := queryList(ctx, db, "entity.building", scan, `SELECT 'building', id, id, name, address, lng, lat FROM buildings
		WHERE node_path >= ? AND node_path < ? AND retired_at IS NULL AND (name LIKE ? ESCAPE '\' OR address LIKE ? ESCAPE '\')
		ORDER BY id LIMIT ?`, lo, hi, like, like, limit)
	if err != nil {
		return nil, err
	}
	// A door-plate code is typed whole (or its start) and matched exactly in case; an
	// address anywhere in the house's own address.
	houses, err := queryList(ctx, db, "entity.house", scan, `SELECT 'house', h.id, h.building_id, h.code,
		CASE WHEN h.address <> '' THEN h.address ELSE b.address END, b.lng, b.lat
		FROM houses h JOIN buildings b ON b.id = h.building_id
		WHERE h.node_path >= ? AND h.node_path < ? AND h.retired_at IS NULL AND (h.code LIKE ? ESCAPE '\' OR h.address LIKE ? ESCAPE '\')
		ORDER BY h.id LIMIT ?`, lo, hi, escapeLike(strings.ToUpper(q))+"%", like, limit)
	if err != nil {
		return nil, err
	}
	return append(buildings, houses...), nil
}
