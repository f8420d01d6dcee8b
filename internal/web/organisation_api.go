package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// The organisation register (组织) under /api/v1/organisations. Storage checks permission
// and scope on every call.

// registerPageSize is how many records one page of a register list holds by default.
const registerPageSize = 50

func (s *Server) organisationAPIRoutes() []route {
	filters := []param{
		{"node", "integer", "Only organisations of this place and below"},
		{"kind", "string", "embedded, social, enterprise, property, individual or other"},
		{"q", "string", "Name or address contains"},
		{"uscc", "string", "This unified social credit code exactly"},
		{"retired", "boolean", "1 to include retired organisations"},
		{"after", "string", "Keyset pagination: next_after of the previous page"},
		{"limit", "integer", "Page size, 1–500 (default 50)"},
	}
	return []route{
		api("GET", "/api/v1/organisations", account.RegisterView, s.apiOrganisations, apiDoc{Summary: "List the organisations " +
			"in the caller's scope, by grid", Tag: "organisations", Query: filters, Response: orgListResponse{}}),
		api("POST", "/api/v1/organisations", account.RegisterEdit, s.apiCreateOrganisation, apiDoc{Summary: "Register an " +
			"organisation in a grid, with its contacts", Tag: "organisations", Request: orgRequest{}, Response: orgResponse{},
			Status: http.StatusCreated}),
		api("GET", "/api/v1/organisations/{id}", account.RegisterView, s.apiOrganisation, apiDoc{Summary: "One organisation " +
			"with its contacts, phones masked", Tag: "organisations", Response: orgResponse{}}),
		api("PATCH", "/api/v1/organisations/{id}", account.RegisterEdit, s.apiUpdateOrganisation, apiDoc{Summary: "Change an " +
			"organisation; absent fields keep their value, contacts are changed under /contacts", Tag: "organisations",
			Request: orgPatchRequest{}, Response: orgResponse{}}),
		api("POST", "/api/v1/organisations/{id}/retire", account.RegisterEdit, s.apiOrganisationRetire(true), apiDoc{Summary: "Mark " +
			"an organisation closed or moved away", Tag: "organisations", Request: versionRequest{}, Response: orgResponse{}}),
		api("POST", "/api/v1/organisations/{id}/restore", account.RegisterEdit, s.apiOrganisationRetire(false), apiDoc{Summary: "Bring " +
			"a retired organisation back", Tag: "organisations", Request: versionRequest{}, Response: orgResponse{}}),
		api("POST", "/api/v1/organisations/{id}/contacts", account.RegisterEdit, s.apiAddContact, apiDoc{Summary: "Add a contact " +
			"to an organisation", Tag: "organisations", Request: contactRequest{}, Response: contactResponse{}, Status: http.StatusCreated}),
		api("DELETE", "/api/v1/organisations/{id}/contacts/{contact}", account.RegisterEdit, s.apiRemoveContact, apiDoc{Summary: "Remove " +
			"a contact from an organisation", Tag: "organisations"}),
		api("POST", "/api/v1/organisations/{id}/contacts/{contact}/unmask", account.PersonalUnmask, s.apiUnmaskContact, apiDoc{
			Summary: "Reveal a contact's full phone number for a stated purpose; the read is audited", Tag: "organisations",
			Request: unmaskRequest{}, Response: unmaskResponse{}}),
	}
}

// locationJSON is a WGS-84 position in requests and responses.
type locationJSON struct {
	Lng float64 `json:"lng"`
	Lat float64 `json:"lat"`
}

func (l *locationJSON) point() *geo.Point {
	if l == nil {
		return nil
	}
	return &geo.Point{Lng: l.Lng, Lat: l.Lat}
}

func locationOf(p *geo.Point) *locationJSON {
	if p == nil {
		return nil
	}
	return &locationJSON{Lng: p.Lng, Lat: p.Lat}
}

type contactResponse struct {
	ID    int64  `json:"id"`
	Name  string `json:"name"`
	Role  string `json:"role,omitempty"`
	Phone string `json:"phone" doc:"Masked (138****5678); POST …/contacts/{contact}/unmask reveals it"`
}

type orgResponse struct {
	ID       int64             `json:"id"`
	NodeID   int64             `json:"node_id" doc:"The grid or micro-grid"`
	Kind     string            `json:"kind"`
	KindName string            `json:"kind_name" doc:"The kind's name in the caller's language"`
	Name     string            `json:"name"`
	USCC     string            `json:"uscc,omitempty" doc:"Unified social credit code (GB 32100)"`
	Address  string            `json:"address"`
	Location *locationJSON     `json:"location,omitempty" doc:"WGS-84"`
	Contacts []contactResponse `json:"contacts,omitempty" doc:"Only on GET of one organisation"`
	Retired  *time.Time        `json:"retired_at,omitempty"`
	Created  time.Time         `json:"created_at"`
	Updated  time.Time         `json:"updated_at"`
	Version  int               `json:"version" doc:"Send back with PATCH, retire and restore to refuse lost updates"`
}

type orgListResponse struct {
	Organisations []orgResponse `json:"organisations"`
	NextAfter     string        `json:"next_after,omitempty" doc:"Pass as after= for the next page; absent on the last page"`
}

type contactRequest struct {
	Name  string `json:"name"`
	Phone string `json:"phone" doc:"Mobile or landline"`
	Role  string `json:"role,omitempty" doc:"负责人, 安全员, 联络员…"`
}

type orgRequest struct {
	NodeID   int64            `json:"node_id" doc:"A grid or micro-grid in the caller's scope"`
	Kind     string           `json:"kind"`
	Name     string           `json:"name"`
	USCC     string           `json:"uscc,omitempty" doc:"Required for enterprises, property companies and social organisations"`
	Address  string           `json:"address"`
	Location *locationJSON    `json:"location,omitempty"`
	Contacts []contactRequest `json:"contacts,omitempty"`
}

type orgPatchRequest struct {
	NodeID     *int64        `json:"node_id,omitempty"`
	Kind       *string       `json:"kind,omitempty"`
	Name       *string       `json:"name,omitempty"`
	USCC       *string       `json:"uscc,omitempty"`
	Address    *string       `json:"address,omitempty"`
	Location   *locationJSON `json:"location,omitempty"`
	NoLocation bool          `json:"clear_location,omitempty" doc:"Remove the stored location"`
	Version    *int          `json:"version,omitempty" doc:"The version read; when given, a changed organisation is refused (409)"`
}

type versionRequest struct {
	Version *int `json:"version,omitempty" doc:"The version read; when given, a changed record is refused (409)"`
}

func (s *Server) orgJSON(lang i18n.Lang, o *register.Organisation, contacts []*store.OrgContact) orgResponse {
	out := orgResponse{ID: o.ID, NodeID: o.NodeID, Kind: string(o.Kind), KindName: i18n.T(lang, o.Kind.Key()), Name: o.Name,
		USCC: o.USCC, Address: o.Address, Location: locationOf(o.Location), Retired: o.Retired, Created: o.Created,
		Updated: o.Updated, Version: o.Version}
	for _, c := range contacts {
		out.Contacts = append(out.Contacts, contactJSON(c))
	}
	return out
}

func contactJSON(c *store.OrgContact) contactResponse {
	return contactResponse{ID: c.ID, Name: c.Name, Role: c.Role, Phone: c.PhoneMasked}
}

// orgFilterFrom reads the organisation list's filters from a query.
func orgFilterFrom(q url.Values) (store.OrganisationFilter, error) {
	var v errs.Validation
	f := store.OrganisationFilter{Query: strings.TrimSpace(q.Get("q")), USCC: strings.TrimSpace(q.Get("uscc")),
		Under: queryIDField(&v, q, "node"), IncludeRetired: q.Get("retired") == "1" || q.Get("retired") == "true"}
	if k := strings.TrimSpace(q.Get("kind")); k != "" {
		f.Kind = register.OrgKind(k)
		v.Check(f.Kind.Valid(), "kind", "err.choose_one")
	}
	after, err := store.ParsePathCursor(q.Get("after"))
	if err != nil {
		return f, err
	}
	f.After = after
	return f, v.Err()
}

func (s *Server) apiOrganisations(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := orgFilterFrom(q)
	if err != nil {
		return err
	}
	var v errs.Validation
	f.Limit = queryLimit(&v, q, registerPageSize)
	if err := v.Err(); err != nil {
		return err
	}
	os, next, err := s.db.Organisations(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	out := orgListResponse{Organisations: []orgResponse{}, NextAfter: next.String()}
	for _, o := range os {
		out.Organisations = append(out.Organisations, s.orgJSON(state(r).lang, o, nil))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (req orgRequest) input() register.OrganisationInput {
	in := register.OrganisationInput{NodeID: req.NodeID, Kind: register.OrgKind(req.Kind), Name: req.Name, USCC: req.USCC,
		Address: req.Address, Location: req.Location.point()}
	for _, c := range req.Contacts {
		in.Contacts = append(in.Contacts, register.Contact{Name: c.Name, Phone: c.Phone, Role: c.Role})
	}
	return in
}

func (s *Server) apiCreateOrganisation(w http.ResponseWriter, r *http.Request) error {
	var req orgRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	o, err := s.db.CreateOrganisation(r.Context(), principal(r), req.input())
	if err != nil {
		return err
	}
	return s.writeOrganisation(w, r, http.StatusCreated, o)
}

// writeOrganisation answers with an organisation and its contacts.
func (s *Server) writeOrganisation(w http.ResponseWriter, r *http.Request, status int, o *register.Organisation) error {
	cs, err := s.db.OrganisationContacts(r.Context(), principal(r), o.ID)
	if err != nil {
		return err
	}
	writeJSON(w, status, s.orgJSON(state(r).lang, o, cs))
	return nil
}

func (s *Server) organisationFromPath(r *http.Request) (*register.Organisation, error) {
	return recordFromPath(r, s.db.Organisation)
}

func (s *Server) apiOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organisationFromPath(r)
	if err != nil {
		return err
	}
	return s.writeOrganisation(w, r, http.StatusOK, o)
}

func (s *Server) apiUpdateOrganisation(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organisationFromPath(r)
	if err != nil {
		return err
	}
	var req orgPatchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	in := register.OrganisationInput{NodeID: o.NodeID, Kind: o.Kind, Name: o.Name, USCC: o.USCC, Address: o.Address, Location: o.Location}
	set(&in.NodeID, req.NodeID)
	if req.Kind != nil {
		in.Kind = register.OrgKind(*req.Kind)
	}
	set(&in.Name, req.Name)
	set(&in.USCC, req.USCC)
	set(&in.Address, req.Address)
	if req.Location != nil {
		in.Location = req.Location.point()
	} else if req.NoLocation {
		in.Location = nil
	}
	version := o.Version
	set(&version, req.Version)
	if o, err = s.db.UpdateOrganisation(r.Context(), principal(r), o.ID, in, version); err != nil {
		return err
	}
	return s.writeOrganisation(w, r, http.StatusOK, o)
}

// set overwrites *dst with *v when v is given.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// versionFrom reads an optional {"version": n} body; without one, current stands.
func versionFrom(r *http.Request, current int) (int, error) {
	if r.ContentLength == 0 {
		return current, nil
	}
	var req versionRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, err
	}
	set(&current, req.Version)
	return current, nil
}

// changeAtVersion makes change at the version an optional {"version": n} body gives,
// the stored one, current, without it; it answers with the record as it now is.
func changeAtVersion[T any](r *http.Request, id int64, current int, change func(context.Context, *account.Principal, int64, int) (T, error)) (T, error) {
	version, err := versionFrom(r, current)
	if err != nil {
		var zero T
		return zero, err
	}
	return change(r.Context(), principal(r), id, version)
}

func (s *Server) apiOrganisationRetire(retire bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		o, err := s.organisationFromPath(r)
		if err != nil {
			return err
		}
		change := s.db.RestoreOrganisation
		if retire {
			change = s.db.RetireOrganisation
		}
		if o, err = changeAtVersion(r, o.ID, o.Version, change); err != nil {
			return err
		}
		return s.writeOrganisation(w, r, http.StatusOK, o)
	}
}

func (s *Server) apiAddContact(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organisationFromPath(r)
	if err != nil {
		return err
	}
	var req contactRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	c, err := s.db.AddOrganisationContact(r.Context(), principal(r), o.ID, register.Contact{Name: req.Name, Phone: req.Phone, Role: req.Role})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, contactJSON(c))
	return nil
}

func (s *Server) apiRemoveContact(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organisationFromPath(r)
	if err != nil {
		return err
	}
	cid, err := pathID(r, "contact")
	if err != nil {
		return err
	}
	if err := s.db.RemoveOrganisationContact(r.Context(), principal(r), o.ID, cid); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) apiUnmaskContact(w http.ResponseWriter, r *http.Request) error {
	o, err := s.organisationFromPath(r)
	if err != nil {
		return err
	}
	cid, err := pathID(r, "contact")
	if err != nil {
		return err
	}
	var req unmaskRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	phone, err := s.db.UnmaskContactPhone(r.Context(), principal(r), o.ID, cid, req.Purpose)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, unmaskResponse{Phone: phone})
	return nil
}
