package web

import (
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

// houseAPIRoutes are the JSON API of the houses register.
func (s *Server) houseAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/houses", account.RegisterView, s.apiHouses, apiDoc{
			Summary: "List houses in the caller's scope, in id order", Tag: "houses", Response: houseListResponse{},
			Query: []param{
				{"under", "integer", "In this place and below"},
				{"building", "integer", "Of this building"},
				{"unit", "string", "In this unit (单元), exactly"},
				{"use", "string", "self_occupied, rented, vacant, commercial or other"},
				{"q", "string", "Room or address contains, or the door-plate code"},
				{"include_retired", "boolean", "Include retired houses (default false)"},
				{"after", "integer", "Keyset pagination: houses with a larger id (the next_after of the previous page)"},
				{"limit", "integer", "At most this many (default 50, at most 500)"},
			}}),
		api("POST", "/api/v1/houses", account.RegisterEdit, s.apiHouseCreate, apiDoc{
			Summary: "Add a house to a building in the caller's scope; it gets its door-plate code", Tag: "houses",
			Request: houseRequest{}, Response: houseResponse{}, Status: http.StatusCreated}),
		api("GET", "/api/v1/houses/{id}", account.RegisterView, s.apiHouse, apiDoc{
			Summary: "One house", Tag: "houses", Response: houseResponse{}}),
		api("PATCH", "/api/v1/houses/{id}", account.RegisterEdit, s.apiHouseUpdate, apiDoc{
			Summary: "Change a house; fields left out keep their values; the door-plate code never changes", Tag: "houses",
			Request: housePatchRequest{}, Response: houseResponse{}}),
		api("POST", "/api/v1/houses/{id}/retire", account.RegisterEdit, s.apiHouseRetire, apiDoc{
			Summary: "Retire a house (merged, demolished, entered twice); its plate then leads nowhere", Tag: "houses",
			Request: treeVersionRequest{}, Response: houseResponse{}}),
		api("POST", "/api/v1/houses/{id}/restore", account.RegisterEdit, s.apiHouseRestore, apiDoc{
			Summary: "Bring a retired house back", Tag: "houses",
			Request: treeVersionRequest{}, Response: houseResponse{}}),
		api("GET", "/api/v1/houses/{id}/history", account.RegisterView, s.apiHouseHistory, apiDoc{
			Summary: "The changes to a house, newest first", Tag: "houses", Response: registerHistoryResponse{}}),
	}
}

// houseResponse is a house in the API.
type houseResponse struct {
	ID         int64      `json:"id"`
	BuildingID int64      `json:"building_id"`
	NodeID     int64      `json:"node_id" doc:"The building's grid"`
	Code       string     `json:"code" doc:"The door-plate code"`
	PlatePath  string     `json:"plate_path" doc:"The public page its QR door plate opens"`
	Unit       string     `json:"unit"`
	Floor      int        `json:"floor" doc:"1, 2… above ground, −1, −2… below"`
	Room       string     `json:"room"`
	Address    string     `json:"address" doc:"Its own address line, when not the building's"`
	Area       float64    `json:"area" doc:"m²"`
	Use        string     `json:"use"`
	UseName    string     `json:"use_name" doc:"In the caller's language"`
	OwnerName  string     `json:"owner_name"`
	Retired    bool       `json:"retired"`
	RetiredAt  *time.Time `json:"retired_at,omitempty"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	Version    int        `json:"version" doc:"Send it back with every change (optimistic locking)"`
}

type houseListResponse struct {
	Items     []houseResponse `json:"items"`
	NextAfter int64           `json:"next_after,omitempty" doc:"Pass as after= for the next page; absent on the last page"`
}

type houseRequest struct {
	BuildingID int64   `json:"building_id" doc:"A building in the caller's scope"`
	Unit       string  `json:"unit,omitempty" doc:"单元, at most 10 characters"`
	Floor      int     `json:"floor" doc:"A floor the building has; never 0"`
	Room       string  `json:"room" doc:"Unique in the building's unit and floor"`
	Address    string  `json:"address,omitempty"`
	Area       float64 `json:"area" doc:"m², more than 0"`
	Use        string  `json:"use" doc:"self_occupied, rented, vacant, commercial or other"`
	OwnerName  string  `json:"owner_name,omitempty"`
}

type housePatchRequest struct {
	BuildingID *int64   `json:"building_id,omitempty" doc:"Move it to another building (a correction); the code stays"`
	Unit       *string  `json:"unit,omitempty"`
	Floor      *int     `json:"floor,omitempty"`
	Room       *string  `json:"room,omitempty"`
	Address    *string  `json:"address,omitempty"`
	Area       *float64 `json:"area,omitempty"`
	Use        *string  `json:"use,omitempty"`
	OwnerName  *string  `json:"owner_name,omitempty"`
	Version    int      `json:"version" doc:"The version read"`
}

func houseJSON(lang i18n.Lang, h *register.House) houseResponse {
	return houseResponse{ID: h.ID, BuildingID: h.BuildingID, NodeID: h.NodeID, Code: h.Code, PlatePath: platePath(h.Code),
		Unit: h.Unit, Floor: h.Floor, Room: h.Room, Address: h.Address, Area: h.Area, Use: string(h.Use),
		UseName: i18n.T(lang, h.Use.Key()), OwnerName: h.OwnerName, Retired: h.IsRetired(), RetiredAt: h.Retired,
		CreatedAt: h.Created, UpdatedAt: h.Updated, Version: h.Version}
}

func (s *Server) writeHouse(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	h, err := s.db.House(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/houses/"+strconv.FormatInt(h.ID, 10))
	}
	writeJSON(w, status, houseJSON(state(r).lang, h))
	return nil
}

// houseFilterFrom reads a houses listing's filters from the query string.
func houseFilterFrom(q url.Values, retiredParam string) (store.HouseFilter, error) {
	var v errs.Validation
	f := store.HouseFilter{RegisterFilter: store.RegisterFilter{Query: strings.TrimSpace(q.Get("q"))}, Unit: strings.TrimSpace(q.Get("unit"))}
	v.MaxLen("q", f.Query, 60)
	v.MaxLen("unit", f.Unit, register.MaxUnitLen)
	if u := register.HouseUse(strings.TrimSpace(q.Get("use"))); u != "" {
		v.Check(u.Valid(), "use", "err.choose_one")
		f.Use = u
	}
	f.Under = queryIDField(&v, q, "under")
	f.ParentID = queryIDField(&v, q, "building")
	f.AfterID = queryIDField(&v, q, "after")
	f.IncludeRetired = boolField(&v, q, retiredParam)
	return f, v.Err()
}

func (s *Server) apiHouses(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := houseFilterFrom(q, "include_retired")
	var v errs.Validation
	limit := queryLimit(&v, q, 50)
	if err == nil {
		err = v.Err()
	}
	if err != nil {
		return err
	}
	if f.ParentID != 0 {
		if _, err := s.db.Building(r.Context(), principal(r), f.ParentID); err != nil {
			return err
		}
	}
	f.Limit = limit + 1
	hs, err := s.db.ListHouses(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	out := houseListResponse{Items: []houseResponse{}}
	hs, out.NextAfter = idPage(hs, limit, houseID)
	for _, h := range hs {
		out.Items = append(out.Items, houseJSON(state(r).lang, h))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiHouse(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeHouse(w, r, http.StatusOK, id)
}

func (s *Server) apiHouseCreate(w http.ResponseWriter, r *http.Request) error {
	var req houseRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.BuildingID != 0 {
		// A building outside the caller's scope is not theirs to see: not found.
		if _, err := s.db.Building(r.Context(), principal(r), req.BuildingID); err != nil {
			return err
		}
	}
	h, err := s.db.CreateHouse(r.Context(), principal(r), register.HouseInput{BuildingID: req.BuildingID, Unit: req.Unit,
		Floor: req.Floor, Room: req.Room, Address: req.Address, Area: req.Area, Use: register.HouseUse(req.Use), OwnerName: req.OwnerName})
	if err != nil {
		return err
	}
	return s.writeHouse(w, r, http.StatusCreated, h.ID)
}

// pathHouse reads the {id} house of the request, if the caller may see it.
func (s *Server) pathHouse(r *http.Request) (*register.House, error) {
	return recordFromPath(r, s.db.House)
}

// houseInputOf is the input that leaves a house as it is.
func houseInputOf(h *register.House) register.HouseInput {
	return register.HouseInput{BuildingID: h.BuildingID, Unit: h.Unit, Floor: h.Floor, Room: h.Room, Address: h.Address,
		Area: h.Area, Use: h.Use, OwnerName: h.OwnerName, OwnerPersonID: h.OwnerPersonID}
}

func (s *Server) apiHouseUpdate(w http.ResponseWriter, r *http.Request) error {
	var req housePatchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	h, err := recordToChange(r, s.db.House, req.Version)
	if err != nil {
		return err
	}
	in := houseInputOf(h)
	if req.BuildingID != nil && *req.BuildingID != h.BuildingID {
		if _, err := s.db.Building(r.Context(), principal(r), *req.BuildingID); err != nil {
			return err
		}
		in.BuildingID = *req.BuildingID
	}
	if req.Unit != nil {
		in.Unit = *req.Unit
	}
	if req.Floor != nil {
		in.Floor = *req.Floor
	}
	if req.Room != nil {
		in.Room = *req.Room
	}
	if req.Address != nil {
		in.Address = *req.Address
	}
	if req.Area != nil {
		in.Area = *req.Area
	}
	if req.Use != nil {
		in.Use = register.HouseUse(*req.Use)
	}
	if req.OwnerName != nil {
		in.OwnerName = *req.OwnerName
	}
	if _, err := s.db.UpdateHouse(r.Context(), principal(r), h.ID, in, req.Version); err != nil {
		return err
	}
	return s.writeHouse(w, r, http.StatusOK, h.ID)
}

func (s *Server) apiHouseRetire(w http.ResponseWriter, r *http.Request) error {
	return apiLifecycle(w, r, s.db.House, s.db.RetireHouse, s.writeHouse)
}

func (s *Server) apiHouseRestore(w http.ResponseWriter, r *http.Request) error {
	return apiLifecycle(w, r, s.db.House, s.db.RestoreHouse, s.writeHouse)
}

func (s *Server) apiHouseHistory(w http.ResponseWriter, r *http.Request) error {
	h, err := s.pathHouse(r)
	if err != nil {
		return err
	}
	return s.writeRegisterHistory(w, r, "house", h.ID)
}
