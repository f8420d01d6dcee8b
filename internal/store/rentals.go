package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

const rentalCols = `r.id, r.node_id, r.node_path, r.house_id, r.tenant_id, r.start_date, r.end_date,
	r.retired_at, r.created_at, r.updated_at, r.version`

type rentalRow struct {
	*register.Rental
	path string
}

func (r rentalRow) nodePath() string   { return r.path }
func (r rentalRow) cursor() PathCursor { return PathCursor{Path: r.path, ID: r.ID} }

func scanRental(s rowScanner) (rentalRow, error) {
	var r register.Rental
	var path string
	var start, end sql.NullString
	var retired sql.NullInt64
	var created, updated int64
	if err := s.Scan(&r.ID, &r.NodeID, &path, &r.HouseID, &r.TenantID, &start, &end,
		&retired, &created, &updated, &r.Version); err != nil {
		return rentalRow{}, err
	}
	if t := parseDateCol(start); t != nil {
		r.Start = *t
	}
	if t := parseDateCol(end); t != nil {
		r.End = *t
	}
	r.Retired, r.Created, r.Updated = fromNullMS(retired), fromMS(created), fromMS(updated)
	return rentalRow{&r, path}, nil
}

func rentalTaken(err error) error {
	if isUnique(err, "nkey") {
		return errs.FieldInvalid("start", "err.rental_taken")
	}
	return mapErr(err, register.EntityRental)
}

func rentalAudit(in register.RentalInput) map[string]any {
	return map[string]any{"house_id": in.HouseID, "tenant_id": in.TenantID, "start": dateCol(&in.Start), "end": dateCol(&in.End)}
}

// CreateRental registers a tenant (a resident in the caller's scope) in a house of the
// scope for a period. The registration is kept under the house's grid.
func (db *DB) CreateRental(ctx context.Context, p *account.Principal, in register.RentalInput) (*register.Rental, error) {
	if !p.Can(account.RegisterEdit) {
		return nil, errs.ForbiddenErr()
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	path, err := db.houseAndPerson(ctx, p, in.HouseID, in.TenantID, "tenant_id")
	if err != nil {
		return nil, err
	}
	var id int64
	err = db.write(ctx, p, func(tx *Tx) error {
		id, err = tx.insert(`INSERT INTO rentals (node_id, node_path, nkey, house_id, tenant_id, start_date, end_date, created_at, updated_at)
			SELECT h.node_id, h.node_path, ?, h.id, ?, ?, ?, ?, ? FROM houses h WHERE h.id = ?`,
			nullStr(register.RentalKey(in.HouseID, in.TenantID, in.Start)), in.TenantID, dateCol(&in.Start), dateCol(&in.End),
			ms(tx.now), ms(tx.now), in.HouseID)
		if err != nil {
			return rentalTaken(err)
		}
		return tx.audit(Record{Action: "rental.create", Entity: "rental", EntityID: id, NodePath: path, Detail: rentalAudit(in)})
	})
	if err != nil {
		return nil, err
	}
	return db.Rental(ctx, p, id)
}

// Rental returns a rental registration in the caller's scope.
func (db *DB) Rental(ctx context.Context, p *account.Principal, id int64) (*register.Rental, error) {
	r, err := db.rentalRow(ctx, p, id)
	return r.Rental, err
}

func (db *DB) rentalRow(ctx context.Context, p *account.Principal, id int64) (rentalRow, error) {
	return rowInScope(ctx, db, p, register.EntityRental, scanRental, `SELECT `+rentalCols+` FROM rentals r WHERE r.id = ?`, id)
}

// activeRental reads a rental the caller may change: register.edit, in scope and not
// retired.
func (db *DB) activeRental(ctx context.Context, p *account.Principal, id int64) (rentalRow, error) {
	if !p.Can(account.RegisterEdit) {
		return rentalRow{}, errs.ForbiddenErr()
	}
	r, err := db.rentalRow(ctx, p, id)
	if err != nil {
		return r, err
	}
	if r.IsRetired() {
		return r, errs.E(errs.Conflict, "err.rental_retired")
	}
	return r, nil
}

// UpdateRental corrects a registration's house, tenant and period, if nobody else changed
// it since version. Shortening the period is how a tenancy that ended early is recorded.
func (db *DB) UpdateRental(ctx context.Context, p *account.Principal, id int64, in register.RentalInput, version int) (*register.Rental, error) {
	if _, err := db.activeRental(ctx, p, id); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	path, err := db.houseAndPerson(ctx, p, in.HouseID, in.TenantID, "tenant_id")
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := expectOne(tx.exec(`UPDATE rentals SET (node_id, node_path) = (SELECT h.node_id, h.node_path FROM houses h WHERE h.id = ?),
			nkey = ?, house_id = ?, tenant_id = ?, start_date = ?, end_date = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
			in.HouseID, nullStr(register.RentalKey(in.HouseID, in.TenantID, in.Start)), in.HouseID, in.TenantID, dateCol(&in.Start), dateCol(&in.End),
			ms(tx.now), id, version)); err != nil {
			return rentalTaken(err)
		}
		return tx.audit(Record{Action: "rental.update", Entity: "rental", EntityID: id, NodePath: path, Detail: rentalAudit(in)})
	})
	if err != nil {
		return nil, err
	}
	return db.Rental(ctx, p, id)
}

// RetireRental cancels a registration (entered in error, or the tenant never moved in).
// It gives up its natural key, so the same registration may be made again.
func (db *DB) RetireRental(ctx context.Context, p *account.Principal, id int64, version int) (*register.Rental, error) {
	r, err := db.activeRental(ctx, p, id)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, p, func(tx *Tx) error {
		if err := tx.retireReleasingKey("rentals", id, version); err != nil {
			return mapErr(err, register.EntityRental)
		}
		return tx.audit(Record{Action: "rental.retire", Entity: "rental", EntityID: id, NodePath: r.path})
	})
	if err != nil {
		return nil, err
	}
	return db.Rental(ctx, p, id)
}

// Rental states a listing may select.
const (
	RentalsActive  = "active"  // covering today
	RentalsExpired = "expired" // last day before today
	RentalsFuture  = "future"  // starting after today
)

// RentalFilter selects rental registrations in a listing.
type RentalFilter struct {
	Under          int64
	HouseID        int64
	TenantID       int64
	Status         string // "", RentalsActive, RentalsExpired or RentalsFuture
	IncludeRetired bool
	After          PathCursor
	Limit          int
}

// Rentals lists rental registrations in the caller's scope in (node_path, id) order
// (see PathCursor), with the cursor of the next page.
func (db *DB) Rentals(ctx context.Context, p *account.Principal, f RentalFilter) ([]*register.Rental, PathCursor, error) {
	lo, hi, err := db.scopeRange(ctx, p, f.Under)
	if err != nil {
		return nil, PathCursor{}, err
	}
	where, args := keyset("r", lo, hi, f.After)
	if f.HouseID != 0 {
		where = append(where, "r.house_id = ?")
		args = append(args, f.HouseID)
	}
	if f.TenantID != 0 {
		where = append(where, "r.tenant_id = ?")
		args = append(args, f.TenantID)
	}
	today := register.Today(db.now()).Format(time.DateOnly)
	switch f.Status {
	case "":
	case RentalsActive:
		where = append(where, "r.start_date <= ? AND r.end_date >= ?")
		args = append(args, today, today)
	case RentalsExpired:
		where = append(where, "r.end_date < ?")
		args = append(args, today)
	case RentalsFuture:
		where = append(where, "r.start_date > ?")
		args = append(args, today)
	default:
		return nil, PathCursor{}, errs.FieldInvalid("status", "err.choose_one")
	}
	if !f.IncludeRetired {
		where = append(where, "r.retired_at IS NULL")
	}
	rows, next, err := pathPage(ctx, db, register.EntityRental, scanRental, listLimit(f.Limit), `SELECT `+rentalCols+
		` FROM rentals r WHERE `+strings.Join(where, " AND ")+` ORDER BY r.node_path, r.id LIMIT ?`, args...)
	if err != nil {
		return nil, PathCursor{}, err
	}
	out := make([]*register.Rental, len(rows))
	for i, r := range rows {
		out[i] = r.Rental
	}
	return out, next, nil
}

// MaxExpiringDays bounds how far ahead ExpiringRentals looks.
const MaxExpiringDays = 366

// ExpiringRentals lists the registrations in force in the caller's scope (below under,
// when not 0) whose last day falls within the next days days, today included
// (register.Rental.ExpiringWithin): the tenants grid workers should see again. They come
// soonest first, at most limit of them (500 by default and at most).
func (db *DB) ExpiringRentals(ctx context.Context, p *account.Principal, under int64, days, limit int) ([]*register.Rental, error) {
	if days < 0 || days > MaxExpiringDays {
		return nil, errs.FieldInvalid("expiring_within", "err.expiring_days", MaxExpiringDays)
	}
	lo, hi, err := db.scopeRange(ctx, p, under)
	if err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	today := register.Today(db.now())
	rows, err := queryList(ctx, db, register.EntityRental, scanRental, `SELECT `+rentalCols+` FROM rentals r
		WHERE r.end_date >= ? AND r.end_date <= ? AND r.node_path >= ? AND r.node_path < ? AND r.retired_at IS NULL
		ORDER BY r.end_date, r.id LIMIT ?`, today.Format(time.DateOnly), today.AddDate(0, 0, days).Format(time.DateOnly), lo, hi, limit)
	out := make([]*register.Rental, len(rows))
	for i, r := range rows {
		out[i] = r.Rental
	}
	return out, err
}
