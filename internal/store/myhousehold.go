package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

// MyHousehold is what a resident sees of their own household: the household and its
// members, numbers masked and without care tags.
type MyHousehold struct {
	Household *register.Household
	Members   []*register.Person // in the order of Household.Members
}

// MyHousehold returns the household of the resident signed in. A resident account is
// linked to the register by its phone: the account's phone lookup hash equals the
// resident's (both are the keyed hash of the normalised mobile number), so no one can
// claim a household without the phone the grid worker registered. When several residents
// share the phone, the household of the one who heads one comes first. NotFound when
// the phone matches no member of an active household.
func (db *DB) MyHousehold(ctx context.Context, p *account.Principal) (*MyHousehold, error) {
	if p == nil || p.UserID == 0 || p.Role != account.Resident {
		return nil, errs.ForbiddenErr()
	}
	var hid int64
	err := db.queryRow(ctx, `SELECT m.household_id FROM users u
		JOIN persons ps ON ps.phone_lookup = u.phone_hash AND ps.retired_at IS NULL
		JOIN household_members m ON m.person_id = ps.id AND m.retired_at IS NULL
		WHERE u.id = ? AND u.phone_hash IS NOT NULL AND u.phone_hash <> ''
		ORDER BY CASE m.relation WHEN 'self' THEN 0 ELSE 1 END, m.household_id LIMIT 1`, p.UserID).Scan(&hid)
	if err != nil {
		return nil, mapErr(err, register.EntityHousehold)
	}
	h, err := scanHousehold(db.queryRow(ctx, `SELECT `+householdCols+` FROM households h WHERE h.id = ?`, hid))
	if err != nil {
		return nil, mapErr(err, register.EntityHousehold)
	}
	if err := db.loadMembers(ctx, []*register.Household{h.Household}); err != nil {
		return nil, err
	}
	out := &MyHousehold{Household: h.Household}
	for _, m := range h.Members {
		r, err := scanPerson(db.queryRow(ctx, `SELECT `+personCols+` FROM persons p WHERE p.id = ?`, m.PersonID))
		if err != nil {
			return nil, mapErr(err, register.EntityPerson)
		}
		r.CareTags = nil
		out.Members = append(out.Members, r.Person)
	}
	return out, nil
}
