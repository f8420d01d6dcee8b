package store_test

import (
	"testing"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// A new database holds the built-in indicators; an administrator adds one of their own,
// rewords a built-in one (whose formula stays), and bad definitions are named by field.
func TestIndicatorDefinitions(t *testing.T) {
	tr := newTree(t)
	admin := tr.principal(t, account.Admin, tr.district.ID, 0)
	staff := tr.principal(t, account.Staff, tr.district.ID, 0)
	list, err := tr.db.Indicators(ctx)
	if err != nil {
		t.Fatal(err)
	}
	seed := indicators.Seed()
	if len(list) != len(seed) {
		t.Fatalf("%d indicators stored, want the %d built-in ones", len(list), len(seed))
	}
	for i, d := range list {
		if d.Code != seed[i].Code || !d.Builtin || d.Version != 1 || d.Formula.String() != seed[i].Formula.String() {
			t.Errorf("indicator %d: %+v, want %s built in", i, d, seed[i].Code)
		}
	}
	// Migrating again changes nothing.
	if _, err := tr.db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if again, _ := tr.db.Indicators(ctx); len(again) != len(seed) {
		t.Errorf("after a second migration: %d indicators", len(again))
	}

	mine := indicators.Input{Code: "hotline_close_rate", NameZH: "热线结案率", NameEN: "Hotline close rate", Formula: "closed / close_due",
		Unit: indicators.Percent, ExplainZH: "热线来源的结案率。"}
	d, err := tr.db.CreateIndicator(ctx, admin, mine)
	if err != nil {
		t.Fatal(err)
	}
	if d.Builtin || d.Version != 1 {
		t.Errorf("created: %+v", d)
	}
	if list, _ = tr.db.Indicators(ctx); list[len(list)-1].Code != "hotline_close_rate" {
		t.Errorf("the new indicator is not last: %s", list[len(list)-1].Code)
	}
	mine.Formula, mine.NameZH = "closed_on_time / close_due", "热线按期结案率"
	if d, err = tr.db.UpdateIndicator(ctx, admin, "hotline_close_rate", mine, 1); err != nil || d.Version != 2 || d.Formula.String() != mine.Formula {
		t.Fatalf("update: %v %+v", err, d)
	}
	reword := indicators.InputOf(tr.mustIndicator(t, "close_rate"))
	reword.NameZH, reword.Formula, reword.Unit = "结案率（市标）", "", ""
	if d, err = tr.db.UpdateIndicator(ctx, admin, "close_rate", reword, 1); err != nil || d.NameZH != "结案率（市标）" || d.Formula.String() != "closed / close_due" {
		t.Fatalf("reword a built-in one: %v %+v", err, d)
	}
	// The published figure still comes out: 911 closed of 972 due.
	if v := d.Value(indicators.Counts{indicators.Closed: 911, indicators.CloseDue: 972}); v.Hundredths != 9372 {
		t.Errorf("close rate after rewording: %d", v.Hundredths)
	}

	for _, tc := range []struct {
		name    string
		who     *account.Principal
		code    string // "" to create
		in      indicators.Input
		version int
		want    errs.Code
		field   string
	}{
		{"a code taken", admin, "", indicators.Input{Code: "close_rate", NameZH: "结案率", NameEN: "Close rate", Formula: "closed / close_due", Unit: indicators.Percent}, 0, errs.Invalid, "code"},
		{"a bad code", admin, "", indicators.Input{Code: "Close Rate", NameZH: "结案率", NameEN: "x", Formula: "closed", Unit: indicators.Count}, 0, errs.Invalid, "code"},
		{"an unknown fact", admin, "", indicators.Input{Code: "x_rate", NameZH: "某率", NameEN: "x", Formula: "closed / dreams", Unit: indicators.Percent}, 0, errs.Invalid, "formula"},
		{"a formula that cannot be read", admin, "", indicators.Input{Code: "x_rate", NameZH: "某率", NameEN: "x", Formula: "closed // close_due", Unit: indicators.Percent}, 0, errs.Invalid, "formula"},
		{"a share as a count", admin, "", indicators.Input{Code: "x_rate", NameZH: "某率", NameEN: "x", Formula: "closed / close_due", Unit: indicators.Count}, 0, errs.Invalid, "formula"},
		{"no name", admin, "", indicators.Input{Code: "x_rate", NameEN: "x", Formula: "closed", Unit: indicators.Count}, 0, errs.Invalid, "name_zh"},
		{"an unknown unit", admin, "", indicators.Input{Code: "x_rate", NameZH: "某率", NameEN: "x", Formula: "closed", Unit: "litres"}, 0, errs.Invalid, "unit"},
		{"staff", staff, "", mine, 0, errs.Forbidden, ""},
		{"a built-in formula changed", admin, "close_rate", indicators.Input{NameZH: "结案率", NameEN: "Close rate", Formula: "closed / reported"}, 2, errs.Invalid, "formula"},
		{"a built-in unit changed", admin, "close_rate", indicators.Input{NameZH: "结案率", NameEN: "Close rate", Unit: indicators.Count}, 2, errs.Invalid, "unit"},
		{"a stale version", admin, "hotline_close_rate", mine, 1, errs.Conflict, ""},
		{"no such indicator", admin, "nothing", mine, 1, errs.NotFound, ""},
	} {
		var err error
		if tc.code == "" {
			_, err = tr.db.CreateIndicator(ctx, tc.who, tc.in)
		} else {
			_, err = tr.db.UpdateIndicator(ctx, tc.who, tc.code, tc.in, tc.version)
		}
		if !errs.Is(err, tc.want) || fieldOf(err) != tc.field {
			t.Errorf("%s: %v (field %q), want %s on %q", tc.name, err, fieldOf(err), tc.want, tc.field)
		}
	}
	// A custom share can be weighted in an assessment.
	in := indicators.SchemeInput{Assessed: "area", Weights: []indicators.Weight{{Indicator: "hotline_close_rate", Points: 100}}}
	if err := tr.db.SaveAssessmentScheme(ctx, staff, tr.district.ID, in, 0); err != nil {
		t.Errorf("weighting the new indicator: %v", err)
	}
}

func (tr *tree) mustIndicator(t *testing.T, code string) *indicators.Definition {
	t.Helper()
	d, err := tr.db.Indicator(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
