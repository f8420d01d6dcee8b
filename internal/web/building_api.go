package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

// buildingAPIRoutes are the JSON API of the buildings register. Reading needs
// register.view, changes register.edit; the store checks the scope.
func (s *Server) buildingAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/buildings", account.RegisterView, s.apiBuildings, apiDoc{
			Summary: "List buildings in the caller's scope, in id order", Tag: "buildings", Response: buildingListResponse{},
			Query: []param{
				{"under", "integer", "In this place and below"},
				{"kind", "string", "residential, commercial, mixed, public or other"},
				{"q", "string", "Name or address contains"},
				{"include_retired", "boolean", "Include retired buildings (default false)"},
				{"after", "integer", "Keyset pagination: buildings with a larger id (the next_after of the previous page)"},
				{"limit", "integer", "At most this many (default 50, at most 500)"},
			}}),
		api("POST", "/api/v1/buildings", account.RegisterEdit, s.apiBuildingCreate, apiDoc{
			Summary: "Add a building to a grid or micro-grid in the caller's scope", Tag: "buildings",
			Request: buildingRequest{}, Response: buildingResponse{}, Status: http.StatusCreated}),
		api("GET", "/api/v1/buildings/{id}", account.RegisterView, s.apiBuilding, apiDoc{
			Summary: "One building", Tag: "buildings", Response: buildingResponse{}}),
		api("PATCH", "/api/v1/buildings/{id}", account.RegisterEdit, s.apiBuildingUpdate, apiDoc{
			Summary: "Change a building; fields left out keep their values", Tag: "buildings",
			Request: buildingPatchRequest{}, Response: buildingResponse{}}),
		api("POST", "/api/v1/buildings/{id}/retire", account.RegisterEdit, s.apiBuildingRetire, apiDoc{
			Summary: "Retire a building (demolished or merged) once it has no houses in use", Tag: "buildings",
			Request: treeVersionRequest{}, Response: buildingResponse{}}),
		api("POST", "/api/v1/buildings/{id}/restore", account.RegisterEdit, s.apiBuildingRestore, apiDoc{
			Summary: "Bring a retired building back", Tag: "buildings",
			Request: treeVersionRequest{}, Response: buildingResponse{}}),
		api("GET", "/api/v1/buildings/{id}/history", account.RegisterView, s.apiBuildingHistory, apiDoc{
			Summary: "The changes to a building, newest first", Tag: "buildings", Response: registerHistoryResponse{}}),
		api("GET", "/api/v1/buildings/{id}/houses", account.RegisterView, s.apiBuildingHouses, apiDoc{
			Summary: "Every house of a building, by unit, floor and room", Tag: "buildings", Response: houseListResponse{},
			Query: []param{{"include_retired", "boolean", "Include retired houses (default false)"}}}),
		api("GET", "/api/v1/buildings/{id}/plates.svg", account.RegisterView, s.apiBuildingPlatesSVG, apiDoc{
			Summary: "One A4 page of the building's QR door plates as SVG (image/svg+xml), 8 plates a page", Tag: "buildings",
			Query: []param{{"page", "integer", "The page, from 1 (default 1); the X-Total-Pages header says how many there are"}}}),
		api("GET", "/api/v1/buildings/{id}/plates.html", account.RegisterView, s.buildingPlatesHTML, apiDoc{
			Summary: "All the building's QR door plates as one printable HTML document (text/html), A4 pages", Tag: "buildings"}),
	}
}

// apiPoint is a WGS-84 position in the API.
type apiPoint struct {
	Lng float64 `json:"lng" doc:"Longitude, WGS-84"`
	Lat float64 `json:"lat" doc:"Latitude, WGS-84"`
}

func pointJSON(p *geo.Point) *apiPoint {
	if p == nil {
		return nil
	}
	return &apiPoint{Lng: p.Lng, Lat: p.Lat}
}

func (p *apiPoint) geo() *geo.Point {
	if p == nil {
		return nil
	}
	return &geo.Point{Lng: p.Lng, Lat: p.Lat}
}

// buildingResponse is a building in the API.
type buildingResponse struct {
	ID          int64      `json:"id"`
	NodeID      int64      `json:"node_id" doc:"The grid or micro-grid it stands in"`
	Name        string     `json:"name"`
	Address     string     `json:"address"`
	Location    *apiPoint  `json:"location,omitempty" doc:"WGS-84; absent when not surveyed"`
	FloorsAbove int        `json:"floors_above"`
	FloorsBelow int        `json:"floors_below"`
	Kind        string     `json:"kind"`
	KindName    string     `json:"kind_name" doc:"In the caller's language"`
	Retired     bool       `json:"retired"`
	RetiredAt   *time.Time `json:"retired_at,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
	Version     int        `json:"version" doc:"Send it back with every change (optimistic locking)"`
}

type buildingListResponse struct {
	Items     []buildingResponse `json:"items"`
	NextAfter int64              `json:"next_after,omitempty" doc:"Pass as after= for the next page; absent on the last page"`
}

type buildingRequest struct {
	NodeID      int64     `json:"node_id" doc:"A grid or micro-grid in the caller's scope"`
	Name        string    `json:"name" doc:"Unique in the grid, at most 30 characters, e.g. 12幢"`
	Address     string    `json:"address"`
	Location    *apiPoint `json:"location,omitempty" doc:"WGS-84, inside China"`
	FloorsAbove int       `json:"floors_above" doc:"1 to 200"`
	FloorsBelow int       `json:"floors_below,omitempty" doc:"0 to 20"`
	Kind        string    `json:"kind" doc:"residential, commercial, mixed, public or other"`
}

type buildingPatchRequest struct {
	NodeID        *int64    `json:"node_id,omitempty" doc:"Move it (and its houses) to another grid"`
	Name          *string   `json:"name,omitempty"`
	Address       *string   `json:"address,omitempty"`
	Location      *apiPoint `json:"location,omitempty"`
	ClearLocation bool      `json:"clear_location,omitempty" doc:"Remove the position"`
	FloorsAbove   *int      `json:"floors_above,omitempty"`
	FloorsBelow   *int      `json:"floors_below,omitempty"`
	Kind          *string   `json:"kind,omitempty"`
	Version       int       `json:"version" doc:"The version read"`
}

// registerHistoryEntry is one change in a register record's history.
type registerHistoryEntry struct {
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Action  string    `json:"action" doc:"e.g. building.update"`
	Summary string    `json:"summary" doc:"The action in the caller's language"`
	Changes []string  `json:"changes" doc:"field: old → new, in the caller's language"`
}

type registerHistoryResponse struct {
	Items []registerHistoryEntry `json:"items"`
}

func buildingJSON(lang i18n.Lang, b *register.Building) buildingResponse {
	return buildingResponse{ID: b.ID, NodeID: b.NodeID, Name: b.Name, Address: b.Address, Location: pointJSON(b.Location),
		FloorsAbove: b.FloorsAbove, FloorsBelow: b.FloorsBelow, Kind: string(b.Kind), KindName: i18n.T(lang, b.Kind.Key()),
		Retired: b.IsRetired(), RetiredAt: b.Retired, CreatedAt: b.Created, UpdatedAt: b.Updated, Version: b.Version}
}

func (s *Server) writeBuilding(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	b, err := s.db.Building(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/buildings/"+strconv.FormatInt(b.ID, 10))
	}
	writeJSON(w, status, buildingJSON(state(r).lang, b))
	return nil
}

// buildingFilterFrom reads a buildings listing's filters from the query string.
func buildingFilterFrom(q url.Values, retiredParam string) (store.BuildingFilter, error) {
	var v errs.Validation
	f := store.BuildingFilter{RegisterFilter: store.RegisterFilter{Query: strings.TrimSpace(q.Get("q"))}}
	v.MaxLen("q", f.Query, 60)
	if k := register.BuildingKind(strings.TrimSpace(q.Get("kind"))); k != "" {
		v.Check(k.Valid(), "kind", "err.choose_one")
		f.Kind = k
	}
	f.Under = queryIDField(&v, q, "under")
	f.AfterID = queryIDField(&v, q, "after")
	f.IncludeRetired = boolField(&v, q, retiredParam)
	return f, v.Err()
}

// boolField reads an optional boolean query parameter.
func boolField(v *errs.Validation, q url.Values, name string) bool {
	switch q.Get(name) {
	case "", "0", "false", "off":
		return false
	case "1", "true", "on":
		return true
	}
	v.Add(name, "tree.err.bool")
	return false
}

func (s *Server) apiBuildings(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := buildingFilterFrom(q, "include_retired")
	var v errs.Validation
	limit := queryLimit(&v, q, 50)
	if err == nil {
		err = v.Err()
	}
	if err != nil {
		return err
	}
	f.Limit = limit + 1
	bs, err := s.db.ListBuildings(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	out := buildingListResponse{Items: []buildingResponse{}}
	bs, out.NextAfter = idPage(bs, limit, buildingID)
	for _, b := range bs {
		out.Items = append(out.Items, buildingJSON(state(r).lang, b))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiBuilding(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeBuilding(w, r, http.StatusOK, id)
}

func (s *Server) apiBuildingCreate(w http.ResponseWriter, r *http.Request) error {
	var req buildingRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.NodeID != 0 {
		// A place outside the caller's scope is not theirs to see: not found.
		if _, err := s.db.Node(r.Context(), principal(r), req.NodeID); err != nil {
			return err
		}
	}
	b, err := s.db.CreateBuilding(r.Context(), principal(r), register.BuildingInput{NodeID: req.NodeID, Name: req.Name,
		Address: req.Address, Location: req.Location.geo(), FloorsAbove: req.FloorsAbove, FloorsBelow: req.FloorsBelow,
		Kind: register.BuildingKind(req.Kind)})
	if err != nil {
		return err
	}
	return s.writeBuilding(w, r, http.StatusCreated, b.ID)
}

// pathBuilding reads the {id} building of the request, if the caller may see it.
func (s *Server) pathBuilding(r *http.Request) (*register.Building, error) {
	return recordFromPath(r, s.db.Building)
}

// buildingInputOf is the input that leaves a building as it is.
func buildingInputOf(b *register.Building) register.BuildingInput {
	return register.BuildingInput{NodeID: b.NodeID, Name: b.Name, Address: b.Address, Location: b.Location,
		FloorsAbove: b.FloorsAbove, FloorsBelow: b.FloorsBelow, Kind: b.Kind}
}

func (s *Server) apiBuildingUpdate(w http.ResponseWriter, r *http.Request) error {
	var req buildingPatchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	b, err := recordToChange(r, s.db.Building, req.Version)
	if err != nil {
		return err
	}
	in := buildingInputOf(b)
	if req.NodeID != nil && *req.NodeID != b.NodeID {
		if _, err := s.db.Node(r.Context(), principal(r), *req.NodeID); err != nil {
			return err
		}
		in.NodeID = *req.NodeID
	}
	if req.Name != nil {
		in.Name = *req.Name
	}
	if req.Address != nil {
		in.Address = *req.Address
	}
	if req.Location != nil {
		in.Location = req.Location.geo()
	}
	if req.ClearLocation {
		in.Location = nil
	}
	if req.FloorsAbove != nil {
		in.FloorsAbove = *req.FloorsAbove
	}
	if req.FloorsBelow != nil {
		in.FloorsBelow = *req.FloorsBelow
	}
	if req.Kind != nil {
		in.Kind = register.BuildingKind(*req.Kind)
	}
	if _, err := s.db.UpdateBuilding(r.Context(), principal(r), b.ID, in, req.Version); err != nil {
		return err
	}
	return s.writeBuilding(w, r, http.StatusOK, b.ID)
}

// apiLifecycle answers a retire or restore of the {id} record get reads: change makes
// it at the version the body gives, write answers with the record as it now is.
func apiLifecycle[T any](w http.ResponseWriter, r *http.Request, get func(context.Context, *account.Principal, int64) (T, error),
	change func(context.Context, *account.Principal, int64, int) error, write func(http.ResponseWriter, *http.Request, int, int64) error) error {
	var req treeVersionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if _, err := get(r.Context(), principal(r), id); err != nil {
		return err
	}
	if req.Version <= 0 {
		return errs.FieldInvalid("version", "err.required")
	}
	if err := change(r.Context(), principal(r), id, req.Version); err != nil {
		return err
	}
	return write(w, r, http.StatusOK, id)
}

func (s *Server) apiBuildingRetire(w http.ResponseWriter, r *http.Request) error {
	return apiLifecycle(w, r, s.db.Building, s.db.RetireBuilding, s.writeBuilding)
}

func (s *Server) apiBuildingRestore(w http.ResponseWriter, r *http.Request) error {
	return apiLifecycle(w, r, s.db.Building, s.db.RestoreBuilding, s.writeBuilding)
}

func (s *Server) apiBuildingHistory(w http.ResponseWriter, r *http.Request) error {
	b, err := s.pathBuilding(r)
	if err != nil {
		return err
	}
	return s.writeRegisterHistory(w, r, "building", b.ID)
}

// writeRegisterHistory answers with the history of a building or house.
func (s *Server) writeRegisterHistory(w http.ResponseWriter, r *http.Request, entity string, id int64) error {
	items, err := s.registerHistory(r, entity, id)
	if err != nil {
		return err
	}
	out := registerHistoryResponse{Items: []registerHistoryEntry{}}
	for _, it := range items {
		changes := it.Changes
		if changes == nil {
			changes = []string{}
		}
		out.Items = append(out.Items, registerHistoryEntry{At: it.At, Actor: it.Actor, Action: it.Code, Summary: it.Action, Changes: changes})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiBuildingHouses(w http.ResponseWriter, r *http.Request) error {
	var v errs.Validation
	retired := boolField(&v, r.URL.Query(), "include_retired")
	if err := v.Err(); err != nil {
		return err
	}
	b, err := s.pathBuilding(r)
	if err != nil {
		return err
	}
	hs, err := s.db.ListHouses(r.Context(), principal(r), store.HouseFilter{
		RegisterFilter: store.RegisterFilter{ParentID: b.ID, IncludeRetired: retired}, Whole: true})
	if err != nil {
		return err
	}
	out := houseListResponse{Items: []houseResponse{}}
	for _, h := range hs {
		out.Items = append(out.Items, houseJSON(state(r).lang, h))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}
