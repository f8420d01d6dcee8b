package web

import (
	"net/http"
	"strconv"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// The fields of the household forms, in page order.
var (
	householdNewFields = formFields{"node_id", "hh.field.node", "number", "hh.field.number", "house_id", "hh.field.house",
		"address", "hh.field.address", "head_id_number", "hh.field.head"}
	householdEditFields = formFields{"node_id", "hh.field.node", "number", "hh.field.number", "house_id", "hh.field.house",
		"address", "hh.field.address"}
	householdAddFields = formFields{"add_id_number", "hh.field.person", "add_relation", "hh.field.relation"}
)

// householdPageSize is how many households a page of the list shows.
const householdPageSize = 50

// householdRoutes are the staff pages of the households register.
func (s *Server) householdRoutes() []route {
	return []route{
		page("GET", "/registers/households", account.RegisterView, s.householdsPage),
		page("GET", "/registers/households/new", account.RegisterEdit, s.householdNewPage),
		page("POST", "/registers/households", account.RegisterEdit, s.householdCreateSubmit),
		page("GET", "/registers/households/{id}", account.RegisterView, s.householdShowPage),
		page("POST", "/registers/households/{id}", account.RegisterEdit, s.householdUpdateSubmit),
		page("POST", "/registers/households/{id}/members", account.RegisterEdit, s.householdAddMemberSubmit),
		page("POST", "/registers/households/{id}/members/{person}/remove", account.RegisterEdit, s.householdRemoveMemberSubmit),
		page("POST", "/registers/households/{id}/relations", account.RegisterEdit, s.householdRelationsSubmit),
		page("POST", "/registers/households/{id}/retire", account.RegisterEdit, s.householdRetireSubmit),
	}
}

// householdItem is one household of the list.
type householdItem struct {
	*register.Household
	Place string
	House *houseRef
	Head  *personRef
}

// householdsData is the list of households.
type householdsData struct {
	Places         []nodeOption
	Under          int64
	Number         string
	IncludeRetired bool
	Items          []householdItem
	Filtered       bool
	registerPager
	CanCreate bool
}

func (s *Server) householdsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := householdsData{CanCreate: st.p.Can(account.RegisterEdit), Number: q.Get("number"), IncludeRetired: q.Get("retired") != ""}
	var v errs.Validation
	filter := store.HouseholdFilter{Under: queryIDField(&v, q, "node"), Number: d.Number, IncludeRetired: d.IncludeRetired,
		Limit: householdPageSize}
	after, cerr := store.ParsePathCursor(q.Get("after"))
	if cerr != nil {
		v.Add("after", "err.cursor")
	}
	filter.After, d.Under = after, filter.Under
	status := http.StatusOK
	err := v.Err()
	var hs []*register.Household
	var next store.PathCursor
	if err == nil {
		hs, next, err = s.db.Households(ctx, st.p, filter)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
	}
	var nodeIDs []int64
	for _, h := range hs {
		nodeIDs = append(nodeIDs, h.NodeID)
	}
	names, err := s.db.NodeNames(ctx, st.p, treeUniqueIDs(nodeIDs))
	if err != nil {
		return err
	}
	x := s.newRefs(r)
	for _, h := range hs {
		d.Items = append(d.Items, householdItem{Household: h, Place: names[h.NodeID], House: x.House(h.HouseID), Head: x.Person(h.HeadID)})
	}
	d.registerPager = pagerFor("/registers/households", q, after, next)
	d.Filtered = filter.Under != 0 || d.Number != "" || d.IncludeRetired
	if d.Places, err = s.registerPlaces(r, []admin.Level{admin.Street, admin.Community, admin.Grid, admin.Microgrid}); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "households", view{Title: "registers.households", Section: "registers", Data: d,
		Form: f, Fields: formFields{"node", "hh.field.node", "number", "hh.field.number"}})
}

// householdFormData is the form of a new household.
type householdFormData struct {
	Places    []nodeOption
	SelNode   int64
	Houses    []houseOption
	SelHouse  int64
	Residents []*personRef
	SelHead   int64
}

func (s *Server) householdNewPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderHouseholdForm(w, r, http.StatusOK, nil)
}

func (s *Server) renderHouseholdForm(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	st := state(r)
	var d householdFormData
	var err error
	if f != nil {
		d.SelNode, _ = strconv.ParseInt(f.Get("node_id"), 10, 64)
		d.SelHouse, _ = strconv.ParseInt(f.Get("house_id"), 10, 64)
		d.SelHead, _ = strconv.ParseInt(f.Get("head_pick"), 10, 64)
	} else {
		if d.SelNode, err = queryInt(r, "node"); err != nil {
			return err
		}
		if d.SelHouse, err = queryInt(r, "house"); err != nil {
			return err
		}
		if d.SelHouse != 0 {
			h, err := s.db.House(r.Context(), st.p, d.SelHouse)
			if err != nil {
				return err
			}
			d.SelNode = h.NodeID
		}
	}
	var extra *admin.Node
	if d.SelNode != 0 {
		if extra, err = s.db.Node(r.Context(), st.p, d.SelNode); err != nil {
			extra, d.SelNode = nil, 0
		}
	}
	if d.Places, err = s.registerPlaces(r, []admin.Level{admin.Grid, admin.Microgrid}, extra); err != nil {
		return err
	}
	if len(d.Places) == 1 && d.SelNode == 0 {
		d.SelNode = d.Places[0].ID
	}
	if d.Houses, err = s.placeHouses(r, d.SelNode); err != nil {
		return err
	}
	if d.Residents, err = s.placeResidents(r, d.SelNode); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "households_form", view{Title: "hh.new", Section: "registers", Data: d, Form: f,
		Fields: householdNewFields})
}

func (s *Server) householdCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := register.HouseholdInput{NodeID: f.Int("node_id"), Number: f.Get("number"), HouseID: f.Int("house_id"), Address: f.Get("address")}
	err = f.numErrs()
	var h *register.Household
	if err == nil {
		var v errs.Validation
		head, perr := s.pickPerson(r, f, "head_pick", "head_id_number")
		if e := errs.As(perr); e != nil && len(e.Fields) > 0 {
			v.Add(e.Fields[0].Field, e.Fields[0].Msg.Key, e.Fields[0].Msg.Args...)
		} else if perr != nil {
			return perr
		}
		// Without a head (person 0) the register refuses the household, and says what
		// else is wrong with it, so one answer lists every problem.
		in.Members = []register.Member{{PersonID: head, Relation: register.Self}}
		h, err = s.db.CreateHousehold(r.Context(), st.p, in)
		err = bothErrs(&v, renameFields(err, map[string]string{"members.0.person_id": "head_id_number", "members": "head_id_number"}))
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderHouseholdForm(w, r, statusFor(err), f)
	}
	flash(w, "success", "flash.household_created")
	return redirect(w, r, householdURL(h.ID))
}

func householdURL(id int64) string { return "/registers/households/" + strconv.FormatInt(id, 10) }

// memberItem is one member on a household's page.
type memberItem struct {
	register.Member
	Person *personRef
}

// householdShowData is the page of one household.
type householdShowData struct {
	H          *register.Household
	Place      string
	House      *houseRef
	Members    []memberItem
	Candidates []*personRef // residents of the grid who are not members
	Places     []nodeOption
	Houses     []houseOption
	Relations  []register.Relation
	Manage     bool
	History    []registerHistoryItem
	// The forms of the page; the one submitted carries its problems.
	EditV, MembersV, AddV, StatusV view
}

// SelRelation is the relation a member's select shows: what was submitted, else stored.
func (d householdShowData) SelRelation(m memberItem) string {
	if v := d.MembersV.Form.Get("relation." + strconv.FormatInt(m.PersonID, 10)); v != "" {
		return v
	}
	return string(m.Relation)
}

// Value is a field of the details form: what was submitted, else stored.
func (d householdShowData) Value(name string) string {
	if d.EditV.Form != nil {
		return d.EditV.Form.Get(name)
	}
	switch name {
	case "number":
		return d.H.Number
	case "address":
		return d.H.Address
	case "node_id":
		return strconv.FormatInt(d.H.NodeID, 10)
	case "house_id":
		return strconv.FormatInt(d.H.HouseID, 10)
	}
	return ""
}

// EditNode is the place the details form shows chosen.
func (d householdShowData) EditNode() int64 {
	n, _ := strconv.ParseInt(d.Value("node_id"), 10, 64)
	return n
}

// EditHouse is the house the details form shows chosen.
func (d householdShowData) EditHouse() int64 {
	n, _ := strconv.ParseInt(d.Value("house_id"), 10, 64)
	return n
}

func (s *Server) householdShowPage(w http.ResponseWriter, r *http.Request) error {
	h, err := s.householdFromPath(r)
	if err != nil {
		return err
	}
	return s.renderHousehold(w, r, http.StatusOK, h, "", nil)
}

// renderHousehold shows a household's page; which names the form f that failed, if any.
func (s *Server) renderHousehold(w http.ResponseWriter, r *http.Request, status int, h *register.Household, which string, f *form) error {
	ctx := r.Context()
	st := state(r)
	d := householdShowData{H: h, Relations: register.Relations, Manage: st.p.Can(account.RegisterEdit) && !h.IsRetired()}
	d.EditV = view{Lang: st.lang, Fields: householdEditFields, IDPrefix: "edit-"}
	d.MembersV = view{Lang: st.lang, Fields: formFields{"members", "hh.field.members"}, IDPrefix: "rel-"}
	d.AddV = view{Lang: st.lang, Fields: householdAddFields}
	d.StatusV = view{Lang: st.lang}
	switch which {
	case "edit":
		d.EditV.Form = f
	case "members":
		d.MembersV.Form = f
	case "add":
		d.AddV.Form = f
	case "status":
		d.StatusV.Form = f
	}
	names, err := s.db.NodeNames(ctx, st.p, []int64{h.NodeID})
	if err != nil {
		return err
	}
	d.Place = names[h.NodeID]
	x := s.newRefs(r)
	d.House = x.House(h.HouseID)
	in := map[int64]bool{}
	for _, m := range h.Members {
		in[m.PersonID] = true
		d.Members = append(d.Members, memberItem{Member: m, Person: x.Person(m.PersonID)})
	}
	if d.Manage {
		node, err := s.db.Node(ctx, st.p, h.NodeID)
		if err != nil {
			return err
		}
		if d.Places, err = s.registerPlaces(r, []admin.Level{admin.Grid, admin.Microgrid}, node); err != nil {
			return err
		}
		if d.Houses, err = s.placeHouses(r, h.NodeID); err != nil {
			return err
		}
		residents, err := s.placeResidents(r, h.NodeID)
		if err != nil {
			return err
		}
		for _, p := range residents {
			if !in[p.ID] {
				d.Candidates = append(d.Candidates, p)
			}
		}
	}
	if d.History, err = s.registerHistory(r, "household", h.ID); err != nil {
		return err
	}
	title := h.Number
	if d.House != nil {
		title = d.House.Label
	} else if title == "" {
		title = h.Address
	}
	return s.renderCode(w, r, status, "households_show", view{Title: title, Section: "registers", Data: d})
}

// householdInput is a household's stored state as an input to change.
func householdInput(h *register.Household) register.HouseholdInput {
	return register.HouseholdInput{NodeID: h.NodeID, Number: h.Number, HouseID: h.HouseID, Address: h.Address,
		Members: append([]register.Member(nil), h.Members...)}
}

// householdWrite runs one form of a household's page: read the form and its version,
// let change build the new state, save it, and on a problem show the page again with
// the form's messages beside its fields (fields renames the store's field names).
func (s *Server) householdWrite(w http.ResponseWriter, r *http.Request, which, done string,
	change func(f *form, h *register.Household) (register.HouseholdInput, map[string]string, error)) error {
	h, err := s.householdFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	version, err := formVersion(f)
	if err == nil && h.IsRetired() {
		err = errs.E(errs.Conflict, "err.household_retired")
	}
	if err == nil {
		var in register.HouseholdInput
		var fields map[string]string
		if in, fields, err = change(f, h); err == nil {
			if which == "status" {
				_, err = s.db.RetireHousehold(r.Context(), st.p, h.ID, version)
			} else {
				_, err = s.db.UpdateHousehold(r.Context(), st.p, h.ID, in, version)
			}
			err = renameFields(err, fields)
		}
	}
	if err != nil {
		if !f.absorbVersioned(st.lang, err) {
			return err
		}
		if fresh, err := s.db.Household(r.Context(), st.p, h.ID); err == nil {
			h = fresh
		}
		return s.renderHousehold(w, r, statusFor(err), h, which, f)
	}
	flash(w, "success", done)
	return redirect(w, r, householdURL(h.ID)+"#"+which)
}

func (s *Server) householdUpdateSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.householdWrite(w, r, "edit", "flash.household_saved", func(f *form, h *register.Household) (register.HouseholdInput, map[string]string, error) {
		in := householdInput(h)
		in.NodeID, in.Number, in.HouseID, in.Address = f.Int("node_id"), f.Get("number"), f.Int("house_id"), f.Get("address")
		return in, nil, f.numErrs()
	})
}

func (s *Server) householdAddMemberSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.householdWrite(w, r, "add", "flash.household_member_added", func(f *form, h *register.Household) (register.HouseholdInput, map[string]string, error) {
		in := householdInput(h)
		var v errs.Validation
		id, err := s.pickPerson(r, f, "add_pick", "add_id_number")
		if e := errs.As(err); e != nil && len(e.Fields) > 0 {
			v.Add(e.Fields[0].Field, e.Fields[0].Msg.Key, e.Fields[0].Msg.Args...)
		} else if err != nil {
			return in, nil, err
		}
		rel := register.Relation(f.Get("add_relation"))
		v.Check(rel.Valid(), "add_relation", "err.choose_one")
		if err := v.Err(); err != nil {
			return in, nil, err
		}
		n := strconv.Itoa(len(in.Members))
		in.Members = append(in.Members, register.Member{PersonID: id, Relation: rel})
		return in, map[string]string{"members." + n + ".person_id": "add_id_number", "members." + n + ".relation": "add_relation",
			"members": "add_relation"}, nil
	})
}

func (s *Server) householdRemoveMemberSubmit(w http.ResponseWriter, r *http.Request) error {
	pid, err := pathID(r, "person")
	if err != nil {
		return err
	}
	return s.householdWrite(w, r, "members", "flash.household_member_removed", func(f *form, h *register.Household) (register.HouseholdInput, map[string]string, error) {
		in := householdInput(h)
		var kept []register.Member
		found := false
		for _, m := range in.Members {
			if m.PersonID == pid {
				found = true
				if m.Relation == register.Self {
					return in, nil, errs.FieldInvalid("members", "hh.err.remove_head")
				}
				continue
			}
			kept = append(kept, m)
		}
		if !found {
			return in, nil, errs.NotFoundf(register.EntityPerson)
		}
		in.Members = kept
		return in, nil, nil
	})
}

func (s *Server) householdRelationsSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.householdWrite(w, r, "members", "flash.household_saved", func(f *form, h *register.Household) (register.HouseholdInput, map[string]string, error) {
		in := householdInput(h)
		fields := map[string]string{}
		for i := range in.Members {
			key := "relation." + strconv.FormatInt(in.Members[i].PersonID, 10)
			if v := f.Get(key); v != "" {
				in.Members[i].Relation = register.Relation(v)
			}
			fields["members."+strconv.Itoa(i)+".relation"] = key
		}
		return in, fields, nil
	})
}

func (s *Server) householdRetireSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.householdWrite(w, r, "status", "flash.household_retired", func(*form, *register.Household) (register.HouseholdInput, map[string]string, error) {
		return register.HouseholdInput{}, nil, nil
	})
}
