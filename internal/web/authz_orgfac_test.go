package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"sync/atomic"

	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the organisation and facility registers: reading and
// editing need register.view and register.edit (administrators, staff and grid workers)
// in scope; unmasking a contact's phone needs personal.unmask.

var orgfacSeq atomic.Int64

func registerEditors() map[string]string {
	return map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in",
		webtest.GridWorkerA: "in"}
}

func registerUnmaskers() map[string]string {
	return map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in"}
}

// orgFixture registers a fresh organisation with one contact in grid A (in) or B and
// returns its id and the contact's.
func orgFixture(e *webtest.Env, in bool) (int64, int64) {
	e.T.Helper()
	grid, _ := treeSide(e, in)
	n := orgfacSeq.Add(1)
	o, err := e.DB.CreateOrganisation(context.Background(), e.Sys, register.OrganisationInput{NodeID: grid.ID, Kind: register.OtherOrg,
		Name: fmt.Sprintf("授权测试组织%d", n), Address: "平江路 1 号",
		Contacts: []register.Contact{{Name: "联系人", Phone: fmt.Sprintf("1360%07d", n)}}})
	if err != nil {
		e.T.Fatalf("organisation: %v", err)
	}
	cs, err := e.DB.OrganisationContacts(context.Background(), e.Sys, o.ID)
	if err != nil || len(cs) != 1 {
		e.T.Fatalf("contacts: %v", err)
	}
	return o.ID, cs[0].ID
}

// facilityFixture registers a fresh facility in grid A (in) or B.
func facilityFixture(e *webtest.Env, in bool) int64 {
	e.T.Helper()
	grid, _ := treeSide(e, in)
	n := orgfacSeq.Add(1)
	f, err := e.DB.CreateFacility(context.Background(), e.Sys, register.FacilityInput{NodeID: grid.ID, Major: "01", Minor: "0101",
		Location: &geo.Point{Lng: 120.6 + float64(n)*0.0001, Lat: 31.3}, Condition: register.Good})
	if err != nil {
		e.T.Fatalf("facility: %v", err)
	}
	return f.ID
}

func init() {
	readers, editors, unmaskers := registerEditors(), registerEditors(), registerUnmaskers()
	gridOf := func(e *webtest.Env, in bool) int64 { g, _ := treeSide(e, in); return g.ID }
	orgPath := func(e *webtest.Env, in bool, suffix string) string {
		id, _ := orgFixture(e, in)
		return fmt.Sprintf("/api/v1/organisations/%d%s", id, suffix)
	}
	facPath := func(e *webtest.Env, in bool, suffix string) string {
		return fmt.Sprintf("/api/v1/facilities/%d%s", facilityFixture(e, in), suffix)
	}
	authzCases = append(authzCases,
		authzCase{route: "GET /api/v1/organisations", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/organisations?node=%d", gridOf(e, in))}
		}},
		authzCase{route: "POST /api/v1/organisations", allow: editors, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: "/api/v1/organisations", json: map[string]any{"node_id": gridOf(e, in), "kind": "other",
				"name": fmt.Sprintf("新组织%d", orgfacSeq.Add(1)), "address": "平江路 2 号"}}
		}},
		authzCase{route: "GET /api/v1/organisations/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: orgPath(e, in, "")}
		}},
		authzCase{route: "PATCH /api/v1/organisations/{id}", allow: editors, req: func(e *webtest.Env, in bool) target {
			return target{method: "PATCH", path: orgPath(e, in, ""), json: map[string]any{"address": "平江路 3 号"}}
		}},
		authzCase{route: "POST /api/v1/organisations/{id}/retire", allow: editors, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: orgPath(e, in, "/retire"), json: map[string]any{}}
		}},
		authzCase{route: "POST /api/v1/organisations/{id}/restore", allow: editors, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: orgPath(e, in, "/restore"), json: map[string]any{}}
		}},
		authzCase{route: "POST /api/v1/organisations/{id}/contacts", allow: editors, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: orgPath(e, in, "/contacts"), json: map[string]any{"name": "新联系人", "phone": "0512-65000000"}}
		}},
		authzCase{route: "DELETE /api/v1/organisations/{id}/contacts/{contact}", allow: editors, req: func(e *webtest.Env, in bool) target {
			id, c := orgFixture(e, in)
			return target{method: "DELETE", path: fmt.Sprintf("/api/v1/organisations/%d/contacts/%d", id, c)}
		}},
		authzCase{route: "POST /api/v1/organisations/{id}/contacts/{contact}/unmask", allow: unmaskers, req: func(e *webtest.Env, in bool) target {
			id, c := orgFixture(e, in)
			return target{method: "POST", path: fmt.Sprintf("/api/v1/organisations/%d/contacts/%d/unmask", id, c), json: map[string]any{"purpose": "核实信息"}}
		}},
		authzCase{route: "GET /api/v1/facilities", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/facilities?node=%d", gridOf(e, in))}
		}},
		authzCase{route: "POST /api/v1/facilities", allow: editors, req: func(e *webtest.Env, in bool) target {
			n := orgfacSeq.Add(1)
			return target{method: "POST", path: "/api/v1/facilities", json: map[string]any{"node_id": gridOf(e, in), "major": "01", "minor": "0102",
				"location": map[string]float64{"lng": 120.6 + float64(n)*0.0001, "lat": 31.31}, "condition": "good"}}
		}},
		authzCase{route: "GET /api/v1/facilities/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: facPath(e, in, "")}
		}},
		authzCase{route: "PATCH /api/v1/facilities/{id}", allow: editors, req: func(e *webtest.Env, in bool) target {
			return target{method: "PATCH", path: facPath(e, in, ""), json: map[string]any{"condition": "damaged"}}
		}},
		authzCase{route: "POST /api/v1/facilities/{id}/retire", allow: editors, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: facPath(e, in, "/retire"), json: map[string]any{}}
		}},
		authzCase{route: "POST /api/v1/facilities/{id}/restore", allow: editors, req: func(e *webtest.Env, in bool) target {
			return target{method: "POST", path: facPath(e, in, "/restore"), json: map[string]any{}}
		}},
		authzCase{route: "GET /api/v1/facility-classes", allow: treeAnyOf(readers), req: fixed("GET", "/api/v1/facility-classes")},
		authzCase{route: "GET /api/v1/map/facilities", allow: treeAnyOf(readers), req: fixed("GET", "/api/v1/map/facilities?bbox=120,31,121,32")},
	)

	// The pages under /registers: the same rules as the API.
	orgPage := func(e *webtest.Env, in bool, suffix string, form url.Values) target {
		id, _ := orgFixture(e, in)
		o, err := e.DB.Organisation(context.Background(), e.Sys, id)
		if err != nil {
			e.T.Fatal(err)
		}
		if form != nil && form.Get("version") == "" {
			form.Set("version", strconv.Itoa(o.Version))
		}
		return target{method: "POST", path: fmt.Sprintf("/registers/organisations/%d%s", id, suffix), form: form.Encode()}
	}
	facPage := func(e *webtest.Env, in bool, suffix string, form url.Values) target {
		id := facilityFixture(e, in)
		x, err := e.DB.Facility(context.Background(), e.Sys, id)
		if err != nil {
			e.T.Fatal(err)
		}
		form.Set("version", strconv.Itoa(x.Version))
		return target{method: "POST", path: fmt.Sprintf("/registers/facilities/%d%s", id, suffix), form: form.Encode()}
	}
	authzCases = append(authzCases,
		authzCase{route: "GET /registers/organisations", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/registers/organisations?node=%d", gridOf(e, in))}
		}},
		authzCase{route: "GET /registers/organisations/new", allow: treeAnyOf(editors), req: fixed("GET", "/registers/organisations/new")},
		authzCase{route: "POST /registers/organisations", allow: editors, req: func(e *webtest.Env, in bool) target {
			f := url.Values{"node_id": {strconv.FormatInt(gridOf(e, in), 10)}, "kind": {"other"},
				"name": {fmt.Sprintf("页面新组织%d", orgfacSeq.Add(1))}, "address": {"平江路 5 号"}}
			return target{method: "POST", path: "/registers/organisations", form: f.Encode()}
		}},
		authzCase{route: "GET /registers/organisations/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			id, _ := orgFixture(e, in)
			return target{method: "GET", path: fmt.Sprintf("/registers/organisations/%d", id)}
		}},
		authzCase{route: "POST /registers/organisations/{id}", allow: editors, req: func(e *webtest.Env, in bool) target {
			return orgPage(e, in, "", url.Values{"node_id": {strconv.FormatInt(gridOf(e, in), 10)}, "kind": {"other"},
				"name": {fmt.Sprintf("改名组织%d", orgfacSeq.Add(1))}, "address": {"平江路 6 号"}})
		}},
		authzCase{route: "POST /registers/organisations/{id}/retire", allow: editors, req: func(e *webtest.Env, in bool) target {
			return orgPage(e, in, "/retire", url.Values{})
		}},
		authzCase{route: "POST /registers/organisations/{id}/restore", allow: editors, req: func(e *webtest.Env, in bool) target {
			return orgPage(e, in, "/restore", url.Values{})
		}},
		authzCase{route: "POST /registers/organisations/{id}/contacts", allow: editors, req: func(e *webtest.Env, in bool) target {
			return orgPage(e, in, "/contacts", url.Values{"name": {"页面联系人"}, "phone": {"0512-65001234"}})
		}},
		authzCase{route: "POST /registers/organisations/{id}/contacts/{contact}/remove", allow: editors, req: func(e *webtest.Env, in bool) target {
			id, c := orgFixture(e, in)
			return target{method: "POST", path: fmt.Sprintf("/registers/organisations/%d/contacts/%d/remove", id, c)}
		}},
		authzCase{route: "POST /registers/organisations/{id}/unmask", allow: unmaskers, req: func(e *webtest.Env, in bool) target {
			id, c := orgFixture(e, in)
			f := url.Values{"contact": {strconv.FormatInt(c, 10)}, "purpose": {"核实信息"}}
			return target{method: "POST", path: fmt.Sprintf("/registers/organisations/%d/unmask", id), form: f.Encode()}
		}},
		authzCase{route: "GET /registers/facilities", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/registers/facilities?node=%d", gridOf(e, in))}
		}},
		authzCase{route: "GET /registers/facilities/new", allow: treeAnyOf(editors), req: fixed("GET", "/registers/facilities/new")},
		authzCase{route: "POST /registers/facilities", allow: editors, req: func(e *webtest.Env, in bool) target {
			n := orgfacSeq.Add(1)
			f := url.Values{"node_id": {strconv.FormatInt(gridOf(e, in), 10)}, "minor": {"0118"}, "condition": {"good"},
				"lng": {strconv.FormatFloat(120.6+float64(n)*0.0001, 'f', 6, 64)}, "lat": {"31.32"}}
			return target{method: "POST", path: "/registers/facilities", form: f.Encode()}
		}},
		authzCase{route: "GET /registers/facilities/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/registers/facilities/%d", facilityFixture(e, in))}
		}},
		authzCase{route: "POST /registers/facilities/{id}", allow: editors, req: func(e *webtest.Env, in bool) target {
			n := orgfacSeq.Add(1)
			return facPage(e, in, "", url.Values{"node_id": {strconv.FormatInt(gridOf(e, in), 10)}, "minor": {"0101"},
				"condition": {"damaged"}, "lng": {strconv.FormatFloat(120.7+float64(n)*0.0001, 'f', 6, 64)}, "lat": {"31.3"}})
		}},
		authzCase{route: "POST /registers/facilities/{id}/retire", allow: editors, req: func(e *webtest.Env, in bool) target {
			return facPage(e, in, "/retire", url.Values{})
		}},
		authzCase{route: "POST /registers/facilities/{id}/restore", allow: editors, req: func(e *webtest.Env, in bool) target {
			return facPage(e, in, "/restore", url.Values{})
		}},
	)
}
