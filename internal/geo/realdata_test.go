package geo

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// nycDistricts loads the real NYC community-district polygons (see
// ../shared/data/nyc/README.md), keyed by BoroCD, or skips the test when
// the data is absent, as it is in a fresh clone.
func nycDistricts(t testing.TB) (map[string]MultiPolygon, []string) {
	t.Helper()
	path := filepath.Join("..", "..", "..", "shared", "data", "nyc", "community_districts.geojson")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("real data not available: %v", err)
	}
	var fc FeatureCollection
	if err := json.Unmarshal(data, &fc); err != nil {
		t.Fatal(err)
	}
	out := map[string]MultiPolygon{}
	var ids []string
	for _, f := range fc.Features {
		id := fmt.Sprint(f.Properties["BoroCD"])
		switch g := f.Geometry.(type) {
		case Polygon:
			out[id] = MultiPolygon{g}
		case MultiPolygon:
			out[id] = g
		}
		ids = append(ids, id)
	}
	return out, ids
}

// TestRealDistricts runs the checks on the 71 NYC community districts, a
// partition drawn by the city's planners: every outline is valid and no
// two overlap.
func TestRealDistricts(t *testing.T) {
	d, ids := nycDistricts(t)
	var all []MultiPolygon
	for _, id := range ids {
		if ps := CheckPolygon(d[id]); ps != nil {
			t.Errorf("district %s: %v", id, ps)
		}
		all = append(all, d[id])
	}
	if ps := CheckSiblings(all, 0.01); ps != nil {
		t.Errorf("districts overlap: %v", ps)
	}
}

// TestRealManhattan treats Manhattan (the union of its districts) as a
// parent: its districts lie inside it and leave no gap.
func TestRealManhattan(t *testing.T) {
	d, _ := nycDistricts(t)
	var children []MultiPolygon
	var rings [][]xy
	b := EmptyBBox()
	for _, id := range []string{"101", "102", "103", "104", "105", "106", "107", "108", "109", "110", "111", "112", "164"} {
		children = append(children, d[id])
		b = b.Union(d[id].BBox())
	}
	pr := newProj(b).remember()
	for _, c := range children {
		for _, pg := range c {
			for ri, r := range pg {
				pts := ringXY(r, pr)
				if (ri == 0) != (ringArea(pts) > 0) {
					pts = prev(pts)
				}
				rings = append(rings, pts)
			}
		}
	}
	u := shapeOfRings(rings...)
	var manhattan MultiPolygon
	for _, p := range assemble(overlay([]*shape{u}, u.bx, func(in []bool) bool { return in[0] })) {
		manhattan = append(manhattan, p.toPolygon(pr))
	}
	if ps := CheckPolygon(manhattan); ps != nil {
		t.Errorf("union: %v", ps)
	}
	var sum float64
	for i, c := range children {
		sum += c.AreaSquareMetres()
		if ps := CheckInside(c, manhattan, 0.5); ps != nil {
			t.Errorf("district %d: %v", i, ps)
		}
	}
	if a := manhattan.AreaSquareMetres(); !relClose(a, sum, 1e-6, 0) {
		t.Errorf("Manhattan %.0f m², districts %.0f m²", a, sum)
	}
	if gaps := CoverageGaps(manhattan, children, 0.01); gaps != nil {
		t.Errorf("gaps: %+v", gaps)
	}
	// Without district 105 (Midtown) there is exactly one gap: Midtown.
	gaps := CoverageGaps(manhattan, append(children[:4:4], children[5:]...), 1)
	if len(gaps) != 1 || !relClose(gaps[0].AreaSquareMetres, d["105"].AreaSquareMetres(), 1e-5, 0) || !d["105"].Contains(gaps[0].At) {
		t.Errorf("without Midtown: %+v", gaps)
	}
}

// TestRealUnitGrids cuts Manhattan community district 1 (the Financial
// District, four polygons: the tip of the island and three islands) into
// 100 m unit grids.
func TestRealUnitGrids(t *testing.T) {
	d, _ := nycDistricts(t)
	cells := UnitGrids(d["101"], 100)
	if len(cells) < 300 {
		t.Errorf("%d cells", len(cells))
	}
	checkUnitGrids(t, d["101"], cells)
}
