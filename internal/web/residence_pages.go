package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/store"
)

// residenceAddFields are the fields of a house page's "add a resident" form.
var residenceAddFields = formFields{"id_number", "residence.field.id_number", "person_id", "residence.field.person",
	"role", "residence.field.role", "from", "residence.field.from"}

// residenceEndFields are the fields of a residence's "moved out" form.
var residenceEndFields = formFields{"to", "residence.field.to"}

// residenceForms carries a failed residence form back to the house page.
type residenceForms struct {
	Add   *form
	End   *form
	EndID int64 // the residence whose end form failed
}

// houseResident is one line of a house's "who lives here" section.
type houseResident struct {
	*register.Residence
	Name    string // masked: the house page is about the house
	Current bool
}

// houseResidents is the "who lives here" section of a house's page.
type houseResidents struct {
	Rows      []houseResident
	Manage    bool               // may add and end residences
	People    []*register.Person // the residents of the house's grid, to pick from
	SelPerson string
	SelRole   string
	Today     string
	AddV      view
	EndV      view
	EndID     int64
}

// Roles are the residence roles, for the templates.
func (houseResidents) Roles() []register.ResidenceRole { return register.ResidenceRoles }

// houseResidentsPick bounds the residents of a grid offered on a house's add form; more
// are found by ID number.
const houseResidentsPick = 500

// houseResidentsOf reads the residences of a house for its page: current ones and ended
// ones, withdrawn ones left out.
func (s *Server) houseResidentsOf(r *http.Request, h *register.House, res residenceForms) (*houseResidents, error) {
	ctx := r.Context()
	st := state(r)
	now := s.db.Clock().Now()
	d := &houseResidents{Manage: st.p.Can(account.RegisterEdit) && !h.IsRetired(), Today: register.Today(now).Format(time.DateOnly),
		AddV: view{Lang: st.lang, Form: res.Add, Fields: residenceAddFields, IDPrefix: "res-"},
		EndV: view{Lang: st.lang, Form: res.End, Fields: residenceEndFields, IDPrefix: "end-"}, EndID: res.EndID, SelRole: string(register.Resident)}
	if res.Add != nil {
		d.SelPerson, d.SelRole = res.Add.Get("person_id"), res.Add.Get("role")
	}
	rs, err := s.db.HouseResidences(ctx, st.p, h.ID, true)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, x := range rs {
		ids = append(ids, x.PersonID)
	}
	names, err := s.db.PersonNames(ctx, st.p, treeUniqueIDs(ids))
	if err != nil {
		return nil, err
	}
	for _, x := range rs {
		if x.IsRetired() {
			continue
		}
		name := "—"
		if n, ok := names[x.PersonID]; ok {
			name = secret.MaskName(n)
		}
		d.Rows = append(d.Rows, houseResident{Residence: x, Name: name, Current: x.Current(now)})
	}
	if d.Manage {
		if d.People, _, err = s.db.People(ctx, st.p, store.PeopleFilter{Under: h.NodeID, Limit: houseResidentsPick}); err != nil {
			return nil, err
		}
	}
	return d, nil
}

func houseURL(id int64) string { return "/registers/houses/" + strconv.FormatInt(id, 10) }

// residenceAddSubmit links a resident, named by exact ID number or picked from the
// grid's residents, with the house.
func (s *Server) residenceAddSubmit(w http.ResponseWriter, r *http.Request) error {
	h, err := s.pathHouse(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st := state(r)
	now := s.db.Clock().Now()
	var v errs.Validation
	in := register.ResidenceInput{HouseID: h.ID, Role: register.ResidenceRole(f.Get("role"))}
	in.From = parseDateField(&v, "from", f.Get("from"))
	switch id := f.Get("id_number"); {
	case id != "":
		n, err := register.ParseIDNumber(id, now)
		if err != nil {
			v.Add("id_number", err.Error())
			break
		}
		ps, _, err := s.db.People(ctx, st.p, store.PeopleFilter{IDNumber: n.Number, Limit: 1})
		if err != nil {
			return err
		}
		if len(ps) == 0 {
			v.Add("id_number", "err.residence_no_person")
		} else {
			in.PersonID = ps[0].ID
		}
	case f.Get("person_id") != "":
		in.PersonID = f.Int("person_id")
		if key := f.Errors["person_id"]; key != "" {
			delete(f.Errors, "person_id")
			v.Add("person_id", key)
		}
	default:
		v.Add("person_id", "err.residence_person")
	}
	if v.OK() {
		_, err = s.db.AddResidence(ctx, st.p, in)
	} else {
		err = bothErrs(&v, in.Validate(now))
	}
	if err != nil {
		if e := errs.As(err); e != nil && e.Code == errs.Invalid && len(e.Fields) == 1 && e.Fields[0].Field == "person_id" &&
			in.PersonID > 0 && f.Get("id_number") != "" {
			// The person found by ID number is the one the message is about.
			err = errs.FieldInvalid("id_number", e.Fields[0].Msg.Key, e.Fields[0].Msg.Args...)
		}
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderHouseWith(w, r, statusFor(err), h, nil, residenceForms{Add: f})
	}
	flash(w, "success", "flash.residence_added")
	return redirect(w, r, houseURL(h.ID)+"#residents")
}

// residenceEndSubmit records the last day of a residence.
func (s *Server) residenceEndSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	ctx := r.Context()
	st := state(r)
	x, err := s.db.Residence(ctx, st.p, id)
	if err != nil {
		return err
	}
	h, err := s.db.House(ctx, st.p, x.HouseID)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	var v errs.Validation
	to := parseDateField(&v, "to", f.Get("to"))
	if to == nil && !v.Has("to") {
		v.Add("to", "err.required")
	}
	version := int(f.Int("version"))
	if f.Errors["version"] != "" || version <= 0 {
		delete(f.Errors, "version")
		v.Add("version", "err.required")
	}
	err = v.Err()
	if err == nil {
		_, err = s.db.EndResidence(ctx, st.p, x.ID, *to, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		return s.renderHouseWith(w, r, statusFor(err), h, nil, residenceForms{End: f, EndID: x.ID})
	}
	flash(w, "success", "flash.residence_ended")
	return redirect(w, r, houseURL(h.ID)+"#residents")
}
