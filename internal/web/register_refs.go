package web

import (
	"net/http"
	"strconv"

	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// houseRef is how household and rental pages name a house: its building and room.
type houseRef struct {
	ID, BuildingID int64
	NodeID         int64
	Label          string // building name, unit and room
	Retired        bool
}

// personRef is how household and rental pages name a resident: the name and the ID
// number masked, as the API shows them.
type personRef struct {
	ID       int64
	NodeID   int64
	Name     string
	IDMasked string
	Retired  bool
}

// refs looks up, once per page, the houses and residents its rows name. Records the
// caller may not see (a house moved to another grid) stay unnamed rather than fail the
// page.
type refs struct {
	s         *Server
	r         *http.Request
	houses    map[int64]*houseRef
	people    map[int64]*personRef
	buildings map[int64]string
}

func (s *Server) newRefs(r *http.Request) *refs {
	return &refs{s: s, r: r, houses: map[int64]*houseRef{}, people: map[int64]*personRef{}, buildings: map[int64]string{}}
}

// House names a house, or returns nil when the caller cannot see it.
func (x *refs) House(id int64) *houseRef {
	if id == 0 {
		return nil
	}
	if h, ok := x.houses[id]; ok {
		return h
	}
	var ref *houseRef
	p := principal(x.r)
	if h, err := x.s.db.House(x.r.Context(), p, id); err == nil {
		name, ok := x.buildings[h.BuildingID]
		if !ok {
			if b, err := x.s.db.Building(x.r.Context(), p, h.BuildingID); err == nil {
				name = b.Name
			}
			x.buildings[h.BuildingID] = name
		}
		ref = &houseRef{ID: h.ID, BuildingID: h.BuildingID, NodeID: h.NodeID, Label: name + " " + houseLabel(h.Unit, h.Room),
			Retired: h.IsRetired()}
	}
	x.houses[id] = ref
	return ref
}

// Person names a resident, or returns nil when the caller cannot see them.
func (x *refs) Person(id int64) *personRef {
	if id == 0 {
		return nil
	}
	if p, ok := x.people[id]; ok {
		return p
	}
	var ref *personRef
	if p, err := x.s.db.Person(x.r.Context(), principal(x.r), id); err == nil {
		ref = personRefOf(p)
	}
	x.people[id] = ref
	return ref
}

func personRefOf(p *register.Person) *personRef {
	return &personRef{ID: p.ID, NodeID: p.NodeID, Name: p.Name, IDMasked: p.IDMasked, Retired: p.IsRetired()}
}

// houseOption is one house a form offers.
type houseOption struct {
	ID    int64
	Label string
}

// maxPickList bounds the houses and residents a form offers to choose from; beyond it
// the person types the ID number (residents) or comes from the house's page (houses).
const maxPickList = 300

// placeHouses lists the current houses of a place for a form's choice.
func (s *Server) placeHouses(r *http.Request, under int64) ([]houseOption, error) {
	if under == 0 {
		return nil, nil
	}
	hs, err := s.db.ListHouses(r.Context(), principal(r), store.HouseFilter{RegisterFilter: store.RegisterFilter{Under: under, Limit: maxPickList}})
	if err != nil {
		return nil, err
	}
	x := s.newRefs(r)
	out := make([]houseOption, 0, len(hs))
	for _, h := range hs {
		if ref := x.House(h.ID); ref != nil {
			out = append(out, houseOption{ID: h.ID, Label: ref.Label})
		}
	}
	return out, nil
}

// placeResidents lists the current residents of a place for a form's choice.
func (s *Server) placeResidents(r *http.Request, under int64) ([]*personRef, error) {
	if under == 0 {
		return nil, nil
	}
	ps, _, err := s.db.People(r.Context(), principal(r), store.PeopleFilter{Under: under, Limit: maxPickList})
	if err != nil {
		return nil, err
	}
	out := make([]*personRef, len(ps))
	for i, p := range ps {
		out[i] = personRefOf(p)
	}
	return out, nil
}

// pickPerson reads the resident a form names: chosen from the list (field pick) or
// typed as an exact ID number (field idField), found in the caller's scope by its
// lookup hash. Problems are reported against idField.
func (s *Server) pickPerson(r *http.Request, f *form, pick, idField string) (int64, error) {
	if v := f.Get(pick); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return 0, errs.FieldInvalid(idField, "err.number")
		}
		return id, nil
	}
	number := register.NormalizeIDNumber(f.Get(idField))
	if number == "" {
		return 0, errs.FieldInvalid(idField, "err.required")
	}
	if _, err := register.ParseIDNumber(number, s.db.Clock().Now()); err != nil {
		if pr, ok := err.(register.Problem); ok {
			return 0, errs.FieldInvalid(idField, string(pr))
		}
		return 0, errs.FieldInvalid(idField, "err.invalid")
	}
	ps, _, err := s.db.People(r.Context(), principal(r), store.PeopleFilter{IDNumber: number, Limit: 1})
	if err != nil {
		return 0, err
	}
	if len(ps) == 0 {
		return 0, errs.FieldInvalid(idField, "hh.err.person_not_found")
	}
	return ps[0].ID, nil
}

// renameFields moves field errors of a store input to the form's own field names.
func renameFields(err error, names map[string]string) error {
	e := errs.As(err)
	if e == nil || len(e.Fields) == 0 {
		return err
	}
	out := *e
	out.Fields = make([]errs.FieldError, len(e.Fields))
	for i, fe := range e.Fields {
		if to, ok := names[fe.Field]; ok {
			fe.Field = to
		}
		out.Fields[i] = fe
	}
	return &out
}
