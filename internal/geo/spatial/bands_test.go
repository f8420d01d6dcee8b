package spatial

import (
	"math"
	"testing"

	"github.com/shequ-dev/shequ/internal/geo"
)

// TestBandTables checks the acceleration is applied where it pays and stays
// bounded where it could explode: small polygons get no table, a round
// outline of many edges gets about two edges per band, and a comb of tall
// teeth (every edge spanning every band) gets fewer bands rather than a
// table quadratic in its size.
func TestBandTables(t *testing.T) {
	circle := func(n int) geo.Ring {
		r := make(geo.Ring, 0, n+1)
		for k := range n {
			a := 2 * math.Pi * float64(k) / float64(n)
			r = append(r, geo.Point{Lng: math.Cos(a), Lat: math.Sin(a)})
		}
		return append(r, r[0])
	}
	comb := func(teeth int) geo.Ring {
		r := geo.Ring{{Lng: 0, Lat: 0}}
		for k := range teeth {
			x := float64(k)
			r = append(r, geo.Point{Lng: x + 0.5, Lat: 100}, geo.Point{Lng: x + 1, Lat: 1})
		}
		return append(r, geo.Point{Lng: float64(teeth), Lat: 0}, geo.Point{Lng: 0, Lat: 0})
	}
	tests := []struct {
		name      string
		ring      geo.Ring
		wantBands bool
		maxPer    int // most edges any band may hold
	}{
		{"micro-grid sized", circle(24), false, 0},
		// The bands at the top and bottom of a round outline hold its
		// nearly horizontal edges: about √n of them.
		{"district outline", circle(4000), true, 64},
		{"comb", comb(2000), true, 4001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix, err := Build([]Entry{{ID: 1, Level: 2, Geometry: geo.MultiPolygon{{tt.ring}}}})
			if err != nil {
				t.Fatal(err)
			}
			if banded := ix.tree.items[0].lo < 0; banded != tt.wantBands {
				t.Fatalf("band table: %v, want %v", banded, tt.wantBands)
			}
			if !tt.wantBands {
				return
			}
			edges := len(tt.ring) - 1
			if len(ix.bandEdges) > 4*edges {
				t.Errorf("band table holds %d edges for %d edges: not bounded", len(ix.bandEdges), edges)
			}
			most := 0
			bt := ix.bands[0]
			for b := range bt.n {
				most = max(most, int(ix.bandStart[bt.start+b+1]-ix.bandStart[bt.start+b]))
			}
			if most > tt.maxPer {
				t.Errorf("fullest band holds %d edges, want at most %d", most, tt.maxPer)
			}
			t.Logf("%d edges, %d bands, %d band entries, fullest band %d", edges, bt.n, len(ix.bandEdges), most)
		})
	}
}
