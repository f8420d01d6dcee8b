package web

import (
	"net/http"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/store"
)

func (s *Server) rentalAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/rentals", account.RegisterView, s.apiRentals, apiDoc{Summary: "List rental registrations (出租登记) in " +
			"the caller's scope, ordered by grid; with expiring_within, those in force whose last day is that many days away " +
			"or less, soonest first", Tag: "rentals", Query: []param{
			{"node", "integer", "Only registrations of this place and below"},
			{"house", "integer", "Only registrations of this house"},
			{"tenant", "integer", "Only registrations of this tenant"},
			{"status", "string", "active (covering today), expired or future"},
			{"expiring_within", "integer", "Days, 0–366: registrations about to expire (other filters but node ignored)"},
			{"include_retired", "boolean", "Also cancelled registrations"},
			{"after", "string", "The next_after of the previous page"},
			{"limit", "integer", "Page size, 1–500 (default 50)"},
		}, Response: rentalListResponse{}}),
		api("POST", "/api/v1/rentals", account.RegisterEdit, s.apiCreateRental, apiDoc{Summary: "Register a tenant in a house " +
			"for a period of at most three years", Tag: "rentals", Request: rentalRequest{}, Response: rentalResponse{},
			Status: http.StatusCreated}),
		api("GET", "/api/v1/rentals/{id}", account.RegisterView, s.apiRental, apiDoc{Summary: "One rental registration",
			Tag: "rentals", Response: rentalResponse{}}),
		api("PATCH", "/api/v1/rentals/{id}", account.RegisterEdit, s.apiUpdateRental, apiDoc{Summary: "Correct a registration; " +
			"an earlier end records a tenancy that ended early", Tag: "rentals", Request: rentalPatchRequest{}, Response: rentalResponse{}}),
		api("POST", "/api/v1/rentals/{id}/retire", account.RegisterEdit, s.apiRetireRental, apiDoc{Summary: "Cancel a " +
			"registration", Tag: "rentals", Request: versionRequest{}, Response: rentalResponse{}}),
		api("GET", "/api/v1/rentals/{id}/history", account.RegisterView, s.apiRecordHistory("rental"), apiDoc{Summary: "The " +
			"changes to a registration, newest first", Tag: "rentals", Response: historyResponse{}}),
	}
}

type rentalResponse struct {
	ID       int64      `json:"id"`
	NodeID   int64      `json:"node_id" doc:"The house's grid"`
	HouseID  int64      `json:"house_id"`
	TenantID int64      `json:"tenant_id"`
	Start    string     `json:"start" doc:"YYYY-MM-DD"`
	End      string     `json:"end" doc:"The last day covered"`
	Active   bool       `json:"active"`
	Retired  *time.Time `json:"retired_at,omitempty"`
	Created  time.Time  `json:"created_at"`
	Updated  time.Time  `json:"updated_at"`
	Version  int        `json:"version"`
}

type rentalListResponse struct {
	Rentals   []rentalResponse `json:"rentals"`
	NextAfter string           `json:"next_after,omitempty" doc:"Pass as after= for the next page; absent on the last page"`
}

type rentalRequest struct {
	HouseID  int64  `json:"house_id"`
	TenantID int64  `json:"tenant_id" doc:"A registered resident"`
	Start    string `json:"start" doc:"YYYY-MM-DD"`
	End      string `json:"end" doc:"The last day covered, YYYY-MM-DD"`
}

type rentalPatchRequest struct {
	HouseID  *int64  `json:"house_id,omitempty"`
	TenantID *int64  `json:"tenant_id,omitempty"`
	Start    *string `json:"start,omitempty"`
	End      *string `json:"end,omitempty"`
	Version  *int    `json:"version" doc:"The version read (required)"`
}

func (s *Server) rentalJSON(x *register.Rental) rentalResponse {
	return rentalResponse{ID: x.ID, NodeID: x.NodeID, HouseID: x.HouseID, TenantID: x.TenantID, Start: x.Start.Format(time.DateOnly),
		End: x.End.Format(time.DateOnly), Active: x.Active(s.db.Clock().Now()), Retired: x.Retired, Created: x.Created,
		Updated: x.Updated, Version: x.Version}
}

// rentalDate reads a required rental date; a missing one is left for Validate to report.
func rentalDate(v *errs.Validation, field, s string) time.Time {
	if d := parseDateField(v, field, s); d != nil {
		return *d
	}
	return time.Time{}
}

func (s *Server) apiRentals(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	var v errs.Validation
	f := store.RentalFilter{Under: queryIDField(&v, q, "node"), HouseID: queryIDField(&v, q, "house"), TenantID: queryIDField(&v, q, "tenant"),
		Status: q.Get("status"), IncludeRetired: queryBool(q, "include_retired"), Limit: queryLimit(&v, q, 50)}
	switch f.Status {
	case "", store.RentalsActive, store.RentalsExpired, store.RentalsFuture:
	default:
		v.Add("status", "err.choose_one")
	}
	c, err := store.ParsePathCursor(q.Get("after"))
	if err != nil {
		v.Add("after", "err.cursor")
	}
	f.After = c
	expiring := q.Has("expiring_within")
	days := queryNumber(&v, q, "expiring_within", store.MaxExpiringDays)
	if err := v.Err(); err != nil {
		return err
	}
	var rs []*register.Rental
	var next store.PathCursor
	if expiring {
		rs, err = s.db.ExpiringRentals(r.Context(), principal(r), f.Under, days, 500)
	} else {
		rs, next, err = s.db.Rentals(r.Context(), principal(r), f)
	}
	if err != nil {
		return err
	}
	out := rentalListResponse{Rentals: []rentalResponse{}, NextAfter: next.String()}
	for _, x := range rs {
		out.Rentals = append(out.Rentals, s.rentalJSON(x))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiCreateRental(w http.ResponseWriter, r *http.Request) error {
	var req rentalRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	in := register.RentalInput{HouseID: req.HouseID, TenantID: req.TenantID, Start: rentalDate(&v, "start", req.Start),
		End: rentalDate(&v, "end", req.End)}
	x, err := s.db.CreateRental(r.Context(), principal(r), in)
	if err != nil || !v.OK() {
		return bothErrs(&v, err)
	}
	writeJSON(w, http.StatusCreated, s.rentalJSON(x))
	return nil
}

func (s *Server) rentalFromPath(r *http.Request) (*register.Rental, error) {
	return recordFromPath(r, s.db.Rental)
}

func (s *Server) apiRental(w http.ResponseWriter, r *http.Request) error {
	x, err := s.rentalFromPath(r)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.rentalJSON(x))
	return nil
}

func (s *Server) apiUpdateRental(w http.ResponseWriter, r *http.Request) error {
	x, err := s.rentalFromPath(r)
	if err != nil {
		return err
	}
	var req rentalPatchRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var v errs.Validation
	in := register.RentalInput{HouseID: x.HouseID, TenantID: x.TenantID, Start: x.Start, End: x.End}
	if req.HouseID != nil {
		in.HouseID = *req.HouseID
	}
	if req.TenantID != nil {
		in.TenantID = *req.TenantID
	}
	if req.Start != nil {
		in.Start = rentalDate(&v, "start", *req.Start)
	}
	if req.End != nil {
		in.End = rentalDate(&v, "end", *req.End)
	}
	version := requireVersion(&v, req.Version)
	if err := v.Err(); err != nil {
		return err
	}
	if x, err = s.db.UpdateRental(r.Context(), principal(r), x.ID, in, version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.rentalJSON(x))
	return nil
}

func (s *Server) apiRetireRental(w http.ResponseWriter, r *http.Request) error {
	x, err := s.rentalFromPath(r)
	if err != nil {
		return err
	}
	version, err := requiredVersion(r)
	if err != nil {
		return err
	}
	if x, err = s.db.RetireRental(r.Context(), principal(r), x.ID, version); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.rentalJSON(x))
	return nil
}
