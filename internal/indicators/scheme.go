package indicators

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/shequ-dev/shequ/internal/errs"
)

// Assessed names what an assessment scheme scores.
type Assessed string

// The assessed kinds.
const (
	Departments Assessed = "unit"   // departments and embedded units (职能部门、驻区单位)
	Areas       Assessed = "area"   // streets and communities
	GridWorkers Assessed = "worker" // grid workers
)

// CommunityRating is what a scheme for departments may weigh besides indicators: the
// communities' monthly ratings of the units embedded in them (考核建议权), 0 to 100
// points each, averaged; its Value is in hundredths of a point, like a percent's.
const CommunityRating = "community_rating"

// Weight is the points of 100 an indicator carries in a composite score.
type Weight struct {
	Indicator string `json:"indicator"`
	Points    int    `json:"points"`
}

// Scheme is a composite score (综合评价): a weighted sum of shares, out of 100 points.
type Scheme struct {
	Assessed Assessed
	Weights  []Weight
}

// SchemeInput is a scheme as an administrator writes it.
type SchemeInput struct {
	Assessed string
	Weights  []Weight
}

// Parse checks in against the catalogue: a known kind, at least one weight, each on a
// share (a percent: counts are not comparable between bodies of different sizes) named
// once, with 1 to 100 points, the points summing to 100. The error names each field
// that is wrong: "weights.2.points" for the third weight's points.
func (in SchemeInput) Parse(catalogue []*Definition) (*Scheme, error) {
	var v errs.Validation
	s := &Scheme{Assessed: Assessed(strings.TrimSpace(in.Assessed))}
	switch s.Assessed {
	case Departments, Areas, GridWorkers:
	default:
		v.Add("assessed", "err.scheme_assessed")
	}
	if len(in.Weights) == 0 {
		v.Add("weights", "err.required")
	}
	byCode := map[string]*Definition{}
	for _, d := range catalogue {
		byCode[d.Code] = d
	}
	seen, sum := map[string]bool{}, 0
	for i, w := range in.Weights {
		field := fmt.Sprintf("weights.%d.", i)
		w.Indicator = strings.TrimSpace(w.Indicator)
		switch d := byCode[w.Indicator]; {
		case w.Indicator == CommunityRating:
			v.Check(s.Assessed == Departments, field+"indicator", "err.weight_rating_units")
		case d == nil:
			v.Add(field+"indicator", "err.weight_indicator")
		case d.Unit != Percent:
			v.Add(field+"indicator", "err.weight_not_share")
		}
		v.Check(!seen[w.Indicator], field+"indicator", "err.weight_twice")
		seen[w.Indicator] = true
		v.Check(w.Points >= 1 && w.Points <= 100, field+"points", "err.weight_points")
		sum += w.Points
		s.Weights = append(s.Weights, w)
	}
	if len(in.Weights) > 0 {
		v.Check(sum == 100, "weights", "err.weights_sum", sum)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// Part is what one weight contributed to a score.
type Part struct {
	Weight
	Value Value `json:"value"`
	// Contribution is in hundredths of a point, after the scaling for left-out parts.
	Contribution int64 `json:"contribution"`
	// LeftOut is set when the indicator had nothing to measure (no case due, no rating).
	LeftOut bool `json:"left_out,omitempty"`
}

// Score is a composite score in hundredths of a point out of 100, with its parts; it is
// Undefined when no part had anything to measure.
type Score struct {
	Hundredths int64  `json:"h"`
	Undefined  bool   `json:"u,omitempty"`
	Parts      []Part `json:"parts"`
}

// Score computes the scheme over values, by indicator code. A share where less is
// better (返工率) counts as 100 % minus itself. A part with nothing to measure is left
// out and the others are scaled up to 100 points, so a body is not marked down for a
// month without, say, any rating; the parts say so.
func (s *Scheme) Score(catalogue []*Definition, values map[string]Value) Score {
	lower := map[string]bool{}
	for _, d := range catalogue {
		lower[d.Code] = d.LowerIsBetter
	}
	var out Score
	var raw, points int64 // raw in points × hundredths of a percent
	for _, w := range s.Weights {
		p := Part{Weight: w, Value: values[w.Indicator]}
		if v, ok := values[w.Indicator]; !ok || v.Undefined {
			p.LeftOut = true
		} else {
			share := min(max(v.Hundredths, 0), 10000)
			if lower[w.Indicator] {
				share = 10000 - share
			}
			p.Contribution = int64(w.Points) * share // scaled below
			raw += p.Contribution
			points += int64(w.Points)
		}
		out.Parts = append(out.Parts, p)
	}
	if points == 0 {
		out.Undefined = true
		for i := range out.Parts {
			out.Parts[i].Contribution = 0
		}
		return out
	}
	// raw / points is the score in hundredths of a percent of the full 100 points.
	out.Hundredths = roundDiv(raw, points)
	for i := range out.Parts {
		out.Parts[i].Contribution = roundDiv(out.Parts[i].Contribution, points)
	}
	return out
}

// Ranks are the places of scores, best first: equal scores share a place and the next
// place is skipped (1, 2, 2, 4); a score with nothing to measure has place 0.
func Ranks(scores []Score) []int {
	order := make([]int, 0, len(scores))
	for i, s := range scores {
		if !s.Undefined {
			order = append(order, i)
		}
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(scores[b].Hundredths, scores[a].Hundredths) })
	out := make([]int, len(scores))
	for k, i := range order {
		out[i] = k + 1
		if k > 0 && scores[i].Hundredths == scores[order[k-1]].Hundredths {
			out[i] = out[order[k-1]]
		}
	}
	return out
}

// DefaultScheme is the scheme of a kind until an area sets its own: the figures the
// 12345 and grid-governance assessments of Chinese cities weigh most, on time above all.
func DefaultScheme(a Assessed) *Scheme {
	weights := map[Assessed][]Weight{
		Departments: {{"ack_on_time_rate", 20}, {"handle_on_time_rate", 30}, {"rework_rate", 10}, {"satisfaction_rate", 25}, {CommunityRating, 15}},
		Areas:       {{"valid_rate", 10}, {"close_rate", 20}, {"close_on_time_rate", 30}, {"satisfaction_rate", 25}, {"reopen_rate", 15}},
		GridWorkers: {{"valid_rate", 30}, {"close_on_time_rate", 30}, {"visit_rate", 10}, {"satisfaction_rate", 30}},
	}[a]
	return &Scheme{Assessed: a, Weights: weights}
}

// AssessedKinds are the kinds in the order pages offer them.
var AssessedKinds = []Assessed{Departments, Areas, GridWorkers}
