package district

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shequ-dev/shequ/internal/geo"
)

// unit is a lattice of 1×1 cells at the origin, so lattice coordinates and
// "degrees" coincide in tests.
var unit = lattice{dx: 1, dy: 1}

// maskRegion builds a level-0 region from rows of '#' (cell in) and '.'
// (cell out), written top row first as on a map.
func maskRegion(rows ...string) *region {
	h, w := len(rows), len(rows[0])
	r := &region{w: w, h: h, in: make([]bool, w*h)}
	for row, s := range rows {
		j := h - 1 - row
		for i, ch := range s {
			if ch == '#' {
				r.in[j*w+i] = true
				r.n++
			}
		}
	}
	return r
}

func TestLatticePointExactAcrossLevels(t *testing.T) {
	// Awkward, realistic sizes: 姑苏区's origin and a cell of ~170 m.
	l := lattice{x0: 120.5283203125, y0: 31.2353515625, dx: 0.0017654, dy: 0.0015083}
	rng := rand.New(rand.NewPCG(7, 7))
	for range 1000 {
		i, j, level := rng.IntN(300), rng.IntN(300), rng.IntN(5)
		p := l.point(level, i, j)
		for up := 1; up <= 4; up++ {
			f := 1 << up
			if q := l.point(level+up, f*i, f*j); q != p {
				t.Fatalf("point(%d, %d, %d) = %v but point(%d, %d, %d) = %v",
					level, i, j, p, level+up, f*i, f*j, q)
			}
		}
	}
}

func TestRasterize(t *testing.T) {
	rect := func(x0, y0, x1, y1 float64) geo.Ring {
		return geo.Ring{{Lng: x0, Lat: y0}, {Lng: x1, Lat: y0}, {Lng: x1, Lat: y1}, {Lng: x0, Lat: y1}, {Lng: x0, Lat: y0}}
	}
	tests := []struct {
		name string
		pg   geo.Polygon
		want int
	}{
		// Cells 1…9 × 1…4 are whole; the rim cells are cut by the edges.
		{"rectangle", geo.Polygon{rect(0.5, 0.5, 10.5, 5.5)}, 9 * 4},
		// The same edges exactly on lattice lines: cells touching an
		// edge are left out, so the rim is lost as well.
		{"on lattice lines", geo.Polygon{rect(1, 1, 10, 5)}, 7 * 2},
		{"hole", geo.Polygon{rect(0.5, 0.5, 10.5, 10.5), rect(4.5, 4.5, 6.5, 6.5)}, 81 - 9},
		// Two squares joined by a corridor too thin for a whole cell:
		// only the larger square is kept.
		{"largest piece", geo.Polygon{{
			{Lng: 0.5, Lat: 0.5}, {Lng: 6.5, Lat: 0.5}, {Lng: 6.5, Lat: 3}, {Lng: 8.5, Lat: 3},
			{Lng: 8.5, Lat: 0.5}, {Lng: 11.5, Lat: 0.5}, {Lng: 11.5, Lat: 3.5}, {Lng: 8.5, Lat: 3.5},
			{Lng: 8.5, Lat: 3.2}, {Lng: 6.5, Lat: 3.2}, {Lng: 6.5, Lat: 6.5}, {Lng: 0.5, Lat: 6.5}, {Lng: 0.5, Lat: 0.5},
		}}, 5 * 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := rasterize(unit, 12, 12, tt.pg)
			if r.n != tt.want {
				t.Errorf("got %d cells, want %d", r.n, tt.want)
			}
			// Every kept cell's corners and centre are inside.
			for j := range r.h {
				for i := range r.w {
					if !r.in[j*r.w+i] {
						continue
					}
					x, y := float64(r.ox+i), float64(r.oy+j)
					for _, p := range []geo.Point{{Lng: x + 0.5, Lat: y + 0.5}, {Lng: x + 0.01, Lat: y + 0.01}, {Lng: x + 0.99, Lat: y + 0.99}} {
						if !tt.pg.Contains(p) {
							t.Errorf("cell (%v, %v) kept but %v is outside", x, y, p)
						}
					}
				}
			}
		})
	}
}

func TestTrace(t *testing.T) {
	tests := []struct {
		name    string
		mask    []string
		rings   int
		corners int // vertices of the outer ring, closing point excluded
	}{
		{"one cell", []string{"#"}, 1, 4},
		{"bar", []string{"####"}, 1, 4},
		{"L", []string{"#.", "##"}, 1, 6},
		{"U", []string{"#.#", "###"}, 1, 8},
		{"ring", []string{"###", "#.#", "###"}, 2, 4},
		// A hole whose two halves touch only at a corner: two holes
		// touching at a point, not one ring touching itself.
		{"pinched hole", []string{"####", "#.##", "##.#", "####"}, 3, 4},
		// A hole touching the outside at a corner: an outer ring and a
		// hole that meet at that point.
		{"touching corner", []string{"##.", "#.#", "###"}, 2, 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := maskRegion(tt.mask...)
			pg, err := trace(unit, r)
			if err != nil {
				t.Fatal(err)
			}
			if len(pg) != tt.rings {
				t.Errorf("got %d rings, want %d: %v", len(pg), tt.rings, pg)
			}
			if err := pg.Validate(); err != nil {
				t.Error(err)
			}
			if got := len(pg[0]) - 1; got != tt.corners {
				t.Errorf("outer ring has %d corners, want %d: %v", got, tt.corners, pg[0])
			}
			if pg[0].Area() <= 0 {
				t.Error("outer ring is not counter-clockwise")
			}
			for _, h := range pg[1:] {
				if h.Area() >= 0 {
					t.Error("hole is not clockwise")
				}
			}
			if got := pg.Area(); got != float64(r.n) {
				t.Errorf("area %v, want %d cells", got, r.n)
			}
			for j := range r.h {
				for i := range r.w {
					c := geo.Point{Lng: float64(i) + 0.5, Lat: float64(j) + 0.5}
					if got := pg.Contains(c); got != r.in[j*r.w+i] {
						t.Errorf("cell (%d, %d): Contains = %v", i, j, got)
					}
				}
			}
		})
	}
}

func TestTraceRejectsDisconnected(t *testing.T) {
	for _, mask := range [][]string{{"#.#"}, {"#..", "..#"}} {
		if _, err := trace(unit, maskRegion(mask...)); err == nil {
			t.Errorf("%v: no error for a region in two pieces", mask)
		}
	}
}

func TestRefineKeepsShape(t *testing.T) {
	r := maskRegion("##.", "###", ".#.")
	r.ox, r.oy = 3, 5
	f := r.refine().refine()
	if f.n != 16*r.n || f.level != 2 {
		t.Fatalf("refined twice: %d cells at level %d", f.n, f.level)
	}
	a, err := trace(unit, r)
	if err != nil {
		t.Fatal(err)
	}
	b, err := trace(unit, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(a[0]) != len(b[0]) {
		t.Fatalf("outlines differ: %v vs %v", a, b)
	}
	// Same corners, possibly starting elsewhere.
	start := -1
	for k, p := range b[0] {
		if p == a[0][0] {
			start = k
		}
	}
	if start < 0 {
		t.Fatalf("outlines differ: %v vs %v", a, b)
	}
	for k := range len(a[0]) - 1 {
		if b[0][(start+k)%(len(b[0])-1)] != a[0][k] {
			t.Fatalf("outlines differ: %v vs %v", a, b)
		}
	}
}

func TestPartition(t *testing.T) {
	// A disc, a crescent-like C and a ring: concave shapes are where a
	// plain Voronoi split would fall apart.
	disc := make([]string, 40)
	cshape := make([]string, 40)
	ring := make([]string, 40)
	for j := range 40 {
		var d, c, o []byte
		for i := range 40 {
			x, y := float64(i)-19.5, float64(j)-19.5
			rr := math.Hypot(x, y)
			d = append(d, ".#"[b2i(rr < 19)])
			c = append(c, ".#"[b2i(rr < 19 && !(rr < 12 && x > -4))])
			o = append(o, ".#"[b2i(rr < 19 && rr > 10)])
		}
		disc[j], cshape[j], ring[j] = string(d), string(c), string(o)
	}
	for _, shape := range []struct {
		name string
		mask []string
	}{{"disc", disc}, {"C", cshape}, {"ring", ring}} {
		for _, k := range []int{1, 2, 3, 5, 8, 21} {
			r := maskRegion(shape.mask...)
			weights := make([]float64, k)
			for p := range weights {
				weights[p] = 1 + float64(p%3)/2
			}
			labels := partition(r, weights, rand.New(rand.NewPCG(1, uint64(k))))
			parts := r.cropAll(labels, k)
			total := 0
			for p, pr := range parts {
				if pr.n == 0 {
					t.Errorf("%s k=%d: part %d is empty", shape.name, k, p)
					continue
				}
				total += pr.n
				if !connected4(pr) {
					t.Errorf("%s k=%d: part %d is not 4-connected", shape.name, k, p)
				}
				if _, err := trace(unit, pr); err != nil {
					t.Errorf("%s k=%d: part %d: %v", shape.name, k, p, err)
				}
			}
			if total != r.n {
				t.Errorf("%s k=%d: parts hold %d cells, region %d", shape.name, k, total, r.n)
			}
			for c, l := range labels {
				if (l >= 0) != r.in[c] {
					t.Fatalf("%s k=%d: cell %d labelled %d", shape.name, k, c, l)
				}
			}
		}
	}
}

// connected4 reports whether the cells of r form one 4-connected piece.
func connected4(r *region) bool {
	if r.n == 0 {
		return false
	}
	seen := make([]bool, len(r.in))
	var stack []int
	for c, ok := range r.in {
		if ok {
			stack, seen[c] = append(stack, c), true
			break
		}
	}
	count := 0
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		count++
		i, j := c%r.w, c/r.w
		for _, nb := range [4][2]int{{i + 1, j}, {i - 1, j}, {i, j + 1}, {i, j - 1}} {
			if n := nb[1]*r.w + nb[0]; r.has(nb[0], nb[1]) && !seen[n] {
				seen[n] = true
				stack = append(stack, n)
			}
		}
	}
	return count == r.n
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
