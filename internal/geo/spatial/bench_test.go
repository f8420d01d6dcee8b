package spatial_test

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
)

// benchWorld is the benchmark city, generated once per process (a few
// seconds) and shared by every benchmark and every -count round.
type benchWorld struct {
	city  *city
	index *spatial.Index
	brute *bruteForce
	pts   []geo.Point // query points; len is a power of two
}

var loadBench = sync.OnceValues(func() (*benchWorld, error) {
	c := genCity(benchCity)
	ix, err := spatial.Build(c.entries)
	if err != nil {
		return nil, err
	}
	return &benchWorld{city: c, index: ix, brute: newBruteForce(c.entries), pts: c.randomPoints(1<<16, 99)}, nil
})

func benchSetup(b *testing.B) *benchWorld {
	b.Helper()
	w, err := loadBench()
	if err != nil {
		b.Fatal(err)
	}
	return w
}

// BenchmarkLocate measures Locate of random points in a generated city of
// 100,000 micro-grids (113,030 polygons in all, see benchCity) against the
// brute-force scan in the same run, so the speed-up is a ratio on the same
// machine. The target is ≤ 10 µs per lookup.
//
//	go test -run '^$' -bench Locate -count 6 ./internal/geo/spatial/
func BenchmarkLocate(b *testing.B) {
	w := benchSetup(b)
	mask := len(w.pts) - 1
	// The two must agree before their speeds mean anything.
	for _, p := range w.pts[:200] {
		if got, want := w.index.Locate(p), w.brute.locate(p); !slices.Equal(got, want) {
			b.Fatalf("Locate(%v) = %v, brute force says %v", p, got, want)
		}
	}
	b.Run("index", func(b *testing.B) {
		hits, n := 0, 0
		for ; b.Loop(); n++ {
			hits += len(w.index.Locate(w.pts[n&mask]))
		}
		b.ReportMetric(float64(hits)/float64(n), "hits/op")
	})
	b.Run("bruteforce", func(b *testing.B) {
		hits, n := 0, 0
		for ; b.Loop(); n++ {
			hits += len(w.brute.locate(w.pts[n&mask]))
		}
		b.ReportMetric(float64(hits)/float64(n), "hits/op")
	})
	// ns/op above is a mean; this reports the median and the 99th
	// percentile of single lookups. Each timing includes two clock reads
	// (a few tens of ns), so these figures err on the slow side.
	b.Run("index-latency", func(b *testing.B) {
		var lat []time.Duration
		for n := 0; b.Loop(); n++ {
			t0 := time.Now()
			w.index.Locate(w.pts[n&mask])
			lat = append(lat, time.Since(t0))
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[len(lat)/2].Nanoseconds()), "p50-ns")
		b.ReportMetric(float64(lat[len(lat)*99/100].Nanoseconds()), "p99-ns")
	})
}

// BenchmarkBuild measures a full rebuild of the benchmark city's index, the
// cost paid after every geometry change.
func BenchmarkBuild(b *testing.B) {
	w := benchSetup(b)
	for b.Loop() {
		if _, err := spatial.Build(w.city.entries); err != nil {
			b.Fatal(err)
		}
	}
}
