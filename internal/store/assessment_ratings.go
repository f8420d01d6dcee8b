package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/admin"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/indicators"
)

// RatingUnit is a unit a community rates for a month (考核建议权), with the rating given.
type RatingUnit struct {
	Unit   *admin.Unit
	Points int // 0 to 100; meaningless unless Rated
	Rated  bool
	Note   string
}

// Limits of a rating.
const (
	MaxRatingPoints = 100
	MaxRatingNote   = 200
)

// ratingCommunity is the community p rates for: a community within its scope.
func (db *DB) ratingCommunity(ctx context.Context, p *account.Principal, id int64) (*admin.Node, error) {
	n, err := db.assessmentNode(ctx, p, id)
	if err != nil {
		return nil, err
	}
	if n.Level != admin.Community {
		return nil, errs.FieldInvalid("node_id", "err.rating_community")
	}
	return n, nil
}

// CommunityRatings lists the units a community rates in a month: the embedded units
// (police station, city management squad…) attached to it or to an area above it.
func (db *DB) CommunityRatings(ctx context.Context, p *account.Principal, communityID int64, m Month) ([]RatingUnit, error) {
	n, err := db.ratingCommunity(ctx, p, communityID)
	if err != nil {
		return nil, err
	}
	ids := admin.PathIDs(n.Path)
	args := []any{string(admin.Embedded)}
	for _, id := range ids {
		args = append(args, id)
	}
	units, err := queryList(ctx, db, "entity.unit", scanUnit, `SELECT `+unitCols+` FROM units u JOIN nodes n ON n.id = u.node_id
		WHERE u.kind = ? AND u.retired_at IS NULL AND u.node_id IN (`+marks(len(ids))+`) ORDER BY n.path, u.name`, args...)
	if err != nil {
		return nil, err
	}
	type given struct {
		unit   int64
		points int
		note   string
	}
	rows, err := db.query(ctx, `SELECT unit_id, points, note FROM community_ratings WHERE month = ? AND node_id = ?`, int(m), n.ID)
	ratings, err := collect(rows, err, "entity.rating", func(s rowScanner) (given, error) {
		var g given
		return g, s.Scan(&g.unit, &g.points, &g.note)
	})
	if err != nil {
		return nil, err
	}
	out := make([]RatingUnit, len(units))
	for i, u := range units {
		out[i] = RatingUnit{Unit: u}
		for _, g := range ratings {
			if g.unit == u.ID {
				out[i].Points, out[i].Rated, out[i].Note = g.points, true, g.note
			}
		}
	}
	return out, nil
}

// RatingInput is one unit's rating as a community's staff give it; Points nil leaves the
// unit unrated (a rating given before is taken back).
type RatingInput struct {
	UnitID int64
	Points *int
	Note   string
}

// RateUnits saves a community's ratings of a month, all or none. Only the community's
// own staff (or the system) rate, and only for the month just ended or the one running.
func (db *DB) RateUnits(ctx context.Context, p *account.Principal, communityID int64, m Month, in []RatingInput) error {
	if !p.Can(account.AssessmentManage) {
		return errs.ForbiddenErr()
	}
	n, err := db.ratingCommunity(ctx, p, communityID)
	if err != nil {
		return err
	}
	if p.ScopePath != n.Path && !p.System { // the system: the demo's and imports' ratings
		return errs.E(errs.Forbidden, "err.rating_own_community")
	}
	now := MonthOf(db.clock.Now())
	if m != now && m != now.Previous() {
		return errs.FieldInvalid("month", "err.rating_month")
	}
	rateable, err := db.CommunityRatings(ctx, p, communityID, m)
	if err != nil {
		return err
	}
	known := map[int64]bool{}
	for _, r := range rateable {
		known[r.Unit.ID] = true
	}
	var v errs.Validation
	for i, r := range in {
		field := fmt.Sprintf("ratings.%d.", i)
		v.Check(known[r.UnitID], field+"unit_id", "err.rating_unit")
		if r.Points != nil {
			v.Check(*r.Points >= 0 && *r.Points <= MaxRatingPoints, field+"points", "err.rating_points", MaxRatingPoints)
		}
		v.MaxLen(field+"note", strings.TrimSpace(r.Note), MaxRatingNote)
	}
	if err := v.Err(); err != nil {
		return err
	}
	return db.write(ctx, p, func(tx *Tx) error {
		at := ms(tx.now)
		given := map[string]any{}
		for _, r := range in {
			if _, err := tx.exec(`DELETE FROM community_ratings WHERE month = ? AND node_id = ? AND unit_id = ?`, int(m), n.ID, r.UnitID); err != nil {
				return mapErr(err, "entity.rating")
			}
			if r.Points == nil {
				continue
			}
			if _, err := tx.exec(`INSERT INTO community_ratings (month, node_id, unit_id, points, note, rated_by, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, int(m), n.ID, r.UnitID, *r.Points, strings.TrimSpace(r.Note), nullID(p.UserID), at, at); err != nil {
				return mapErr(err, "entity.rating")
			}
			given[fmt.Sprint(r.UnitID)] = *r.Points
		}
		return tx.audit(Record{Action: "assessment.rate", Entity: "node", EntityID: n.ID, NodePath: n.Path,
			Detail: map[string]any{"month": m.String(), "points": given}})
	})
}

// UnitRatings is each unit's community rating of a month from the communities within
// the area at path: the points summed (Num) over the ratings given (Den), as a share
// (85 points is 85 %).
func (db *DB) UnitRatings(ctx context.Context, path string, m Month) (map[int64]indicators.Value, error) {
	lo, hi := admin.SubtreeRange(path)
	rows, err := db.query(ctx, `SELECT r.unit_id, SUM(r.points), COUNT(*) FROM community_ratings r JOIN nodes n ON n.id = r.node_id
		WHERE r.month = ? AND n.path >= ? AND n.path < ? GROUP BY r.unit_id`, int(m), lo, hi)
	type sum struct{ unit, points, n int64 }
	sums, err := collect(rows, err, "entity.rating", func(s rowScanner) (sum, error) {
		var x sum
		return x, s.Scan(&x.unit, &x.points, &x.n)
	})
	if err != nil {
		return nil, err
	}
	out := map[int64]indicators.Value{}
	rating := &indicators.Definition{Formula: indicators.Formula{Numerator: []indicators.Fact{"points"}, Denominator: []indicators.Fact{"ratings"}},
		Unit: indicators.Count}
	for _, x := range sums {
		v := rating.Value(indicators.Counts{"points": x.points, "ratings": x.n}) // hundredths of a point: 85.50 points is 8550
		out[x.unit] = v
	}
	return out, nil
}

// marks is n placeholders joined by commas.
func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }
