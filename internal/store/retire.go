package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/errs"
)

// checkRetire refuses retiring what is retired and restoring what is not, and restoring
// a record into a grid that is itself retired.
func (db *DB) checkRetire(ctx context.Context, isRetired, retire bool, nodeID int64) error {
	switch {
	case retire && isRetired:
		return errs.E(errs.Conflict, "err.record_retired")
	case !retire && !isRetired:
		return errs.E(errs.Conflict, "err.record_not_retired")
	case !retire:
		n, err := db.nodeByID(ctx, nodeID)
		if err != nil {
			return err
		}
		if n.IsRetired() {
			return errs.E(errs.Conflict, "err.node_parent_retired")
		}
	}
	return nil
}

// setRetired sets or clears retired_at of a register row at the given version.
func (t *Tx) setRetired(table string, id int64, version int, retire bool) error {
	var at any
	if retire {
		at = ms(t.now)
	}
	return expectOne(t.exec(`UPDATE `+table+` SET retired_at = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		at, ms(t.now), id, version))
}

// retireAction is the verb of a retire or restore audit action.
func retireAction(retire bool) string {
	if retire {
		return "retire"
	}
	return "restore"
}

// retireReleasingKey retires a register row at the given version and clears its natural
// key, so that the same record may be entered again (a dissolved household, a withdrawn
// residence, a cancelled rental).
func (t *Tx) retireReleasingKey(table string, id int64, version int) error {
	return expectOne(t.exec(`UPDATE `+table+` SET retired_at = ?, nkey = NULL, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?`,
		ms(t.now), ms(t.now), id, version))
}
