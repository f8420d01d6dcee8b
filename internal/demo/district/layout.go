package district

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sync"

	"github.com/shequ-dev/shequ/internal/geo"
)

// Area is one node of the generated administrative tree.
type Area struct {
	// Code is the node's code: 6 digits for the district, 9 for a street,
	// 12 for a community, then 2 more per level for grids and micro-grids.
	Code string
	// Name is the official name down to communities, then "第N网格" and
	// "第N网格第M微网格".
	Name string
	// Boundary is the polygon in WGS-84.
	Boundary geo.Polygon
	// Center is a point inside Boundary for labels and markers: the
	// centroid when that lies inside, otherwise a point deep inside.
	Center geo.Point
}

// Tree is a generated layout of the district down to micro-grids.
type Tree struct {
	// District's Boundary is the real outline (its largest polygon).
	District Area
	// Streets are in the order of District.Streets.
	Streets []Street
}

// Street is a street (街道) and its communities.
type Street struct {
	Area
	Communities []Community
}

// Community is a community (社区) and its grids.
type Community struct {
	Area
	Grids []Grid
}

// Grid is a grid (网格) and its micro-grids (微网格).
type Grid struct {
	Area
	Microgrids []Area
}

// LayoutOptions tunes Layout. The zero value gives the defaults.
type LayoutOptions struct {
	// GridsPerCommunity is the number of grids in every community, 1–99;
	// 0 picks 2–4 per community, deterministically from the seed.
	GridsPerCommunity int
	// MicrogridsPerGrid is the number of micro-grids in every grid, 1–99;
	// 0 picks 2–4 per grid, deterministically from the seed.
	MicrogridsPerGrid int
}

// Serials are two digits (CJ/T 349 style codes), hence the limit.
const maxSerial = 99

// baseCells is the number of level-0 cells along the longer side of the
// district's bounding box. 192 gives cells of about 170 m for 姑苏区: fine
// enough for the streets to follow the outline closely, coarse enough to
// stay fast. Lower levels refine the cells where they need more.
const baseCells = 192

// minCellsPerPart is the fewest cells a region should have per part before
// it is split; regions with fewer are refined first, so that even the
// smallest micro-grid is a recognisable shape rather than a few squares.
// Raising it smooths the smallest shapes at a steep cost in time, since
// each refinement quadruples the cells.
const minCellsPerPart = 16

// Layout generates a synthetic but plausible division of d: the streets tile
// the part of the district outline covered by whole raster cells (all but a
// thin rim along the outline), the communities tile their street, and each
// community is tiled by grids and each grid by micro-grids. Every polygon
// lies inside its parent, siblings do not overlap, and every area is one
// connected piece (it may have holes where it surrounds a sibling).
//
// The shapes are unions of lattice cells grown around spread-out seeds, so
// they look like city blocks; they are not real boundaries. The same d,
// seed and opt always give the same tree on a given CPU architecture (Go
// may fuse floating-point multiply-adds on some, which can move a centre or
// a tie by the last bit). For the embedded district the
// whole tree (about 1,500 micro-grids with the defaults) takes a few tens
// of milliseconds.
func Layout(d *District, seed int64, opt LayoutOptions) (*Tree, error) {
	if d == nil || len(d.Outline) == 0 {
		return nil, errors.New("district: layout: no district outline")
	}
	for _, o := range []struct {
		name string
		v    int
	}{{"GridsPerCommunity", opt.GridsPerCommunity}, {"MicrogridsPerGrid", opt.MicrogridsPerGrid}} {
		if o.v < 0 || o.v > maxSerial {
			return nil, fmt.Errorf("district: layout: %s = %d, want 0 (default) or 1–%d", o.name, o.v, maxSerial)
		}
	}
	if len(d.Streets) == 0 {
		return nil, errors.New("district: layout: no streets")
	}
	outline := largestPolygon(d.Outline)
	g := &generator{seed: seed, opt: opt}
	var w, h int
	g.lat, w, h = newLattice(outline.BBox())
	base := rasterize(g.lat, w, h, outline)

	t := &Tree{District: Area{Code: d.Code, Name: d.Name, Boundary: outline, Center: polygonCenter(outline)}}
	weights := make([]float64, len(d.Streets))
	for i, s := range d.Streets {
		// Street sizes follow their number of communities.
		weights[i] = float64(max(len(s.Communities), 1))
	}
	streetRegions, err := g.split(base, weights, d.Code)
	if err != nil {
		return nil, err
	}
	// Each street's subtree draws on random sources of its own (see rng),
	// so the streets can be laid out in parallel without changing the
	// result.
	t.Streets = make([]Street, len(d.Streets))
	errs := make([]error, len(d.Streets))
	var wg sync.WaitGroup
	for i, s := range d.Streets {
		wg.Go(func() {
			t.Streets[i], errs[i] = g.street(s, streetRegions[i])
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return t, nil
}

// generator carries what every level of the layout shares.
type generator struct {
	seed int64
	opt  LayoutOptions
	lat  lattice
}

func (g *generator) street(s StreetEntry, r *region) (Street, error) {
	a, err := g.area(s.Code, s.Name, r)
	if err != nil {
		return Street{}, err
	}
	st := Street{Area: a}
	rng := g.rng(s.Code)
	weights := make([]float64, len(s.Communities))
	for i := range weights {
		// Communities differ in size; ±30 % looks like a real district.
		weights[i] = 0.7 + 0.6*rng.Float64()
	}
	parts, err := g.split(r, weights, s.Code)
	if err != nil {
		return Street{}, err
	}
	for i, c := range s.Communities {
		cm, err := g.community(c, parts[i])
		if err != nil {
			return Street{}, err
		}
		st.Communities = append(st.Communities, cm)
	}
	return st, nil
}

func (g *generator) community(c CommunityEntry, r *region) (Community, error) {
	a, err := g.area(c.Code, c.Name, r)
	if err != nil {
		return Community{}, err
	}
	cm := Community{Area: a}
	rng := g.rng(c.Code)
	parts, err := g.split(r, g.counts(rng, g.opt.GridsPerCommunity), c.Code)
	if err != nil {
		return Community{}, err
	}
	for i, pr := range parts {
		n := i + 1
		ga, err := g.area(fmt.Sprintf("%s%02d", c.Code, n), fmt.Sprintf("第%d网格", n), pr)
		if err != nil {
			return Community{}, err
		}
		grid := Grid{Area: ga}
		mparts, err := g.split(pr, g.counts(g.rng(ga.Code), g.opt.MicrogridsPerGrid), ga.Code)
		if err != nil {
			return Community{}, err
		}
		for k, mr := range mparts {
			m := k + 1
			ma, err := g.area(fmt.Sprintf("%s%02d", ga.Code, m), fmt.Sprintf("第%d网格第%d微网格", n, m), mr)
			if err != nil {
				return Community{}, err
			}
			grid.Microgrids = append(grid.Microgrids, ma)
		}
		cm.Grids = append(cm.Grids, grid)
	}
	return cm, nil
}

// counts returns the weights for splitting into n parts, or into 2–4 parts
// when n is 0, each weight jittered so siblings differ a little in size.
func (g *generator) counts(rng *rand.Rand, n int) []float64 {
	if n == 0 {
		n = 2 + rng.IntN(3)
	}
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.8 + 0.4*rng.Float64()
	}
	return w
}

// rng returns the random source for the children of the node with the
// given code. Deriving it from the code, not from one shared stream, keeps
// each subtree's layout independent of the others: changing the options of
// one level does not reshuffle unrelated areas.
func (g *generator) rng(code string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(code))
	return rand.New(rand.NewPCG(uint64(g.seed), h.Sum64()))
}

// split divides r into len(weights) connected regions, refining it first if
// it has too few cells to make recognisable shapes.
func (g *generator) split(r *region, weights []float64, code string) ([]*region, error) {
	if len(weights) == 0 {
		return nil, nil
	}
	if r.n == 0 {
		return nil, fmt.Errorf("district: layout: %s has no room", code)
	}
	for r.n < minCellsPerPart*len(weights) {
		r = r.refine()
	}
	labels := partition(r, weights, g.rng("split:"+code))
	return r.cropAll(labels, len(weights)), nil
}

// area traces r into an Area.
func (g *generator) area(code, name string, r *region) (Area, error) {
	pg, err := trace(g.lat, r)
	if err != nil {
		return Area{}, fmt.Errorf("%s %s: %w", code, name, err)
	}
	c := pg.Centroid()
	if !pg.Contains(c) {
		c = g.deepestCell(r)
	}
	return Area{Code: code, Name: name, Boundary: pg, Center: c}, nil
}

// deepestCell returns the centre of the cell of r farthest (in steps) from
// r's edge: a label point safely inside shapes whose centroid is not.
func (g *generator) deepestCell(r *region) geo.Point {
	depth := make([]int32, len(r.in))
	var queue []int
	for c, ok := range r.in {
		if !ok {
			continue
		}
		i, j := c%r.w, c/r.w
		if !r.has(i+1, j) || !r.has(i-1, j) || !r.has(i, j+1) || !r.has(i, j-1) {
			depth[c] = 1
			queue = append(queue, c)
		}
	}
	best := queue[0]
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if depth[c] > depth[best] {
			best = c
		}
		i, j := c%r.w, c/r.w
		for _, nb := range [4][2]int{{i + 1, j}, {i - 1, j}, {i, j + 1}, {i, j - 1}} {
			if r.has(nb[0], nb[1]) && depth[nb[1]*r.w+nb[0]] == 0 {
				depth[nb[1]*r.w+nb[0]] = depth[c] + 1
				queue = append(queue, nb[1]*r.w+nb[0])
			}
		}
	}
	// The centre of cell (i, j) is corner (2i+1, 2j+1) one level finer.
	i, j := best%r.w, best/r.w
	return g.lat.point(r.level+1, 2*(r.ox+i)+1, 2*(r.oy+j)+1)
}

// newLattice lays a level-0 lattice over b with cells square in metres
// (narrower in degrees of longitude by cos(latitude)), baseCells along the
// longer side, and returns it with the window size that covers b.
func newLattice(b geo.BBox) (lattice, int, int) {
	cos := math.Cos(b.Center().Lat * math.Pi / 180)
	side := max(b.MaxLat-b.MinLat, (b.MaxLng-b.MinLng)*cos) / baseCells
	l := lattice{x0: b.MinLng, y0: b.MinLat, dx: side / cos, dy: side}
	w := int(math.Ceil((b.MaxLng - b.MinLng) / l.dx))
	h := int(math.Ceil((b.MaxLat - b.MinLat) / l.dy))
	return l, max(w, 1), max(h, 1)
}

// largestPolygon returns the polygon of m with the largest area: the main
// body of a district, leaving out small exclaves.
func largestPolygon(m geo.MultiPolygon) geo.Polygon {
	best := m[0]
	for _, p := range m[1:] {
		if p.Area() > best.Area() {
			best = p
		}
	}
	return best
}

// polygonCenter returns the centroid of pg if it lies inside, else some
// interior point.
func polygonCenter(pg geo.Polygon) geo.Point {
	if c := pg.Centroid(); pg.Contains(c) {
		return c
	}
	if p, ok := pg.InteriorPoint(); ok {
		return p
	}
	return pg.Centroid()
}

// Locate returns the areas containing p from the district down to the
// deepest level that contains it: empty if p is outside the district, and
// shorter than five when p is in the district's rim outside every street.
func (t *Tree) Locate(p geo.Point) []*Area {
	if !t.District.Boundary.Contains(p) {
		return nil
	}
	path := []*Area{&t.District}
	for i := range t.Streets {
		s := &t.Streets[i]
		if !s.Boundary.Contains(p) {
			continue
		}
		path = append(path, &s.Area)
		for j := range s.Communities {
			c := &s.Communities[j]
			if !c.Boundary.Contains(p) {
				continue
			}
			path = append(path, &c.Area)
			for k := range c.Grids {
				gr := &c.Grids[k]
				if !gr.Boundary.Contains(p) {
					continue
				}
				path = append(path, &gr.Area)
				for m := range gr.Microgrids {
					if gr.Microgrids[m].Boundary.Contains(p) {
						return append(path, &gr.Microgrids[m])
					}
				}
				return path
			}
			return path
		}
		return path
	}
	return path
}
