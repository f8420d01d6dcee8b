package web_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the residents' registers: register.view and register.edit
// in scope (administrators, area staff, grid workers), personal.unmask for staff and
// administrators, and a resident's own household for residents only.

var peopleSeq atomic.Int64

// idFor makes a valid ID number from a sequence number.
func idFor(n int64) string {
	// Distinct n give distinct numbers: born in January 1990 (a year later for every
	// 28,000), on day n mod 28, with the rest in the sequence.
	first := fmt.Sprintf("320508%04d01%02d%03d", 1990+n/28000, n%28+1, n/28%1000)
	c, _ := register.IDCheckChar(first)
	return first + string(c)
}

// peoplePerson registers a fresh resident in grid A (in) or B.
func peoplePerson(e *webtest.Env, in bool) *register.Person {
	e.T.Helper()
	grid, _ := treeSide(e, in)
	n := peopleSeq.Add(1)
	p, err := e.DB.CreatePerson(context.Background(), e.Sys, register.PersonInput{NodeID: grid.ID, Name: fmt.Sprintf("居民%d", n),
		RegType: register.Floating, IDNumber: idFor(n*7 + 100000)})
	if err != nil {
		e.T.Fatalf("person: %v", err)
	}
	return p
}

var peopleHouses sync.Map // env and side -> house id

// peopleHouse is a house in grid A or B, made once per test environment.
func peopleHouse(e *webtest.Env, in bool) int64 {
	e.T.Helper()
	key := fmt.Sprintf("%p-%v", e, in)
	if id, ok := peopleHouses.Load(key); ok {
		return id.(int64)
	}
	grid, _ := treeSide(e, in)
	ctx := context.Background()
	b, err := e.DB.CreateBuilding(ctx, e.Sys, register.BuildingInput{NodeID: grid.ID, Name: "授权楼", Address: "x", FloorsAbove: 9, Kind: register.Residential})
	if err != nil {
		e.T.Fatalf("building: %v", err)
	}
	h, err := e.DB.CreateHouse(ctx, e.Sys, register.HouseInput{BuildingID: b.ID, Floor: 1, Room: "101", Area: 50, Use: register.Rented})
	if err != nil {
		e.T.Fatalf("house: %v", err)
	}
	peopleHouses.Store(key, h.ID)
	return h.ID
}

func peopleHousehold(e *webtest.Env, in bool) *register.Household {
	e.T.Helper()
	grid, _ := treeSide(e, in)
	h, err := e.DB.CreateHousehold(context.Background(), e.Sys, register.HouseholdInput{NodeID: grid.ID, Address: "x",
		Members: []register.Member{{PersonID: peoplePerson(e, in).ID, Relation: register.Self}}})
	if err != nil {
		e.T.Fatalf("household: %v", err)
	}
	return h
}

func peopleResidence(e *webtest.Env, in bool) *register.Residence {
	e.T.Helper()
	r, err := e.DB.AddResidence(context.Background(), e.Sys, register.ResidenceInput{PersonID: peoplePerson(e, in).ID,
		HouseID: peopleHouse(e, in), Role: register.Resident})
	if err != nil {
		e.T.Fatalf("residence: %v", err)
	}
	return r
}

func peopleRental(e *webtest.Env, in bool) *register.Rental {
	e.T.Helper()
	r, err := e.DB.CreateRental(context.Background(), e.Sys, register.RentalInput{HouseID: peopleHouse(e, in),
		TenantID: peoplePerson(e, in).ID, Start: register.Date(2026, 1, 1), End: register.Date(2026, 12, 31)})
	if err != nil {
		e.T.Fatalf("rental: %v", err)
	}
	return r
}

var residentHousehold sync.Map

// residentsHousehold registers the fixture resident (by their phone) in a household once.
func residentsHousehold(e *webtest.Env) {
	if _, done := residentHousehold.LoadOrStore(fmt.Sprintf("%p", e), true); done {
		return
	}
	ctx := context.Background()
	p, err := e.DB.CreatePerson(ctx, e.Sys, register.PersonInput{NodeID: e.GridA.ID, Name: "居民本人", RegType: register.Registered,
		IDNumber: idFor(999), Phone: webtest.ResidentPh})
	if err != nil {
		e.T.Fatalf("resident: %v", err)
	}
	if _, err := e.DB.CreateHousehold(ctx, e.Sys, register.HouseholdInput{NodeID: e.GridA.ID, Address: "平江路 1 号",
		Members: []register.Member{{PersonID: p.ID, Relation: register.Self}}}); err != nil {
		e.T.Fatalf("resident household: %v", err)
	}
}

func init() {
	registrars := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in",
		webtest.StaffCommA: "in", webtest.GridWorkerA: "in"}
	unmaskers := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in"}
	get := func(format string, id func(*webtest.Env, bool) int64) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf(format, id(e, in))}
		}
	}
	post := func(method, format string, id func(*webtest.Env, bool) int64, body func(*webtest.Env, bool) any) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			return target{method: method, path: fmt.Sprintf(format, id(e, in)), json: body(e, in)}
		}
	}
	person := func(e *webtest.Env, in bool) int64 { return peoplePerson(e, in).ID }
	household := func(e *webtest.Env, in bool) int64 { return peopleHousehold(e, in).ID }
	residence := func(e *webtest.Env, in bool) int64 { return peopleResidence(e, in).ID }
	rental := func(e *webtest.Env, in bool) int64 { return peopleRental(e, in).ID }
	house := peopleHouse
	node := func(e *webtest.Env, in bool) int64 { g, _ := treeSide(e, in); return g.ID }
	version := func(*webtest.Env, bool) any { return map[string]any{"version": 1} }
	authzCases = append(authzCases,
		authzCase{route: "GET /api/v1/people", allow: registrars, req: get("/api/v1/people?node=%d", node)},
		authzCase{route: "POST /api/v1/people", allow: registrars, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/people", json: map[string]any{"node_id": node(e, in), "name": "新居民",
				"reg_type": "floating", "id_number": idFor(peopleSeq.Add(1)*7 + 500000)}}
		}},
		authzCase{route: "GET /api/v1/people/{id}", allow: registrars, req: get("/api/v1/people/%d", person)},
		authzCase{route: "PATCH /api/v1/people/{id}", allow: registrars, req: post("PATCH", "/api/v1/people/%d", person,
			func(*webtest.Env, bool) any { return map[string]any{"name": "改名", "version": 1} })},
		authzCase{route: "POST /api/v1/people/{id}/retire", allow: registrars, req: post("POST", "/api/v1/people/%d/retire", person, version)},
		authzCase{route: "POST /api/v1/people/{id}/restore", allow: registrars, req: post("POST", "/api/v1/people/%d/restore", person, version)},
		authzCase{route: "POST /api/v1/people/{id}/unmask", allow: unmaskers, req: post("POST", "/api/v1/people/%d/unmask", person,
			func(*webtest.Env, bool) any { return map[string]any{"purpose": "核对身份信息"} })},
		authzCase{route: "GET /api/v1/people/{id}/history", allow: registrars, req: get("/api/v1/people/%d/history", person)},
		authzCase{route: "GET /api/v1/people/{id}/households", allow: registrars, req: get("/api/v1/people/%d/households", person)},
		authzCase{route: "GET /api/v1/people/{id}/residences", allow: registrars, req: get("/api/v1/people/%d/residences?all=1", person)},

		authzCase{route: "GET /api/v1/households", allow: registrars, req: get("/api/v1/households?node=%d", node)},
		authzCase{route: "POST /api/v1/households", allow: registrars, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/households", json: map[string]any{"node_id": node(e, in), "address": "x",
				"members": []map[string]any{{"person_id": peoplePerson(e, in).ID, "relation": "self"}}}}
		}},
		authzCase{route: "GET /api/v1/households/{id}", allow: registrars, req: get("/api/v1/households/%d", household)},
		authzCase{route: "PATCH /api/v1/households/{id}", allow: registrars, req: post("PATCH", "/api/v1/households/%d", household,
			func(*webtest.Env, bool) any { return map[string]any{"number": "", "version": 1} })},
		authzCase{route: "POST /api/v1/households/{id}/retire", allow: registrars, req: post("POST", "/api/v1/households/%d/retire", household, version)},
		authzCase{route: "GET /api/v1/households/{id}/history", allow: registrars, req: get("/api/v1/households/%d/history", household)},
		authzCase{route: "GET /api/v1/me/household", allow: map[string]string{webtest.ResidentPh: "any"}, req: func(e *webtest.Env, in bool) target {
			residentsHousehold(e)
			return target{method: "GET", path: "/api/v1/me/household"}
		}},

		authzCase{route: "GET /api/v1/houses/{id}/residences", allow: registrars, req: get("/api/v1/houses/%d/residences", house)},
		authzCase{route: "POST /api/v1/houses/{id}/residences", allow: registrars, req: post("POST", "/api/v1/houses/%d/residences", house,
			func(e *webtest.Env, in bool) any {
				return map[string]any{"person_id": peoplePerson(e, in).ID, "role": "resident"}
			})},
		authzCase{route: "POST /api/v1/residences/{id}/end", allow: registrars, req: post("POST", "/api/v1/residences/%d/end", residence,
			func(*webtest.Env, bool) any { return map[string]any{"to": "2026-03-01", "version": 1} })},
		authzCase{route: "POST /api/v1/residences/{id}/retire", allow: registrars, req: post("POST", "/api/v1/residences/%d/retire", residence, version)},
		authzCase{route: "GET /api/v1/residences/{id}/history", allow: registrars, req: get("/api/v1/residences/%d/history", residence)},

		authzCase{route: "GET /api/v1/rentals", allow: registrars, req: get("/api/v1/rentals?expiring_within=30&node=%d", node)},
		authzCase{route: "POST /api/v1/rentals", allow: registrars, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/rentals", json: map[string]any{"house_id": peopleHouse(e, in),
				"tenant_id": peoplePerson(e, in).ID, "start": "2026-02-01", "end": "2027-01-31"}}
		}},
		authzCase{route: "GET /api/v1/rentals/{id}", allow: registrars, req: get("/api/v1/rentals/%d", rental)},
		authzCase{route: "PATCH /api/v1/rentals/{id}", allow: registrars, req: post("PATCH", "/api/v1/rentals/%d", rental,
			func(*webtest.Env, bool) any { return map[string]any{"end": "2026-06-30", "version": 1} })},
		authzCase{route: "POST /api/v1/rentals/{id}/retire", allow: registrars, req: post("POST", "/api/v1/rentals/%d/retire", rental, version)},
		authzCase{route: "GET /api/v1/rentals/{id}/history", allow: registrars, req: get("/api/v1/rentals/%d/history", rental)},
	)
}
