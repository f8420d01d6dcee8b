package store_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// TestCasesLikeDraft: a report being written is compared with the open cases nearby in
// its category, as intake compares a report it takes in; who asks decides what of each
// they learn.
func TestCasesLikeDraft(t *testing.T) {
	w := newCaseWorld(t)
	other := otherCategory(t, w)
	near := geo.Point{Lng: w.here.Lng, Lat: w.here.Lat + 0.0002} // about 22 m north
	far := geo.Point{Lng: w.here.Lng, Lat: w.here.Lat + 0.0045}  // about 500 m north
	resident := w.principal(t, account.Resident, 0, 0)
	staffB := w.principal(t, account.Staff, w.streetB.ID, 0)

	exact := w.report(t, "楼道里堆放了很多杂物").Case
	mine, err := w.db.Report(ctx, resident, cases.Report{Source: cases.FromResident, CategoryID: w.category,
		Description: "楼道堆放杂物，过不去", Location: &near, NodeID: w.gridA.ID, NodePath: w.gridA.Path, Located: true})
	if err != nil {
		t.Fatal(err)
	}
	private := w.report(t, "楼道里堆放了很多杂物，邻居家的")
	w.act(t, w.staff, private.Case, cases.Step{Action: cases.ActTriage, Triage: cases.Private, Note: "邻里纠纷"})
	rejected := w.report(t, "楼道里堆放了很多杂物").Case
	w.act(t, w.staff, rejected, cases.Step{Action: cases.ActReject, Note: "重复"})
	w.report(t, "楼道里堆放了很多杂物", func(r *cases.Report) { r.Location = &far })
	w.report(t, "楼道里堆放了很多杂物", func(r *cases.Report) { r.CategoryID = other })
	w.report(t, "路灯不亮")

	draft := cases.Draft{CategoryID: w.category, Description: "楼道里堆放了很多杂物", Location: &w.here}
	tests := []struct {
		name string
		p    *account.Principal
		want []string // tickets, most alike first
		open []bool   // the caller may open each
		mine []bool
	}{
		{"anonymous: no private matter", nil, []string{exact.Ticket, mine.Case.Ticket}, []bool{false, false}, []bool{false, false}},
		{"the reporter of one of them", resident, []string{exact.Ticket, mine.Case.Ticket}, []bool{false, false}, []bool{false, true}},
		{"staff in reach see all and may open them", w.staff,
			[]string{exact.Ticket, private.Case.Ticket, mine.Case.Ticket}, []bool{true, true, true}, []bool{false, false, false}},
		{"staff elsewhere as anyone", staffB, []string{exact.Ticket, mine.Case.Ticket}, []bool{false, false}, []bool{false, false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := w.db.CasesLikeDraft(ctx, tt.p, draft)
			if err != nil {
				t.Fatal(err)
			}
			var tickets []string
			var open, own []bool
			for _, a := range got {
				tickets, open, own = append(tickets, a.Case.Ticket), append(open, a.Open), append(own, a.Mine)
			}
			if !slices.Equal(tickets, tt.want) || !slices.Equal(open, tt.open) || !slices.Equal(own, tt.mine) {
				t.Errorf("got %v open %v mine %v, want %v open %v mine %v", tickets, open, own, tt.want, tt.open, tt.mine)
			}
			for _, a := range got {
				if a.Distance < 0 || a.Distance > 100 {
					t.Errorf("%s is %.0f m away", a.Case.Ticket, a.Distance)
				}
			}
		})
	}
	t.Run("the distance is from the draft's point", func(t *testing.T) {
		got, err := w.db.CasesLikeDraft(ctx, nil, cases.Draft{CategoryID: w.category, Description: "楼道堆放杂物，过不去", Location: &near})
		if err != nil || len(got) == 0 || got[0].Case.ID != mine.Case.ID || got[0].Distance > 1 {
			t.Fatalf("got %+v, %v", got, err)
		}
		if d := got[len(got)-1].Distance; d < 20 || d > 25 {
			t.Errorf("the case at the draft's point 22 m south is %.1f m away", d)
		}
	})
	t.Run("at most a handful", func(t *testing.T) {
		for i := 0; i < cases.MaxSuggestions+2; i++ {
			w.report(t, "楼道里堆放了很多杂物")
		}
		got, err := w.db.CasesLikeDraft(ctx, nil, draft)
		if err != nil || len(got) != cases.MaxSuggestions {
			t.Errorf("%d suggestions (%v), want %d", len(got), err, cases.MaxSuggestions)
		}
	})
	t.Run("a door plate without a point finds nothing", func(t *testing.T) {
		got, err := w.db.CasesLikeDraft(ctx, nil, cases.Draft{CategoryID: w.category, Description: "楼道堆放杂物", PlateCode: "AB12CD34"})
		if err != nil || len(got) != 0 {
			t.Errorf("got %v, %v", got, err)
		}
	})
}

func TestCasesLikeDraftRefusesBadDrafts(t *testing.T) {
	w := newCaseWorld(t)
	tree, err := w.db.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	major := tree.Major(tree.ByID(w.category))
	ok := func(mod func(*cases.Draft)) cases.Draft {
		d := cases.Draft{CategoryID: w.category, Description: "楼道堆放杂物", Location: &w.here}
		mod(&d)
		return d
	}
	tests := []struct {
		name  string
		draft cases.Draft
		field string
	}{
		{"no category", ok(func(d *cases.Draft) { d.CategoryID = 0 }), "category_id"},
		{"an unknown category", ok(func(d *cases.Draft) { d.CategoryID = 999999 }), "category_id"},
		{"a major class", ok(func(d *cases.Draft) { d.CategoryID = major.ID }), "category_id"},
		{"no description", ok(func(d *cases.Draft) { d.Description = "   " }), "description"},
		{"too long a description", ok(func(d *cases.Draft) { d.Description = strings.Repeat("杂", cases.MaxDescriptionLen+1) }), "description"},
		{"nowhere", ok(func(d *cases.Draft) { d.Location = nil }), "location"},
		{"off the globe", ok(func(d *cases.Draft) { d.Location = &geo.Point{Lng: 200, Lat: 31} }), "location"},
		{"null island", ok(func(d *cases.Draft) { d.Location = &geo.Point{} }), "location"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := w.db.CasesLikeDraft(ctx, nil, tt.draft)
			e := errs.As(err)
			if e == nil || e.Code != errs.Invalid || !slices.ContainsFunc(e.Fields, func(f errs.FieldError) bool { return f.Field == tt.field }) {
				t.Errorf("err = %v, want a problem with %s", err, tt.field)
			}
		})
	}
}

// otherCategory is a seeded minor class other than the world's.
func otherCategory(t *testing.T, w *caseWorld) int64 {
	t.Helper()
	tree, err := w.db.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c := tree.ByCode(cases.EventKind, "0102")
	if c == nil || c.ID == w.category {
		t.Fatal("no second category")
	}
	return c.ID
}
