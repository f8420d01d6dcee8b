package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
)

const facilityCols = `f.id, f.node_id, f.node_path, f.minor, f.code, f.lng, f.lat, f.address, COALESCE(f.owner_unit_id, 0),
	COALESCE(f.owner_org_id, 0), f.condition, f.retired_at, f.created_at, f.updated_at, f.version`

// facilityRow is a facility with the path of its grid, which scope checks need.
type facilityRow struct {
	*register.Facility
	path string
}

func (r facilityRow) nodePath() string   { return r.path }
func (r facilityRow) cursor() PathCursor { return PathCursor{Path: r.path, ID: r.ID} }

func scanFacility(s rowScanner) (facilityRow, error) {
	var f register.Facility
	var path string
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&f.ID, &f.NodeID, &path, &f.Class, &f.Code, &f.Location.Lng, &f.Location.Lat, &f.Address, &f.OwnerUnitID,
		&f.OwnerOrgID, &f.Condition, &retired, &created, &updated, &f.Version); err != nil {
		return facilityRow{}, err
	}
	f.Retired, f.Created, f.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return facilityRow{&f, path}, nil
}

// facilityInput normalises and validates a facility against its grid and the classes in
// use, and checks that an owner it names is a unit or organisation the caller can see.
func (db *DB) facilityInput(ctx context.Context, p *account.Principal, in *register.FacilityInput) (*admin.Node, error) {
	in.Normalize()
	node, err := db.scopedRegisterNode(ctx, p, in.NodeID)
	if err != nil {
		return nil, err
	}
	err = in.Validate(node, register.FacilityClasses)
	var v errs.Validation
	if e := errs.As(err); e != nil {
		if e.Code != errs.Invalid {
			return nil, err
		}
		for _, f := range e.Fields {
			v.Add(f.Field, f.Msg.Key, f.Msg.Args...)
		}
	}
	if in.OwnerUnitID != 0 {
		// Owners are often departments of the district or street above the grid (区水务局,
		// 街道城管科): a unit of a place above the facility's grid is as good as one in scope.
		u, err := db.unitByID(ctx, in.OwnerUnitID)
		if err == nil && !p.InScope(u.NodePath) && (node == nil || !strings.HasPrefix(node.Path, u.NodePath)) {
			err = errs.NotFoundf("entity.unit")
		}
		switch {
		case errs.Is(err, errs.NotFound) || (err == nil && u.IsRetired()):
			v.Add("owner_unit_id", "err.not_found", errs.M("entity.unit"))
		case err != nil:
			return nil, err
		}
	}
	if in.OwnerOrgID != 0 {
		o, err := db.Organisation(ctx, p, in.OwnerOrgID)
		switch {
		case errs.Is(err, errs.NotFound) || (err == nil && o.IsRetired()):
			v.Add("owner_org_id", "err.not_found", errs.M("entity.organisation"))
		case err != nil:
			return nil, err
		}
	}
	if node != nil && in.Code == "" && register.AreaCode(node) == "" {
		v.Add("node_id", "err.facility_no_district")
	}
	return node, v.Err()
}

// facilityNKey is the natural key of a facility as the input gave it: by the code when
// one was given (a surveyed facility imported with its code), else by class and position,
// so that a sheet without codes matches the facilities it created on a second import.
func facilityNKey(givenCode string, in register.FacilityInput) any {
	return nullStr(register.FacilityKey(givenCode, in.Minor, in.Location))
}

// facilityWriteErr names the field a unique violation is about; given is the code the
// input carried, which is then the natural key too.
func facilityWriteErr(err error, given string) error {
	switch {
	case isUnique(err, "nkey") && given != "":
		return errs.FieldInvalid("code", "err.facility_code_taken")
	case isUnique(err, "nkey"):
		return errs.FieldInvalid("location", "err.facility_taken")
	case isUnique(err, "code"):
		return errs.FieldInvalid("code", "err.facility_code_taken")
	}
	return mapErr(err, "entity.facility")
}

// facilityCode returns the code a facility is stored with: the one given, which raises
// its district and class counter past its serial so that serials handed out later do not
// meet it, or else the next free serial of the counter. The counter row is locked by the
// upsert until the transaction ends, so concurrent creations take turns.
func (t *Tx) facilityCode(node *admin.Node, in register.FacilityInput) (string, error) {
	if in.Code != "" {
		c, err := register.ParseFacilityCode(in.Code)
		if err != nil {
			return "", errs.FieldInvalid("code", register.ErrFacilityCode.Key())
		}
		_, err = t.exec(`INSERT INTO facility_serials (area, minor, last_serial) VALUES (?, ?, ?)
			ON CONFLICT (area, minor) DO UPDATE SET last_serial = CASE WHEN excluded.last_serial > facility_serials.last_serial
			THEN excluded.last_serial ELSE facility_serials.last_serial END`, c.Area, string(c.Class), c.Serial)
		return in.Code, mapErr(err, "entity.facility")
	}
	area := register.AreaCode(node)
	for {
		var serial int
		if err := t.queryRow(`INSERT INTO facility_serials (area, minor, last_serial) VALUES (?, ?, 1)
			ON CONFLICT (area, minor) DO UPDATE SET last_serial = facility_serials.last_serial + 1 RETURNING last_serial`,
			area, string(in.Minor)).Scan(&serial); err != nil {
			return "", mapErr(err, "entity.facility")
		}
		if serial > register.MaxFacilitySerial {
			return "", errs.FieldInvalid("code", "err.facility_serial_full")
		}
		code, err := register.NewFacilityCode(node, in.Minor, serial, register.FacilityClasses)
		if err != nil {
			return "", errs.FieldInvalid("minor", register.ErrFacilityClass.Key())
		}
		// A code typed in before the counter existed (or under another counter, after the
		// district was recoded) may already hold this serial: skip it.
		var n int
		if err := t.queryRow(`SELECT COUNT(*) FROM facilities WHERE code = ?`, code).Scan(&n); err != nil {
			return "", mapErr(err, "entity.facility")
		}
		if n == 0 {
			return code, nil
		}
	}
}

// CreateFacility registers a facility in a grid of the caller's scope. Without a code it
// is given the next serial of its district and class.
func (db *DB) CreateFacility(ctx context.Context, p *account.Principal, in register.FacilityInput) (*register.Facility, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
	}
	node, err := db.facilityInput(ctx, p, &in)
	if err != nil {
		return nil, err
	}
	given := in.Code
	var id int64
	for attempt := 0; ; attempt++ {
		err = db.write(ctx, p, func(tx *Tx) error {
			code, err := tx.facilityCode(node, in)
			if err != nil {
				return err
			}
			id, err = tx.insert(`INSERT INTO facilities (node_id, node_path, major, minor, code, lng, lat, address, owner_unit_id, owner_org_id,
				condition, created_at, updated_at, nkey) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, node.ID, node.Path,
				string(in.Minor.Major()), string(in.Minor), code, in.Location.Lng, in.Location.Lat, in.Address, nullID(in.OwnerUnitID),
				nullID(in.OwnerOrgID), in.Condition, ms(tx.now), ms(tx.now), facilityNKey(given, in))
			if err != nil {
				return err
			}
			return tx.audit(Record{Action: "facility.create", Entity: "facility", EntityID: id, NodePath: node.Path,
				Detail: map[string]any{"class": in.Minor, "code": code, "condition": in.Condition}})
		})
		// Two creations racing an imported code to the same serial: the loser draws again.
		if err != nil && given == "" && isUnique(err, "code") && attempt < 3 {
			continue
		}
		break
	}
	if err != nil {
		return nil, facilityWriteErr(err, given)
	}
	return db.Facility(ctx, p, id)
}

// facilityRow reads a facility in the caller's scope.
func (db *DB) facilityRow(ctx context.Context, p *account.Principal, id int64) (facilityRow, error) {
	return rowInScope(ctx, db, p, "entity.facility", scanFacility, `SELECT `+facilityCols+` FROM facilities f WHERE f.id = ?`, id)
}

// Facility returns a facility in the caller's scope.
func (db *DB) Facility(ctx context.Context, p *account.Principal, id int64) (*register.Facility, error) {
	f, err := db.facilityRow(ctx, p, id)
	return f.Facility, err
}

func (db *DB) editableFacility(ctx context.Context, p *account.Principal, id int64) (facilityRow, error) {
	f, err := db.facilityRow(ctx, p, id)
	if err != nil {
		return f, err
	}
	return f, authorize(p, account.RegisterEdit, f.path)
}

// UpdateFacility changes a facility, refusing the change when the stored version is no
// longer version. An empty code keeps the stored one while it still fits the district and
// class; a facility moved to another district or class is given a new code.
func (db *DB) UpdateFacility(ctx context.Context, p *account.Principal, id int64, in register.FacilityInput, version int) (*register.Facility, error) {
	old, err := db.editableFacility(ctx, p, id)
	if err != nil {
		return nil, err
	}
	given := strings.TrimSpace(in.Code) != ""
	if !given {
		if n, err := db.registerNode(ctx, p, in.NodeID); err == nil && n != nil {
			if c, err := register.ParseFacilityCode(old.Code); err == nil && c.Area == register.AreaCode(n) && c.Class == in.Minor {
				in.Code = old.Code
			}
		}
	}
	node, err := db.facilityInput(ctx, p, &in)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		code := in.Code
		if code != old.Code {
			if code, err = tx.facilityCode(node, in); err != nil {
				return err
			}
		}
		err := expectOne(tx.exec(`UPDATE facilities SET node_id = ?, node_path = ?, major = ?, minor = ?, code = ?, lng = ?, lat = ?, address = ?,
			owner_unit_id = ?, owner_org_id = ?, condition = ?, nkey = CASE WHEN ? OR nkey LIKE 'facility|code|%' THEN ? ELSE ? END,
			updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			node.ID, node.Path, string(in.Minor.Major()), string(in.Minor), code, in.Location.Lng, in.Location.Lat, in.Address,
			nullID(in.OwnerUnitID), nullID(in.OwnerOrgID), in.Condition,
			// A facility matched by its code keeps being matched by it; one matched by its
			// position follows it when it moves, unless a code is given now.
			given, facilityNKey(code, in), facilityNKey("", in), ms(tx.now), id, version))
		if err != nil {
			return err
		}
		detail := map[string]any{}
		diff(detail, "node_id", old.NodeID, node.ID)
		diff(detail, "class", string(old.Class), string(in.Minor))
		diff(detail, "code", old.Code, code)
		diff(detail, "location", old.Location, *in.Location)
		diff(detail, "address", old.Address, in.Address)
		diff(detail, "owner_unit_id", old.OwnerUnitID, in.OwnerUnitID)
		diff(detail, "owner_org_id", old.OwnerOrgID, in.OwnerOrgID)
		diff(detail, "condition", string(old.Condition), string(in.Condition))
		return tx.audit(Record{Action: "facility.update", Entity: "facility", EntityID: id, NodePath: node.Path, Detail: detail})
	})
	if err != nil {
		if !given {
			return nil, facilityWriteErr(err, "")
		}
		return nil, facilityWriteErr(err, in.Code)
	}
	return db.Facility(ctx, p, id)
}

// RetireFacility marks a facility removed; it stays on file with its code and history.
func (db *DB) RetireFacility(ctx context.Context, p *account.Principal, id int64, version int) (*register.Facility, error) {
	return db.setFacilityRetired(ctx, p, id, version, true)
}

// RestoreFacility brings a retired facility back; its grid must be active.
func (db *DB) RestoreFacility(ctx context.Context, p *account.Principal, id int64, version int) (*register.Facility, error) {
	return db.setFacilityRetired(ctx, p, id, version, false)
}

func (db *DB) setFacilityRetired(ctx context.Context, p *account.Principal, id int64, version int, retire bool) (*register.Facility, error) {
	f, err := db.editableFacility(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if err := db.checkRetire(ctx, f.IsRetired(), retire, f.NodeID); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := tx.setRetired("facilities", id, version, retire); err != nil {
			return mapErr(err, "entity.facility")
		}
		return tx.audit(Record{Action: "facility." + retireAction(retire), Entity: "facility", EntityID: id, NodePath: f.path,
			Detail: map[string]any{"code": f.Code}})
	})
	if err != nil {
		return nil, err
	}
	return db.Facility(ctx, p, id)
}

// FacilityFilter selects facilities in a listing.
type FacilityFilter struct {
	Under          int64                      // facilities of this place and below; 0 for the whole scope
	Major          register.FacilityMajor     // of this major class
	Minor          register.FacilityClass     // of this minor class
	Condition      register.FacilityCondition // in this condition
	Query          string                     // address contains, or code starts with
	Code           string                     // this code exactly
	OwnerUnitID    int64                      // owned by this unit
	OwnerOrgID     int64                      // owned by this organisation
	After          PathCursor                 // keyset position: the last row of the page before
	IncludeRetired bool
	Limit          int
}

// Facilities lists a page of facilities in the caller's scope in (grid path, id) order
// from f.After, and the cursor of the next page (zero on the last page).
func (db *DB) Facilities(ctx context.Context, p *account.Principal, f FacilityFilter) ([]*register.Facility, PathCursor, error) {
	lo, hi, err := db.scopeRange(ctx, p, f.Under)
	if err != nil {
		return nil, PathCursor{}, err
	}
	where, args := keyset("f", lo, hi, f.After)
	add := func(cond string, v any) {
		where = append(where, cond)
		args = append(args, v)
	}
	if f.Major != "" {
		add("f.major = ?", string(f.Major))
	}
	if f.Minor != "" {
		add("f.minor = ?", string(f.Minor))
	}
	if f.Condition != "" {
		add("f.condition = ?", string(f.Condition))
	}
	if f.Code != "" {
		add("f.code = ?", strings.TrimSpace(f.Code))
	}
	if f.OwnerUnitID != 0 {
		add("f.owner_unit_id = ?", f.OwnerUnitID)
	}
	if f.OwnerOrgID != 0 {
		add("f.owner_org_id = ?", f.OwnerOrgID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where = append(where, `(f.address LIKE ? ESCAPE '\' OR f.code LIKE ? ESCAPE '\')`)
		args = append(args, "%"+escapeLike(q)+"%", escapeLike(q)+"%")
	}
	if !f.IncludeRetired {
		where = append(where, "f.retired_at IS NULL")
	}
	rows, next, err := pathPage(ctx, db, "entity.facility", scanFacility, listLimit(f.Limit), `SELECT `+facilityCols+
		` FROM facilities f WHERE `+strings.Join(where, " AND ")+` ORDER BY f.node_path, f.id LIMIT ?`, args...)
	if err != nil {
		return nil, PathCursor{}, err
	}
	out := make([]*register.Facility, len(rows))
	for i, r := range rows {
		out[i] = r.Facility
	}
	return out, next, nil
}

// FacilityPoint is what the map draws of a facility.
type FacilityPoint struct {
	ID        int64
	Class     register.FacilityClass
	Code      string
	Condition register.FacilityCondition
	Location  geo.Point
}

// MaxMapFacilities bounds one request of the facility map layer.
const MaxMapFacilities = 5000

// FacilitiesInBox returns up to limit active facilities of the caller's scope inside box
// (edges included), in id order, for the map layer. limit is at most MaxMapFacilities+1,
// so that a caller asking for one more than it shows can tell the layer was cut short.
func (db *DB) FacilitiesInBox(ctx context.Context, p *account.Principal, box geo.BBox, limit int) ([]FacilityPoint, error) {
	lo, hi, err := db.scopeRange(ctx, p, 0)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > MaxMapFacilities+1 {
		limit = MaxMapFacilities + 1
	}
	return queryList(ctx, db, "entity.facility", func(s rowScanner) (FacilityPoint, error) {
		var f FacilityPoint
		err := s.Scan(&f.ID, &f.Class, &f.Code, &f.Condition, &f.Location.Lng, &f.Location.Lat)
		return f, err
	}, `SELECT id, minor, code, condition, lng, lat FROM facilities
		WHERE lng >= ? AND lng <= ? AND lat >= ? AND lat <= ? AND node_path >= ? AND node_path < ? AND retired_at IS NULL
		ORDER BY id LIMIT ?`, box.MinLng, box.MaxLng, box.MinLat, box.MaxLat, lo, hi, limit)
}
