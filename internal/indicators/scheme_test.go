package indicators

import (
	"errors"
	"slices"
	"testing"

	"github.com/shequ-dev/shequ/internal/errs"
)

func TestBadSchemes(t *testing.T) {
	cat := Seed()
	tests := []struct {
		name  string
		in    SchemeInput
		field string
	}{
		{"unknown kind", SchemeInput{Assessed: "school", Weights: []Weight{{"close_rate", 100}}}, "assessed"},
		{"no weights", SchemeInput{Assessed: "unit"}, "weights"},
		{"weights short of 100", SchemeInput{Assessed: "unit", Weights: []Weight{{"close_rate", 50}, {"satisfaction_rate", 40}}}, "weights"},
		{"weights over 100", SchemeInput{Assessed: "area", Weights: []Weight{{"close_rate", 70}, {"satisfaction_rate", 40}}}, "weights"},
		{"unknown indicator", SchemeInput{Assessed: "unit", Weights: []Weight{{"close_rate", 50}, {"speed", 50}}}, "weights.1.indicator"},
		{"a count", SchemeInput{Assessed: "unit", Weights: []Weight{{"closed", 100}}}, "weights.0.indicator"},
		{"an average in hours", SchemeInput{Assessed: "unit", Weights: []Weight{{"close_rate", 50}, {"avg_handle_hours", 50}}}, "weights.1.indicator"},
		{"twice the same", SchemeInput{Assessed: "unit", Weights: []Weight{{"close_rate", 50}, {"close_rate", 50}}}, "weights.1.indicator"},
		{"zero points", SchemeInput{Assessed: "unit", Weights: []Weight{{"close_rate", 100}, {"satisfaction_rate", 0}}}, "weights.1.points"},
		{"negative points", SchemeInput{Assessed: "unit", Weights: []Weight{{"close_rate", 120}, {"satisfaction_rate", -20}}}, "weights.1.points"},
		{"community ratings of grid workers", SchemeInput{Assessed: "worker", Weights: []Weight{{"close_rate", 80}, {CommunityRating, 20}}}, "weights.1.indicator"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.in.Parse(cat)
			var e *errs.Error
			if !errors.As(err, &e) || e.Code != errs.Invalid {
				t.Fatalf("got %v, want field errors", err)
			}
			for _, f := range e.Fields {
				if f.Field == tt.field {
					return
				}
			}
			t.Fatalf("fields %+v, want one on %s", e.Fields, tt.field)
		})
	}
}

func TestScores(t *testing.T) {
	cat := Seed()
	s, err := SchemeInput{Assessed: "unit", Weights: []Weight{{"close_on_time_rate", 40}, {"satisfaction_rate", 30},
		{"rework_rate", 20}, {CommunityRating, 10}}}.Parse(cat)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		values  map[string]Value
		want    int64
		leftOut []string
	}{
		// 40 × 75.82 % + 30 × 90 % + 20 × (100 % − 5 %) + 10 × 88 points = 30.328 + 27 + 19 + 8.8 = 85.128
		{"every part", map[string]Value{"close_on_time_rate": {Hundredths: 7582}, "satisfaction_rate": {Hundredths: 9000},
			"rework_rate": {Hundredths: 500}, CommunityRating: {Hundredths: 8800}}, 8513, nil},
		// Without residents' ratings the other 70 points count for 100: (30.328 + 19 + 8.8) / 0.7 = 83.04
		{"no resident rated this month", map[string]Value{"close_on_time_rate": {Hundredths: 7582}, "satisfaction_rate": {Undefined: true},
			"rework_rate": {Hundredths: 500}, CommunityRating: {Hundredths: 8800}}, 8304, []string{"satisfaction_rate"}},
		{"all perfect", map[string]Value{"close_on_time_rate": {Hundredths: 10000}, "satisfaction_rate": {Hundredths: 10000},
			"rework_rate": {Hundredths: 0}, CommunityRating: {Hundredths: 10000}}, 10000, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := s.Score(cat, tt.values)
			if got.Undefined || got.Hundredths != tt.want {
				t.Errorf("score %d (undefined %v), want %d", got.Hundredths, got.Undefined, tt.want)
			}
			var left []string
			for _, p := range got.Parts {
				if p.LeftOut {
					left = append(left, p.Indicator)
				}
			}
			if !slices.Equal(left, tt.leftOut) {
				t.Errorf("left out %v, want %v", left, tt.leftOut)
			}
		})
	}
	if got := s.Score(cat, map[string]Value{}); !got.Undefined {
		t.Errorf("a unit with nothing to measure scored %d", got.Hundredths)
	}
}

func TestRanks(t *testing.T) {
	scores := []Score{{Hundredths: 8000}, {Hundredths: 9100}, {Undefined: true}, {Hundredths: 8000}, {Hundredths: 7000}, {Hundredths: 9100}}
	if got, want := Ranks(scores), []int{3, 1, 0, 3, 5, 1}; !slices.Equal(got, want) {
		t.Errorf("ranks %v, want %v", got, want)
	}
}

// The default schemes are valid schemes.
func TestDefaultSchemes(t *testing.T) {
	for _, a := range AssessedKinds {
		d := DefaultScheme(a)
		if _, err := (SchemeInput{Assessed: string(a), Weights: d.Weights}).Parse(Seed()); err != nil {
			t.Errorf("%s: %v", a, err)
		}
	}
}
