package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
)

func (s *Server) categoryAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/categories", account.CaseView, s.apiCategories, apiDoc{
			Summary: "List the case categories: major classes and the minor classes cases are given", Tag: "categories",
			Response: categoryListResponse{},
			Query: []param{
				{"kind", "string", "facility, event or hotline; all kinds when left out"},
				{"leaves", "boolean", "Only the minor classes a new case may be given (default false)"},
				{"include_retired", "boolean", "Include retired categories (default false)"},
			}}),
		api("GET", "/api/v1/categories/{id}", account.CaseView, s.apiCategory, apiDoc{
			Summary: "One category", Tag: "categories", Response: categoryResponse{}}),
		api("POST", "/api/v1/categories", account.CategoryManage, s.apiCategoryCreate, apiDoc{
			Summary: "Add a major class (no parent_id) or a minor class under one", Tag: "categories",
			Request: categoryRequest{}, Response: categoryResponse{}, Status: http.StatusCreated}),
		api("PUT", "/api/v1/categories/{id}", account.CategoryManage, s.apiCategoryUpdate, apiDoc{
			Summary: "Replace a category's code, name, rules, triage, priority, responsibility and limits; its kind and parent stay",
			Tag:     "categories", Request: categoryRequest{}, Response: categoryResponse{}}),
		api("DELETE", "/api/v1/categories/{id}", account.CategoryManage, s.apiCategoryRetire, apiDoc{
			Summary: "Retire a category: no new case may be given it, cases that have it keep it (categories are never erased)",
			Tag:     "categories", Query: []param{{"version", "integer", "The version read (required)"}}, Response: categoryResponse{}}),
		api("POST", "/api/v1/categories/{id}/restore", account.CategoryManage, s.apiCategoryRestore, apiDoc{
			Summary: "Bring a retired category back into use", Tag: "categories",
			Request: treeVersionRequest{}, Response: categoryResponse{}}),
	}
}

// limitJSON is a time limit in the API.
type limitJSON struct {
	Amount int    `json:"amount" doc:"1–250"`
	Unit   string `json:"unit" doc:"working_hours (工作时), working_days (工作日) or natural_hours (自然时)"`
}

type categoryResponse struct {
	ID                 int64                `json:"id"`
	ParentID           int64                `json:"parent_id,omitempty" doc:"The major class; absent for a major class"`
	Kind               string               `json:"kind" doc:"facility (部件), event (事件) or hotline (12345)"`
	Code               string               `json:"code" doc:"Two digits for a major class, four (the major's and two more) for a minor class"`
	Name               string               `json:"name"`
	Path               string               `json:"path" doc:"Major and minor class names, for display"`
	Leaf               bool                 `json:"leaf" doc:"A minor class, which cases are given"`
	RegisterRule       string               `json:"register_rule,omitempty" doc:"立案条件"`
	CloseRule          string               `json:"close_rule,omitempty" doc:"结案条件"`
	Triage             string               `json:"triage,omitempty" doc:"Default 三事分流 class: major, minor or private"`
	TriageName         string               `json:"triage_name,omitempty"`
	Priority           string               `json:"priority,omitempty" doc:"normal, urgent or emergency"`
	Responsibility     string               `json:"responsibility" doc:"owner_first (部件先属主) or area_first (事件先属地)"`
	Limits             map[string]limitJSON `json:"limits,omitempty" doc:"Per stage: acknowledge, handle, verify, visit; a stage left out is not timed"`
	Retired            bool                 `json:"retired"`
	RetiredAt          *time.Time           `json:"retired_at,omitempty"`
	UpdatedAt          time.Time            `json:"updated_at"`
	Version            int                  `json:"version" doc:"Send it back with every change (optimistic locking)"`
	ResponsibilityName string               `json:"responsibility_name"`
}

type categoryListResponse struct {
	Items []categoryResponse `json:"items"`
}

type categoryRequest struct {
	ParentID       int64                `json:"parent_id,omitempty" doc:"The major class of a new minor class; ignored on PUT"`
	Kind           string               `json:"kind,omitempty" doc:"The kind of a new major class; ignored on PUT and for minor classes"`
	Code           string               `json:"code"`
	Name           string               `json:"name" doc:"At most 40 characters"`
	RegisterRule   string               `json:"register_rule,omitempty" doc:"立案条件, required for a minor class, at most 500 characters"`
	CloseRule      string               `json:"close_rule,omitempty" doc:"结案条件, required for a minor class"`
	Triage         string               `json:"triage,omitempty" doc:"major (default), minor or private"`
	Priority       string               `json:"priority,omitempty" doc:"normal (default), urgent or emergency"`
	Responsibility string               `json:"responsibility,omitempty" doc:"Defaults to the kind's: owner_first for facilities, area_first otherwise"`
	Limits         map[string]limitJSON `json:"limits,omitempty" doc:"Minor classes only; handle is required"`
	Version        int                  `json:"version,omitempty" doc:"PUT: the version read"`
}

func (s *Server) categoryJSON(r *http.Request, t *cases.Tree, c *cases.Category) categoryResponse {
	lang := state(r).lang
	out := categoryResponse{ID: c.ID, ParentID: c.ParentID, Kind: string(c.Kind), Code: c.Code, Name: c.Name, Leaf: c.IsLeaf(),
		RegisterRule: c.RegisterRule, CloseRule: c.CloseRule, Responsibility: string(c.Responsibility),
		ResponsibilityName: i18n.T(lang, c.Responsibility.Key()), Retired: c.IsRetired(), RetiredAt: c.Retired,
		UpdatedAt: c.Updated, Version: c.Version}
	out.Path = c.Name
	if m := t.Major(c); m != nil && m != c {
		out.Path = m.Name + " / " + c.Name
	}
	if c.IsLeaf() {
		out.Triage, out.TriageName, out.Priority = string(c.Triage), i18n.T(lang, c.Triage.Key()), string(c.Priority)
		out.Limits = map[string]limitJSON{}
		for _, st := range cases.Stages {
			if l := c.Limit(st); !l.IsZero() {
				out.Limits[string(st)] = limitJSON{Amount: l.Amount, Unit: string(l.Unit)}
			}
		}
	}
	return out
}

func (s *Server) apiCategories(w http.ResponseWriter, r *http.Request) error {
	var v errs.Validation
	kind, err := categoryKindParam(r, "kind", "")
	if err != nil {
		v.Add("kind", "err.choose_one")
	}
	leaves, err := treeBoolParam(r, "leaves")
	if err != nil {
		v.Add("leaves", "err.choose_one")
	}
	retired, err := treeBoolParam(r, "include_retired")
	if err != nil {
		v.Add("include_retired", "err.choose_one")
	}
	if err := v.Err(); err != nil {
		return err
	}
	t, err := s.db.Categories(r.Context())
	if err != nil {
		return err
	}
	out := categoryListResponse{Items: []categoryResponse{}}
	for _, k := range cases.CategoryKinds {
		if kind != "" && k != kind {
			continue
		}
		for _, m := range t.Majors(k) {
			if m.IsRetired() && !retired {
				continue
			}
			if !leaves {
				out.Items = append(out.Items, s.categoryJSON(r, t, m))
			}
			for _, c := range t.Children(m.ID) {
				if !c.IsRetired() || retired {
					out.Items = append(out.Items, s.categoryJSON(r, t, c))
				}
			}
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// writeCategory answers with one category read afresh.
func (s *Server) writeCategory(w http.ResponseWriter, r *http.Request, status int, id int64) error {
	t, err := s.db.Categories(r.Context())
	if err != nil {
		return err
	}
	c := t.ByID(id)
	if c == nil {
		return errs.NotFoundf("entity.category")
	}
	if status == http.StatusCreated {
		w.Header().Set("Location", "/api/v1/categories/"+strconv.FormatInt(id, 10))
	}
	writeJSON(w, status, s.categoryJSON(r, t, c))
	return nil
}

func (s *Server) apiCategory(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	return s.writeCategory(w, r, http.StatusOK, id)
}

func (req categoryRequest) input() cases.CategoryInput {
	in := cases.CategoryInput{ParentID: req.ParentID, Kind: cases.CategoryKind(req.Kind), Code: req.Code, Name: req.Name,
		RegisterRule: req.RegisterRule, CloseRule: req.CloseRule, Triage: cases.Triage(req.Triage), Priority: cases.Priority(req.Priority),
		Responsibility: cases.Responsibility(req.Responsibility), Limits: cases.Limits{}}
	for st, l := range req.Limits {
		in.Limits[cases.Stage(st)] = calendar.Limit{Amount: l.Amount, Unit: calendar.Unit(l.Unit)}
	}
	return in
}

func (s *Server) apiCategoryCreate(w http.ResponseWriter, r *http.Request) error {
	var req categoryRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	c, err := s.db.CreateCategory(r.Context(), principal(r), req.input())
	if err != nil {
		return err
	}
	return s.writeCategory(w, r, http.StatusCreated, c.ID)
}

// apiCategoryTarget reads the {id} category and checks the version sent.
func (s *Server) apiCategoryTarget(r *http.Request, version int) (*cases.Category, error) {
	c, _, err := s.pathCategory(r)
	if err != nil {
		return nil, err
	}
	if version <= 0 {
		return nil, errs.FieldInvalid("version", "err.required")
	}
	return c, nil
}

func (s *Server) apiCategoryUpdate(w http.ResponseWriter, r *http.Request) error {
	var req categoryRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	c, err := s.apiCategoryTarget(r, req.Version)
	if err != nil {
		return err
	}
	if _, err := s.db.UpdateCategory(r.Context(), principal(r), c.ID, req.input(), req.Version); err != nil {
		return err
	}
	return s.writeCategory(w, r, http.StatusOK, c.ID)
}

func (s *Server) apiCategoryRetire(w http.ResponseWriter, r *http.Request) error {
	version, err := queryInt(r, "version")
	if err != nil {
		return err
	}
	c, err := s.apiCategoryTarget(r, int(version))
	if err != nil {
		return err
	}
	if err := s.db.SetCategoryRetired(r.Context(), principal(r), c.ID, true, int(version)); err != nil {
		return err
	}
	return s.writeCategory(w, r, http.StatusOK, c.ID)
}

func (s *Server) apiCategoryRestore(w http.ResponseWriter, r *http.Request) error {
	var req treeVersionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	c, err := s.apiCategoryTarget(r, req.Version)
	if err != nil {
		return err
	}
	if err := s.db.SetCategoryRetired(r.Context(), principal(r), c.ID, false, req.Version); err != nil {
		return err
	}
	return s.writeCategory(w, r, http.StatusOK, c.ID)
}
