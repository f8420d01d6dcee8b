package spatial

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/shequ-dev/shequ/internal/geo"
)

// ErrNonFinite reports a coordinate that is NaN or infinite.
var ErrNonFinite = errors.New("coordinate is not a finite number")

// ErrLevelRange reports a level outside the 32-bit range the index stores;
// administrative trees use 1 to 6.
var ErrLevelRange = errors.New("level out of range")

// ErrTooLarge reports input with more points than the index addresses
// (about 2³¹, far beyond any administrative tree).
var ErrTooLarge = errors.New("too many points for one index")

// bandMinEdges is the edge count from which a polygon gets a band table.
// Below it, scanning the edges in one contiguous run is as fast as the
// table's extra indirection, and costs no extra memory; micro-grids and
// grids stay below it, communities and larger areas above.
const bandMinEdges = 64

// Build returns an index over entries. It rejects, naming the entry, any
// geometry that geo's Validate rejects (no polygon, unclosed rings, rings of
// fewer than four points) and any coordinate that is NaN or infinite, since
// such a polygon would silently never match or match everything. Valid but
// degenerate shapes, such as a ring of zero area, are indexed and contain
// no point. The entries are not retained.
func Build(entries []Entry) (*Index, error) {
	type source struct {
		entry int32
		pg    geo.Polygon
		edges int // non-horizontal edges
	}
	var (
		srcs      []source
		boxes     []geo.BBox
		points    int // for parts scanned whole
		bandBound int // for band tables: at most 4 copies of each edge
	)
	for i, e := range entries {
		if err := check(e.Geometry); err != nil {
			return nil, fmt.Errorf("spatial: entry %d (ID %d): %w", i, e.ID, err)
		}
		if int(int32(e.Level)) != e.Level {
			return nil, fmt.Errorf("spatial: entry %d (ID %d): %w", i, e.ID, ErrLevelRange)
		}
		for _, pg := range e.Geometry {
			// Box over all rings, not only the outer one, so that the box
			// filter never disagrees with the even-odd test on odd input.
			b := geo.EmptyBBox()
			s := source{entry: int32(i), pg: pg}
			for _, r := range pg {
				b = b.Union(r.BBox())
				for k := 1; k < len(r); k++ {
					if r[k-1].Lat != r[k].Lat {
						s.edges++
					}
				}
			}
			if s.edges >= bandMinEdges {
				bandBound += 4 * s.edges
			} else {
				points += len(pg[0]) + len(pg) - 1
				for _, r := range pg[1:] {
					points += len(r)
				}
			}
			srcs = append(srcs, s)
			boxes = append(boxes, b)
		}
	}
	if points >= math.MaxInt32 || bandBound >= math.MaxInt32 || len(srcs) >= math.MaxInt32/2 {
		return nil, fmt.Errorf("spatial: %d polygons, %d points: %w", len(srcs), points, ErrTooLarge)
	}

	ix := &Index{
		n:         len(entries),
		pts:       make([]geo.Point, 0, points),
		bandEdges: make([]edge, 0, bandBound),
	}
	var order []int32
	ix.tree.nodes, ix.tree.leaves, order = buildTree(boxes)
	ix.tree.items = make([]item, len(order))
	// Parts and their points are stored in leaf order, so that polygons
	// tested for the same point sit next to each other in memory.
	for i, o := range order {
		s := srcs[o]
		e := &entries[s.entry]
		leaf := &ix.tree.items[i]
		*leaf = item{box: outward(boxes[o]), id: e.ID, level: int32(e.Level), multi: len(e.Geometry) > 1}
		if s.edges >= bandMinEdges {
			leaf.lo = -1 - int32(len(ix.bands))
			ix.addBands(s.pg, s.edges, boxes[o])
			continue
		}
		leaf.lo = int32(len(ix.pts))
		ix.pts = append(ix.pts, s.pg[0]...)
		for _, hole := range s.pg[1:] {
			ix.pts = append(ix.pts, hole...)
			ix.pts = append(ix.pts, s.pg[0][0])
		}
		leaf.hi = int32(len(ix.pts))
	}
	// The tables were allocated for the worst case; keep only what is used.
	ix.bandEdges = slices.Clone(ix.bandEdges)
	return ix, nil
}

// check validates g and rejects non-finite coordinates.
func check(g geo.MultiPolygon) error {
	if err := g.Validate(); err != nil {
		return err
	}
	for i, pg := range g {
		for j, r := range pg {
			for k, p := range r {
				if math.IsNaN(p.Lng) || math.IsNaN(p.Lat) || math.IsInf(p.Lng, 0) || math.IsInf(p.Lat, 0) {
					return fmt.Errorf("polygon %d ring %d point %d: %w", i, j, k, ErrNonFinite)
				}
			}
		}
	}
	return nil
}

// addBands appends a band table for pg, which has n non-horizontal edges.
// The table aims at two edges per band, but a shape whose edges are tall (a
// comb) would copy every edge into every band, so the band count is halved
// until the copies stay within four times the edge count.
func (ix *Index) addBands(pg geo.Polygon, n int, box geo.BBox) {
	edges := make([]edge, 0, n)
	for _, r := range pg {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			if a.Lat > b.Lat {
				a, b = b, a
			}
			if a.Lat != b.Lat { // horizontal edges never cross the ray
				edges = append(edges, edge{a.Lng, a.Lat, b.Lng, b.Lat})
			}
		}
	}
	bt := bandTable{minLat: box.MinLat, start: int32(len(ix.bandStart))}
	total := 0
	for nb := max(n/2, 1); ; nb /= 2 {
		bt.n = int32(nb)
		bt.scale = float64(nb) / (box.MaxLat - box.MinLat)
		total = 0
		for _, e := range edges {
			total += int(bt.band(e.by)-bt.band(e.ay)) + 1
		}
		if total <= 4*n || nb == 1 {
			break
		}
	}
	// Counting sort of the edges into their bands.
	count := make([]int32, bt.n+1)
	for _, e := range edges {
		for b := bt.band(e.ay); b <= bt.band(e.by); b++ {
			count[b+1]++
		}
	}
	base := int32(len(ix.bandEdges))
	for b := range count {
		if b > 0 {
			count[b] += count[b-1]
		}
		ix.bandStart = append(ix.bandStart, base+count[b])
	}
	ix.bandEdges = ix.bandEdges[:int(base)+total]
	next := count[:bt.n] // next free slot per band, relative to base
	for _, e := range edges {
		for b := bt.band(e.ay); b <= bt.band(e.by); b++ {
			ix.bandEdges[base+next[b]] = e
			next[b]++
		}
	}
	ix.bands = append(ix.bands, bt)
}
