package web_test

import (
	"context"
	"fmt"
	"net/url"
	"sync"

	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/web/webtest"
)

// The authorisation cases of the categories and the dispatch rules. Categories are one
// list for the whole platform: everyone who works on cases reads them (case.view), only
// administrators change them (category.manage). Dispatch rules belong to places: rule.manage
// (administrators and area staff) inside the caller's scope.

// categoryReaders hold case.view.
func categoryReaders() map[string]string {
	return map[string]string{webtest.Admin: "any", webtest.StaffDist: "any", webtest.StaffA: "any", webtest.StaffCommA: "any",
		webtest.GridWorkerA: "any", webtest.HandlerA: "any", webtest.Supervisor: "any", webtest.Leader: "any"}
}

func categoryManagers() map[string]string { return map[string]string{webtest.Admin: "any"} }

func ruleManagers() map[string]string {
	return map[string]string{webtest.Admin: "both", webtest.StaffDist: "both", webtest.StaffA: "in", webtest.StaffCommA: "in"}
}

// catFixtures hands out fresh categories and free (node, category) pairs per environment.
type catFixtures struct {
	mu    sync.Mutex
	n     int
	leaf  map[bool]int // the next free leaf, per side
	leafs []*cases.Category
}

var (
	catFixturesMu  sync.Mutex
	catFixturesFor = map[*webtest.Env]*catFixtures{}
)

func catFixturesOf(e *webtest.Env) *catFixtures {
	catFixturesMu.Lock()
	defer catFixturesMu.Unlock()
	f := catFixturesFor[e]
	if f == nil {
		f = &catFixtures{leaf: map[bool]int{}}
		catFixturesFor[e] = f
	}
	return f
}

// nextMajor is a kind and a major class code nobody uses yet.
func (f *catFixtures) nextMajor() (cases.CategoryKind, string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := f.n
	f.n++
	return cases.CategoryKinds[(n/80)%3], fmt.Sprintf("%02d", 20+n%80)
}

// minor creates a fresh minor class under a fresh major class.
func (f *catFixtures) minor(e *webtest.Env) *cases.Category {
	e.T.Helper()
	kind, code := f.nextMajor()
	m, err := e.DB.CreateCategory(context.Background(), e.Sys, cases.CategoryInput{Kind: kind, Code: code, Name: "授权测试大类" + code})
	if err != nil {
		e.T.Fatalf("major: %v", err)
	}
	c, err := e.DB.CreateCategory(context.Background(), e.Sys, cases.CategoryInput{ParentID: m.ID, Code: code + "01", Name: "授权测试小类",
		RegisterRule: "有问题", CloseRule: "已解决", Limits: cases.Limits{cases.StageHandle: {Amount: 1, Unit: calendar.WorkingDays}}})
	if err != nil {
		e.T.Fatalf("minor: %v", err)
	}
	return c
}

// retiredMinor is a fresh minor class, retired.
func (f *catFixtures) retiredMinor(e *webtest.Env) *cases.Category {
	c := f.minor(e)
	if err := e.DB.SetCategoryRetired(context.Background(), e.Sys, c.ID, true, c.Version); err != nil {
		e.T.Fatalf("retire: %v", err)
	}
	c.Version++
	return c
}

// freeCategory is a seeded leaf no rule of the fixtures on that side has used yet.
func (f *catFixtures) freeCategory(e *webtest.Env, in bool) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.leafs == nil {
		t, err := e.DB.Categories(context.Background())
		if err != nil {
			e.T.Fatal(err)
		}
		for _, k := range cases.CategoryKinds {
			f.leafs = append(f.leafs, t.Leaves(k, false)...)
		}
	}
	if f.leaf[in] >= len(f.leafs) {
		e.T.Fatalf("the matrix used up the %d seeded categories for rules", len(f.leafs))
	}
	c := f.leafs[f.leaf[in]]
	f.leaf[in]++
	return c.ID
}

// ruleSide is the grid and the unit of a rule inside (grid A, unit of street A) or
// outside (grid B, unit of street B).
func ruleSide(e *webtest.Env, in bool) (int64, int64) {
	if in {
		return e.GridA.ID, e.UnitA.ID
	}
	return e.GridB.ID, e.UnitB.ID
}

// rule creates a fresh rule inside or outside.
func (f *catFixtures) rule(e *webtest.Env, in bool) *cases.DispatchRule {
	e.T.Helper()
	node, unit := ruleSide(e, in)
	r, err := e.DB.CreateDispatchRule(context.Background(), e.Sys, cases.DispatchRuleInput{NodeID: node, UnitID: unit, CategoryID: f.freeCategory(e, in)})
	if err != nil {
		e.T.Fatalf("rule: %v", err)
	}
	return r
}

func categoryForm(c *cases.Category, name string) url.Values {
	return url.Values{"version": {fmt.Sprint(c.Version)}, "code": {c.Code}, "name": {name}, "register_rule": {"有问题"},
		"close_rule": {"已解决"}, "triage": {"minor"}, "priority": {"normal"}, "responsibility": {"area_first"},
		"limit_handle_amount": {"2"}, "limit_handle_unit": {"working_days"}}
}

func init() {
	readers, managers, rules := categoryReaders(), categoryManagers(), ruleManagers()
	cf := catFixturesOf
	authzCases = append(authzCases,
		authzCase{route: "GET /admin/categories", allow: readers, req: fixed("GET", "/admin/categories?kind=event")},
		authzCase{route: "GET /admin/categories/new", allow: managers, req: fixed("GET", "/admin/categories/new?kind=hotline")},
		authzCase{route: "POST /admin/categories", allow: managers, req: func(e *webtest.Env, in bool) target {
			kind, code := cf(e).nextMajor()
			return treePageForm("/admin/categories", url.Values{"kind": {string(kind)}, "code": {code}, "name": {"新大类" + code}})
		}},
		authzCase{route: "GET /admin/categories/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/admin/categories/%d", cf(e).minor(e).ID)}
		}},
		authzCase{route: "POST /admin/categories/{id}", allow: managers, req: func(e *webtest.Env, in bool) target {
			c := cf(e).minor(e)
			return treePageForm(fmt.Sprintf("/admin/categories/%d", c.ID), categoryForm(c, "改名"))
		}},
		authzCase{route: "POST /admin/categories/{id}/retire", allow: managers, req: func(e *webtest.Env, in bool) target {
			c := cf(e).minor(e)
			return treePageForm(fmt.Sprintf("/admin/categories/%d/retire", c.ID), url.Values{"version": {fmt.Sprint(c.Version)}})
		}},
		authzCase{route: "POST /admin/categories/{id}/restore", allow: managers, req: func(e *webtest.Env, in bool) target {
			c := cf(e).retiredMinor(e)
			return treePageForm(fmt.Sprintf("/admin/categories/%d/restore", c.ID), url.Values{"version": {fmt.Sprint(c.Version)}})
		}},
		authzCase{route: "GET /api/v1/categories", allow: readers, req: fixed("GET", "/api/v1/categories?kind=event&leaves=true")},
		authzCase{route: "GET /api/v1/categories/{id}", allow: readers, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/categories/%d", cf(e).minor(e).ID)}
		}},
		authzCase{route: "POST /api/v1/categories", allow: managers, req: func(e *webtest.Env, in bool) target {
			kind, code := cf(e).nextMajor()
			return target{method: "POST", path: "/api/v1/categories", json: map[string]any{"kind": kind, "code": code, "name": "新大类"}}
		}},
		authzCase{route: "PUT /api/v1/categories/{id}", allow: managers, req: func(e *webtest.Env, in bool) target {
			c := cf(e).minor(e)
			return target{method: "PUT", path: fmt.Sprintf("/api/v1/categories/%d", c.ID), json: map[string]any{"code": c.Code, "name": "改名",
				"register_rule": "有问题", "close_rule": "已解决", "limits": map[string]any{"handle": map[string]any{"amount": 3, "unit": "working_days"}},
				"version": c.Version}}
		}},
		authzCase{route: "DELETE /api/v1/categories/{id}", allow: managers, req: func(e *webtest.Env, in bool) target {
			c := cf(e).minor(e)
			return target{method: "DELETE", path: fmt.Sprintf("/api/v1/categories/%d?version=%d", c.ID, c.Version)}
		}},
		authzCase{route: "POST /api/v1/categories/{id}/restore", allow: managers, req: func(e *webtest.Env, in bool) target {
			c := cf(e).retiredMinor(e)
			return target{method: "POST", path: fmt.Sprintf("/api/v1/categories/%d/restore", c.ID), json: map[string]any{"version": c.Version}}
		}},

		authzCase{route: "GET /admin/dispatch-rules", allow: rules, req: func(e *webtest.Env, in bool) target {
			node, _ := ruleSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/admin/dispatch-rules?under=%d", node)}
		}},
		authzCase{route: "GET /admin/dispatch-rules/new", allow: treeAnyOf(rules), req: fixed("GET", "/admin/dispatch-rules/new")},
		authzCase{route: "POST /admin/dispatch-rules", allow: rules, req: func(e *webtest.Env, in bool) target {
			node, unit := ruleSide(e, in)
			return treePageForm("/admin/dispatch-rules", url.Values{"node_id": {fmt.Sprint(node)}, "unit_id": {fmt.Sprint(unit)},
				"category_id": {fmt.Sprint(cf(e).freeCategory(e, in))}})
		}},
		authzCase{route: "GET /admin/dispatch-rules/{id}", allow: rules, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/admin/dispatch-rules/%d", cf(e).rule(e, in).ID)}
		}},
		authzCase{route: "POST /admin/dispatch-rules/{id}", allow: rules, req: func(e *webtest.Env, in bool) target {
			r := cf(e).rule(e, in)
			return treePageForm(fmt.Sprintf("/admin/dispatch-rules/%d", r.ID), url.Values{"version": {fmt.Sprint(r.Version)},
				"node_id": {fmt.Sprint(r.NodeID)}, "unit_id": {fmt.Sprint(r.UnitID)}, "category_id": {fmt.Sprint(r.CategoryID)}, "note": {"改"}})
		}},
		authzCase{route: "POST /admin/dispatch-rules/{id}/delete", allow: rules, req: func(e *webtest.Env, in bool) target {
			r := cf(e).rule(e, in)
			return treePageForm(fmt.Sprintf("/admin/dispatch-rules/%d/delete", r.ID), url.Values{"version": {fmt.Sprint(r.Version)}})
		}},
		authzCase{route: "GET /api/v1/dispatch-rules", allow: rules, req: func(e *webtest.Env, in bool) target {
			node, _ := ruleSide(e, in)
			return target{method: "GET", path: fmt.Sprintf("/api/v1/dispatch-rules?under=%d", node)}
		}},
		authzCase{route: "GET /api/v1/dispatch-rules/{id}", allow: rules, req: func(e *webtest.Env, in bool) target {
			return target{method: "GET", path: fmt.Sprintf("/api/v1/dispatch-rules/%d", cf(e).rule(e, in).ID)}
		}},
		authzCase{route: "POST /api/v1/dispatch-rules", allow: rules, req: func(e *webtest.Env, in bool) target {
			node, unit := ruleSide(e, in)
			return target{method: "POST", path: "/api/v1/dispatch-rules", json: map[string]any{"node_id": node, "unit_id": unit,
				"category_id": cf(e).freeCategory(e, in)}}
		}},
		authzCase{route: "PUT /api/v1/dispatch-rules/{id}", allow: rules, req: func(e *webtest.Env, in bool) target {
			r := cf(e).rule(e, in)
			return target{method: "PUT", path: fmt.Sprintf("/api/v1/dispatch-rules/%d", r.ID), json: map[string]any{"node_id": r.NodeID,
				"unit_id": r.UnitID, "category_id": r.CategoryID, "note": "改", "version": r.Version}}
		}},
		authzCase{route: "DELETE /api/v1/dispatch-rules/{id}", allow: rules, req: func(e *webtest.Env, in bool) target {
			r := cf(e).rule(e, in)
			return target{method: "DELETE", path: fmt.Sprintf("/api/v1/dispatch-rules/%d?version=%d", r.ID, r.Version)}
		}},
	)
}
