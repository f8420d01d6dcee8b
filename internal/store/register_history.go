package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
)

// registerRecordVisible reports whether entity names a register record, and if so
// whether the caller may see record id (NotFound otherwise), for History.
func (db *DB) registerRecordVisible(ctx context.Context, p *account.Principal, entity string, id int64) (bool, error) {
	var err error
	switch entity {
	case "building":
		_, err = db.Building(ctx, p, id)
	case "house":
		_, err = db.House(ctx, p, id)
	case "person":
		_, err = db.personRow(ctx, p, id)
	case "household":
		_, err = db.householdRow(ctx, p, id)
	case "residence":
		_, err = db.residenceRow(ctx, p, id)
	case "rental":
		_, err = db.rentalRow(ctx, p, id)
	case "organisation":
		_, err = db.Organisation(ctx, p, id)
	case "facility":
		_, err = db.Facility(ctx, p, id)
	default:
		return false, nil
	}
	return true, err
}
