package spatial

import "github.com/shequ-dev/shequ/internal/geo"

// search appends a hit for every entry containing p to dst, unordered. With
// onlyLevel set it skips parts of other levels before the exact test.
func (ix *Index) search(dst []Hit, p geo.Point, level int, onlyLevel bool) []Hit {
	nodes, items, leaves := ix.tree.nodes, ix.tree.items, ix.tree.leaves
	if len(nodes) == 0 {
		return dst
	}
	root := int32(len(nodes) - 1)
	if !nodes[root].contains(p) {
		return dst
	}
	start := len(dst)
	// A depth-first walk holds at most nodeSize-1 pending siblings per
	// level: 64 slots cover trees far deeper than any city needs, and
	// append would spill to the heap beyond that rather than fail.
	var buf [64]int32
	stack := append(buf[:0], root)
	for len(stack) > 0 {
		nd := &nodes[stack[len(stack)-1]]
		isLeaf := stack[len(stack)-1] < leaves
		stack = stack[:len(stack)-1]
		if !isLeaf {
			for c := nd.lo; c < nd.hi; c++ {
				if nodes[c].contains(p) {
					stack = append(stack, c)
				}
			}
			continue
		}
		for c := nd.lo; c < nd.hi; c++ {
			it := &items[c]
			if !it.contains(p) || onlyLevel && int(it.level) != level || !ix.partContains(it, p) {
				continue
			}
			h := Hit{ID: it.id, Level: int(it.level)}
			// An entry whose polygons overlap could be found twice.
			if it.multi && hasHit(dst[start:], h) {
				continue
			}
			dst = append(dst, h)
		}
	}
	return dst
}

func hasHit(hs []Hit, h Hit) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}
