package store

import (
	"context"
	"strings"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
	"github.com/shequ-dev/shequ/internal/errs"
)

// RateByReporter records the reporter's rating of a closed case (回访 / 评价) from the
// public tracking page. The reporter proves the case is theirs as CaseByTicket asks:
// the ticket with the key handed out at intake, or, signed in, as the case's own
// reporter. Reporters hold no case permissions, so the step is taken by the system on
// their behalf; everything else follows as for any step (the timeline, the timers, a
// reopening when dissatisfied, the audit record). A case not closed, or already rated,
// is refused with a conflict that says which.
func (db *DB) RateByReporter(ctx context.Context, ticket, key string, p *account.Principal, rating cases.Rating, comment string) (*cases.Case, error) {
	s := cases.Step{Action: cases.ActRate, Rating: rating, Note: strings.TrimSpace(comment)}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	found, err := db.CaseByTicket(ctx, p, ticket, key)
	if err != nil {
		return nil, err
	}
	if p == nil {
		p = &account.Principal{}
	}
	var out *cases.Case
	err = db.write(ctx, p, func(tx *Tx) error {
		c, err := tx.lockCase(found.ID)
		if err != nil {
			return err
		}
		switch {
		case c.RatedAt != nil || c.Status == cases.Rated:
			return errs.E(errs.Conflict, "err.case_rated_already")
		case c.Status != cases.Closed:
			return errs.E(errs.Conflict, "err.case_not_closed")
		}
		if err := tx.asSystem("reporter").step(c, s); err != nil {
			return err
		}
		out = c
		return nil
	})
	return out, err
}
