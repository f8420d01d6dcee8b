package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// personFields are the fields of the resident form, in page order.
var personFields = formFields{"node_id", "person.field.node", "name", "person.field.name", "reg_type", "person.field.reg_type",
	"id_number", "person.field.id_number", "passport", "person.field.passport", "nationality", "person.field.nationality",
	"sex", "person.field.sex", "birth_date", "person.field.birth_date", "phone", "person.field.phone",
	"ethnicity", "person.field.ethnicity", "care_tags", "person.field.care_tags"}

// personFilterFields are the filters of the residents list.
var personFilterFields = formFields{"node", "person.filter.node", "reg_type", "person.field.reg_type", "sex", "person.field.sex",
	"min_age", "person.filter.min_age", "max_age", "person.filter.max_age", "care_tag", "person.field.care_tags",
	"name", "person.field.name", "id_number", "person.field.id_number", "phone", "person.field.phone"}

// personPageSize is how many residents a page of the list shows.
const personPageSize = 50

// personRoutes are the staff pages of the residents register.
func (s *Server) personRoutes() []route {
	return []route{
		page("GET", "/registers/people", account.RegisterView, s.peoplePage),
		page("GET", "/registers/people/new", account.RegisterEdit, s.personNewPage),
		page("POST", "/registers/people", account.RegisterEdit, s.personCreateSubmit),
		page("GET", "/registers/people/{id}", account.RegisterView, s.personShowPage),
		page("GET", "/registers/people/{id}/edit", account.RegisterEdit, s.personEditPage),
		page("POST", "/registers/people/{id}", account.RegisterEdit, s.personUpdateSubmit),
		page("POST", "/registers/people/{id}/retire", account.RegisterEdit, s.personRetireSubmit),
		page("POST", "/registers/people/{id}/restore", account.RegisterEdit, s.personRestoreSubmit),
		page("POST", "/registers/people/{id}/unmask", account.PersonalUnmask, s.personUnmaskSubmit),
		page("POST", "/registers/houses/{id}/residences", account.RegisterEdit, s.residenceAddSubmit),
		page("POST", "/registers/residences/{id}/end", account.RegisterEdit, s.residenceEndSubmit),
	}
}

// peopleData is the list of residents.
type peopleData struct {
	Filter   store.PeopleFilter
	Places   []nodeOption
	People   []*register.Person
	Grids    map[int64]string // grid names
	Now      time.Time
	SeesCare bool
	Filtered bool
	registerPager
	CanCreate bool
}

// Age is a resident's age today, "—" when the birth date is unknown.
func (d peopleData) Age(p *register.Person) string { return personAge(p, d.Now) }

func personAge(p *register.Person, now time.Time) string {
	if age, ok := p.Age(now); ok {
		return strconv.Itoa(age)
	}
	return "—"
}

func (s *Server) peoplePage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := peopleData{CanCreate: st.p.Can(account.RegisterEdit), SeesCare: st.p.SeesCareTags(), Now: s.db.Clock().Now()}
	status := http.StatusOK
	filter, err := s.peopleFilterFrom(q)
	if err == nil && filter.Under != 0 {
		if _, err := s.db.Node(ctx, st.p, filter.Under); err != nil {
			return err
		}
	}
	var next store.PathCursor
	if err == nil {
		filter.Limit = personPageSize
		d.People, next, err = s.db.People(ctx, st.p, filter)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
	}
	d.Filter = filter
	d.registerPager = pagerFor("/registers/people", q, filter.After, next)
	d.Filtered = filter.Under != 0 || filter.RegType != "" || filter.Sex != "" || filter.CareTag != "" || filter.MinAge != 0 ||
		filter.MaxAge != 0 || filter.Name != "" || filter.IDNumber != "" || filter.Phone != "" || filter.IncludeRetired
	var ids []int64
	for _, p := range d.People {
		ids = append(ids, p.NodeID)
	}
	if d.Grids, err = s.db.NodeNames(ctx, st.p, treeUniqueIDs(ids)); err != nil {
		return err
	}
	if d.Places, err = s.registerPlaces(r, []admin.Level{admin.Street, admin.Community, admin.Grid, admin.Microgrid}); err != nil {
		return err
	}
	fields := personFilterFields
	if !d.SeesCare {
		// The care tag filter is not on the page: its problem is listed without a link.
		fields = append(fields[:10:10], fields[12:]...)
	}
	return s.renderCode(w, r, status, "people", view{Title: "registers.people", Section: "registers", Data: d, Form: f, Fields: fields})
}

// personFormData is the form of a new or existing resident.
type personFormData struct {
	Person   *register.Person // nil for a new resident
	Places   []nodeOption
	SeesCare bool
	Values   map[string]string // the values the form starts with
	Tags     map[register.CareTag]bool
}

func (s *Server) personNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderPersonForm(w, r, http.StatusOK, nil, nil)
}

func (s *Server) personEditPage(w http.ResponseWriter, r *http.Request) error {
	p, err := s.personFromPath(r)
	if err != nil {
		return err
	}
	if p.IsRetired() {
		return errs.E(errs.Conflict, "err.person_retired")
	}
	return s.renderPersonForm(w, r, http.StatusOK, p, nil)
}

// personFormValues are the form values of a resident. The numbers are never put in the
// form: a blank number keeps the stored one. Birth date and sex follow from an ID
// number, so they are filled in only for residents without one.
func personFormValues(p *register.Person) map[string]string {
	v := map[string]string{"node_id": strconv.FormatInt(p.NodeID, 10), "name": p.Name, "reg_type": string(p.RegType),
		"nationality": p.Nationality, "ethnicity": string(p.Ethnicity)}
	if p.IDMasked == "" {
		v["sex"] = string(p.Sex)
		v["birth_date"] = dateString(p.Birth)
	}
	return v
}

// renderPersonForm shows the form of a new resident (p nil) or of p, with the failed
// submission f when there is one.
func (s *Server) renderPersonForm(w http.ResponseWriter, r *http.Request, status int, p *register.Person, f *form) error {
	st := state(r)
	d := personFormData{Person: p, SeesCare: st.p.SeesCareTags(), Values: map[string]string{"reg_type": string(register.Registered),
		"ethnicity": "01"}, Tags: map[register.CareTag]bool{}}
	if p != nil {
		d.Values = personFormValues(p)
		for _, t := range p.CareTags {
			d.Tags[t] = true
		}
	} else if node, err := queryInt(r, "node"); err != nil {
		return err
	} else if node != 0 {
		d.Values["node_id"] = strconv.FormatInt(node, 10)
	}
	if f != nil {
		for _, k := range []string{"node_id", "name", "reg_type", "id_number", "passport", "nationality", "sex", "birth_date", "phone", "ethnicity"} {
			d.Values[k] = f.Get(k)
		}
		d.Tags = map[register.CareTag]bool{}
		for _, t := range f.Values["care_tags"] {
			d.Tags[register.CareTag(t)] = true
		}
	}
	var extra *admin.Node
	if id, _ := strconv.ParseInt(d.Values["node_id"], 10, 64); id != 0 {
		var err error
		if extra, err = s.db.Node(r.Context(), st.p, id); err != nil {
			extra, d.Values["node_id"] = nil, "" // a stale link: choose again
		}
	}
	var err error
	if d.Places, err = s.registerPlaces(r, []admin.Level{admin.Grid, admin.Microgrid}, extra); err != nil {
		return err
	}
	if len(d.Places) == 1 && f == nil && p == nil {
		d.Values["node_id"] = strconv.FormatInt(d.Places[0].ID, 10)
	}
	title := "person.new"
	if p != nil {
		title = "person.edit"
	}
	return s.renderCode(w, r, status, "people_form", view{Title: title, Section: "registers", Data: d, Form: f, Fields: personFields})
}

// personFormInput reads the resident form. Care tags are read only from callers who
// may set them.
func personFormInput(f *form, seesCare bool) register.PersonInput {
	in := register.PersonInput{NodeID: f.Int("node_id"), Name: f.Get("name"), RegType: register.RegType(f.Get("reg_type")),
		IDNumber: f.Get("id_number"), Passport: f.Get("passport"), Nationality: f.Get("nationality"), Sex: register.Sex(f.Get("sex")),
		Phone: f.Get("phone"), Ethnicity: register.Ethnicity(f.Get("ethnicity"))}
	if s := f.Get("birth_date"); s != "" {
		if b, err := register.ParseDate(s); err != nil {
			f.Errors["birth_date"] = register.ErrDate.Key()
		} else {
			in.Birth = &b
		}
	}
	if seesCare {
		for _, t := range f.Values["care_tags"] {
			in.CareTags = append(in.CareTags, register.CareTag(t))
		}
	}
	return in
}

func (s *Server) personCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st := state(r)
	in := personFormInput(f, st.p.SeesCareTags())
	var node *admin.Node
	if in.NodeID != 0 && f.Errors["node_id"] == "" {
		// A place outside the caller's scope is not theirs to see: not found.
		if node, err = s.db.Node(ctx, st.p, in.NodeID); err != nil {
			return err
		}
	}
	var p *register.Person
	if err = f.numErrs(); err != nil {
		// Say what else is wrong too, without writing anything.
		var v errs.Validation
		for k, key := range f.Errors {
			v.Add(k, key)
		}
		check := in
		check.Normalize()
		err = bothErrs(&v, check.Validate(node, s.db.Clock().Now()))
	} else {
		p, err = s.db.CreatePerson(ctx, st.p, in)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderPersonForm(w, r, statusFor(err), nil, f)
	}
	flash(w, "success", "flash.person_created")
	return redirect(w, r, personURL(p.ID))
}

func personURL(id int64) string { return "/registers/people/" + strconv.FormatInt(id, 10) }

func (s *Server) personUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	p, err := s.personFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	st := state(r)
	in := personFormInput(f, st.p.SeesCareTags())
	version, err := formVersion(f)
	if err == nil && in.NodeID != 0 && in.NodeID != p.NodeID {
		if _, err := s.db.Node(ctx, st.p, in.NodeID); err != nil {
			return err
		}
	}
	if err == nil {
		_, err = s.db.UpdatePerson(ctx, st.p, p.ID, in, version)
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		if fresh, err := s.db.Person(ctx, st.p, p.ID); err == nil {
			p = fresh
		}
		return s.renderPersonForm(w, r, statusFor(err), p, f)
	}
	flash(w, "success", "flash.person_saved")
	return redirect(w, r, personURL(p.ID))
}

// RegTypes are the registration types, for the templates.
func (peopleData) RegTypes() []register.RegType { return register.RegTypes }

// Sexes are the sexes, for the templates.
func (peopleData) Sexes() []register.Sex { return register.Sexes }

// CareTags are the care tags, for the templates.
func (peopleData) CareTags() []register.CareTag { return register.CareTags }

// RegTypes are the registration types, for the templates.
func (personFormData) RegTypes() []register.RegType { return register.RegTypes }

// Sexes are the sexes, for the templates.
func (personFormData) Sexes() []register.Sex { return register.Sexes }

// CareTags are the care tags, for the templates.
func (personFormData) CareTags() []register.CareTag { return register.CareTags }

// Ethnicities are the ethnic groups, for the templates.
func (personFormData) Ethnicities() []register.Ethnicity { return register.Ethnicities }
