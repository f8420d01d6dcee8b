package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
	"github.com/shequ-dev/shequ/internal/geo"
)

// Alike is an open case a report being written may repeat, with what the caller may be
// told of it.
type Alike struct {
	Case     *cases.Case
	Distance float64 // metres from the draft's point
	// Open is set when the caller may open the case itself (cases.Sees): staff whose
	// reach holds it, or the unit handling it.
	Open bool
	// Mine is set when the caller reported it, signed in under their own name.
	Mine bool
}

// CasesLikeDraft are the open cases near a report being written, in its category and
// with alike descriptions, most alike first, at most cases.MaxSuggestions: the same
// duplicate check intake and review run (nearbyOpen), offered before the report is
// sent. Anyone may ask, so it leaves out what the caller has no business knowing: a
// case of a private matter (私事) raised nearby is shown only to those who may open it
// or who reported it.
func (db *DB) CasesLikeDraft(ctx context.Context, p *account.Principal, d cases.Draft) ([]Alike, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	tree, err := db.Categories(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := tree.Choosable(d.CategoryID, "category_id"); err != nil {
		return nil, errs.FieldInvalid("category_id", "err.case_category")
	}
	if d.Location == nil {
		return nil, nil // a door plate without a point: nothing to measure from
	}
	// More than are shown: some may be left out below.
	found, err := nearbyOpen(func(q string, args ...any) ([]*cases.Case, error) {
		return queryList(ctx, db, "entity.case", scanCase, q, args...)
	}, &cases.Case{CategoryID: d.CategoryID, Description: d.Description, Location: d.Location},
		db.policy.DuplicateRadius, 4*cases.MaxSuggestions)
	if err != nil {
		return nil, err
	}
	var out []Alike
	for _, c := range found {
		a := Alike{Case: c, Distance: geo.Distance(*d.Location, *c.Location), Open: cases.Sees(p, c),
			Mine: p != nil && p.UserID != 0 && c.ReporterUserID == p.UserID}
		if c.Triage == cases.Private && !a.Open && !a.Mine {
			continue
		}
		out = append(out, a)
		if len(out) == cases.MaxSuggestions {
			break
		}
	}
	return out, nil
}

// DuplicateRadius is how far apart, in metres, two reports of one category may be and
// still be suggested as one problem.
func (db *DB) DuplicateRadius() float64 { return db.policy.DuplicateRadius }
