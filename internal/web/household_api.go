package web

import (
	"net/http"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

func (s *Server) householdAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/households", account.RegisterView, s.apiHouseholds, apiDoc{Summary: "List the households in the " +
			"caller's scope with their members, ordered by grid", Tag: "households", Query: []param{
			{"node", "integer", "Only households of this place and below"},
			{"house", "integer", "Only households living in this house"},
			{"number", "string", "Exactly this household number"},
			{"include_retired", "boolean", "Also dissolved households"},
			{"after", "string", "The next_after of the previous page"},
			{"limit", "integer", "Page size, 1–500 (default 50)"},
		}, Response: householdListResponse{}}),
		api("POST", "/api/v1/households", account.RegisterEdit, s.apiCreateHousehold, apiDoc{Summary: "Register a household " +
			"with its members, exactly one of them the head (relation self)", Tag: "households", Request: householdRequest{},
			Response: householdResponse{}, Status: http.StatusCreated}),
		api("GET", "/api/v1/households/{id}", account.RegisterView, s.apiHousehold, apiDoc{Summary: "One household with its members",
			Tag: "households", Response: householdResponse{}}),
		api("PATCH", "/api/v1/households/{id}", account.RegisterEdit, s.apiUpdateHousehold, apiDoc{Summary: "Change a household; " +
			"members, when given, replace the list (those left out leave the household)", Tag: "households",
			Request: householdPatchRequest{}, Response: householdResponse{}}),
		api("POST", "/api/v1/households/{id}/retire", account.RegisterEdit, s.apiRetireHousehold, apiDoc{Summary: "Dissolve a " +
			"household; its members may join another", Tag: "households", Request: versionRequest{}, Response: householdResponse{}}),
		api("GET", "/api/v1/households/{id}/history", account.RegisterView, s.apiRecordHistory("household"), apiDoc{Summary: "The " +
			"changes to a household, newest first", Tag: "households", Response: historyResponse{}}),
		api("GET", "/api/v1/me/household", account.OwnAccount, s.apiMyHousehold, apiDoc{Summary: "Residents: their own household, " +
			"found by the phone of their account, members' numbers masked", Tag: "households", Response: myHouseholdResponse{}}),
	}
}

type householdResponse struct {
	ID      int64             `json:"id"`
	NodeID  int64             `json:"node_id"`
	Number  string            `json:"number,omitempty"`
	HouseID int64             `json:"house_id,omitempty"`
	Address string            `json:"address,omitempty"`
	HeadID  int64             `json:"head_id"`
	Members []register.Member `json:"members" doc:"The head first; relation to the head: self, spouse, son, daughter, parent, grandparent, grandchild, sibling, other"`
	Retired *time.Time        `json:"retired_at,omitempty"`
	Created time.Time         `json:"created_at"`
	Updated time.Time         `json:"updated_at"`
	Version int               `json:"version"`
}

type householdListResponse struct {
	Households []householdResponse `json:"households"`
	NextAfter  string              `json:"next_after,omitempty" doc:"Pass as after= for the next page; absent on the last page"`
}

type householdRequest struct {
	NodeID  int64             `json:"node_id"`
	Number  string            `json:"number,omitempty" doc:"户号, when the household has one"`
	HouseID int64             `json:"house_id,omitempty" doc:"The house it lives in; or give an address"`
	Address string            `json:"address,omitempty"`
	Members []register.Member `json:"members"`
}

type householdPatchRequest struct {
	NodeID  *int64             `json:"node_id,omitempty"`
	Number  *string            `json:"number,omitempty"`
	HouseID *int64             `json:"house_id,omitempty"`
	Address *string            `json:"address,omitempty"`
	Members *[]register.Member `json:"members,omitempty"`
	Version *int               `json:"version" doc:"The version read (required)"`
}

type myHouseholdResponse struct {
	Household householdResponse `json:"household"`
	Members   []personResponse  `json:"members" doc:"In the order of household.members"`
}

func householdJSON(h *register.Household) householdResponse {
	out := householdResponse{ID: h.ID, NodeID: h.NodeID, Number: h.Number, HouseID: h.HouseID, Address: h.Address, HeadID: h.HeadID,
		Members: h.Members, Retired: h.Retired, Created: h.Created, Updated: h.Updated, Version: h.Version}
	if out.Members == nil {
		out.Members = []register.Member{}
	}
	return out
}

func writeHouseholds(w http.ResponseWriter, hs []*register.Household, next store.PathCursor) {
	out := householdListResponse{Households: []householdResponse{}, NextAfter: next.String()}
	for _, h := range hs {
		out.Households = append(out.Households, householdJSON(h))
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiHouseholds(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v errs.Validation
	f := store.HouseholdFilter{Under: queryIDField(&v, q, "node"), HouseID: queryIDField(&v, q, "house"), Number: q.Get("number"),
		IncludeRetired: queryBool(q, "include_retired"), Limit: queryLimit(&v, q, 50)}
	c, err := store.ParsePathCursor(q.Get("after"))
	if err != nil {
		v.Add("after", "err.cursor")
	}
	f.After = c
	if err := v.Err(); err != nil {
		return err
	}
	hs, next, err := s.db.Households(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	writeHouseholds(w, hs, next)
	return nil
}

func (s *Server) apiCreateHousehold(w http.ResponseWriter, r *http.Request) error {
	var req householdRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	h, err := s.db.CreateHousehold(r.Context(), principal(r), register.HouseholdInput(req))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, householdJSON(h))
	return nil
}

func (s *Server) householdFromPath(r *http.Request) (*register.Household, error) {
	return recordFromPath(r, s.db.Household)
}

func (s *Server) apiHousehold(w http.ResponseWriter, r *http.Request) error {
	h, err := s.householdFromPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, householdJSON(h))
	return nil
}

func (s *Server) apiUpdateHousehold(w http.ResponseWriter, r *http.Request) error {
	h, err := s.householdFromPath(r)
	if err != nil {
		return err
	}
	var req householdPatchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	in := register.HouseholdInput{NodeID: h.NodeID, Number: h.Number, HouseID: h.HouseID, Address: h.Address, Members: h.Members}
	if req.NodeID != nil {
		in.NodeID = *req.NodeID
	}
	if req.Number != nil {
		in.Number = *req.Number
	}
	if req.HouseID != nil {
		in.HouseID = *req.HouseID
	}
	if req.Address != nil {
		in.Address = *req.Address
	}
	if req.Members != nil {
		in.Members = *req.Members
	}
	var v errs.Validation
	version := requireVersion(&v, req.Version)
	if err := v.Err(); err != nil {
		return err
	}
	if h, err = s.db.UpdateHousehold(r.Context(), principal(r), h.ID, in, version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, householdJSON(h))
	return nil
}

func (s *Server) apiRetireHousehold(w http.ResponseWriter, r *http.Request) error {
	h, err := s.householdFromPath(r)
	if err != nil {
		return err
	}
	version, err := requiredVersion(r)
	if err != nil {
		return err
	}
	if h, err = s.db.RetireHousehold(r.Context(), principal(r), h.ID, version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, householdJSON(h))
	return nil
}

func (s *Server) apiPersonHouseholds(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	hs, err := s.db.PersonHouseholds(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	writeHouseholds(w, hs, store.PathCursor{})
	return nil
}

func (s *Server) apiMyHousehold(w http.ResponseWriter, r *http.Request) error {
	mine, err := s.db.MyHousehold(r.Context(), principal(r))
	if err != nil {
		return err
	}
	out := myHouseholdResponse{Household: householdJSON(mine.Household), Members: []personResponse{}}
	for _, p := range mine.Members {
		out.Members = append(out.Members, s.personJSON(r, p))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
