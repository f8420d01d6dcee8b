package indicators

import (
	"fmt"
	"testing"
)

func TestAssess(t *testing.T) {
	s := &Scheme{Assessed: Areas, Weights: []Weight{{"close_on_time_rate", 60}, {"satisfaction_rate", 40}}}
	share := func(h int64) Value { return Value{Hundredths: h, Num: h, Den: 10000} }
	none := Value{Undefined: true}
	bodies := []Body{
		{Key: "a", Name: "甲", Values: map[string]Value{"close_on_time_rate": share(9000), "satisfaction_rate": share(8000)}}, // 86.00
		{Key: "b", Name: "乙", Values: map[string]Value{"close_on_time_rate": none, "satisfaction_rate": none}},
		{Key: "c", Name: "丙", Values: map[string]Value{"close_on_time_rate": share(10000), "satisfaction_rate": share(6500)}}, // 86.00
		{Key: "d", Name: "丁", Values: map[string]Value{"close_on_time_rate": share(9500), "satisfaction_rate": none}},         // 95.00, rescaled
	}
	got := s.Assess(Seed(), bodies)
	var order []string
	for _, r := range got {
		order = append(order, fmt.Sprintf("%s%d:%d", r.Key, r.Rank, r.Score.Hundredths))
	}
	if want := "[d1:9500 a2:8600 c2:8600 b0:0]"; fmt.Sprint(order) != want {
		t.Errorf("ranking %v, want %s", order, want)
	}
	if !got[0].Score.Parts[1].LeftOut || got[3].Score.Undefined != true {
		t.Errorf("parts %+v / %+v", got[0].Score.Parts, got[3].Score)
	}
}

// A published month compared with its figures now: what moved, and who is new.
func TestAdjustments(t *testing.T) {
	s := &Scheme{Assessed: Areas, Weights: []Weight{{"close_on_time_rate", 100}}}
	at := func(num, den int64) map[string]Value {
		return map[string]Value{"close_on_time_rate": (&Definition{Formula: Formula{Numerator: []Fact{ClosedOnTime}, Denominator: []Fact{CloseDue}}, Unit: Percent}).
			Value(Counts{ClosedOnTime: num, CloseDue: den})}
	}
	published := s.Assess(Seed(), []Body{{Key: "a", Name: "甲", Values: at(8, 10)}, {Key: "b", Name: "乙", Values: at(9, 10)}})
	now := s.Assess(Seed(), []Body{{Key: "a", Name: "甲", Values: at(8, 11)}, {Key: "b", Name: "乙", Values: at(9, 10)},
		{Key: "c", Name: "丙", Values: at(1, 1)}})
	adj := Adjustments(published, now)
	if len(adj) != 2 || adj[0].Key != "a" || adj[0].Was.Den != 10 || adj[0].Now.Den != 11 || adj[0].ScoreWas.Hundredths != 8000 ||
		adj[0].ScoreNow.Hundredths != 7273 || adj[1].Key != "c" || adj[1].Indicator != "" {
		t.Errorf("adjustments %+v", adj)
	}
	if len(Adjustments(published, published)) != 0 {
		t.Error("a month that did not move has adjustments")
	}
}
