package spatial_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
)

// cityConfig describes a synthetic administrative tree: a lattice of
// cols × rows micro-grid cells, grouped into blocks per level. Block sizes
// are counted in micro-grid cells and must divide the lattice and each
// other.
type cityConfig struct {
	cols, rows int
	// Cell size in degrees and the centre of the city.
	dx, dy float64
	centre geo.Point
	// Blocks of cells per level, from grid to district.
	blocks []block
	seed   uint64
}

type block struct {
	level admin.Level
	w, h  int // in micro-grid cells
}

// benchCity is the benchmark's city: 400 × 250 = 100,000 micro-grids of
// about 115 m × 110 m around Suzhou (120.6°E, 31.3°N), 46 km × 28 km in
// all; 8 micro-grids per grid (12,500 grids), 25 grids per community (500),
// 20 communities per street (25) and 5 streets per district (5).
var benchCity = cityConfig{
	cols: 400, rows: 250,
	dx: 0.0012, dy: 0.001,
	centre: geo.Point{Lng: 120.6, Lat: 31.3},
	blocks: []block{
		{admin.Grid, 4, 2},
		{admin.Community, 20, 10},
		{admin.Street, 80, 50},
		{admin.District, 80, 250},
	},
	seed: 2025,
}

// smallCity has the same shape at a size unit tests build in milliseconds.
var smallCity = cityConfig{
	cols: 32, rows: 24,
	dx: 0.0012, dy: 0.001,
	centre: geo.Point{Lng: 120.6, Lat: 31.3},
	blocks: []block{
		{admin.Grid, 2, 2},
		{admin.Community, 4, 4},
		{admin.Street, 8, 8},
		{admin.District, 16, 24},
	},
	seed: 7,
}

// city is a generated tree: its entries and the lattice they tile.
type city struct {
	cfg     cityConfig
	bounds  geo.BBox // the unjittered lattice
	entries []spatial.Entry
	corner  []geo.Point   // (cols+1) × (rows+1) jittered lattice corners
	hEdge   [][]geo.Point // inner points of the edge from corner (i, j) to (i+1, j)
	vEdge   [][]geo.Point // inner points of the edge from corner (i, j) to (i, j+1)
}

// entryID encodes level and block position so tests can predict the chain
// a point must resolve to.
func entryID(l admin.Level, bi, bj int) int64 {
	return int64(l)*100_000_000 + int64(bj)*10_000 + int64(bi)
}

// genCity builds an irregular tiling: lattice corners are jittered by up to
// 15 % of a cell and every cell side gets 1–5 extra points offset sideways,
// so micro-grids have 8–24 vertices and no two look alike. Neighbours share
// their sides point for point, and each parent's outline is walked along the
// same points, which is what makes the tiling exact (see geo.Ring.Contains).
// The offsets shrink towards the corners so that sides meeting at a corner
// cannot cross.
func genCity(cfg cityConfig) *city {
	rng := rand.New(rand.NewPCG(cfg.seed, 0x5eed))
	w, h := float64(cfg.cols)*cfg.dx, float64(cfg.rows)*cfg.dy
	c := &city{
		cfg:    cfg,
		bounds: geo.BBox{MinLng: cfg.centre.Lng - w/2, MinLat: cfg.centre.Lat - h/2, MaxLng: cfg.centre.Lng + w/2, MaxLat: cfg.centre.Lat + h/2},
		corner: make([]geo.Point, (cfg.cols+1)*(cfg.rows+1)),
		hEdge:  make([][]geo.Point, cfg.cols*(cfg.rows+1)),
		vEdge:  make([][]geo.Point, (cfg.cols+1)*cfg.rows),
	}
	jitter := func(f float64) float64 { return (rng.Float64()*2 - 1) * f }
	for j := 0; j <= cfg.rows; j++ {
		for i := 0; i <= cfg.cols; i++ {
			c.corner[c.ci(i, j)] = geo.Point{
				Lng: c.bounds.MinLng + float64(i)*cfg.dx + jitter(0.15*cfg.dx),
				Lat: c.bounds.MinLat + float64(j)*cfg.dy + jitter(0.15*cfg.dy),
			}
		}
	}
	side := func(a, b geo.Point, horizontal bool) []geo.Point {
		k := 1 + rng.IntN(5)
		pts := make([]geo.Point, k)
		for s := range pts {
			t := (float64(s+1) + jitter(0.3)) / float64(k+1)
			amp := 0.2 * min(t, 1-t) // 0.1 of a cell at the middle
			p := geo.Point{Lng: a.Lng + t*(b.Lng-a.Lng), Lat: a.Lat + t*(b.Lat-a.Lat)}
			if horizontal {
				p.Lat += jitter(amp * cfg.dy)
			} else {
				p.Lng += jitter(amp * cfg.dx)
			}
			pts[s] = p
		}
		return pts
	}
	for j := 0; j <= cfg.rows; j++ {
		for i := 0; i < cfg.cols; i++ {
			c.hEdge[j*cfg.cols+i] = side(c.corner[c.ci(i, j)], c.corner[c.ci(i+1, j)], true)
		}
	}
	for j := 0; j < cfg.rows; j++ {
		for i := 0; i <= cfg.cols; i++ {
			c.vEdge[j*(cfg.cols+1)+i] = side(c.corner[c.ci(i, j)], c.corner[c.ci(i, j+1)], false)
		}
	}
	levels := append([]block{{admin.Microgrid, 1, 1}}, cfg.blocks...)
	for _, b := range levels {
		if cfg.cols%b.w != 0 || cfg.rows%b.h != 0 {
			panic(fmt.Sprintf("block %v does not divide the lattice", b))
		}
		for bj := 0; bj < cfg.rows/b.h; bj++ {
			for bi := 0; bi < cfg.cols/b.w; bi++ {
				c.entries = append(c.entries, spatial.Entry{
					ID:       entryID(b.level, bi, bj),
					Level:    int(b.level),
					Geometry: geo.MultiPolygon{{c.outline(bi*b.w, bj*b.h, (bi+1)*b.w, (bj+1)*b.h)}},
				})
			}
		}
	}
	return c
}

func (c *city) ci(i, j int) int { return j*(c.cfg.cols+1) + i }

// outline walks counter-clockwise round the cells [i0, i1) × [j0, j1).
func (c *city) outline(i0, j0, i1, j1 int) geo.Ring {
	var r geo.Ring
	for i := i0; i < i1; i++ { // bottom, eastwards
		r = append(r, c.corner[c.ci(i, j0)])
		r = append(r, c.hEdge[j0*c.cfg.cols+i]...)
	}
	for j := j0; j < j1; j++ { // right, northwards
		r = append(r, c.corner[c.ci(i1, j)])
		r = append(r, c.vEdge[j*(c.cfg.cols+1)+i1]...)
	}
	for i := i1 - 1; i >= i0; i-- { // top, westwards
		r = append(r, c.corner[c.ci(i+1, j1)])
		r = appendReversed(r, c.hEdge[j1*c.cfg.cols+i])
	}
	for j := j1 - 1; j >= j0; j-- { // left, southwards
		r = append(r, c.corner[c.ci(i0, j+1)])
		r = appendReversed(r, c.vEdge[j*(c.cfg.cols+1)+i0])
	}
	return append(r, c.corner[c.ci(i0, j0)])
}

func appendReversed(r geo.Ring, pts []geo.Point) geo.Ring {
	for k := len(pts) - 1; k >= 0; k-- {
		r = append(r, pts[k])
	}
	return r
}

// randomPoints returns n points spread uniformly over the lattice; a few
// near the jittered outer border fall outside every polygon, as real
// reports sometimes do.
func (c *city) randomPoints(n int, seed uint64) []geo.Point {
	rng := rand.New(rand.NewPCG(seed, 1))
	b := c.bounds
	pts := make([]geo.Point, n)
	for i := range pts {
		pts[i] = geo.Point{
			Lng: b.MinLng + rng.Float64()*(b.MaxLng-b.MinLng),
			Lat: b.MinLat + rng.Float64()*(b.MaxLat-b.MinLat),
		}
	}
	return pts
}

// wantChain returns the hits a point in micro-grid cell (i, j) must get,
// deepest first.
func (c *city) wantChain(i, j int) []spatial.Hit {
	hits := []spatial.Hit{{ID: entryID(admin.Microgrid, i, j), Level: int(admin.Microgrid)}}
	for _, b := range c.cfg.blocks {
		hits = append(hits, spatial.Hit{ID: entryID(b.level, i/b.w, j/b.h), Level: int(b.level)})
	}
	return hits
}
