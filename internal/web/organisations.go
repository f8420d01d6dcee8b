package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// The organisation register's pages under /registers/organisations: the list, a new
// organisation, and one organisation's page with its edit form, retire and restore, its
// contacts (phones masked, revealed with a purpose) and its history. Storage checks
// permission and scope on every call; the pages only decide which forms to offer.

func (s *Server) organisationRoutes() []route {
	return []route{
		page("GET", "/registers/organisations", account.RegisterView, s.organisationsPage),
		page("GET", "/registers/organisations/new", account.RegisterEdit, s.organisationNewPage),
		page("POST", "/registers/organisations", account.RegisterEdit, s.organisationCreateSubmit),
		page("GET", "/registers/organisations/{id}", account.RegisterView, s.organisationPage),
		page("POST", "/registers/organisations/{id}", account.RegisterEdit, s.organisationEditSubmit),
		page("POST", "/registers/organisations/{id}/retire", account.RegisterEdit, s.organisationStatusSubmit(true)),
		page("POST", "/registers/organisations/{id}/restore", account.RegisterEdit, s.organisationStatusSubmit(false)),
		page("POST", "/registers/organisations/{id}/contacts", account.RegisterEdit, s.organisationContactSubmit),
		page("POST", "/registers/organisations/{id}/contacts/{contact}/remove", account.RegisterEdit, s.organisationContactRemove),
		page("POST", "/registers/organisations/{id}/unmask", account.PersonalUnmask, s.organisationUnmaskSubmit),
	}
}

// The fields of the organisation forms, in page order, with their labels.
var (
	orgFilterFields = formFields{"q", "org.filter.q", "kind", "org.field.kind", "node", "orgfac.filter.node",
		"uscc", "org.field.uscc"}
	orgFields = formFields{"node_id", "orgfac.field.grid", "kind", "org.field.kind", "name", "org.field.name",
		"uscc", "org.field.uscc", "address", "org.field.address", "location", "orgfac.field.location",
		"lng", "orgfac.field.lng", "lat", "orgfac.field.lat"}
	orgNewFields = append(orgFields[:len(orgFields):len(orgFields)], "contact_name", "org.field.contact_name",
		"contact_phone", "org.field.contact_phone", "contact_role", "org.field.contact_role")
	orgContactFields = formFields{"name", "org.field.contact_name", "phone", "org.field.contact_phone", "role", "org.field.contact_role"}
	orgUnmaskFields  = formFields{"contact", "org.field.contact", "purpose", "user.field.purpose"}
)

func orgURL(id int64) string { return "/registers/organisations/" + strconv.FormatInt(id, 10) }

// ─── List ───────────────────────────────────────────────────────────────────

// orgListRow is one organisation of the list with the name of its grid.
type orgListRow struct {
	*register.Organisation
	GridName string
}

type orgListData struct {
	Rows     []orgListRow
	Kinds    []register.OrgKind
	Places   []bindChoice
	Filtered bool
	registerPager
}

func (s *Server) organisationsPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := orgListData{Kinds: register.OrgKinds}
	filter, err := orgFilterFrom(q)
	status := http.StatusOK
	var orgs []*register.Organisation
	var next store.PathCursor
	if err == nil {
		filter.Limit = registerPageSize
		orgs, next, err = s.db.Organisations(ctx, st.p, filter)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		status = statusFor(err)
	}
	ids := make([]int64, len(orgs))
	for i, o := range orgs {
		ids[i] = o.NodeID
	}
	names, err := s.registerGridNames(ctx, st.p, ids)
	if err != nil {
		return err
	}
	for _, o := range orgs {
		d.Rows = append(d.Rows, orgListRow{o, names[o.NodeID]})
	}
	d.registerPager = pagerFor("/registers/organisations", q, filter.After, next)
	d.Filtered = filter.Under != 0 || filter.Kind != "" || filter.Query != "" || filter.USCC != "" || filter.IncludeRetired
	if d.Places, err = s.placeChoices(ctx, st.p, filter.Under); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "organisations", view{Title: "title.organisations", Section: "registers", Form: f,
		Fields: orgFilterFields, Data: d})
}

// ─── One organisation, and a new one ────────────────────────────────────────

// orgPageData is the page of one organisation, or (Org nil) the form of a new one.
type orgPageData struct {
	Org       *register.Organisation
	Grid      *admin.Node // its grid, when the caller may open it
	Contacts  []*store.OrgContact
	Grids     []bindGroup
	Kinds     []register.OrgKind
	CanEdit   bool
	CanUnmask bool
	EditV     view // the edit form (or the new one)
	StatusV   view // retire or restore
	RemoveV   view // remove a contact
	ContactV  view // add a contact
	UnmaskV   view // reveal a contact's phone
	LostV     view // a failed edit of an organisation retired meanwhile, whose form is gone
	Unmasked  int64
	Phone     string // the unmasked phone of contact Unmasked, shown on this response only
	History   []historyItem
}

// subView is a view of one of a page's forms, for the field templates.
func subView(lang i18n.Lang, f *form, fields formFields, prefix string) view {
	if f == nil {
		f = &form{Values: url.Values{}, Errors: map[string]string{}}
	}
	return view{Lang: lang, Form: f, Fields: fields, IDPrefix: prefix}
}

func (s *Server) organisationNewPage(w http.ResponseWriter, r *http.Request) error {
	f := &form{Values: url.Values{}, Errors: map[string]string{}}
	if n, err := queryInt(r, "node"); err == nil && n != 0 {
		f.Values.Set("node_id", strconv.FormatInt(n, 10))
	}
	if k := register.OrgKind(r.URL.Query().Get("kind")); k.Valid() {
		f.Values.Set("kind", string(k))
	}
	return s.renderOrganisationNew(w, r, http.StatusOK, f)
}

func (s *Server) renderOrganisationNew(w http.ResponseWriter, r *http.Request, status int, f *form) error {
	st := state(r)
	d := orgPageData{Kinds: register.OrgKinds, CanEdit: true, EditV: subView(st.lang, f, orgNewFields, "")}
	var err error
	if d.Grids, err = s.registerGrids(r.Context(), st.p, 0); err != nil {
		return err
	}
	if f.Get("node_id") == "" && len(d.Grids) == 1 && len(d.Grids[0].Choices) == 1 {
		f.Values.Set("node_id", strconv.FormatInt(d.Grids[0].Choices[0].ID, 10)) // the caller's only grid
	}
	return s.renderCode(w, r, status, "organisations_show", view{Title: "title.organisation_new", Section: "registers", Data: d})
}

// orgInput reads the organisation fields of the new and edit forms.
func orgInput(f *form) register.OrganisationInput {
	return register.OrganisationInput{NodeID: f.Int("node_id"), Kind: register.OrgKind(f.Get("kind")), Name: f.Get("name"),
		USCC: f.Get("uscc"), Address: f.Get("address"), Location: formPoint(f)}
}

func (s *Server) organisationCreateSubmit(w http.ResponseWriter, r *http.Request) error {
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	in := orgInput(f)
	if c := (register.Contact{Name: f.Get("contact_name"), Phone: f.Get("contact_phone"), Role: f.Get("contact_role")}); c != (register.Contact{}) {
		in.Contacts = []register.Contact{c}
	}
	err = f.numErrs()
	var o *register.Organisation
	if err == nil {
		o, err = s.db.CreateOrganisation(r.Context(), st.p, in)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		renameFieldPrefix(f, "contacts.0.", "contact_")
		return s.renderOrganisationNew(w, r, statusFor(err), f)
	}
	flash(w, "success", "flash.organisation_created")
	return redirect(w, r, orgURL(o.ID))
}

// renameFieldPrefix moves the messages of fields named from+x to to+x, where a form names a
// field differently from the input storage checks.
func renameFieldPrefix(f *form, from, to string) {
	for k, v := range f.Errors {
		if rest, ok := strings.CutPrefix(k, from); ok {
			delete(f.Errors, k)
			f.Errors[to+rest] = v
		}
	}
}

func (s *Server) organisationPage(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organisationFromPath(r)
	if err != nil {
		return err
	}
	return s.renderOrganisation(w, r, http.StatusOK, o, orgPageData{})
}

// orgValues are the edit form's values for an organisation as stored.
func orgValues(o *register.Organisation) url.Values {
	v := url.Values{"node_id": {strconv.FormatInt(o.NodeID, 10)}, "kind": {string(o.Kind)}, "name": {o.Name},
		"uscc": {o.USCC}, "address": {o.Address}}
	pointValues(v, o.Location)
	return v
}

// renderOrganisation renders an organisation's page. The views in d that carry a failed
// form keep it; the others start from the stored record.
func (s *Server) renderOrganisation(w http.ResponseWriter, r *http.Request, status int, o *register.Organisation, d orgPageData) error {
	ctx := r.Context()
	st := state(r)
	p := st.p
	d.Org, d.Kinds = o, register.OrgKinds
	d.CanEdit = p.Can(account.RegisterEdit)
	d.Grid = s.gridOf(ctx, p, o.NodeID)
	var err error
	if d.Contacts, err = s.db.OrganisationContacts(ctx, p, o.ID); err != nil {
		return err
	}
	d.CanUnmask = p.Can(account.PersonalUnmask) && len(d.Contacts) > 0
	if d.EditV.Form == nil {
		d.EditV = subView(st.lang, &form{Values: orgValues(o), Errors: map[string]string{}}, orgFields, "")
	} else if o.IsRetired() || !d.CanEdit {
		d.LostV = d.EditV
		d.LostV.Detached = true
	}
	if d.StatusV.Form == nil {
		d.StatusV = subView(st.lang, nil, nil, "s-")
	}
	if d.ContactV.Form == nil {
		d.ContactV = subView(st.lang, nil, orgContactFields, "c-")
	}
	if d.UnmaskV.Form == nil {
		d.UnmaskV = subView(st.lang, nil, orgUnmaskFields, "u-")
	}
	if d.CanEdit && !o.IsRetired() {
		if d.Grids, err = s.registerGrids(ctx, p, o.NodeID); err != nil {
			return err
		}
	}
	if d.History, err = s.recordHistory(r, "organisation", o.ID, orgHistoryFields, s.orgHistoryValues(r)); err != nil {
		return err
	}
	return s.renderCode(w, r, status, "organisations_show", view{Title: o.Name, Section: "registers", Data: d})
}

// orgHistoryFields are the detail keys the audit log records for organisations.
var orgHistoryFields = []string{"node_id", "kind", "name", "uscc", "address", "contacts", "name_masked", "role", "phone"}

func (s *Server) orgHistoryValues(r *http.Request) historyValues {
	st := state(r)
	return func(details []map[string][2]string) (historyValue, error) {
		// A contact's masked name is recorded as "name" too: tell it apart from a rename.
		for _, d := range details {
			if _, ok := d["contact"]; ok {
				if n, ok := d["name"]; ok {
					d["name_masked"] = n
					delete(d, "name")
				}
			}
		}
		names, err := s.db.NodeNames(r.Context(), st.p, treeUniqueIDs(historyIDs(details, "node_id")))
		if err != nil {
			return nil, err
		}
		return func(field, v string) string {
			switch {
			case v == "":
				return "—"
			case field == "node_id":
				return nodeOrDash(names, v)
			case field == "kind" && register.OrgKind(v).Valid():
				return i18n.T(st.lang, register.OrgKind(v).Key())
			}
			return v
		}, nil
	}
}

// organisationWrite runs one of the write forms of an organisation's page: on a problem
// the page is shown again, with the stored record as it now is and the failed form as
// it was typed (failed names the view it belongs to).
func (s *Server) organisationWrite(w http.ResponseWriter, r *http.Request, failed string, fields formFields, prefix, flashKey string,
	do func(o *register.Organisation, f *form) error) error {
	o, err := s.organisationFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	if err = do(o, f); err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		conflictMessage(st.lang, f, err)
		if fresh, err := s.db.Organisation(r.Context(), st.p, o.ID); err == nil {
			o = fresh
		}
		d := orgPageData{}
		v := subView(st.lang, f, fields, prefix)
		switch failed {
		case "edit":
			d.EditV = v
		case "status":
			d.StatusV = v
		case "remove":
			d.RemoveV = v
		case "contact":
			d.ContactV = v
		case "unmask":
			d.UnmaskV = v
		}
		return s.renderOrganisation(w, r, statusFor(err), o, d)
	}
	flash(w, "success", flashKey)
	return redirect(w, r, orgURL(o.ID))
}

func (s *Server) organisationEditSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.organisationWrite(w, r, "edit", orgFields, "", "flash.saved", func(o *register.Organisation, f *form) error {
		in := orgInput(f)
		version, err := formVersion(f)
		if err != nil {
			return err
		}
		_, err = s.db.UpdateOrganisation(r.Context(), principal(r), o.ID, in, version)
		return err
	})
}

// changeAtFormVersion makes change at the version a retire or restore form was filled
// in at.
func changeAtFormVersion[T any](r *http.Request, f *form, id int64, change func(context.Context, *account.Principal, int64, int) (T, error)) error {
	version, err := formVersion(f)
	if err != nil {
		return err
	}
	_, err = change(r.Context(), principal(r), id, version)
	return err
}

func (s *Server) organisationStatusSubmit(retire bool) handlerFunc {
	key := map[bool]string{true: "flash.organisation_retired", false: "flash.organisation_restored"}[retire]
	return func(w http.ResponseWriter, r *http.Request) error {
		change := s.db.RestoreOrganisation
		if retire {
			change = s.db.RetireOrganisation
		}
		return s.organisationWrite(w, r, "status", nil, "s-", key, func(o *register.Organisation, f *form) error {
			return changeAtFormVersion(r, f, o.ID, change)
		})
	}
}

func (s *Server) organisationContactSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.organisationWrite(w, r, "contact", orgContactFields, "c-", "flash.contact_added", func(o *register.Organisation, f *form) error {
		_, err := s.db.AddOrganisationContact(r.Context(), principal(r), o.ID,
			register.Contact{Name: f.Get("name"), Phone: f.Get("phone"), Role: f.Get("role")})
		return err
	})
}

func (s *Server) organisationContactRemove(w http.ResponseWriter, r *http.Request) error {
	cid, err := pathID(r, "contact")
	if err != nil {
		return err
	}
	return s.organisationWrite(w, r, "remove", nil, "r-", "flash.contact_removed", func(o *register.Organisation, f *form) error {
		err := s.db.RemoveOrganisationContact(r.Context(), principal(r), o.ID, cid)
		if errs.Is(err, errs.NotFound) {
			// The organisation was read above: the contact is gone already (a second click).
			err = errs.E(errs.Conflict, "err.not_found", errs.M("entity.contact"))
		}
		return err
	})
}

// organisationUnmaskSubmit reveals a contact's full phone number for a stated purpose.
// Storage records the read with its purpose in the audit log; the number is shown on
// this response only, never stored in a cookie or a URL.
func (s *Server) organisationUnmaskSubmit(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organisationFromPath(r)
	if err != nil {
		return err
	}
	f, err := parseForm(r)
	if err != nil {
		return err
	}
	st := state(r)
	cid := f.Int("contact")
	err = f.numErrs()
	if err == nil && cid == 0 {
		err = errs.FieldInvalid("contact", "err.choose_one")
	}
	var phone string
	if err == nil {
		phone, err = s.db.UnmaskContactPhone(r.Context(), st.p, o.ID, cid, f.Get("purpose"))
		if errs.Is(err, errs.NotFound) {
			// The organisation was read above: what is missing is the contact, removed
			// meanwhile or never one of this organisation's.
			err = errs.FieldInvalid("contact", "err.not_found", errs.M("entity.contact"))
		}
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		return s.renderOrganisation(w, r, statusFor(err), o, orgPageData{UnmaskV: subView(st.lang, f, orgUnmaskFields, "u-")})
	}
	return s.renderOrganisation(w, r, http.StatusOK, o, orgPageData{Unmasked: cid, Phone: phone})
}
