package geo

import "testing"

// Benchmarks, each with the baseline it improves on where there is one:
//
//	go test -run '^$' -bench . -benchmem ./internal/geo/

// BenchmarkCheckPolygon checks a valid 5,000-vertex community outline. The
// crossing search is also timed alone, against trying all 12.5 million
// pairs of edges.
func BenchmarkCheckPolygon(b *testing.B) {
	ring := community(5000, 0, 0, 600, 1)
	b.Run("CheckPolygon/5000", func(b *testing.B) {
		m := mpoly(ring)
		for b.Loop() {
			if CheckPolygon(m) != nil {
				b.Fatal("problems in a valid ring")
			}
		}
	})
	b.Run("crossings/sweep/5000", func(b *testing.B) {
		for b.Loop() {
			newCrossingCheck(Polygon{ring}).run()
		}
	})
	b.Run("crossings/naive/5000", func(b *testing.B) {
		for b.Loop() {
			naiveCrossings(newCrossingCheck(Polygon{ring}))
		}
	})
}

// BenchmarkOverlap measures the exact overlap of two neighbouring 100 m
// grids whose shared edge is 1 m off, against estimating it by testing a
// point every metre (far slower, and blind to slivers thinner than a
// metre), and of two 5,000-vertex outlines that overlap by half.
func BenchmarkOverlap(b *testing.B) {
	g1 := mpoly(mrect(0, 0, 100, 100))
	g2 := mpoly(mring(99, 0, 200, 0, 200, 100, 100, 100))
	b.Run("exact/grids", func(b *testing.B) {
		for b.Loop() {
			Overlap(g1, g2)
		}
	})
	b.Run("raster-1m/grids", func(b *testing.B) {
		for b.Loop() {
			n := 0
			for x := 0.5; x < 200; x++ {
				for y := 0.5; y < 100; y++ {
					if p := metres(x, y); g1.Contains(p) && g2.Contains(p) {
						n++
					}
				}
			}
		}
	})
	a, c := mpoly(community(5000, 0, 0, 600, 1)), mpoly(community(5000, 500, 0, 600, 2))
	b.Run("exact/5000x5000", func(b *testing.B) {
		for b.Loop() {
			Overlap(a, c)
		}
	})
}

// BenchmarkCheckInside checks a 100 m grid against a 2,000-vertex
// community it pokes out of.
func BenchmarkCheckInside(b *testing.B) {
	parent := mpoly(community(2000, 0, 0, 600, 3))
	x, _ := toMetres(parent[0][0][0])
	child := mpoly(mrect(x-80, -50, x+20, 50))
	for b.Loop() {
		if CheckInside(child, parent, 0.5) == nil {
			b.Fatal("no problem found")
		}
	}
}

// BenchmarkCoverageGaps looks for the gaps among the 100 m unit grids of a
// community, and of a real NYC district when the data is present, with
// every seventh grid removed.
func BenchmarkCoverageGaps(b *testing.B) {
	run := func(name string, parent MultiPolygon) {
		var children []MultiPolygon
		for i, c := range UnitGrids(parent, 100) {
			if i%7 != 3 {
				children = append(children, c.Shape)
			}
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				CoverageGaps(parent, children, 1)
			}
			b.ReportMetric(float64(len(children)), "children")
		})
	}
	run("community-400", mpoly(community(400, 0, 0, 700, 4)))
	d, _ := nycDistricts(b)
	run("nyc-318", d["318"])
}

// BenchmarkUnitGrids cuts a 1.5 km² community of 400 vertices, and real
// NYC districts when the data is present, into 100 m unit grids.
func BenchmarkUnitGrids(b *testing.B) {
	run := func(name string, m MultiPolygon) {
		b.Run(name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				n = len(UnitGrids(m, 100))
			}
			b.ReportMetric(float64(n), "cells")
		})
	}
	run("community-400", mpoly(community(400, 0, 0, 700, 4)))
	d, _ := nycDistricts(b)
	run("nyc-101", d["101"])
	run("nyc-318", d["318"])
}
