package store

import (
	"context"
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
)

// FigureQuery asks for the facts counted in an area over a period, by one dimension.
type FigureQuery struct {
	NodeID int64 // the area; 0 for the top of the caller's scope
	Period indicators.Period
	By     Dimension
}

// FigureGroup is the facts counted for one value of the dimension: Key is the value as
// text (a unit's, category's or area's id, a source, a triage, a day YYYY-MM-DD; "" for
// ByNone).
type FigureGroup struct {
	Key    string
	Counts indicators.Counts
}

// FigureCounts sums the counters for q, reading the month's rows for the period's whole
// months and the day's rows for the rest. A handler's figures are its unit's.
func (db *DB) FigureCounts(ctx context.Context, p *account.Principal, q FigureQuery) ([]FigureGroup, error) {
	if !p.Can(account.CaseView) {
		return nil, errs.ForbiddenErr()
	}
	lo, hi, ok := p.Scope()
	if !ok && p.Role != account.Handler {
		return nil, errs.ForbiddenErr()
	}
	scope := p.ScopePath
	if q.NodeID != 0 {
		n, err := db.nodeByID(ctx, q.NodeID)
		if err != nil || (p.Role != account.Handler && !p.InScope(n.Path)) {
			return nil, errs.FieldInvalid("node_id", "err.figure_scope")
		}
		scope = n.Path
		lo, hi = admin.SubtreeRange(n.Path)
	}
	col := map[Dimension]string{ByNone: "''", ByArea: "node_path", ByUnit: "unit_id", ByCategory: "category_id",
		BySource: "source", ByTriage: "triage", ByDay: "period"}[q.By]
	if col == "" {
		return nil, errs.FieldInvalid("by", "err.figure_dimension")
	}
	where := []string{"(" + periodTerms(q.Period, q.By == ByDay) + ")"}
	var args []any
	if lo != "" {
		where, args = append(where, "node_path >= ? AND node_path < ?"), append(args, lo, hi)
	}
	if p.Role == account.Handler {
		where, args = append(where, "unit_id = ?"), append(args, p.UnitID)
	}
	group := col + ", fact"
	if q.By == ByNone {
		group = "fact" // PostgreSQL groups by no constant
	}
	rows, err := db.query(ctx, `SELECT `+col+`, fact, SUM(n) FROM fact_counts WHERE `+strings.Join(where, " AND ")+
		` GROUP BY `+group+` ORDER BY 1`, args...)
	type sum struct {
		key  string
		fact indicators.Fact
		n    int64
	}
	sums, err := collect(rows, err, "entity.case", func(s rowScanner) (sum, error) {
		var x sum
		return x, s.Scan(&x.key, &x.fact, &x.n)
	})
	if err != nil {
		return nil, err
	}
	var out []FigureGroup
	at := map[string]int{}
	for _, s := range sums {
		key := s.key
		switch q.By {
		case ByArea:
			key = childOf(scope, key)
		case ByDay:
			if d, err := strconv.Atoi(key); err == nil {
				key = calendar.Date{Year: d / 10000, Month: time.Month(d / 100 % 100), Day: d % 100}.String()
			}
		}
		i, ok := at[key]
		if !ok {
			i, at[key] = len(out), len(out)
			out = append(out, FigureGroup{Key: key, Counts: indicators.Counts{}})
		}
		out[i].Counts[s.fact] += s.n
	}
	return out, nil
}

// childOf is the id, as text, of the area one level below scope that path lies in
// (path itself when it is scope's own).
func childOf(scope, path string) string {
	rest := strings.TrimPrefix(path, scope)
	if i := strings.IndexByte(rest, '/'); i > 0 {
		return rest[:i]
	}
	ids := admin.PathIDs(path)
	if len(ids) == 0 {
		return ""
	}
	return strconv.FormatInt(ids[len(ids)-1], 10)
}

// periodTerms is the condition on fact_counts rows holding the period: the months wholly
// in it from their month rows, the other days from their day rows (all of them from
// day rows when daily).
func periodTerms(p indicators.Period, daily bool) string {
	day := func(d calendar.Date) int { return d.Year*10000 + int(d.Month)*100 + d.Day }
	month := func(d calendar.Date) int { return d.Year*100 + int(d.Month) }
	days := func(a, b calendar.Date) string {
		return "(grain = 'd' AND period BETWEEN " + strconv.Itoa(day(a)) + " AND " + strconv.Itoa(day(b)) + ")"
	}
	first := p.From
	if first.Day != 1 {
		first = indicators.PeriodOf(indicators.Month, p.From).To.AddDays(1)
	}
	last := p.To
	if end := indicators.PeriodOf(indicators.Month, p.To).To; end != p.To {
		last = indicators.PeriodOf(indicators.Month, p.To).From.AddDays(-1)
	}
	if daily || last.Before(first) {
		return days(p.From, p.To)
	}
	terms := []string{"(grain = 'm' AND period BETWEEN " + strconv.Itoa(month(first)) + " AND " + strconv.Itoa(month(last)) + ")"}
	if p.From.Before(first) {
		terms = append(terms, days(p.From, first.AddDays(-1)))
	}
	if last.Before(p.To) {
		terms = append(terms, days(last.AddDays(1), p.To))
	}
	return strings.Join(terms, " OR ")
}
