package web_test

import (
	"context"
	"fmt"
	"net/url"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the household and rental pages: the register permissions in
// scope, like the buildings and houses pages. The new-rental form names its house in a
// field, so a house outside the scope is a field problem ("no such house") there, which
// the page tests check; the matrix checks the guard.

// hhPagesFamily is a household in grid A or B with a head and a second member.
func hhPagesFamily(e *webtest.Env, in bool) (*register.Household, int64) {
	e.T.Helper()
	grid, _ := treeSide(e, in)
	other := peoplePerson(e, in).ID
	h, err := e.DB.CreateHousehold(context.Background(), e.Sys, register.HouseholdInput{NodeID: grid.ID, Address: "x",
		Members: []register.Member{{PersonID: peoplePerson(e, in).ID, Relation: register.Self}, {PersonID: other, Relation: register.Son}}})
	if err != nil {
		e.T.Fatalf("household: %v", err)
	}
	return h, other
}

func init() {
	regs := bldgRegisters()
	version := url.Values{"version": {"1"}}
	hhForm := func(suffix string, v url.Values) func(e *webtest.Env, in bool) target {
		return func(e *webtest.Env, in bool) target {
			return treePageForm(fmt.Sprintf("/registers/households/%d%s", peopleHousehold(e, in).ID, suffix), v)
		}
	}
	rentalForm := func(suffix string, v url.Values) func(e *webtest.Env, in bool) target {
		return func(e *webtest.Env, in bool) target {
			return treePageForm(fmt.Sprintf("/registers/rentals/%d%s", peopleRental(e, in).ID, suffix), v)
		}
	}
	authzCases = append(authzCases,
		authzCase{route: "GET /registers/households", allow: regs, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/registers/households?node=%d", grid.ID)}
		}},
		authzCase{route: "GET /registers/households/new", allow: regs, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/registers/households/new?house=%d", peopleHouse(e, in))}
		}},
		authzCase{route: "POST /registers/households", allow: regs, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return treePageForm("/registers/households", url.Values{"node_id": {fmt.Sprint(grid.ID)}, "address": {"x"},
				"head_pick": {fmt.Sprint(peoplePerson(e, in).ID)}})
		}},
		authzCase{route: "GET /registers/households/{id}", allow: regs, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/registers/households/%d", peopleHousehold(e, in).ID)}
		}},
		authzCase{route: "POST /registers/households/{id}", allow: regs, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return treePageForm(fmt.Sprintf("/registers/households/%d", peopleHousehold(e, in).ID),
				url.Values{"version": {"1"}, "node_id": {fmt.Sprint(grid.ID)}, "address": {"改后地址"}})
		}},
		authzCase{route: "POST /registers/households/{id}/members", allow: regs, req: func(e *webtest.Env, in bool) target {
			return treePageForm(fmt.Sprintf("/registers/households/%d/members", peopleHousehold(e, in).ID),
				url.Values{"version": {"1"}, "add_pick": {fmt.Sprint(peoplePerson(e, in).ID)}, "add_relation": {"spouse"}})
		}},
		authzCase{route: "POST /registers/households/{id}/members/{person}/remove", allow: regs, req: func(e *webtest.Env, in bool) target {
			h, other := hhPagesFamily(e, in)
			return treePageForm(fmt.Sprintf("/registers/households/%d/members/%d/remove", h.ID, other), version)
		}},
		authzCase{route: "POST /registers/households/{id}/relations", allow: regs, req: hhForm("/relations", version)},
		authzCase{route: "POST /registers/households/{id}/retire", allow: regs, req: hhForm("/retire", version)},

		authzCase{route: "GET /registers/rentals", allow: regs, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/registers/rentals?status=expiring&node=%d", grid.ID)}
		}},
		authzCase{route: "GET /registers/rentals/new", allow: regs, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/registers/rentals/new?house=%d", peopleHouse(e, in))}
		}},
		authzCase{route: "POST /registers/rentals", allow: treeAnyOf(regs), req: func(e *webtest.Env, in bool) target {
			return treePageForm("/registers/rentals", url.Values{"house_id": {fmt.Sprint(peopleHouse(e, in))},
				"tenant_pick": {fmt.Sprint(peoplePerson(e, in).ID)}, "start": {"2026-03-01"}, "end": {"2027-02-28"}})
		}},
		authzCase{route: "GET /registers/rentals/{id}", allow: regs, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/registers/rentals/%d", peopleRental(e, in).ID)}
		}},
		authzCase{route: "POST /registers/rentals/{id}", allow: regs, req: func(e *webtest.Env, in bool) target {
			return treePageForm(fmt.Sprintf("/registers/rentals/%d", peopleRental(e, in).ID), url.Values{"version": {"1"},
				"house_id": {fmt.Sprint(peopleHouse(e, in))}, "start": {"2026-01-01"}, "end": {"2026-06-30"}})
		}},
		authzCase{route: "POST /registers/rentals/{id}/retire", allow: regs, req: rentalForm("/retire", version)},
	)
}
