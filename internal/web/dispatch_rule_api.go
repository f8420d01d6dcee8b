package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/store"
)

func (s *Server) dispatchRuleAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/dispatch-rules", account.RuleManage, s.apiDispatchRules, apiDoc{
			Summary: "List the dispatch rules of the places in the caller's scope", Tag: "dispatch rules",
			Response: dispatchRuleListResponse{},
			Query: []param{
				{"under", "integer", "Rules of this place and the places below it"},
				{"unit", "integer", "Rules that send cases to this unit"},
				{"category", "integer", "Rules of this category (a major class: of its minor classes too)"},
				{"any_category", "boolean", "Only the rules for any category"},
				{"limit", "integer", "At most this many (default 200, at most 1000)"},
			}}),
		api("GET", "/api/v1/dispatch-rules/{id}", account.RuleManage, s.apiDispatchRule, apiDoc{
			Summary: "One dispatch rule", Tag: "dispatch rules", Response: dispatchRuleResponse{}}),
		api("POST", "/api/v1/dispatch-rules", account.RuleManage, s.apiDispatchRuleCreate, apiDoc{
			Summary: "Add a rule: the cases of a place (and below), of a category or of any, go to a unit", Tag: "dispatch rules",
			Request: dispatchRuleRequest{}, Response: dispatchRuleResponse{}, Status: http.StatusCreated}),
		api("PUT", "/api/v1/dispatch-rules/{id}", account.RuleManage, s.apiDispatchRuleUpdate, apiDoc{
			Summary: "Replace a rule", Tag: "dispatch rules", Request: dispatchRuleRequest{}, Response: dispatchRuleResponse{}}),
		api("DELETE", "/api/v1/dispatch-rules/{id}", account.RuleManage, s.apiDispatchRuleDelete, apiDoc{
			Summary: "Remove a rule; cases already dispatched keep their unit", Tag: "dispatch rules",
			Query: []param{{"version", "integer", "The version read (required)"}}}),
	}
}

type dispatchRuleResponse struct {
	ID           int64     `json:"id"`
	NodeID       int64     `json:"node_id" doc:"The place whose cases (and those of the places below) the rule sends"`
	NodeName     string    `json:"node_name"`
	CategoryID   int64     `json:"category_id,omitempty" doc:"A minor or a major class; absent for any category"`
	CategoryName string    `json:"category_name,omitempty"`
	UnitID       int64     `json:"unit_id"`
	UnitName     string    `json:"unit_name"`
	UnitRetired  bool      `json:"unit_retired" doc:"A rule naming a retired unit no longer applies"`
	Note         string    `json:"note,omitempty"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Version      int       `json:"version" doc:"Send it back with every change (optimistic locking)"`
}

type dispatchRuleListResponse struct {
	Items     []dispatchRuleResponse `json:"items"`
	Truncated bool                   `json:"truncated"`
}

type dispatchRuleRequest struct {
	NodeID     int64  `json:"node_id" doc:"A place in the caller's scope"`
	CategoryID int64  `json:"category_id,omitempty" doc:"0 or absent for any category"`
	UnitID     int64  `json:"unit_id" doc:"An active unit of the caller's scope or of a place above it"`
	Note       string `json:"note,omitempty" doc:"At most 200 characters"`
	Version    int    `json:"version,omitempty" doc:"PUT: the version read"`
}

func dispatchRuleJSON(t *cases.Tree, rl *cases.DispatchRule) dispatchRuleResponse {
	return dispatchRuleResponse{ID: rl.ID, NodeID: rl.NodeID, NodeName: rl.NodeName, CategoryID: rl.CategoryID,
		CategoryName: ruleCategoryLabel(t, rl.CategoryID), UnitID: rl.UnitID, UnitName: rl.UnitName, UnitRetired: rl.UnitRetired,
		Note: rl.Note, CreatedAt: rl.Created, UpdatedAt: rl.Updated, Version: rl.Version}
}

func (s *Server) apiDispatchRules(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var v errs.Validation
	collect := func(err error) {
		if e := errs.As(err); e != nil {
			for _, x := range e.Fields {
				v.Add(x.Field, x.Msg.Key, x.Msg.Args...)
			}
		}
	}
	var f store.DispatchRuleFilter
	var err error
	if f.Under, err = queryInt(r, "under"); err != nil {
		collect(err)
	}
	if f.UnitID, err = queryInt(r, "unit"); err != nil {
		collect(err)
	}
	if f.CategoryID, err = queryInt(r, "category"); err != nil {
		collect(err)
	}
	if f.AnyOnly, err = treeBoolParam(r, "any_category"); err != nil {
		collect(err)
	}
	limit, err := treeLimitParam(r)
	if err != nil {
		collect(err)
	}
	if err := v.Err(); err != nil {
		return err
	}
	f.Limit = limit + 1
	rules, err := s.db.DispatchRules(ctx, principal(r), f)
	if err != nil {
		return err
	}
	t, err := s.db.Categories(ctx)
	if err != nil {
		return err
	}
	out := dispatchRuleListResponse{Items: []dispatchRuleResponse{}}
	if len(rules) > limit {
		rules, out.Truncated = rules[:limit], true
	}
	for _, rl := range rules {
		out.Items = append(out.Items, dispatchRuleJSON(t, rl))
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) writeDispatchRule(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	rl, err := s.db.DispatchRule(r.Context(), principal(r), id)
	if err != nil {
		return err
	}
	t, err := s.db.Categories(r.Context())
	if err != nil {
		return err
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/dispatch-rules/"+strconv.FormatInt(id, 10))
	}
	writeJSON(w, status, dispatchRuleJSON(t, rl))
	return nil
}

func (s *Server) apiDispatchRule(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeDispatchRule(w, r, http.StatusOK, id)
}

func (req dispatchRuleRequest) input() cases.DispatchRuleInput {
	return cases.DispatchRuleInput{NodeID: req.NodeID, CategoryID: req.CategoryID, UnitID: req.UnitID, Note: req.Note}
}

func (s *Server) apiDispatchRuleCreate(w http.ResponseWriter, r *http.Request) error {
	var req dispatchRuleRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := s.ruleNodeVisible(r, req.NodeID); err != nil {
		return err
	}
	rl, err := s.db.CreateDispatchRule(r.Context(), principal(r), req.input())
	if err != nil {
		return err
	}
	return s.writeDispatchRule(w, r, http.StatusCreated, rl.ID)
}

func (s *Server) apiDispatchRuleUpdate(w http.ResponseWriter, r *http.Request) error {
	var req dispatchRuleRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	rl, err := recordToChange(r, s.db.DispatchRule, req.Version)
	if err != nil {
		return err
	}
	if err := s.ruleNodeVisible(r, req.NodeID); err != nil {
		return err
	}
	if _, err := s.db.UpdateDispatchRule(r.Context(), principal(r), rl.ID, req.input(), req.Version); err != nil {
		return err
	}
	return s.writeDispatchRule(w, r, http.StatusOK, rl.ID)
}

func (s *Server) apiDispatchRuleDelete(w http.ResponseWriter, r *http.Request) error {
	version, err := queryInt(r, "version")
	if err != nil {
		return err
	}
	rl, err := recordToChange(r, s.db.DispatchRule, int(version))
	if err != nil {
		return err
	}
	if err := s.db.DeleteDispatchRule(r.Context(), principal(r), rl.ID, int(version)); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
