package store

import (
	"context"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

// PeopleFilter selects residents in a listing. Zero fields do not filter.
type PeopleFilter struct {
	Under    int64 // residents of this place and below; 0 for the whole scope
	RegType  register.RegType
	Sex      register.Sex
	CareTag  register.CareTag // only for callers who see care tags
	MinAge   int              // age in whole years today, at least
	MaxAge   int              // at most; 0 for no limit (use BornFrom for babies)
	BornFrom *time.Time       // birth date on or after (civil date)
	BornTo   *time.Time       // on or before
	Name     string           // the name contains this
	// NamePrefix makes Name match the start of the name only.
	NamePrefix bool
	IDNumber   string // exact ID number, found by its keyed hash
	Passport   string // exact passport number
	Phone      string // exact mobile number
	// IncludeRetired lists residents who moved away or died too.
	IncludeRetired bool
	After          PathCursor // the last row of the previous page
	Limit          int        // rows per page, 50 by default, at most 500
}

// People lists residents in the caller's scope in (node_path, id) order and returns the
// cursor of the next page, zero after the last. See PathCursor: every page of every
// scope is one range of the index persons_path (of persons_reg_type with a registration
// type, of persons_care with a care tag); the other filters are checked on the rows of
// that range, and exact numbers go by their lookup index instead.
func (db *DB) People(ctx context.Context, p *account.Principal, f PeopleFilter) ([]*register.Person, PathCursor, error) {
	lo, hi, err := db.scopeRange(ctx, p, f.Under)
	if err != nil {
		return nil, PathCursor{}, err
	}
	if f.CareTag != "" && !p.SeesCareTags() {
		return nil, PathCursor{}, errs.FieldInvalid("care_tag", "err.care_tags_hidden")
	}
	where, args := keyset("p", lo, hi, f.After)
	if f.RegType != "" {
		where = append(where, "p.reg_type = ?")
		args = append(args, f.RegType)
	}
	if f.Sex != "" {
		where = append(where, "p.sex = ?")
		args = append(args, f.Sex)
	}
	if f.CareTag != "" {
		// care_tags <> '' lets the planner use the partial index of tagged residents.
		where = append(where, "p.care_tags <> ''", `(',' || p.care_tags || ',') LIKE ? ESCAPE '\'`)
		args = append(args, "%,"+escapeLike(string(f.CareTag))+",%")
	}
	today := register.Today(db.now())
	if f.MinAge > 0 {
		where = append(where, "p.birth_date <= ?")
		args = append(args, today.AddDate(-f.MinAge, 0, 0).Format(time.DateOnly))
	}
	if f.MaxAge > 0 {
		// Aged at most n: born after this day n+1 years ago.
		where = append(where, "p.birth_date > ?")
		args = append(args, today.AddDate(-f.MaxAge-1, 0, 0).Format(time.DateOnly))
	}
	if f.BornFrom != nil {
		where = append(where, "p.birth_date >= ?")
		args = append(args, dateCol(f.BornFrom))
	}
	if f.BornTo != nil {
		where = append(where, "p.birth_date <= ?")
		args = append(args, dateCol(f.BornTo))
	}
	if q := strings.TrimSpace(f.Name); q != "" {
		pattern := escapeLike(q) + "%"
		if !f.NamePrefix {
			pattern = "%" + pattern
		}
		where = append(where, `p.name LIKE ? ESCAPE '\'`)
		args = append(args, pattern)
	}
	for _, n := range []struct{ col, kind, v string }{
		{"p.id_lookup", register.LookupIDNumber, register.NormalizeIDNumber(f.IDNumber)},
		{"p.passport_lookup", register.LookupPassport, strings.ToUpper(strings.ReplaceAll(strings.Join(strings.Fields(f.Passport), ""), "-", ""))},
		{"p.phone_lookup", register.LookupPhone, register.NormalizeMobile(f.Phone)},
	} {
		if n.v == "" {
			continue
		}
		if db.keys == nil {
			return nil, PathCursor{}, errs.Internalf("no encryption key configured")
		}
		where = append(where, n.col+" = ?")
		args = append(args, db.keys.Lookup(n.kind, n.v))
	}
	if !f.IncludeRetired {
		where = append(where, "p.retired_at IS NULL")
	}
	rows, next, err := pathPage(ctx, db, register.EntityPerson, scanPerson, listLimit(f.Limit), `SELECT `+personCols+
		` FROM persons p WHERE `+strings.Join(where, " AND ")+` ORDER BY p.node_path, p.id LIMIT ?`, args...)
	if err != nil {
		return nil, PathCursor{}, err
	}
	return db.shownPeople(ctx, p, rows, next)
}

// shownPeople applies the care-tag rule to a page: without it the tags are dropped; with
// it, one audit entry records whose tags the page showed.
func (db *DB) shownPeople(ctx context.Context, p *account.Principal, rows []personRow, next PathCursor) ([]*register.Person, PathCursor, error) {
	out := make([]*register.Person, len(rows))
	var tagged []int64
	sees := p.SeesCareTags()
	for i, r := range rows {
		if len(r.CareTags) > 0 {
			if sees {
				tagged = append(tagged, r.ID)
			} else {
				r.CareTags = nil
			}
		}
		out[i] = r.Person
	}
	if len(tagged) > 0 {
		if err := db.Audit(ctx, p, Record{Action: "person.list_care", Entity: "person", NodePath: p.ScopePath,
			Detail: map[string]any{"ids": tagged}}); err != nil {
			return nil, PathCursor{}, err
		}
	}
	return out, next, nil
}
