package store

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/geo"
)

// Every point within the radius of p lies in a cell of the ranges searched around p,
// wherever p is in its cell, for radii from a few metres to a kilometre.
func TestCellRangesHoldTheCircle(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		p := geo.Point{Lng: 73 + r.Float64()*62, Lat: 18 + r.Float64()*35}
		radius := 5 + r.Float64()*1000
		dLat, dLng := nearbyBox(p.Lat, radius)
		ranges := cellRanges(p, dLat, dLng)
		angle, dist := r.Float64()*2*math.Pi, r.Float64()*radius
		q := geo.Point{Lat: p.Lat + dist*math.Sin(angle)/metresPerDegree}
		q.Lng = p.Lng + dist*math.Cos(angle)/(metresPerDegree*math.Cos(p.Lat*math.Pi/180))
		if geo.Distance(p, q) > radius {
			continue
		}
		cell := cellOf(&q).(int64)
		found := false
		for i := 0; i < len(ranges); i += 2 {
			found = found || (cell >= ranges[i].(int64) && cell <= ranges[i+1].(int64))
		}
		if !found {
			t.Fatalf("%v is %.1f m from %v (radius %.1f m) but its cell %d is in none of %v", q, geo.Distance(p, q), p, radius, cell, ranges)
		}
	}
}

// A box of the default radius reads two rows of cells wherever its centre lies in its
// cell (so that the queries around points all have one shape), and each row's range is
// only the cells the box touches.
func TestCellRangesAreFew(t *testing.T) {
	tests := []struct {
		name string
		p    geo.Point
	}{
		{"inside a cell", geo.Point{Lng: 120.6301, Lat: 31.3201}},
		{"near a cell's south edge", geo.Point{Lng: 120.63, Lat: 31.3200001}},
		{"near a cell's north edge", geo.Point{Lng: 120.63, Lat: 31.3219999}},
		{"on a row's edge", geo.Point{Lng: 120.63, Lat: 31.3210}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dLat, dLng := nearbyBox(tt.p.Lat, 100)
			ranges := cellRanges(tt.p, dLat, dLng)
			if rows := len(ranges) / 2; rows != 2 {
				t.Fatalf("%d rows of cells for 100 m, want 2", rows)
			}
			for i := 0; i < len(ranges); i += 2 {
				if n := ranges[i+1].(int64) - ranges[i].(int64) + 1; n < 1 || n > 3 {
					t.Fatalf("%d cells in a row for 100 m: %v", n, ranges)
				}
			}
		})
	}
	if cellOf(nil) != nil {
		t.Fatal("a case without a place has no cell")
	}
}

// The query around a group's reports joins their terms, whether they are one text (the
// common case, kept) or not.
func TestRepeatQueryJoinsTerms(t *testing.T) {
	tests := []struct {
		terms []string
		want  string
	}{
		{[]string{"(x)"}, "(x)"},
		{[]string{"(x)", "(x)"}, "(x) OR (x)"},
		{[]string{"(x)", "(y)"}, "(x) OR (y)"},
		{[]string{"(x)", "(x)"}, "(x) OR (x)"}, // again, from what was kept
	}
	for _, tt := range tests {
		q := repeatQuery(tt.terms)
		if !strings.HasSuffix(q, " AND ("+tt.want+")") {
			t.Errorf("terms %v: query %q", tt.terms, q)
		}
	}
}
