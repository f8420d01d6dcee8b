package geo

import (
	"cmp"
	"slices"
)

// sweepPairs calls f(i, j) once for every pair of boxes that overlap or
// touch. The boxes are sorted by their west edge and each is compared only
// with the boxes that start before it ends, so on the edges of a polygon,
// which are short and spread out, the work is close to n log n rather than
// the n² of trying every pair.
func sweepPairs(boxes []box, f func(i, j int)) {
	order := make([]int32, len(boxes))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(boxes[a].minX, boxes[b].minX) })
	for p, i := range order {
		bi := boxes[i]
		for _, j := range order[p+1:] {
			bj := boxes[j]
			if bj.minX > bi.maxX {
				break
			}
			if bj.minY <= bi.maxY && bi.minY <= bj.maxY {
				f(int(i), int(j))
			}
		}
	}
}
