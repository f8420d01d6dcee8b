package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// Dimension is what figures are broken down by.
type Dimension string

// The dimensions.
const (
	ByNone     Dimension = ""         // one figure for the area
	ByArea     Dimension = "area"     // the areas one level below (a district's streets…)
	ByUnit     Dimension = "unit"     // the unit holding the cases (0: none)
	ByCategory Dimension = "category" // the category
	BySource   Dimension = "source"   // the channel reported through
	ByTriage   Dimension = "triage"   // 大事, 小事, 私事
	ByDay      Dimension = "day"      // each day of the period
	ByWorker   Dimension = "worker"   // each grid worker: the facts of the cases in the worker's grid
)

// Dimensions are the breakdowns in the order pages offer them.
var Dimensions = []Dimension{ByArea, ByUnit, ByWorker, ByCategory, BySource, ByTriage, ByDay}

// FigureQuery asks for the facts counted in an area over a period, by one dimension.
type FigureQuery struct {
	NodeID int64 // the area; 0 for the top of the caller's scope
	Period indicators.Period
	By     Dimension
}

// FigureGroup is the facts counted for one value of the dimension: Key is the value as
// text (a unit's, category's, area's or grid worker's id, a source, a triage, a day
// YYYY-MM-DD; "" for ByNone), Name the unit's, category's, area's or worker's name.
type FigureGroup struct {
	Key    string
	Name   string
	Counts indicators.Counts
}

// FigureCounts sums the counters for q, reading the month's rows for the period's whole
// months and the day's rows for the rest. A handler's figures are its unit's.
func (db *DB) FigureCounts(ctx context.Context, p *account.Principal, q FigureQuery) ([]FigureGroup, error) {
	f, err := db.figureFilter(ctx, p, q)
	if err != nil {
		return nil, err
	}
	var workers *gridWorkers
	if q.By == ByWorker {
		if workers, err = db.gridWorkersIn(ctx, f.scope); err != nil {
			return nil, err
		}
	}
	parts, err := db.figureParts(ctx, f, q)
	if err != nil {
		return nil, err
	}
	type sum struct {
		key  string
		fact indicators.Fact
		n    int64
	}
	var sums []sum
	for _, part := range parts {
		rows, err := db.query(ctx, part.q, part.args...)
		got, err := collect(rows, err, "entity.case", func(s rowScanner) (sum, error) {
			var x sum
			return x, s.Scan(&x.key, &x.fact, &x.n)
		})
		if err != nil {
			return nil, err
		}
		sums = append(sums, got...)
	}
	slices.SortStableFunc(sums, func(a, b sum) int { return compareKeys(a.key, b.key) })
	var out []FigureGroup
	at := map[string]int{}
	add := func(key string, fact indicators.Fact, n int64) {
		i, ok := at[key]
		if !ok {
			i, at[key] = len(out), len(out)
			out = append(out, FigureGroup{Key: key, Counts: indicators.Counts{}})
		}
		if fact != "" {
			out[i].Counts[fact] += n
		}
	}
	switch q.By { // every area and worker, in their order, those with nothing counted too
	case ByWorker:
		for _, w := range workers.list {
			add(strconv.FormatInt(w.id, 10), "", 0)
		}
	case ByArea:
		if err := db.addChildAreas(ctx, f.scope, add); err != nil {
			return nil, err
		}
	}
	for _, s := range sums {
		key := s.key
		switch q.By {
		case ByArea:
			key = childOf(f.scope, key)
		case ByDay:
			if d, err := strconv.Atoi(key); err == nil {
				key = calendar.Date{Year: d / 10000, Month: time.Month(d / 100 % 100), Day: d % 100}.String()
			}
		case ByWorker:
			for _, id := range workers.of(key) {
				add(strconv.FormatInt(id, 10), s.fact, s.n)
			}
			continue
		}
		add(key, s.fact, s.n)
	}
	return out, db.nameGroups(ctx, q.By, out, workers)
}

// dimensionColumns are the columns of fact_counts and case_facts each dimension reads
// (ByDay reads period in the one, day in the other).
var dimensionColumns = map[Dimension]string{ByNone: "''", ByArea: "node_path", ByUnit: "unit_id", ByCategory: "category_id",
	BySource: "source", ByTriage: "triage", ByDay: "day", ByWorker: "node_path"}

// figureFilter is the part of a figure's query that says whose facts count: the area
// asked for, within the caller's reach, and for a handler its unit's only.
type figureFilter struct {
	scope    string // the area's path, "" for the whole tree
	nodeID   int64  // the area; 0 for the whole tree
	level    admin.Level
	unitOnly bool  // a handler's: one unit's facts
	unitID   int64 // the handler's unit
	where    []string
	args     []any
}

func (db *DB) figureFilter(ctx context.Context, p *account.Principal, q FigureQuery) (*figureFilter, error) {
	if !p.Can(account.DashboardView) {
		return nil, errs.ForbiddenErr()
	}
	lo, hi, ok := p.Scope()
	if !ok && p.Role != account.Handler {
		return nil, errs.ForbiddenErr()
	}
	f := &figureFilter{scope: p.ScopePath, unitOnly: p.Role == account.Handler, unitID: p.UnitID}
	if ids := admin.PathIDs(p.ScopePath); q.NodeID == 0 && len(ids) > 0 {
		n, err := db.nodeByID(ctx, ids[len(ids)-1])
		if err != nil {
			return nil, err
		}
		f.nodeID, f.level = n.ID, n.Level
	}
	if q.NodeID != 0 {
		n, err := db.nodeByID(ctx, q.NodeID)
		if err != nil || (p.Role != account.Handler && !p.InScope(n.Path)) {
			// Forbidden, so no one outside reads it as a mere typo, with the field named.
			return nil, &errs.Error{Code: errs.Forbidden, Msg: errs.M("err.figure_scope"),
				Fields: []errs.FieldError{{Field: "node_id", Msg: errs.M("err.figure_scope")}}}
		}
		f.scope, f.nodeID, f.level = n.Path, n.ID, n.Level
		lo, hi = admin.SubtreeRange(n.Path)
	}
	if _, ok := dimensionColumns[q.By]; !ok {
		return nil, errs.FieldInvalid("by", "err.figure_dimension")
	}
	if lo != "" {
		f.where, f.args = append(f.where, "node_path >= ? AND node_path < ?"), append(f.args, lo, hi)
	}
	if p.Role == account.Handler {
		f.where, f.args = append(f.where, "unit_id = ?"), append(f.args, p.UnitID)
	}
	return f, nil
}

// FigureCase is one fact behind a figure: the case, its ticket, the fact, when it counted
// and how much (1, or minutes for handle_minutes).
type FigureCase struct {
	CaseID int64
	Ticket string
	Fact   indicators.Fact
	At     time.Time
	N      int64
}

// MaxFigureCases bounds the facts one list of the cases behind a figure returns.
const MaxFigureCases = 1000

// FigureCases lists the facts behind the figure of q's group key (FigureGroup.Key) made
// of facts, newest first, at most limit of them (MaxFigureCases when 0 or more), and
// their sum, which is the figure: the same facts counted the same way.
func (db *DB) FigureCases(ctx context.Context, p *account.Principal, q FigureQuery, key string, facts []indicators.Fact,
	limit int) ([]FigureCase, int64, error) {
	f, err := db.figureFilter(ctx, p, q)
	if err != nil {
		return nil, 0, err
	}
	if len(facts) == 0 {
		return nil, 0, errs.FieldInvalid("fact", "err.required")
	}
	day := func(d calendar.Date) int { return d.Year*10000 + int(d.Month)*100 + d.Day }
	where := append([]string{"f.day BETWEEN ? AND ?"}, prefixed("f.", f.where)...)
	args := append([]any{day(q.Period.From), day(q.Period.To)}, f.args...)
	var in []string
	for _, x := range facts {
		if !x.Known() {
			return nil, 0, errs.FieldInvalid("fact", "err.formula_fact")
		}
		in, args = append(in, "?"), append(args, string(x))
	}
	where = append(where, "f.fact IN ("+strings.Join(in, ", ")+")")
	switch q.By {
	case ByNone:
	case ByArea:
		scope := cmp.Or(f.scope, "/")
		if key == childOf(scope, scope) { // the facts of cases placed at the area itself
			where, args = append(where, "f.node_path = ?"), append(args, scope)
		} else {
			lo, hi := admin.SubtreeRange(scope + key + "/")
			where, args = append(where, "f.node_path >= ? AND f.node_path < ?"), append(args, lo, hi)
		}
	case ByDay:
		d, err := calendar.ParseDate(key)
		if err != nil {
			return nil, 0, errs.FieldInvalid("key", "err.date")
		}
		where, args = append(where, "f.day = ?"), append(args, day(d))
	case ByWorker:
		path, err := db.gridWorkerPath(ctx, f.scope, key)
		if err != nil {
			return nil, 0, err
		}
		lo, hi := admin.SubtreeRange(path)
		where, args = append(where, "f.node_path >= ? AND f.node_path < ?"), append(args, lo, hi)
	default:
		where, args = append(where, "f."+dimensionColumns[q.By]+" = ?"), append(args, key)
	}
	cond := strings.Join(where, " AND ")
	var total int64
	if err := db.queryRow(ctx, `SELECT COALESCE(SUM(f.n), 0) FROM case_facts f WHERE `+cond, args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err, "entity.case")
	}
	if limit <= 0 || limit > MaxFigureCases {
		limit = MaxFigureCases
	}
	rows, err := db.query(ctx, `SELECT f.case_id, c.ticket, f.fact, f.at, f.n FROM case_facts f JOIN cases c ON c.id = f.case_id WHERE `+
		cond+` ORDER BY f.at DESC, f.id DESC LIMIT ?`, append(args, limit)...)
	out, err := collect(rows, err, "entity.case", func(s rowScanner) (FigureCase, error) {
		var x FigureCase
		var at int64
		err := s.Scan(&x.CaseID, &x.Ticket, &x.Fact, &at, &x.N)
		x.At = fromMS(at)
		return x, err
	})
	return out, total, err
}

// prefixed puts p before the column each condition starts with.
func prefixed(p string, conds []string) []string {
	out := make([]string, len(conds))
	for i, c := range conds {
		out[i] = p + strings.ReplaceAll(c, " AND ", " AND "+p)
	}
	return out
}

// childOf is the id, as text, of the area one level below scope that path lies in
// (path itself when it is scope's own).
func childOf(scope, path string) string {
	rest := strings.TrimPrefix(path, cmp.Or(scope, "/"))
	if i := strings.IndexByte(rest, '/'); i > 0 {
		return rest[:i]
	}
	ids := admin.PathIDs(path)
	if len(ids) == 0 {
		return ""
	}
	return strconv.FormatInt(ids[len(ids)-1], 10)
}
