package web

import (
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

// The facility register (部件) under /api/v1/facilities, its class catalogue and the map
// layer of facilities. Storage checks permission and scope on every call.

func (s *Server) facilityAPIRoutes() []route {
	filters := []param{
		{"node", "integer", "Only facilities of this place and below"},
		{"major", "string", "Major class, 2 digits (GB/T 30428)"},
		{"minor", "string", "Minor class, 4 digits"},
		{"condition", "string", "good, damaged, missing, occupied or abandoned"},
		{"q", "string", "Address contains, or code starts with"},
		{"code", "string", "This 16-digit code exactly"},
		{"owner_org", "integer", "Owned by this organisation"},
		{"retired", "boolean", "1 to include retired facilities"},
		{"after", "string", "Keyset pagination: next_after of the previous page"},
		{"limit", "integer", "Page size, 1–500 (default 50)"},
	}
	return []route{
		api("GET", "/api/v1/facilities", account.RegisterView, s.apiFacilities, apiDoc{Summary: "List the facilities in the " +
			"caller's scope, by grid", Tag: "facilities", Query: filters, Response: facilityListResponse{}}),
		api("POST", "/api/v1/facilities", account.RegisterEdit, s.apiCreateFacility, apiDoc{Summary: "Register a facility; " +
			"without a code it is given the next serial of its district and class", Tag: "facilities", Request: facilityRequest{},
			Response: facilityResponse{}, Status: http.StatusCreated}),
		api("GET", "/api/v1/facilities/{id}", account.RegisterView, s.apiFacility, apiDoc{Summary: "One facility",
			Tag: "facilities", Response: facilityResponse{}}),
		api("PATCH", "/api/v1/facilities/{id}", account.RegisterEdit, s.apiUpdateFacility, apiDoc{Summary: "Change a facility; " +
			"absent fields keep their value, and a change of district or class gives a new code", Tag: "facilities",
			Request: facilityPatchRequest{}, Response: facilityResponse{}}),
		api("POST", "/api/v1/facilities/{id}/retire", account.RegisterEdit, s.apiFacilityRetire(true), apiDoc{Summary: "Mark a " +
			"facility removed", Tag: "facilities", Request: versionRequest{}, Response: facilityResponse{}}),
		api("POST", "/api/v1/facilities/{id}/restore", account.RegisterEdit, s.apiFacilityRetire(false), apiDoc{Summary: "Bring " +
			"a retired facility back", Tag: "facilities", Request: versionRequest{}, Response: facilityResponse{}}),
		api("GET", "/api/v1/facility-classes", account.RegisterView, s.apiFacilityClasses, apiDoc{Summary: "The facility " +
			"classes in use (GB/T 30428 major and minor classes) and the conditions, for pickers", Tag: "facilities",
			Response: facilityClassesResponse{}}),
		api("GET", "/api/v1/map/facilities", account.RegisterView, s.apiMapFacilities, apiDoc{Summary: "The active facilities " +
			"of the caller's scope inside a box, as a GeoJSON FeatureCollection of points (WGS-84)", Tag: "map",
			Query: []param{{"bbox", "string", "lng1,lat1,lng2,lat2 (required)"},
				{"limit", "integer", "At most this many (default and maximum 5000); truncated says when more were left out"}},
			Response: facilityCollection{}}),
	}
}

type facilityResponse struct {
	ID            int64        `json:"id"`
	NodeID        int64        `json:"node_id"`
	Major         string       `json:"major"`
	MajorName     string       `json:"major_name"`
	Minor         string       `json:"minor"`
	MinorName     string       `json:"minor_name"`
	Code          string       `json:"code" doc:"16 digits: district, class, serial"`
	Location      locationJSON `json:"location" doc:"WGS-84"`
	Address       string       `json:"address,omitempty"`
	OwnerUnitID   int64        `json:"owner_unit_id,omitempty"`
	OwnerOrgID    int64        `json:"owner_org_id,omitempty"`
	Condition     string       `json:"condition"`
	ConditionName string       `json:"condition_name"`
	Retired       *time.Time   `json:"retired_at,omitempty"`
	Created       time.Time    `json:"created_at"`
	Updated       time.Time    `json:"updated_at"`
	Version       int          `json:"version" doc:"Send back with PATCH, retire and restore to refuse lost updates"`
}

type facilityListResponse struct {
	Facilities []facilityResponse `json:"facilities"`
	NextAfter  string             `json:"next_after,omitempty" doc:"Pass as after= for the next page; absent on the last page"`
}

type facilityRequest struct {
	NodeID      int64         `json:"node_id" doc:"A grid or micro-grid in the caller's scope"`
	Major       string        `json:"major"`
	Minor       string        `json:"minor"`
	Code        string        `json:"code,omitempty" doc:"The existing code of a surveyed facility; empty for a new one"`
	Location    *locationJSON `json:"location"`
	Address     string        `json:"address,omitempty"`
	OwnerUnitID int64         `json:"owner_unit_id,omitempty"`
	OwnerOrgID  int64         `json:"owner_org_id,omitempty"`
	Condition   string        `json:"condition"`
}

type facilityPatchRequest struct {
	NodeID      *int64        `json:"node_id,omitempty"`
	Major       *string       `json:"major,omitempty"`
	Minor       *string       `json:"minor,omitempty"`
	Code        *string       `json:"code,omitempty"`
	Location    *locationJSON `json:"location,omitempty"`
	Address     *string       `json:"address,omitempty"`
	OwnerUnitID *int64        `json:"owner_unit_id,omitempty" doc:"0 for none"`
	OwnerOrgID  *int64        `json:"owner_org_id,omitempty" doc:"0 for none"`
	Condition   *string       `json:"condition,omitempty"`
	Version     *int          `json:"version,omitempty" doc:"The version read; when given, a changed facility is refused (409)"`
}

type facilityClassJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type facilityMajorJSON struct {
	Code    string              `json:"code"`
	Name    string              `json:"name"`
	Classes []facilityClassJSON `json:"classes"`
}

type facilityClassesResponse struct {
	Majors     []facilityMajorJSON `json:"majors"`
	Conditions []facilityClassJSON `json:"conditions"`
}

type facilityCollection struct {
	Type      string            `json:"type" doc:"FeatureCollection"`
	Features  []facilityFeature `json:"features"`
	Truncated bool              `json:"truncated,omitempty" doc:"More facilities lie in the box than were returned"`
}

type facilityFeature struct {
	Type       string        `json:"type" doc:"Feature"`
	ID         int64         `json:"id"`
	Geometry   pointGeometry `json:"geometry"`
	Properties facilityProps `json:"properties"`
}

type pointGeometry struct {
	Type        string     `json:"type" doc:"Point"`
	Coordinates [2]float64 `json:"coordinates" doc:"[longitude, latitude], WGS-84"`
}

type facilityProps struct {
	Class         string `json:"class"`
	ClassName     string `json:"class_name"`
	Code          string `json:"code"`
	Condition     string `json:"condition"`
	ConditionName string `json:"condition_name"`
}

func facilityJSON(lang i18n.Lang, f *register.Facility) facilityResponse {
	major := f.Class.Major()
	return facilityResponse{ID: f.ID, NodeID: f.NodeID, Major: string(major), MajorName: i18n.T(lang, major.Key()),
		Minor: string(f.Class), MinorName: i18n.T(lang, f.Class.Key()), Code: f.Code,
		Location: locationJSON{Lng: f.Location.Lng, Lat: f.Location.Lat}, Address: f.Address, OwnerUnitID: f.OwnerUnitID,
		OwnerOrgID: f.OwnerOrgID, Condition: string(f.Condition), ConditionName: i18n.T(lang, f.Condition.Key()),
		Retired: f.Retired, Created: f.Created, Updated: f.Updated, Version: f.Version}
}

// facilityFilterFrom reads the facility list's filters from a query.
func facilityFilterFrom(q url.Values) (store.FacilityFilter, error) {
	var v errs.Validation
	f := store.FacilityFilter{Query: strings.TrimSpace(q.Get("q")), Code: strings.TrimSpace(q.Get("code")),
		Under: queryIDField(&v, q, "node"), OwnerOrgID: queryIDField(&v, q, "owner_org"),
		IncludeRetired: q.Get("retired") == "1" || q.Get("retired") == "true"}
	if m := strings.TrimSpace(q.Get("major")); m != "" {
		f.Major = register.FacilityMajor(m)
		v.Check(f.Major.Valid(), "major", "err.choose_one")
	}
	if c := strings.TrimSpace(q.Get("minor")); c != "" {
		f.Minor = register.FacilityClass(c)
		v.Check(f.Minor.WellFormed(), "minor", register.ErrFacilityClass.Key())
	}
	if c := strings.TrimSpace(q.Get("condition")); c != "" {
		f.Condition = register.FacilityCondition(c)
		v.Check(f.Condition.Valid(), "condition", "err.choose_one")
	}
	after, err := store.ParsePathCursor(q.Get("after"))
	if err != nil {
		return f, err
	}
	f.After = after
	return f, v.Err()
}

func (s *Server) apiFacilities(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := facilityFilterFrom(q)
	if err != nil {
		return err
	}
	var v errs.Validation
	f.Limit = queryLimit(&v, q, registerPageSize)
	if err := v.Err(); err != nil {
		return err
	}
	fs, next, err := s.db.Facilities(r.Context(), principal(r), f)
	if err != nil {
		return err
	}
	out := facilityListResponse{Facilities: []facilityResponse{}, NextAfter: next.String()}
	for _, x := range fs {
		out.Facilities = append(out.Facilities, facilityJSON(state(r).lang, x))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCreateFacility(w http.ResponseWriter, r *http.Request) error {
	var req facilityRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	in := register.FacilityInput{NodeID: req.NodeID, Major: register.FacilityMajor(req.Major), Minor: register.FacilityClass(req.Minor),
		Code: req.Code, Location: req.Location.point(), Address: req.Address, OwnerUnitID: req.OwnerUnitID, OwnerOrgID: req.OwnerOrgID,
		Condition: register.FacilityCondition(req.Condition)}
	f, err := s.db.CreateFacility(r.Context(), principal(r), in)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, facilityJSON(state(r).lang, f))
	return nil
}

func (s *Server) facilityFromPath(r *http.Request) (*register.Facility, error) {
	return recordFromPath(r, s.db.Facility)
}

func (s *Server) apiFacility(w http.ResponseWriter, r *http.Request) error {
	f, err := s.facilityFromPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, facilityJSON(state(r).lang, f))
	return nil
}

// facilityInputOf is the input that leaves a facility as it is; its code is left empty,
// so storage keeps it while it fits.
func facilityInputOf(f *register.Facility) register.FacilityInput {
	loc := f.Location
	return register.FacilityInput{NodeID: f.NodeID, Major: f.Class.Major(), Minor: f.Class, Location: &loc, Address: f.Address,
		OwnerUnitID: f.OwnerUnitID, OwnerOrgID: f.OwnerOrgID, Condition: f.Condition}
}

func (s *Server) apiUpdateFacility(w http.ResponseWriter, r *http.Request) error {
	f, err := s.facilityFromPath(r)
	if err != nil {
		return err
	}
	var req facilityPatchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	in := facilityInputOf(f)
	set(&in.NodeID, req.NodeID)
	if req.Minor != nil {
		in.Minor = register.FacilityClass(*req.Minor)
		in.Major = in.Minor.Major()
	}
	if req.Major != nil {
		in.Major = register.FacilityMajor(*req.Major)
	}
	set(&in.Code, req.Code)
	if req.Location != nil {
		in.Location = req.Location.point()
	}
	set(&in.Address, req.Address)
	set(&in.OwnerUnitID, req.OwnerUnitID)
	set(&in.OwnerOrgID, req.OwnerOrgID)
	if req.Condition != nil {
		in.Condition = register.FacilityCondition(*req.Condition)
	}
	version := f.Version
	set(&version, req.Version)
	if f, err = s.db.UpdateFacility(r.Context(), principal(r), f.ID, in, version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, facilityJSON(state(r).lang, f))
	return nil
}

func (s *Server) apiFacilityRetire(retire bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := s.facilityFromPath(r)
		if err != nil {
			return err
		}
		change := s.db.RestoreFacility
		if retire {
			change = s.db.RetireFacility
		}
		if f, err = changeAtVersion(r, f.ID, f.Version, change); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, facilityJSON(state(r).lang, f))
		return nil
	}
}

// facilityCatalogue is the class catalogue in the caller's language.
func facilityCatalogue(lang i18n.Lang) facilityClassesResponse {
	var out facilityClassesResponse
	for _, m := range register.FacilityMajors {
		mj := facilityMajorJSON{Code: string(m), Name: i18n.T(lang, m.Key()), Classes: []facilityClassJSON{}}
		for _, c := range register.FacilityClasses {
			if c.Major() == m {
				mj.Classes = append(mj.Classes, facilityClassJSON{Code: string(c), Name: i18n.T(lang, c.Key())})
			}
		}
		out.Majors = append(out.Majors, mj)
	}
	for _, c := range register.FacilityConditions {
		out.Conditions = append(out.Conditions, facilityClassJSON{Code: string(c), Name: i18n.T(lang, c.Key())})
	}
	return out
}

func (s *Server) apiFacilityClasses(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, max-age=300")
	writeJSON(w, http.StatusOK, facilityCatalogue(state(r).lang))
	return nil
}

// parseBBox reads "lng1,lat1,lng2,lat2" (corners in either order) as a box.
func parseBBox(s string) (geo.BBox, error) {
	parts := strings.Split(s, ",")
	if strings.TrimSpace(s) == "" {
		return geo.BBox{}, errs.FieldInvalid("bbox", "err.required")
	}
	if len(parts) != 4 {
		return geo.BBox{}, errs.FieldInvalid("bbox", "err.bbox")
	}
	var f [4]float64
	for i, p := range parts {
		v, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || v != v || v > 180 || v < -180 || (i%2 == 1 && (v > 90 || v < -90)) {
			return geo.BBox{}, errs.FieldInvalid("bbox", "err.bbox")
		}
		f[i] = v
	}
	return geo.BBox{MinLng: min(f[0], f[2]), MinLat: min(f[1], f[3]), MaxLng: max(f[0], f[2]), MaxLat: max(f[1], f[3])}, nil
}

func (s *Server) apiMapFacilities(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	box, err := parseBBox(q.Get("bbox"))
	if err != nil {
		return err
	}
	var v errs.Validation
	limit := int(queryIDField(&v, q, "limit"))
	if err := v.Err(); err != nil {
		return err
	}
	if limit <= 0 || limit > store.MaxMapFacilities {
		limit = store.MaxMapFacilities
	}
	pts, err := s.db.FacilitiesInBox(r.Context(), principal(r), box, limit+1)
	if err != nil {
		return err
	}
	lang := state(r).lang
	fc := facilityCollection{Type: "FeatureCollection", Features: make([]facilityFeature, 0, len(pts))}
	if len(pts) > limit {
		pts, fc.Truncated = pts[:limit], true
	}
	for _, p := range pts {
		fc.Features = append(fc.Features, facilityFeature{Type: "Feature", ID: p.ID,
			Geometry: pointGeometry{Type: "Point", Coordinates: [2]float64{p.Location.Lng, p.Location.Lat}},
			Properties: facilityProps{Class: string(p.Class), ClassName: i18n.T(lang, p.Class.Key()), Code: p.Code,
				Condition: string(p.Condition), ConditionName: i18n.T(lang, p.Condition.Key())}})
	}
	writeJSON(w, http.StatusOK, fc)
	return nil
}
