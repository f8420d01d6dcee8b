package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/store"
)

// figureParams are the query parameters every figure and drill-down takes.
var figureParams = []param{
	{"node_id", "integer", "The area (default: the top of the caller's scope); a handler's figures are always its unit's"},
	{"grain", "string", "day, week, month (default), quarter, year or custom"},
	{"from", "string", "A day in the period, YYYY-MM-DD (default today); for custom, its first day"},
	{"to", "string", "custom only: the period's last day, at most 366 days after from"},
	{"by", "string", "Breakdown: area (one level down), unit, worker, category, source, triage or day; empty for one figure"},
}

func (s *Server) indicatorAPIRoutes() []route {
	return []route{
		api("GET", "/api/v1/indicators", account.DashboardView, s.apiIndicators, apiDoc{
			Summary: "The indicators: code, name, formula over facts, unit and explanation",
			Tag:     "indicators", Response: indicatorList{}}),
		api("POST", "/api/v1/indicators", account.IndicatorManage, s.apiIndicatorCreate, apiDoc{
			Summary: "Add an indicator of one's own: a formula over facts (see the facts of the built-in ones)",
			Tag:     "indicators", Request: indicatorRequest{}, Response: indicatorJSON{}, Status: http.StatusCreated}),
		api("PUT", "/api/v1/indicators/{code}", account.IndicatorManage, s.apiIndicatorUpdate, apiDoc{
			Summary: "Replace an indicator's names, formula, unit, direction and explanations; the code stays, and a built-in indicator keeps its formula and unit",
			Tag:     "indicators", Request: indicatorRequest{}, Response: indicatorJSON{}}),
		api("GET", "/api/v1/indicators/figures", account.DashboardView, s.apiFigures, apiDoc{
			Summary:  "Figures of an area over a period, with the previous period's beside them, optionally broken down",
			Tag:      "indicators",
			Query:    append(append([]param{}, figureParams...), param{"codes", "string", "Comma-separated indicator codes (default: all)"}),
			Response: figuresResponse{}}),
		api("GET", "/api/v1/indicators/cases", account.DashboardView, s.apiFigureCases, apiDoc{
			Summary: "The cases behind a figure's numerator or denominator; their sum is the figure's",
			Tag:     "indicators",
			Query: append(append([]param{}, figureParams...),
				param{"code", "string", "The indicator (required)"},
				param{"part", "string", "numerator (default) or denominator"},
				param{"key", "string", "The breakdown's group (its key in figures), with by"},
				param{"limit", "integer", "At most this many facts, newest first (default and most: 1000)"}),
			Response: figureCasesResponse{}}),
	}
}

// catalogue is the indicators figures are computed for, in the order pages show them.
func (s *Server) catalogue(r *http.Request) (indicators.Catalogue, error) {
	return s.db.Indicators(r.Context())
}

type indicatorList struct {
	Items []indicatorJSON `json:"items"`
}

type indicatorJSON struct {
	Code          string     `json:"code"`
	Name          string     `json:"name"`
	Unit          string     `json:"unit" doc:"count, percent or hours (working hours)"`
	UnitName      string     `json:"unit_name"`
	Formula       string     `json:"formula" doc:"Over facts, e.g. closed / close_due"`
	Numerator     []factJSON `json:"numerator"`
	Denominator   []factJSON `json:"denominator,omitempty" doc:"Empty for a count"`
	Complement    bool       `json:"complement,omitempty" doc:"The figure is 100 % minus numerator / denominator"`
	LowerIsBetter bool       `json:"lower_is_better,omitempty" doc:"Fewer is better (超期数, 返工率): rankings turn around"`
	Explain       string     `json:"explain"`
	Builtin       bool       `json:"builtin" doc:"Seeded with the published definition: its formula and unit are fixed"`
	Version       int        `json:"version" doc:"Send it back with a change (optimistic locking)"`
}

type indicatorRequest struct {
	Code          string `json:"code,omitempty" doc:"A new indicator's: a lower-case letter, then lower-case letters, digits or _; ignored on PUT"`
	NameZH        string `json:"name_zh" doc:"At most 40 characters"`
	NameEN        string `json:"name_en" doc:"At most 40 characters"`
	Formula       string `json:"formula,omitempty" doc:"Over facts: a sum (a + b), a share (a / b, (a + b) / c) or a complement (1 - a / b); may be left out on PUT of a built-in indicator"`
	Unit          string `json:"unit,omitempty" doc:"count, percent or hours (an average of working minutes, as hours); may be left out on PUT of a built-in indicator"`
	LowerIsBetter bool   `json:"lower_is_better,omitempty"`
	ExplainZH     string `json:"explain_zh,omitempty" doc:"At most 500 characters"`
	ExplainEN     string `json:"explain_en,omitempty" doc:"At most 500 characters"`
	Version       int    `json:"version,omitempty" doc:"The version read (required on PUT)"`
}

func (req indicatorRequest) input() indicators.Input {
	return indicators.Input{Code: req.Code, NameZH: req.NameZH, NameEN: req.NameEN, Formula: req.Formula, Unit: indicators.Unit(req.Unit),
		LowerIsBetter: req.LowerIsBetter, ExplainZH: req.ExplainZH, ExplainEN: req.ExplainEN}
}

func (s *Server) apiIndicatorCreate(w http.ResponseWriter, r *http.Request) error {
	var req indicatorRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	d, err := s.db.CreateIndicator(r.Context(), principal(r), req.input())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, newIndicatorJSON(state(r).lang, d))
	return nil
}

func (s *Server) apiIndicatorUpdate(w http.ResponseWriter, r *http.Request) error {
	var req indicatorRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.Version <= 0 {
		return errs.FieldInvalid("version", "err.required")
	}
	d, err := s.db.UpdateIndicator(r.Context(), principal(r), r.PathValue("code"), req.input(), req.Version)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, newIndicatorJSON(state(r).lang, d))
	return nil
}

type factJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func factsJSON(lang i18n.Lang, fs []indicators.Fact) []factJSON {
	out := make([]factJSON, len(fs))
	for i, f := range fs {
		out[i] = factJSON{Code: string(f), Name: i18n.T(lang, "fact."+string(f))}
	}
	return out
}

func newIndicatorJSON(lang i18n.Lang, d *indicators.Definition) indicatorJSON {
	explain := d.ExplainZH
	if lang == i18n.EN {
		explain = d.ExplainEN
	}
	return indicatorJSON{Code: d.Code, Name: d.Name(string(lang)), Unit: string(d.Unit), UnitName: i18n.T(lang, "indicator_unit."+string(d.Unit)),
		Formula: d.Formula.String(), Numerator: factsJSON(lang, d.Formula.Numerator), Denominator: factsJSON(lang, d.Formula.Denominator),
		Complement: d.Formula.Complement, LowerIsBetter: d.LowerIsBetter, Explain: explain, Builtin: d.Builtin, Version: d.Version}
}

func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request) error {
	catalogue, err := s.catalogue(r)
	if err != nil {
		return err
	}
	out := indicatorList{Items: make([]indicatorJSON, len(catalogue))}
	for i, d := range catalogue {
		out.Items[i] = newIndicatorJSON(state(r).lang, d)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// figureRequest is what figures are asked for: an area, a period, a breakdown and the
// indicators.
type figureRequest struct {
	store.FigureQuery
	Codes     []*indicators.Definition
	Catalogue indicators.Catalogue // every indicator
}

// readFigureRequest reads a figure request from the query, reporting every field that
// is wrong at once.
func (s *Server) readFigureRequest(r *http.Request, q url.Values) (figureRequest, error) {
	var v errs.Validation
	var req figureRequest
	var err error
	if req.Catalogue, err = s.catalogue(r); err != nil {
		return req, err
	}
	if node := strings.TrimSpace(q.Get("node_id")); node != "" {
		req.NodeID, err = strconv.ParseInt(node, 10, 64)
		v.Check(err == nil && req.NodeID > 0, "node_id", "err.number")
	}
	today := calendar.DateOf(s.db.Clock().Now())
	if req.Period, err = indicators.ParsePeriod(q.Get("grain"), q.Get("from"), q.Get("to"), today); !v.Merge(err) {
		return req, err
	}
	req.By = store.Dimension(strings.TrimSpace(q.Get("by")))
	v.Check(req.By == store.ByNone || validDimension(req.By), "by", "err.figure_dimension")
	req.Codes = req.Catalogue
	if codes := strings.TrimSpace(q.Get("codes")); codes != "" {
		req.Codes = nil
		for _, c := range strings.Split(codes, ",") {
			d := req.Catalogue.ByCode(strings.TrimSpace(c))
			if !v.Check(d != nil, "codes", "err.weight_indicator") {
				break
			}
			req.Codes = append(req.Codes, d)
		}
	}
	return req, v.Err()
}

func validDimension(d store.Dimension) bool {
	for _, x := range store.Dimensions {
		if x == d {
			return true
		}
	}
	return false
}

type figurePeriodJSON struct {
	Grain string `json:"grain"`
	From  string `json:"from"`
	To    string `json:"to"`
	Label string `json:"label" doc:"As pages show it, e.g. 2026年12月"`
}

func newFigurePeriodJSON(lang i18n.Lang, p indicators.Period) figurePeriodJSON {
	return figurePeriodJSON{Grain: string(p.Grain), From: p.From.String(), To: p.To.String(), Label: p.Label(string(lang))}
}

type nodeRefJSON struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Level     string `json:"level" doc:"city, district, street, community, grid or microgrid"`
	LevelName string `json:"level_name"`
}

type figuresResponse struct {
	Node       *nodeRefJSON      `json:"node,omitempty" doc:"The area; absent for the whole tree and for a handler's unit"`
	Period     figurePeriodJSON  `json:"period"`
	Previous   figurePeriodJSON  `json:"previous" doc:"The period before, of the same length"`
	By         string            `json:"by"`
	Indicators []indicatorJSON   `json:"indicators"`
	Groups     []figureGroupJSON `json:"groups" doc:"One without by; else one per area, unit, worker, category, source, triage or day"`
}

type figureGroupJSON struct {
	Key     string       `json:"key" doc:"The group's id or value, for the drill-down's key"`
	Name    string       `json:"name"`
	Own     bool         `json:"own,omitempty" doc:"By area: the cases placed at the area itself rather than below it"`
	Figures []figureJSON `json:"figures" doc:"In the order of indicators"`
}

type figureJSON struct {
	Code string `json:"code"`
	figureValueJSON
	Previous figureValueJSON `json:"previous"`
	Change   string          `json:"change,omitempty" doc:"From the previous period, in the unit (percentage points for a share)"`
	Better   bool            `json:"better,omitempty" doc:"The change is for the better"`
	Cases    string          `json:"cases" doc:"The API address of the cases behind the numerator (add part=denominator for the other)"`
}

type figureValueJSON struct {
	Value *float64 `json:"value" doc:"null when there is nothing to measure (no denominator)"`
	Text  string   `json:"text" doc:"As pages show it: 93.72%, 972, 3.50 工作时, —"`
	Num   int64    `json:"num" doc:"The numerator's sum"`
	Den   int64    `json:"den,omitempty" doc:"The denominator's sum"`
}

func newFigureValue(lang i18n.Lang, d *indicators.Definition, v indicators.Value) figureValueJSON {
	out := figureValueJSON{Text: d.Format(v, string(lang)), Num: v.Num, Den: v.Den}
	if !v.Undefined {
		x := float64(v.Hundredths) / 100
		out.Value = &x
	}
	return out
}

// figureTable is the figures of a request, the current and previous period's, with the
// area they are of.
type figureTable struct {
	figureRequest
	Node     *admin.Node // nil for the whole tree or a handler's unit
	Previous indicators.Period
	Groups   []figureRow
}

// figureRow is one group's figures.
type figureRow struct {
	Key, Name string
	Own       bool
	Cells     []figureCell
}

// figureCell is one indicator's figure in a group.
type figureCell struct {
	Def        *indicators.Definition
	Cur, Prev  indicators.Value
	Change     indicators.Change
	CasesQuery string // the drill-down's query string
}

// figures computes the table of a request: both periods' counters, each group's figure
// of each indicator, and its drill-down query.
func (s *Server) figures(r *http.Request, req figureRequest) (*figureTable, error) {
	ctx, p := r.Context(), principal(r)
	t := &figureTable{figureRequest: req, Previous: req.Period.SoFar(calendar.DateOf(s.db.Clock().Now()))}
	cur, err := s.db.FigureCounts(ctx, p, req.FigureQuery)
	if err != nil {
		return nil, err
	}
	prevQ := req.FigureQuery
	prevQ.Period = t.Previous
	prev, err := s.db.FigureCounts(ctx, p, prevQ)
	if err != nil {
		return nil, err
	}
	if p.Role != account.Handler {
		if req.NodeID != 0 {
			t.Node, err = s.db.Node(ctx, p, req.NodeID)
		} else {
			t.Node, err = s.db.ScopeRoot(ctx, p)
		}
		if err != nil {
			return nil, err
		}
	}
	before := map[string]indicators.Counts{}
	for _, g := range prev {
		before[g.Key] = g.Counts
	}
	if req.By == store.ByNone && len(cur) == 0 {
		cur = []store.FigureGroup{{Counts: indicators.Counts{}}}
	}
	for _, g := range cur {
		row := figureRow{Key: g.Key, Name: s.groupName(state(r).lang, req.By, g)}
		row.Own = req.By == store.ByArea && t.Node != nil && g.Key == strconv.FormatInt(t.Node.ID, 10)
		for _, d := range req.Codes {
			c := figureCell{Def: d, Cur: d.Value(g.Counts), Prev: d.Value(before[g.Key])}
			c.Change = d.ChangeOf(c.Cur, c.Prev)
			c.CasesQuery = req.casesQuery(d.Code, g.Key)
			row.Cells = append(row.Cells, c)
		}
		t.Groups = append(t.Groups, row)
	}
	return t, nil
}

// casesQuery is the drill-down query string of one figure.
func (req figureRequest) casesQuery(code, key string) string {
	q := url.Values{"code": {code}, "grain": {string(req.Period.Grain)}, "from": {req.Period.From.String()}}
	if req.Period.Grain == indicators.Custom {
		q.Set("to", req.Period.To.String())
	}
	if req.NodeID != 0 {
		q.Set("node_id", strconv.FormatInt(req.NodeID, 10))
	}
	if req.By != store.ByNone {
		q.Set("by", string(req.By))
		q.Set("key", key)
	}
	return q.Encode()
}

// groupName is how a group reads: the name the store found, or for sources, triage
// types and days their words.
func (s *Server) groupName(lang i18n.Lang, by store.Dimension, g store.FigureGroup) string {
	switch by {
	case store.BySource:
		return i18n.T(lang, "case_source."+g.Key)
	case store.ByTriage:
		return i18n.T(lang, "triage."+g.Key)
	case store.ByDay:
		return g.Key
	case store.ByUnit:
		if g.Key == "0" {
			return i18n.T(lang, "figures.no_unit")
		}
	}
	return g.Name
}

func (s *Server) apiFigures(w http.ResponseWriter, r *http.Request) error {
	req, err := s.readFigureRequest(r, r.URL.Query())
	if err != nil {
		return err
	}
	t, err := s.figures(r, req)
	if err != nil {
		return err
	}
	lang := state(r).lang
	out := figuresResponse{Period: newFigurePeriodJSON(lang, req.Period), Previous: newFigurePeriodJSON(lang, t.Previous), By: string(req.By),
		Groups: make([]figureGroupJSON, len(t.Groups))}
	if t.Node != nil {
		out.Node = &nodeRefJSON{ID: t.Node.ID, Name: t.Node.Name, Level: strings.TrimPrefix(t.Node.Level.Key(), "level."), LevelName: i18n.T(lang, t.Node.Level.Key())}
	}
	for _, d := range req.Codes {
		out.Indicators = append(out.Indicators, newIndicatorJSON(lang, d))
	}
	for i, g := range t.Groups {
		out.Groups[i] = figureGroupJSON{Key: g.Key, Name: g.Name, Own: g.Own, Figures: make([]figureJSON, len(g.Cells))}
		for j, c := range g.Cells {
			out.Groups[i].Figures[j] = figureJSON{Code: c.Def.Code, figureValueJSON: newFigureValue(lang, c.Def, c.Cur),
				Previous: newFigureValue(lang, c.Def, c.Prev), Change: c.Def.FormatChange(c.Change, string(lang)), Better: c.Change.Better,
				Cases: "/api/v1/indicators/cases?" + c.CasesQuery}
		}
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type figureCasesResponse struct {
	Indicator indicatorJSON    `json:"indicator"`
	Part      string           `json:"part" doc:"numerator or denominator"`
	Facts     []factJSON       `json:"facts" doc:"The facts the part sums"`
	Total     int64            `json:"total" doc:"The part's sum: the figure's num or den"`
	Truncated bool             `json:"truncated" doc:"More facts lie behind the figure than were listed"`
	Items     []figureCaseJSON `json:"items"`
}

type figureCaseJSON struct {
	CaseID   int64     `json:"case_id"`
	Ticket   string    `json:"ticket"`
	Fact     string    `json:"fact"`
	FactName string    `json:"fact_name"`
	At       time.Time `json:"at" doc:"When it counted"`
	N        int64     `json:"n" doc:"How much it counts: 1, or working minutes for handle_minutes"`
	URL      string    `json:"url" doc:"The case's page"`
}

// figureCasesRequest is a drill-down: the figure's request, its group, and which part
// of its formula.
type figureCasesRequest struct {
	figureRequest
	Def   *indicators.Definition
	Part  string
	Key   string
	Limit int
}

func (s *Server) readFigureCasesRequest(r *http.Request) (figureCasesRequest, error) {
	q := r.URL.Query()
	var v errs.Validation
	var out figureCasesRequest
	var err error
	out.figureRequest, err = s.readFigureRequest(r, q)
	if !v.Merge(err) {
		return out, err
	}
	code := strings.TrimSpace(q.Get("code"))
	if out.Def = out.Catalogue.ByCode(code); v.Require("code", code) {
		v.Check(out.Def != nil, "code", "err.weight_indicator")
	}
	out.Part = strings.TrimSpace(q.Get("part"))
	switch {
	case out.Part == "":
		out.Part = "numerator"
	case out.Part != "numerator" && out.Part != "denominator":
		v.Add("part", "err.choose_one")
	case out.Part == "denominator" && out.Def != nil && len(out.Def.Formula.Denominator) == 0:
		v.Add("part", "err.figure_no_denominator")
	}
	out.Key = q.Get("key")
	v.Check(out.By == store.ByNone || out.Key != "", "key", "err.required")
	n, err := queryInt(r, "limit")
	if !v.Merge(err) {
		return out, err
	}
	out.Limit = int(min(n, store.MaxFigureCases))
	return out, v.Err()
}

// facts is the part's facts.
func (req figureCasesRequest) facts() []indicators.Fact {
	if req.Part == "denominator" {
		return req.Def.Formula.Denominator
	}
	return req.Def.Formula.Numerator
}

func (s *Server) apiFigureCases(w http.ResponseWriter, r *http.Request) error {
	req, err := s.readFigureCasesRequest(r)
	if err != nil {
		return err
	}
	list, total, err := s.db.FigureCases(r.Context(), principal(r), req.FigureQuery, req.Key, req.facts(), req.Limit)
	if err != nil {
		return err
	}
	lang := state(r).lang
	out := figureCasesResponse{Indicator: newIndicatorJSON(lang, req.Def), Part: req.Part, Facts: factsJSON(lang, req.facts()),
		Total: total, Items: make([]figureCaseJSON, len(list))}
	var listed int64
	for i, c := range list {
		listed += c.N
		out.Items[i] = figureCaseJSON{CaseID: c.CaseID, Ticket: c.Ticket, Fact: string(c.Fact), FactName: i18n.T(lang, "fact."+string(c.Fact)),
			At: c.At, N: c.N, URL: caseURL(c.CaseID)}
	}
	out.Truncated = listed < total
	writeJSON(w, http.StatusOK, out)
	return nil
}
