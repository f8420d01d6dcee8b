package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// peopleRoutes are the JSON API of the residents' registers: residents, households,
// residences and rental registrations.
func (s *Server) peopleRoutes() []route {
	rs := []route{
		api("GET", "/api/v1/people", account.RegisterView, s.apiPeople, apiDoc{Summary: "List the residents in the caller's scope, " +
			"ordered by grid; numbers masked, care tags only for the roles that serve those residents", Tag: "people",
			Query: peopleFilters, Response: personListResponse{}}),
		api("POST", "/api/v1/people", account.RegisterEdit, s.apiCreatePerson, apiDoc{Summary: "Register a resident in a grid " +
			"or micro-grid", Tag: "people", Request: personRequest{}, Response: personResponse{}, Status: http.StatusCreated}),
		api("GET", "/api/v1/people/{id}", account.RegisterView, s.apiPerson, apiDoc{Summary: "One resident in the caller's scope",
			Tag: "people", Response: personResponse{}}),
		api("PATCH", "/api/v1/people/{id}", account.RegisterEdit, s.apiUpdatePerson, apiDoc{Summary: "Change a resident; absent " +
			"fields keep their value, and absent or empty numbers keep the stored ones", Tag: "people", Request: personPatchRequest{},
			Response: personResponse{}}),
		api("POST", "/api/v1/people/{id}/retire", account.RegisterEdit, s.apiRetirePerson(true), apiDoc{Summary: "Mark a resident " +
			"as no longer living in the area (moved away, died); the record stays", Tag: "people", Request: versionRequest{},
			Response: personResponse{}}),
		api("POST", "/api/v1/people/{id}/restore", account.RegisterEdit, s.apiRetirePerson(false), apiDoc{Summary: "Put a " +
			"removed resident back on the register", Tag: "people", Request: versionRequest{}, Response: personResponse{}}),
		api("POST", "/api/v1/people/{id}/unmask", account.PersonalUnmask, s.apiUnmaskPerson, apiDoc{Summary: "Reveal a resident's " +
			"full ID, passport and phone numbers for a stated purpose; the read is audited with it", Tag: "people",
			Request: unmaskRequest{}, Response: store.PersonNumbers{}}),
		api("GET", "/api/v1/people/{id}/history", account.RegisterView, s.apiRecordHistory("person"), apiDoc{Summary: "The " +
			"changes to a resident and the reads of their numbers, newest first", Tag: "people", Response: historyResponse{}}),
		api("GET", "/api/v1/people/{id}/households", account.RegisterView, s.apiPersonHouseholds, apiDoc{Summary: "The " +
			"household a resident belongs to, then those they belonged to", Tag: "households", Response: householdListResponse{}}),
		api("GET", "/api/v1/people/{id}/residences", account.RegisterView, s.apiPersonResidences, apiDoc{Summary: "The houses " +
			"a resident lives in, owns or rents (all=1: also ended ones)", Tag: "residences", Query: []param{allParam},
			Response: residenceListResponse{}}),
	}
	rs = append(rs, s.householdAPIRoutes()...)
	rs = append(rs, s.residenceAPIRoutes()...)
	return append(rs, s.rentalAPIRoutes()...)
}

var peopleFilters = []param{
	{"node", "integer", "Only residents of this place and below"},
	{"reg_type", "string", "registered, floating or foreign"},
	{"sex", "string", "male or female"},
	{"care_tag", "string", "Only residents with this care tag (for roles that see care tags)"},
	{"min_age", "integer", "Aged at least this many whole years today"},
	{"max_age", "integer", "Aged at most this many whole years today"},
	{"born_from", "string", "Born on or after this date (YYYY-MM-DD)"},
	{"born_to", "string", "Born on or before this date"},
	{"name", "string", "The name contains this"},
	{"name_prefix", "boolean", "With name: the name starts with it"},
	{"id_number", "string", "Exactly this ID number"},
	{"passport", "string", "Exactly this passport number"},
	{"phone", "string", "Exactly this mobile number"},
	{"include_retired", "boolean", "Also residents who moved away or died"},
	{"after", "string", "The next_after of the previous page"},
	{"limit", "integer", "Page size, 1–500 (default 50)"},
}

var allParam = param{"all", "boolean", "Also ended and withdrawn records"}

// personResponse is a resident as the API shows it: numbers masked.
type personResponse struct {
	ID          int64      `json:"id"`
	NodeID      int64      `json:"node_id"`
	Name        string     `json:"name"`
	RegType     string     `json:"reg_type"`
	RegTypeName string     `json:"reg_type_name" doc:"The registration type's name in the caller's language"`
	IDNumber    string     `json:"id_number,omitempty" doc:"Masked; POST /api/v1/people/{id}/unmask reveals it"`
	Passport    string     `json:"passport,omitempty" doc:"Masked"`
	Nationality string     `json:"nationality,omitempty"`
	BirthDate   string     `json:"birth_date,omitempty" doc:"YYYY-MM-DD"`
	Age         *int       `json:"age,omitempty"`
	Sex         string     `json:"sex,omitempty"`
	Phone       string     `json:"phone,omitempty" doc:"Masked"`
	Ethnicity   string     `json:"ethnicity,omitempty" doc:"GB/T 3304 code"`
	CareTags    []string   `json:"care_tags,omitempty" doc:"Only for the roles that serve these residents"`
	Retired     *time.Time `json:"retired_at,omitempty"`
	Created     time.Time  `json:"created_at"`
	Updated     time.Time  `json:"updated_at"`
	Version     int        `json:"version" doc:"Send back with PATCH and retire to refuse lost updates"`
}

type personListResponse struct {
	People    []personResponse `json:"people"`
	NextAfter string           `json:"next_after,omitempty" doc:"Pass as after= for the next page; absent on the last page"`
}

// personRequest is a resident to register. Dates are YYYY-MM-DD.
type personRequest struct {
	NodeID      int64    `json:"node_id" doc:"The grid or micro-grid they live in"`
	Name        string   `json:"name"`
	RegType     string   `json:"reg_type" doc:"registered, floating or foreign"`
	IDNumber    string   `json:"id_number,omitempty" doc:"18 characters (GB 11643); required except for foreign residents"`
	Passport    string   `json:"passport,omitempty" doc:"Foreign residents without an ID number"`
	Nationality string   `json:"nationality,omitempty" doc:"ISO 3166-1 alpha-3, for foreign residents"`
	Sex         string   `json:"sex,omitempty" doc:"male or female; follows from the ID number"`
	BirthDate   string   `json:"birth_date,omitempty" doc:"YYYY-MM-DD; follows from the ID number"`
	Phone       string   `json:"phone,omitempty" doc:"Mainland mobile number"`
	Ethnicity   string   `json:"ethnicity,omitempty" doc:"GB/T 3304 code, 01 for Han"`
	CareTags    []string `json:"care_tags,omitempty" doc:"Only roles that serve these residents may set them"`
}

// personPatchRequest changes a resident; absent fields keep their value.
type personPatchRequest struct {
	NodeID      *int64    `json:"node_id,omitempty"`
	Name        *string   `json:"name,omitempty"`
	RegType     *string   `json:"reg_type,omitempty"`
	IDNumber    *string   `json:"id_number,omitempty" doc:"A corrected number; absent or empty keeps the stored one"`
	Passport    *string   `json:"passport,omitempty"`
	Nationality *string   `json:"nationality,omitempty"`
	Sex         *string   `json:"sex,omitempty"`
	BirthDate   *string   `json:"birth_date,omitempty" doc:"YYYY-MM-DD, or empty for unknown"`
	Phone       *string   `json:"phone,omitempty"`
	Ethnicity   *string   `json:"ethnicity,omitempty"`
	CareTags    *[]string `json:"care_tags,omitempty"`
	Version     *int      `json:"version" doc:"The version read (required); a resident changed since is refused (409)"`
}

type historyResponse struct {
	Entries []auditEntryResponse `json:"entries"`
}

func (s *Server) personJSON(r *http.Request, p *register.Person) personResponse {
	out := personResponse{ID: p.ID, NodeID: p.NodeID, Name: p.Name, RegType: string(p.RegType),
		RegTypeName: i18n.T(state(r).lang, p.RegType.Key()), IDNumber: p.IDMasked, Passport: p.PassportMasked,
		Nationality: p.Nationality, Sex: string(p.Sex), Phone: p.PhoneMasked, Ethnicity: string(p.Ethnicity),
		Retired: p.Retired, Created: p.Created, Updated: p.Updated, Version: p.Version}
	if p.Birth != nil {
		out.BirthDate = p.Birth.Format(time.DateOnly)
		if age, ok := p.Age(s.db.Clock().Now()); ok {
			out.Age = &age
		}
	}
	for _, t := range p.CareTags {
		out.CareTags = append(out.CareTags, string(t))
	}
	return out
}

// parseDateField reads an optional YYYY-MM-DD (or any form register.ParseDate reads)
// into a date, reporting a bad one against field.
func parseDateField(v *errs.Validation, field, s string) *time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	d, err := register.ParseDate(s)
	if err != nil {
		v.Add(field, register.ErrDate.Key())
		return nil
	}
	return &d
}

func careTags(ss []string) []register.CareTag {
	var out []register.CareTag
	for _, t := range ss {
		out = append(out, register.CareTag(t))
	}
	return out
}

func (req personRequest) input(v *errs.Validation) register.PersonInput {
	return register.PersonInput{NodeID: req.NodeID, Name: req.Name, RegType: register.RegType(req.RegType), IDNumber: req.IDNumber,
		Passport: req.Passport, Nationality: req.Nationality, Sex: register.Sex(req.Sex), Birth: parseDateField(v, "birth_date", req.BirthDate),
		Phone: req.Phone, Ethnicity: register.Ethnicity(req.Ethnicity), CareTags: careTags(req.CareTags)}
}

// bothErrs joins a request's own field problems with storage's, so one answer lists
// every bad field.
func bothErrs(v *errs.Validation, err error) error {
	if v.OK() {
		return err
	}
	if e := errs.As(err); e != nil && e.Code == errs.Invalid {
		for _, f := range e.Fields {
			if !v.Has(f.Field) {
				v.Add(f.Field, f.Msg.Key, f.Msg.Args...)
			}
		}
	}
	return v.Err()
}

func (s *Server) apiCreatePerson(w http.ResponseWriter, r *http.Request) error {
	var req personRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	in := req.input(&v)
	p, err := s.db.CreatePerson(r.Context(), principal(r), in)
	if err != nil || !v.OK() {
		return bothErrs(&v, err)
	}
	writeJSON(w, http.StatusCreated, s.personJSON(r, p))
	return nil
}

func (s *Server) personFromPath(r *http.Request) (*register.Person, error) {
	return recordFromPath(r, s.db.Person)
}

func (s *Server) apiPerson(w http.ResponseWriter, r *http.Request) error {
	p, err := s.personFromPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.personJSON(r, p))
	return nil
}

// requireVersion reads the version a change must be based on.
func requireVersion(v *errs.Validation, version *int) int {
	if version == nil {
		v.Add("version", "err.required")
		return 0
	}
	return *version
}

// requiredVersion reads a {"version": n} body that must give the version read.
func requiredVersion(r *http.Request) (int, error) {
	var req versionRequest
	if err := decodeJSON(r, &req); err != nil {
		return 0, err
	}
	var v errs.Validation
	version := requireVersion(&v, req.Version)
	return version, v.Err()
}

func (s *Server) apiUpdatePerson(w http.ResponseWriter, r *http.Request) error {
	p, err := s.personFromPath(r)
	if err != nil {
		return err
	}
	var req personPatchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	in := register.PersonInput{NodeID: p.NodeID, Name: p.Name, RegType: p.RegType, Nationality: p.Nationality, Sex: p.Sex,
		Birth: p.Birth, Ethnicity: p.Ethnicity, CareTags: p.CareTags}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = *src
		}
	}
	if req.NodeID != nil {
		in.NodeID = *req.NodeID
	}
	set(&in.Name, req.Name)
	if req.RegType != nil {
		in.RegType = register.RegType(*req.RegType)
	}
	set(&in.IDNumber, req.IDNumber)
	set(&in.Passport, req.Passport)
	set(&in.Nationality, req.Nationality)
	if req.Sex != nil {
		in.Sex = register.Sex(*req.Sex)
	}
	if req.BirthDate != nil {
		in.Birth = parseDateField(&v, "birth_date", *req.BirthDate)
	}
	set(&in.Phone, req.Phone)
	if req.Ethnicity != nil {
		in.Ethnicity = register.Ethnicity(*req.Ethnicity)
	}
	if req.CareTags != nil {
		in.CareTags = careTags(*req.CareTags)
	}
	version := requireVersion(&v, req.Version)
	if !v.OK() {
		return v.Err()
	}
	p, err = s.db.UpdatePerson(r.Context(), principal(r), p.ID, in, version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.personJSON(r, p))
	return nil
}

func (s *Server) apiRetirePerson(retire bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, err := s.personFromPath(r)
		if err != nil {
			return err
		}
		version, err := requiredVersion(r)
		if err != nil {
			return err
		}
		if p, err = s.db.RetirePerson(r.Context(), principal(r), p.ID, retire, version); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, s.personJSON(r, p))
		return nil
	}
}

func (s *Server) apiUnmaskPerson(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req unmaskRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	n, err := s.db.UnmaskPerson(r.Context(), principal(r), id, req.Purpose)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, n)
	return nil
}

// apiRecordHistory answers the history of one register record.
func (s *Server) apiRecordHistory(entity string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		es, err := s.db.History(r.Context(), principal(r), entity, id, 200)
		if err != nil {
			return err
		}
		out := historyResponse{Entries: []auditEntryResponse{}}
		for _, e := range es {
			item := auditEntryResponse{Seq: e.Seq, At: e.At, ActorID: e.ActorID, Actor: e.Actor, Role: e.Role,
				Action: e.Action, Entity: e.Entity, EntityID: e.EntityID, Purpose: e.Purpose, PrevHash: e.PrevHash, Hash: e.Hash}
			if e.Detail != "" {
				var detail any
				if json.Unmarshal([]byte(e.Detail), &detail) == nil {
					item.Detail = detail
				}
			}
			out.Entries = append(out.Entries, item)
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
}

// queryBool reads a boolean query parameter: 1, true, on or yes.
func queryBool(q url.Values, name string) bool {
	switch strings.ToLower(strings.TrimSpace(q.Get(name))) {
	case "1", "true", "on", "yes":
		return true
	}
	return false
}

// queryNumber reads an optional non-negative integer query parameter, at most max.
func queryNumber(v *errs.Validation, q url.Values, name string, max int) int {
	s := strings.TrimSpace(q.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > max {
		v.Add(name, "err.range", 0, max)
		return 0
	}
	return n
}

// peopleFilterFrom reads the residents list's filters from a query string, checking
// each, so that a mistyped number says so rather than finding nobody.
func (s *Server) peopleFilterFrom(q url.Values) (store.PeopleFilter, error) {
	var v errs.Validation
	f := store.PeopleFilter{Under: queryIDField(&v, q, "node"), Name: strings.TrimSpace(q.Get("name")),
		NamePrefix: queryBool(q, "name_prefix"), IncludeRetired: queryBool(q, "include_retired")}
	if t := register.RegType(q.Get("reg_type")); t != "" {
		v.Check(t.Valid(), "reg_type", "err.choose_one")
		f.RegType = t
	}
	if x := register.Sex(q.Get("sex")); x != "" {
		v.Check(x.Valid(), "sex", "err.choose_one")
		f.Sex = x
	}
	if c := register.CareTag(q.Get("care_tag")); c != "" {
		v.Check(c.Valid(), "care_tag", "err.care_tag")
		f.CareTag = c
	}
	f.MinAge = queryNumber(&v, q, "min_age", 150)
	f.MaxAge = queryNumber(&v, q, "max_age", 150)
	if f.MaxAge > 0 && f.MinAge > f.MaxAge {
		v.Add("max_age", "err.age_order")
	}
	f.BornFrom = parseDateField(&v, "born_from", q.Get("born_from"))
	f.BornTo = parseDateField(&v, "born_to", q.Get("born_to"))
	if f.BornFrom != nil && f.BornTo != nil && f.BornTo.Before(*f.BornFrom) {
		v.Add("born_to", "err.date_order")
	}
	if id := q.Get("id_number"); strings.TrimSpace(id) != "" {
		if n, err := register.ParseIDNumber(id, s.db.Clock().Now()); err != nil {
			v.Add("id_number", err.Error())
		} else {
			f.IDNumber = n.Number
		}
	}
	f.Passport = q.Get("passport")
	if ph := q.Get("phone"); strings.TrimSpace(ph) != "" {
		if m, err := register.ParseMobile(ph); err != nil {
			v.Add("phone", err.Error())
		} else {
			f.Phone = m
		}
	}
	c, err := store.ParsePathCursor(q.Get("after"))
	if err != nil {
		v.Add("after", "err.cursor")
	}
	f.After = c
	f.Limit = queryLimit(&v, q, 50)
	return f, v.Err()
}

func (s *Server) apiPeople(w http.ResponseWriter, r *http.Request) error {
	f, err := s.peopleFilterFrom(r.URL.Query())
	if err != nil {
		return err
	}
	ps, next, err := s.db.People(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	out := personListResponse{People: []personResponse{}, NextAfter: next.String()}
	for _, p := range ps {
		out.People = append(out.People, s.personJSON(r, p))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
