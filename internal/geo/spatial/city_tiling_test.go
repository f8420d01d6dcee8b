package spatial_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
)

// TestCityChain locates points in a generated city and checks the answer a
// proper tree must give: exactly one entry per level, the chain from the
// micro-grid up to the district that the generator built, and the same
// hits as the brute-force scan. Lattice corners, where four micro-grids
// meet, must still go to exactly one of them.
func TestCityChain(t *testing.T) {
	c := genCity(smallCity)
	ix := mustBuild(t, c.entries)
	bf := newBruteForce(c.entries)
	probes := c.randomPoints(5000, 1)
	cfg := c.cfg
	for j := 1; j < cfg.rows; j++ {
		for i := 1; i < cfg.cols; i++ {
			probes = append(probes, c.corner[c.ci(i, j)])
			probes = append(probes, c.hEdge[j*cfg.cols+i]...)
		}
	}
	inside := 0
	for _, p := range probes {
		got := ix.Locate(p)
		if want := bf.locate(p); !slices.Equal(got, want) {
			t.Fatalf("Locate(%v) = %v, brute force says %v", p, got, want)
		}
		if len(got) == 0 {
			continue // beyond the jittered city border
		}
		inside++
		mg := got[0]
		if mg.Level != int(admin.Microgrid) {
			t.Fatalf("Locate(%v) = %v: deepest hit is not a micro-grid", p, got)
		}
		i, j := int(mg.ID%10_000), int(mg.ID/10_000%10_000)
		if want := c.wantChain(i, j); !slices.Equal(got, want) {
			t.Fatalf("Locate(%v) = %v, want the chain %v", p, got, want)
		}
		if h, ok := ix.LocateLevel(p, int(admin.Community)); !ok || h != got[2] {
			t.Fatalf("LocateLevel(%v, community) = %v, %v; want %v", p, h, ok, got[2])
		}
	}
	if inside < len(probes)*9/10 {
		t.Errorf("only %d of %d probes inside the city", inside, len(probes))
	}
	for _, e := range c.entries[:cfg.cols*cfg.rows] {
		if n := len(e.Geometry[0][0]) - 1; n < 8 || n > 24 {
			t.Errorf("micro-grid %d has %d vertices, want 8–24", e.ID, n)
		}
	}
}

// TestConcurrentReaders runs lookups from several goroutines against one
// index while a writer publishes rebuilt indexes through a Holder. Run with
// -race to check that reads share nothing mutable.
func TestConcurrentReaders(t *testing.T) {
	c := genCity(smallCity)
	first := mustBuild(t, c.entries)
	second := mustBuild(t, c.entries)
	probes := c.randomPoints(500, 2)
	want := make([][]spatial.Hit, len(probes))
	for k, p := range probes {
		want[k] = first.Locate(p)
	}
	var h spatial.Holder
	h.Store(first)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for range 4 {
		wg.Go(func() {
			var buf []spatial.Hit
			for round := range 20 {
				ix := h.Load() // one snapshot per "request"
				for k, p := range probes {
					buf = ix.AppendLocate(buf[:0], p)
					if !slices.Equal(buf, want[k]) {
						errs <- fmt.Sprintf("round %d: Locate(%v) = %v, want %v", round, p, buf, want[k])
						return
					}
				}
			}
		})
	}
	wg.Go(func() {
		for k := range 50 {
			if k%2 == 0 {
				h.Store(second)
			} else {
				h.Store(first)
			}
		}
	})
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestHolder(t *testing.T) {
	var h spatial.Holder
	if ix := h.Load(); ix != nil || ix.Locate(geo.Point{}) != nil || ix.Len() != 0 {
		t.Fatalf("empty Holder: Load = %v, want a nil index that finds nothing", ix)
	}
	ix := mustBuild(t, fixture)
	h.Store(ix)
	if h.Load() != ix {
		t.Fatal("Load did not return the stored index")
	}
}
