package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
)

// LinkAttachmentsForTest runs linkAttachments in a transaction of its own, as the case
// core runs it inside the transaction that saves a case or case event.
func (db *DB) LinkAttachmentsForTest(ctx context.Context, p *account.Principal, caseID, eventID int64, nodePath string, ids []int64, claims []string) error {
	return db.write(ctx, p, func(tx *Tx) error { return tx.linkAttachments(caseID, eventID, nodePath, ids, claims) })
}
