package store

import (
	"context"

	"github.com/shequ-dev/shequ/internal/account"
	"github.com/shequ-dev/shequ/internal/cases"
)

// CasePhoto is a photo attached to a case: with the report (EventID of the report's
// timeline entry) or with a later step.
type CasePhoto struct {
	ID, EventID   int64
	Width, Height int
}

// CasePhotos lists the photos of c, oldest first. c is a case the caller was allowed to
// open (db.Case), and whoever may see a case may see its photos (AttachmentFor).
func (db *DB) CasePhotos(ctx context.Context, p *account.Principal, c *cases.Case) ([]CasePhoto, error) {
	return queryList(ctx, db, "entity.attachment", func(s rowScanner) (CasePhoto, error) {
		var ph CasePhoto
		err := s.Scan(&ph.ID, &ph.EventID, &ph.Width, &ph.Height)
		return ph, err
	}, `SELECT id, COALESCE(event_id, 0), width, height FROM attachments WHERE case_id = ? ORDER BY id`, c.ID)
}
