package spatial_test

import (
	"cmp"
	"slices"
	"testing"

	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/geo/spatial"
)

// bruteForce is the reference the index must agree with and beat: a linear
// scan over every entry with a bounding-box check before geo's exact test.
type bruteForce struct {
	entries []spatial.Entry
	boxes   []geo.BBox
}

func newBruteForce(entries []spatial.Entry) *bruteForce {
	bf := &bruteForce{entries: entries, boxes: make([]geo.BBox, len(entries))}
	for i, e := range entries {
		bf.boxes[i] = e.Geometry.BBox()
	}
	return bf
}

func (bf *bruteForce) locate(p geo.Point) []spatial.Hit {
	var hits []spatial.Hit
	for i, b := range bf.boxes {
		if b.Contains(p) && bf.entries[i].Geometry.Contains(p) {
			hits = append(hits, spatial.Hit{ID: bf.entries[i].ID, Level: bf.entries[i].Level})
		}
	}
	sortHits(hits)
	return hits
}

// reference is geo.Contains over every entry with no filter at all: the
// definition of the right answer.
func reference(entries []spatial.Entry, p geo.Point) []spatial.Hit {
	var hits []spatial.Hit
	for _, e := range entries {
		if e.Geometry.Contains(p) {
			hits = append(hits, spatial.Hit{ID: e.ID, Level: e.Level})
		}
	}
	sortHits(hits)
	return hits
}

// sortHits puts hits in the documented order: deepest level first, then
// ascending ID.
func sortHits(hits []spatial.Hit) {
	slices.SortFunc(hits, func(a, b spatial.Hit) int {
		if a.Level != b.Level {
			return cmp.Compare(b.Level, a.Level)
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// mustBuild builds an index or stops the test.
func mustBuild(tb testing.TB, entries []spatial.Entry) *spatial.Index {
	tb.Helper()
	ix, err := spatial.Build(entries)
	if err != nil {
		tb.Fatalf("Build: %v", err)
	}
	return ix
}

// rect returns the closed counter-clockwise ring of [x0, x1] × [y0, y1].
func rect(x0, y0, x1, y1 float64) geo.Ring {
	return geo.Ring{{Lng: x0, Lat: y0}, {Lng: x1, Lat: y0}, {Lng: x1, Lat: y1}, {Lng: x0, Lat: y1}, {Lng: x0, Lat: y0}}
}

func pt(lng, lat float64) geo.Point { return geo.Point{Lng: lng, Lat: lat} }
