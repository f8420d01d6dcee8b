package store

import (
	"context"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

// PeopleNumbers opens the full numbers of residents in the caller's scope, for an
// unmasked export. It does not audit each person: the caller records the export once,
// with its purpose and filters, before the first row goes out (see web/exports.go).
func (db *DB) PeopleNumbers(ctx context.Context, p *account.Principal, ids []int64) (map[int64]PersonNumbers, error) {
	if !p.Can(account.PersonalUnmask) || !p.Can(account.RegisterView) {
		return nil, errs.ForbiddenErr()
	}
	if db.keys == nil {
		return nil, errs.Internalf("no encryption key configured")
	}
	out := make(map[int64]PersonNumbers, len(ids))
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := make([]any, n)
		for i, id := range ids[:n] {
			args[i] = id
		}
		rows, err := db.query(ctx, `SELECT id, node_path, id_sealed, passport_sealed, phone_sealed FROM persons WHERE id IN (`+placeholders(n)+`)`, args...)
		if err != nil {
			return nil, mapErr(err, register.EntityPerson)
		}
		for rows.Next() {
			var id int64
			var path, idS, passS, phoneS string
			if err := rows.Scan(&id, &path, &idS, &passS, &phoneS); err != nil {
				rows.Close()
				return nil, mapErr(err, register.EntityPerson)
			}
			if !p.InScope(path) {
				continue
			}
			var nums PersonNumbers
			var oerr error
			open := func(v, context string) string {
				if oerr != nil || v == "" {
					return ""
				}
				s, err := db.keys.Open(v, context)
				oerr = err
				return s
			}
			nums.IDNumber, nums.Passport, nums.Phone = open(idS, sealIDNumber), open(passS, sealPassport), open(phoneS, sealPhone)
			if oerr != nil {
				rows.Close()
				return nil, errs.Internalf("open numbers of person %d: %v", id, oerr)
			}
			out[id] = nums
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapErr(err, register.EntityPerson)
		}
		ids = ids[n:]
	}
	return out, nil
}

// FacilityOwnerName is the name of a facility's owner as an export writes it: the unit's
// (one of the caller's scope, or of a place above it, as owners of facilities may be)
// or the organisation's in the caller's scope; "" when it has none the caller sees.
func (db *DB) FacilityOwnerName(ctx context.Context, p *account.Principal, unitID, orgID int64) (string, error) {
	switch {
	case unitID != 0:
		u, err := db.unitByID(ctx, unitID)
		if errs.Is(err, errs.NotFound) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		if p.InScope(u.NodePath) || strings.HasPrefix(p.ScopePath, u.NodePath) {
			return u.Name, nil
		}
	case orgID != 0:
		o, err := db.Organisation(ctx, p, orgID)
		if errs.Is(err, errs.NotFound) {
			return "", nil
		}
		if err != nil {
			return "", err
		}
		return o.Name, nil
	}
	return "", nil
}

// PersonBrief is how an export names a resident it refers to: the name and the masked ID
// number.
type PersonBrief struct {
	Name     string
	IDMasked string
}

// PeopleBriefs returns the name and masked ID number of the given residents that the
// caller may see, for the exports of registers that refer to residents (households,
// rentals). Care tags are not read, so nothing is audited.
func (db *DB) PeopleBriefs(ctx context.Context, p *account.Principal, ids []int64) (map[int64]PersonBrief, error) {
	out := map[int64]PersonBrief{}
	lo, hi, ok := p.Scope()
	if !ok || !p.Can(account.RegisterView) {
		return out, nil
	}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		args := []any{lo, hi}
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		rows, err := db.query(ctx, `SELECT id, name, id_masked FROM persons WHERE node_path >= ? AND node_path < ? AND id IN (`+
			placeholders(n)+`)`, args...)
		if err != nil {
			return nil, mapErr(err, register.EntityPerson)
		}
		for rows.Next() {
			var id int64
			var b PersonBrief
			if err := rows.Scan(&id, &b.Name, &b.IDMasked); err != nil {
				rows.Close()
				return nil, mapErr(err, register.EntityPerson)
			}
			out[id] = b
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapErr(err, register.EntityPerson)
		}
		ids = ids[n:]
	}
	return out, nil
}
