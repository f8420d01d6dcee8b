package web

import (
	"context"
	"net/http"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// personUnmaskFields are the fields of a resident's unmask form.
var personUnmaskFields = formFields{"purpose", "user.field.purpose"}

// personHousehold is one household of a resident's page.
type personHousehold struct {
	*register.Household
	Relation register.Relation // the resident's place in it
	Members  []householdMember
}

// householdMember is one member of a household, with a name when the caller sees them.
type householdMember struct {
	register.Member
	Name string
}

// personResidence is one house a resident lives in, owns or rents.
type personResidence struct {
	*register.Residence
	House   *register.House // nil when the house is beyond the caller's scope
	Label   string          // building, unit and room
	Current bool
}

// personShowData is the page of one resident.
type personShowData struct {
	Person     *register.Person
	Node       *admin.Node
	Age        string
	SeesCare   bool
	Households []personHousehold
	Residences []personResidence
	History    []registerHistoryItem
	Manage     bool
	CanUnmask  bool
	Numbers    *store.PersonNumbers // just unmasked: shown on this response only
	StatusV    view
	UnmaskV    view
}

func (s *Server) personShowPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.personFromPath(r)
	if err != nil {
		return err
	}
	return s.renderPerson(w, r, http.StatusOK, p, personShowData{})
}

// renderPerson shows a resident's page; d carries a failed status or unmask form, or
// numbers just unmasked.
func (s *Server) renderPerson(w http.ResponseWriter, r *http.Request, status int, p *register.Person, d personShowData) error {
	ctx := r.Context()
	st := state(r)
	now := s.db.Clock().Now()
	d.Person, d.Age, d.SeesCare = p, personAge(p, now), st.p.SeesCareTags()
	d.Manage = st.p.Can(account.RegisterEdit)
	d.CanUnmask = st.p.Can(account.PersonalUnmask) && (p.IDMasked != "" || p.PassportMasked != "" || p.PhoneMasked != "")
	d.StatusV.Lang, d.UnmaskV.Lang = st.lang, st.lang
	d.UnmaskV.Fields, d.UnmaskV.IDPrefix = personUnmaskFields, "unmask-"
	var err error
	if d.Node, err = s.db.Node(ctx, st.p, p.NodeID); err != nil {
		return err
	}
	hs, err := s.db.PersonHouseholds(ctx, st.p, p.ID)
	if err != nil {
		return err
	}
	var memberIDs []int64
	for _, h := range hs {
		for _, m := range h.Members {
			memberIDs = append(memberIDs, m.PersonID)
		}
	}
	names, err := s.db.PersonNames(ctx, st.p, treeUniqueIDs(memberIDs))
	if err != nil {
		return err
	}
	for _, h := range hs {
		ph := personHousehold{Household: h}
		for _, m := range h.Members {
			if m.PersonID == p.ID {
				ph.Relation = m.Relation
			}
			ph.Members = append(ph.Members, householdMember{Member: m, Name: names[m.PersonID]})
		}
		d.Households = append(d.Households, ph)
	}
	rs, err := s.db.PersonResidences(ctx, st.p, p.ID, true)
	if err != nil {
		return err
	}
	for _, x := range rs {
		if x.IsRetired() {
			continue // withdrawn: entered in error
		}
		pr := personResidence{Residence: x, Current: x.Current(now)}
		if h, err := s.db.House(ctx, st.p, x.HouseID); err == nil {
			pr.House, pr.Label = h, houseLabel(h.Unit, h.Room)
			if b, err := s.db.Building(ctx, st.p, h.BuildingID); err == nil {
				pr.Label = b.Name + " " + pr.Label
			}
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		d.Residences = append(d.Residences, pr)
	}
	if d.History, err = s.registerHistory(r, "person", p.ID); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "people_show", view{Title: p.Name, Section: "registers", Data: d})
}

// personStatusWrite runs the retire or restore form of a resident's page.
func (s *Server) personStatusWrite(w http.ResponseWriter, r *http.Request, retire bool) error {
	sf := statusForm[*register.Person]{get: s.db.Person, page: "/registers/people/", flash: "flash.person_restored",
		change: func(ctx context.Context, p *account.Principal, id int64, version int) error {
			_, err := s.db.RetirePerson(ctx, p, id, retire, version)
			return err
		},
		render: func(w http.ResponseWriter, r *http.Request, status int, p *register.Person, f *form) error {
			return s.renderPerson(w, r, status, p, personShowData{StatusV: view{Form: f}})
		}}
	if retire {
		sf.flash = "flash.person_retired"
	}
	return sf.submit(w, r)
}

func (s *Server) personRetireSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.personStatusWrite(w, r, true)
}

func (s *Server) personRestoreSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.personStatusWrite(w, r, false)
}

// personUnmaskSubmit reveals a resident's full numbers for a stated purpose. Storage
// records the read with its purpose in the audit log; the numbers are shown on this
// response only, never stored in a cookie or a URL.
func (s *Server) personUnmaskSubmit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.personFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	n, err := s.db.UnmaskPerson(r.Context(), st.p, p.ID, f.Get("purpose"))
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderPerson(w, r, statusFor(err), p, personShowData{UnmaskV: view{Form: f}})
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.renderPerson(w, r, http.StatusOK, p, personShowData{Numbers: &n})
}

// gridResidents is the residents line of a grid's page.
type gridResidents struct {
	Node  *admin.Node
	Count int
}

// gridResidentsOf counts the current residents of a grid or micro-grid for its page; nil
// for other places and for callers who do not see the registers.
func (s *Server) gridResidentsOf(r *http.Request, n *admin.Node) (*gridResidents, error) {
	p := principal(r)
	if (n.Level != admin.Grid && n.Level != admin.Microgrid) || !p.Can(account.RegisterView) || !p.InScope(n.Path) {
		return nil, nil
	}
	c, err := s.db.PeopleCount(r.Context(), p, n.ID)
	if err != nil {
		return nil, err
	}
	return &gridResidents{Node: n, Count: c}, nil
}
