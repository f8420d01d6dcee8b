package spatial

import (
	"cmp"
	"math"
	"slices"

	"github.com/shequ-dev/shequ/internal/geo"
)

// nodeSize is the fan-out of the R-tree. With 8 children of 24 bytes a node
// spans three cache lines; 16 and 32 measured slower on the benchmark
// (more boxes tested per node than the shallower tree saves).
const nodeSize = 8

// rtree is a static, packed R-tree in two flat slices. nodes are the inner
// nodes, leaves first: node i < leaves covers the leaf entries
// items[lo:hi], any other node the nodes[lo:hi]. The last node is the root.
type rtree struct {
	nodes  []rnode
	leaves int32
	items  []item // one per part
}

// box is a bounding box in float32, rounded outwards. Boxes only select
// candidates for the exact test, so being a little too large (by under a
// metre) costs nothing, and half the bytes means fewer cache misses.
type box struct {
	minX, minY, maxX, maxY float32
}

// rnode is an inner node: a box and the range of its children.
type rnode struct {
	box
	lo, hi int32
}

// item is a leaf entry: one part (polygon) of an entry, with what a hit
// reports kept beside the box, so that a hit costs no further memory access.
type item struct {
	box
	lo, hi int32 // where the edges are: see part.go
	id     int64
	level  int32
	multi  bool // the entry has several parts, so hits need de-duplicating
}

func (b *box) contains(p geo.Point) bool {
	// Closed box; NaN fails every comparison. The four tests are combined
	// without short-circuiting: for scattered points each is a coin toss,
	// and one test of the combined flag mispredicts less than four branches.
	return b2u(p.Lng >= float64(b.minX))&b2u(p.Lng <= float64(b.maxX))&
		b2u(p.Lat >= float64(b.minY))&b2u(p.Lat <= float64(b.maxY)) != 0
}

// b2u is 1 for true and 0 for false; the compiler emits a SETcc for it.
func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// outward rounds b to float32 without shrinking it.
func outward(b geo.BBox) box {
	return box{minX: down(b.MinLng), minY: down(b.MinLat), maxX: up(b.MaxLng), maxY: up(b.MaxLat)}
}

// down and up round v to a float32 no greater (no smaller) than v.
func down(v float64) float32 {
	f := float32(v)
	if float64(f) > v {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func up(v float64) float32 {
	f := float32(v)
	if float64(f) < v {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// buildTree packs boxes into an R-tree by Sort-Tile-Recursive. It returns
// the inner nodes and the order of the leaf entries: leaf entry i is
// boxes[order[i]].
//
// Polygons of all levels share the leaves. Packing each level apart (so no
// district's box widens a leaf of micro-grids) measured slower: the large
// boxes then widen the nodes one level up instead.
func buildTree(boxes []geo.BBox) (nodes []rnode, leaves int32, order []int32) {
	n := len(boxes)
	if n == 0 {
		return nil, 0, nil
	}
	// Leaf entries first, as nodes whose lo remembers their position.
	all := make([]rnode, n, n+n/(nodeSize-1)+8)
	for i, b := range boxes {
		all[i] = rnode{box: outward(b), lo: int32(i)}
	}
	// Pack level after level until one node covers everything. Each level
	// is STR-sorted before grouping, so siblings are neighbours in space;
	// reordering a level is safe because its nodes only point downwards.
	for lo, hi := 0, n; ; lo, hi = hi, len(all) {
		strSort(all[lo:hi])
		all = pack(all, lo, hi)
		if lo == 0 {
			leaves = int32(len(all) - hi)
		}
		if len(all)-hi == 1 {
			break
		}
	}
	order = make([]int32, n)
	for i := range order {
		order[i] = all[i].lo
	}
	// Drop the leaf entries and renumber: children of leaves index items,
	// which keep their positions; children of other nodes move down by n.
	nodes = slices.Clone(all[n:]) // let the leaf entries' copies go
	for i := leaves; i < int32(len(nodes)); i++ {
		nodes[i].lo -= int32(n)
		nodes[i].hi -= int32(n)
	}
	return nodes, leaves, order
}

// pack appends a parent for every nodeSize consecutive nodes of [lo, hi).
func pack(nodes []rnode, lo, hi int) []rnode {
	for g := lo; g < hi; g += nodeSize {
		end := min(g+nodeSize, hi)
		parent := rnode{lo: int32(g), hi: int32(end), box: box{
			minX: float32(math.Inf(1)), minY: float32(math.Inf(1)),
			maxX: float32(math.Inf(-1)), maxY: float32(math.Inf(-1)),
		}}
		for _, c := range nodes[g:end] {
			parent.minX = min(parent.minX, c.minX)
			parent.minY = min(parent.minY, c.minY)
			parent.maxX = max(parent.maxX, c.maxX)
			parent.maxY = max(parent.maxY, c.maxY)
		}
		nodes = append(nodes, parent)
	}
	return nodes
}

// strSort orders ns for packing: sorted by the x of their centres, cut into
// √(leaves) vertical slices, each slice sorted by the y of the centres, so
// that every run of nodeSize consecutive nodes forms a compact tile.
func strSort(ns []rnode) {
	n := len(ns)
	if n <= nodeSize {
		return
	}
	leaves := (n + nodeSize - 1) / nodeSize
	sliceLen := int(math.Ceil(math.Sqrt(float64(leaves)))) * nodeSize
	slices.SortFunc(ns, func(a, b rnode) int {
		return cmp.Compare(float64(a.minX)+float64(a.maxX), float64(b.minX)+float64(b.maxX))
	})
	for i := 0; i < n; i += sliceLen {
		slices.SortFunc(ns[i:min(i+sliceLen, n)], func(a, b rnode) int {
			return cmp.Compare(float64(a.minY)+float64(a.maxY), float64(b.minY)+float64(b.maxY))
		})
	}
}
