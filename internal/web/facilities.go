package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// The facility register's pages under /registers/facilities: the list, a new facility
// (its 16-digit code is given on saving), and one facility's page with its edit form,
// retire and restore, and its history. Storage checks permission and scope.

func (s *Server) facilityRoutes() []route {
	return []route{
		page("GET", "/registers/facilities", account.RegisterView, s.facilitiesPage),
		page("GET", "/registers/facilities/new", account.RegisterEdit, s.facilityNewPage),
		page("POST", "/registers/facilities", account.RegisterEdit, s.facilityCreateSubmit),
		page("GET", "/registers/facilities/{id}", account.RegisterView, s.facilityPage),
		page("POST", "/registers/facilities/{id}", account.RegisterEdit, s.facilityEditSubmit),
		page("POST", "/registers/facilities/{id}/retire", account.RegisterEdit, s.facilityStatusSubmit(true)),
		page("POST", "/registers/facilities/{id}/restore", account.RegisterEdit, s.facilityStatusSubmit(false)),
	}
}

// The fields of the facility forms, in page order, with their labels.
var (
	facFilterFields = formFields{"q", "fac.filter.q", "major", "fac.field.major", "minor", "fac.field.class",
		"condition", "fac.field.condition", "node", "orgfac.filter.node", "code", "fac.field.code"}
	facFields = formFields{"node_id", "orgfac.field.grid", "minor", "fac.field.class", "major", "fac.field.major",
		"condition", "fac.field.condition", "location", "orgfac.field.location", "lng", "orgfac.field.lng", "lat", "orgfac.field.lat",
		"address", "fac.field.address", "owner_unit_id", "fac.field.owner_unit", "owner_org_id", "fac.field.owner_org"}
	facNewFields = append(facFields[:len(facFields):len(facFields)], "code", "fac.field.code")
)

// facOwnerOrgLimit is how many organisations the owner picker offers.
const facOwnerOrgLimit = 500

func facilityURL(id int64) string { return "/registers/facilities/" + strconv.FormatInt(id, 10) }

// facClassGroup is an <optgroup> of the class picker: a major class and its minor classes.
type facClassGroup struct {
	Major   register.FacilityMajor
	Classes []register.FacilityClass
}

// facClassGroups are the classes in use grouped by major class, in code order.
func facClassGroups() []facClassGroup {
	out := make([]facClassGroup, 0, len(register.FacilityMajors))
	for _, m := range register.FacilityMajors {
		g := facClassGroup{Major: m}
		for _, c := range register.FacilityClasses {
			if c.Major() == m {
				g.Classes = append(g.Classes, c)
			}
		}
		if len(g.Classes) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// ─── List ───────────────────────────────────────────────────────────────────

// facListRow is one facility of the list with the name of its grid.
type facListRow struct {
	*register.Facility
	GridName string
}

type facListData struct {
	Rows       []facListRow
	Classes    []facClassGroup
	Conditions []register.FacilityCondition
	Places     []bindChoice
	Filtered   bool
	registerPager
}

func (s *Server) facilitiesPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := facListData{Classes: facClassGroups(), Conditions: register.FacilityConditions}
	filter, err := facilityFilterFrom(q)
	status := http.StatusOK
	var fs []*register.Facility
	var next store.PathCursor
	if err == nil {
		filter.Limit = registerPageSize
		fs, next, err = s.db.Facilities(ctx, st.p, filter)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
	}
	ids := make([]int64, len(fs))
	for i, x := range fs {
		ids[i] = x.NodeID
	}
	names, err := s.registerGridNames(ctx, st.p, ids)
	if err != nil {
		return err
	}
	for _, x := range fs {
		d.Rows = append(d.Rows, facListRow{x, names[x.NodeID]})
	}
	d.registerPager = pagerFor("/registers/facilities", q, filter.After, next)
	d.Filtered = filter.Under != 0 || filter.Major != "" || filter.Minor != "" || filter.Condition != "" || filter.Query != "" ||
		filter.Code != "" || filter.OwnerOrgID != 0 || filter.IncludeRetired
	if d.Places, err = s.placeChoices(ctx, st.p, filter.Under); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "facilities", view{Title: "title.facilities", Section: "registers", Form: f,
		Fields: facFilterFields, Data: d})
}

// ─── One facility, and a new one ────────────────────────────────────────────

// facOwnerChoice is an organisation the owner picker offers.
type facOwnerChoice struct {
	ID   int64
	Name string
}

// facPageData is the page of one facility, or (Facility nil) the form of a new one.
type facPageData struct {
	Facility   *register.Facility
	Grid       *admin.Node // its grid, when the caller may open it
	OwnerUnit  *admin.Unit
	OwnerOrg   *register.Organisation
	Grids      []bindGroup
	Classes    []facClassGroup
	Conditions []register.FacilityCondition
	Units      []*admin.Unit
	Orgs       []facOwnerChoice
	CanEdit    bool
	EditV      view
	StatusV    view
	LostV      view
	History    []historyItem
}

func (s *Server) facilityNewPage(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: url.Values{"condition": {string(register.Good)}}, Errors: map[string]string{}}
	if n, err := queryInt(r, "node"); err == nil && n != 0 {
		f.Values.Set("node_id", strconv.FormatInt(n, 10))
	}
	if n, err := queryInt(r, "owner_org"); err == nil && n != 0 {
		f.Values.Set("owner_org_id", strconv.FormatInt(n, 10))
	}
	return s.renderFacilityNew(w, r, http.StatusOK, f)
}

// facilityChoices fills what the new and edit forms offer; current is the stored facility.
func (s *Server) facilityChoices(r *http.Request, d *facPageData, current *register.Facility) error {
	ctx := r.Context()
	p := principal(r)
	d.Classes, d.Conditions = facClassGroups(), register.FacilityConditions
	var node, org int64
	if current != nil {
		node, org = current.NodeID, current.OwnerOrgID
	}
	var err error
	if d.Grids, err = s.registerGrids(ctx, p, node); err != nil {
		return err
	}
	if d.Units, err = s.db.FacilityOwnerUnits(ctx, p); err != nil {
		return err
	}
	orgs, _, err := s.db.Organisations(ctx, p, store.OrganisationFilter{Limit: facOwnerOrgLimit})
	if err != nil {
		return err
	}
	seen := false
	for _, o := range orgs {
		d.Orgs = append(d.Orgs, facOwnerChoice{o.ID, o.Name})
		seen = seen || o.ID == org
	}
	if org != 0 && !seen && d.OwnerOrg != nil {
		d.Orgs = append(d.Orgs, facOwnerChoice{d.OwnerOrg.ID, d.OwnerOrg.Name})
	}
	return nil
}

func (s *Server) renderFacilityNew(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	st := state(r)
	d := facPageData{CanEdit: true, EditV: subView(st.lang, f, facNewFields, "")}
	if err := s.facilityChoices(r, &d, nil); err != nil {
		return err
	}
	if f.Get("node_id") == "" && len(d.Grids) == 1 && len(d.Grids[0].Choices) == 1 {
		f.Values.Set("node_id", strconv.FormatInt(d.Grids[0].Choices[0].ID, 10)) // the caller's only grid
	}
	return s.renderCode(w, r, status, "facilities_show", view{Title: "title.facility_new", Section: "registers", Data: d})
}

// facilityFormInput reads the fields of the new and edit forms. The major class is the
// chosen minor class's: the picker groups minor classes under their major ones.
func facilityFormInput(f *form) register.FacilityInput {
	minor := register.FacilityClass(f.Get("minor"))
	return register.FacilityInput{NodeID: f.Int("node_id"), Major: minor.Major(), Minor: minor, Code: f.Get("code"),
		Location: formPoint(f), Address: f.Get("address"), OwnerUnitID: f.Int("owner_unit_id"), OwnerOrgID: f.Int("owner_org_id"),
		Condition: register.FacilityCondition(f.Get("condition"))}
}

// facilityFormErrors tidies the messages of a failed facility form: the picker is of
// minor classes, so a missing or unknown one is said once, on it, not on the major class
// too; and a missing location is said on the point, not once per coordinate.
func facilityFormErrors(f *form) {
	if f.Errors["minor"] != "" {
		delete(f.Errors, "major")
	} else if msg, ok := f.Errors["major"]; ok {
		f.Errors["minor"] = msg
		delete(f.Errors, "major")
	}
}

func (s *Server) facilityCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := facilityFormInput(f)
	err = f.numErrs()
	var x *register.Facility
	if err == nil {
		x, err = s.db.CreateFacility(r.Context(), st.p, in)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		facilityFormErrors(f)
		return s.renderFacilityNew(w, r, statusFor(err), f)
	}
	flash(w, "success", "flash.facility_created")
	return redirect(w, r, facilityURL(x.ID))
}

func (s *Server) facilityPage(w http.ResponseWriter, r *http.Request) error {
	x, err := s.facilityFromPath(r)
	if err != nil {
		return err
	}
	return s.renderFacility(w, r, http.StatusOK, x, facPageData{})
}

// facilityValues are the edit form's values for a facility as stored.
func facilityValues(x *register.Facility) url.Values {
	v := url.Values{"node_id": {strconv.FormatInt(x.NodeID, 10)}, "minor": {string(x.Class)}, "address": {x.Address},
		"owner_unit_id": {idString(x.OwnerUnitID)}, "owner_org_id": {idString(x.OwnerOrgID)}, "condition": {string(x.Condition)}}
	loc := x.Location
	pointValues(v, &loc)
	return v
}

func (s *Server) renderFacility(w http.ResponseWriter, r *http.Request, status int, x *register.Facility, d facPageData) error {
	ctx := r.Context()
	st := state(r)
	p := st.p
	d.Facility = x
	d.CanEdit = p.Can(account.RegisterEdit)
	d.Grid = s.gridOf(ctx, p, x.NodeID)
	if x.OwnerOrgID != 0 {
		if o, err := s.db.Organisation(ctx, p, x.OwnerOrgID); err == nil {
			d.OwnerOrg = o
		}
	}
	if err := s.facilityChoices(r, &d, x); err != nil {
		return err
	}
	for _, u := range d.Units {
		if u.ID == x.OwnerUnitID {
			d.OwnerUnit = u
		}
	}
	if d.EditV.Form == nil {
		d.EditV = subView(st.lang, &form{Values: facilityValues(x), Errors: map[string]string{}}, facFields, "")
	} else if x.IsRetired() || !d.CanEdit {
		d.LostV = d.EditV
		d.LostV.Detached = true
	}
	if d.StatusV.Form == nil {
		d.StatusV = subView(st.lang, nil, nil, "s-")
	}
	var err error
	if d.History, err = s.recordHistory(r, "facility", x.ID, facHistoryFields, s.facHistoryValues(r, d.Units)); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "facilities_show", view{Title: x.Code, Section: "registers", Data: d})
}

// facHistoryFields are the detail keys the audit log records for facilities.
var facHistoryFields = []string{"node_id", "class", "code", "condition", "location", "address", "owner_unit_id", "owner_org_id"}

func (s *Server) facHistoryValues(r *http.Request, units []*admin.Unit) historyValues {
	st := state(r)
	return func(details []map[string][2]string) (historyValue, error) {
		names, err := s.db.NodeNames(r.Context(), st.p, treeUniqueIDs(historyIDs(details, "node_id")))
		if err != nil {
			return nil, err
		}
		unitNames := map[int64]string{}
		for _, u := range units {
			unitNames[u.ID] = u.Name
		}
		orgNames := map[int64]string{}
		for _, id := range treeUniqueIDs(historyIDs(details, "owner_org_id")) {
			if o, err := s.db.Organisation(r.Context(), st.p, id); err == nil {
				orgNames[id] = o.Name
			}
		}
		return func(field, v string) string {
			switch field {
			case "node_id":
				return nodeOrDash(names, v)
			case "owner_unit_id":
				return nodeOrDash(unitNames, v)
			case "owner_org_id":
				return nodeOrDash(orgNames, v)
			case "class":
				if c := register.FacilityClass(v); i18n.Has(c.Key()) {
					return v + " " + i18n.T(st.lang, c.Key())
				}
			case "condition":
				if c := register.FacilityCondition(v); c.Valid() {
					return i18n.T(st.lang, c.Key())
				}
			case "location":
				return historyPoint(v)
			}
			if v == "" {
				return "—"
			}
			return v
		}, nil
	}
}

// facilityWrite runs the edit, retire and restore forms like organisationWrite.
func (s *Server) facilityWrite(w http.ResponseWriter, r *http.Request, edit bool, flashKey string,
	do func(x *register.Facility, f *form) error) error {
	x, err := s.facilityFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	if err = do(x, f); err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		conflictMessage(st.lang, f, err)
		if fresh, err := s.db.Facility(r.Context(), st.p, x.ID); err == nil {
			x = fresh
		}
		d := facPageData{}
		if edit {
			facilityFormErrors(f)
			d.EditV = subView(st.lang, f, facFields, "")
		} else {
			d.StatusV = subView(st.lang, f, nil, "s-")
		}
		return s.renderFacility(w, r, statusFor(err), x, d)
	}
	flash(w, "success", flashKey)
	return redirect(w, r, facilityURL(x.ID))
}

func (s *Server) facilityEditSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.facilityWrite(w, r, true, "flash.saved", func(x *register.Facility, f *form) error {
		in := facilityFormInput(f)
		in.Code = "" // storage keeps the code, or gives a new one when district or class change
		version, err := formVersion(f)
		if err != nil {
			return err
		}
		_, err = s.db.UpdateFacility(r.Context(), principal(r), x.ID, in, version)
		return err
	})
}

func (s *Server) facilityStatusSubmit(retire bool) handlerFunc {
	key := map[bool]string{true: "flash.facility_retired", false: "flash.facility_restored"}[retire]
	return func(w http.ResponseWriter, r *http.Request) error {
		change := s.db.RestoreFacility
		if retire {
			change = s.db.RetireFacility
		}
		return s.facilityWrite(w, r, false, key, func(x *register.Facility, f *form) error {
			return changeAtFormVersion(r, f, x.ID, change)
		})
	}
}
