package district

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/geo"
)

func loadT(t testing.TB) *District {
	t.Helper()
	d, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestLayoutDeterministic(t *testing.T) {
	d := loadT(t)
	a, err := Layout(d, 42, LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Layout(d, 42, LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed gave different layouts")
	}
	c, err := Layout(d, 43, LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if reflect.DeepEqual(a.Streets[0].Boundary, c.Streets[0].Boundary) {
		t.Error("different seeds gave the same street boundary")
	}
}

func TestLayoutRealDistrict(t *testing.T) {
	d := loadT(t)
	for _, seed := range []int64{1, 2, 3} {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			tr, err := Layout(d, seed, LayoutOptions{})
			if err != nil {
				t.Fatal(err)
			}
			checkNames(t, d, tr, 0, 0)
			checkGeometry(t, tr)
		})
	}
}

func TestLayoutOptions(t *testing.T) {
	d := loadT(t)
	tests := []struct {
		name         string
		opt          LayoutOptions
		grids, micro int // 0: default range 2–4
	}{
		{"defaults", LayoutOptions{}, 0, 0},
		{"fixed", LayoutOptions{GridsPerCommunity: 3, MicrogridsPerGrid: 2}, 3, 2},
		{"one each", LayoutOptions{GridsPerCommunity: 1, MicrogridsPerGrid: 1}, 1, 1},
		{"only grids fixed", LayoutOptions{GridsPerCommunity: 5}, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := Layout(d, 7, tt.opt)
			if err != nil {
				t.Fatal(err)
			}
			checkNames(t, d, tr, tt.grids, tt.micro)
		})
	}
}

func TestLayoutErrors(t *testing.T) {
	d := loadT(t)
	tests := []struct {
		name    string
		d       *District
		opt     LayoutOptions
		wantMsg string
	}{
		{"nil district", nil, LayoutOptions{}, "outline"},
		{"no outline", &District{Code: "320508", Streets: d.Streets}, LayoutOptions{}, "outline"},
		{"no streets", &District{Code: "320508", Outline: d.Outline}, LayoutOptions{}, "no streets"},
		{"negative grids", d, LayoutOptions{GridsPerCommunity: -1}, "GridsPerCommunity"},
		{"too many grids", d, LayoutOptions{GridsPerCommunity: 100}, "GridsPerCommunity"},
		{"too many micro-grids", d, LayoutOptions{MicrogridsPerGrid: 100}, "MicrogridsPerGrid"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Layout(tt.d, 1, tt.opt)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error = %v, want one mentioning %q", err, tt.wantMsg)
			}
		})
	}
}

// TestLayoutTinyDistrict packs many areas into a small odd-shaped district,
// which forces several refinements below the base lattice.
func TestLayoutTinyDistrict(t *testing.T) {
	d := &District{
		CityCode: "3205", Code: "320599", Name: "测试区",
		Streets: []StreetEntry{
			{Code: "320599001", Name: "甲街道", Communities: []CommunityEntry{{"320599001001", "一社区"}, {"320599001002", "二社区"}}},
			{Code: "320599002", Name: "乙街道", Communities: []CommunityEntry{{"320599002001", "三社区"}}},
		},
		// An L shape about 1 km across with a notch, in Suzhou.
		Outline: geo.MultiPolygon{{{
			{Lng: 120.60, Lat: 31.30}, {Lng: 120.61, Lat: 31.30}, {Lng: 120.61, Lat: 31.304},
			{Lng: 120.604, Lat: 31.304}, {Lng: 120.604, Lat: 31.31}, {Lng: 120.60, Lat: 31.31}, {Lng: 120.60, Lat: 31.30},
		}}},
	}
	opt := LayoutOptions{GridsPerCommunity: 12, MicrogridsPerGrid: 9}
	tr, err := Layout(d, 5, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkNames(t, d, tr, 12, 9)
	checkGeometry(t, tr)
}

// checkNames checks the tree's shape, codes and names against d; grids and
// micro give the expected counts per parent, 0 meaning the default 2–4.
func checkNames(t *testing.T, d *District, tr *Tree, grids, micro int) {
	t.Helper()
	inRange := func(n, want int) bool {
		if want == 0 {
			return n >= 2 && n <= 4
		}
		return n == want
	}
	if tr.District.Code != d.Code || tr.District.Name != d.Name || len(tr.Streets) != len(d.Streets) {
		t.Fatalf("district %s %s with %d streets, want %s %s with %d",
			tr.District.Code, tr.District.Name, len(tr.Streets), d.Code, d.Name, len(d.Streets))
	}
	for i, s := range tr.Streets {
		ds := d.Streets[i]
		if s.Code != ds.Code || s.Name != ds.Name || len(s.Communities) != len(ds.Communities) {
			t.Fatalf("street %d is %s %s, want %s %s", i, s.Code, s.Name, ds.Code, ds.Name)
		}
		for j, c := range s.Communities {
			if c.Code != ds.Communities[j].Code || c.Name != ds.Communities[j].Name {
				t.Fatalf("community %s %s, want %s %s", c.Code, c.Name, ds.Communities[j].Code, ds.Communities[j].Name)
			}
			if !inRange(len(c.Grids), grids) {
				t.Errorf("community %s has %d grids", c.Code, len(c.Grids))
			}
			for k, g := range c.Grids {
				if want := fmt.Sprintf("%s%02d", c.Code, k+1); g.Code != want {
					t.Errorf("grid code %s, want %s", g.Code, want)
				}
				if want := fmt.Sprintf("第%d网格", k+1); g.Name != want {
					t.Errorf("grid name %s, want %s", g.Name, want)
				}
				if !inRange(len(g.Microgrids), micro) {
					t.Errorf("grid %s has %d micro-grids", g.Code, len(g.Microgrids))
				}
				for m, mg := range g.Microgrids {
					if want := fmt.Sprintf("%s%02d", g.Code, m+1); mg.Code != want || len(mg.Code) != 16 {
						t.Errorf("micro-grid code %s, want %s", mg.Code, want)
					}
					if want := fmt.Sprintf("第%d网格第%d微网格", k+1, m+1); mg.Name != want {
						t.Errorf("micro-grid name %s, want %s", mg.Name, want)
					}
				}
			}
		}
	}
}

// node is an area with its children, to check every level alike.
type node struct {
	area     *Area
	children []node
}

func treeNodes(tr *Tree) node {
	root := node{area: &tr.District}
	for i := range tr.Streets {
		s := &tr.Streets[i]
		sn := node{area: &s.Area}
		for j := range s.Communities {
			c := &s.Communities[j]
			cn := node{area: &c.Area}
			for k := range c.Grids {
				g := &c.Grids[k]
				gn := node{area: &g.Area}
				for m := range g.Microgrids {
					gn.children = append(gn.children, node{area: &g.Microgrids[m]})
				}
				cn.children = append(cn.children, gn)
			}
			sn.children = append(sn.children, cn)
		}
		root.children = append(root.children, sn)
	}
	return root
}

// checkGeometry checks the properties Layout promises: valid polygons,
// children inside parents, siblings not overlapping, grids and micro-grids
// tiling their parents, centres inside, and Locate finding each area by its
// centroid.
func checkGeometry(t *testing.T, tr *Tree) {
	t.Helper()
	root := treeNodes(tr)
	var walk func(n node, path []*Area)
	walk = func(n node, path []*Area) {
		a := n.area
		path = append(path, a)
		if err := a.Boundary.Validate(); err != nil {
			t.Fatalf("%s: %v", a.Code, err)
		}
		if !a.Boundary.Contains(a.Center) {
			t.Errorf("%s: centre %v outside", a.Code, a.Center)
		}
		if len(path) > 1 {
			checkChild(t, path[len(path)-2], a, len(path) == 2)
			// The centroid, not just the centre, lies in the area, and
			// locating it passes through this area and its ancestors.
			c := a.Boundary.Centroid()
			if !a.Boundary.Contains(c) {
				t.Errorf("%s: centroid %v outside", a.Code, c)
			}
			if got := tr.Locate(c); len(got) < len(path) || !samePath(got[:len(path)], path) {
				t.Errorf("Locate(centroid of %s) = %v, want %v", a.Code, codes(got), codes(path))
			}
		}
		var sum float64
		for _, ch := range n.children {
			sum += ch.area.Boundary.Area()
			walk(ch, path)
		}
		if len(n.children) == 0 {
			return
		}
		parent := a.Boundary.Area()
		if len(path) == 1 {
			// Streets cover the district except a rim of cells cut by
			// the outline.
			if sum > parent || sum < 0.85*parent {
				t.Errorf("streets cover %.3f of the district", sum/parent)
			}
			return
		}
		// Inside the parent and adding up to it: a tiling, so siblings
		// cannot overlap.
		if math.Abs(sum-parent) > 1e-9*parent {
			t.Errorf("%s: children's areas add up to %.12g, parent's is %.12g", a.Code, sum, parent)
		}
	}
	walk(root, nil)
	checkSiblingsBySampling(t, root)
}

// checkChild checks that every vertex and edge midpoint of child lies inside
// parent or on its boundary. Below the district every boundary lies on the
// same lattice, so "on the boundary" is exact; the streets lie strictly
// inside the (off-lattice) district outline.
func checkChild(t *testing.T, parent, child *Area, top bool) {
	t.Helper()
	for _, r := range child.Boundary {
		if r.Area() == 0 {
			t.Errorf("%s: degenerate ring", child.Code)
		}
		for i := 1; i < len(r); i++ {
			mid := geo.Point{Lng: (r[i-1].Lng + r[i].Lng) / 2, Lat: (r[i-1].Lat + r[i].Lat) / 2}
			for _, p := range []geo.Point{r[i], mid} {
				in := parent.Boundary.Contains(p)
				if !in && !top && onBoundary(parent.Boundary, p) {
					in = true
				}
				if !in {
					t.Fatalf("%s: point %v of its boundary is outside %s", child.Code, p, parent.Code)
				}
			}
		}
	}
	if !parent.Boundary.Contains(child.Center) {
		t.Errorf("%s: centre outside parent %s", child.Code, parent.Code)
	}
}

// onBoundary reports whether p lies on an edge of pg. Exact for the
// axis-parallel edges the layout produces: one factor of the cross product
// is then exactly zero.
func onBoundary(pg geo.Polygon, p geo.Point) bool {
	for _, r := range pg {
		for i := 1; i < len(r); i++ {
			a, b := r[i-1], r[i]
			cross := (b.Lng-a.Lng)*(p.Lat-a.Lat) - (b.Lat-a.Lat)*(p.Lng-a.Lng)
			if cross == 0 && p.Lng >= min(a.Lng, b.Lng) && p.Lng <= max(a.Lng, b.Lng) &&
				p.Lat >= min(a.Lat, b.Lat) && p.Lat <= max(a.Lat, b.Lat) {
				return true
			}
		}
	}
	return false
}

// checkSiblingsBySampling probes a lattice of points over the district and
// checks that at every level at most one sibling contains each point, and
// that below the streets a point in a parent is in exactly one child.
func checkSiblingsBySampling(t *testing.T, root node) {
	t.Helper()
	b := root.area.Boundary.BBox()
	const steps = 120
	for i := range steps {
		for j := range steps {
			// Irrational-ish offsets keep probes off lattice lines.
			p := geo.Point{
				Lng: b.MinLng + (float64(i)+0.3719)/steps*(b.MaxLng-b.MinLng),
				Lat: b.MinLat + (float64(j)+0.6180)/steps*(b.MaxLat-b.MinLat),
			}
			n, depth := root, 0
			for len(n.children) > 0 {
				var hits []node
				for _, ch := range n.children {
					if ch.area.Boundary.Contains(p) {
						hits = append(hits, ch)
					}
				}
				if len(hits) > 1 {
					t.Fatalf("point %v is in %s and %s", p, hits[0].area.Code, hits[1].area.Code)
				}
				if len(hits) == 0 {
					if depth > 0 {
						t.Fatalf("point %v is in %s but in none of its children", p, n.area.Code)
					}
					break
				}
				n, depth = hits[0], depth+1
			}
		}
	}
}

func samePath(a, b []*Area) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func codes(path []*Area) []string {
	var out []string
	for _, a := range path {
		out = append(out, a.Code)
	}
	return out
}

func TestLocate(t *testing.T) {
	d := loadT(t)
	tr, err := Layout(d, 1, LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	mg := &tr.Streets[2].Communities[3].Grids[1].Microgrids[0]
	tests := []struct {
		name string
		p    geo.Point
		want []string
	}{
		{"outside", geo.Point{Lng: 116.4, Lat: 39.9}, nil},
		{"micro-grid centre", mg.Center, []string{
			tr.District.Code, tr.Streets[2].Code, tr.Streets[2].Communities[3].Code,
			tr.Streets[2].Communities[3].Grids[1].Code, mg.Code,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := codes(tr.Locate(tt.p)); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Locate(%v) = %v, want %v", tt.p, got, tt.want)
			}
		})
	}
}

func BenchmarkLayout(b *testing.B) {
	d := loadT(b)
	for b.Loop() {
		if _, err := Layout(d, 1, LayoutOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLayoutStreetWithoutCommunities(t *testing.T) {
	d := loadT(t)
	d.Streets = append(d.Streets[:1:1], StreetEntry{Code: "320508099", Name: "空街道"})
	tr, err := Layout(d, 1, LayoutOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Streets) != 2 || len(tr.Streets[1].Communities) != 0 || len(tr.Streets[1].Boundary) == 0 {
		t.Fatalf("got %d streets; the second has %d communities and %d rings",
			len(tr.Streets), len(tr.Streets[1].Communities), len(tr.Streets[1].Boundary))
	}
	checkGeometry(t, tr)
}
