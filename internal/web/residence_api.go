package web

import (
	"net/http"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
)

func (s *Server) residenceAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/houses/{id}/residences", account.RegisterView, s.apiHouseResidences, apiDoc{Summary: "Who lives in, " +
			"owns or rents a house (all=1: also ended links)", Tag: "residences", Query: []param{allParam}, Response: residenceListResponse{}}),
		api("POST", "/api/v1/houses/{id}/residences", account.RegisterEdit, s.apiAddResidence, apiDoc{Summary: "Link a resident " +
			"with the house as owner, tenant or resident", Tag: "residences", Request: residenceRequest{}, Response: residenceResponse{},
			Status: http.StatusCreated}),
		api("POST", "/api/v1/residences/{id}/end", account.RegisterEdit, s.apiEndResidence, apiDoc{Summary: "Record the last day " +
			"of a residence (moved out, sold)", Tag: "residences", Request: residenceEndRequest{}, Response: residenceResponse{}}),
		api("POST", "/api/v1/residences/{id}/retire", account.RegisterEdit, s.apiRetireResidence, apiDoc{Summary: "Withdraw a " +
			"residence entered in error", Tag: "residences", Request: versionRequest{}, Response: residenceResponse{}}),
		api("GET", "/api/v1/residences/{id}/history", account.RegisterView, s.apiRecordHistory("residence"), apiDoc{Summary: "The " +
			"changes to a residence, newest first", Tag: "residences", Response: historyResponse{}}),
	}
}

type residenceResponse struct {
	ID       int64      `json:"id"`
	NodeID   int64      `json:"node_id" doc:"The house's grid"`
	PersonID int64      `json:"person_id"`
	HouseID  int64      `json:"house_id"`
	Role     string     `json:"role" doc:"owner, tenant or resident"`
	From     string     `json:"from,omitempty" doc:"YYYY-MM-DD"`
	To       string     `json:"to,omitempty" doc:"The last day; absent while it lasts"`
	Current  bool       `json:"current"`
	Retired  *time.Time `json:"retired_at,omitempty"`
	Created  time.Time  `json:"created_at"`
	Updated  time.Time  `json:"updated_at"`
	Version  int        `json:"version"`
}

type residenceListResponse struct {
	Residences []residenceResponse `json:"residences"`
}

type residenceRequest struct {
	PersonID int64  `json:"person_id"`
	Role     string `json:"role" doc:"owner, tenant or resident"`
	From     string `json:"from,omitempty" doc:"YYYY-MM-DD, not in the future"`
	To       string `json:"to,omitempty" doc:"The agreed last day, if known"`
}

type residenceEndRequest struct {
	To      string `json:"to" doc:"The last day, YYYY-MM-DD"`
	Version *int   `json:"version" doc:"The version read (required)"`
}

func dateString(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format(time.DateOnly)
}

func (s *Server) residenceJSON(x *register.Residence) residenceResponse {
	return residenceResponse{ID: x.ID, NodeID: x.NodeID, PersonID: x.PersonID, HouseID: x.HouseID, Role: string(x.Role),
		From: dateString(x.From), To: dateString(x.To), Current: x.Current(s.db.Clock().Now()), Retired: x.Retired,
		Created: x.Created, Updated: x.Updated, Version: x.Version}
}

func (s *Server) writeResidences(w http.ResponseWriter, rs []*register.Residence) {
	out := residenceListResponse{Residences: []residenceResponse{}}
	for _, x := range rs {
		out.Residences = append(out.Residences, s.residenceJSON(x))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiHouseResidences(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rs, err := s.db.HouseResidences(r.Context(), principal(r), id, queryBool(r.URL.Query(), "all"))
	if err != nil {
		return err
	}
	s.writeResidences(w, rs)
	return nil
}

func (s *Server) apiPersonResidences(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	rs, err := s.db.PersonResidences(r.Context(), principal(r), id, queryBool(r.URL.Query(), "all"))
	if err != nil {
		return err
	}
	s.writeResidences(w, rs)
	return nil
}

func (s *Server) apiAddResidence(w http.ResponseWriter, r *http.Request) error {
	houseID, err := pathID(r, "id")
	if err != nil {
		return err
	}
	p := principal(r)
	if _, err := s.db.House(r.Context(), p, houseID); err != nil {
		return err
	}
	var req residenceRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	in := register.ResidenceInput{PersonID: req.PersonID, HouseID: houseID, Role: register.ResidenceRole(req.Role),
		From: parseDateField(&v, "from", req.From), To: parseDateField(&v, "to", req.To)}
	x, err := s.db.AddResidence(r.Context(), p, in)
	if err != nil || !v.OK() {
		return bothErrs(&v, err)
	}
	writeJSON(w, http.StatusCreated, s.residenceJSON(x))
	return nil
}

func (s *Server) apiEndResidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req residenceEndRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	to := parseDateField(&v, "to", req.To)
	if to == nil && !v.Has("to") {
		v.Add("to", "err.required")
	}
	version := requireVersion(&v, req.Version)
	if err := v.Err(); err != nil {
		if _, err := s.db.Residence(r.Context(), principal(r), id); err != nil {
			return err // out of scope stays not found, whatever the body
		}
		return err
	}
	x, err := s.db.EndResidence(r.Context(), principal(r), id, *to, version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.residenceJSON(x))
	return nil
}

func (s *Server) apiRetireResidence(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := s.db.Residence(r.Context(), principal(r), id); err != nil {
		return err
	}
	version, err := requiredVersion(r)
	if err != nil {
		return err
	}
	x, err := s.db.RetireResidence(r.Context(), principal(r), id, version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.residenceJSON(x))
	return nil
}
