package spatial

import (
	"slices"

	"github.com/shequ-dev/shequ/internal/geo"
)

// Entry is one polygon of the administrative tree to index.
type Entry struct {
	// ID identifies the node; the index hands it back in hits.
	ID int64
	// Level is the node's depth in the tree, larger meaning deeper: use the
	// values of admin.Level (district 2 … micro-grid 6). The index does not
	// interpret it beyond ordering hits and filtering by it.
	Level int
	// Geometry is the node's area in WGS-84 degrees. Build copies what it
	// needs, so the caller may reuse or drop it afterwards.
	Geometry geo.MultiPolygon
}

// Hit is one entry that contains a located point.
type Hit struct {
	ID    int64
	Level int
}

// Index is an immutable spatial index over polygons. The zero value and the
// nil pointer are valid empty indexes. All methods are safe for concurrent
// use.
type Index struct {
	n    int // entries
	tree rtree
	// Edges of small parts, as closed walks in leaf order (see part.go).
	pts []geo.Point
	// Band tables of large parts and their edges (see bandTable).
	bands     []bandTable
	bandStart []int32
	bandEdges []edge
}

// Len returns the number of entries in the index.
func (ix *Index) Len() int {
	if ix == nil {
		return 0
	}
	return ix.n
}

// Locate returns every entry whose geometry contains p, deepest level first
// (ties by ascending ID). In a proper administrative tree that is one hit
// per level: micro-grid, grid, community, street, district. A point outside
// every polygon, or with a NaN or infinite coordinate, yields an empty
// (nil) slice, which callers must report as "outside every area" rather than
// guess.
func (ix *Index) Locate(p geo.Point) []Hit {
	// Collect on the stack and allocate once, at the final size.
	var buf [8]Hit
	hits := ix.AppendLocate(buf[:0], p)
	if len(hits) == 0 {
		return nil
	}
	return slices.Clone(hits)
}

// AppendLocate is Locate appending to dst, so a caller that locates many
// points can reuse one buffer and allocate nothing.
func (ix *Index) AppendLocate(dst []Hit, p geo.Point) []Hit {
	if ix == nil {
		return dst
	}
	start := len(dst)
	dst = ix.search(dst, p, 0, false)
	sortHits(dst[start:])
	return dst
}

// LocateLevel returns the entry of the given level that contains p, and
// false if there is none. Should several entries of that level contain p
// (overlapping siblings), the one with the smallest ID is returned, so the
// answer does not depend on how the tree was packed.
func (ix *Index) LocateLevel(p geo.Point, level int) (Hit, bool) {
	if ix == nil {
		return Hit{}, false
	}
	var buf [8]Hit
	hits := ix.search(buf[:0], p, level, true)
	if len(hits) == 0 {
		return Hit{}, false
	}
	sortHits(hits)
	return hits[0], true
}

// sortHits orders hits deepest level first, then by ID. Results hold a few
// hits, so insertion sort beats the generic sort's set-up cost.
func sortHits(h []Hit) {
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && hitLess(h[j], h[j-1]); j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
}

func hitLess(a, b Hit) bool {
	if a.Level != b.Level {
		return a.Level > b.Level
	}
	return a.ID < b.ID
}
