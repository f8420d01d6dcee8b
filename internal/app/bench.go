package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shequ-dev/shequ/internal/store"
)

// benchmarks are the measurements `shequ bench` runs. Each builds the data it needs in a
// database of its own (a temporary SQLite file, and with --db a postgres:// URL a
// temporary schema on that server; the indicators' district, long to generate, is kept in
// bench-indicators.db in the data directory and the schema shequ_bench_indicators), so it
// never touches the platform's data.
func benchmarks() map[string]command {
	return map[string]command{
		"timers":     {"finding and firing due timers with 1,000 and 1,000,000 pending", runBenchTimers},
		"intake":     {"reports through the full intake path against single-row transactions", runBenchIntake},
		"indicators": {"dashboard queries on the counters against GROUP BY over the case table (a district kept between runs)", runBenchIndicators},
	}
}

func runBench(ctx context.Context, args []string, out, errOut io.Writer) error {
	bs := benchmarks()
	if len(args) == 0 || bs[args[0]].run == nil {
		fmt.Fprintln(errOut, "usage: shequ bench <measurement> [flags]   (on scratch databases, never your data)")
		names := make([]string, 0, len(bs))
		for n := range bs {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(errOut, "  %-8s %s\n", n, bs[n].summary)
		}
		return errUsage
	}
	return bs[args[0]].run(ctx, args[1:], out, errOut)
}

// benchFlags parses the flags every measurement takes (--db: also measure on that
// PostgreSQL server) and those extra adds, and returns the databases to measure on.
func benchFlags(name string, args []string, errOut io.Writer, extra func(fs *flag.FlagSet)) ([]string, error) {
	fs := newFlagSet("bench "+name, errOut)
	load := flags(fs, "db", "data-dir")
	if extra != nil {
		extra(fs)
	}
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	c, err := load()
	if err != nil {
		return nil, err
	}
	dsns := []string{"sqlite"}
	if c.IsPostgres() {
		dsns = append(dsns, c.DB)
	}
	return dsns, nil
}

func runBenchTimers(ctx context.Context, args []string, out, errOut io.Writer) error {
	var pendingList string
	var batch, due, rounds int
	dsns, err := benchFlags("timers", args, errOut, func(fs *flag.FlagSet) {
		fs.StringVar(&pendingList, "pending", "1000,1000000", "numbers of pending timers to compare, comma-separated")
		fs.IntVar(&batch, "batch", 10, "timers found and fired per round")
		fs.IntVar(&due, "due", 100, "timers due at any moment")
		fs.IntVar(&rounds, "rounds", 300, "rounds measured at each size (the median is printed)")
	})
	if err != nil {
		return err
	}
	var sizes []int
	for _, p := range strings.Split(pendingList, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(strings.ReplaceAll(p, "_", "")))
		if err != nil || n < 1 {
			return fmt.Errorf("--pending: %q is not a positive number", p)
		}
		sizes = append(sizes, n)
	}
	if batch < 1 || due < batch || rounds < 1 {
		return fmt.Errorf("need --batch ≥ 1, --due ≥ --batch and --rounds ≥ 1")
	}
	if due > slices.Min(sizes) {
		return fmt.Errorf("--due (%d) exceeds the smallest --pending (%d)", due, slices.Min(sizes))
	}
	fmt.Fprintf(out, "timers: %d due among the pending; median of %d rounds, taken in turns at each size; a round\n", due, rounds)
	fmt.Fprintf(out, "finds the earliest due time (next), finds and locks the %d oldest due timers then rolls back (claim),\n", batch)
	fmt.Fprintln(out, "and fires them with a handler that sets each again, committing (fire)")
	fmt.Fprintf(out, "%-10s %12s %12s %12s %12s %10s\n", "database", "pending", "next", "claim", "fire", "seeded in")
	for _, dsn := range dsns {
		name := "sqlite"
		if dsn != "sqlite" {
			name = "postgres"
		}
		ms, err := measureTimers(ctx, dsn, sizes, due, batch, rounds)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		for i, m := range ms {
			fmt.Fprintf(out, "%-10s %12s %12s %12s %12s %10s\n", name, thousands(sizes[i]),
				round(m[0]), round(m[1]), round(m[2]), m[3].Round(10*time.Millisecond))
		}
		for i := 1; i < len(ms); i++ {
			fmt.Fprintf(out, "%-10s %12s %12.2f %12.2f %12.2f\n", name, "ratio "+thousands(sizes[i]/sizes[0])+"×",
				ratio(ms[i][0], ms[0][0]), ratio(ms[i][1], ms[0][1]), ratio(ms[i][2], ms[0][2]))
		}
	}
	return nil
}

// measureTimers seeds a scratch database for each number of pending timers, then measures
// in turns (so that whatever else the machine does weighs on every size alike) and
// returns for each size the medians of NextTimerAt, of claiming the due batch and of
// firing it, and the seeding time.
func measureTimers(ctx context.Context, dsn string, sizes []int, due, batch, rounds int) ([][]time.Duration, error) {
	if dsn == "sqlite" {
		dsn = ""
	}
	dbs := make([]*store.DB, len(sizes))
	out := make([][]time.Duration, len(sizes))
	for i, pending := range sizes {
		db, drop, err := store.OpenScratch(ctx, dsn, store.Options{})
		if err != nil {
			return nil, err
		}
		defer drop()
		start := time.Now()
		if err := db.SeedBenchTimers(ctx, pending, due); err != nil {
			return nil, fmt.Errorf("%d pending: %w", pending, err)
		}
		dbs[i], out[i] = db, []time.Duration{0, 0, 0, time.Since(start)}
	}
	h := store.BenchTimerHandlers()
	steps := []func(db *store.DB) error{
		func(db *store.DB) error {
			_, ok, err := db.NextTimerAt(ctx)
			if err == nil && !ok {
				err = fmt.Errorf("no timer pending")
			}
			return err
		},
		func(db *store.DB) error {
			n, err := db.ClaimDueTimersForBench(ctx, batch)
			if err == nil && n != batch {
				err = fmt.Errorf("claimed %d timers, want %d", n, batch)
			}
			return err
		},
		func(db *store.DB) error {
			n, err := db.RunDueTimers(ctx, h, batch)
			if err == nil && n != batch {
				err = fmt.Errorf("fired %d timers, want %d", n, batch)
			}
			return err
		},
	}
	for s, step := range steps {
		times := make([][]time.Duration, len(dbs))
		for r := range rounds + rounds/10 {
			for i, db := range dbs {
				t0 := time.Now()
				if err := step(db); err != nil {
					return nil, fmt.Errorf("%d pending: %w", sizes[i], err)
				}
				if r >= rounds/10 { // the first tenth warms caches up
					times[i] = append(times[i], time.Since(t0))
				}
			}
		}
		for i := range dbs {
			slices.Sort(times[i])
			out[i][s] = times[i][len(times[i])/2]
		}
	}
	return out, nil
}

func ratio(a, b time.Duration) float64 { return float64(a) / float64(max(b, 1)) }

// round prints a duration with three significant digits.
func round(d time.Duration) string {
	switch {
	case d >= time.Second:
		return d.Round(time.Millisecond).String()
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond).String()
	default:
		return d.Round(100 * time.Nanosecond).String()
	}
}

// thousands writes n with commas: 1,000,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
