package web_test

import (
	"context"
	"fmt"
	"net/url"
	"sync/atomic"

	"github.com/shequ-dev/shequ/internal/register"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the buildings and houses registers: reading and changing
// both need the register permissions, which administrators, area staff and grid
// workers hold, in their scope. The public door-plate page is open to everyone.

var bldgSeq atomic.Int64

// bldgRegisters may read and change the registers.
func bldgRegisters() map[string]string {
	return map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in",
		webtest.GridWorkerA: "in"}
}

// bldgFixture adds a fresh building with one house to grid A (in) or B.
func bldgFixture(e *webtest.Env, in bool) (*register.Building, *register.House) {
	e.T.Helper()
	grid, _ := treeSide(e, in)
	n := bldgSeq.Add(1)
	b, err := e.DB.CreateBuilding(context.Background(), e.Sys, register.BuildingInput{NodeID: grid.ID, Name: fmt.Sprintf("授权%d幢", n),
		Address: "测试路 1 号", FloorsAbove: 6, Kind: register.Residential})
	if err != nil {
		e.T.Fatalf("building: %v", err)
	}
	h, err := e.DB.CreateHouse(context.Background(), e.Sys, register.HouseInput{BuildingID: b.ID, Unit: "1", Floor: 1, Room: "101",
		Area: 60, Use: register.SelfOccupied})
	if err != nil {
		e.T.Fatalf("house: %v", err)
	}
	return b, h
}

func init() {
	regs := bldgRegisters()
	bpath := func(suffix string) func(e *webtest.Env, in bool) target {
		return func(e *webtest.Env, in bool) target {
			b, _ := bldgFixture(e, in)
			return target{method: "GET", path: fmt.Sprintf("/registers/buildings/%d%s", b.ID, suffix)}
		}
	}
	hpath := func(suffix string) func(e *webtest.Env, in bool) target {
		return func(e *webtest.Env, in bool) target {
			_, h := bldgFixture(e, in)
			return target{method: "GET", path: fmt.Sprintf("/registers/houses/%d%s", h.ID, suffix)}
		}
	}
	bapi := func(method, suffix string, body any) func(e *webtest.Env, in bool) target {
		return func(e *webtest.Env, in bool) target {
			b, _ := bldgFixture(e, in)
			return target{method: method, path: fmt.Sprintf("/api/v1/buildings/%d%s", b.ID, suffix), json: body}
		}
	}
	hapi := func(method, suffix string, body any) func(e *webtest.Env, in bool) target {
		return func(e *webtest.Env, in bool) target {
			_, h := bldgFixture(e, in)
			return target{method: method, path: fmt.Sprintf("/api/v1/houses/%d%s", h.ID, suffix), json: body}
		}
	}
	bform := func(suffix string, v url.Values) func(e *webtest.Env, in bool) target {
		return func(e *webtest.Env, in bool) target {
			b, _ := bldgFixture(e, in)
			return treePageForm(fmt.Sprintf("/registers/buildings/%d%s", b.ID, suffix), v)
		}
	}
	hform := func(suffix string, v url.Values) func(e *webtest.Env, in bool) target {
		return func(e *webtest.Env, in bool) target {
			_, h := bldgFixture(e, in)
			return treePageForm(fmt.Sprintf("/registers/houses/%d%s", h.ID, suffix), v)
		}
	}
	version := url.Values{"version": {"1"}}
	authzCases = append(authzCases,
		authzCase{route: "GET /registers", allow: treeAnyOf(regs), req: fixed("GET", "/registers")},
		authzCase{route: "GET /registers/buildings", allow: regs, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/registers/buildings?under=%d", grid.ID)}
		}},
		authzCase{route: "GET /registers/buildings/new", allow: treeAnyOf(regs), req: fixed("GET", "/registers/buildings/new")},
		authzCase{route: "POST /registers/buildings", allow: regs, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return treePageForm("/registers/buildings", url.Values{"node_id": {fmt.Sprint(grid.ID)}, "name": {fmt.Sprintf("表单%d幢", bldgSeq.Add(1))},
				"address": {"测试路"}, "floors_above": {"3"}, "kind": {"residential"}})
		}},
		authzCase{route: "GET /registers/buildings/{id}", allow: regs, req: bpath("")},
		authzCase{route: "GET /registers/buildings/{id}/edit", allow: regs, req: bpath("/edit")},
		authzCase{route: "GET /registers/buildings/{id}/plates", allow: regs, req: bpath("/plates")},
		authzCase{route: "POST /registers/buildings/{id}", allow: regs, req: bform("", url.Values{"version": {"1"}, "name": {"改名"}})},
		authzCase{route: "POST /registers/buildings/{id}/retire", allow: regs, req: bform("/retire", version)},
		authzCase{route: "POST /registers/buildings/{id}/restore", allow: regs, req: bform("/restore", version)},
		authzCase{route: "GET /registers/houses", allow: regs, req: func(e *webtest.Env, in bool) target {
			b, _ := bldgFixture(e, in)
			return target{method: "GET", path: fmt.Sprintf("/registers/houses?building=%d", b.ID)}
		}},
		authzCase{route: "GET /registers/houses/new", allow: regs, req: func(e *webtest.Env, in bool) target {
			b, _ := bldgFixture(e, in)
			return target{method: "GET", path: fmt.Sprintf("/registers/houses/new?building=%d", b.ID)}
		}},
		authzCase{route: "POST /registers/houses", allow: regs, req: func(e *webtest.Env, in bool) target {
			b, _ := bldgFixture(e, in)
			return treePageForm("/registers/houses", url.Values{"building_id": {fmt.Sprint(b.ID)}, "floor": {"2"}, "room": {"201"},
				"area": {"50"}, "use": {"vacant"}})
		}},
		authzCase{route: "GET /registers/houses/{id}", allow: regs, req: hpath("")},
		authzCase{route: "GET /registers/houses/{id}/edit", allow: regs, req: hpath("/edit")},
		authzCase{route: "GET /registers/houses/{id}/plate.svg", allow: regs, req: hpath("/plate.svg")},
		authzCase{route: "POST /registers/houses/{id}", allow: regs, req: hform("", url.Values{"version": {"1"}, "room": {"102"}})},
		authzCase{route: "POST /registers/houses/{id}/retire", allow: regs, req: hform("/retire", version)},
		authzCase{route: "POST /registers/houses/{id}/restore", allow: regs, req: hform("/restore", version)},
		authzCase{route: "GET /h/{code}", allow: everyone, req: func(e *webtest.Env, in bool) target {
			_, h := bldgFixture(e, in)
			return target{method: "GET", path: "/h/" + h.Code}
		}},

		authzCase{route: "GET /api/v1/buildings", allow: regs, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/api/v1/buildings?under=%d", grid.ID)}
		}},
		authzCase{route: "POST /api/v1/buildings", allow: regs, req: func(e *webtest.Env, in bool) target {
			grid, _ := treeSide(e, in)
			return target{method: "POST", path: "/api/v1/buildings", json: map[string]any{"node_id": grid.ID,
				"name": fmt.Sprintf("接口%d幢", bldgSeq.Add(1)), "address": "测试路", "floors_above": 3, "kind": "residential"}}
		}},
		authzCase{route: "GET /api/v1/buildings/{id}", allow: regs, req: bapi("GET", "", nil)},
		authzCase{route: "PATCH /api/v1/buildings/{id}", allow: regs, req: bapi("PATCH", "", map[string]any{"version": 1, "address": "新地址"})},
		authzCase{route: "POST /api/v1/buildings/{id}/retire", allow: regs, req: bapi("POST", "/retire", map[string]any{"version": 1})},
		authzCase{route: "POST /api/v1/buildings/{id}/restore", allow: regs, req: bapi("POST", "/restore", map[string]any{"version": 1})},
		authzCase{route: "GET /api/v1/buildings/{id}/history", allow: regs, req: bapi("GET", "/history", nil)},
		authzCase{route: "GET /api/v1/buildings/{id}/houses", allow: regs, req: bapi("GET", "/houses", nil)},
		authzCase{route: "GET /api/v1/buildings/{id}/plates.svg", allow: regs, req: bapi("GET", "/plates.svg", nil)},
		authzCase{route: "GET /api/v1/buildings/{id}/plates.html", allow: regs, req: bapi("GET", "/plates.html", nil)},
		authzCase{route: "GET /api/v1/houses", allow: regs, req: func(e *webtest.Env, in bool) target {
			b, _ := bldgFixture(e, in)
			return target{method: "GET", path: fmt.Sprintf("/api/v1/houses?building=%d", b.ID)}
		}},
		authzCase{route: "POST /api/v1/houses", allow: regs, req: func(e *webtest.Env, in bool) target {
			b, _ := bldgFixture(e, in)
			return target{method: "POST", path: "/api/v1/houses", json: map[string]any{"building_id": b.ID, "floor": 2, "room": "201",
				"area": 50, "use": "vacant"}}
		}},
		authzCase{route: "GET /api/v1/houses/{id}", allow: regs, req: hapi("GET", "", nil)},
		authzCase{route: "PATCH /api/v1/houses/{id}", allow: regs, req: hapi("PATCH", "", map[string]any{"version": 1, "area": 61})},
		authzCase{route: "POST /api/v1/houses/{id}/retire", allow: regs, req: hapi("POST", "/retire", map[string]any{"version": 1})},
		authzCase{route: "POST /api/v1/houses/{id}/restore", allow: regs, req: hapi("POST", "/restore", map[string]any{"version": 1})},
		authzCase{route: "GET /api/v1/houses/{id}/history", allow: regs, req: hapi("GET", "/history", nil)},
	)
}
