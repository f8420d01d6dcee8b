package store

import (
	"context"
	"database/sql"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

const residenceCols = `r.id, r.node_id, r.node_path, r.person_id, r.house_id, r.role, r.from_date, r.to_date,
	r.retired_at, r.created_at, r.updated_at, r.version`

type residenceRow struct {
	*register.Residence
	path string
}

func (r residenceRow) nodePath() string { return r.path }

func scanResidence(s rowScanner) (residenceRow, error) {
	var r register.Residence
	var path string
	var from, to sql.NullString
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&r.ID, &r.NodeID, &path, &r.PersonID, &r.HouseID, &r.Role, &from, &to,
		&retired, &created, &updated, &r.Version); err != nil {
		return residenceRow{}, err
	}
	r.From, r.To = parseDateCol(from), parseDateCol(to)
	r.Retired, r.Created, r.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return residenceRow{&r, path}, nil
}

// houseAndPerson checks that a house and a resident named by an input are in the caller's
// scope, as field errors, and returns the house's path.
func (db *DB) houseAndPerson(ctx context.Context, p *account.Principal, houseID, personID int64, personField string) (string, error) {
	var v errs.Validation
	var path string
	if houseID != 0 {
		h, err := scanHouse(db.queryRow(ctx, `SELECT `+houseCols+` FROM houses h WHERE h.id = ?`, houseID))
		switch {
		case err == nil && p.InScope(h.path) && !h.IsRetired():
			path = h.path
		case err == nil && p.InScope(h.path):
			v.Add("house_id", "err.house_retired")
		case err == nil || errs.Is(mapErr(err, register.EntityHouse), errs.NotFound):
			// The house is what the record is about: beyond the scope it does not exist.
			return "", errs.NotFoundf(register.EntityHouse)
		default:
			return "", mapErr(err, register.EntityHouse)
		}
	}
	if personID != 0 {
		r, err := db.personRow(ctx, p, personID)
		switch {
		case errs.Is(err, errs.NotFound):
			v.Add(personField, "err.not_found", errs.M(register.EntityPerson))
		case err != nil:
			return "", err
		case r.IsRetired():
			v.Add(personField, "err.person_retired")
		}
	}
	return path, v.Err()
}

// AddResidence links a resident with a house, both in the caller's scope. The link is
// kept under the house's grid.
func (db *DB) AddResidence(ctx context.Context, p *account.Principal, in register.ResidenceInput) (*register.Residence, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
	}
	if err := in.Validate(db.now()); err != nil {
		return nil, err
	}
	path, err := db.houseAndPerson(ctx, p, in.HouseID, in.PersonID, "person_id")
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		id, err = tx.insert(`INSERT INTO residences (node_id, node_path, nkey, person_id, house_id, role, from_date, to_date, created_at, updated_at)
			SELECT h.node_id, h.node_path, ?, ?, h.id, ?, ?, ?, ?, ? FROM houses h WHERE h.id = ?`,
			nullStr(register.ResidenceKey(in.PersonID, in.HouseID, in.Role)), in.PersonID, in.Role, dateCol(in.From), dateCol(in.To),
			ms(tx.now), ms(tx.now), in.HouseID)
		if err != nil {
			if isUnique(err, "nkey") {
				return errs.FieldInvalid("role", "err.residence_taken")
			}
			return mapErr(err, register.EntityResidence)
		}
		return tx.audit(Record{Action: "residence.add", Entity: "residence", EntityID: id, NodePath: path,
			Detail: map[string]any{"person_id": in.PersonID, "house_id": in.HouseID, "role": in.Role, "from": dateCol(in.From), "to": dateCol(in.To)}})
	})
	if err != nil {
		return nil, err
	}
	return db.Residence(ctx, p, id)
}

// Residence returns a residence in the caller's scope.
func (db *DB) Residence(ctx context.Context, p *account.Principal, id int64) (*register.Residence, error) {
	r, err := db.residenceRow(ctx, p, id)
	return r.Residence, err
}

func (db *DB) residenceRow(ctx context.Context, p *account.Principal, id int64) (residenceRow, error) {
	return rowInScope(ctx, db, p, register.EntityResidence, scanResidence, `SELECT `+residenceCols+` FROM residences r WHERE r.id = ?`, id)
}

// activeResidence reads a residence the caller may change: register.edit, in scope and not
// retired.
func (db *DB) activeResidence(ctx context.Context, p *account.Principal, id int64) (residenceRow, error) {
	if !p.Can(account.RegisterEdit) {
		return residenceRow{}, errs.ForbiddenErr()
	}
	r, err := db.residenceRow(ctx, p, id)
	if err != nil {
		return r, err
	}
	if r.IsRetired() {
		return r, errs.E(errs.Conflict, "err.residence_retired")
	}
	return r, nil
}

// EndResidence records the last day of a residence (moved out, sold). An ended residence
// gives up its natural key, so the same person may later take up the same role again.
func (db *DB) EndResidence(ctx context.Context, p *account.Principal, id int64, to time.Time, version int) (*register.Residence, error) {
	r, err := db.activeResidence(ctx, p, id)
	if err != nil {
		return nil, err
	}
	var v errs.Validation
	if v.Check(!to.IsZero(), "to", "err.required") && r.From != nil {
		v.Check(!to.Before(*r.From), "to", "err.date_order")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE residences SET to_date = ?, nkey = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			dateCol(&to), ms(tx.now), id, version)); err != nil {
			return mapErr(err, register.EntityResidence)
		}
		return tx.audit(Record{Action: "residence.end", Entity: "residence", EntityID: id, NodePath: r.path,
			Detail: map[string]any{"to": dateCol(&to)}})
	})
	if err != nil {
		return nil, err
	}
	return db.Residence(ctx, p, id)
}

// RetireResidence withdraws a residence entered in error.
func (db *DB) RetireResidence(ctx context.Context, p *account.Principal, id int64, version int) (*register.Residence, error) {
	r, err := db.activeResidence(ctx, p, id)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := tx.retireReleasingKey("residences", id, version); err != nil {
			return mapErr(err, register.EntityResidence)
		}
		return tx.audit(Record{Action: "residence.retire", Entity: "residence", EntityID: id, NodePath: r.path})
	})
	if err != nil {
		return nil, err
	}
	return db.Residence(ctx, p, id)
}

// HouseResidences lists the residences of a house in the caller's scope, current ones
// only unless all is set, oldest first.
func (db *DB) HouseResidences(ctx context.Context, p *account.Principal, houseID int64, all bool) ([]*register.Residence, error) {
	if _, err := db.House(ctx, p, houseID); err != nil {
		return nil, err
	}
	return db.residences(ctx, p, "r.house_id = ?", houseID, all)
}

// PersonResidences lists the residences of a resident in the caller's scope (those kept
// under houses in the scope), current ones only unless all is set.
func (db *DB) PersonResidences(ctx context.Context, p *account.Principal, personID int64, all bool) ([]*register.Residence, error) {
	if _, err := db.personRow(ctx, p, personID); err != nil {
		return nil, err
	}
	return db.residences(ctx, p, "r.person_id = ?", personID, all)
}

func (db *DB) residences(ctx context.Context, p *account.Principal, cond string, id int64, all bool) ([]*register.Residence, error) {
	q := `SELECT ` + residenceCols + ` FROM residences r WHERE ` + cond
	args := []any{id}
	if !all {
		q += ` AND r.retired_at IS NULL AND (r.to_date IS NULL OR r.to_date >= ?)`
		args = append(args, register.Today(db.now()).Format(time.DateOnly))
	}
	rows, err := queryList(ctx, db, register.EntityResidence, scanResidence, q+` ORDER BY r.id LIMIT 1000`, args...)
	var out []*register.Residence
	for _, r := range rows {
		if p.InScope(r.path) {
			out = append(out, r.Residence)
		}
	}
	return out, err
}
