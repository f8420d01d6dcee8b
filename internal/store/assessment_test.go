package store_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/indicators"
	"github.com/shequ-dev/shequ/internal/store"
)

// An area assesses by its own scheme, or the nearest one above it, or the default; a
// scheme is saved over the version it was read at, and bad weights are named.
func TestAssessmentSchemes(t *testing.T) {
	tr := newTree(t)
	district := tr.principal(t, account.Staff, tr.district.ID, 0)
	street := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	leader := tr.principal(t, account.Leader, tr.district.ID, 0)
	got, err := tr.db.AssessmentScheme(ctx, leader, tr.commA.ID, indicators.Areas)
	if err != nil || got.NodeID != 0 || fmt.Sprint(got.Weights) != fmt.Sprint(indicators.DefaultScheme(indicators.Areas).Weights) {
		t.Fatalf("default: %v %+v", err, got)
	}
	mine := indicators.SchemeInput{Assessed: "area", Weights: []indicators.Weight{{Indicator: "close_on_time_rate", Points: 70}, {Indicator: "satisfaction_rate", Points: 30}}}
	if err := tr.db.SaveAssessmentScheme(ctx, district, tr.district.ID, mine, 0); err != nil {
		t.Fatal(err)
	}
	got, err = tr.db.AssessmentScheme(ctx, leader, tr.commA.ID, indicators.Areas)
	if err != nil || got.NodeID != tr.district.ID || got.Version != 0 || len(got.Weights) != 2 {
		t.Fatalf("inherited: %v %+v", err, got)
	}
	own, err := tr.db.AssessmentScheme(ctx, leader, tr.district.ID, indicators.Areas)
	if err != nil || own.Version != 1 {
		t.Fatalf("own: %v %+v", err, own)
	}
	if err := tr.db.SaveAssessmentScheme(ctx, district, tr.district.ID, mine, 0); !errs.Is(err, errs.Conflict) {
		t.Errorf("a second first version: %v", err)
	}
	if err := tr.db.SaveAssessmentScheme(ctx, district, tr.district.ID, mine, 1); err != nil {
		t.Errorf("over version 1: %v", err)
	}
	if err := tr.db.SaveAssessmentScheme(ctx, district, tr.district.ID, mine, 1); !errs.Is(err, errs.Conflict) {
		t.Errorf("over a stale version: %v", err)
	}
	for _, tc := range []struct {
		name  string
		who   *account.Principal
		node  int64
		in    indicators.SchemeInput
		code  errs.Code
		field string
	}{
		{"weights short of 100", district, tr.streetA.ID, indicators.SchemeInput{Assessed: "area", Weights: []indicators.Weight{{Indicator: "close_rate", Points: 60}}}, errs.Invalid, "weights"},
		{"a count weighted", district, tr.streetA.ID, indicators.SchemeInput{Assessed: "area", Weights: []indicators.Weight{{Indicator: "reported", Points: 100}}}, errs.Invalid, "weights.0.indicator"},
		{"an unknown kind", district, tr.streetA.ID, indicators.SchemeInput{Assessed: "cats", Weights: mine.Weights}, errs.Invalid, "assessed"},
		{"a street setting the district's", street, tr.district.ID, mine, errs.Forbidden, "node_id"},
		{"a leader", leader, tr.district.ID, mine, errs.Forbidden, ""},
	} {
		err := tr.db.SaveAssessmentScheme(ctx, tc.who, tc.node, tc.in, 0)
		if !errs.Is(err, tc.code) || fieldOf(err) != tc.field {
			t.Errorf("%s: %v (field %q), want %s on %q", tc.name, err, fieldOf(err), tc.code, tc.field)
		}
	}
}

// A community's staff rate the embedded units above it, for this month or the last;
// the ratings average over the communities of an area.
func TestCommunityRatings(t *testing.T) {
	tr := newTree(t)
	police, err := tr.db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: tr.streetA.ID, Kind: admin.Embedded, Name: "平江派出所"})
	if err != nil {
		t.Fatal(err)
	}
	dept, err := tr.db.CreateUnit(ctx, sys, admin.UnitInput{NodeID: tr.district.ID, Kind: admin.Department, Name: "区城管局"})
	if err != nil {
		t.Fatal(err)
	}
	comm := tr.principal(t, account.Staff, tr.commA.ID, 0)
	street := tr.principal(t, account.Staff, tr.streetA.ID, 0)
	m := store.MonthOf(tr.db.Clock.Now())
	units, err := tr.db.CommunityRatings(ctx, comm, tr.commA.ID, m)
	if err != nil || len(units) != 1 || units[0].Unit.ID != police.ID || units[0].Rated {
		t.Fatalf("rateable units: %v %+v", err, units)
	}
	p := func(n int) *int { return &n }
	if err := tr.db.RateUnits(ctx, comm, tr.commA.ID, m.Previous(), []store.RatingInput{{UnitID: police.ID, Points: p(85), Note: "出警及时"}}); err != nil {
		t.Fatal(err)
	}
	units, _ = tr.db.CommunityRatings(ctx, comm, tr.commA.ID, m.Previous())
	if !units[0].Rated || units[0].Points != 85 || units[0].Note != "出警及时" {
		t.Errorf("after rating: %+v", units[0])
	}
	values, err := tr.db.UnitRatings(ctx, tr.district.Path, m.Previous())
	if err != nil || values[police.ID].Hundredths != 8500 || values[police.ID].Den != 1 {
		t.Errorf("the police station's rating: %v %+v", err, values)
	}
	for _, tc := range []struct {
		name  string
		who   *account.Principal
		node  int64
		month store.Month
		in    []store.RatingInput
		code  errs.Code
		field string
	}{
		{"a department is not rated", comm, tr.commA.ID, m, []store.RatingInput{{UnitID: dept.ID, Points: p(90)}}, errs.Invalid, "ratings.0.unit_id"},
		{"more than 100 points", comm, tr.commA.ID, m, []store.RatingInput{{UnitID: police.ID, Points: p(101)}}, errs.Invalid, "ratings.0.points"},
		{"negative points", comm, tr.commA.ID, m, []store.RatingInput{{UnitID: police.ID, Points: p(-1)}}, errs.Invalid, "ratings.0.points"},
		{"two months back", comm, tr.commA.ID, m.Previous().Previous(), []store.RatingInput{{UnitID: police.ID, Points: p(80)}}, errs.Invalid, "month"},
		{"a street is not a community", street, tr.streetA.ID, m, []store.RatingInput{{UnitID: police.ID, Points: p(80)}}, errs.Invalid, "node_id"},
		{"the street rating for its community", street, tr.commA.ID, m, []store.RatingInput{{UnitID: police.ID, Points: p(80)}}, errs.Forbidden, ""},
		{"another community", comm, tr.commB.ID, m, []store.RatingInput{{UnitID: police.ID, Points: p(80)}}, errs.Forbidden, "node_id"},
	} {
		err := tr.db.RateUnits(ctx, tc.who, tc.node, tc.month, tc.in)
		if !errs.Is(err, tc.code) || fieldOf(err) != tc.field {
			t.Errorf("%s: %v (field %q), want %s on %q", tc.name, err, fieldOf(err), tc.code, tc.field)
		}
	}
	// Taking a rating back.
	if err := tr.db.RateUnits(ctx, comm, tr.commA.ID, m.Previous(), []store.RatingInput{{UnitID: police.ID}}); err != nil {
		t.Fatal(err)
	}
	if values, _ := tr.db.UnitRatings(ctx, tr.district.Path, m.Previous()); len(values) != 0 {
		t.Errorf("a rating taken back still counts: %+v", values)
	}
}

// A month is published once, after it has ended, and reads back as it was published.
func TestPublishAssessment(t *testing.T) {
	tr := newTree(t)
	district := tr.principal(t, account.Staff, tr.district.ID, 0)
	leader := tr.principal(t, account.Leader, tr.district.ID, 0)
	m := store.MonthOf(tr.db.Clock.Now())
	s := indicators.DefaultScheme(indicators.Areas)
	results := s.Assess(indicators.Seed(), []indicators.Body{{Key: "1", Name: "甲街道", Values: map[string]indicators.Value{
		"close_rate": {Hundredths: 9372, Num: 911, Den: 972}}}})
	r := &store.AssessmentReport{NodeID: tr.district.ID, Assessed: indicators.Areas, Month: m, Scheme: s.Weights, Results: results}
	if err := tr.db.PublishAssessment(ctx, district, r); fieldOf(err) != "month" {
		t.Errorf("publishing a running month: %v", err)
	}
	tr.db.Clock.Advance(32 * 24 * time.Hour)
	if err := tr.db.PublishAssessment(ctx, leader, r); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a leader publishing: %v", err)
	}
	if err := tr.db.PublishAssessment(ctx, district, r); err != nil {
		t.Fatal(err)
	}
	if err := tr.db.PublishAssessment(ctx, district, r); !errs.Is(err, errs.Conflict) {
		t.Errorf("publishing twice: %v", err)
	}
	got, err := tr.db.AssessmentReport(ctx, leader, tr.district.ID, indicators.Areas, m)
	if err != nil || got == nil || fmt.Sprint(got.Results) != fmt.Sprint(results) || got.PublishedBy != "测试用户" || got.PublishedAt.IsZero() {
		t.Fatalf("read back: %v %+v", err, got)
	}
	if none, err := tr.db.AssessmentReport(ctx, leader, tr.district.ID, indicators.Areas, m.Previous()); err != nil || none != nil {
		t.Errorf("an unpublished month: %v %+v", err, none)
	}
}
