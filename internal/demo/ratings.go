package demo

import (
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/store"
)

// seedRatings has every community rate the embedded units above it (the street's police
// station and city management squad…) for last month, as communities do at each
// month's end (考核建议权): mostly good marks, some middling.
func (s *seeder) seedRatings() error {
	communities, err := s.db.Nodes(s.ctx, s.sys, store.NodeFilter{Level: admin.Community})
	if err != nil {
		return err
	}
	month := store.MonthOf(s.now).Previous()
	rng := s.caseRNG()
	for _, c := range communities {
		units, err := s.db.CommunityRatings(s.ctx, s.sys, c.ID, month)
		if err != nil {
			return err
		}
		var in []store.RatingInput
		for _, u := range units {
			points := 75 + rng.IntN(26)
			if rng.IntN(10) == 0 {
				points = 55 + rng.IntN(20)
			}
			in = append(in, store.RatingInput{UnitID: u.Unit.ID, Points: &points})
		}
		if len(in) == 0 {
			continue
		}
		if err := s.db.RateUnits(s.ctx, s.sys, c.ID, month, in); err != nil {
			return err
		}
	}
	return nil
}
