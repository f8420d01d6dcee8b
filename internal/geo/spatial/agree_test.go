package spatial_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
)

// TestAgreesWithGeoContains compares the index with geo's Contains over
// random shapes, small and large (so band tables are used), with holes,
// several parts, self-intersections and combs, on random points, on every
// vertex and on lattice points that fall exactly on horizontal, vertical
// and slanted edges. geo.Contains defines the boundary rule; the index must
// give the same answer for every point, not just almost every point. The
// reference has no box filter, because on invalid input (a hole poking out
// of its outer ring) geo's outer-ring box would itself disagree with
// geo.Contains; the index boxes all rings and so does not.
func TestAgreesWithGeoContains(t *testing.T) {
	rng := rand.New(rand.NewPCG(42, 42))
	var entries []spatial.Entry
	// Snapping to a lattice of 0.5 puts many probes exactly on edges.
	snap := func(v float64) float64 { return math.Round(v*2) / 2 }
	star := func(cx, cy, rmin, rmax float64, n int, snapped bool) geo.Ring {
		r := make(geo.Ring, 0, n+1)
		for k := range n {
			a := 2 * math.Pi * (float64(k) + rng.Float64()*0.5) / float64(n)
			rad := rmin + rng.Float64()*(rmax-rmin)
			p := pt(cx+rad*math.Cos(a), cy+rad*math.Sin(a))
			if snapped {
				p = pt(snap(p.Lng), snap(p.Lat))
			}
			r = append(r, p)
		}
		return append(r, r[0])
	}
	for i := range 160 {
		cx, cy := rng.Float64()*200, rng.Float64()*200
		n := 3 + rng.IntN(20)
		if i%4 == 0 {
			n = 40 + rng.IntN(200) // large: band tables
		}
		snapped := i%2 == 0
		pg := geo.Polygon{star(cx, cy, 10, 30, n, snapped)}
		if i%3 == 0 {
			pg = append(pg, star(cx, cy, 2, 8, 3+rng.IntN(60), snapped)) // a hole
		}
		mp := geo.MultiPolygon{pg}
		if i%5 == 0 {
			mp = append(mp, geo.Polygon{star(cx+50, cy, 1, 20, n, snapped)}) // overlapping parts
		}
		entries = append(entries, spatial.Entry{ID: int64(i), Level: 1 + i%6, Geometry: mp})
	}
	// Combs: many tall teeth, the worst case for latitude bands.
	for i := range 4 {
		var r geo.Ring
		x0, y0 := rng.Float64()*200, rng.Float64()*200
		teeth := 60 + 60*i
		r = append(r, pt(x0, y0))
		for k := range teeth {
			x := x0 + float64(k)
			r = append(r, pt(x+0.5, y0+50), pt(x+1, y0+1))
		}
		r = append(r, pt(x0+float64(teeth), y0), pt(x0, y0))
		entries = append(entries, spatial.Entry{ID: int64(1000 + i), Level: 3, Geometry: geo.MultiPolygon{{r}}})
	}

	ix := mustBuild(t, entries)
	var probes []geo.Point
	for range 5000 {
		probes = append(probes, pt(rng.Float64()*260-10, rng.Float64()*260-10))
		probes = append(probes, pt(snap(rng.Float64()*260-10), snap(rng.Float64()*260-10)))
	}
	for _, e := range entries {
		for _, pg := range e.Geometry {
			for _, r := range pg {
				probes = append(probes, r...)
				for k := 1; k < len(r); k++ { // midpoints: often exactly on the edge
					probes = append(probes, pt((r[k-1].Lng+r[k].Lng)/2, (r[k-1].Lat+r[k].Lat)/2))
				}
			}
		}
	}
	bad, nonEmpty := 0, 0
	var buf []spatial.Hit
	for _, p := range probes {
		buf = ix.AppendLocate(buf[:0], p)
		want := reference(entries, p)
		if len(want) > 0 {
			nonEmpty++
		}
		if !slices.Equal(buf, want) {
			if bad++; bad <= 10 {
				t.Errorf("Locate(%v) = %v, geo.Contains says %v", p, buf, want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d probes disagree", bad, len(probes))
	}
	if nonEmpty < len(probes)/4 {
		t.Errorf("only %d of %d probes hit anything: the test is not testing much", nonEmpty, len(probes))
	}
	t.Logf("%d probes, %d inside something, all agree with geo.Contains", len(probes), nonEmpty)
}
