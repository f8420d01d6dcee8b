package store

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/tabular"
)

// facilitySink imports facilities, matched by their code when the row gives one, else by
// class and position; a facility without a code is given the next serial of its
// district and class, as CreateFacility gives it.
type facilitySink struct {
	importBase
	units map[string][]*admin.Unit // name → active units of that name
	orgs  map[string][]orgRow      // name → active organisations of that name in scope
}

// facilityPrep is what Prepare worked out for a row, for Write.
type facilityPrep struct {
	node     *admin.Node
	given    string // the code the row gave, "" when none
	newCode  bool   // a stored facility whose code no longer fits its district and class
	nkeyCode bool   // a stored facility matched by its code keeps being matched by it
}

type facilityKeyRow struct {
	facilityRow
	key string
}

func (s *facilitySink) Prepare(ctx context.Context, m *tabular.Mapping, items []*importer.Item) error {
	var codes, keys []any
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.FacilityRow)
		node, err := s.itemGrid(ctx, it, row.GridCode)
		if err != nil {
			return err
		}
		if node == nil {
			continue
		}
		in := &row.Input
		in.NodeID = node.ID
		var v errs.Validation
		if err := in.Validate(node, register.FacilityClasses); err != nil {
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid {
				return err
			}
			for _, f := range e.Fields {
				v.Add(f.Field, f.Msg.Key, f.Msg.Args...)
			}
		}
		if in.Code == "" && register.AreaCode(node) == "" {
			v.Add("node_id", "err.facility_no_district")
		}
		if row.OwnerName != "" {
			if err := s.owner(ctx, &v, node, row.OwnerName, in); err != nil {
				return err
			}
		}
		if err := v.Err(); err != nil {
			it.Fail(err)
			continue
		}
		it.Key = register.FacilityKey(in.Code, in.Minor, in.Location)
		it.Prep = &facilityPrep{node: node, given: in.Code}
		if in.Code != "" {
			codes = append(codes, in.Code)
		} else if it.Key != "" {
			keys = append(keys, it.Key)
		}
	}
	byCode, err := s.stored(ctx, "f.code", codes)
	if err != nil {
		return err
	}
	byKey, err := s.stored(ctx, "f.nkey", keys)
	if err != nil {
		return err
	}
	for _, it := range items {
		if it.Status == importer.Failed {
			continue
		}
		row := it.Value.(*importer.FacilityRow)
		in := &row.Input
		pp := it.Prep.(*facilityPrep)
		ex, ok := byKey[it.Key]
		if pp.given != "" {
			ex, ok = byCode[pp.given]
		}
		if !ok {
			it.Status = importer.New
			continue
		}
		if !s.p.InScope(ex.path) {
			// Registered in a grid elsewhere: the answer the form gets, and no more.
			if pp.given != "" {
				it.Fail(errs.FieldInvalid("code", "err.facility_code_taken"))
			} else {
				it.Fail(errs.FieldInvalid("location", "err.facility_taken"))
			}
			continue
		}
		it.ID = ex.ID
		pp.nkeyCode = pp.given != "" || strings.HasPrefix(ex.key, "facility|code|")
		if pp.given == "" {
			// No code in the sheet: the stored one stays while it fits district and class.
			if c, err := register.ParseFacilityCode(ex.Code); err == nil && c.Area == register.AreaCode(pp.node) && c.Class == in.Minor {
				in.Code = ex.Code
			} else {
				pp.newCode = true
			}
		}
		// Columns the file does not have keep the stored values.
		if !m.Has("address") {
			in.Address = ex.Address
		}
		if !m.Has("owner") {
			in.OwnerUnitID, in.OwnerOrgID = ex.OwnerUnitID, ex.OwnerOrgID
		}
		if !m.Has("condition") {
			in.Condition = ex.Condition
		}
		if in.Location != nil && nearPoint(*in.Location, ex.Location) {
			in.Location = &geo.Point{Lng: ex.Location.Lng, Lat: ex.Location.Lat} // what an export rounded stays as stored
		}
		if !pp.newCode && ex.NodeID == in.NodeID && ex.Class == in.Minor && ex.Code == in.Code && *in.Location == ex.Location &&
			ex.Address == in.Address && ex.OwnerUnitID == in.OwnerUnitID && ex.OwnerOrgID == in.OwnerOrgID && ex.Condition == in.Condition {
			it.Status = importer.Unchanged
		} else {
			it.Status = importer.Changed
		}
	}
	return nil
}

// nearPoint reports whether two positions agree to the six decimals an export writes.
func nearPoint(a, b geo.Point) bool {
	return math.Abs(a.Lng-b.Lng) < 5e-7 && math.Abs(a.Lat-b.Lat) < 5e-7
}

// stored reads the facilities whose col (code or nkey) is one of vals, by that value.
func (s *facilitySink) stored(ctx context.Context, col string, vals []any) (map[string]facilityKeyRow, error) {
	out := map[string]facilityKeyRow{}
	err := inChunks(vals, func(chunk []any) error {
		rows, err := queryList(ctx, s.db, "entity.facility", scanKeyed(scanFacility),
			`SELECT `+facilityCols+`, f.nkey FROM facilities f WHERE `+col+` IN (`+placeholders(len(chunk))+`)`, chunk...)
		for _, r := range rows {
			if col == "f.code" {
				out[r.row.Code] = facilityKeyRow{r.row, r.key}
			} else {
				out[r.key] = facilityKeyRow{r.row, r.key}
			}
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// owner resolves the owner a row names, as the form lets one choose it: a unit of the
// caller's scope or of a place above the facility's grid, or else an organisation of the
// register in the caller's scope. A name that fits none, or more than one, is an error.
func (s *facilitySink) owner(ctx context.Context, v *errs.Validation, node *admin.Node, name string, in *register.FacilityInput) error {
	units, ok := s.units[name]
	if !ok {
		var err error
		units, err = queryList(ctx, s.db, "entity.unit", scanUnit, `SELECT `+unitCols+` FROM units u JOIN nodes n ON n.id = u.node_id
			WHERE u.name = ? AND u.retired_at IS NULL`, name)
		if err != nil {
			return err
		}
		s.units[name] = units
	}
	var found []int64
	for _, u := range units {
		if s.p.InScope(u.NodePath) || strings.HasPrefix(node.Path, u.NodePath) {
			found = append(found, u.ID)
		}
	}
	if len(found) == 1 {
		in.OwnerUnitID = found[0]
		return nil
	}
	if len(found) > 1 {
		v.Add("owner", "err.import_owner_many", name)
		return nil
	}
	orgs, ok := s.orgs[name]
	if !ok {
		rows, err := queryList(ctx, s.db, register.EntityOrganisation, scanOrganisation, `SELECT `+orgCols+` FROM organisations o
			WHERE o.name = ? AND o.retired_at IS NULL`, name)
		if err != nil {
			return err
		}
		for _, o := range rows {
			if s.p.InScope(o.path) {
				orgs = append(orgs, o)
			}
		}
		s.orgs[name] = orgs
	}
	switch len(orgs) {
	case 0:
		v.Add("owner", "err.import_owner_unknown", name)
	case 1:
		in.OwnerOrgID = orgs[0].ID
	default:
		v.Add("owner", "err.import_owner_many", name)
	}
	return nil
}

func (s *facilitySink) Write(ctx context.Context, items []*importer.Item) error {
	// Rows with a code go first: they raise their counters, so that the serials handed
	// out to the rows without one afterwards never meet a code of the same batch.
	order := make([]*importer.Item, 0, len(items))
	for _, it := range items {
		if it.Status == importer.New || it.Status == importer.Changed {
			order = append(order, it)
		}
	}
	sort.SliceStable(order, func(i, j int) bool {
		return order[i].Prep.(*facilityPrep).given != "" && order[j].Prep.(*facilityPrep).given == ""
	})
	err := s.db.write(ctx, s.p, func(tx *Tx) error {
		var updated []int64
		ins := &rowInserter{tx: tx, width: 14, insert: `INSERT INTO facilities (node_id, node_path, major, minor, code, lng, lat, address,
			owner_unit_id, owner_org_id, condition, created_at, updated_at, nkey) VALUES `}
		for _, it := range order {
			in := it.Value.(*importer.FacilityRow).Input
			pp := it.Prep.(*facilityPrep)
			code := in.Code
			if it.Status == importer.New || pp.given != "" || pp.newCode {
				// facilityCode locks the counter row until the transaction ends.
				in.Code = pp.given
				var err error
				if code, err = tx.facilityCode(pp.node, in); err != nil {
					return err
				}
			}
			if it.Status == importer.Changed {
				nkey := facilityNKey("", in)
				if pp.nkeyCode {
					nkey = facilityNKey(code, in)
				}
				if _, err := tx.exec(`UPDATE facilities SET node_id = ?, node_path = ?, major = ?, minor = ?, code = ?, lng = ?, lat = ?,
					address = ?, owner_unit_id = ?, owner_org_id = ?, condition = ?, nkey = ?, updated_at = ?,
					version = version + 1 WHERE id = ?`, pp.node.ID, pp.node.Path, string(in.Minor.Major()), string(in.Minor), code,
					in.Location.Lng, in.Location.Lat, in.Address, nullID(in.OwnerUnitID), nullID(in.OwnerOrgID), in.Condition, nkey,
					ms(tx.now), it.ID); err != nil {
					return err
				}
				updated = append(updated, it.ID)
				continue
			}
			if err := ins.add(pp.node.ID, pp.node.Path, string(in.Minor.Major()), string(in.Minor), code, in.Location.Lng, in.Location.Lat,
				in.Address, nullID(in.OwnerUnitID), nullID(in.OwnerOrgID), in.Condition, ms(tx.now), ms(tx.now),
				facilityNKey(pp.given, in)); err != nil {
				return err
			}
		}
		if err := ins.flush(); err != nil {
			return err
		}
		return s.audit(tx, importer.Facilities.Name, ins.ids, updated)
	})
	if err != nil && errs.As(err) == nil {
		return facilityWriteErr(err, "")
	}
	return err
}
