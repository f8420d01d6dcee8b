package store_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/store"
)

// newFigureWorld is a case world with a case every nine days from 2 March, some handled,
// some returned, some left, and the district's leader.
func newFigureWorld(t *testing.T) (*caseWorld, *account.Principal) {
	w := newCaseWorld(t)
	leader := w.principal(t, account.Leader, w.district.ID, 0)
	for i := range 12 {
		c := w.report(t, fmt.Sprintf("第%d件：路灯不亮", i))
		if i%3 != 2 {
			cc := w.act(t, w.staff, c.Case, cases.Step{Action: cases.ActRegister})
			cc = w.act(t, w.staff, cc, cases.Step{Action: cases.ActDispatch, UnitID: w.unit.ID})
			if i%3 == 0 {
				cc = w.act(t, w.handler, cc, cases.Step{Action: cases.ActAcknowledge})
				w.act(t, w.handler, cc, cases.Step{Action: cases.ActHandle, Note: "已修复"})
			} else {
				w.act(t, w.handler, cc, cases.Step{Action: cases.ActReturn, Note: "不属本单位"})
			}
		}
		w.db.Clock.Advance(9 * 24 * time.Hour)
	}
	return w, leader
}

// The figures of an area over a period, read from the counters (their rollups for whole
// months where the area has them, the days' counters for the rest), are the sums of the facts behind them, for every kind
// of period and breakdown.
func TestFigureCounts(t *testing.T) {
	w, leader := newFigureWorld(t)
	d := func(s string) calendar.Date {
		x, err := calendar.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	num := func(x calendar.Date) int { return x.Year*10000 + int(x.Month)*100 + x.Day }
	periods := []indicators.Period{
		indicators.PeriodOf(indicators.Month, d("2026-03-15")),
		indicators.PeriodOf(indicators.Week, d("2026-03-11")),
		indicators.PeriodOf(indicators.Day, d("2026-03-02")),
		indicators.PeriodOf(indicators.Quarter, d("2026-04-01")),
		indicators.PeriodOf(indicators.Year, d("2026-06-01")),
		{Grain: indicators.Custom, From: d("2026-03-05"), To: d("2026-05-10")}, // days, a whole April, days
		{Grain: indicators.Custom, From: d("2026-03-05"), To: d("2026-03-31")},
		{Grain: indicators.Custom, From: d("2026-04-01"), To: d("2026-04-30")},
	}
	dims := []struct {
		by  store.Dimension
		col string
	}{{store.ByNone, "''"}, {store.ByUnit, "unit_id"}, {store.ByCategory, "category_id"}, {store.BySource, "source"},
		{store.ByTriage, "triage"}, {store.ByDay, "day"}}
	for _, p := range periods {
		for _, dim := range dims {
			t.Run(fmt.Sprintf("%s %s by %q", p.Grain, p.From, dim.by), func(t *testing.T) {
				got, err := w.db.FigureCounts(ctx, leader, store.FigureQuery{Period: p, By: dim.by})
				if err != nil {
					t.Fatal(err)
				}
				want, err := w.db.FactSumsForTest(ctx, w.district.Path, num(p.From), num(p.To), dim.col)
				if err != nil {
					t.Fatal(err)
				}
				gotMap := map[string]map[string]int64{}
				for _, g := range got {
					key := g.Key
					if dim.by == store.ByDay {
						key = fmt.Sprint(num(d(g.Key)))
					}
					gotMap[key] = map[string]int64{}
					for f, n := range g.Counts {
						gotMap[key][string(f)] = n
					}
				}
				if len(want) == 0 {
					t.Fatal("no facts in the period: the test proves nothing")
				}
				if fmt.Sprint(gotMap) != fmt.Sprint(want) {
					t.Errorf("counters\n %v\nfacts\n %v", gotMap, want)
				}
			})
		}
	}
	// By area: the district's streets, each the sum of its grids.
	year := indicators.PeriodOf(indicators.Year, d("2026-06-01"))
	// Street B, where nothing happened, is listed too; each area and worker has its name.
	byArea, err := w.db.FigureCounts(ctx, leader, store.FigureQuery{Period: year, By: store.ByArea})
	if err != nil || len(byArea) != 2 || byArea[0].Key != strconv.FormatInt(w.streetA.ID, 10) || byArea[0].Counts[indicators.Reported] != 12 ||
		byArea[0].Name != w.streetA.Name || byArea[1].Key != strconv.FormatInt(w.streetB.ID, 10) || len(byArea[1].Counts) != 0 {
		t.Errorf("by area: %v %+v", err, byArea)
	}
	// By grid worker: the facts of the worker's grid.
	byWorker, err := w.db.FigureCounts(ctx, leader, store.FigureQuery{Period: year, By: store.ByWorker})
	if err != nil || len(byWorker) != 1 || byWorker[0].Key != strconv.FormatInt(w.worker.UserID, 10) || byWorker[0].Name != "测试用户" ||
		fmt.Sprint(byWorker[0].Counts) != fmt.Sprint(byArea[0].Counts) {
		t.Errorf("by worker: %v %+v", err, byWorker)
	}
	// A street's staff asking for the district, and a breakdown that does not exist.
	for _, q := range []struct {
		p     *account.Principal
		q     store.FigureQuery
		field string
	}{
		{w.staff, store.FigureQuery{NodeID: w.district.ID, Period: year}, "node_id"},
		{w.staff, store.FigureQuery{NodeID: w.streetB.ID, Period: year}, "node_id"},
		{leader, store.FigureQuery{Period: year, By: "weather"}, "by"},
	} {
		_, err := w.db.FigureCounts(ctx, q.p, q.q)
		var e *errs.Error
		if !errors.As(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != q.field {
			t.Errorf("%+v: got %v, want a message on %s", q.q, err, q.field)
		}
	}
	// A handler's figures are its unit's in the leader's breakdown by unit, whole months
	// (from the unit's totals) or not.
	for _, p := range periods {
		mine, err := w.db.FigureCounts(ctx, w.handler, store.FigureQuery{Period: p})
		if err != nil {
			t.Fatal(err)
		}
		all, err := w.db.FigureCounts(ctx, leader, store.FigureQuery{Period: p, By: store.ByUnit})
		if err != nil {
			t.Fatal(err)
		}
		want := indicators.Counts{}
		for _, g := range all {
			if g.Key == strconv.FormatInt(w.unit.ID, 10) {
				want = g.Counts
			}
		}
		if got := mine[0].Counts; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s %s: the handler's figures %v, the unit's %v", p.Grain, p.From, got, want)
		}
	}
	// A handler sees its unit's figures only.
	mine, err := w.db.FigureCounts(ctx, w.handler, store.FigureQuery{Period: year, By: store.ByUnit})
	if err != nil || len(mine) != 1 || mine[0].Key != strconv.FormatInt(w.unit.ID, 10) {
		t.Errorf("the handler's figures: %v %+v", err, mine)
	}
}

// Every figure's list of the facts behind it adds up to the figure, over many random
// periods, breakdowns, groups and sets of facts.
func TestFigureCasesAddUp(t *testing.T) {
	w, leader := newFigureWorld(t)
	r := rand.New(rand.NewPCG(8, 9))
	dims := append([]store.Dimension{store.ByNone}, store.Dimensions...)
	grains := []indicators.Grain{indicators.Day, indicators.Week, indicators.Month, indicators.Quarter, indicators.Year, indicators.Custom}
	start, _ := calendar.ParseDate("2026-02-20")
	checked := 0
	for range 300 {
		from := start.AddDays(r.IntN(130))
		g := grains[r.IntN(len(grains))]
		p := indicators.PeriodOf(g, from)
		if g == indicators.Custom {
			p = indicators.Period{Grain: g, From: from, To: from.AddDays(r.IntN(120))}
		}
		q := store.FigureQuery{Period: p, By: dims[r.IntN(len(dims))]}
		// The district, a street, a community or a grid: rollups of every depth, and
		// the counters below them.
		q.NodeID = []int64{0, w.streetA.ID, w.commA.ID, w.gridA.ID}[r.IntN(4)]
		groups, err := w.db.FigureCounts(ctx, leader, q)
		if err != nil {
			t.Fatal(err)
		}
		for _, grp := range groups {
			var facts []indicators.Fact
			for _, f := range indicators.Facts {
				if r.IntN(3) == 0 {
					facts = append(facts, f)
				}
			}
			if len(facts) == 0 {
				facts = []indicators.Fact{indicators.Reported}
			}
			var want int64
			for _, f := range facts {
				want += grp.Counts[f]
			}
			list, total, err := w.db.FigureCases(ctx, leader, q, grp.Key, facts, 0)
			if err != nil {
				t.Fatal(err)
			}
			var listed int64
			for _, c := range list {
				listed += c.N
				if !slices.Contains(facts, c.Fact) || c.Ticket == "" {
					t.Fatalf("%+v listed for %v", c, facts)
				}
			}
			if total != want || listed != want {
				t.Fatalf("%+v group %s facts %v: figure %d, list sums %d (total %d)", q, grp.Key, facts, want, listed, total)
			}
			checked++
		}
	}
	if checked < 300 {
		t.Errorf("only %d figures checked", checked)
	}
	// A fact that does not exist, and none.
	year := indicators.PeriodOf(indicators.Year, start)
	for _, facts := range [][]indicators.Fact{{"speed"}, nil} {
		if _, _, err := w.db.FigureCases(ctx, leader, store.FigureQuery{Period: year}, "", facts, 0); err == nil {
			t.Errorf("facts %v listed", facts)
		}
	}
	// A worker who is not one, or not in the area asked for.
	for _, tc := range []struct {
		node int64
		key  string
	}{{0, "x"}, {0, strconv.FormatInt(w.handler.UserID, 10)}, {w.streetB.ID, strconv.FormatInt(w.worker.UserID, 10)}} {
		_, _, err := w.db.FigureCases(ctx, leader, store.FigureQuery{NodeID: tc.node, Period: year, By: store.ByWorker}, tc.key, []indicators.Fact{indicators.Reported}, 0)
		var e *errs.Error
		if !errors.As(err, &e) || len(e.Fields) == 0 || e.Fields[0].Field != "key" {
			t.Errorf("worker %s in %d: got %v, want a message on key", tc.key, tc.node, err)
		}
	}
}

// Counters kept before there were rollups get theirs at the next start, once.
func TestRollupsBackfilled(t *testing.T) {
	w, _ := newFigureWorld(t)
	before, err := w.db.VerifyIndicators(ctx)
	if err != nil || len(before.Problems) > 0 || before.Rollups == 0 {
		t.Fatalf("before: %v %+v", err, before)
	}
	if err := w.db.ForgetRollupsForTest(ctx); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second start has nothing left to build
		if _, err := w.db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	after, err := w.db.VerifyIndicators(ctx)
	if err != nil || len(after.Problems) > 0 || after.Rollups != before.Rollups {
		t.Errorf("after: %v %+v, want %d rollups", err, after, before.Rollups)
	}
}
