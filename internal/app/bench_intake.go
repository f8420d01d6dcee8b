package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime/pprof"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/secret"
	"github.com/shequ-dev/shequ/internal/store"
)

func runBenchIntake(ctx context.Context, args []string, out, errOut io.Writer) error {
	var clients, total, rounds int
	var duration time.Duration
	var profile string
	dsns, err := benchFlags("intake", args, errOut, func(fs *flag.FlagSet) {
		fs.IntVar(&clients, "clients", 32, "concurrent clients")
		fs.DurationVar(&duration, "duration", 5*time.Second, "length of each measurement")
		fs.IntVar(&total, "cases", 0, "reports (and baseline rows) per measurement instead of --duration")
		fs.IntVar(&rounds, "rounds", 3, "rounds, each measuring intake and the baseline in turns (the median is printed)")
		fs.StringVar(&profile, "cpuprofile", "", "write a CPU profile of the run to this file (go tool pprof)")
	})
	if err != nil {
		return err
	}
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	if clients < 1 || rounds < 1 || total < 0 || (total == 0 && duration <= 0) {
		return fmt.Errorf("need --clients ≥ 1, --rounds ≥ 1 and a positive --duration or --cases")
	}
	length := duration.String()
	if total > 0 {
		length = thousands(total) + " reports"
	}
	fmt.Fprintf(out, "intake: %d clients, %s a measurement, median of %d rounds; each round measures, in turns, reports\n", clients, length, rounds)
	fmt.Fprintln(out, "through db.Report (locate, triage, dispatch rule, deadlines, timers, notifications, timeline, audit)")
	fmt.Fprintln(out, "and the raw baseline: single-row INSERT transactions on the same writer with the same durability")
	fmt.Fprintf(out, "%-10s %10s %9s %9s %12s %9s %9s %7s %11s\n", "database", "cases/s", "p50", "p99", "raw rows/s", "raw p50", "raw p99", "ratio", "dispatched")
	for _, dsn := range dsns {
		name := "sqlite"
		if dsn != "sqlite" {
			name = "postgres"
		}
		r, err := measureIntake(ctx, dsn, clients, duration, total, rounds)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		fmt.Fprintf(out, "%-10s %10.0f %9s %9s %12.0f %9s %9s %7.2f %10.1f%%\n", name, r.intake.rate, round(r.intake.p50), round(r.intake.p99),
			r.raw.rate, round(r.raw.p50), round(r.raw.p99), r.ratio, 100*r.dispatched)
	}
	return nil
}

// rate is one measurement: operations a second and the latencies of one operation.
type rate struct {
	rate     float64
	p50, p99 time.Duration
}

type intakeResult struct {
	intake, raw rate
	ratio       float64 // the median of the rounds' ratios
	dispatched  float64 // the share of reports dispatched by the rules at intake
}

// measureIntake seeds a scratch database and measures intake and the baseline on it in
// turns, rounds times, alternating which goes first so that whatever else the machine
// does weighs on both alike; it returns the medians.
func measureIntake(ctx context.Context, dsn string, clients int, duration time.Duration, total, rounds int) (*intakeResult, error) {
	if dsn == "sqlite" {
		dsn = ""
	}
	keys, err := secret.ParseMasterKey(secret.GenerateMasterKey())
	if err != nil {
		return nil, err
	}
	db, drop, err := store.OpenScratch(ctx, dsn, store.Options{Keys: keys})
	if err != nil {
		return nil, err
	}
	defer drop()
	world, err := db.SeedBenchIntake(ctx, 8)
	if err != nil {
		return nil, err
	}
	if err := db.PrepareBenchRaw(ctx); err != nil {
		return nil, fmt.Errorf("baseline table: %w", err)
	}
	var dispatched, reported atomic.Int64
	seq := atomic.Int64{}
	intake := func(ctx context.Context, client int, r *rand.Rand) error {
		in, err := db.Report(ctx, &account.Principal{}, world.Report(r))
		if err != nil {
			return err
		}
		reported.Add(1)
		if in.Case.Status == cases.Dispatched {
			dispatched.Add(1)
		}
		return nil
	}
	raw := func(ctx context.Context, client int, r *rand.Rand) error {
		return db.BenchRawInsert(ctx, client, int(seq.Add(1)))
	}
	// A short warm-up of each fills caches and connection pools.
	for _, op := range []func(context.Context, int, *rand.Rand) error{intake, raw} {
		if _, err := drive(ctx, op, clients, 0, 4*clients); err != nil {
			return nil, err
		}
	}
	dispatched.Store(0)
	reported.Store(0)
	var ins, raws []rate
	var ratios []float64
	for r := range rounds {
		ops := []func(context.Context, int, *rand.Rand) error{intake, raw}
		if r%2 == 1 {
			ops[0], ops[1] = ops[1], ops[0]
		}
		var got [2]rate
		for i, op := range ops {
			m, err := drive(ctx, op, clients, duration, total)
			if err != nil {
				return nil, err
			}
			got[i] = m
		}
		if r%2 == 1 {
			got[0], got[1] = got[1], got[0]
		}
		ins, raws, ratios = append(ins, got[0]), append(raws, got[1]), append(ratios, got[0].rate/max(got[1].rate, 1e-9))
	}
	res := &intakeResult{intake: medianRate(ins), raw: medianRate(raws), ratio: median(ratios)}
	if n := reported.Load(); n > 0 {
		res.dispatched = float64(dispatched.Load()) / float64(n)
	}
	return res, nil
}

// drive runs op from clients goroutines for duration, or until total operations when
// total > 0, and measures their rate and latencies.
func drive(ctx context.Context, op func(ctx context.Context, client int, r *rand.Rand) error, clients int, duration time.Duration, total int) (rate, error) {
	var left atomic.Int64
	left.Store(int64(total))
	var wg sync.WaitGroup
	lat := make([][]time.Duration, clients)
	errc := make(chan error, clients)
	start := time.Now()
	end := start.Add(duration)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), uint64(start.UnixNano())))
			for {
				if total > 0 {
					if left.Add(-1) < 0 {
						return
					}
				} else if !time.Now().Before(end) {
					return
				}
				t0 := time.Now()
				if err := op(ctx, c, r); err != nil {
					errc <- err
					return
				}
				lat[c] = append(lat[c], time.Since(t0))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errc)
	if err := <-errc; err != nil {
		return rate{}, err
	}
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return rate{}, errors.New("no operation finished")
	}
	slices.Sort(all)
	return rate{rate: float64(len(all)) / elapsed.Seconds(), p50: all[len(all)/2], p99: all[(len(all)*99)/100]}, nil
}

func medianRate(rs []rate) rate {
	var out rate
	var f []float64
	var p50, p99 []time.Duration
	for _, r := range rs {
		f, p50, p99 = append(f, r.rate), append(p50, r.p50), append(p99, r.p99)
	}
	slices.Sort(p50)
	slices.Sort(p99)
	out.rate, out.p50, out.p99 = median(f), p50[len(p50)/2], p99[len(p99)/2]
	return out
}

func median(f []float64) float64 {
	s := slices.Clone(f)
	slices.Sort(s)
	return s[len(s)/2]
}
