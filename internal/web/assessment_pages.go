package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/store"
)

func (s *Server) assessmentRoutes() []route {
	return []route{
		page("GET", "/assessment", account.DashboardView, s.assessmentPage),
		page("POST", "/assessment/publish", account.AssessmentManage, s.assessmentPublish),
		page("GET", "/assessment/export.xlsx", account.DashboardView, s.assessmentExport),
		page("GET", "/assessment/scheme", account.AssessmentManage, s.assessmentSchemePage),
		page("POST", "/assessment/scheme", account.AssessmentManage, s.assessmentSchemeSave),
		page("GET", "/assessment/ratings", account.AssessmentManage, s.ratingsPage),
		page("POST", "/assessment/ratings", account.AssessmentManage, s.ratingsSave),
		api("GET", "/api/v1/assessment", account.DashboardView, s.apiAssessment, apiDoc{
			Summary: "A month's assessment of the departments, areas or grid workers of an area: scores, ranks and every input; the published report when the month is published, with the adjustments since",
			Tag:     "indicators", Response: assessmentJSON{}, Query: []param{
				{"node_id", "integer", "The area (default: the top of the caller's scope)"},
				{"assessed", "string", "unit (default: departments and embedded units), area (the areas one level down) or worker (grid workers)"},
				{"month", "string", "YYYY-MM (default: last month)"},
			}}),
	}
}

// assessmentDimension is what each kind of assessment breaks figures down by.
var assessmentDimension = map[indicators.Assessed]store.Dimension{
	indicators.Departments: store.ByUnit, indicators.Areas: store.ByArea, indicators.GridWorkers: store.ByWorker}

// assessmentRequest is an area, a kind and a month.
type assessmentRequest struct {
	Node     *admin.Node
	Assessed indicators.Assessed
	Month    store.Month
}

func (s *Server) readAssessmentRequest(r *http.Request, q url.Values) (assessmentRequest, error) {
	ctx, p := r.Context(), principal(r)
	var v errs.Validation
	var out assessmentRequest
	out.Assessed = indicators.Assessed(q.Get("assessed"))
	if out.Assessed == "" {
		out.Assessed = indicators.Departments
	}
	v.Check(assessmentDimension[out.Assessed] != "", "assessed", "err.scheme_assessed")
	out.Month = store.MonthOf(s.db.Clock().Now()).Previous()
	if m := q.Get("month"); m != "" {
		var err error
		if out.Month, err = store.ParseMonth(m, "month"); !v.Merge(err) {
			return out, err
		}
	}
	var nodeID int64
	if id := q.Get("node_id"); id != "" {
		n, err := strconv.ParseInt(id, 10, 64)
		if !v.Check(err == nil && n > 0, "node_id", "err.number") {
			return out, v.Err()
		}
		nodeID = n
	}
	if err := v.Err(); err != nil {
		return out, err
	}
	var err error
	switch {
	case nodeID != 0:
		out.Node, err = s.db.Node(ctx, p, nodeID)
		if errs.Is(err, errs.NotFound) {
			err = &errs.Error{Code: errs.Forbidden, Msg: errs.M("err.figure_scope"), Fields: []errs.FieldError{{Field: "node_id", Msg: errs.M("err.figure_scope")}}}
		}
	default:
		out.Node, err = s.db.ScopeRoot(ctx, p)
		if err == nil && out.Node == nil { // the whole tree: its first top area
			var roots []*admin.Node
			if roots, err = s.db.Nodes(ctx, p, store.NodeFilter{Roots: true}); err == nil && len(roots) > 0 {
				out.Node = roots[0]
			}
		}
		if err == nil && out.Node == nil {
			err = errs.ForbiddenErr()
		}
	}
	return out, err
}

// period is the month as a period of figures.
func (req assessmentRequest) period() indicators.Period {
	return indicators.PeriodOf(indicators.Month, calendar.Date{Year: int(req.Month) / 100, Month: time.Month(int(req.Month) % 100), Day: 1})
}

// assessment is a month's assessment as pages show it: the published report, or the
// figures now when the month is not published; with a published one, what has moved.
type assessment struct {
	assessmentRequest
	Scheme      []indicators.Weight
	SchemeFrom  int64 // the area whose scheme it is (0: the default)
	Version     int
	Results     []indicators.Result
	Published   *store.AssessmentReport
	Adjustments []indicators.Adjustment
	figures     figureRequest // the request the live figures came from, for drill-downs
}

// assessmentOf reads the request in q and assesses it.
func (s *Server) assessmentOf(r *http.Request, q url.Values) (*assessment, error) {
	req, err := s.readAssessmentRequest(r, q)
	if err != nil {
		return nil, err
	}
	return s.assess(r, req)
}

// assess computes the live results of req and, if the month is published, reads it.
func (s *Server) assess(r *http.Request, req assessmentRequest) (*assessment, error) {
	ctx, p := r.Context(), principal(r)
	scheme, err := s.db.AssessmentScheme(ctx, p, req.Node.ID, req.Assessed)
	if err != nil {
		return nil, err
	}
	catalogue, err := s.catalogue(r)
	if err != nil {
		return nil, err
	}
	a := &assessment{assessmentRequest: req, Scheme: scheme.Weights, SchemeFrom: scheme.NodeID, Version: scheme.Version}
	var codes []*indicators.Definition
	for _, w := range scheme.Weights {
		if d := catalogue.ByCode(w.Indicator); d != nil {
			codes = append(codes, d)
		}
	}
	a.figures = figureRequest{FigureQuery: store.FigureQuery{NodeID: req.Node.ID, Period: req.period(), By: assessmentDimension[req.Assessed]},
		Codes: codes, Catalogue: catalogue}
	t, err := s.figures(r, a.figures)
	if err != nil {
		return nil, err
	}
	var bodies []indicators.Body
	at := map[string]int{}
	for _, g := range t.Groups {
		if req.Assessed == indicators.Departments && g.Key == "0" {
			continue // cases never dispatched are no unit's
		}
		b := indicators.Body{Key: g.Key, Name: g.Name, Values: map[string]indicators.Value{}}
		if g.Own {
			b.Name = i18n.T(state(r).lang, "dash.own", g.Name)
		}
		for _, c := range g.Cells {
			b.Values[c.Def.Code] = c.Cur
		}
		at[g.Key] = len(bodies)
		bodies = append(bodies, b)
	}
	if req.Assessed == indicators.Departments {
		if bodies, err = s.addRatings(r, req, bodies, at); err != nil {
			return nil, err
		}
	}
	live := (&indicators.Scheme{Assessed: req.Assessed, Weights: scheme.Weights}).Assess(catalogue, bodies)
	a.Results = live
	if a.Published, err = s.db.AssessmentReport(ctx, p, req.Node.ID, req.Assessed, req.Month); err != nil {
		return nil, err
	}
	if a.Published != nil {
		a.Scheme, a.Results = a.Published.Scheme, a.Published.Results
		// The figures now, by the published scheme, against the published ones.
		now := (&indicators.Scheme{Assessed: req.Assessed, Weights: a.Published.Scheme}).Assess(catalogue, bodies)
		a.Adjustments = indicators.Adjustments(a.Published.Results, now)
	}
	return a, nil
}

// addRatings puts each unit's community rating into its figures, adding the units rated
// that had no case.
func (s *Server) addRatings(r *http.Request, req assessmentRequest, bodies []indicators.Body, at map[string]int) ([]indicators.Body, error) {
	ratings, err := s.db.UnitRatings(r.Context(), req.Node.Path, req.Month)
	if err != nil {
		return nil, err
	}
	var missing []int64
	for id := range ratings {
		if _, ok := at[strconv.FormatInt(id, 10)]; !ok {
			missing = append(missing, id)
		}
	}
	names, err := s.db.UnitNames(r.Context(), principal(r), missing)
	if err != nil {
		return nil, err
	}
	for _, id := range missing {
		key := strconv.FormatInt(id, 10)
		at[key] = len(bodies)
		bodies = append(bodies, indicators.Body{Key: key, Name: names[id], Values: map[string]indicators.Value{}})
	}
	for i := range bodies {
		id, _ := strconv.ParseInt(bodies[i].Key, 10, 64)
		v, ok := ratings[id]
		if !ok {
			v = indicators.Value{Undefined: true}
		}
		bodies[i].Values[indicators.CommunityRating] = v
	}
	return bodies, nil
}
