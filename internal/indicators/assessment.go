package indicators

// Body is one assessed department, area or grid worker with the figures of its month.
type Body struct {
	Key    string // the unit's, area's or worker's id
	Name   string
	Values map[string]Value // by indicator code, and CommunityRating for units
}

// Result is a body's place in a month's assessment: its composite score with every
// part and input, and its rank (0 when it had nothing to measure).
type Result struct {
	Key   string `json:"key"`
	Name  string `json:"name"`
	Rank  int    `json:"rank"`
	Score Score  `json:"score"`
}

// Assess scores each body by the scheme and ranks them, best first; bodies with
// nothing to measure come last, in their given order.
func (s *Scheme) Assess(catalogue []*Definition, bodies []Body) []Result {
	scores := make([]Score, len(bodies))
	for i, b := range bodies {
		scores[i] = s.Score(catalogue, b.Values)
	}
	ranks := Ranks(scores)
	out := make([]Result, len(bodies))
	for i, b := range bodies {
		out[i] = Result{Key: b.Key, Name: b.Name, Rank: ranks[i], Score: scores[i]}
	}
	// Ranked first by place, the unranked after them as they came.
	order := func(r Result) int {
		if r.Rank == 0 {
			return len(out) + 1
		}
		return r.Rank
	}
	for i := 1; i < len(out); i++ { // insertion sort: stable, and months hold few bodies
		for j := i; j > 0 && order(out[j]) < order(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// Adjustment is a figure that moved after its month was published: a late event, a
// rating given afterwards. The published report keeps Was; Now is what the figure is.
type Adjustment struct {
	Key, Name string
	Indicator string // "" when the body is new to the month
	Was, Now  Value
	ScoreWas  Score
	ScoreNow  Score
}

// Adjustments compares a published month with its figures now, part by part, in the
// published order, then the bodies that were not in it.
func Adjustments(published, now []Result) []Adjustment {
	live := map[string]Result{}
	for _, r := range now {
		live[r.Key] = r
	}
	seen := map[string]bool{}
	var out []Adjustment
	for _, p := range published {
		seen[p.Key] = true
		n, ok := live[p.Key]
		if !ok {
			n = Result{Key: p.Key, Name: p.Name, Score: Score{Undefined: true}}
		}
		parts := map[string]Part{}
		for _, x := range n.Score.Parts {
			parts[x.Indicator] = x
		}
		for _, x := range p.Score.Parts {
			y := parts[x.Indicator]
			if y.Value != x.Value {
				out = append(out, Adjustment{Key: p.Key, Name: p.Name, Indicator: x.Indicator, Was: x.Value, Now: y.Value,
					ScoreWas: p.Score, ScoreNow: n.Score})
			}
		}
	}
	for _, n := range now {
		if !seen[n.Key] && !n.Score.Undefined {
			out = append(out, Adjustment{Key: n.Key, Name: n.Name, ScoreWas: Score{Undefined: true}, ScoreNow: n.Score})
		}
	}
	return out
}
