package district

import (
	"math"
	"math/rand/v2"
)

// rounds is how many times partition re-seeds each part at its own centre,
// corrects its weight towards its target size, and grows again. Each round
// makes the parts rounder and their sizes closer to the targets (Lloyd's
// algorithm for centroidal Voronoi diagrams, with capacity correction).
// Splits into a few parts settle at once, and they are the bulk of the work
// (every grid and micro-grid), so they get fewer rounds.
func rounds(parts int) int {
	if parts <= 4 {
		return 1
	}
	return 3
}

// seedCandidates is how many random cells are tried for each new seed; the
// one farthest from the seeds already placed wins (Mitchell's best-candidate
// sampling), which spreads seeds evenly without a costly optimum.
const seedCandidates = 16

// attempts is how many seedings partition tries when a part's centroid
// falls outside the part (a crescent or a ring). Such a part still works,
// but its centroid is a poor label point and a surprise for anyone who
// locates areas by their centre, so another seeding is usually better.
const attempts = 8

// partition splits the cells of r into len(weights) parts whose sizes follow
// the weights roughly. It returns a label per cell of r's window (-1 for
// cells outside r). Every part is non-empty and 4-connected, provided r
// itself is 4-connected and has at least len(weights) cells; and unless
// every attempt failed, every part contains its own centroid.
func partition(r *region, weights []float64, rng *rand.Rand) []int32 {
	if len(weights) == 1 {
		// One part is the whole region; no seeding can change that.
		labels := make([]int32, len(r.in))
		for c, ok := range r.in {
			labels[c] = -1
			if ok {
				labels[c] = 0
			}
		}
		return labels
	}
	var best []int32
	bestBad := -1
	for range attempts {
		labels := partitionOnce(r, weights, rng)
		bad := centroidsOutside(r, labels, len(weights))
		if bestBad < 0 || bad < bestBad {
			best, bestBad = labels, bad
		}
		if bad == 0 {
			break
		}
	}
	return best
}

// partitionOnce is one seeding and growth of partition.
func partitionOnce(r *region, weights []float64, rng *rand.Rand) []int32 {
	cells := make([]int32, 0, r.n)
	for c, ok := range r.in {
		if ok {
			cells = append(cells, int32(c))
		}
	}
	k := len(weights)
	var total float64
	for _, w := range weights {
		total += w
	}
	targets := make([]float64, k)
	scale := make([]float64, k)
	for p, w := range weights {
		targets[p] = float64(len(cells)) * w / total
		scale[p] = 1 / targets[p]
	}
	seeds := placeSeeds(r, cells, k, rng)
	g := newGrower(r)
	for round := 0; ; round++ {
		g.grow(seeds, scale)
		if round == rounds(k) {
			return g.labels
		}
		seeds = recentre(r, g.labels, k)
		for p := range k {
			// A part larger than its target gets a larger scale, so
			// its distances count for more and it shrinks next time.
			f := g.size[p] / targets[p]
			scale[p] *= min(max(f, 0.5), 2)
		}
	}
}

// centroidsOutside counts the parts whose centroid does not lie in one of
// their own cells. All cells have the same area, so a part's centroid is
// the mean of its cell centres, and it lies in cell (⌊mean i⌋, ⌊mean j⌋)
// of the window — the cell the half-open rule of geo.Polygon.Contains puts
// it in, should it fall on a cell edge.
func centroidsOutside(r *region, labels []int32, k int) int {
	meanI, meanJ := partMeans(r, labels, k)
	bad := 0
	for p := range k {
		// Cell centres are at i+0.5, so the centroid is at mean+0.5.
		i, j := int(math.Floor(meanI[p]+0.5)), int(math.Floor(meanJ[p]+0.5))
		if i < 0 || j < 0 || i >= r.w || j >= r.h || labels[j*r.w+i] != int32(p) {
			bad++
		}
	}
	return bad
}

// placeSeeds picks k distinct cells spread over r.
func placeSeeds(r *region, cells []int32, k int, rng *rand.Rand) []int32 {
	seeds := []int32{cells[rng.IntN(len(cells))]}
	taken := map[int32]bool{seeds[0]: true}
	for len(seeds) < k {
		best, bestD := int32(-1), -1
		for range seedCandidates {
			c := cells[rng.IntN(len(cells))]
			if taken[c] {
				continue
			}
			d := -1
			for _, s := range seeds {
				if e := dist2(r, c, s); d < 0 || e < d {
					d = e
				}
			}
			if d > bestD {
				best, bestD = c, d
			}
		}
		if best < 0 {
			// All candidates were seeds already (only in tiny regions):
			// take the first free cell.
			for _, c := range cells {
				if !taken[c] {
					best = c
					break
				}
			}
		}
		seeds = append(seeds, best)
		taken[best] = true
	}
	return seeds
}

// dist2 is the squared distance between two cells of r, in cells. Cells
// are square in metres (see newLattice), so this is a true distance.
func dist2(r *region, a, b int32) int {
	di := int(a)%r.w - int(b)%r.w
	dj := int(a)/r.w - int(b)/r.w
	return di*di + dj*dj
}

// grower assigns cells to seeds; its buffers are reused across rounds.
// It works on a copy of the region's window with a one-cell empty border,
// so the neighbours of cell c are simply c±1 and c±pw, with no bounds
// checks or divisions in the inner loops.
type grower struct {
	r      *region
	pw     int     // padded width, r.w + 2
	in     []bool  // padded copy of r.in
	lab    []int32 // padded labels
	labels []int32 // labels in r's window, the result
	size   []float64
	queue  []int32
}

func newGrower(r *region) *grower {
	pw := r.w + 2
	g := &grower{
		r: r, pw: pw,
		in:     make([]bool, pw*(r.h+2)),
		lab:    make([]int32, pw*(r.h+2)),
		labels: make([]int32, len(r.in)),
	}
	for j := range r.h {
		copy(g.in[(j+1)*pw+1:], r.in[j*r.w:(j+1)*r.w])
	}
	return g
}

// grow assigns every cell of r to a part. Each cell first goes to the part
// with the lowest score, squared distance to the part's seed times the
// part's scale: a multiplicatively weighted Voronoi diagram, whose parts
// are round and sized by their scale. In a concave region such a part can
// fall apart into pieces, so only the piece holding the seed is kept, and
// the cut-off cells are handed to whichever part reaches them first
// through neighbouring cells (a breadth-first flood). Every part then is
// connected, and non-empty because a seed always scores 0 for its part.
func (g *grower) grow(seeds []int32, scale []float64) {
	r, pw := g.r, g.pw
	k := int32(len(seeds))
	seedI := make([]int, k)
	seedJ := make([]int, k)
	for p, s := range seeds {
		seedI[p], seedJ[p] = int(s)%r.w, int(s)/r.w
	}
	g.assignNearest(seedI, seedJ, scale)
	// Confirm the cells connected to their part's seed.
	q := g.queue[:0]
	for p := range k {
		c := int32((seedJ[p]+1)*pw + seedI[p] + 1)
		g.lab[c] = p
		q = append(q, c)
	}
	step := [4]int32{1, -1, int32(pw), -int32(pw)}
	for h := 0; h < len(q); h++ {
		c := q[h]
		p := g.lab[c]
		for _, d := range step {
			if n := c + d; g.in[n] && g.lab[n] == p+k {
				g.lab[n] = p
				q = append(q, n)
			}
		}
	}
	// Hand out the cells cut off from their seed, if any. Every confirmed
	// cell is in q, so one more breadth-first pass over it reaches them all.
	for h := 0; len(q) < r.n && h < len(q); h++ {
		c := q[h]
		p := g.lab[c]
		for _, d := range step {
			if n := c + d; g.in[n] && g.lab[n] >= k {
				g.lab[n] = p
				q = append(q, n)
			}
		}
	}
	g.queue = q
	g.size = make([]float64, k)
	for j := range r.h {
		row := g.lab[(j+1)*pw+1 : (j+1)*pw+1+r.w]
		copy(g.labels[j*r.w:], row)
		for _, p := range row {
			if p >= 0 {
				g.size[p]++
			}
		}
	}
}

// partMeans returns each part's mean cell position in window coordinates
// (cell (i, j) counted at (i, j); its centre is half a cell further).
func partMeans(r *region, labels []int32, k int) (meanI, meanJ []float64) {
	sumI := make([]int, k)
	sumJ := make([]int, k)
	count := make([]int, k)
	for j := range r.h {
		for i, p := range labels[j*r.w : (j+1)*r.w] {
			if p >= 0 {
				sumI[p] += i
				sumJ[p] += j
				count[p]++
			}
		}
	}
	meanI = make([]float64, k)
	meanJ = make([]float64, k)
	for p := range k {
		meanI[p] = float64(sumI[p]) / float64(count[p])
		meanJ[p] = float64(sumJ[p]) / float64(count[p])
	}
	return meanI, meanJ
}

// recentre returns, for each part, the cell of that part nearest to the
// part's mean position: the seed for the next, rounder, growth.
func recentre(r *region, labels []int32, k int) []int32 {
	meanI, meanJ := partMeans(r, labels, k)
	seeds := make([]int32, k)
	bestD := make([]float64, k)
	for p := range bestD {
		bestD[p] = -1
	}
	for j := range r.h {
		for i, p := range labels[j*r.w : (j+1)*r.w] {
			if p < 0 {
				continue
			}
			di, dj := float64(i)-meanI[p], float64(j)-meanJ[p]
			if d := di*di + dj*dj; bestD[p] < 0 || d < bestD[p] {
				seeds[p], bestD[p] = int32(j*r.w+i), d
			}
		}
	}
	return seeds
}

// block is the side, in cells, of the square blocks that assignNearest
// prunes candidate parts for.
const block = 8

// assignNearest labels every cell of the region with k + the part of lowest
// score. Scoring every part for every cell would cost cells × parts, which
// dominates with the 20-odd communities of a street; instead each block of
// cells first drops the parts that cannot win anywhere in it (their lowest
// possible score in the block exceeds some part's highest), which leaves one
// to three candidates. The result is exactly that of the full scan,
// including ties going to the lower part number.
func (g *grower) assignNearest(seedI, seedJ []int, scale []float64) {
	r, pw := g.r, g.pw
	k := int32(len(seedI))
	lo := make([]float64, k)
	cands := make([]int32, 0, k)
	for bj := 0; bj < r.h; bj += block {
		j1 := min(bj+block, r.h) - 1
		for bi := 0; bi < r.w; bi += block {
			i1 := min(bi+block, r.w) - 1
			minHi := math.Inf(1)
			for p := range k {
				nearI, farI := axisRange(seedI[p], bi, i1)
				nearJ, farJ := axisRange(seedJ[p], bj, j1)
				lo[p] = float64(nearI*nearI+nearJ*nearJ) * scale[p]
				minHi = min(minHi, float64(farI*farI+farJ*farJ)*scale[p])
			}
			cands = cands[:0]
			for p := range k {
				if lo[p] <= minHi {
					cands = append(cands, p)
				}
			}
			for j := bj; j <= j1; j++ {
				for i := bi; i <= i1; i++ {
					c := (j+1)*pw + i + 1
					if !g.in[c] {
						g.lab[c] = -1
						continue
					}
					best, bestScore := int32(-1), 0.0
					for _, p := range cands {
						di, dj := i-seedI[p], j-seedJ[p]
						if sc := float64(di*di+dj*dj) * scale[p]; best < 0 || sc < bestScore {
							best, bestScore = p, sc
						}
					}
					// Offset by k: "assigned, not yet confirmed connected".
					g.lab[c] = best + k
				}
			}
		}
	}
}

// axisRange returns the smallest and largest distance along one axis from
// coordinate s to the cells a…b.
func axisRange(s, a, b int) (near, far int) {
	switch {
	case s < a:
		near = a - s
	case s > b:
		near = s - b
	}
	return near, max(s-a, b-s)
}
