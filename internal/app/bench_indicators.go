package app

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/calendar"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/store"
)

// benchName is what a bench district may be called: a file and a schema are named after it.
var benchName = regexp.MustCompile(`^[a-z][a-z0-9]{0,30}$`)

// dashboardQuery is one figure query a dashboard makes, by whom.
type dashboardQuery struct {
	role string
	name string
	p    *account.Principal
	q    store.FigureQuery
}

// dashboardQueries are the figure queries behind the dashboards of a district leader,
// a street's staff and a grid worker for the last whole month of the bench district.
func dashboardQueries(b *store.BenchIndicators) []dashboardQuery {
	month := indicators.PeriodOf(indicators.Month, calendar.DateOf(b.To).AddDays(-calendar.DateOf(b.To).Day))
	prev := month.Previous()
	var out []dashboardQuery
	for _, who := range []struct {
		role string
		p    *account.Principal
		node int64
		by   []store.Dimension
	}{
		{"district", b.Leader, b.DistrictID, []store.Dimension{store.ByNone, store.ByArea, store.ByUnit, store.ByCategory, store.BySource, store.ByDay}},
		{"street", b.Street, b.StreetID, []store.Dimension{store.ByNone, store.ByArea, store.ByUnit, store.ByCategory, store.ByDay}},
		{"grid", b.Worker, b.GridID, []store.Dimension{store.ByNone, store.ByCategory, store.ByDay}},
	} {
		for _, by := range who.by {
			name := "by " + string(by)
			if by == store.ByNone {
				name = "figures"
				out = append(out, dashboardQuery{who.role, "last month", who.p, store.FigureQuery{NodeID: who.node, Period: prev}})
			}
			out = append(out, dashboardQuery{who.role, name, who.p, store.FigureQuery{NodeID: who.node, Period: month, By: by}})
		}
	}
	return out
}

func runBenchIndicators(ctx context.Context, args []string, out, errOut io.Writer) error {
	var n, years, rounds, baseRounds int
	var name, only string
	var fresh bool
	fs := newFlagSet("bench indicators", errOut)
	load := flags(fs, "db", "data-dir")
	fs.IntVar(&n, "cases", 10_000_000, "cases in the bench district (generated once, kept in the data directory or its own PostgreSQL schema)")
	fs.IntVar(&years, "years", 5, "the years before today the cases were reported over")
	fs.IntVar(&rounds, "rounds", 15, "rounds of each dashboard query (the median is printed)")
	fs.IntVar(&baseRounds, "baseline-rounds", 3, "rounds of each GROUP BY over the case table")
	fs.StringVar(&name, "name", "indicators", "the bench district's name: bench-NAME.db, schema shequ_bench_NAME")
	fs.StringVar(&only, "only", "", "measure on one database only: sqlite, or postgres (the --db server)")
	fs.BoolVar(&fresh, "fresh", false, "remove the kept district first and generate it anew")
	if err := parse(fs, args); err != nil {
		return err
	}
	c, err := load()
	if err != nil {
		return err
	}
	if n < 1 || years < 1 || rounds < 1 || baseRounds < 1 {
		return fmt.Errorf("need --cases, --years, --rounds and --baseline-rounds ≥ 1")
	}
	if !benchName.MatchString(name) {
		return fmt.Errorf("--name: %q is not lower-case letters and digits", name)
	}
	var dsns []string
	switch {
	case only == "" && c.IsPostgres():
		dsns = []string{"sqlite", c.DB}
	case only == "" || only == "sqlite":
		dsns = []string{"sqlite"}
	case only == "postgres" && c.IsPostgres():
		dsns = []string{c.DB}
	case only == "postgres":
		return fmt.Errorf("--only postgres: --db names no PostgreSQL server")
	default:
		return fmt.Errorf("--only: %q is neither sqlite nor postgres", only)
	}
	span := fmt.Sprintf("%d years", years)
	if years == 1 {
		span = "a year"
	}
	fmt.Fprintf(out, "indicators: %s cases over %s; the dashboard queries of a district leader, a street and a grid worker\n", thousands(n), span)
	fmt.Fprintln(out, "for the last whole month, from the counters (FigureCounts: their rollups, else the days' counters), next to the same")
	fmt.Fprintf(out, "figures by a plain GROUP BY over the case table; medians of %d and %d rounds\n", rounds, baseRounds)
	fmt.Fprintf(out, "%-10s %-9s %-12s %10s %10s %9s %7s\n", "database", "scope", "query", "counters", "GROUP BY", "ratio", "agree")
	for _, dsn := range dsns {
		db := "sqlite"
		if dsn != "sqlite" {
			db = "postgres"
		}
		if fresh {
			if err := store.DropBench(ctx, strings.TrimPrefix(dsn, "sqlite"), c.DataDir, name); err != nil {
				return fmt.Errorf("%s: %w", db, err)
			}
		}
		if err := measureIndicators(ctx, db, dsn, c.DataDir, name, n, years, rounds, baseRounds, out, errOut); err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
	}
	return nil
}

func measureIndicators(ctx context.Context, name, dsn, dir, bench string, n, years, rounds, baseRounds int, out, errOut io.Writer) error {
	if dsn == "sqlite" {
		dsn = ""
	}
	keys, err := secret.ParseMasterKey(secret.GenerateMasterKey()) // the bench accounts' phones only
	if err != nil {
		return err
	}
	db, err := store.OpenBench(ctx, dsn, dir, bench, store.Options{Keys: keys})
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	b, err := db.SeedBenchIndicators(ctx, n, years, func(done int) {
		fmt.Fprintf(errOut, "\r%s: %s of %s cases written (%s)", name, thousands(done), thousands(n), time.Since(start).Round(time.Second))
	})
	if err != nil {
		return err
	}
	if time.Since(start) > time.Second {
		fmt.Fprintln(errOut)
	}
	median := func(times []time.Duration) time.Duration {
		slices.Sort(times)
		return times[len(times)/2]
	}
	for _, dq := range dashboardQueries(b) {
		var counters, baseline []time.Duration
		var got []store.FigureGroup
		for range rounds + 1 { // the first warms the cache up
			t0 := time.Now()
			if got, err = db.FigureCounts(ctx, dq.p, dq.q); err != nil {
				return fmt.Errorf("%s %s: %w", dq.role, dq.name, err)
			}
			counters = append(counters, time.Since(t0))
		}
		counters = counters[1:]
		base, agree := "—", "—"
		ratioText := "—"
		if dq.q.By != store.ByDay {
			var want []store.FigureGroup
			for range baseRounds {
				t0 := time.Now()
				if want, err = db.BenchBaseline(ctx, dq.p, dq.q); err != nil {
					return fmt.Errorf("%s %s baseline: %w", dq.role, dq.name, err)
				}
				baseline = append(baseline, time.Since(t0))
			}
			base, agree = round(median(baseline)), "yes"
			ratioText = fmt.Sprintf("%.1f×", ratio(median(baseline), median(counters)))
			if !sameFacts(got, want) {
				agree = "NO"
			}
		}
		fmt.Fprintf(out, "%-10s %-9s %-12s %10s %10s %9s %7s\n", name, dq.role, dq.name, round(median(counters)), base, ratioText, agree)
	}
	return nil
}

// sameFacts reports whether the counters' groups hold the baseline's counts of the facts
// it computes.
func sameFacts(got, want []store.FigureGroup) bool {
	byKey := map[string]indicators.Counts{}
	for _, g := range got {
		byKey[g.Key] = g.Counts
	}
	for _, w := range want {
		for _, f := range store.BenchBaselineFacts {
			if byKey[w.Key][f] != w.Counts[f] {
				return false
			}
		}
	}
	return true
}
