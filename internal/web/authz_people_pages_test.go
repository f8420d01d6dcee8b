package web_test

import (
	"fmt"
	"net/url"

	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the residents' pages: the same rules as their API, the
// register permissions in scope and personal.unmask for the numbers.

func init() {
	registrars := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in",
		webtest.StaffCommA: "in", webtest.GridWorkerA: "in"}
	unmaskers := map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in"}
	ppath := func(suffix string) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/registers/people/%d%s", peoplePerson(e, in).ID, suffix)}
		}
	}
	pform := func(suffix string, v url.Values) func(*webtest.Env, bool) target {
		return func(e *webtest.Env, in bool) target {
			return treePageForm(fmt.Sprintf("/registers/people/%d%s", peoplePerson(e, in).ID, suffix), v)
		}
	}
	version := url.Values{"version": {"1"}}
	authzCases = append(authzCases,
		authzCase{route: "GET /registers/people", allow: registrars, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/registers/people?node=%d", grid.ID)}
		}},
		authzCase{route: "GET /registers/people/new", allow: treeAnyOf(registrars), req: fixed("GET", "/registers/people/new")},
		authzCase{route: "POST /registers/people", allow: registrars, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return treePageForm("/registers/people", url.Values{"node_id": {fmt.Sprint(grid.ID)}, "name": {"表单居民"},
				"reg_type": {"floating"}, "id_number": {idFor(peopleSeq.Add(1)*7 + 700000)}})
		}},
		authzCase{route: "GET /registers/people/{id}", allow: registrars, req: ppath("")},
		authzCase{route: "GET /registers/people/{id}/edit", allow: registrars, req: ppath("/edit")},
		authzCase{route: "POST /registers/people/{id}", allow: registrars, req: func(e *webtest.Env, in bool) target {
			p := peoplePerson(e, in)
			return treePageForm(fmt.Sprintf("/registers/people/%d", p.ID), url.Values{"version": {"1"}, "node_id": {fmt.Sprint(p.NodeID)},
				"name": {"改名"}, "reg_type": {"floating"}})
		}},
		authzCase{route: "POST /registers/people/{id}/retire", allow: registrars, req: pform("/retire", version)},
		authzCase{route: "POST /registers/people/{id}/restore", allow: registrars, req: pform("/restore", version)},
		authzCase{route: "POST /registers/people/{id}/unmask", allow: unmaskers, req: pform("/unmask", url.Values{"purpose": {"核对身份信息"}})},
		authzCase{route: "POST /registers/houses/{id}/residences", allow: registrars, req: func(e *webtest.Env, in bool) target {
			return treePageForm(fmt.Sprintf("/registers/houses/%d/residences", peopleHouse(e, in)),
				url.Values{"person_id": {fmt.Sprint(peoplePerson(e, in).ID)}, "role": {"resident"}})
		}},
		authzCase{route: "POST /registers/residences/{id}/end", allow: registrars, req: func(e *webtest.Env, in bool) target {
			return treePageForm(fmt.Sprintf("/registers/residences/%d/end", peopleResidence(e, in).ID),
				url.Values{"to": {"2026-03-01"}, "version": {"1"}})
		}},
	)
}
