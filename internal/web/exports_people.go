package web

import (
	"context"
	"net/url"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/importer"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// Exports of the registers that refer to houses and residents (rentals, households):
// houses are named by building, unit, floor and room, residents by name and ID number,
// masked unless the export is unmasked.

// exportRefs remembers the houses, buildings and grids an export has named.
type exportRefs struct {
	s         *Server
	p         *account.Principal
	grids     *gridCodes
	houses    map[int64]*register.House
	buildings map[int64]string
}

func newExportRefs(s *Server, p *account.Principal) *exportRefs {
	return &exportRefs{s: s, p: p, grids: &gridCodes{s: s, p: p, nodes: map[int64]*admin.Node{}}, houses: map[int64]*register.House{},
		buildings: map[int64]string{}}
}

// house is a house and its building's name; nil when there is none or the caller cannot
// see it.
func (x *exportRefs) house(ctx context.Context, id int64) (*register.House, string) {
	if id == 0 {
		return nil, ""
	}
	h, ok := x.houses[id]
	if !ok {
		h, _ = x.s.db.House(ctx, x.p, id)
		x.houses[id] = h
	}
	if h == nil {
		return nil, ""
	}
	name, ok := x.buildings[h.BuildingID]
	if !ok {
		if b, err := x.s.db.Building(ctx, x.p, h.BuildingID); err == nil {
			name = b.Name
		}
		x.buildings[h.BuildingID] = name
	}
	return h, name
}

// people names the residents of a page of records.
func (x *exportRefs) people(ctx context.Context, ids []int64, unmasked bool) (map[int64]importer.PersonCell, error) {
	briefs, err := x.s.db.PeopleBriefs(ctx, x.p, ids)
	if err != nil {
		return nil, err
	}
	var numbers map[int64]store.PersonNumbers
	if unmasked {
		if numbers, err = x.s.db.PeopleNumbers(ctx, x.p, ids); err != nil {
			return nil, err
		}
	}
	out := make(map[int64]importer.PersonCell, len(briefs))
	for id, b := range briefs {
		out[id] = importer.PersonCell{Name: b.Name, IDMasked: b.IDMasked, IDNumber: numbers[id].IDNumber}
	}
	return out, nil
}

// rentalExportFilter reads the rentals list's filters: the place and the state.
func rentalExportFilter(q url.Values) (store.RentalFilter, error) {
	var v errs.Validation
	f := store.RentalFilter{Under: queryIDField(&v, q, "node"), Status: q.Get("status")}
	switch f.Status {
	case "", store.RentalsActive, store.RentalsExpired, store.RentalsFuture:
	case rentalsExpiring: // what is about to expire is in force now
		f.Status = store.RentalsActive
	default:
		v.Add("status", "err.choose_one")
	}
	return f, v.Err()
}

func exportRentals(s *Server, ctx context.Context, p *account.Principal, q url.Values, unmasked bool, emit func([]string) error) error {
	f, err := rentalExportFilter(q)
	if err != nil {
		return err
	}
	f.Limit = exportPage
	if emit == nil {
		f.Limit = 1
		_, _, err := s.db.Rentals(ctx, p, f)
		return err
	}
	refs := newExportRefs(s, p)
	for {
		rs, next, err := s.db.Rentals(ctx, p, f)
		if err != nil {
			return err
		}
		ids := make([]int64, len(rs))
		for i, r := range rs {
			ids[i] = r.TenantID
		}
		people, err := refs.people(ctx, ids, unmasked)
		if err != nil {
			return err
		}
		for _, r := range rs {
			h, building := refs.house(ctx, r.HouseID)
			code, _ := refs.grids.get(ctx, r.NodeID)
			if err := emit(importer.RentalCells(r, code, h, building, people[r.TenantID])); err != nil {
				return err
			}
		}
		if next.IsZero() {
			return nil
		}
		f.After = next
	}
}

// householdExportFilter reads the households list's filters: place, number, retired.
func householdExportFilter(q url.Values) (store.HouseholdFilter, error) {
	var v errs.Validation
	f := store.HouseholdFilter{Under: queryIDField(&v, q, "node"), Number: q.Get("number"), IncludeRetired: q.Get(retiredParam(q)) != ""}
	return f, v.Err()
}

func exportHouseholds(s *Server, ctx context.Context, p *account.Principal, q url.Values, unmasked bool, emit func([]string) error) error {
	f, err := householdExportFilter(q)
	if err != nil {
		return err
	}
	f.Limit = exportPage
	if emit == nil {
		f.Limit = 1
		_, _, err := s.db.Households(ctx, p, f)
		return err
	}
	refs := newExportRefs(s, p)
	for {
		hs, next, err := s.db.Households(ctx, p, f)
		if err != nil {
			return err
		}
		var ids []int64
		for _, h := range hs {
			for _, m := range h.Members {
				ids = append(ids, m.PersonID)
			}
		}
		people, err := refs.people(ctx, ids, unmasked)
		if err != nil {
			return err
		}
		for _, h := range hs {
			house, building := refs.house(ctx, h.HouseID)
			code, _ := refs.grids.get(ctx, h.NodeID)
			for _, m := range h.Members {
				if err := emit(importer.HouseholdCells(h, code, house, building, m, people[m.PersonID])); err != nil {
					return err
				}
			}
		}
		if next.IsZero() {
			return nil
		}
		f.After = next
	}
}
