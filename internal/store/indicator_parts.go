package store

import (
	"cmp"
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// figurePart is one query of a figure: its rows are (key, fact, sum), to be added up
// with the other parts'.
type figurePart struct {
	q    string
	args []any
}

// sumQuery is a part summing fact_counts rows by col and fact.
func sumQuery(col string, where []string, args []any) figurePart {
	group := col + ", fact"
	if col == "''" {
		group = "fact" // PostgreSQL groups by no constant
	}
	return figurePart{q: `SELECT ` + col + `, fact, SUM(n) FROM fact_counts WHERE ` + strings.Join(where, " AND ") + ` GROUP BY ` + group, args: args}
}

// periodSpans splits a period into the months wholly within it and the days outside
// them (all of it in days when daily).
func periodSpans(p indicators.Period, daily bool) (months [2]int, haveMonths bool, days [][2]int) {
	day := func(d calendar.Date) int { return d.Year*10000 + int(d.Month)*100 + d.Day }
	month := func(d calendar.Date) int { return d.Year*100 + int(d.Month) }
	first := p.From
	if first.Day != 1 {
		first = indicators.PeriodOf(indicators.Month, p.From).To.AddDays(1)
	}
	last := p.To
	if end := indicators.PeriodOf(indicators.Month, p.To).To; end != p.To {
		last = indicators.PeriodOf(indicators.Month, p.To).From.AddDays(-1)
	}
	if daily || last.Before(first) {
		return months, false, [][2]int{{day(p.From), day(p.To)}}
	}
	if p.From.Before(first) {
		days = append(days, [2]int{day(p.From), day(first.AddDays(-1))})
	}
	if last.Before(p.To) {
		days = append(days, [2]int{day(last.AddDays(1)), day(p.To)})
	}
	return [2]int{month(first), month(last)}, true, days
}

// grainTerms is the condition on rows of the month grain mg and the day grain dg holding
// the period's spans. Each period is listed, not bounded: after a range on period no
// index could narrow the rows by place, while a list keeps the place in the key.
func grainTerms(months [2]int, haveMonths bool, days [][2]int, mg, dg string) string {
	var terms []string
	list := func(from, to int, next func(int) int) string {
		var b strings.Builder
		for p := from; p <= to; p = next(p) {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(p))
		}
		return b.String()
	}
	nextMonth := func(m int) int {
		if m%100 == 12 {
			return m + 89
		}
		return m + 1
	}
	nextDay := func(d int) int {
		date := calendar.Date{Year: d / 10000, Month: time.Month(d / 100 % 100), Day: d % 100}.AddDays(1)
		return date.Year*10000 + int(date.Month)*100 + date.Day
	}
	if haveMonths {
		terms = append(terms, "(grain = '"+mg+"' AND period IN ("+list(months[0], months[1], nextMonth)+"))")
	}
	for _, d := range days {
		terms = append(terms, "(grain = '"+dg+"' AND period IN ("+list(d[0], d[1], nextDay)+"))")
	}
	return "(" + strings.Join(terms, " OR ") + ")"
}

// figureParts are the queries of q: on the rollups where the area has them (see
// fact_rollups.go), else on the counters of every place in the area.
func (db *DB) figureParts(ctx context.Context, f *figureFilter, q FigureQuery) ([]figurePart, error) {
	months, haveMonths, days := periodSpans(q.Period, q.By == ByDay)
	col := dimensionColumns[q.By]
	if q.By == ByDay {
		col = "period"
	}
	// The counters themselves are by day: every day of the period, or of days.
	_, _, allDays := periodSpans(q.Period, true)
	counters := func(days [][2]int) string { return grainTerms([2]int{}, false, days, "", dayGrain) }
	base := func(days [][2]int) figurePart {
		return sumQuery(col, append([]string{counters(days)}, f.where...), f.args)
	}
	rolled := !f.unitOnly && f.level != 0
	totals, breakdowns := rolled && f.level <= totalsDownTo, rolled && f.level <= rolledDownTo(q.By)
	at := []string{"node_path = ?"}
	switch {
	case totals && (q.By == ByNone || q.By == ByDay):
		return []figurePart{sumQuery(col, append([]string{grainTerms(months, haveMonths, days, rollMonth, rollDay)}, at...), []any{f.scope})}, nil
	case breakdowns && rollDims[q.By] != "":
		var out []figurePart
		if haveMonths {
			out = append(out, sumQuery(col, append([]string{grainTerms(months, true, nil, rollDims[q.By], "")}, at...), []any{f.scope}))
		}
		if len(days) > 0 { // the days of months the period holds part of: the counters
			out = append(out, base(days))
		}
		return out, nil
	case totals && q.By == ByArea && f.level < totalsDownTo:
		// The areas below from their totals, the cases placed at the area itself from its
		// own counters.
		kids, err := queryList(ctx, db, "entity.node", scanID, `SELECT id FROM nodes WHERE parent_id = ?`, f.nodeID)
		if err != nil {
			return nil, err
		}
		own := sumQuery("node_path", []string{counters(allDays), "node_path = ?"}, []any{f.scope})
		if len(kids) == 0 {
			return []figurePart{own}, nil
		}
		args := make([]any, len(kids))
		for i, id := range kids {
			args[i] = admin.ChildPath(f.scope, id)
		}
		below := sumQuery("node_path", []string{grainTerms(months, haveMonths, days, rollMonth, rollDay), "node_path IN (" + marks(len(kids)) + ")"}, args)
		return []figurePart{below, own}, nil
	}
	if f.unitOnly && q.By == ByNone && haveMonths {
		// A handler's months from its unit's totals: at the area asked for, or at the
		// tree's roots.
		var paths []any
		switch {
		case f.nodeID == 0:
			roots, err := queryList(ctx, db, "entity.node", func(s rowScanner) (string, error) {
				var p string
				return p, s.Scan(&p)
			}, `SELECT path FROM nodes WHERE parent_id IS NULL`)
			if err != nil {
				return nil, err
			}
			for _, r := range roots {
				paths = append(paths, r)
			}
		case f.level <= breakdownDownTo:
			paths = []any{f.scope}
		}
		if len(paths) > 0 {
			out := []figurePart{sumQuery(col, []string{grainTerms(months, true, nil, rollUnit, ""), "unit_id = ?",
				"node_path IN (" + marks(len(paths)) + ")"}, append([]any{f.unitID}, paths...))}
			if len(days) > 0 {
				out = append(out, base(days))
			}
			return out, nil
		}
	}
	return []figurePart{base(allDays)}, nil
}

// compareKeys orders groups' keys: numbers as numbers (ids, days), words as words.
func compareKeys(a, b string) int {
	x, errA := strconv.ParseInt(a, 10, 64)
	y, errB := strconv.ParseInt(b, 10, 64)
	if errA == nil && errB == nil {
		return cmp.Compare(x, y)
	}
	return strings.Compare(a, b)
}
