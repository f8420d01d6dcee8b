package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
)

// ResolveUnitInTxForTest runs the transaction variant of ResolveUnit the case core uses.
func (db *DB) ResolveUnitInTxForTest(ctx context.Context, categoryID int64, nodePath string, facilityID int64) (int64, string, error) {
	var unit int64
	var reason string
	err := db.write(ctx, account.SystemPrincipal("test"), func(tx *Tx) error {
		var err error
		unit, reason, err = tx.resolveUnit(categoryID, nodePath, facilityID)
		return err
	})
	return unit, reason, err
}
