package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
)

// LinkCaseOnPatrol runs what case intake runs for a report with source patrol: find the
// reporter's open patrol and link the case to it. It returns the patrol's id, or 0.
func (db *DB) LinkCaseOnPatrol(ctx context.Context, p *account.Principal, caseID int64) (int64, error) {
	var pid int64
	err := db.write(ctx, p, func(tx *Tx) error {
		var err error
		if pid, err = tx.openPatrolOf(p.UserID); err != nil || pid == 0 {
			return err
		}
		return tx.linkCaseToPatrol(caseID, pid)
	})
	return pid, err
}
