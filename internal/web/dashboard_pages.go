package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/i18n"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/store"
)

func (s *Server) dashboardRoutes() []route {
	return append([]route{
		page("GET", "/dashboard", account.DashboardView, s.dashboardPage),
		page("GET", "/dashboard/cases", account.DashboardView, s.figureCasesPage),
		page("GET", "/dashboard/export", account.DashboardView, s.dashboardExport),
	}, s.indicatorRoutes()...)
}

// The indicators each part of the dashboard shows.
var (
	kpiCodes = []string{"reported", "valid_rate", "registered", "dispatch_accuracy", "ack_on_time_rate", "handle_on_time_rate",
		"overdue", "close_rate", "close_on_time_rate", "avg_handle_hours", "satisfaction_rate", "self_handled"}
	tableCodes    = []string{"reported", "registered", "handle_on_time_rate", "overdue", "close_rate", "close_on_time_rate", "satisfaction_rate"}
	unitCodes     = []string{"dispatched", "dispatch_accuracy", "ack_on_time_rate", "handle_on_time_rate", "overdue", "rework_rate", "satisfaction_rate"}
	workerCodes   = []string{"reported", "self_handled", "close_rate", "close_on_time_rate", "satisfaction_rate"}
	categoryCodes = []string{"reported", "registered", "overdue", "close_on_time_rate"}
	trendCodes    = []string{"reported", "closed", "overdue"}
	// defaultRank is what areas are ranked by unless the person chooses: the published
	// figure leaders are judged on.
	defaultRank = "close_on_time_rate"
)

// overdueBoardSize is how many late cases the overdue board lists, latest due first.
const overdueBoardSize = 10

// screenRefreshSeconds is how often the big screen (大屏) reloads its figures.
const screenRefreshSeconds = 60

// definitions are the built-in indicators of the codes, which no edit removes.
func definitions(cat indicators.Catalogue, codes []string) []*indicators.Definition {
	out := make([]*indicators.Definition, 0, len(codes))
	for _, c := range codes {
		out = append(out, cat.ByCode(c))
	}
	return out
}

// dashData is the dashboard page.
type dashData struct {
	Node               *admin.Node   // the area; nil for the whole tree or a handler's unit
	Crumbs             []*admin.Node // the areas above it the person may open
	UnitName           string        // a handler's unit
	Period             string
	Previous           string
	Grain              string
	From, To           string
	Grains             []indicators.Grain
	Prev               string // the link to the period before
	Next               string // and after, when it has begun
	Screen             bool   // the big screen (大屏)
	Refresh            int    // its reload interval in seconds
	ScreenURL, PageURL string
	Rank               string
	Ranks              []*indicators.Definition
	KPIs               []dashCell
	Areas              *dashTable
	Units              *dashTable
	Workers            *dashTable
	Overdue            []caseRow
	OverdueAll         string // the queue of every late case
	Milestones         string // the CSV of the period's cases with every milestone
	Charts             string // JSON for dashboard.js
	Export             string // the query of the workbooks of the tables, but for the table's name
	Indicators         int    // how many indicators the workbook of every figure holds
	Failed             bool   // the request was refused: the form shows why
}

// dashTable is a table of figures: a row per area, unit, worker or category.
type dashTable struct {
	Heads []*indicators.Definition
	Rows  []dashRow
}

type dashRow struct {
	Name  string
	Href  string // the area's own dashboard
	Own   bool
	Cells []dashCell
}

// dashCell is one figure as the page shows it: the value, last period's, the change and
// which way it went, and the link to the cases behind it.
type dashCell struct {
	Def     *indicators.Definition
	Name    string
	Text    string
	Prev    string
	Change  string
	Dir     string // "better", "worse" or ""
	Href    string
	Explain string
}

func (s *Server) dashCell(lang i18n.Lang, c figureCell) dashCell {
	d := dashCell{Def: c.Def, Name: c.Def.Name(string(lang)), Text: c.Def.Format(c.Cur, string(lang)), Prev: c.Def.Format(c.Prev, string(lang)),
		Change: c.Def.FormatChange(c.Change, string(lang)), Href: "/dashboard/cases?" + c.CasesQuery}
	if lang == i18n.EN {
		d.Explain = c.Def.ExplainEN
	} else {
		d.Explain = c.Def.ExplainZH
	}
	switch {
	case c.Change.Known && c.Change.Hundredths != 0 && c.Change.Better:
		d.Dir = "better"
	case c.Change.Known && c.Change.Hundredths != 0:
		d.Dir = "worse"
	}
	return d
}

// dashQuery is the dashboard's own query for another area or period.
func dashQuery(req figureRequest, nodeID int64, screen bool) string {
	q := url.Values{"grain": {string(req.Period.Grain)}, "from": {req.Period.From.String()}}
	if req.Period.Grain == indicators.Custom {
		q.Set("to", req.Period.To.String())
	}
	if nodeID != 0 {
		q.Set("node_id", strconv.FormatInt(nodeID, 10))
	}
	if screen {
		q.Set("screen", "1")
	}
	return "/dashboard?" + q.Encode()
}

func (s *Server) dashboardPage(w http.ResponseWriter, r *http.Request) error {
	st := state(r)
	q := r.URL.Query()
	f := &form{Values: q, Errors: map[string]string{}}
	d := dashData{Screen: q.Get("screen") == "1", Refresh: screenRefreshSeconds, Grains: indicators.Grains, Rank: q.Get("rank")}
	catalogue, err := s.catalogue(r)
	if err != nil {
		return err
	}
	if catalogue.ByCode(d.Rank) == nil {
		d.Rank = defaultRank
	}
	for _, def := range catalogue {
		if def.Unit != indicators.Count || def.LowerIsBetter {
			d.Ranks = append(d.Ranks, def)
		}
	}
	// The dashboard chooses its own breakdowns and indicators.
	only := cloneQuery(q)
	only.Del("by")
	only.Del("codes")
	req, err := s.readFigureRequest(r, only)
	if err == nil {
		err = s.fillDashboard(r, req, &d)
	}
	if err != nil {
		if !f.absorb(st.lang, err) {
			return err
		}
		d.Failed = true
		return s.renderCode(w, r, statusFor(err), "dashboard", view{Title: "title.dashboard", Section: "dashboard", Form: f,
			Fields: dashFields, Data: d, Screen: d.Screen})
	}
	return s.render(w, r, "dashboard", view{Title: "title.dashboard", Section: "dashboard", Form: f, Fields: dashFields, Data: d, Screen: d.Screen})
}

// dashFields are the period form's fields, for its error summary.
var dashFields = formFields{"node_id", "dash.area", "grain", "dash.grain", "from", "dash.from", "to", "dash.to"}

// figureCasesFields are the drill-down's parameters: none is a field on its page.
var figureCasesFields = formFields{"node_id", "dash.area", "grain", "dash.grain", "from", "dash.from", "to", "dash.to", "by", "dash.by",
	"key", "dash.key", "code", "dash.indicator", "part", "dash.part", "limit", "dash.limit"}

// fillDashboard computes every part of the dashboard of req.
func (s *Server) fillDashboard(r *http.Request, req figureRequest, d *dashData) error {
	ctx, st := r.Context(), state(r)
	lang := st.lang
	d.Grain, d.From, d.To = string(req.Period.Grain), req.Period.From.String(), req.Period.To.String()
	today := calendar.DateOf(s.db.Clock().Now())
	d.Period, d.Previous = req.Period.Label(string(lang)), req.Period.SoFar(today).Label(string(lang))
	table := func(by store.Dimension, codes []string) (*figureTable, error) {
		x := req
		x.By, x.Codes = by, definitions(req.Catalogue, codes)
		return s.figures(r, x)
	}
	kpi, err := table(store.ByNone, kpiCodes)
	if err != nil {
		return err
	}
	d.Node = kpi.Node
	for _, c := range kpi.Groups[0].Cells {
		d.KPIs = append(d.KPIs, s.dashCell(lang, c))
	}
	nodeID := int64(0)
	if d.Node != nil {
		nodeID = d.Node.ID
		if d.Crumbs, err = s.db.Ancestors(ctx, d.Node); err != nil {
			return err
		}
		kept := d.Crumbs[:0]
		for _, a := range d.Crumbs {
			if st.p.InScope(a.Path) {
				kept = append(kept, a)
			}
		}
		d.Crumbs = kept
	}
	if st.p.Role == account.Handler {
		if u, err := s.db.Unit(ctx, st.p, st.p.UnitID); err == nil {
			d.UnitName = u.Name
		}
	}
	d.PageURL, d.ScreenURL = dashQuery(req, nodeID, false), dashQuery(req, nodeID, true)
	d.Export, d.Indicators = "/dashboard/export?"+strings.TrimPrefix(d.PageURL, "/dashboard?")+"&table=", len(req.Catalogue)
	prev := req
	prev.Period = req.Period.Previous()
	d.Prev = dashQuery(prev, nodeID, d.Screen)
	next := req
	next.Period = indicators.PeriodOf(req.Period.Grain, req.Period.To.AddDays(1))
	if req.Period.Grain == indicators.Custom {
		next.Period = indicators.Period{Grain: indicators.Custom, From: req.Period.To.AddDays(1), To: req.Period.To.AddDays(req.Period.Days())}
	}
	if !today.Before(next.Period.From) {
		d.Next = dashQuery(next, nodeID, d.Screen)
	}
	charts := dashCharts{Rank: d.Rank}
	hasChildren := st.p.Role != account.Handler && (d.Node == nil || d.Node.Level < admin.Grid)
	if hasChildren {
		codes := append(append([]string{}, tableCodes...), d.Rank)
		areas, err := table(store.ByArea, codes)
		if err != nil {
			return err
		}
		d.Areas = s.dashTable(lang, areas, tableCodes, func(g figureRow) string {
			if id, err := strconv.ParseInt(g.Key, 10, 64); err == nil && !g.Own {
				return dashQuery(req, id, d.Screen)
			}
			return ""
		})
		charts.ranking(lang, areas, d.Rank, func(g figureRow) string {
			if id, err := strconv.ParseInt(g.Key, 10, 64); err == nil && !g.Own {
				return dashQuery(req, id, d.Screen)
			}
			return ""
		})
		charts.areaMap(d.Node, areas)
	}
	if st.p.Role != account.Handler && (d.Node == nil || d.Node.Level <= admin.Street) {
		units, err := table(store.ByUnit, unitCodes)
		if err != nil {
			return err
		}
		d.Units = s.dashTable(lang, units, unitCodes, nil)
	}
	if d.Node != nil && d.Node.Level >= admin.Community {
		workers, err := table(store.ByWorker, workerCodes)
		if err != nil {
			return err
		}
		d.Workers = s.dashTable(lang, workers, workerCodes, nil)
	}
	cats, err := table(store.ByCategory, categoryCodes)
	if err != nil {
		return err
	}
	charts.categories(lang, cats)
	trend, err := table(store.ByDay, trendCodes)
	if err != nil {
		return err
	}
	charts.trend(lang, req.Period, today, trend)
	late := store.CaseFilter{Queue: store.QueueAll, NodeID: nodeID, Light: cases.Red, Sort: "due", Limit: overdueBoardSize}
	list, _, err := s.db.ListCases(ctx, st.p, late)
	if err != nil {
		return err
	}
	if d.Overdue, err = s.caseRows(ctx, st.p, list); err != nil {
		return err
	}
	all := url.Values{"queue": {"all"}, "light": {"red"}, "sort": {"due"}}
	if nodeID != 0 {
		all.Set("node", strconv.FormatInt(nodeID, 10))
	}
	d.OverdueAll = "/cases?" + all.Encode()
	period := url.Values{"queue": {"all"}, "from": {req.Period.From.String()}, "to": {req.Period.To.String()}}
	if nodeID != 0 {
		period.Set("node", strconv.FormatInt(nodeID, 10))
	}
	d.Milestones = "/cases/export.csv?" + period.Encode()
	charts.Texts = map[string]string{"trend": i18n.T(lang, "dash.trend"), "categories": i18n.T(lang, "dash.categories"),
		"ranking": i18n.T(lang, "dash.ranking"), "map": i18n.T(lang, "dash.map"), "none": i18n.T(lang, "dash.chart_none"),
		"reported": i18n.T(lang, "dash.map_reported"), "overdue": i18n.T(lang, "dash.map_overdue")}
	b, err := json.Marshal(charts)
	if err != nil {
		return err
	}
	d.Charts = string(b)
	return nil
}

// dashTable turns figures into a table of the given indicators (the figures may hold
// more, for the charts), each row linking where href says.
func (s *Server) dashTable(lang i18n.Lang, t *figureTable, codes []string, href func(figureRow) string) *dashTable {
	out := &dashTable{Heads: definitions(t.Catalogue, codes)}
	for _, g := range t.Groups {
		row := dashRow{Name: g.Name, Own: g.Own}
		if g.Own {
			row.Name = i18n.T(lang, "dash.own", g.Name)
		}
		if href != nil {
			row.Href = href(g)
		}
		for _, c := range g.Cells[:len(codes)] {
			row.Cells = append(row.Cells, s.dashCell(lang, c))
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}
