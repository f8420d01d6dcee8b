package store_test

import (
	"math"
	"slices"
	"testing"

	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/geo"
	"github.com/shequ-dev/shequ/internal/store"
)

// Open cases are found near a report wherever the map's cells cut between them, and the
// cells of cases written before cases kept them are numbered when the store opens.
func TestNearbyAcrossCells(t *testing.T) {
	w := newCaseWorld(t)
	// The cells are 1/500 of a degree square; edge is the corner of here's cell.
	edge := geo.Point{Lng: (math.Floor((w.here.Lng+180)*500)+1)/500 - 180, Lat: (math.Floor((w.here.Lat+90)*500)+1)/500 - 90}
	at := func(dLng, dLat float64) geo.Point { return geo.Point{Lng: edge.Lng + dLng, Lat: edge.Lat + dLat} }
	tests := []struct {
		name            string
		desc            string // unlike the others', so that each finds only its own
		existing, draft geo.Point
		want            bool
	}{
		{"in one cell", "楼道里堆放了很多杂物", at(-0.0005, -0.0005), at(-0.0004, -0.0005), true},
		{"across a row of cells", "路灯不亮已经三天了", at(-0.0005, -0.0002), at(-0.0005, 0.0002), true},
		{"across a column of cells", "井盖破损有人差点摔倒", at(-0.0002, -0.0005), at(0.0002, -0.0005), true},
		{"across a corner", "绿化带里有很多垃圾", at(-0.0002, -0.0002), at(0.0002, 0.0002), true},
		{"a cell away and beyond the radius", "消防通道被车辆堵住", at(-0.0005, -0.0002), at(-0.0005, 0.0012), false},
	}
	tickets := map[string]string{}
	for _, tt := range tests {
		tickets[tt.name] = w.report(t, tt.desc, func(r *cases.Report) { p := tt.existing; r.Location = &p }).Case.Ticket
	}
	check := func(t *testing.T) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				draft := tt.draft
				got, err := w.db.CasesLikeDraft(ctx, w.staff, cases.Draft{CategoryID: w.category, Description: tt.desc, Location: &draft})
				if err != nil {
					t.Fatal(err)
				}
				found := slices.ContainsFunc(got, func(a store.Alike) bool { return a.Case.Ticket == tickets[tt.name] })
				if found != tt.want {
					t.Fatalf("found %v, want %v (%.0f m apart)", found, tt.want, geo.Distance(tt.existing, tt.draft))
				}
			})
		}
	}
	t.Run("as written", check)
	if err := w.db.ForgetCellsForTest(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := w.db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	t.Run("numbered when the store opens", check)
}
