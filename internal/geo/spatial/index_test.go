package spatial_test

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
)

// fixture: a district 0–100 square holding a street 0–50, which holds a
// community with a hole (an enclave belonging to nobody here), a two-part
// community (a main square and an island) and a triangle with slanted
// edges.
var fixture = []spatial.Entry{
	{ID: 1, Level: 2, Geometry: geo.MultiPolygon{{rect(0, 0, 100, 100)}}},
	{ID: 10, Level: 3, Geometry: geo.MultiPolygon{{rect(0, 0, 50, 50)}}},
	// Square with a hole; the hole is written clockwise as RFC 7946 asks,
	// though the even-odd rule does not care.
	{ID: 100, Level: 4, Geometry: geo.MultiPolygon{{rect(0, 0, 10, 10), reverse(rect(4, 4, 6, 6))}}},
	// Main part and an island.
	{ID: 101, Level: 4, Geometry: geo.MultiPolygon{{rect(20, 20, 30, 30)}, {rect(40, 40, 45, 45)}}},
	// Triangle with a slanted edge from (60, 0) to (70, 10).
	{ID: 102, Level: 4, Geometry: geo.MultiPolygon{{geo.Ring{pt(60, 0), pt(80, 0), pt(70, 10), pt(60, 0)}}}},
}

func reverse(r geo.Ring) geo.Ring {
	r = slices.Clone(r)
	slices.Reverse(r)
	return r
}

func ids(hs []spatial.Hit) []int64 {
	out := []int64{}
	for _, h := range hs {
		out = append(out, h.ID)
	}
	return out
}

// TestLocate covers the boundary rule: a point on a left or bottom edge of
// a filled area is inside, on a right or top edge outside, and a vertex is
// inside only when it is the bottom-left-most corner of the area around it.
// The same rule applies to holes, whose left edge is the right edge of the
// filled area around them.
func TestLocate(t *testing.T) {
	ix := mustBuild(t, fixture)
	tests := []struct {
		name string
		p    geo.Point
		want []int64 // deepest first
	}{
		{"deep inside", pt(2, 2), []int64{100, 10, 1}},
		{"street only", pt(15, 15), []int64{10, 1}},
		{"district only", pt(75, 75), []int64{1}},
		{"outside everything", pt(150, 50), []int64{}},
		{"far away", pt(-120, -45), []int64{}},

		{"left edge is inside", pt(0, 5), []int64{100, 10, 1}},
		{"bottom edge is inside", pt(5, 0), []int64{100, 10, 1}},
		{"right edge is outside", pt(10, 5), []int64{10, 1}},
		{"top edge is outside", pt(5, 10), []int64{10, 1}},
		{"bottom-left vertex is inside", pt(0, 0), []int64{100, 10, 1}},
		{"bottom-right vertex is outside", pt(10, 0), []int64{10, 1}},
		{"top-left vertex is outside", pt(0, 10), []int64{10, 1}},
		{"top-right vertex is outside", pt(10, 10), []int64{10, 1}},
		{"outer top-right corner of the tree", pt(100, 100), []int64{}},
		{"outer right edge of the tree", pt(100, 50), []int64{}},
		{"shared edge goes to the right-hand neighbour", pt(50, 25), []int64{1}},

		{"in the hole", pt(5, 5), []int64{10, 1}},
		{"hole's left edge is outside", pt(4, 5), []int64{10, 1}},
		{"hole's right edge is inside", pt(6, 5), []int64{100, 10, 1}},
		{"hole's bottom edge is outside", pt(5, 4), []int64{10, 1}},
		{"hole's top edge is inside", pt(5, 6), []int64{100, 10, 1}},
		{"ray through the hole's vertices", pt(1, 4), []int64{100, 10, 1}},

		{"multipolygon main part", pt(25, 25), []int64{101, 10, 1}},
		{"multipolygon island", pt(42, 42), []int64{101, 10, 1}},
		{"between the parts", pt(35, 35), []int64{10, 1}},

		{"slanted edge, left side is inside", pt(65, 5), []int64{102, 1}},
		{"just left of the slanted edge", pt(64.999, 5), []int64{1}},
		{"slanted right edge is outside", pt(75, 5), []int64{1}},
		{"apex of the triangle", pt(70, 10), []int64{1}},

		{"NaN", pt(math.NaN(), 5), []int64{}},
		{"infinite", pt(math.Inf(1), 5), []int64{}},
	}
	bf := newBruteForce(fixture)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ix.Locate(tt.p)
			if !slices.Equal(ids(got), tt.want) {
				t.Errorf("Locate(%v) = %v, want %v", tt.p, ids(got), tt.want)
			}
			if len(tt.want) == 0 && got != nil {
				t.Errorf("Locate(%v) = %#v, want nil for a point outside everything", tt.p, got)
			}
			// geo.Contains is the definition; the index must agree exactly.
			if ref := bf.locate(tt.p); !slices.Equal(got, ref) {
				t.Errorf("Locate(%v) = %v, geo.Contains says %v", tt.p, got, ref)
			}
		})
	}
}

func TestLocateLevel(t *testing.T) {
	ix := mustBuild(t, fixture)
	tests := []struct {
		name   string
		p      geo.Point
		level  int
		want   int64
		wantOK bool
	}{
		{"community", pt(2, 2), 4, 100, true},
		{"street", pt(2, 2), 3, 10, true},
		{"district", pt(2, 2), 2, 1, true},
		{"no micro-grids at all", pt(2, 2), 6, 0, false},
		{"island of a multipolygon", pt(42, 42), 4, 101, true},
		{"in a hole", pt(5, 5), 4, 0, false},
		{"outside", pt(500, 500), 2, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, ok := ix.LocateLevel(tt.p, tt.level)
			if ok != tt.wantOK || h.ID != tt.want || (ok && h.Level != tt.level) {
				t.Errorf("LocateLevel(%v, %d) = %+v, %v; want ID %d, %v", tt.p, tt.level, h, ok, tt.want, tt.wantOK)
			}
		})
	}
}

// TestOverlaps: the index does not assume a proper tree. Overlapping
// siblings are all reported, in a stable order, and LocateLevel picks the
// smallest ID; an entry whose own parts overlap is reported once.
func TestOverlaps(t *testing.T) {
	ix := mustBuild(t, []spatial.Entry{
		{ID: 9, Level: 5, Geometry: geo.MultiPolygon{{rect(0, 0, 2, 2)}}},
		{ID: 3, Level: 5, Geometry: geo.MultiPolygon{{rect(1, 1, 3, 3)}}},
		{ID: 4, Level: 6, Geometry: geo.MultiPolygon{{rect(0, 0, 3, 3)}, {rect(1, 1, 2, 2)}}},
	})
	if got, want := ids(ix.Locate(pt(1.5, 1.5))), []int64{4, 3, 9}; !slices.Equal(got, want) {
		t.Errorf("Locate = %v, want %v", got, want)
	}
	if h, ok := ix.LocateLevel(pt(1.5, 1.5), 5); !ok || h.ID != 3 {
		t.Errorf("LocateLevel = %+v, %v; want ID 3", h, ok)
	}
	// AppendLocate appends after what the caller already holds and leaves
	// it alone, even when it equals a new hit.
	buf := []spatial.Hit{{ID: 4, Level: 6}}
	if got, want := ids(ix.AppendLocate(buf, pt(1.5, 1.5))), []int64{4, 4, 3, 9}; !slices.Equal(got, want) {
		t.Errorf("AppendLocate = %v, want %v", got, want)
	}
}

// TestBuildDegenerate: input that cannot describe an area is refused with
// the entry named; valid but empty shapes are accepted and match nothing.
func TestBuildDegenerate(t *testing.T) {
	tests := []struct {
		name    string
		g       geo.MultiPolygon
		wantErr error // nil: builds, and contains no point
	}{
		{"no polygons", geo.MultiPolygon{}, geo.ErrEmptyPolygon},
		{"nil geometry", nil, geo.ErrEmptyPolygon},
		{"polygon without rings", geo.MultiPolygon{{}}, geo.ErrEmptyPolygon},
		{"unclosed ring", geo.MultiPolygon{{{pt(0, 0), pt(1, 0), pt(1, 1), pt(0, 1)}}}, geo.ErrUnclosedRing},
		{"ring of three points", geo.MultiPolygon{{{pt(0, 0), pt(1, 0), pt(0, 0)}}}, geo.ErrTooFewPoints},
		{"NaN coordinate", geo.MultiPolygon{{rect(0, 0, math.NaN(), 1)}}, spatial.ErrNonFinite},
		{"infinite coordinate", geo.MultiPolygon{{rect(0, 0, 1, math.Inf(-1))}}, spatial.ErrNonFinite},
		{"collinear ring (zero area)", geo.MultiPolygon{{{pt(0, 0), pt(1, 1), pt(2, 2), pt(0, 0)}}}, nil},
		{"one repeated point", geo.MultiPolygon{{{pt(1, 1), pt(1, 1), pt(1, 1), pt(1, 1)}}}, nil},
		{"flat horizontal ring", geo.MultiPolygon{{{pt(0, 1), pt(2, 1), pt(1, 1), pt(0, 1)}}}, nil},
	}
	probes := []geo.Point{pt(0, 0), pt(1, 1), pt(0.5, 0.5), pt(2, 2), pt(0, 1), pt(1, 1.0000001)}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := []spatial.Entry{
				{ID: 1, Level: 2, Geometry: geo.MultiPolygon{{rect(10, 10, 11, 11)}}},
				{ID: 2, Level: 3, Geometry: tt.g},
			}
			ix, err := spatial.Build(entries)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Build error = %v, want %v", err, tt.wantErr)
				}
				if ix != nil {
					t.Errorf("Build returned an index with the error")
				}
				return
			}
			if err != nil {
				t.Fatalf("Build: %v", err)
			}
			for _, p := range probes {
				if hs := ix.Locate(p); len(hs) != 0 {
					t.Errorf("Locate(%v) = %v, want nothing", p, hs)
				}
			}
		})
	}
	if strconv.IntSize == 64 { // a 32-bit int cannot hold the bad level
		shift := 40 // not a constant, so this compiles where int is 32 bits
		huge := int(int64(1) << shift)
		if _, err := spatial.Build([]spatial.Entry{{ID: 5, Level: huge, Geometry: geo.MultiPolygon{{rect(0, 0, 1, 1)}}}}); !errors.Is(err, spatial.ErrLevelRange) {
			t.Errorf("Build with level 2⁴⁰: error %v, want ErrLevelRange", err)
		}
	}
	// The error names which entry is wrong.
	_, err := spatial.Build([]spatial.Entry{{ID: 77, Level: 5}})
	if err == nil || !strings.Contains(err.Error(), "ID 77") {
		t.Errorf("Build error = %v, want it to name ID 77", err)
	}
}

// TestEmptyIndexes: no entries, the zero Index and a nil *Index all answer
// "nowhere" instead of panicking, so a server can start before any
// geometry is loaded.
func TestEmptyIndexes(t *testing.T) {
	built := mustBuild(t, nil)
	var nilIndex *spatial.Index
	for name, ix := range map[string]*spatial.Index{"built from nil": built, "zero": {}, "nil": nilIndex} {
		if ix.Len() != 0 {
			t.Errorf("%s: Len = %d", name, ix.Len())
		}
		if hs := ix.Locate(pt(0, 0)); hs != nil {
			t.Errorf("%s: Locate = %v", name, hs)
		}
		if _, ok := ix.LocateLevel(pt(0, 0), 2); ok {
			t.Errorf("%s: LocateLevel found something", name)
		}
	}
	if n := mustBuild(t, fixture).Len(); n != len(fixture) {
		t.Errorf("Len = %d, want %d", n, len(fixture))
	}
}

// TestBuildCopies: the index keeps no reference to the caller's geometry.
func TestBuildCopies(t *testing.T) {
	g := geo.MultiPolygon{{rect(0, 0, 1, 1)}}
	ix := mustBuild(t, []spatial.Entry{{ID: 1, Level: 6, Geometry: g}})
	g[0][0][1] = pt(-5, -5) // the caller reuses its buffer
	if got := ids(ix.Locate(pt(0.9, 0.1))); !slices.Equal(got, []int64{1}) {
		t.Errorf("after the caller changed its slice, Locate = %v", got)
	}
}
